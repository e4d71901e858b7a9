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


# --- the real 0.5B model (LLM tests), joined once per session ------------------------------------

SMALL_MODEL = "qwen2.5-0.5b"


@pytest.fixture(scope="session")
def small_model_path(request, tmp_path_factory):
    """The verified 0.5B GGUF in a cache shared by all tests (skips if its part packages are absent).

    Joining 470 MB in every test's temporary ANIMDIRECTOR_HOME would cost seconds each: the
    file lives in $ANIMDIRECTOR_TEST_MODELS, else in pytest's cache folder, and is joined once.
    """
    from animdirector.agents.llm.weights import ensure_model, model_status

    cache = os.environ.get("ANIMDIRECTOR_TEST_MODELS")
    if not cache:
        pytest_cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
        cache = str(pytest_cache.mkdir("animdirector-models") if pytest_cache else tmp_path_factory.mktemp("models"))
    status = model_status(SMALL_MODEL, cache)
    if status.missing_packages:
        pytest.skip(f"the 0.5B model's part packages are not installed ({status.install_hint})")
    return ensure_model(SMALL_MODEL, cache)


@pytest.fixture
def small_model_home(small_model_path, _state_dir):
    """This test's ANIMDIRECTOR_HOME with the shared 0.5B GGUF linked into its model cache,
    so that `make_model_client(config)` finds it verified without joining it again."""
    from animdirector.agents.llm.weights import MARKER_SUFFIX

    cache = _state_dir / "models"
    cache.mkdir(exist_ok=True)
    for src in (small_model_path, small_model_path.with_name(small_model_path.name + MARKER_SUFFIX)):
        dst = cache / src.name
        try:
            os.link(src, dst)  # same inode, so the sidecar's size and mtime still match
        except OSError:
            os.symlink(src, dst)
    return _state_dir
