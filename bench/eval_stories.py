"""Run the production on a set of stories and print how it did.

    .venv/bin/python bench/eval_stories.py                       # ../shared/eval/stories-dev.json, all 25
    .venv/bin/python bench/eval_stories.py --limit 3 --scenes 6 --model qwen2.5-0.5b
    .venv/bin/python bench/eval_stories.py my-stories.json --threads 2
    .venv/bin/python bench/eval_stories.py --threads 1 --part 1/2 & .venv/bin/python bench/eval_stories.py --threads 1 --part 2/2

The story file is JSON: {"stories": [{"id": ..., "story": "..."}, ...]} (or a bare list).
Prints one row per story, the totals against the targets, and where the time went: by
stage, and by agent (model calls, tokens in and out, prompt tokens served from the KV
cache, seconds), with the fraction of wall time the LLM was busy.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from animdirector.batch import story_seed  # a story's seed from its id: the one rule `animdirector batch` uses too

REPO = Path(__file__).resolve().parent.parent
DEFAULT_STORIES = REPO.parent / "shared" / "eval" / "stories-dev.json"
# Which role asked for which schema (the embedded client records the schema of each call).
AGENT_OF_SCHEMA = {
    "CastNotes": "writer", "Looks": "screenwriter", "SceneDraft": "screenwriter",
    "Staging": "art_director", "ShotPlan": "cinematographer", "Kind": "director",
}


def load_stories(path: Path) -> list[dict]:
    data = json.loads(path.read_text())
    stories = data["stories"] if isinstance(data, dict) else data
    return [{"id": s.get("id", i), "story": s["story"] if isinstance(s, dict) else s} for i, s in enumerate(stories)]


def grounded(story: str) -> tuple[int, int]:
    """(grounded, all) of the story's place words and character kinds: a place word drawn as a
    library place by name or meaning (not a fallback), a character whose kind the text tells."""
    from animdirector.tools.story import read_story

    facts = read_story(story)
    places = [p.grounding for s in facts.sentences for p in s.places]
    kinds = [c.kind for c in facts.cast.values()]
    return (sum(g.how != "fallback" for g in places) + sum(k is not None for k in kinds), len(places) + len(kinds))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stories", nargs="?", type=Path, default=DEFAULT_STORIES)
    parser.add_argument("--limit", type=int, default=0, help="only the first N stories")
    parser.add_argument("--part", default="1/1", metavar="K/N",
                        help="every N-th story from the K-th: run 1/2 and 2/2 side by side with --threads 1 on 2 cores")
    parser.add_argument("--scenes", type=int, default=6)
    parser.add_argument("--model", default="qwen2.5-coder-1.5b", help="embedded model (qwen2.5-coder-1.5b | qwen2.5-0.5b)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--render-ahead", action=argparse.BooleanOptionalAction, default=True,
                        help="start each next scene's chat while the clip renders (config 'render_ahead'); "
                             "--no-render-ahead makes one scene at a time")
    parser.add_argument("--size", default="768x432",
                        help="frame size, WxH (16:9 or square, even); the default is a scenario's, which the critic is calibrated on")
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per scene")
    parser.add_argument("--critic-checkpoint", help="use this open_clip checkpoint of the bundled architecture")
    args = parser.parse_args()
    try:
        k, n_parts = (int(x) for x in args.part.split("/"))
    except ValueError:
        parser.error(f"--part {args.part}: expected K/N, e.g. 1/2")
    if not 1 <= k <= n_parts:
        parser.error(f"--part {args.part}: K must be between 1 and N")

    os.environ.setdefault("ANIMDIRECTOR_HOME", tempfile.mkdtemp(prefix="animdirector-bench-"))
    from animdirector.agents.llm import make_model_client
    from animdirector.config import Config, Scenario
    from animdirector.memory.store import RunStore
    from animdirector.production import run_scenario, scene_substitutions
    from animdirector.tools import render
    from animdirector.tools.story import read_story

    overrides: dict = {"threads": args.threads, "render_ahead": args.render_ahead, "llm": {"embedded": {"model": args.model}}}
    if args.critic_checkpoint:
        from animdirector.tools.critic import BUNDLED_ARCH

        overrides["critic"] = {"backend": "open_clip", "open_clip": {"architecture": BUNDLED_ARCH, "checkpoint": args.critic_checkpoint}}
    config = Config(**overrides)
    client = make_model_client(config)  # loaded once for every story
    store = RunStore.at_home(config.home())
    stories = load_stories(args.stories)[: args.limit or None]
    stories = stories[k - 1 :: n_parts]
    w, h = (int(x) for x in args.size.lower().split("x"))
    props = set(render.known_props())

    rows, stage_seconds, agent = [], defaultdict(float), defaultdict(lambda: defaultdict(float))
    wall_total = llm_busy = 0.0
    print(f"{'story':>6} {'film':>4} {'script':>6} {'names':>7} {'obj-as-char':>11} {'manifest':>8} {'unres':>5} {'align':>5} "
          f"{'rounds':>6} {'facts':>7} {'grounded':>8} {'subs':>4} {'sky':>3} {'secs':>6}")
    for s in stories:
        scenario = Scenario(title=f"Story {s['id']}", narrative=s["story"], scenes=args.scenes, size=(w, h),
                            fps=12, seconds_per_scene=args.seconds, seed=story_seed(s["id"]))
        calls_before = len(getattr(client, "stats", []))
        started = time.perf_counter()
        row = {"id": s["id"], "film": False, "script": False, "names": (0, 0), "obj": 0, "manifest": (0, 0),
               "unresolved": (0, 0), "align": [], "rounds": [], "facts": (0, 0), "grounded": grounded(s["story"]),
               "subs": 0, "sky": 0}
        try:
            result = run_scenario(config, scenario, None, client=client)
            row["film"] = bool(result.film and result.film.exists())
            from animdirector.memory.script import Script

            script = Script.model_validate_json((result.out_dir / "script.json").read_text())
            row["script"] = True
            bible = json.loads((result.out_dir / "bible.json").read_text())
            cast = {n.lower() for n in bible["characters"]}
            named = [n for n, c in read_story(s["story"]).cast.items() if c.named]
            row["names"] = (sum(n.lower() in cast for n in named), len(named))
            row["obj"] = sum(n.lower() in props for n in cast)
            complete = 0
            for rec in store.scenes(result.run_id, result.version):
                res = rec.result or {}
                if not res:
                    continue
                drawn = {e["name"] for e in json.loads(Path(res["manifest"]).read_text())["entities"]}
                spec = script.scene(rec.index)
                complete += set(spec.characters) | set(spec.props) <= drawn
                row["align"].append(res["scores"].get("alignment", 0.0))
                row["rounds"].append(res["rounds"])
                row["unresolved"] = (row["unresolved"][0] + (not res["resolved"]), row["unresolved"][1] + 1)
                facts = res.get("facts", [])
                row["facts"] = (row["facts"][0] + sum(f["passed"] for f in facts), row["facts"][1] + len(facts))
                row["sky"] += sum(f["kind"] == "ground" and not f["passed"] for f in facts)
                row["subs"] += len(scene_substitutions(s["story"], spec.source, res["manifest"]))
            row["manifest"] = (complete, len(script.scenes))
            for stage, secs in result.seconds.items():
                if not stage.startswith("scene "):  # "scenes" is their wall time (they may overlap)
                    stage_seconds[stage] += secs
        except Exception as exc:  # a bench reports failures, it does not stop at them
            print(f"story {s['id']}: {type(exc).__name__}: {exc}", file=sys.stderr)
        row["secs"] = time.perf_counter() - started
        wall_total += row["secs"]
        for st in getattr(client, "stats", [])[calls_before:]:
            a = agent[AGENT_OF_SCHEMA.get(st.json_schema or "", "other")]
            a["calls"] += 1
            a["in"] += st.prompt_tokens
            a["cached"] += st.cached_prompt_tokens
            a["out"] += st.completion_tokens
            a["secs"] += st.seconds
            llm_busy += st.seconds
        rows.append(row)
        mean = lambda xs: sum(xs) / len(xs) if xs else 0.0
        print(f"{row['id']:>6} {'yes' if row['film'] else 'NO':>4} {'ok' if row['script'] else 'NO':>6} "
              f"{row['names'][0]:>3}/{row['names'][1]:<3} {row['obj']:>11} {row['manifest'][0]:>3}/{row['manifest'][1]:<4} "
              f"{row['unresolved'][0]:>5} {mean(row['align']):>5.2f} {mean(row['rounds']):>6.2f} "
              f"{row['facts'][0]:>3}/{row['facts'][1]:<3} {row['grounded'][0]:>3}/{row['grounded'][1]:<4} {row['subs']:>4} "
              f"{row['sky']:>3} {row['secs']:>6.0f}", flush=True)

    n = len(rows) or 1
    pct = lambda a, b: 100.0 * a / b if b else 100.0
    names = [sum(r["names"][i] for r in rows) for i in (0, 1)]
    manifest = [sum(r["manifest"][i] for r in rows) for i in (0, 1)]
    unres = [sum(r["unresolved"][i] for r in rows) for i in (0, 1)]
    facts = [sum(r["facts"][i] for r in rows) for i in (0, 1)]
    ground = [sum(r["grounded"][i] for r in rows) for i in (0, 1)]
    aligns = [a for r in rows for a in r["align"]]
    rounds = [x for r in rows for x in r["rounds"]]
    print("\nmetric                                           value    target")
    print(f"runs that finish with a film                     {pct(sum(r['film'] for r in rows), n):6.1f}%   100%")
    print(f"scripts valid against the schema                 {pct(sum(r['script'] for r in rows), n):6.1f}%   100%")
    print(f"characters named in the story, in the script     {pct(*names):6.1f}%   >= 90%")
    print(f"objects listed as characters                     {sum(r['obj'] for r in rows):6d}     0")
    print(f"scenes with every named entity in the manifest   {pct(*manifest):6.1f}%   >= 95%")
    print(f"scenes unresolved at the round limit             {pct(*unres):6.1f}%   <= 10%")
    print(f"facts of the text shown on the final clips        {pct(*facts):6.1f}%   >= 95%  ({facts[0]}/{facts[1]})")
    print(f"place and kind words grounded to a library item  {pct(*ground):6.1f}%   >= 90%  ({ground[0]}/{ground[1]})")
    print(f"words drawn as something else (substitutions)    {sum(r['subs'] for r in rows):6d}")
    print(f"characters in the sky who do not fly             {sum(r['sky'] for r in rows):6d}     0")
    print(f"mean CLIP alignment                              {sum(aligns) / max(len(aligns), 1):6.3f}")
    print(f"mean consensus rounds per scene                  {sum(rounds) / max(len(rounds), 1):6.2f}")
    print(f"mean wall time per story ({args.scenes} scenes, {args.model})  {wall_total / n:6.0f} s   <= 600 s (1.5B)")
    print("\nstage            seconds (all stories)")
    for stage, secs in stage_seconds.items():
        print(f"{stage:<16} {secs:8.1f}")
    print("\nagent            calls  tokens in  (cached)  tokens out  seconds")
    for name, a in sorted(agent.items()):
        print(f"{name:<16} {int(a['calls']):5d}  {int(a['in']):9d}  {int(a['cached']):8d}  {int(a['out']):10d}  {a['secs']:7.1f}")
    print(f"\nLLM busy: {llm_busy:.0f} s of {wall_total:.0f} s wall ({pct(llm_busy, wall_total):.0f}%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
