"""Artifacts keyed by the hash of their inputs, written atomically.

A render, a clip or a reference sheet is a pure function of its inputs (design, layout,
seed, size...). Its file name is the SHA-256 of those inputs in canonical JSON, and it is
written to a temporary file in the same folder, fsynced and renamed into place. So a file
that exists is complete, and after a crash or a revision the same inputs find the finished
file instead of making it again.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import logging
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

log = logging.getLogger(__name__)

_KIND_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


def slugify(title: str, max_len: int = 40) -> str:
    """A name for files and runs from a title: "Mia and the Lost Kite" -> "mia-and-the-lost-kite"."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:max_len].rstrip("-") or "run"


def _plain(obj: Any) -> Any:
    """JSON-able plain data for hashing: pydantic models, dataclasses, paths, tuples, sets, enums."""
    if hasattr(obj, "model_dump") and callable(obj.model_dump):
        return _plain(obj.model_dump(mode="json"))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return _plain(dataclasses.asdict(obj))
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted((_plain(v) for v in obj), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(obj, enum.Enum):
        return _plain(obj.value)
    if isinstance(obj, PurePath):
        return obj.as_posix()
    if isinstance(obj, bytes):
        return {"sha256": hashlib.sha256(obj).hexdigest()}
    if isinstance(obj, float) and obj.is_integer():
        return int(obj)  # 2.0 and 2 are the same input
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    raise TypeError(f"cannot hash an input of type {type(obj).__name__} ({obj!r:.80}); pass plain data")


def canonical_json(obj: Any) -> str:
    """One text per value: sorted keys, no spaces, tuples as lists, 2.0 as 2."""
    return json.dumps(_plain(obj), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def inputs_hash(obj: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of `obj`: the cache key of whatever those inputs make."""
    return hashlib.sha256(canonical_json(obj).encode("utf-8")).hexdigest()


def sha256_file(path: str | os.PathLike) -> str:
    """SHA-256 (hex) of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_path_for(path: Path) -> Path:
    """A unique temporary name beside `path` that keeps its suffix (PIL and av pick the format from it)."""
    return path.with_name(f".{path.stem}.{os.getpid()}-{secrets.token_hex(4)}.tmp{path.suffix}")


def atomic_save(path: str | os.PathLike, writer: Callable[[Path], Any]) -> Path:
    """Let `writer(temp_path)` write the file, then fsync it and rename it to `path`.

    Readers see either no file or the whole file, never a half-written one. If `writer`
    raises, the temporary file is removed and `path` is left as it was.
    Example: ``atomic_save(out, lambda p: image.save(p))``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path_for(path)
    try:
        writer(tmp)
        if not tmp.exists():
            raise FileNotFoundError(f"the writer for {path} did not write its temporary file {tmp}")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return path


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write `data` to `path` atomically (temporary file in the same folder, fsync, rename)."""
    return atomic_save(path, lambda tmp: tmp.write_bytes(data))


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


class ArtifactCache:
    """Files under `root/<kind>/<inputs_hash><suffix>`; a file that exists is finished work.

    One cache per run (runs/<id>/artifacts), shared by all versions of the run, so a
    revision re-makes only what its changed inputs require.
    """

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    def path_for(self, kind: str, inputs_hash: str, suffix: str = "") -> Path:
        """Where the `kind` artifact made from `inputs_hash` lives (e.g. kind='scene-image', suffix='.png')."""
        if not kind or set(kind) - _KIND_CHARS:
            raise ValueError(f"artifact kind {kind!r}: use lowercase letters, digits, '-' and '_'")
        if len(inputs_hash) < 16 or set(inputs_hash) - set("0123456789abcdef"):
            raise ValueError(f"inputs hash {inputs_hash!r}: expected a hex digest from inputs_hash()")
        if suffix and not suffix.startswith("."):
            suffix = "." + suffix
        return self.root / kind / f"{inputs_hash}{suffix}"

    def find(self, inputs_hash: str, kind: str, suffix: str | None = None) -> Path | None:
        """The finished artifact for these inputs, or None. With no suffix, any suffix matches."""
        if suffix is not None:
            path = self.path_for(kind, inputs_hash, suffix)
            return path if path.is_file() else None
        folder = self.path_for(kind, inputs_hash).parent
        if not folder.is_dir():
            return None
        for candidate in sorted(folder.glob(f"{inputs_hash}*")):
            if candidate.is_file() and (candidate.name == inputs_hash or candidate.name[len(inputs_hash)] == "."):
                return candidate
        return None

    def get_or_make(
        self, kind: str, inputs: Any, suffix: str, writer: Callable[[Path], Any]
    ) -> tuple[Path, str, bool]:
        """The artifact for `inputs`, made with `writer(temp_path)` only if it is not there yet.

        Returns (path, inputs_hash, made) where `made` says whether `writer` ran."""
        key = inputs_hash(inputs)
        found = self.find(key, kind, suffix)
        if found is not None:
            log.debug("artifact %s %s found in the cache", kind, key[:12])
            return found, key, False
        path = atomic_save(self.path_for(kind, key, suffix), writer)
        return path, key, True

    def clean_temporaries(self) -> int:
        """Remove temporary files left by a killed process; returns how many."""
        return remove_stale_temporaries(self.root, ".*.tmp*", recursive=True)


def remove_stale_temporaries(folder: Path, pattern: str, recursive: bool = False) -> int:
    """Remove the temporary files (see `temp_path_for`) matching `pattern` in `folder` whose
    writer is gone (a killed process); returns how many."""
    removed = 0
    if folder.is_dir():
        for tmp in (folder.rglob if recursive else folder.glob)(pattern):
            if tmp.is_file() and not _writer_alive(tmp):
                tmp.unlink(missing_ok=True)
                removed += 1
    return removed


def _writer_alive(tmp: Path) -> bool:
    """Whether the process named in a temporary file's name (see `temp_path_for`) still runs."""
    match = re.search(r"\.(\d+)-[0-9a-f]{8}\.tmp", tmp.name)
    if not match:
        return False
    return pid_alive(int(match.group(1)))


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
