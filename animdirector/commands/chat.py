"""`animdirector chat RUN`: talk to the director; accepted edits make a new version of the film."""

from __future__ import annotations

import argparse
import sys
import time

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from animdirector.config import load_config

EPILOG = """examples:
  animdirector chat mia-and-the-lost-kite-3f9a
  animdirector chat mia-and-the-lost-kite-3f9a --message "make Mia's dress green" --yes
  animdirector chat mia-and-the-lost-kite-3f9a --message "make it night in scene 2 and give Rex a blue collar"
  animdirector chat mia-and-the-lost-kite-3f9a --message "Rex should sound deeper"
  animdirector chat mia-and-the-lost-kite-3f9a --message "remove scene 2" --yes
  animdirector chat mia-and-the-lost-kite-3f9a --message "go back to version 1" --yes

Before any work the director says what it will change, which reference sheets and scenes
it makes again and about how long that takes, and asks. Without a terminal, --yes answers;
without either it stops with exit status 3.

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
    p.add_argument("-y", "--yes", action="store_true", help="carry out the plan without asking")
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


class Screen:
    """The chat's terminal: the live status line while the director thinks or works, paused
    while it shows the plan and asks."""

    def __init__(self, console: Console, status):
        self.console, self.status, self.live = console, status, False

    def working(self) -> None:
        if self.status.live and not self.live:
            self.status.live.start()
            self.live = True

    def paused(self) -> None:
        if self.status.live and self.live:
            self.status.live.stop()
            self.live = False

    def show_plan(self, plan: str) -> None:
        self.paused()
        self.console.print(Text("director> ", style="bold magenta") + Text(plan), soft_wrap=True)

    def confirm(self, _plan: str) -> bool:
        """Go ahead? Only a person at a terminal can say yes (without --yes)."""
        if not sys.stdin.isatty():
            return False
        answer = self.console.input(f"[bold magenta]director>[/] Go ahead? {escape('[y/N]')} ").strip().lower()
        if answer in ("y", "yes"):
            self.working()
            return True
        return False

    def say(self, turn) -> None:
        self.paused()
        if turn.result is None:
            if not turn.summaries or turn.needs_confirmation:  # a plan shown already needs no repeating
                shown = turn.reply if not turn.summaries else "Not done: nothing was changed (answer y, or use --yes)."
                self.console.print(Text("director> ", style="bold magenta") + Text(shown), soft_wrap=True)
            return
        from animdirector.production import describe_result

        self.console.print(Text("director> ", style="bold magenta") + Text(describe_result(turn.result)), soft_wrap=True)
        self.console.print(Text(f"  report: {turn.result.report}"), soft_wrap=True)


def chat(args: argparse.Namespace) -> int:
    from animdirector.agents.director_chat import Conversation
    from animdirector.commands.run import LiveStatus
    from animdirector.production import Progress, chat_turn

    config = load_config(args.config)
    console = Console()
    status = LiveStatus(Console(stderr=True))
    screen = Screen(console, status)
    progress = Progress(on_status=status.status, on_token=status.token)
    interactive = args.message is None
    if interactive and not sys.stdin.isatty():
        console.print("chat needs a terminal, or --message TEXT for one turn", style="red")
        return 2
    conversation = Conversation()  # the session's memory: "make it brighter" refers to what was just said

    def turn_for(request: str):
        status.started = time.monotonic()  # the clock shows this request's time, not the session's
        screen.working()
        try:
            return chat_turn(config, args.run, request, yes=args.yes, confirm=screen.confirm, progress=progress,
                             conversation=conversation, show_plan=screen.show_plan)
        finally:
            screen.paused()

    if not interactive:
        turn = turn_for(args.message)
        screen.say(turn)
        return 3 if turn.needs_confirmation else 0
    console.print(f"Talking to the director of {args.run}. Empty line: multi-line message; 'quit' to end.")
    while True:
        request = _read_request(console)
        if request is None:
            return 0
        if not request.strip():
            continue
        try:
            turn = turn_for(request)
        except KeyboardInterrupt:
            console.print("(stopped; the run can be resumed)")
            continue
        screen.say(turn)
