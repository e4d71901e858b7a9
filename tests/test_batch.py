"""`animdirector batch`: many stories filmed as runs, recorded as a batch that survives an
interruption, with one story's failure kept to itself.

Real renderer, critic, store and film; the language model answers from a script (by schema),
so the stories are short variations of the replayed production's Max-and-Lily story.
"""

import json
import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest
from helpers.schema_replay import SchemaReplay
from test_production_replay import SCENARIO, answers

from animdirector.batch import film_batch, read_stories, start_batch, story_rows, write_summary
from animdirector.cli import main
from animdirector.config import Config, ConfigError
from animdirector.memory.store import RunStore, UnknownBatch

STORIES = [
    {"id": "ball", "story": "Max was a little brown dog. Lily threw a red ball in the park, and Max ran after it."},
    {"id": "found", "story": "Lily and her dog Max played in the park. Max found the red ball and brought it to Lily."},
    {"id": "sunset", "story": "At sunset Lily threw the red ball, and Max caught it and wagged his tail."},
]
# Short films: one scene, small frames (the options a user gives on the command line).
OPTIONS = {"scenes": 1, "size": (320, 180), "seconds_per_scene": 1.5, "fps": 12, "team": {"candidates": 1, "max_rounds": 1}}
CLI_OPTIONS = ["--scenes", "1", "--size", "320x180", "--seconds", "1.5", "--fps", "12", "--candidates", "1", "--max-rounds", "1"]


@pytest.fixture
def config():
    return Config(threads=1)


def replay(scenario):
    return SchemaReplay(answers())


class Recording:
    """A client factory that remembers which stories it made clients for, and the clients."""

    def __init__(self):
        self.stories, self.clients = [], []

    def __call__(self, scenario):
        self.stories.append(scenario.narrative)
        self.clients.append(SchemaReplay(answers()))
        return self.clients[-1]


class Interrupted(SchemaReplay):
    """Answers like the script until the first scene's layout is asked for: then Ctrl-C arrives
    (pre-production is done and saved, the scene is not)."""

    def _next(self, messages, json_output):
        if getattr(json_output, "__name__", "") == "Staging":
            raise KeyboardInterrupt
        return super()._next(messages, json_output)


class Broken(SchemaReplay):
    async def create(self, *args, **kwargs):
        raise RuntimeError("the model went away")


def write_json(tmp_path, stories=STORIES):
    path = tmp_path / "stories.json"
    path.write_text(json.dumps({"stories": stories}))
    return path


@pytest.mark.slow
def test_a_batch_of_three_stories_makes_three_films_a_table_a_summary_and_a_page(tmp_path, config, monkeypatch, capsys):
    monkeypatch.setattr("animdirector.agents.llm.make_model_client", lambda config, seed=0, **kw: SchemaReplay(answers()))
    out = tmp_path / "out"
    code = main(["batch", str(write_json(tmp_path)), *CLI_OPTIONS, "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    summary = json.loads(next(out.glob("batch-*.json")).read_text())
    assert summary["all_done"] and [s["story_id"] for s in summary["stories"]] == ["ball", "found", "sunset"]
    store = RunStore.at_home(config.home())
    runs = [s["run"] for s in summary["stories"]]
    assert len(set(runs)) == 3 and sorted(runs) == sorted(r.id for r in store.list_runs())
    for story in summary["stories"]:
        run = store.get_run(story["run"])
        assert run.status == "done" and run.title == f"Story {story['story_id']}"
        assert run.scenario["scenes"] == 1 and run.scenario["size"] == [320, 180]
        assert story["scenes"] == 1 and story["error"] is None
        assert story["film"].endswith("film.mp4") and Path(story["film"]).exists()
    # the table on stdout names every run; without a terminal, progress is plain lines on stderr
    for run in runs:
        assert run in captured.out
    assert re.search(r"\] ball: done", captured.err)
    # the page links each film and report relative to itself
    page = next(out.glob("batch-*.html")).read_text()
    for run in runs:
        assert re.search(rf'href="(\.\./)+[^"]*runs/{run}/v1/film\.mp4"', page)
        assert re.search(rf'href="(\.\./)+[^"]*runs/{run}/v1/report\.html"', page)


@pytest.mark.slow
def test_an_interrupted_batch_resumes_the_half_made_film_and_skips_the_finished_one(tmp_path, config):
    store = RunStore.at_home(config.home())
    path = tmp_path / "stories.txt"
    path.write_text("\n\n".join(s["story"] for s in STORIES) + "\n")
    batch = start_batch(store, path, OPTIONS)

    def interrupt_the_second(scenario):
        return Interrupted(answers()) if scenario.narrative == STORIES[1]["story"] else SchemaReplay(answers())

    with pytest.raises(KeyboardInterrupt):
        film_batch(config, batch.id, client_factory=interrupt_the_second)
    first, second, third = store.get_batch(batch.id).stories
    assert first.status == "done" and second.status == "running" and third.status == "pending"
    half_made = second.run
    assert half_made and third.run is None and store.get_run(half_made).status == "failed"

    asked = Recording()
    resumed = film_batch(config, batch.id[:-1], client_factory=asked)  # a unique prefix of the id is enough
    assert [s.status for s in resumed.stories] == ["done", "done", "done"]
    assert resumed.stories[0].run == first.run and resumed.stories[1].run == half_made  # the same runs, continued
    assert asked.stories == [STORIES[1]["story"], STORIES[2]["story"]]  # the finished film was not made again
    assert len(store.list_runs()) == 3 and resumed.finished is not None
    # the half-made film went on from its saved pre-production: only the scene was asked for
    assert "CastNotes" not in asked.clients[0].asked and "Staging" in asked.clients[0].asked
    assert asked.clients[1].asked[0] == "CastNotes"
    assert store.get_run(half_made).status == "done"


@pytest.mark.slow
def test_a_story_that_fails_is_recorded_with_its_error_and_the_others_are_filmed(tmp_path, config):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "1-good.yaml").write_text(SCENARIO.read_text())
    (folder / "2-bad.yaml").write_text("title: Bad\nnarrative: A dog.\nscenes: 2\ncolour: red\n")
    (folder / "3-crash.txt").write_text(STORIES[0]["story"])
    (folder / "4-good.txt").write_text(STORIES[1]["story"])
    store = RunStore.at_home(config.home())
    batch = start_batch(store, folder, OPTIONS)

    def crash_the_third(scenario):
        return Broken(answers()) if scenario.narrative == STORIES[0]["story"] else SchemaReplay(answers())

    done = film_batch(config, batch.id, client_factory=crash_the_third)
    assert [s.status for s in done.stories] == ["done", "failed", "failed", "done"]
    bad, crashed = done.stories[1].error, done.stories[2].error
    assert "2-bad.yaml:4" in bad and "colour" in bad and "allowed here" in bad and done.stories[1].run is None
    assert crashed == "RuntimeError: the model went away" and store.get_run(done.stories[2].run).status == "failed"
    # resumed with a working model, the crashed story is filmed; the unreadable one stays as it was
    again = film_batch(config, batch.id, client_factory=replay)
    assert [s.status for s in again.stories] == ["done", "failed", "done", "done"]
    assert again.stories[2].run == done.stories[2].run and again.stories[2].error is None
    rows = story_rows(store, again)
    json_path, html_path = write_summary(again, rows, tmp_path / "out")
    summary = json.loads(json_path.read_text())
    assert not summary["all_done"] and summary["stories"][1]["error"] == bad
    page = html_path.read_text()
    assert "&#x27;colour&#x27;" in page and "'colour'" not in page  # the error, escaped


def test_bad_inputs_name_the_file_and_what_is_allowed(tmp_path, config):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match=r"empty: no scenario files in this folder \(allowed: .yaml, .yml, .txt"):
        read_stories(tmp_path / "empty")
    broken = tmp_path / "broken.json"
    broken.write_text('{"stories": [\n  {"id": 1,}\n]}')
    with pytest.raises(ConfigError, match=r"broken.json:2: not valid JSON"):
        read_stories(broken)
    no_text = read_stories(write_json(tmp_path, [{"id": "x", "story": 3}, "A dog ran."]))
    assert no_text[0].error.endswith('story 1: expected a "story" text (a string), got int')
    assert no_text[1].scenario.narrative == "A dog ran." and no_text[1].story_id == "2"
    with pytest.raises(ConfigError, match=r"batch option size: size 100x50: must be 16:9"):
        start_batch(RunStore.at_home(config.home()), write_json(tmp_path), {"size": (100, 50)})
    with pytest.raises(UnknownBatch, match="no batch 'nope'"):
        RunStore.at_home(config.home()).get_batch("nope")


def test_the_command_wants_an_input_or_a_batch_to_resume(capsys):
    assert main(["batch"]) == 2
    assert "give an INPUT to start a batch, or --resume BATCH" in capsys.readouterr().err
    assert main(["batch", "--resume", "nope"]) == 2
    assert "no batch 'nope'" in capsys.readouterr().err
    assert main(["batch", "--resume", "nope", "--scenes", "3"]) == 2
    assert "a resumed batch films with the options it was started with" in capsys.readouterr().err


@pytest.mark.slow
def test_two_jobs_film_side_by_side_in_their_own_processes_sharing_the_threads(tmp_path):
    config = Config(threads=2)
    store = RunStore.at_home(config.home())
    batch = start_batch(store, write_json(tmp_path, STORIES[:2]), OPTIONS)
    done = film_batch(config, batch.id, jobs=2, client_factory=replay)  # `replay` reaches the workers by name
    assert [s.status for s in done.stories] == ["done", "done"]
    runs = [store.get_run(s.run) for s in done.stories]
    assert len({r.pid for r in runs}) == 2 and os.getpid() not in {r.pid for r in runs}
    assert [r.config["threads"] for r in runs] == [1, 1]


def transcript(store, run_id):
    """What a person would read of a run, with its id taken out (as the resume tests compare runs)."""
    from test_memory_resume_pipeline import by_scene

    return {
        "status": store.get_run(run_id).status,
        "messages": by_scene([(e.version, e.scene, e.round, e.agent, e.type, e.idem_key.split("/", 1)[1],
                               e.text.replace(run_id, "RUN")) for e in store.messages(run_id)], 1),
        "tool_calls": by_scene([(t.scene, t.round, t.agent, t.name, t.idem_key.split("/", 1)[1])
                                for t in store.tool_calls(run_id)], 0),
        "scores": sorted((s.idem_key.split("/", 1)[1], round(s.value, 4)) for s in store.scores(run_id)),
        "artifact_problems": store.verify_artifacts(run_id),
    }


@pytest.mark.slow
def test_on_a_local_ray_cluster_a_killed_worker_is_retried_and_its_film_equals_an_unbroken_one(tmp_path, monkeypatch):
    pytest.importorskip("ray")
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent))  # Ray's workers find `replay` by name
    config = Config(threads=2)
    store = RunStore.at_home(config.home())
    batch = start_batch(store, write_json(tmp_path), OPTIONS)
    finished, lines = {}, []
    driver = threading.Thread(target=lambda: finished.update(batch=film_batch(
        config, batch.id, jobs=2, client_factory=replay, ray_address="local", on_status=lambda *line: lines.append(line))))
    driver.start()
    killed = None
    while driver.is_alive() and killed is None:  # a Ray worker, mid-story: after pre-production, in a scene
        time.sleep(0.2)
        killed = next((r for r in store.list_runs() if r.status == "running" and r.pid != os.getpid()
                       and r.messages >= 6), None)
    assert killed is not None, "no story was seen being filmed"
    os.kill(killed.pid, signal.SIGKILL)
    driver.join()
    done = finished["batch"]
    assert [s.status for s in done.stories] == ["done", "done", "done"], [s.error for s in done.stories]
    assert len(store.list_runs()) == 3
    assert {(position, "cutting the film") for position in (1, 2, 3)} <= set(lines)  # the tasks' live lines
    story = next(s for s in done.stories if s.run == killed.id)
    # the same story filmed without a break, here, with a task's thread: the retried run says exactly what it says
    unbroken = start_batch(store, write_json(tmp_path, [STORIES[story.position - 1]]), OPTIONS)
    unbroken = film_batch(Config(threads=1), unbroken.id, client_factory=replay).stories[0].run
    got, expected = transcript(store, killed.id), transcript(store, unbroken)
    assert got["artifact_problems"] == expected["artifact_problems"] == []
    assert got == expected
