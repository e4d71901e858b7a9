"""Many films as one job: read a batch's stories, record the batch in the store, film each story as
a run (one at a time in this process, or N at a time in worker processes), and sum up how it went.

Plain Python: the CLI (commands/batch.py) shows progress through the callbacks given here, and
everything that must survive a crash is in the run store (a `batches` row and one
`batch_stories` row per story, each naming its run), so `resume_batch` can finish what an
interrupted batch left: a half-made run is resumed, a finished one is skipped.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import signal
import time
import zlib
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from animdirector.config import STORY_SUFFIXES, Config, ConfigError, Scenario, load_scenario, read_user_file, scenario_from_text
from animdirector.memory.store import BatchInfo, BatchStory, RunStore, StoreError, UnknownRun

log = logging.getLogger(__name__)

SCENARIO_SUFFIXES = (".yaml", ".yml")
FINISHED = ("done", "partial")  # a story with a film: a resumed batch leaves it as it is

# A story's status line as the worker reports it: (position in the batch, text).
StatusCallback = Callable[[int, str], None]
# Makes the model client for one story's scenario (tests inject scripted answers); None: the config's model.
ClientFactory = Callable[[Scenario], Any]


# --- reading the input -----------------------------------------------------------------------------


@dataclass
class StoryInput:
    """One story of the input, ready to film, or the reason it cannot be."""

    story_id: str
    scenario: Scenario | None
    source: str | None = None  # the scenario or story file it came from
    error: str | None = None


def story_seed(story_id: Any) -> int:
    """A story's seed from its id: the number itself, or a stable hash of a name like 'own-02'
    (the same seed as the bench's, so a batch films a benchmark story the way the bench does)."""
    return int(story_id) % 1000 if str(story_id).isdigit() else zlib.crc32(str(story_id).encode()) % 1000


def read_stories(path: Path) -> list[StoryInput]:
    """The stories of a batch input: a folder of scenario files (.yaml, .yml, or plain-text stories),
    a JSON file of stories ({"stories": [{"id", "story"}]} or a bare list), a single scenario file,
    or a text file with one story per blank-line-separated block.

    A story that cannot be read is returned with its error (it is recorded as failed and does not
    stop the others); an input that cannot be read at all is a ConfigError naming it."""
    if path.is_dir():
        return _stories_in_folder(path)
    if path.suffix.lower() == ".json":
        return _stories_in_json(path)
    if path.suffix.lower() in SCENARIO_SUFFIXES:
        return [_scenario_file(path)]
    return _stories_in_text(path)


def _scenario_file(path: Path) -> StoryInput:
    try:
        return StoryInput(path.stem, load_scenario(path), source=str(path.resolve()))
    except ConfigError as exc:
        return StoryInput(path.stem, None, source=str(path.resolve()), error=str(exc))


def _stories_in_folder(folder: Path) -> list[StoryInput]:
    allowed = SCENARIO_SUFFIXES + STORY_SUFFIXES
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in allowed)
    if not files:
        raise ConfigError(f"{folder}: no scenario files in this folder (allowed: {', '.join(allowed)})")
    return [_scenario_file(p) for p in files]


def _stories_in_json(path: Path) -> list[StoryInput]:
    try:
        data = json.loads(read_user_file(path))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    entries = data.get("stories") if isinstance(data, dict) else data
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f'{path}: expected {{"stories": [{{"id": ..., "story": "..."}}, ...]}} or a list of '
                          "stories, with at least one story")
    stories = []
    for number, entry in enumerate(entries, start=1):
        story_id = str(entry.get("id", number)) if isinstance(entry, dict) else str(number)
        text = entry.get("story") if isinstance(entry, dict) else entry
        if not isinstance(text, str):
            stories.append(StoryInput(story_id, None, error=f"{path}: story {number}: expected a \"story\" text "
                                                            f"(a string), got {type(text).__name__}"))
            continue
        try:  # the bench's scenario of a story: titled by its id, seeded by it, the defaults otherwise
            scenario = Scenario(title=f"Story {story_id}", narrative=text, seed=story_seed(story_id))
        except ValidationError as exc:
            stories.append(StoryInput(story_id, None, error=f"{path}: story {story_id}: {exc.errors()[0]['msg']}"))
            continue
        stories.append(StoryInput(story_id, scenario))
    return stories


def _stories_in_text(path: Path) -> list[StoryInput]:
    blocks = [b.strip() for b in read_user_file(path).replace("\r\n", "\n").split("\n\n") if b.strip()]
    if not blocks:
        raise ConfigError(f"{path}: no stories in this file (one story per block, blocks separated by a blank line)")
    stories = []
    for number, block in enumerate(blocks, start=1):
        source = f"{path}: story {number}"
        try:  # as `animdirector run story.txt` reads a story: a first line that reads as a title is its title
            stories.append(StoryInput(str(number), scenario_from_text(block, f"{path.stem} {number}", source)))
        except ConfigError as exc:
            stories.append(StoryInput(str(number), None, error=str(exc)))
    return stories


def apply_options(scenario: Scenario, options: dict[str, Any]) -> Scenario:
    """The scenario with the batch's options (scenes, size, seconds, fps, style, team) put over it,
    validated: an option a scenario cannot take is a ConfigError naming the option."""
    data = scenario.model_dump()
    for key, value in options.items():
        data[key] = {**data[key], **value} if key == "team" else value
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"batch option {where}: {err['msg'].removeprefix('Value error, ')} (got {err.get('input')!r})") from None


def start_batch(store: RunStore, input_path: Path, options: dict[str, Any]) -> BatchInfo:
    """Read the input, put the options over every story, and record the batch (nothing filmed yet)."""
    stories = read_stories(input_path)
    apply_options(Scenario(title="options", narrative="options"), options)  # a bad option stops here, once
    rows = [
        {"story_id": s.story_id, "source": s.source, "error": s.error,
         "scenario": apply_options(s.scenario, options).model_dump(mode="json") if s.scenario else None}
        for s in stories
    ]
    return store.create_batch(str(input_path.resolve()), options, rows)


# --- filming ---------------------------------------------------------------------------------------


def film_story(config: Config, batch_id: str, position: int, *, on_status: StatusCallback | None = None,
               client_factory: ClientFactory | None = None) -> BatchStory:
    """Film one story of a batch as a run, recording in the store where it stands at each step:
    the run is named before any work (so an interrupted batch resumes it), and the story's end
    (done, partial, or failed with its error) is recorded before returning. A crash of the story
    is recorded, not raised; an interruption (Ctrl-C) is raised and leaves the story to resume."""
    from animdirector.production import Progress, run_scenario

    store = RunStore.at_home(config.home())
    try:
        story = store.get_batch(batch_id).stories[position - 1]
        scenario = Scenario.model_validate(story.scenario)
        run_id = story.run
        if run_id is None:
            run_id = store.create_run(scenario.title, scenario=scenario, config=config,
                                      scenario_path=_scenario_path(story)).id
        store.update_batch_story(batch_id, position, "running", run=run_id)
        progress = Progress(on_status=(lambda text: on_status(position, text)) if on_status else None)
        started = time.perf_counter()
        try:
            client = client_factory(scenario) if client_factory else None
            result = run_scenario(config, scenario, _scenario_path(story), resume=run_id, progress=progress,
                                  client=client)
            status, error = result.status, None
        except Exception as exc:  # one story's crash is its own: recorded, and the batch goes on
            log.debug("story %s of batch %s failed", story.story_id, batch_id, exc_info=True)
            status, error = "failed", f"{type(exc).__name__}: {exc}"
        finally:  # also when interrupted: the time spent counts
            store.update_batch_story(batch_id, position, "running", add_seconds=time.perf_counter() - started)
        store.update_batch_story(batch_id, position, status, error=error)
        return store.get_batch(batch_id).stories[position - 1]
    finally:
        store.close()


def _scenario_path(story: BatchStory) -> Path | None:
    """The scenario file a story came from, when it is one (the run records it, as `run FILE` does)."""
    return Path(story.source) if story.source and Path(story.source).is_file() else None


def stories_to_film(store: RunStore, batch: BatchInfo) -> list[int]:
    """The positions of the stories a (resumed) batch still has to film: not yet finished, and
    readable. A story whose run finished after its batch was stopped is recorded as finished here."""
    todo = []
    for story in batch.stories:
        if story.status in FINISHED or story.scenario is None:
            continue
        run = _recorded_run(store, story)
        if run is not None and run.status in FINISHED:
            store.update_batch_story(batch.id, story.position, run.status, error=None)
            continue
        if run is not None and run.status == "running" and not run.interrupted and run.pid != os.getpid():
            raise StoreError(f"batch {batch.id}: story {story.story_id}'s run {run.id} is being filmed by process "
                             f"{run.pid} on {run.host}; wait for it to end (or stop it) before resuming the batch")
        todo.append(story.position)
    return todo


def _recorded_run(store: RunStore, story: BatchStory):
    try:
        return store.get_run(story.run) if story.run else None
    except UnknownRun:  # the store lost it (rows removed by hand): film the story anew
        return None


def film_batch(config: Config, batch_id: str, *, jobs: int = 1, on_status: StatusCallback | None = None,
               on_story: Callable[[BatchStory], None] | None = None,
               client_factory: ClientFactory | None = None, ray_address: str | None = None) -> BatchInfo:
    """Film every story of the batch that is not finished, `jobs` at a time, and return the batch.

    jobs=1 films in this process; more films in that many worker processes (spawned: llama.cpp
    and torch hold threads a fork would copy half-made), the config's threads split between them.
    `ray_address` sends the stories to a Ray cluster instead (batch_ray.py). `on_story` is called
    with each story's row as it ends; a `client_factory` for workers must be picklable."""
    store = RunStore.at_home(config.home())
    try:
        batch = store.get_batch(batch_id)
        store.set_batch_finished(batch.id, False)
        todo = stories_to_film(store, batch)
        if ray_address:
            from animdirector.batch_ray import film_on_ray

            film_on_ray(config, batch.id, todo, ray_address, jobs, on_status, on_story, client_factory)
        elif jobs <= 1 or len(todo) <= 1:
            for position in todo:
                row = film_story(config, batch.id, position, on_status=on_status, client_factory=client_factory)
                if on_story:
                    on_story(row)
        else:
            _film_in_workers(config, batch.id, todo, jobs, on_status, on_story, client_factory)
        store.set_batch_finished(batch.id)
        return store.get_batch(batch.id)
    finally:
        store.close()


def threads_per_job(threads: int, jobs: int) -> int:
    """The config's threads shared by `jobs` films at once (two busy pools on one core slow each other)."""
    return max(1, threads // jobs)


def _film_in_workers(config: Config, batch_id: str, todo: list[int], jobs: int, on_status: StatusCallback | None,
                     on_story: Callable[[BatchStory], None] | None, client_factory: ClientFactory | None) -> None:
    """Film `todo` in `jobs` spawned worker processes. Their status lines come back through a queue,
    with each worker's pid as it starts a story, so that a Ctrl-C reaches the stories being filmed
    even when only this process got it. A worker that dies takes its pool with it: the story it was
    filming is recorded failed, the others not begun stay pending (resume the batch for both)."""
    context = get_context("spawn")
    worker_config = config.model_copy(update={"threads": threads_per_job(config.threads, jobs)})
    messages = context.Queue()
    filming: dict[int, int] = {}  # position -> pid of the worker filming it
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context,
                             initializer=_start_worker, initargs=(messages,)) as pool:
        pending = {pool.submit(_worker_film_story, worker_config.model_dump(mode="json"), str(config.home()),
                               batch_id, position, client_factory): position for position in todo}
        try:
            while pending:
                done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                _read_messages(messages, filming, on_status)
                for future in done:
                    position = pending.pop(future)
                    filming.pop(position, None)
                    try:
                        row = future.result()
                    except BrokenProcessPool:
                        row = record_lost_story(config, batch_id, position)
                    if on_story:
                        on_story(row)
        except KeyboardInterrupt:
            for future in pending:
                future.cancel()
            for pid in filming.values():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGINT)
            raise
        _read_messages(messages, filming, on_status)


def _read_messages(messages, filming: dict[int, int], on_status: StatusCallback | None) -> None:
    """Everything the workers said since the last look: ("pid", position, pid) or ("status", position, text)."""
    while True:
        try:
            kind, position, value = messages.get_nowait()
        except queue.Empty:
            return
        if kind == "pid":
            filming[position] = value
        elif on_status:
            on_status(position, value)


def record_lost_story(config: Config, batch_id: str, position: int) -> BatchStory:
    """A story whose worker died: failed if it had begun (resume the batch to finish it), else still pending."""
    with RunStore.at_home(config.home()) as store:
        story = store.get_batch(batch_id).stories[position - 1]
        if story.status == "running":
            store.update_batch_story(batch_id, position, "failed",
                                     error="its worker process died (resume the batch to finish it)")
        return store.get_batch(batch_id).stories[position - 1]


_worker_messages = None  # in a worker process: the queue to the batch's process


def _start_worker(messages) -> None:
    """A worker process's setup: where its messages go; an idle worker leaves Ctrl-C to the others."""
    global _worker_messages
    _worker_messages = messages
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_film_story(config_json: dict, home: str, batch_id: str, position: int,
                       client_factory: ClientFactory | None) -> BatchStory:
    """One story, in a worker process: the batch's state directory, this worker's share of threads."""
    os.environ["ANIMDIRECTOR_HOME"] = home
    config = Config.model_validate(config_json)
    _worker_messages.put(("pid", position, os.getpid()))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return film_story(config, batch_id, position, client_factory=client_factory,
                          on_status=lambda pos, text: _worker_messages.put(("status", pos, text)))
    except KeyboardInterrupt:
        # The story is recorded as being filmed and its run as failed: a resumed batch goes on with it.
        # Ending the worker (not taking the next story) is how the pool stops.
        os._exit(130)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


# --- the summary -----------------------------------------------------------------------------------


@dataclass
class StoryRow:
    """One row of the batch's table: how a story went, and where its film and report are."""

    position: int
    story_id: str
    run: str | None
    status: str
    scenes: int  # scenes with a clip
    scenes_planned: int
    unresolved: int  # scenes kept at the round limit without consensus
    facts_shown: int
    facts: int
    seconds: float
    error: str | None
    film: str | None
    report: str | None


def story_rows(store: RunStore, batch: BatchInfo) -> list[StoryRow]:
    """The table of a batch, read from the store (the bench's columns that the store keeps)."""
    from animdirector.memory.layout import version_dir

    rows = []
    for story in batch.stories:
        row = StoryRow(story.position, story.story_id, story.run, story.status, 0, 0, 0, 0, 0, story.seconds,
                       story.error, None, None)
        run = _recorded_run(store, story)
        if run is not None:
            version = store.latest_version(run.id)
            for scene in store.scenes(run.id, version):
                row.scenes_planned += 1
                result = scene.result or {}
                if result:
                    row.scenes += 1
                    row.unresolved += not result.get("resolved", False)
                    facts = result.get("facts", [])
                    row.facts_shown += sum(bool(f.get("passed")) for f in facts)
                    row.facts += len(facts)
            folder = version_dir(store.path.parent, run.id, version)
            row.film = str(folder / "film.mp4") if (folder / "film.mp4").exists() else None
            row.report = str(folder / "report.html") if (folder / "report.html").exists() else None
        rows.append(row)
    return rows


def write_summary(batch: BatchInfo, rows: list[StoryRow], out_dir: Path) -> tuple[Path, Path]:
    """`batch-<id>.json` and `batch-<id>.html` in `out_dir`; the page links each film and report."""
    from dataclasses import asdict

    from animdirector.memory.artifacts import atomic_write_text

    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out_dir / f"batch-{batch.id}.json", out_dir / f"batch-{batch.id}.html"
    summary = {"batch": batch.id, "input": batch.input, "options": batch.options,
               "created": batch.created.isoformat(), "finished": batch.finished.isoformat() if batch.finished else None,
               "all_done": all(r.status == "done" for r in rows), "stories": [asdict(r) for r in rows]}
    atomic_write_text(json_path, json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
    atomic_write_text(html_path, summary_html(batch, rows, html_path))
    return json_path, html_path


def summary_html(batch: BatchInfo, rows: list[StoryRow], page: Path) -> str:
    """A plain page: one table row per story, film and report linked relative to the page, every
    text escaped (the report's own escaping rules)."""
    from animdirector.report import _e as escape, _url as url, relative_path

    def link(path: str | None, label: str) -> str:
        return f'<a href="{url(relative_path(path, page))}">{label}</a>' if path else "-"

    body = "\n".join(
        f"<tr class=\"{escape(r.status)}\"><td>{escape(r.story_id)}</td><td>{escape(r.run or '-')}</td>"
        f"<td>{escape(r.status)}</td><td>{r.scenes}/{r.scenes_planned}</td><td>{r.unresolved}</td>"
        f"<td>{r.facts_shown}/{r.facts}</td><td>{r.seconds:.0f}</td><td>{link(r.film, 'film')}</td>"
        f"<td>{link(r.report, 'report')}</td><td>{escape(r.error or '')}</td></tr>"
        for r in rows
    )
    done = sum(r.status == "done" for r in rows)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Batch {escape(batch.id)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #2b2b2b; }}
table {{ border-collapse: collapse; }} th, td {{ padding: .3rem .7rem; border-bottom: 1px solid #ddd; text-align: left; }}
tr.failed td {{ color: #a12a2a; }} tr.partial td {{ color: #8a6d1f; }}
</style></head>
<body>
<h1>Batch {escape(batch.id)}</h1>
<p>{escape(batch.input)} · {done} of {len(rows)} films done · started {escape(f"{batch.created:%Y-%m-%d %H:%M}")}</p>
<table>
<tr><th>story</th><th>run</th><th>status</th><th>scenes</th><th>unresolved</th><th>facts shown</th><th>seconds</th>
<th>film</th><th>report</th><th>error</th></tr>
{body}
</table>
</body></html>
"""
