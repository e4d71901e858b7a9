"""Shared test settings: one thread everywhere, and a temporary state directory."""

import os

import pytest

# Two busy libraries on two cores slow each other down severalfold: tests use one thread.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ["HF_HUB_OFFLINE"] = "1"


@pytest.fixture(autouse=True)
def _state_dir(tmp_path_factory, monkeypatch):
    """Each test gets its own ANIMDIRECTOR_HOME, unless it opts into the shared model cache."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ANIMDIRECTOR_HOME", str(home))
    yield home
