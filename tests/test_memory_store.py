"""The run store: runs, versions, scenes, idempotent appends, filters, migrations, refusals."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from animdirector.memory import (
    PRE,
    CorruptDatabase,
    NewerSchema,
    RunStore,
    UnknownRun,
    db_path,
    idem_key,
    run_dir,
    version_dir,
)
from animdirector.memory.store import LATEST_SCHEMA

HELPERS = Path(__file__).parent / "helpers"


@pytest.fixture
def store(tmp_path):
    with RunStore.at_home(tmp_path) as s:
        yield s


def test_create_run_gives_readable_unique_ids_and_version_one(store):
    runs = [store.create_run("Mia and the Lost Kite!") for _ in range(5)]
    ids = [r.id for r in runs]
    assert len(set(ids)) == 5
    for run_id in ids:
        assert run_id.startswith("mia-and-the-lost-kite-")
        assert len(run_id.rsplit("-", 1)[1]) == 4
    run = store.get_run(ids[0])
    assert run.status == "running" and run.versions == 1 and run.finished is None
    assert [v.number for v in store.versions(run.id)] == [1]


def test_run_stores_scenario_config_and_status(store, tmp_path):
    scenario_file = tmp_path / "kite.yaml"
    scenario_file.write_text("title: x\n")
    run = store.create_run("Kite", scenario={"title": "Kite", "scenes": 3}, config={"threads": 1},
                           scenario_path=scenario_file)
    assert run.scenario == {"title": "Kite", "scenes": 3}
    assert run.config == {"threads": 1}
    assert run.scenario_path == str(scenario_file.resolve())
    store.set_run_status(run.id, "partial")
    again = store.get_run(run.id)
    assert again.status == "partial" and again.finished is not None
    assert [r.id for r in store.unfinished_runs(scenario_file)] == [run.id]
    with pytest.raises(ValueError, match="allowed are running, done, partial, failed"):
        store.set_run_status(run.id, "exploded")


def test_list_runs_newest_first_with_totals(store):
    first = store.create_run("First")
    second = store.create_run("Second")
    store.add_message(first.id, 1, "writer", "hi", idem_key="k1", tokens_in=100, tokens_out=20)
    store.add_message(first.id, 1, "critic", "ok", idem_key="k2", tokens_in=50, tokens_out=5)
    runs = store.list_runs()
    assert [r.id for r in runs] == [second.id, first.id]
    assert (runs[1].tokens_in, runs[1].tokens_out, runs[1].messages) == (150, 25, 2)
    assert [r.id for r in store.list_runs(limit=1)] == [second.id]


def test_unknown_run_lists_recent_runs(store):
    assert "no runs yet" in str(pytest.raises(UnknownRun, store.get_run, "nope").value)
    made = [store.create_run(f"Story {i}") for i in range(3)]
    with pytest.raises(UnknownRun) as err:
        store.get_run("nope")
    message = str(err.value)
    assert "'nope'" in message and "recent runs" in message
    for run in made:
        assert run.id in message


def test_unique_prefix_finds_a_run_and_ambiguous_prefix_says_so(store):
    a = store.create_run("Alpha")
    store.create_run("Beta one")
    store.create_run("Beta two")
    assert store.get_run("alp").id == a.id
    with pytest.raises(UnknownRun, match="ambiguous"):
        store.get_run("beta")


def test_versions_record_parent_reason_and_changes(store):
    run = store.create_run("Kite")
    v2 = store.add_version(run.id, "make the kite green", changes={"characters": ["kite"], "scenes": [2]})
    v3 = store.add_version(run.id, "scene 3 darker", parent=1)
    assert (v2, v3) == (2, 3)
    versions = store.versions(run.id)
    assert [(v.number, v.parent, v.reason) for v in versions] == [
        (1, None, "first cut"), (2, 1, "make the kite green"), (3, 1, "scene 3 darker")]
    assert versions[1].changes == {"characters": ["kite"], "scenes": [2]}
    store.set_version_status(run.id, 2, "done")
    assert store.versions(run.id)[1].status == "done"
    assert store.latest_version(run.id) == 3
    assert store.get_run(run.id).versions == 3


def test_scenes_upsert_and_reuse_by_inputs_hash(store):
    run = store.create_run("Kite")
    store.put_scene(run.id, 1, 1, spec={"action": "runs"}, status="running", inputs_hash="a" * 64)
    store.put_scene(run.id, 1, 1, status="done", verdict="approved", result={"clip": "c.mp4"})
    store.put_scene(run.id, 1, 2, spec={"action": "falls"}, status="unresolved")
    scenes = store.scenes(run.id, 1)
    assert [(s.index, s.status) for s in scenes] == [(1, "done"), (2, "unresolved")]
    assert scenes[0].spec == {"action": "runs"} and scenes[0].verdict == "approved"
    assert scenes[0].result == {"clip": "c.mp4"}
    assert store.find_scene(run.id, "a" * 64).index == 1
    assert store.find_scene(run.id, "b" * 64) is None


def test_appends_are_idempotent(store):
    run = store.create_run("Kite")
    key = idem_key(run.id, 1, 2, 1, "msg-0")
    assert key == f"{run.id}/v1/s2/r1/msg-0"
    assert store.add_message(run.id, 1, "writer", "first", idem_key=key, scene=2, round=1) is True
    assert store.add_message(run.id, 1, "writer", "replayed", idem_key=key, scene=2, round=1) is False
    tkey = idem_key(run.id, 1, 2, 1, "tool-0")
    assert store.add_tool_call(run.id, 1, "render", {"k": 3}, idem_key=tkey, result=[1]) is True
    assert store.add_tool_call(run.id, 1, "render", {"k": 3}, idem_key=tkey, result=[2]) is False
    assert store.add_score(run.id, 1, "clip", 0.3, scene=2, round=1, candidate=0) is True
    assert store.add_score(run.id, 1, "clip", 0.9, scene=2, round=1, candidate=0) is False
    assert [m.text for m in store.messages(run.id)] == ["first"]
    assert [t.result for t in store.tool_calls(run.id)] == [[1]]
    assert [s.value for s in store.scores(run.id)] == [pytest.approx(0.3)]
    assert store.has_event(key) and store.has_event(tkey) and not store.has_event("other")
    assert store.get_event(key).text == "first"
    assert store.completed_steps(run.id, 1) == {key, tkey, f"{run.id}/v1/s2/r1/score/0/clip"}
    with pytest.raises(ValueError, match="idem_key"):
        store.add_message(run.id, 1, "writer", "x", idem_key="")


def test_message_fields_and_filters(store):
    run = store.create_run("Kite")
    other = store.create_run("Other")
    rows = [  # (version, scene, round, agent, type)
        (1, None, None, "writer", "message"),
        (1, 1, 1, "screenwriter", "message"),
        (1, 1, 1, "critic", "message"),
        (1, 1, 2, "critic", "consensus"),
        (1, 2, 1, "Critic", "message"),
        (2, 1, 1, "critic", "message"),
    ]
    for i, (version, scene, rnd, agent, type_) in enumerate(rows):
        store.add_message(run.id, version, agent, f"m{i}", idem_key=f"k{i}", scene=scene, round=rnd, type=type_,
                          payload={"i": i}, tokens_in=i, tokens_out=2 * i, cached_tokens=1, latency_s=0.5,
                          model="qwen")
    store.add_message(other.id, 1, "critic", "elsewhere", idem_key="other")

    def texts(**filters):
        return [m.text for m in store.messages(run.id, **filters)]

    assert texts() == ["m0", "m1", "m2", "m3", "m4", "m5"]
    assert texts(version=1, scene=1) == ["m1", "m2", "m3"]
    assert texts(scene=PRE) == ["m0"]
    assert texts(agent="CRITIC") == ["m2", "m3", "m4", "m5"]
    assert texts(scene=1, round=2) == ["m3"]
    assert texts(type="consensus") == ["m3"]
    assert texts(limit=2) == ["m4", "m5"]
    m = store.messages(run.id, type="consensus")[0]
    assert (m.payload, m.tokens_in, m.tokens_out, m.cached_tokens, m.latency_s, m.model) == ({"i": 3}, 3, 6, 1, 0.5, "qwen")


def test_tool_calls_scores_and_timeline(store):
    run = store.create_run("Kite")
    store.add_message(run.id, 1, "art_director", "rendering", idem_key="m0", scene=1, round=1)
    store.add_tool_call(run.id, 1, "render", {"k": 2}, idem_key="t0", result={"paths": ["a", "b"]},
                        agent="art_director", scene=1, round=1, duration_s=1.5)
    store.add_tool_call(run.id, 1, "render", {"k": 2}, idem_key="t1", error="out of memory",
                        agent="art_director", scene=1, round=2)
    store.add_score(run.id, 1, "alignment", 0.31, scene=1, round=1, candidate=0)
    store.add_score(run.id, 1, "alignment", 0.25, scene=1, round=1, candidate=1)
    store.add_message(run.id, 1, "critic", "pick 0", idem_key="m1", scene=1, round=1)
    calls = store.tool_calls(run.id)
    assert [(c.name, c.arguments, c.result, c.error, c.duration_s) for c in calls] == [
        ("render", {"k": 2}, {"paths": ["a", "b"]}, None, 1.5), ("render", {"k": 2}, None, "out of memory", None)]
    assert len(store.tool_calls(run.id, round=2)) == 1
    assert [s.candidate for s in store.scores(run.id, metric="alignment")] == [0, 1]
    assert [s.value for s in store.scores(run.id, candidate=1)] == [0.25]
    kinds = [it.kind for it in store.timeline(run.id)]
    assert kinds == ["event", "tool_call", "tool_call", "score", "score", "event"]
    assert [it.kind for it in store.timeline(run.id, agent="critic")] == ["event"]
    assert [it.kind for it in store.timeline(run.id, tools=False, scores=False)] == ["event", "event"]
    # -n counts messages: the last one, with nothing before it
    assert [it.kind for it in store.timeline(run.id, limit=1)] == ["event"]
    # the last two: everything from the first of them on
    assert [it.kind for it in store.timeline(run.id, limit=2)] == kinds
    assert [it.kind for it in store.timeline(run.id, agent="art_director", limit=1)] == ["event", "tool_call", "tool_call"]


def test_team_state_round_trips(store):
    run = store.create_run("Kite")
    assert store.load_team_state(run.id, 1, 2) is None
    store.save_team_state(run.id, 1, 2, {"agent_states": {"critic": {"n": 1}}})
    store.save_team_state(run.id, 1, 2, {"agent_states": {"critic": {"n": 2}}})
    store.save_team_state(run.id, 1, None, {"pre": True})
    assert store.load_team_state(run.id, 1, 2) == {"agent_states": {"critic": {"n": 2}}}
    assert store.load_team_state(run.id, 1, None) == {"pre": True}


def test_artifacts_record_sha256_and_verify(store, tmp_path):
    run = store.create_run("Kite")
    f = tmp_path / "a.png"
    f.write_bytes(b"png bytes")
    art = store.add_artifact(run.id, f, "scene-image", inputs_hash="c" * 64)
    assert art.sha256 == hashlib.sha256(b"png bytes").hexdigest() and art.size == 9
    assert store.add_artifact(run.id, f, "scene-image", inputs_hash="c" * 64).id == art.id  # no duplicate row
    assert store.find_artifact(run.id, "c" * 64, "scene-image").path == str(f.resolve())
    assert store.verify_artifacts(run.id) == []
    f.write_bytes(b"changed")
    assert "SHA-256 differs" in store.verify_artifacts(run.id)[0]
    assert store.find_artifact(run.id, "c" * 64, "scene-image") is None
    f.unlink()
    assert "missing" in store.verify_artifacts(run.id)[0]
    with pytest.raises(FileNotFoundError):
        store.add_artifact(run.id, tmp_path / "none.png", "x")


def test_payloads_with_datetimes_and_models_are_stored(store):
    from datetime import datetime, timezone

    from animdirector.memory import CharacterEntry

    run = store.create_run("Kite")
    when = datetime(2026, 1, 2, tzinfo=timezone.utc)
    store.add_message(run.id, 1, "a", "t", idem_key="k", payload={"at": when, "who": CharacterEntry(name="Mia")})
    payload = store.messages(run.id)[0].payload
    assert payload["at"].startswith("2026-01-02") and payload["who"]["name"] == "Mia"


def test_run_layout(tmp_path):
    assert db_path(tmp_path) == tmp_path / "animdirector.db"
    assert run_dir(tmp_path, "kite-1a2b") == tmp_path / "runs" / "kite-1a2b"
    assert version_dir(tmp_path, "kite-1a2b", 2).is_dir()
    with pytest.raises(ValueError):
        run_dir(tmp_path, "../escape")


# --- migrations and refusals ----------------------------------------------------------------------


def test_schema_migrations_are_recorded_and_reopening_is_a_no_op(tmp_path):
    path = tmp_path / "animdirector.db"
    RunStore(path).close()
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT version, name FROM schema_migrations").fetchall()
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    assert [r[0] for r in rows] == list(range(1, LATEST_SCHEMA + 1))
    assert mode == "wal"
    with RunStore(path) as again:
        assert again.schema_version() == LATEST_SCHEMA


def test_a_database_of_the_first_schema_is_upgraded_and_keeps_its_scenes(tmp_path, monkeypatch):
    import animdirector.memory.store as store_module

    path = tmp_path / "animdirector.db"
    monkeypatch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:1])
    monkeypatch.setattr(store_module, "LATEST_SCHEMA", 1)
    with RunStore(path) as old:
        run = old.create_run("Old film")
        conn = old._conn
        conn.execute("INSERT INTO scenes (run, version, idx, inputs_hash, status, updated) VALUES (?, 1, 1, 'abc', 'done', '2026-12-07T15:00:00+00:00')",
                     (run.id,))
        conn.commit()
    monkeypatch.undo()
    with RunStore(path) as new:
        assert new.schema_version() == LATEST_SCHEMA
        assert new.find_scene(run.id, "abc").index == 1
        assert new.find_scene(run.id, "pic", picture=True) is None
        new.put_scene(run.id, 1, 1, status="done", inputs_hash="abc", picture_hash="pic")
        assert new.find_scene(run.id, "pic", picture=True).index == 1


def _checkpointed(path: Path) -> bytes:
    """The database's bytes with its WAL folded in (what a newer version would leave behind)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    return path.read_bytes()


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "animdirector.db"
    with RunStore(path) as s:
        s.create_run("Kept")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', 'later')", (LATEST_SCHEMA + 5,))
    conn.commit()
    conn.close()
    before = _checkpointed(path)
    with pytest.raises(NewerSchema) as err:
        RunStore(path)
    message = str(err.value)
    assert str(path) in message and f"schema {LATEST_SCHEMA + 5}" in message and "untouched" in message
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [
        b"this is not a database at all\n" * 100,
        b"SQLite format 3\x00" + b"\xff" * 4000,  # right header, garbage after it
        b"\x00" * 8192,
    ],
    ids=["text", "bad-pages", "zeros"],
)
def test_corrupt_file_is_refused_named_and_left_untouched(tmp_path, content):
    path = tmp_path / "animdirector.db"
    path.write_bytes(content)
    with pytest.raises(CorruptDatabase) as err:
        RunStore(path)
    assert str(path) in str(err.value) and "untouched" in str(err.value)
    assert path.read_bytes() == content
    assert not Path(str(path) + "-wal").exists()


def test_someone_elses_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "animdirector.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(CorruptDatabase, match="not animdirector's"):
        RunStore(path)
    assert path.read_bytes() == before


# --- two processes --------------------------------------------------------------------------------


def test_many_processes_opening_a_new_state_directory_at_once_all_succeed(tmp_path):
    """Several `animdirector` commands started together on an empty home: none may fail with
    'database is locked' (SQLite refuses a concurrent switch to WAL without waiting)."""
    opener = "import sys; from animdirector.memory import RunStore; RunStore.at_home(sys.argv[1]).close()"
    for attempt in range(5):
        home = tmp_path / f"home{attempt}"
        procs = [
            subprocess.Popen([sys.executable, "-c", opener, str(home)], stderr=subprocess.PIPE, text=True)
            for _ in range(6)
        ]
        errors = [p.communicate(timeout=120)[1] for p in procs]
        assert [p.returncode for p in procs] == [0] * 6, "\n".join(errors)
        conn = sqlite3.connect(home / "animdirector.db")
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == LATEST_SCHEMA
        conn.close()


def test_two_processes_writing_at_once_stay_separate(tmp_path):
    """Two runs of the same story, in two processes, writing the same database at the same time."""
    steps = 40
    procs = [
        subprocess.Popen(
            [sys.executable, str(HELPERS / "memory_worker.py"), str(tmp_path), "-", str(steps),
             "--create-title", "Same Story"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outputs):
        assert p.returncode == 0, err
    ids = [out.split()[0] for out, _ in outputs]
    assert ids[0] != ids[1] and all(i.startswith("same-story-") for i in ids)
    with RunStore.at_home(tmp_path) as store:
        for run_id in ids:
            messages = store.messages(run_id)
            assert [m.text for m in messages] == [f"step {i}" for i in range(steps)]
            assert all(m.run == run_id for m in messages)
            assert len(store.tool_calls(run_id)) == steps
            assert len(store.scores(run_id)) == 2 * steps
            assert store.verify_artifacts(run_id) == []
            assert store.get_run(run_id).status == "done"


def test_real_database_damaged_in_the_middle_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "animdirector.db"
    with RunStore(path) as store:
        run = store.create_run("Long")
        for i in range(1500):
            store.add_message(run.id, 1, "writer", "words " * 60, idem_key=f"k{i}")
    damaged = bytearray(_checkpointed(path))
    middle = len(damaged) // 2
    damaged[middle : middle + 8192] = b"\xff" * 8192
    path.write_bytes(bytes(damaged))
    with pytest.raises(CorruptDatabase) as err:
        RunStore(path)
    assert str(path) in str(err.value)
    assert path.read_bytes() == bytes(damaged)
