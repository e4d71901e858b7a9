"""What the story reader makes of a set of stories, without any model: the cast, and per scene the
place, time, weather and who is in it, as the director would settle them; then totals for the
place words grounded exactly, by meaning and not at all, and the parser's time per story.

    .venv/bin/python bench/story_reading.py                              # ../shared/eval/stories-dev.json
    .venv/bin/python bench/story_reading.py bench/stories/own-stories.json --scenes 6 --quiet
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_STORIES = REPO.parent / "shared" / "eval" / "stories-dev.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stories", nargs="?", type=Path, default=DEFAULT_STORIES)
    parser.add_argument("--scenes", type=int, default=6)
    parser.add_argument("--quiet", action="store_true", help="totals only")
    args = parser.parse_args()

    from animdirector.tools.story import read_story
    from animdirector.tools.story.parser import english
    from animdirector.tools.story.scene_breaks import scene_breaks
    from animdirector.tools.story.scenes import read_scene, settle_place, settle_time
    from animdirector.tools.story_text import chunk_story

    data = json.loads(args.stories.read_text())
    stories = data["stories"] if isinstance(data, dict) else data
    english()
    totals = {"exact": 0, "meaning": 0, "fallback": 0}
    secs: list[float] = []
    scenes = told = 0
    for s in stories:
        started = time.perf_counter()
        facts = read_story(s["story"])
        secs.append(time.perf_counter() - started)
        kinds = {n: c.kind for n, c in facts.cast.items()}
        if not args.quiet:
            print(f"\n== {s['id']}: " + ", ".join(f"{n} ({c.kind or '?'}{', ' + c.sex if c.sex else ''})" for n, c in facts.cast.items()))
        before = None
        for i, part in enumerate(chunk_story(s["story"], args.scenes, scene_breaks(s["story"], facts)), start=1):
            r = read_scene(facts, part)
            place, why = settle_place(r, "meadow", before[0] if before else None, kinds)
            when = settle_time(r, "noon", before[1] if before else None)
            before = (place, when)
            scenes += 1
            told += r.place is not None or r.outdoors is not None
            if not args.quiet:
                print(f"  {i}. {place:<11} {when:<7} {', '.join(r.present) or '-':<22} ({why}) | {part[:90]}")
        for sf in facts.sentences:
            for p in sf.places:
                totals[p.grounding.how] += 1
        if not args.quiet and facts.substitutions:
            print("  substitutions: " + "; ".join(g.note() for g in facts.substitutions))
    n = sum(totals.values()) or 1
    print(f"\n{len(stories)} stories, {scenes} scenes; scenes whose text says where: {told} ({100 * told / max(scenes, 1):.0f}%)")
    print(f"place words: {totals['exact']} library words, {totals['meaning']} grounded by meaning "
          f"({100 * (totals['exact'] + totals['meaning']) / n:.0f}% grounded to a library place)")
    print(f"reading time per story: mean {sum(secs) / len(secs):.2f} s, max {max(secs):.2f} s (first includes loading MiniLM)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
