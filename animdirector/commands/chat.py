"""`animdirector chat RUN`: talk to the director; accepted edits make a new version of the film."""

from __future__ import annotations

import argparse
import sys

from rich.console import Console

from animdirector.config import load_config

EPILOG = """examples:
  animdirector chat mia-and-the-lost-kite-3f9a
  animdirector chat mia-and-the-lost-kite-3f9a --message "make Mia's dress green"
  animdirector chat mia-and-the-lost-kite-3f9a --message "Rex should sound deeper"
  animdirector chat mia-and-the-lost-kite-3f9a --message "remove scene 2" --yes
  animdirector chat mia-and-the-lost-kite-3f9a --message "go back to version 1" --yes

In the conversation: an empty line sends a multi-line message ending with a line '.',
Ctrl-D or 'quit' ends it; Ctrl-C while a version is being made stops it (resume with
animdirector run ... --resume RUN).
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "chat", help="revise a film by talking to the director", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Ask for changes; only the scenes they affect are made again, as a new version.",
    )
    p.add_argument("run", help="the run id (see `animdirector runs`)")
    p.add_argument("-m", "--message", help="one request, without a conversation")
    p.add_argument("-y", "--yes", action="store_true", help="do destructive edits (remove, revert, restyle) without asking")
    p.set_defaults(func=chat)


def _read_request(console: Console) -> str | None:
    try:
        first = console.input("[bold cyan]you>[/] ")
    except EOFError:
        return None
    if first.strip() in ("quit", "exit"):
        return None
    if first.strip() != "":
        return first
    lines = []  # multi-line: until a line with a single '.'
    while True:
        try:
            line = console.input("... ")
        except EOFError:
            break
        if line.strip() == ".":
            break
        lines.append(line)
    return "\n".join(lines)


def _say(console: Console, turn) -> None:
    console.print(f"[bold magenta]director>[/] {turn.reply}")
    if turn.result:
        r = turn.result
        def scenes(numbers: list[int]) -> str:
            return ", ".join(map(str, numbers)) or "none"

        kept = [n for n in r.scenes_reused if n not in r.scenes_new_sound]
        sound = f"; new sound only: {scenes(r.scenes_new_sound)}" if r.scenes_new_sound else ""
        console.print(
            f"  version {r.version} ({r.status}): scenes made again: {scenes(r.scenes_made)}; kept: {scenes(kept)}"
            f"{sound}; reference sheets made: {', '.join(r.sheets_made) or 'none'}", markup=False,
        )
        console.print(f"  report: {r.report}")


def chat(args: argparse.Namespace) -> int:
    from animdirector.commands.run import LiveStatus
    from animdirector.production import Progress, chat_turn

    config = load_config(args.config)
    console = Console()
    status = LiveStatus(Console(stderr=True))
    progress = Progress(on_status=status.status, on_token=status.token)
    interactive = args.message is None
    if interactive and not sys.stdin.isatty():
        console.print("chat needs a terminal, or --message TEXT for one turn", style="red")
        return 2

    def confirm(question: str) -> bool:
        if not interactive:
            return False
        return console.input(f"[bold magenta]director>[/] {question} [y/N] ").strip().lower() in ("y", "yes")

    if not interactive:
        turn = chat_turn(config, args.run, args.message, yes=args.yes, confirm=confirm, progress=progress)
        _say(console, turn)
        return 3 if turn.needs_confirmation else 0
    console.print(f"Talking to the director of {args.run}. Empty line: multi-line message; 'quit' to end.")
    while True:
        request = _read_request(console)
        if request is None:
            return 0
        if not request.strip():
            continue
        try:
            turn = chat_turn(config, args.run, request, yes=args.yes, confirm=confirm, progress=progress)
        except KeyboardInterrupt:
            console.print("(stopped; the run can be resumed)")
            continue
        _say(console, turn)
