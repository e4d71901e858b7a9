"""Kill the real production with SIGKILL at several points, resume it, and compare with a run
that was never killed: the transcript must have nothing doubled and nothing lost.

The production is the real one (renderer, critic, run store, film) in its own process; only
the language model is scripted (tests/helpers/schema_replay.py), so two runs say the same
things. tests/helpers/production_worker.py kills itself inside a model call, inside a
render, inside a database write (transaction open) and inside an atomic file write.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from animdirector.memory import RunStore

pytestmark = pytest.mark.slow

WORKER = Path(__file__).parent / "helpers" / "production_worker.py"
KILLS = ["llm:3", "render:2", "db:6", "replace:4"]


def produce(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANIMDIRECTOR_HOME": str(home)}
    return subprocess.run([sys.executable, str(WORKER), str(home), *args], capture_output=True, text=True,
                          timeout=600, env=env)


def only_run(home: Path) -> str:
    with RunStore.at_home(home) as store:
        runs = store.list_runs()
    if len(runs) != 1:
        pytest.fail(f"expected one run in {home}, found {[r.id for r in runs]}")
    return runs[0].id


def by_scene(rows: list[tuple], scene_at: int) -> list[tuple]:
    """Rows grouped by scene, each scene's in the order they happened. A scene's clip renders while
    the next scene's chat begins (render_ahead), so how two scenes interleave depends on timing."""
    return sorted(rows, key=lambda r: -1 if r[scene_at] is None else r[scene_at])


def transcript(home: Path) -> dict:
    """What a person would read, with the run id taken out (it differs between the two runs)."""
    run_id = only_run(home)
    with RunStore.at_home(home) as store:
        return {
            "status": store.get_run(run_id).status,
            "messages": by_scene([
                (e.version, e.scene, e.round, e.agent, e.type, e.idem_key.split("/", 1)[1], e.text.replace(run_id, "RUN"))
                for e in store.messages(run_id)
            ], 1),
            "tool_calls": by_scene([(t.scene, t.round, t.agent, t.name, t.idem_key.split("/", 1)[1])
                                    for t in store.tool_calls(run_id)], 0),
            "scores": sorted((s.idem_key.split("/", 1)[1], round(s.value, 4)) for s in store.scores(run_id)),
            "artifact_problems": store.verify_artifacts(run_id),
            "artifact_kinds": sorted(a.kind for a in store.artifacts(run_id)),
        }


def test_production_killed_four_times_then_resumed_equals_an_unbroken_run(tmp_path):
    # Harness failures are pytest.fail (real failures); only the transcript comparison is the known bug.
    reference = produce(tmp_path / "unbroken")
    if reference.returncode != 0:
        pytest.fail(f"the unbroken production failed: {reference.stderr[-3000:]}")

    home = tmp_path / "killed"
    for i, kill in enumerate(KILLS):
        args = ["--kill-at", kill] + (["--resume", only_run(home)] if i else [])
        killed = produce(home, *args)
        if killed.returncode != -signal.SIGKILL:
            pytest.fail(f"--kill-at {kill} was never reached: {killed.stderr[-3000:]}")
    resumed = produce(home, "--resume", only_run(home))
    if resumed.returncode not in (0, 1):  # 1: it finished, but with a failed scene
        pytest.fail(f"the resumed production crashed: {resumed.stderr[-3000:]}")

    expected, got = transcript(tmp_path / "unbroken"), transcript(home)
    assert got["artifact_problems"] == [] and expected["artifact_problems"] == []
    assert got["messages"] == expected["messages"]
    assert got["status"] == expected["status"] == "done"
    assert got["tool_calls"] == expected["tool_calls"]
    assert got["scores"] == expected["scores"]
    assert got["artifact_kinds"] == expected["artifact_kinds"]
