"""Inputs hashing and atomic, content-keyed artifacts."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import BaseModel

from animdirector.memory import ArtifactCache, atomic_save, atomic_write_bytes, canonical_json, inputs_hash


class Layout(BaseModel):
    x: float
    names: tuple[str, ...]


@dataclass
class Shot:
    zoom: float


def test_inputs_hash_is_canonical():
    a = {"seed": 1, "size": (768, 432), "layout": Layout(x=2.0, names=("Mia",)), "shot": Shot(1.0)}
    b = {"shot": {"zoom": 1}, "layout": {"names": ["Mia"], "x": 2}, "size": [768, 432], "seed": 1}
    assert canonical_json(a) == canonical_json(b)
    assert inputs_hash(a) == inputs_hash(b)
    assert len(inputs_hash(a)) == 64
    assert inputs_hash({"seed": 2}) != inputs_hash({"seed": 1})
    assert inputs_hash({"p": Path("a/b.png")}) == inputs_hash({"p": "a/b.png"})
    with pytest.raises(TypeError, match="cannot hash an input of type object"):
        inputs_hash({"x": object()})


def test_atomic_write_replaces_whole_files_only(tmp_path):
    target = tmp_path / "deep" / "film.mp4"
    atomic_write_bytes(target, b"first")
    assert target.read_bytes() == b"first"

    def broken_writer(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise RuntimeError("encoder crashed")

    with pytest.raises(RuntimeError, match="encoder crashed"):
        atomic_save(target, broken_writer)
    assert target.read_bytes() == b"first"  # the old file is untouched
    assert os.listdir(target.parent) == ["film.mp4"]  # and no temporary file is left


def test_atomic_save_keeps_the_suffix_for_format_detection(tmp_path):
    seen = []
    atomic_save(tmp_path / "frame.png", lambda tmp: (seen.append(tmp.suffix), tmp.write_bytes(b"x")))
    assert seen == [".png"]
    with pytest.raises(FileNotFoundError, match="did not write"):
        atomic_save(tmp_path / "none.png", lambda tmp: None)


def test_cache_finds_finished_work_instead_of_redoing_it(tmp_path):
    cache = ArtifactCache(tmp_path / "artifacts")
    calls = []

    def render(tmp: Path) -> None:
        calls.append(tmp)
        tmp.write_bytes(b"pixels")

    inputs = {"scene": 1, "candidate": 0, "seed": 7}
    path, key, made = cache.get_or_make("scene-image", inputs, ".png", render)
    assert made and path == cache.path_for("scene-image", key, ".png") and path.read_bytes() == b"pixels"
    again, key2, made2 = cache.get_or_make("scene-image", dict(reversed(inputs.items())), ".png", render)
    assert (again, key2, made2) == (path, key, False) and len(calls) == 1
    assert cache.find(key, "scene-image") == path
    assert cache.find(key, "scene-image", ".png") == path
    assert cache.find(key, "clip") is None
    assert cache.find(inputs_hash({"other": 1}), "scene-image") is None
    with pytest.raises(ValueError, match="artifact kind"):
        cache.path_for("Scene Image", key)


def test_leftover_temporaries_of_dead_processes_are_cleaned(tmp_path):
    cache = ArtifactCache(tmp_path)
    folder = tmp_path / "clip"
    folder.mkdir()
    dead = folder / ".abc.999999999-0123abcd.tmp.mp4"  # no such pid
    alive = folder / f".abd.{os.getpid()}-0123abcd.tmp.mp4"  # being written by us
    dead.write_bytes(b"x")
    alive.write_bytes(b"x")
    assert cache.clean_temporaries() == 1
    assert not dead.exists() and alive.exists()
