"""Loading real diffusers pipelines from config: offline by default, with errors a person can act on.

Both real-model backends (scene images in image_diffusers.py, clips in video.py) load their
pipeline here, so that a missing folder, a hub id that is not in the local cache, an unknown
pipeline class, a device torch cannot see or a size the model cannot take all give one
`BackendError` that names the config key, the value and what to do - never a 40-line
traceback from inside huggingface_hub.

Nothing is downloaded unless the config says `allow_download: true`: our machines have no
model hub, and a run that silently starts fetching gigabytes is worse than a clear refusal.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger(__name__)

DOCS = "docs/real-models.md"
HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


class BackendError(RuntimeError):
    """A real-model backend that cannot run as configured; the message says which key and what to do."""


@dataclass(frozen=True)
class ModelSource:
    """Where a pipeline's weights come from: a local folder or a hub id (resolved in the HF cache)."""

    key: str  # the config key, e.g. "images.diffusers.model", for messages
    value: str
    folder: Path | None  # set when `value` is a local folder

    @property
    def is_hub_id(self) -> bool:
        return self.folder is None


def resolve_source(value: str | None, key: str) -> ModelSource:
    """A configured model: an existing pipeline folder, or something shaped like a hub id."""
    if not value:
        raise BackendError(
            f"{key} is not set: give a local diffusers pipeline folder or a hub id (see {DOCS})"
        )
    path = Path(value).expanduser()
    if path.exists():
        if not path.is_dir():
            raise BackendError(f"{key}: {value} is a file; a diffusers pipeline is a folder with model_index.json")
        if not (path / "model_index.json").is_file():
            raise BackendError(
                f"{key}: the folder {path} has no model_index.json, so it is not a diffusers pipeline "
                "(save one with pipe.save_pretrained(folder), or point at the folder that holds model_index.json)"
            )
        return ModelSource(key, value, path.resolve())
    looks_like_path = value.startswith(("/", ".", "~")) or value.count("/") != 1 or "\\" in value
    if looks_like_path or not HUB_ID.match(value):
        raise BackendError(f"{key}: no such folder: {path.resolve()}")
    return ModelSource(key, value, None)


def offline_message(source: ModelSource, reason: str = "") -> str:
    return (
        f"{source.key}: {source.value!r} is not a local folder and is not in the Hugging Face cache, "
        f"and downloads are off. Download it once where there is network "
        f"(hf download {source.value} --local-dir DIR) and point {source.key} at DIR, or set "
        f"allow_download: true next to it (see {DOCS})." + (f" ({reason})" if reason else "")
    )


def check_available(source: ModelSource, allow_download: bool) -> None:
    """With downloads off, a hub id must already be in the Hugging Face cache: say so before any work starts."""
    if source.folder is not None or allow_download:
        return
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(source.value, "model_index.json")
    if not isinstance(found, str):
        raise BackendError(offline_message(source))


def pipeline_class_name(source: ModelSource) -> str | None:
    """The `_class_name` a pipeline's model_index.json names: a local folder's, or a cached hub id's (else None)."""
    index = source.folder / "model_index.json" if source.folder is not None else _cached_index(source.value)
    if index is None:
        return None
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackendError(f"{source.key}: cannot read {index}: {exc}") from None
    name = data.get("_class_name") if isinstance(data, dict) else None
    if not isinstance(name, str):
        raise BackendError(f"{source.key}: {index} names no _class_name")
    return name


def _cached_index(repo_id: str) -> Path | None:
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(repo_id, "model_index.json")
    return Path(found) if isinstance(found, str) else None


def has_accelerate() -> bool:
    return importlib.util.find_spec("accelerate") is not None


def torch_dtype(name: str):
    import torch

    return {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}[name]


def check_device(device: str, key: str, cpu_offload: bool = False) -> None:
    """Refuse a device torch cannot see, and CPU offload without accelerate or a GPU, before loading anything."""
    import torch

    kind = device.split(":")[0]
    if kind == "cuda" and not torch.cuda.is_available():
        raise BackendError(f"{key}.device is {device!r} but torch sees no CUDA GPU here (use device: cpu)")
    if kind == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise BackendError(f"{key}.device is {device!r} but torch sees no Apple GPU here (use device: cpu)")
    if kind not in ("cpu", "cuda", "mps", "xpu"):
        raise BackendError(f"{key}.device {device!r} is not a torch device (cpu, cuda, cuda:1, mps, xpu)")
    if cpu_offload:
        if not has_accelerate():
            raise BackendError(f"{key}.cpu_offload needs the accelerate package: pip install accelerate")
        if kind == "cpu":
            raise BackendError(
                f"{key}.cpu_offload moves models between the CPU and a GPU: set {key}.device to the GPU (e.g. cuda)"
            )


def load_pipeline(
    loader: Callable[..., Any], source: ModelSource, *, dtype: str, allow_download: bool, what: str
) -> Any:
    """`loader(model, dtype=..., local_files_only=...)` with every failure turned into a BackendError.

    `what` names the pipeline kind for messages ("text-to-image", "StableVideoDiffusionPipeline").
    """
    target = str(source.folder) if source.folder else source.value
    log.info("loading %s pipeline from %s", what, target)
    extra = {}
    if not has_accelerate():
        extra["low_cpu_mem_usage"] = False  # what diffusers falls back to anyway, without a warning per model
    try:
        return loader(target, dtype=torch_dtype(dtype), local_files_only=not allow_download, **extra)
    except BackendError:
        raise
    except Exception as exc:  # noqa: BLE001 - diffusers raises OSError, ValueError, HTTP errors...
        reason = " ".join(str(exc).split())[:400]
        if "low_cpu_mem_usage" in reason and not has_accelerate():
            # e.g. Wan keeps some layers in float32, which diffusers can only do through accelerate
            raise BackendError(
                f"{source.key}: {what} needs the accelerate package to load its models: pip install accelerate"
            ) from None
        if source.is_hub_id and not allow_download:
            raise BackendError(offline_message(source, reason)) from None
        if source.is_hub_id:
            raise BackendError(f"{source.key}: could not download {source.value!r} ({reason})") from None
        raise BackendError(f"{source.key}: cannot load {target} as a {what} pipeline: {reason}") from None


def prepare(pipe: Any, *, device: str, cpu_offload: bool = False, attention_slicing: bool = False,
            vae_tiling: bool = False) -> Any:
    """Put a loaded pipeline on its device with the memory options the config asks for."""
    if cpu_offload:
        pipe.enable_model_cpu_offload(device=device)  # each model visits the GPU only while it runs
    else:
        pipe.to(device)
    if attention_slicing and hasattr(pipe, "enable_attention_slicing"):
        pipe.enable_attention_slicing()
    if vae_tiling:
        vae = getattr(pipe, "vae", None)
        if vae is not None and hasattr(vae, "enable_tiling"):
            vae.enable_tiling()
    if hasattr(pipe, "set_progress_bar_config"):
        pipe.set_progress_bar_config(disable=True)  # our own progress display owns the terminal
    return pipe


def size_multiple(pipe: Any) -> int:
    """The multiple a pipeline's width and height must be: the VAE's downscale times the patch size, at least 8."""
    spatial = getattr(pipe, "vae_scale_factor_spatial", None) or getattr(pipe, "vae_scale_factor", None) or 8
    patch = 1
    transformer = getattr(pipe, "transformer", None)
    patch_size = getattr(getattr(transformer, "config", None), "patch_size", None)
    if isinstance(patch_size, int):
        patch = patch_size
    elif isinstance(patch_size, (tuple, list)) and patch_size:
        patch = int(patch_size[-1])
    return max(8, int(spatial) * patch)


def check_size(size: tuple[int, int], multiple: int, key: str, model: str, configured: bool = False) -> None:
    """Refuse a working size the model cannot take; `configured` says it came from `<key>.size`."""
    w, h = size
    if w <= 0 or h <= 0 or w % multiple or h % multiple:
        ok_w, ok_h = max(multiple, w - w % multiple), max(multiple, h - h % multiple)
        where = f"{key}.size {w}x{h}" if configured else f"the scenario's size {w}x{h}"
        fix = (f"e.g. {key}.size: [{ok_w}, {ok_h}]" if configured else
               f"set {key}.size to a size it takes, e.g. [{ok_w}, {ok_h}] (pictures are resized to the "
               "scenario's size), or change the scenario's size")
        raise BackendError(
            f"{key}: {model} works on widths and heights that are multiples of {multiple}; {where} is not ({fix})"
        )


def run_pipeline(pipe: Any, key: str, **kwargs) -> Any:
    """Call a pipeline; its own input checks (ValueError) become BackendErrors naming the config key."""
    import torch

    try:
        return pipe(**kwargs)
    except torch.OutOfMemoryError:
        raise BackendError(
            f"{key}: the GPU ran out of memory running {type(pipe).__name__}; try {key}.cpu_offload: true, "
            f"attention_slicing: true, vae_tiling: true, a smaller {key}.size, or dtype: float16 (see {DOCS})"
        ) from None
    except ValueError as exc:
        reason = " ".join(str(exc).split())[:400]
        raise BackendError(f"{key}: the pipeline {type(pipe).__name__} refused its inputs: {reason}") from None
