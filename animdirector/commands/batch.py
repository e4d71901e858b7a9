"""`animdirector batch INPUT`: film many stories, N at a time, with a line per story and a summary table."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rich.console import Console, Group
from rich.live import Live
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from animdirector.commands.runs import format_duration, make_console
from animdirector.config import ConfigError, load_config

EPILOG = """examples:
  animdirector batch scenarios/                       # every scenario file in a folder
  animdirector batch ../shared/eval/stories-dev.json --jobs 2 --scenes 4
  animdirector batch my-stories.txt --size 512x512    # one story per blank-line-separated block
  animdirector batch stories.json --scenes 2 --seconds 2 --fps 12 --size 320x180   # quick drafts
  animdirector batch --resume stories-dev-3f9a        # finish an interrupted batch
  animdirector batch stories.json --ray local --jobs 2   # as Ray tasks on a cluster started here
  animdirector batch stories.json --ray 10.0.0.5:6379    # on a running Ray cluster (shared state folder)

A JSON input is {"stories": [{"id": "01", "story": "..."}, ...]} or a bare list of them.
Each story becomes a run (see `animdirector runs`); the table at the end is also written as
batch-<id>.json and batch-<id>.html (links to every film and report) in
$ANIMDIRECTOR_HOME/batches/ (or --out DIR). Exit status 0: every story has its film, done;
1: some story failed or has a scene that could not be made.
"""

STATUS_STYLE = {"done": "green", "partial": "yellow", "failed": "red", "running": "cyan", "pending": "dim"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "batch", help="film many stories: a folder of scenarios, a JSON file or a text file of stories",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Film every story of INPUT as its own run, N at a time, and sum up how each went. "
        "A story that fails is recorded with its error and the others go on.",
    )
    p.add_argument("input", nargs="?", type=Path, metavar="INPUT",
                   help="a folder of scenario files (.yaml, .txt), a JSON file of stories, or a text file "
                   "with one story per blank-line-separated block")
    p.add_argument("--resume", metavar="BATCH", help="finish an interrupted batch (its id, or a unique prefix)")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="films made at once on this machine, each in its own process with its share of the "
                   "config's threads (default 1)")
    p.add_argument("--ray", metavar="ADDRESS",
                   help="film each story as a task on a Ray cluster: auto (the one this machine runs), local "
                   "(start one for this batch) or HOST:PORT; needs pip install 'animdirector[ray]' (docs/scale.md)")
    p.add_argument("--out", type=Path, metavar="DIR", help="where batch-<id>.json and .html go "
                   "(default: $ANIMDIRECTOR_HOME/batches)")
    films = p.add_argument_group("how each film is made (over every story's own scenario)")
    films.add_argument("--scenes", type=int, metavar="N", help="number of scenes")
    films.add_argument("--size", type=parse_size, metavar="WxH", help="frame size, 16:9 or square, even (e.g. 768x432)")
    films.add_argument("--seconds", type=float, metavar="S", help="seconds per scene")
    films.add_argument("--fps", type=int, metavar="N", help="frames per second")
    films.add_argument("--style", metavar="NAME", help="style preset: storybook, night-pastel, bold")
    films.add_argument("--candidates", type=int, metavar="K", help="scene candidates per round")
    films.add_argument("--max-rounds", type=int, metavar="N", help="critique rounds per scene")
    p.set_defaults(func=batch)


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected WIDTHxHEIGHT, e.g. 768x432") from None
    return width, height


def scenario_options(args: argparse.Namespace) -> dict:
    """The film options given on the command line, as scenario fields."""
    fields = {"scenes": args.scenes, "size": args.size, "seconds_per_scene": args.seconds, "fps": args.fps,
              "style": args.style}
    options = {k: v for k, v in fields.items() if v is not None}
    team = {k: v for k, v in (("candidates", args.candidates), ("max_rounds", args.max_rounds)) if v is not None}
    return options | ({"team": team} if team else {})


def batch(args: argparse.Namespace) -> int:
    from animdirector.batch import film_batch, start_batch, story_rows, write_summary
    from animdirector.memory.store import RunStore

    if bool(args.input) == bool(args.resume):
        raise ConfigError("batch: give an INPUT to start a batch, or --resume BATCH to finish one (not both)")
    if args.resume and scenario_options(args):
        raise ConfigError(f"batch --resume {args.resume}: a resumed batch films with the options it was started "
                          "with; --scenes, --size, --seconds, --fps, --style, --candidates and --max-rounds go with an INPUT")
    if args.jobs < 1:
        raise ConfigError(f"batch: --jobs {args.jobs}: expected 1 or more")
    config = load_config(args.config)
    console = Console(stderr=True)
    with RunStore.at_home(config.home()) as store:
        if args.resume:
            info = store.get_batch(args.resume)
        else:
            info = start_batch(store, args.input, scenario_options(args))
    console.print(f"batch [cyan]{info.id}[/]: {len(info.stories)} stories, {args.jobs} at a time "
                  f"(resume with: animdirector batch --resume {info.id})")
    board = BatchBoard(console, info.stories, args.jobs)
    with board:
        info = film_batch(config, info.id, jobs=args.jobs, on_status=board.status, on_story=board.finished,
                          ray_address=args.ray)
    with RunStore.at_home(config.home()) as store:
        rows = story_rows(store, info)
    json_path, html_path = write_summary(info, rows, args.out or config.home() / "batches")
    show_table(rows, info.id)
    console.print(f"  summary: {json_path}\n  page:    {html_path}")
    return 0 if all(r.status == "done" for r in rows) else 1


class BatchBoard:
    """A live line per story (status, stage, time) and a total bar; without a terminal, one plain
    line per change on stderr."""

    def __init__(self, console: Console, stories, jobs: int):
        self.console, self.jobs, self.started = console, jobs, time.monotonic()
        self.lines = {s.position: [s.story_id, s.status, s.error or "", None] for s in stories}  # id, status, stage, start
        self.durations: list[float] = []
        self.total = Progress(TextColumn("total"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                              TextColumn("{task.fields[eta]}"), console=console)
        finished = sum(s.status in ("done", "partial") for s in stories)
        self.task = self.total.add_task("total", total=len(stories), completed=finished, eta="")
        # Live renders the board itself (`__rich__`), so the clocks move between events too.
        self.live = Live(self, console=console, refresh_per_second=4, transient=True) if console.is_terminal else None

    def __enter__(self):
        if self.live:
            self.live.start()
        return self

    def __exit__(self, *exc):
        if self.live:
            self.live.stop()

    def __rich__(self) -> Group:
        now, lines = time.monotonic(), []
        mean = sum(self.durations) / len(self.durations) if self.durations else None
        for story_id, status, stage, start in self.lines.values():
            line = Text().append(f"{story_id:>10} ", style="bold").append(f"{status:<8}", style=STATUS_STYLE.get(status, ""))
            if start is not None and status == "running":
                elapsed = now - start
                line.append(f" {format_duration(elapsed):>7}", style="dim")
                if mean:  # a story takes about as long as those before it
                    line.append(f" (about {format_duration(max(0.0, mean - elapsed))} left)", style="dim")
            line.append(f"  {stage[-90:]}")
            lines.append(line)
        return Group(*lines, self.total)

    def _refresh(self) -> None:
        if self.live:
            self.live.refresh()

    def status(self, position: int, text: str) -> None:
        line = self.lines[position]
        if line[1] != "running":
            line[1], line[3] = "running", time.monotonic()
        line[2] = text
        if self.live:
            self._refresh()
        else:
            print(f"[{time.monotonic() - self.started:7.1f}s] {line[0]}: {text}", file=sys.stderr, flush=True)

    def finished(self, story) -> None:
        line = self.lines[story.position]
        line[1], line[2] = story.status, story.error or ""
        if line[3] is not None:
            self.durations.append(time.monotonic() - line[3])
        self.total.advance(self.task)
        remaining = sum(status not in ("done", "partial", "failed") for _, status, _, _ in self.lines.values())
        if self.durations and remaining:
            mean = sum(self.durations) / len(self.durations)
            self.total.update(self.task, eta=f"about {format_duration(remaining * mean / self.jobs)} left")
        if self.live:
            self._refresh()
        else:
            print(f"[{time.monotonic() - self.started:7.1f}s] {line[0]}: {story.status}"
                  + (f" ({story.error})" if story.error else ""), file=sys.stderr, flush=True)


def show_table(rows, batch_id: str) -> None:
    """The batch's table on stdout: a row per story."""
    table = Table(title=f"batch {batch_id}", title_justify="left")
    for name, justify in (("story", "left"), ("run", "left"), ("status", "left"), ("scenes", "right"),
                          ("unresolved", "right"), ("facts", "right"), ("seconds", "right"), ("error", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for r in rows:
        table.add_row(r.story_id, r.run or "-", f"[{STATUS_STYLE.get(r.status, '')}]{r.status}[/]",
                      f"{r.scenes}/{r.scenes_planned}", str(r.unresolved), f"{r.facts_shown}/{r.facts}",
                      f"{r.seconds:.0f}", r.error or "")
    make_console().print(table)
