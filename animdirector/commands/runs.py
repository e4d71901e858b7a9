"""`animdirector runs`: the runs in the store; `animdirector runs RUN`: one run and its versions."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from animdirector.config import load_config
from animdirector.memory.store import RunInfo, RunStore, StoreError

EPILOG = """examples:
  animdirector runs                          # every run, newest first
  animdirector runs -n 5 --json              # the last five, one JSON object per line
  animdirector runs mia-and-the-lost-kite-3f9a   # one run: its versions and what changed
  animdirector runs mia                      # a unique prefix of the id is enough
"""

STATUS_STYLE = {"done": "green", "running": "cyan", "partial": "yellow", "failed": "red", "interrupted": "magenta"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "runs",
        help="list runs, or show one run's versions",
        description="List the runs in the store (id, title, scenario, status, versions, created, duration, "
        "tokens), or show one run with its versions and what each changed.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("run", nargs="?", metavar="RUN", help="a run id (or a unique prefix of one)")
    parser.add_argument("-n", "--limit", type=int, metavar="N", help="show only the N newest runs")
    parser.add_argument("--json", action="store_true", help="JSON Lines instead of a table")
    parser.set_defaults(func=run_command)


def open_store(args: argparse.Namespace) -> RunStore:
    """The run store of the configured state directory."""
    return RunStore.at_home(load_config(getattr(args, "config", None)).home())


def make_console() -> Console:
    """A rich console as wide as $COLUMNS, else the terminal. Piped or captured output with no
    $COLUMNS gets 200 columns, so that nothing is folded in a log."""
    follows_columns = os.environ.get("COLUMNS", "").isdigit()  # rich reads $COLUMNS itself
    return Console(highlight=False, width=None if sys.stdout.isatty() or follows_columns else 200)


def narrow_table(title: str) -> Table:
    """A table without side borders, so that more of an 80-column line is left for the text."""
    return Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                 collapse_padding=True)


def format_when(moment: datetime, now: datetime | None = None) -> str:
    """'Dec 07 16:04' this year, 'Dec 07  2025' before, as `ls -l` shows dates: 12 characters."""
    local, now = moment.astimezone(), (now or datetime.now()).astimezone()
    return f"{local:%b %d %H:%M}" if local.year == now.year else f"{local:%b %d  %Y}"


def fail(message: str) -> int:
    print(f"animdirector: {message}", file=sys.stderr)
    return 2


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def format_tokens(count: int) -> str:
    return f"{count / 1000:.1f}k" if count >= 10_000 else str(count)


def run_json(run: RunInfo) -> dict[str, Any]:
    data = run.model_dump(mode="json", exclude={"scenario", "config"})
    data.update(status=run.shown_status, duration_s=run.duration_s)
    return data


def summarize_changes(changes: Any) -> str:
    """A one-line view of a version's `changes` JSON."""
    if not changes:
        return ""
    if isinstance(changes, dict):
        return "; ".join(f"{k}: {v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}" for k, v in changes.items())
    if isinstance(changes, list):
        return "; ".join(c if isinstance(c, str) else json.dumps(c, ensure_ascii=False) for c in changes)
    return str(changes)


def run_command(args: argparse.Namespace) -> int:
    console = make_console()
    try:
        with open_store(args) as store:
            if args.run:
                return show_run(store, args.run, args.json, console)
            runs = store.list_runs(limit=args.limit)
    except StoreError as exc:
        return fail(str(exc))
    if args.json:
        for run in runs:
            sys.stdout.write(json.dumps(run_json(run), ensure_ascii=False) + "\n")
        return 0
    if not runs:
        console.print("No runs yet. Start one with: animdirector run scenarios/lost-kite.yaml")
        return 0
    # Each run's title and scenario file go on a second line under its id: one line per run would
    # need about 130 columns, and the id is what a user copies into the next command.
    table = narrow_table(f"{len(runs)} run{'s' if len(runs) != 1 else ''}")
    table.add_column("run", overflow="fold")
    table.add_column("status", no_wrap=True)
    table.add_column("versions", justify="right", no_wrap=True)
    table.add_column("created", no_wrap=True)
    table.add_column("duration", justify="right", no_wrap=True)
    table.add_column("tokens", justify="right", no_wrap=True)
    for run in runs:
        status = run.shown_status
        scenario = run.scenario_path.rsplit("/", 1)[-1] if run.scenario_path else ""
        table.add_row(
            Text(run.id, style="bold") + Text(f"\n{run.title}" + (f" ({scenario})" if scenario else ""), style="dim"),
            f"[{STATUS_STYLE.get(status, 'white')}]{status}[/]",
            str(run.versions),
            format_when(run.created),
            format_duration(run.duration_s),
            format_tokens(run.tokens_in + run.tokens_out),
        )
    console.print(table)
    return 0


def show_run(store: RunStore, run_id: str, as_json: bool, console: Console) -> int:
    run = store.get_run(run_id)
    versions = store.versions(run.id)
    scenes = store.scenes(run.id)
    if as_json:
        data = run_json(run)
        data["versions"] = [
            {**v.model_dump(mode="json"), "scenes": [s.model_dump(mode="json") for s in scenes if s.version == v.number]}
            for v in versions
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return 0
    status = run.shown_status
    console.print(f"[bold]{run.id}[/]  {run.title}")
    console.print(f"  scenario  {run.scenario_path or '-'}")
    console.print(
        f"  status    [{STATUS_STYLE.get(status, 'white')}]{status}[/]   created {run.created.astimezone():%Y-%m-%d %H:%M:%S}"
        f"   duration {format_duration(run.duration_s)}"
    )
    console.print(
        f"  tokens    {run.tokens_in} in, {run.tokens_out} out   messages {run.messages}"
        + ("   (interrupted: resume with `animdirector run --resume " + run.id + "`)" if run.interrupted else "")
    )
    table = narrow_table("versions")
    table.add_column("v", justify="right", no_wrap=True)
    table.add_column("from", justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("created", no_wrap=True)
    table.add_column("scenes", no_wrap=True)
    table.add_column("what changed", overflow="fold")
    for v in versions:
        own = [s for s in scenes if s.version == v.number]
        done = sum(s.status in ("done", "reused") for s in own)
        reused = sum(s.status == "reused" for s in own)
        scene_text = f"{done}/{len(own)} done" + (f", {reused} reused" if reused else "") if own else "-"
        what = v.reason + (f" ({summarize_changes(v.changes)})" if v.changes else "")
        table.add_row(
            str(v.number),
            "-" if v.parent is None else str(v.parent),
            f"[{STATUS_STYLE.get(v.status, 'white')}]{v.status}[/]",
            format_when(v.created),
            scene_text,
            what,
        )
    console.print(table)
    return 0
