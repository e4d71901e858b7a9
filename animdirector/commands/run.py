"""`animdirector run SCENARIO`: make a film, showing the stage, the agent speaking and tokens arriving."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.live import Live
from rich.text import Text

from animdirector.config import load_config, load_scenario

EPILOG = """examples:
  animdirector run scenarios/lost-kite.yaml            # the default scenario
  animdirector run my-story.txt                        # a story as plain text, filmed with the defaults
  cat my-story.txt | animdirector run -                # the same, from standard input
  animdirector run scenarios/lost-kite.yaml --resume mia-and-the-lost-kite-3f9a
  animdirector --config fast.yaml run scenarios/snow-day.yaml --scenes 2

The film, its subtitles, poster, storyboard and report.html land in
$ANIMDIRECTOR_HOME/runs/<run id>/v1/ (default ~/.animdirector).
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run", help="make a film from a scenario file", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run the whole production: script, reference sheets, a group chat per scene, the final cut.",
    )
    p.add_argument("scenario", type=Path,
                   help="a scenario YAML file (see scenarios/), or a story as plain text (.txt, .md; - for stdin)")
    p.add_argument("--resume", metavar="RUN", help="continue an interrupted run instead of starting a new one")
    p.add_argument("--scenes", type=int, metavar="N", help="override the scenario's number of scenes")
    p.add_argument("--new", action="store_true", help="start a new run even if an unfinished one exists")
    p.set_defaults(func=run)


class LiveStatus:
    """One status line: elapsed time, stage, and the last tokens the model wrote."""

    def __init__(self, console: Console):
        self.console, self.stage, self.tokens, self.started = console, "starting", "", time.monotonic()
        self.live = Live(self._render(), console=console, refresh_per_second=8, transient=True) if console.is_terminal else None

    def _render(self) -> Text:
        elapsed = time.monotonic() - self.started
        text = Text(f"[{int(elapsed) // 60:02d}:{int(elapsed) % 60:02d}] ", style="dim")
        text.append(self.stage, style="bold")
        if self.tokens:
            text.append("  " + self.tokens[-60:].replace("\n", " "), style="cyan")
        return text

    def status(self, stage: str) -> None:
        self.stage, self.tokens = stage, ""
        if self.live:
            self.live.update(self._render())
        else:  # no terminal (CI, pipes): one plain line per stage
            elapsed = time.monotonic() - self.started
            print(f"[{elapsed:6.1f}s] {stage}", file=sys.stderr, flush=True)

    def token(self, chunk: str) -> None:
        self.tokens += chunk
        if self.live:
            self.live.update(self._render())


def run(args: argparse.Namespace) -> int:
    from animdirector.memory.store import RunStore
    from animdirector.production import Progress, run_scenario
    from animdirector.tools.story.language import require_readable

    config = load_config(args.config)
    scenario = load_scenario(args.scenario)
    if args.scenes:
        scenario = scenario.model_copy(update={"scenes": args.scenes})
    # Before any work (the store, the models): a story the reader cannot read stops here in one line.
    require_readable(scenario.narrative, config.story.other_languages, source=str(args.scenario))
    console = Console(stderr=True)
    resume = args.resume
    if not resume and not args.new:
        unfinished = RunStore.at_home(config.home()).unfinished_runs(args.scenario)
        if unfinished:
            latest = unfinished[0]
            if sys.stdin.isatty():
                answer = console.input(f"An unfinished run of this scenario exists ({latest.id}). Resume it? [Y/n] ")
                resume = latest.id if answer.strip().lower() in ("", "y", "yes") else None
            else:
                console.print(f"An unfinished run of this scenario exists ({latest.id}); starting a new one. "
                              f"Resume it with: animdirector run {args.scenario} --resume {latest.id}")
    status = LiveStatus(console)
    if status.live:
        status.live.start()
    try:
        result = run_scenario(config, scenario, None if str(args.scenario) == "-" else args.scenario, resume=resume,
                              progress=Progress(on_status=status.status, on_token=status.token))
    finally:
        if status.live:
            status.live.stop()
    console.print(f"[bold]{result.status}[/]: run [cyan]{result.run_id}[/] version {result.version}")
    if result.film:
        console.print(f"  film:   {result.film}")
    console.print(f"  report: {result.report}")
    timing = ", ".join(f"{k} {v:.0f}s" for k, v in result.seconds.items())
    console.print(f"  time:   {timing}")
    return 0 if result.status == "done" else 1
