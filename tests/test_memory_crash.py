"""Kill a real process with SIGKILL mid-work, resume it, and check nothing is lost or doubled.

tests/helpers/memory_worker.py stands in for a production run: per step it renders an
artifact (atomic write), "calls the LLM" and records a message, a tool call and two
scores, all with idem_keys. We kill it at precise points (inside the artifact write,
between the file and its record, during the LLM call, inside an open database
transaction, between appends) and at random moments, then run it again to the end.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from animdirector.memory import RunStore, artifacts_dir
from animdirector.memory.artifacts import sha256_file

HELPERS = Path(__file__).parent / "helpers"
STEPS = 12
RUN = "crash-test-0001"


def worker(home: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(HELPERS / "memory_worker.py"), str(home), RUN, str(STEPS), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def run_to_end(home: Path, *extra: str) -> int:
    proc = worker(home, *extra)
    _out, err = proc.communicate(timeout=120)
    if proc.returncode not in (0, -signal.SIGKILL):
        raise AssertionError(f"worker failed ({proc.returncode}): {err}")
    return proc.returncode


def assert_complete(home: Path) -> None:
    """Exactly one of everything, in step order, and every artifact's hash matches its file."""
    with RunStore.at_home(home) as store:
        messages = store.messages(RUN)
        assert [m.text for m in messages] == [f"step {i}" for i in range(STEPS)]
        assert len({m.idem_key for m in messages}) == STEPS
        assert all(m.agent == "writer" for m in messages)  # the half-written transaction left nothing
        calls = store.tool_calls(RUN)
        assert [c.arguments["step"] for c in calls] == list(range(STEPS))
        scores = store.scores(RUN)
        assert sorted((s.candidate, s.metric) for s in scores) == sorted(
            (i, m) for i in range(STEPS) for m in ("alignment", "identity"))
        artifacts = store.artifacts(RUN)
        assert len(artifacts) == STEPS
        for art in artifacts:
            assert sha256_file(art.path) == art.sha256
        assert store.verify_artifacts(RUN) == []
        assert store.get_run(RUN).status == "done"
        assert store.get_run(RUN).tokens_out == sum(range(STEPS))
    files = sorted(p.name for p in (artifacts_dir(home, RUN) / "frame").iterdir())
    assert len(files) == STEPS, files  # no leftover temporary files, no extra copies


PHASES = ["artifact-half", "artifact-unrecorded", "llm", "message-tx", "after-message", "scores-half"]


@pytest.mark.parametrize("phase", PHASES)
def test_sigkill_at_each_point_then_resume(tmp_path, phase):
    assert run_to_end(tmp_path, "--crash", f"4:{phase}") == -signal.SIGKILL
    with RunStore.at_home(tmp_path) as store:
        assert store.get_run(RUN).interrupted  # the dead process is noticed
        assert len(store.messages(RUN)) in (4, 5)
    assert run_to_end(tmp_path) == 0
    assert_complete(tmp_path)


def test_killed_many_times_in_a_row_then_resumed(tmp_path):
    """Several crashes at different steps and points of the same run, each resumed by the next."""
    for step, phase in [(1, "artifact-half"), (3, "message-tx"), (3, "after-message"), (7, "llm"), (9, "scores-half")]:
        assert run_to_end(tmp_path, "--crash", f"{step}:{phase}") == -signal.SIGKILL
    assert run_to_end(tmp_path) == 0
    assert_complete(tmp_path)
    assert run_to_end(tmp_path) == 0  # a finished run replayed adds nothing
    assert_complete(tmp_path)


def test_sigkill_at_random_moments_from_outside(tmp_path):
    """Kill from another process at unplanned moments (the worker sleeps as if waiting for an LLM)."""
    rng = random.Random(5)
    progress = []
    for _ in range(4):
        proc = worker(tmp_path, "--delay", "0.05")
        for _ in range(rng.randint(1, 2)):  # wait until it has finished a step or two more...
            assert proc.stdout.readline().startswith("done"), proc.stderr.read()
        time.sleep(rng.random() * 0.05)  # ...then kill it somewhere inside the next one
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        with RunStore.at_home(tmp_path) as store:
            progress.append(len(store.messages(RUN)))
    assert all(0 < n < STEPS for n in progress), progress
    assert progress == sorted(progress)  # each resume went on from where the last one stopped
    assert run_to_end(tmp_path) == 0
    assert_complete(tmp_path)
