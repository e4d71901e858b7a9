"""`animdirector transcripts RUN`: who said and did what, readable or as JSON Lines."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape

from animdirector.commands.runs import fail, open_store
from animdirector.memory.store import PRE, Event, Score, StoreError, ToolCall

EPILOG = """examples:
  animdirector transcripts mia-and-the-lost-kite-3f9a           # the whole conversation
  animdirector transcripts mia --scene 2 --round 1              # one round of one scene
  animdirector transcripts mia --scene pre                      # pre-production (story, script, designs)
  animdirector transcripts mia --agent critic -n 5              # the critic's last five messages
  animdirector transcripts mia --tools                          # only tool calls, with arguments and results
  animdirector transcripts mia --chat                           # only the conversation with the director
  animdirector transcripts mia --json | jq -r .text             # JSON Lines for scripts
"""

# Stable colours per agent name (hash of the name, not Python's salted hash()).
PALETTE = ["cyan", "magenta", "green", "yellow", "blue", "bright_red", "bright_cyan", "bright_magenta", "bright_green"]
KNOWN_COLOURS = {
    "user": "bold white",
    "director": "bold bright_white",
    "writer": "green",
    "screenwriter": "cyan",
    "art_director": "magenta",
    "cinematographer": "yellow",
    "critic": "bright_red",
}
MAX_ARG_CHARS = 160
CHAT_TYPES = {"request", "reply", "declined", "result"}  # the events `animdirector chat` records


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "transcripts",
        help="show what each agent said and did in a run",
        description="Show a run's messages in order, with tool calls and scores folded in. Filters combine. "
        "-n keeps the last N messages.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("run", metavar="RUN", help="a run id (or a unique prefix of one); `animdirector runs` lists them")
    parser.add_argument("--version", type=int, metavar="V", help="only this version of the run")
    parser.add_argument("--scene", metavar="N", type=_scene_arg, help="only scene N (or 'pre' for pre-production)")
    parser.add_argument("--agent", metavar="NAME", help="only this agent's messages and tool calls (any case)")
    parser.add_argument("--round", type=int, metavar="R", help="only round R of the scene discussion")
    parser.add_argument("--tools", action="store_true", help="only tool calls, shown with full arguments and results")
    parser.add_argument("--chat", action="store_true",
                        help="only the chat with the director: your requests, its plans and what each version made")
    parser.add_argument("-n", "--limit", type=int, metavar="N",
                        help="only the last N messages (with the tool calls and scores after them)")
    parser.add_argument("--json", action="store_true", help="JSON Lines: one object per item, with a 'kind' field")
    parser.set_defaults(func=transcripts_command)


def _scene_arg(value: str) -> int | str:
    if value.lower() == PRE:
        return PRE
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--scene {value!r}: expected a scene number or 'pre'") from None


def agent_colour(name: str) -> str:
    if name.lower() in KNOWN_COLOURS:
        return KNOWN_COLOURS[name.lower()]
    return PALETTE[int(hashlib.sha256(name.encode()).hexdigest(), 16) % len(PALETTE)]


def _short(value: Any, limit: int = MAX_ARG_CHARS) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _place(item: Event | ToolCall | Score) -> tuple[int, int | None, int | None]:
    return item.version, item.scene, item.round


def _place_title(place: tuple[int, int | None, int | None]) -> str:
    version, scene, rnd = place
    parts = [f"v{version}", "pre-production" if scene is None else f"scene {scene}"]
    if rnd is not None:
        parts.append(f"round {rnd}")
    return " · ".join(parts)


def _usage(event: Event) -> str:
    bits = []
    if event.tokens_in is not None or event.tokens_out is not None:
        bits.append(f"{event.tokens_in or 0}→{event.tokens_out or 0} tok")
    if event.cached_tokens:
        bits.append(f"{event.cached_tokens} cached")
    if event.latency_s is not None and event.latency_s >= 0.05:  # shorter: replayed or local, not worth a column
        bits.append(f"{event.latency_s:.1f}s")
    return f"  [dim]({', '.join(bits)})[/]" if bits else ""


def print_readable(items: list[Event | ToolCall | Score], console: Console, full_tools: bool) -> None:
    place: tuple[int, int | None, int | None] | None = None
    pending_scores: list[Score] = []

    def flush_scores() -> None:
        if not pending_scores:
            return
        by_candidate: dict[int | None, list[str]] = {}
        for s in pending_scores:
            by_candidate.setdefault(s.candidate, []).append(f"{s.metric} {s.value:.3f}")
        cells = [
            ("" if cand is None else f"#{cand} ") + " ".join(metrics) for cand, metrics in by_candidate.items()
        ]
        console.print(f"  [bold yellow]★ scores[/] {escape(' │ '.join(cells))}", soft_wrap=True)
        pending_scores.clear()

    for item in items:
        here = _place(item)
        # A scene-level item (no round, e.g. the clip's scores) stays in the current round's section.
        if place is None or here[:2] != place[:2] or (here[2] is not None and here[2] != place[2]):
            flush_scores()
            place = here
            console.rule(f"[bold]{_place_title(place)}[/]", align="left")
        if isinstance(item, Score):
            pending_scores.append(item)
            continue
        flush_scores()
        if isinstance(item, Event):
            colour = agent_colour(item.agent)
            tag = "" if item.type == "message" else f" [dim]\\[{escape(item.type)}][/]"
            console.print(f"[{colour} bold]{escape(item.agent)}[/]{tag}{_usage(item)}")
            console.print(escape(item.text) if item.text else "[dim](no text)[/]", soft_wrap=True)
        else:
            colour = agent_colour(item.agent) if item.agent else "white"
            who = f"[{colour}]{escape(item.agent)}[/] " if item.agent else ""
            took = f" [dim]{item.duration_s:.1f}s[/]" if item.duration_s is not None else ""
            if full_tools:
                console.print(f"  {who}[bold]→ {escape(item.name)}[/]{took}")
                console.print("    arguments: " + escape(json.dumps(item.arguments, ensure_ascii=False, indent=2, default=str)), soft_wrap=True)
                if item.error:
                    console.print(f"    [red]error: {escape(item.error)}[/]", soft_wrap=True)
                else:
                    console.print("    result: " + escape(json.dumps(item.result, ensure_ascii=False, indent=2, default=str)), soft_wrap=True)
            else:
                outcome = f"[red]error: {escape(_short(item.error))}[/]" if item.error else escape(_short(item.result))
                console.print(
                    f"  {who}[bold]→ {escape(item.name)}[/]({escape(_short(item.arguments))}) ⇒ {outcome}{took}",
                    soft_wrap=True,
                )
    flush_scores()


def transcripts_command(args: argparse.Namespace) -> int:
    try:
        with open_store(args) as store:
            run = store.get_run(args.run)
            if args.tools:
                items: list[Event | ToolCall | Score] = list(
                    store.tool_calls(run.id, args.version, args.scene, args.agent, args.round, limit=args.limit)
                )
            elif args.chat:
                items = [e for e in store.messages(run.id, args.version) if e.type in CHAT_TYPES]
                items = items[-args.limit:] if args.limit else items
            else:
                items = store.timeline(run.id, args.version, args.scene, args.agent, args.round, limit=args.limit)
    except StoreError as exc:
        return fail(str(exc))
    if args.json:
        for item in items:
            sys.stdout.write(json.dumps(item.model_dump(mode="json"), ensure_ascii=False) + "\n")
        return 0
    console = Console(highlight=False)
    console.print(f"[bold]{escape(run.id)}[/]  {escape(run.title)}  [dim]({run.shown_status})[/]")
    if not items:
        console.print("[dim]nothing recorded matches these filters[/]")
        return 0
    print_readable(items, console, full_tools=args.tools)
    return 0
