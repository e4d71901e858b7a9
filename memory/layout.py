"""Where a run's files live under the state directory (`Config().home()`).

    <home>/animdirector.db              the run store (SQLite, WAL)
    <home>/runs/<run_id>/artifacts/     files keyed by the hash of their inputs, shared by all versions
    <home>/runs/<run_id>/v<N>/          one version's outputs: film.mp4, report.html, bible.json, ...
"""

from __future__ import annotations

import os
from pathlib import Path

DB_NAME = "animdirector.db"


def db_path(home: str | os.PathLike) -> Path:
    return Path(home) / DB_NAME


def run_dir(home: str | os.PathLike, run_id: str) -> Path:
    """<home>/runs/<run_id>/ (created)."""
    if not run_id or "/" in run_id or "\\" in run_id or run_id.startswith("."):
        raise ValueError(f"run id {run_id!r} cannot name a folder")
    path = Path(home) / "runs" / run_id
    path.mkdir(parents=True, exist_ok=True)
    return path


def artifacts_dir(home: str | os.PathLike, run_id: str) -> Path:
    """<home>/runs/<run_id>/artifacts/ (created): the root of the run's ArtifactCache."""
    path = run_dir(home, run_id) / "artifacts"
    path.mkdir(exist_ok=True)
    return path


def version_dir(home: str | os.PathLike, run_id: str, version: int) -> Path:
    """<home>/runs/<run_id>/v<version>/ (created)."""
    if version < 1:
        raise ValueError(f"version {version}: versions start at 1")
    path = run_dir(home, run_id) / f"v{version}"
    path.mkdir(exist_ok=True)
    return path
