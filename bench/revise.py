"""How much a revision costs: a full run, then "make <name>'s <garment> green" (the top or dress
their look names, so the change shows), then a request that changes nothing.

    .venv/bin/python bench/revise.py                         # scenarios/lost-kite.yaml, 6 scenes, the 1.5B model
    .venv/bin/python bench/revise.py --model qwen2.5-0.5b --scenes 4

Prints which reference sheets and scenes each request made again, which scenes name the
character (what should be made again), and the time of each request against the full run.
Targets: exactly the character's sheet and scenes; <= 30% of the full run's time for a character
in 5 of 6 scenes; nothing for a request that changes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", type=Path, default=REPO / "scenarios" / "lost-kite.yaml")
    parser.add_argument("--scenes", type=int, default=6)
    parser.add_argument("--model", default="qwen2.5-coder-1.5b")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--character", help="whose clothes to change (default: the one in the most scenes)")
    args = parser.parse_args()

    os.environ.setdefault("ANIMDIRECTOR_HOME", tempfile.mkdtemp(prefix="animdirector-bench-"))
    from animdirector.agents.llm import make_model_client
    from animdirector.config import Config, load_scenario
    from animdirector.production import chat_turn, run_scenario

    config = Config(threads=args.threads, llm={"embedded": {"model": args.model}})
    scenario = load_scenario(args.scenario).model_copy(update={"scenes": args.scenes})
    client = make_model_client(config, seed=scenario.seed)

    t0 = time.perf_counter()
    first = run_scenario(config, scenario, args.scenario, client=client)
    full = time.perf_counter() - t0
    script = json.loads((first.out_dir / "script.json").read_text())
    counts: dict[str, list[int]] = {}
    for s in script["scenes"]:
        for name in s["characters"]:
            counts.setdefault(name, []).append(s["index"])
    name = args.character or max(counts, key=lambda n: len(counts[n]))
    print(f"full run: {full:.0f} s, {len(script['scenes'])} scenes, status {first.status}")
    print(f"scenes with {name}: {counts.get(name, [])}")

    from animdirector.memory.edits import PARTS

    look = json.loads((first.out_dir / "bible.json").read_text())["characters"][name]["look"].lower()
    worn = [w for w in look.replace(",", " ").split() if w in PARTS["top"] | PARTS["bottom"]]
    garment = next((w for w in worn if w == "dress"), worn[0] if worn else "shirt")  # a dress is drawn over a shirt
    colour = "blue" if f"green {garment}" in look else "green"
    look_request = f"make {name}'s {garment} {colour}"
    for request in (look_request, "that's lovely, thank you"):
        t0 = time.perf_counter()
        turn = chat_turn(config, first.run_id, request, yes=True, client=client)
        secs = time.perf_counter() - t0
        r = turn.result
        print(f"\nrequest: {request!r}")
        print(f"  director: {turn.reply}")
        if r is None:
            print(f"  no new version; made again: nothing; {secs:.0f} s")
            continue
        print(f"  version {r.version}: sheets made again {r.sheets_made}, scenes made again {r.scenes_made}, "
              f"kept {r.scenes_reused}")
        print(f"  {secs:.0f} s = {100 * secs / full:.0f}% of the full run (target <= 30%)")
        if request == look_request:
            exact = r.sheets_made == [name] and r.scenes_made == counts.get(name, [])
            print(f"  exactly the sheet and the scenes of {name}: {'yes' if exact else 'NO'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
