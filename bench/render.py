"""Renderer speed on one core: frames per second for a 3-character 768x432 scene, and peak memory.

    .venv/bin/python bench/render.py            # static walk scene, a pan, a zoom; render-only and with H.264
    .venv/bin/python bench/render.py --seconds 4 --fps 24

Cold = first clip (plates and sprites drawn); warm = the same clip again (caches hot).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

from animdirector.tools.render import (  # noqa: E402
    Layout, Motion, Placement, Setting, Shot, design_from_text, prop_from_text, render_clip,
)
from animdirector.tools.render.api import Animator, compose_frame  # noqa: E402
from animdirector.tools.render.compose import Compositor, Stage, framing_view  # noqa: E402


def scene(camera: str, seconds: float, fps: int):
    chars = {
        "Tim": design_from_text("Tim", "boy", "red shirt, blue shorts, curly brown hair"),
        "Gran": design_from_text("Gran", "grandma", "lilac dress, silver bun, glasses"),
        "Rex": design_from_text("Rex", "puppy", "golden fur"),
    }
    layout = Layout(setting=Setting(place="park", time_of_day="sunset", weather="clear"), placements=[
        Placement(character="Tim", x=0.15, y=0.86, facing="right"),
        Placement(character="Gran", x=0.62, y=0.8, depth=0.25, facing="left", holding=prop_from_text("a red umbrella")),
        Placement(character="Rex", x=0.85, y=0.9, facing="left"),
        Placement(prop=prop_from_text("big blue ball"), x=0.4, y=0.92),
    ])
    shot = Shot(framing="wide", camera=camera, duration_s=seconds, fps=fps)
    motions = [
        Motion(name="walk", who="Tim", to_x=0.5, start_s=0.0, end_s=seconds * 0.8),
        Motion(name="run", who="Rex", to_x=0.6, start_s=0.5, end_s=seconds * 0.6),
        Motion(name="wave", who="Gran", start_s=0.0, end_s=seconds),
    ]
    return chars, layout, shot, motions


def render_only(chars, layout, shot, motions) -> float:
    """Frames per second of composing alone (no encoding)."""
    stage = Stage.build(layout, chars, "storybook", (768, 432), 0)
    anim = Animator(stage, motions, None, None, shot.duration_s)
    comp = Compositor(stage, shot)
    states0 = anim.states(0.0)
    base = framing_view(stage, shot, states0)
    plate = comp.plate_for(base.z)
    n = int(shot.duration_s * shot.fps)
    start = time.perf_counter()
    for i in range(n):
        t = i / shot.fps
        states = anim.states(t)
        compose_frame(comp, shot, base, plate, states, t)
    return n / (time.perf_counter() - start)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--fps", type=int, default=24)
    args = ap.parse_args()
    print(f"one core (affinity {sorted(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'}), "
          f"768x432, 3 characters + 1 prop, {args.seconds:g} s at {args.fps} fps")
    with tempfile.TemporaryDirectory() as tmp:
        for camera in ("static", "pan-right", "zoom-in"):
            chars, layout, shot, motions = scene(camera, args.seconds, args.fps)
            n = int(args.seconds * args.fps)
            t0 = time.perf_counter()
            render_clip(layout, shot, motions, characters=chars, out_path=Path(tmp) / f"{camera}.mp4")
            cold = time.perf_counter() - t0
            t0 = time.perf_counter()
            render_clip(layout, shot, motions, characters=chars, out_path=Path(tmp) / f"{camera}2.mp4")
            warm = time.perf_counter() - t0
            fps_render = render_only(chars, layout, shot, motions)
            print(f"  {camera:10s} clip+H.264 cold {cold:5.2f} s ({n / cold:5.1f} fps)  warm {warm:5.2f} s "
                  f"({n / warm:5.1f} fps)  compose only (warm) {fps_render:6.1f} fps")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
