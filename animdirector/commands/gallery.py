"""`animdirector gallery`: contact sheets of every kind, prop, setting, pose and expression."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

EPILOG = """examples:
  animdirector gallery                          # all sheets into ./gallery
  animdirector gallery --out /tmp/g --style night-pastel
  animdirector gallery --only kinds,props       # just two sheets

Sheets: kinds, people (default looks at scene size), props, settings, weather (time of
day x weather), poses, expressions, styles.
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "gallery", help="render contact sheets of the renderer's library", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Render PNG contact sheets of every character kind, prop, setting, pose and expression.",
    )
    p.add_argument("--out", default="gallery", metavar="DIR", help="output folder (default: ./gallery)")
    p.add_argument("--style", default="storybook", help="style preset (storybook, night-pastel, bold)")
    p.add_argument("--seed", type=int, default=0, help="seed for the filled-in looks (default 0)")
    p.add_argument("--only", metavar="LIST", help="comma-separated sheet names")
    p.set_defaults(func=gallery)


def gallery(args: argparse.Namespace) -> int:
    from animdirector.tools.render import STYLE_PRESETS
    from animdirector.tools.render.gallery import SHEETS, contact_sheets

    console = Console()
    if args.style not in STYLE_PRESETS:
        console.print(f"[red]--style {args.style!r} is not one of {', '.join(STYLE_PRESETS)}[/]")
        return 2
    only = [s.strip() for s in args.only.split(",") if s.strip()] if args.only else None
    if only and any(s not in SHEETS for s in only):
        console.print(f"[red]--only {args.only!r}: choose from {', '.join(SHEETS)}[/]")
        return 2
    with console.status("rendering contact sheets..."):
        paths = contact_sheets(Path(args.out), style=args.style, seed=args.seed, only=only)
    for path in paths:
        console.print(f"wrote {path}")
    return 0
