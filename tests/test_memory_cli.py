"""`animdirector runs` and `animdirector transcripts`, through the real entry point."""

from __future__ import annotations

import importlib
import json

import pytest

from animdirector import cli
from animdirector.config import load_config
from animdirector.memory import RunStore, idem_key


@pytest.fixture(autouse=True)
def _importable_commands(monkeypatch):
    """Other commands are written in parallel: test ours even while one of theirs is missing."""
    present = []
    for name in cli.COMMANDS:
        try:
            importlib.import_module(f"animdirector.commands.{name}")
        except ModuleNotFoundError:
            continue
        present.append(name)
    monkeypatch.setattr(cli, "COMMANDS", present)


@pytest.fixture
def run_id():
    """A small recorded run in the test's state directory: pre-production, one scene round, a revision."""
    with RunStore.at_home(load_config().home()) as store:
        run = store.create_run("Mia and the Lost Kite", scenario_path="scenarios/lost-kite.yaml")
        rid = run.id

        def key(scene, rnd, step):
            return idem_key(rid, 1, scene, rnd, step)

        store.add_message(rid, 1, "writer", "Mia, a girl in a red coat, flies her yellow kite.",
                          idem_key=key(None, None, "story"), tokens_in=300, tokens_out=40, latency_s=3.2)
        store.add_message(rid, 1, "screenwriter", "Scene 1: Mia runs across the park.",
                          idem_key=key(1, 1, "msg-0"), scene=1, round=1, tokens_in=200, tokens_out=30)
        store.add_tool_call(rid, 1, "render_candidates", {"scene": 1, "k": 2}, idem_key=key(1, 1, "tool-0"),
                            result={"images": ["c0.png", "c1.png"]}, duration_s=1.4, agent="art_director",
                            scene=1, round=1)
        store.add_score(rid, 1, "alignment", 0.312, scene=1, round=1, candidate=0)
        store.add_score(rid, 1, "alignment", 0.287, scene=1, round=1, candidate=1)
        store.add_message(rid, 1, "critic", "Candidate 0: the kite is yellow. Approved.",
                          idem_key=key(1, 1, "msg-1"), scene=1, round=1, type="consensus", payload={"choice": 0})
        store.add_message(rid, 1, "critic", "Round 2 check.", idem_key=key(1, 2, "msg-0"), scene=1, round=2)
        store.add_score(rid, 1, "motion_smoothness", 0.997, scene=1)  # scene-level: no round
        store.put_scene(rid, 1, 1, spec={"action": "runs"}, status="done")
        store.set_version_status(rid, 1, "done")
        store.add_version(rid, "make the kite green", changes={"scenes": [1]})
        store.set_run_status(rid, "done")
    return rid


def test_runs_lists_the_table(run_id, capsys):
    assert cli.main(["runs"]) == 0
    out = capsys.readouterr().out
    for text in [run_id, "Mia and the Lost Kite", "lost-kite.yaml", "done", "570"]:
        assert text in out
    for column in ["run", "status", "versions", "created", "duration", "tokens"]:  # title and scenario under the id
        assert column in out


def test_runs_json_lines(run_id, capsys):
    assert cli.main(["runs", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert (row["id"], row["status"], row["versions"], row["tokens_in"], row["tokens_out"]) == (run_id, "done", 2, 500, 70)
    assert row["duration_s"] >= 0


def test_runs_shows_one_run_with_its_versions(run_id, capsys):
    assert cli.main(["runs", run_id[:8]]) == 0
    out = capsys.readouterr().out
    assert run_id in out and "first cut" in out and "make the kite green" in out and "1/1 done" in out


def test_runs_when_there_are_none(capsys):
    assert cli.main(["runs"]) == 0
    assert "No runs yet" in capsys.readouterr().out


def test_transcript_is_readable_with_tools_and_scores_folded_in(run_id, capsys):
    assert cli.main(["transcripts", run_id]) == 0
    out = capsys.readouterr().out
    assert "v1 · pre-production" in out and "v1 · scene 1 · round 1" in out
    assert "Mia, a girl in a red coat" in out
    assert "→ render_candidates" in out and "c0.png" in out
    assert "★ scores #0 alignment 0.312 │ #1 alignment 0.287" in out
    assert "critic [consensus]" in out
    assert "★ scores motion_smoothness 0.997" in out
    assert out.count("v1 · scene 1") == 2  # a scene-level score stays in the round's section
    # in the order it happened
    assert out.index("Scene 1: Mia runs") < out.index("render_candidates") < out.index("scores") < out.index("Approved")


def test_transcript_filters(run_id, capsys):
    cli.main(["transcripts", run_id, "--agent", "CRITIC"])
    out = capsys.readouterr().out
    assert "Approved" in out and "Round 2 check" in out and "Mia runs" not in out and "scores" not in out
    cli.main(["transcripts", run_id, "--scene", "1", "--round", "2"])
    out = capsys.readouterr().out
    assert "Round 2 check" in out and "Approved" not in out
    cli.main(["transcripts", run_id, "--scene", "pre"])
    out = capsys.readouterr().out
    assert "red coat" in out and "Mia runs" not in out
    cli.main(["transcripts", run_id, "--version", "2"])
    assert "nothing recorded matches" in capsys.readouterr().out
    cli.main(["transcripts", run_id, "--tools"])
    out = capsys.readouterr().out
    assert "render_candidates" in out and '"k": 2' in out and "Approved" not in out


def test_transcript_json_lines_parse(run_id, capsys):
    assert cli.main(["transcripts", run_id, "--json"]) == 0
    items = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [i["kind"] for i in items] == ["event", "event", "tool_call", "score", "score", "event", "event", "score"]
    consensus = items[5]
    assert consensus["agent"] == "critic" and consensus["type"] == "consensus" and consensus["payload"] == {"choice": 0}
    assert items[2]["arguments"] == {"scene": 1, "k": 2} and items[2]["result"] == {"images": ["c0.png", "c1.png"]}
    cli.main(["transcripts", run_id, "--json", "-n", "2", "--agent", "critic"])
    last = [json.loads(line)["text"] for line in capsys.readouterr().out.splitlines()]
    assert last == ["Candidate 0: the kite is yellow. Approved.", "Round 2 check."]


def test_unknown_run_lists_recent_runs(run_id, capsys):
    assert cli.main(["transcripts", "no-such-run"]) == 2
    err = capsys.readouterr().err
    assert "no run 'no-such-run'" in err and run_id in err
    assert cli.main(["runs", "no-such-run"]) == 2
    assert run_id in capsys.readouterr().err


def test_bad_scene_value_is_a_clear_usage_error(run_id, capsys):
    with pytest.raises(SystemExit):
        cli.main(["transcripts", run_id, "--scene", "two"])
    assert "expected a scene number or 'pre'" in capsys.readouterr().err


def test_corrupt_database_is_reported_not_overwritten(capsys):
    path = load_config().home() / "animdirector.db"
    path.write_bytes(b"garbage" * 100)
    assert cli.main(["runs"]) == 2
    assert str(path) in capsys.readouterr().err
    assert path.read_bytes() == b"garbage" * 100


@pytest.mark.parametrize("command", ["runs", "transcripts"])
def test_help_has_examples(command, capsys):
    with pytest.raises(SystemExit):
        cli.main([command, "--help"])
    assert "examples:" in capsys.readouterr().out


def test_a_closed_pipe_ends_quietly(run_id):
    """`transcripts RUN --json | head -1`: one line, status 0, nothing on stderr."""
    import os
    import subprocess
    import sys

    with RunStore.at_home(load_config().home()) as store:  # more than a pipe's 64 KiB, so head closes it early
        for i in range(1500):
            store.add_message(run_id, 1, "critic", f"Round note {i}: " + "the kite is yellow. " * 4,
                              idem_key=idem_key(run_id, 1, 1, 3, f"note-{i}"), scene=1, round=3)
    shell = f"'{sys.executable}' -m animdirector transcripts {run_id} --json | head -1; exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, env=dict(os.environ), timeout=120)
    assert done.returncode == 0 and done.stderr == ""
    assert len(done.stdout.splitlines()) == 1 and json.loads(done.stdout)["run"] == run_id
