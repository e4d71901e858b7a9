"""Listen to films the only way a machine can: transcribe their sound with Whisper and compare.

    .venv/bin/python bench/narration.py                      # make the default film, then measure it
    .venv/bin/python bench/narration.py RUN [RUN ...]         # measure films already made (latest version)
    .venv/bin/python bench/narration.py --show RUN            # also print the transcript beside the script

For each film it prints: the word error rate of Whisper's transcript against the spoken script
(target <= 15% on the default film), the share of the story's sentences spoken (target 100%),
the subtitle timing error (each cue's start against Whisper's time for its first word; target:
median <= 0.3 s), integrated loudness and true peak, and the seconds speech took in the run
against its wall time (target: at most 10% of a 6-scene film's).
"""

from __future__ import annotations

import argparse
import difflib
import json
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def measure(home: Path, run_id: str, show: bool, threads: int, run_s: float | None = None) -> dict:
    import pysubs2

    from animdirector.memory.store import RunStore
    from animdirector.tools.speech import loudness_lufs, normalise, transcribe, true_peak_dbfs, word_error_rate
    from animdirector.tools.speech.mix import film_sound
    from animdirector.tools.story.narration import SpokenLine, dropped
    from animdirector.tools.story_text import split_sentences

    store = RunStore.at_home(home)
    version = store.latest_version(run_id)
    folder = home / "runs" / run_id / f"v{version}"
    scenes = sorted(store.scenes(run_id, version), key=lambda s: s.index)
    lines = [tuple(line) for s in scenes for line in (s.result or {}).get("lines", [])]
    script = " ".join(text for _, text in lines)
    narrative = json.loads((folder / "scenario.json").read_text())["narrative"]
    samples, rate = film_sound(folder / "film.mp4")
    if samples is None:
        print(f"{run_id}: the film has no sound track", file=sys.stderr)
        return {}
    words = transcribe(samples, rate, threads=threads)
    heard = " ".join(w.word for w in words)
    # each cue's first word, found in what Whisper heard (in order), against its start time
    heard_words = [normalise(w.word) for w in words]
    errors = []
    cues = pysubs2.load(str(folder / "film.srt"))
    cue_words = [(ev.start / 1000, normalise(ev.plaintext).split()) for ev in cues]
    flat = [(start if i == 0 else None, w) for start, ws in cue_words for i, w in enumerate(ws)]
    matcher = difflib.SequenceMatcher(a=[w for _, w in flat], b=heard_words, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            start, _ = flat[block.a + k]
            if start is not None:
                errors.append(abs(start - words[block.b + k].start_s))
    # the sentences each speaker says, as the spoken lines tell
    missing = dropped([SpokenLine(s, t) for s, t in lines], split_sentences(narrative))
    sentences = len(split_sentences(narrative))
    speak_s = sum(c.duration_s or 0 for c in store.tool_calls(run_id, version) if c.name == "speak")
    out = {
        "run": run_id, "wer": word_error_rate(script, heard), "spoken": (sentences - len(missing)) / max(1, sentences),
        "cue_error_median": statistics.median(errors) if errors else None, "cues_matched": len(errors),
        "cues": len(cues), "lufs": loudness_lufs(samples, rate), "peak": true_peak_dbfs(samples),
        "speak_s": speak_s, "run_s": run_s, "missing": missing,
    }
    if show:
        print(f"\n--- {run_id}: the script ---\n{script}\n--- what Whisper heard ---\n{heard}\n")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="*", help="run ids (default: make the default film first)")
    parser.add_argument("--show", action="store_true", help="print each transcript beside its script")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    from animdirector.config import Config, load_scenario
    from animdirector.production import run_scenario

    config = Config(threads=args.threads)
    home = config.home()
    runs, run_s = list(args.runs), None
    if not runs:
        scenario_path = REPO / "scenarios" / "lost-kite.yaml"
        result = run_scenario(config, load_scenario(scenario_path), scenario_path)
        run_s = result.seconds.get("total")
        print(f"made {result.run_id}: {run_s:.0f} s")
        runs = [result.run_id]
    print(f"{'run':<36} {'WER':>5} {'spoken':>6} {'cue err':>7} {'cues':>9} {'LUFS':>6} {'peak':>6} {'speak s':>7}")
    for run_id in runs:
        m = measure(home, run_id, args.show, args.threads, run_s)
        if not m:
            continue
        err = f"{m['cue_error_median']:.2f}s" if m["cue_error_median"] is not None else "-"
        print(f"{m['run']:<36} {m['wer']:>5.1%} {m['spoken']:>6.0%} {err:>7} {m['cues_matched']:>4}/{m['cues']:<4} "
              f"{m['lufs']:>6.1f} {m['peak']:>6.1f} {m['speak_s']:>7.1f}"
              + (f"  ({m['speak_s'] / m['run_s']:.1%} of the run's {m['run_s']:.0f} s)" if m["run_s"] else ""))
        for sentence in m["missing"]:
            print(f"    not spoken: {sentence}")
    print("\ntargets: WER <= 15% (default film), spoken 100%, cue error median <= 0.3 s, -16 LUFS, peak < -1 dBFS")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
