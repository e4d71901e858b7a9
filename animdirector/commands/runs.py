"""`animdirector runs`: the runs in the store; `animdirector runs RUN`: one run and its versions."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

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
    """A rich console; when output is piped or captured, wide enough that tables do not squeeze ids."""
    return Console(highlight=False, width=None if sys.stdout.isatty() else 200)


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
    table = Table(title=f"{len(runs)} run{'s' if len(runs) != 1 else ''}", title_justify="left")
    table.add_column("id", no_wrap=True, style="bold")
    table.add_column("title", overflow="fold")
    table.add_column("scenario", overflow="fold")
    table.add_column("status", no_wrap=True)
    table.add_column("versions", justify="right")
    table.add_column("created", no_wrap=True)
    table.add_column("duration", justify="right", no_wrap=True)
    table.add_column("tokens", justify="right", no_wrap=True)
    for run in runs:
        status = run.shown_status
        scenario = run.scenario_path.rsplit("/", 1)[-1] if run.scenario_path else "-"
        table.add_row(
            run.id,
            run.title,
            scenario,
            f"[{STATUS_STYLE.get(status, 'white')}]{status}[/]",
            str(run.versions),
            f"{run.created.astimezone():%Y-%m-%d %H:%M}",
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
    table = Table(title="versions", title_justify="left")
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
            f"{v.created.astimezone():%Y-%m-%d %H:%M}",
            scene_text,
            what,
        )
    console.print(table)
    return 0
