"""Loading a CLIP model for the critic: the bundled one, or any open_clip architecture + local checkpoint.

Nothing here downloads: a checkpoint is a local file, and a missing or corrupt one is a
`CriticWeightsError` that names the file and says what to do.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from .settings import CriticConfig
from animdirector.memory.artifacts import atomic_save, atomic_write_text

from .arch import BUNDLED_ARCH, BUNDLED_META, BUNDLED_WEIGHTS, WordTokenizer, arch_config, register_bundled_arch

log = logging.getLogger(__name__)

LETTERBOX_FILL = (128, 128, 128)


class CriticWeightsError(Exception):
    """The critic's weights (or its config) are missing, corrupt or do not fit the architecture."""


@dataclass(frozen=True)
class Thresholds:
    """Calibrated decision thresholds, stored with the weights (critic.json).

    margin: a phrase passes when its cosine similarity beats every contrastive negative by more than this.
    presence: the cosine similarity at which a phrase is as likely present as absent; it is the score of
        the "object absent" negative. None for uncalibrated models (they use an empty-scene caption).
    identity: a crop is the same character as a reference sheet when their image cosine is at least this.
    class_margins: a margin per negative kind ("colour", "kind", "prop", "place", "time", "absent", ...),
        overriding `margin` for that kind (some kinds are noisier than others).
    """

    margin: float = 0.0
    presence: float | None = None
    identity: float = 0.85
    class_margins: dict = field(default_factory=dict)

    def margin_for(self, kind: str) -> float:
        return self.class_margins.get(kind, self.margin)


@dataclass
class LoadedModel:
    """A CLIP model with what the critic needs to feed it."""

    name: str
    model: torch.nn.Module
    tokenize: Callable[[Sequence[str]], torch.Tensor]
    image_size: tuple[int, int]  # (height, width)
    mean: tuple[float, float, float]
    std: tuple[float, float, float]
    thresholds: Thresholds
    meta: dict = field(default_factory=dict)

    def preprocess(self, images: Sequence[Image.Image]) -> torch.Tensor:
        """Letterbox each image into the model's input size (no cropping: a 16:9 scene keeps its edges)."""
        h, w = self.image_size
        mean = np.asarray(self.mean, dtype=np.float32)
        std = np.asarray(self.std, dtype=np.float32)
        batch = np.empty((len(images), h, w, 3), dtype=np.float32)
        for i, img in enumerate(images):
            batch[i] = (letterbox_array(img, (h, w)).astype(np.float32) / 255.0 - mean) / std
        return torch.from_numpy(batch).permute(0, 3, 1, 2).contiguous()


def letterbox_array(img: Image.Image, size: tuple[int, int]) -> np.ndarray:
    """`img` scaled to fit (height, width) = `size`, centred on grey, as uint8 HxWx3."""
    h, w = size
    img = img.convert("RGB")
    scale = min(w / img.width, h / img.height)
    nw, nh = max(1, round(img.width * scale)), max(1, round(img.height * scale))
    canvas = Image.new("RGB", (w, h), LETTERBOX_FILL)
    canvas.paste(img.resize((nw, nh), Image.BILINEAR), ((w - nw) // 2, (h - nh) // 2))
    return np.asarray(canvas)


@contextlib.contextmanager
def _quiet_open_clip():
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # open_clip logs through the root logger
    try:
        yield
    finally:
        root.setLevel(level)


def _check_file(path: Path, what: str) -> None:
    if not path.exists():
        raise CriticWeightsError(f"{what} not found: {path}")
    if not path.is_file():
        raise CriticWeightsError(f"{what} is not a file: {path}")


def _thresholds_from(meta: dict, source: Path) -> Thresholds:
    raw = meta.get("thresholds", {})
    try:
        return Thresholds(**raw)
    except TypeError as exc:
        raise CriticWeightsError(f"{source}: bad 'thresholds' ({exc}); allowed keys: margin, presence, identity, class_margins") from None


def load_bundled(weights: Path = BUNDLED_WEIGHTS, meta_path: Path = BUNDLED_META) -> LoadedModel:
    """The critic trained on our own renders (python -m animdirector.tools.critic.train)."""
    import open_clip

    _check_file(weights, "bundled critic weights")
    _check_file(meta_path, "bundled critic metadata")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        vocab = meta["vocab"]
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CriticWeightsError(f"{meta_path}: not valid JSON ({exc})") from None
    except KeyError:
        raise CriticWeightsError(f"{meta_path}: missing key 'vocab' (retrain the critic)") from None
    register_bundled_arch()
    # open_clip warns "initialized randomly" for pretrained=None; our weights load just below.
    with _quiet_open_clip():
        model = open_clip.create_model(BUNDLED_ARCH, pretrained=None)
    _load_safetensors_into(model, weights)
    cfg = arch_config()
    tokenizer = WordTokenizer(vocab, cfg["text_cfg"]["vocab_size"], cfg["text_cfg"]["context_length"])
    h, w = cfg["vision_cfg"]["image_size"]
    return LoadedModel(
        name=BUNDLED_ARCH,
        model=model.eval(),
        tokenize=tokenizer,
        image_size=(h, w),
        mean=tuple(meta.get("mean", open_clip.OPENAI_DATASET_MEAN)),
        std=tuple(meta.get("std", open_clip.OPENAI_DATASET_STD)),
        thresholds=_thresholds_from(meta, meta_path),
        meta=meta,
    )


def _load_safetensors_into(model: torch.nn.Module, weights: Path) -> None:
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    try:
        state = load_file(str(weights))
    except (SafetensorError, OSError, ValueError) as exc:
        raise CriticWeightsError(f"{weights}: corrupt or not a safetensors file ({exc})") from None
    missing, unexpected = model.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
    if missing or unexpected:
        raise CriticWeightsError(
            f"{weights}: does not fit the architecture (missing {sorted(missing)[:5]}, unexpected {sorted(unexpected)[:5]})"
        )


def resolve_architecture(architecture: str) -> str:
    """An open_clip architecture name; a path to a model-config JSON file is registered under its stem."""
    import open_clip

    if architecture.endswith(".json"):
        path = Path(architecture).expanduser()
        _check_file(path, "open_clip model config")
        open_clip.add_model_config(path)
        if path.stem not in open_clip.list_models():
            raise CriticWeightsError(f"{path}: not an open_clip model config (needs embed_dim, vision_cfg, text_cfg)")
        return path.stem
    if architecture == BUNDLED_ARCH:
        register_bundled_arch()
    if architecture not in open_clip.list_models():
        raise CriticWeightsError(
            f"critic.open_clip.architecture '{architecture}' is not an open_clip model; "
            f"use a name from open_clip.list_models() (e.g. ViT-B-32) or a path to a model-config .json"
        )
    return architecture


def load_open_clip(architecture: str, checkpoint: str | Path | None) -> LoadedModel:
    """Any open_clip architecture with weights from a local checkpoint (.safetensors, .pt, .bin)."""
    import open_clip

    if checkpoint is None:
        raise CriticWeightsError(
            "critic.open_clip.checkpoint is not set: give the path of a local checkpoint file "
            "(weights are never downloaded)"
        )
    path = Path(checkpoint).expanduser()
    _check_file(path, "open_clip checkpoint")
    name = resolve_architecture(architecture)
    if name == BUNDLED_ARCH and path.suffix == ".safetensors":
        # The bundled architecture needs its word vocabulary, which lives beside the weights.
        return load_bundled(path, path.with_suffix(".json"))
    try:
        model = open_clip.create_model(name, pretrained=str(path), pretrained_text=False)
    except Exception as exc:  # open_clip raises many kinds; all mean the file cannot be used
        raise CriticWeightsError(f"{path}: cannot load it as '{name}' weights ({type(exc).__name__}: {exc})") from None
    sidecar = path.with_suffix(".critic.json")
    meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
    pp = getattr(model.visual, "preprocess_cfg", {}) or {}
    size = pp.get("size", getattr(model.visual, "image_size", 224))
    h, w = (size, size) if isinstance(size, int) else tuple(size)
    return LoadedModel(
        name=name,
        model=model.eval(),
        tokenize=open_clip.get_tokenizer(name),
        image_size=(int(h), int(w)),
        mean=tuple(pp.get("mean", open_clip.OPENAI_DATASET_MEAN)),
        std=tuple(pp.get("std", open_clip.OPENAI_DATASET_STD)),
        thresholds=_thresholds_from(meta, sidecar),
        meta=meta,
    )


def load_model(config: CriticConfig) -> LoadedModel:
    """The model named by the config's critic section."""
    if config.backend == "bundled":
        return load_bundled()
    return load_open_clip(config.open_clip.architecture, config.open_clip.checkpoint)


def save_critic(model: torch.nn.Module, meta: dict, weights: Path) -> None:
    """Write weights (safetensors) and their metadata (same name, .json) atomically."""
    import os

    from safetensors.torch import save_file

    weights = Path(weights)
    weights.parent.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().contiguous().clone() for k, v in model.state_dict().items()}
    atomic_save(weights, lambda tmp: save_file(state, str(tmp)))
    atomic_write_text(weights.with_suffix(".json"), json.dumps(meta, indent=1, sort_keys=True))


def write_random_bundled(weights: Path, vocab: list[str] | None = None, seed: int = 0) -> Path:
    """A randomly initialised bundled-architecture critic saved at `weights` (+ .json): for tests and
    for checking the loading path without trained weights."""
    import open_clip

    from .negatives import default_vocabulary

    register_bundled_arch()
    torch.manual_seed(seed)
    model = open_clip.create_model(BUNDLED_ARCH, pretrained=None)
    if vocab is None:
        v = default_vocabulary()
        words = [*v.colours, *v.kinds, *v.props, *v.places, *v.times, *v.weathers, *v.expressions]
        vocab = WordTokenizer.build_vocab(words, ["a", "an", "the", "in", "at", "of", "is", "left", "right", "no"])
    meta = {"vocab": vocab, "thresholds": {"margin": 0.0, "presence": None, "identity": 0.85}}
    save_critic(model, meta, Path(weights))
    return Path(weights)
