"""Scene images from a real diffusers model (for users with a GPU), behind the `ImageBackend` protocol.

Two modes, chosen by `images.diffusers.mode`:
- ``layout2image`` (default): the procedural renderer draws the scene's layout first (who
  stands where, the setting, the props), and an image-to-image pipeline repaints it with
  `strength`. The layout's manifest stays the candidate's manifest: the boxes the critic
  crops for identity checks are where the layout put each entity, and a moderate strength
  keeps them there.
- ``text2image``: the model draws from the prompt alone. The manifest is still the layout's
  (the critic needs boxes), with a note that the model was not told where things go.

With `ip_adapter` set, the reference sheets of the characters in the scene condition every
candidate through IP-Adapter, which keeps a character's look from scene to scene.

Candidate i of a round uses seed `candidate_seed(seed, i)` in its own CPU `torch.Generator`,
so the same inputs give the same images on any device.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PIL import Image

from animdirector.memory.artifacts import atomic_save, atomic_write_text
from animdirector.tools.diffusers_loading import (
    BackendError, check_available, check_device, check_size, load_pipeline, pipeline_class_name, prepare, resolve_source,
    run_pipeline, size_multiple,
)
from animdirector.tools.image import Candidate, _load_manifest, candidate_seed

log = logging.getLogger(__name__)

KEY = "images.diffusers"

# Words that steer a general model towards the look of each style preset.
STYLE_WORDS: dict[str, str] = {
    "storybook": "children's storybook illustration, soft watercolour, warm light",
    "night-pastel": "pastel night-time illustration, soft glow, calm",
    "bold": "bold flat cartoon, thick outlines, bright colours",
}

__all__ = ["BackendError", "DiffusersImages", "scene_prompt"]


def describe_character(design) -> str:
    """A few words of a character's look for the prompt ("Tim, a boy in a red top and blue trousers")."""
    from animdirector.tools.render.kinds import KINDS, resolve_kind

    kind, _ = resolve_kind(design.kind)
    if KINDS[kind].plan == "person":
        return (f"{design.name}, a {design.kind} with {design.hair_colour} hair in a {design.top_colour} top "
                f"and {design.bottom_colour} {design.bottom_style}")
    return f"{design.name}, a {design.fur_colour} {design.kind}"


def scene_prompt(prompt: str, style: str, characters: dict[str, Any]) -> str:
    """The model's prompt: the scene text, the looks of its characters, then the style words.

    CLIP text encoders read 77 tokens, so the scene text comes first and the rest may be cut.
    """
    parts = [prompt.strip()]
    parts += [describe_character(d) for d in characters.values()]
    if style in STYLE_WORDS:
        parts.append(STYLE_WORDS[style])
    return ". ".join(p.rstrip(".") for p in parts if p)


class DiffusersImages:
    """K candidate scene images from a diffusers text-to-image or image-to-image pipeline.

    The constructor checks the config (model folder or hub id, pipeline class, device) without
    loading weights, so a bad config fails before the agents start; the pipeline loads on first use.
    """

    name = "diffusers"

    def __init__(self, config):
        self.config = config
        self.source = resolve_source(config.model, f"{KEY}.model")
        check_device(config.device, KEY, config.cpu_offload)
        check_available(self.source, config.allow_download)
        class_name = pipeline_class_name(self.source)
        if class_name is not None:
            self._check_auto_class(class_name)
        if config.ip_adapter:
            if not config.ip_adapter_weight:
                raise BackendError(
                    f"{KEY}.ip_adapter is set but {KEY}.ip_adapter_weight is not: name the weight file, "
                    "e.g. ip-adapter_sd15.safetensors"
                )
            self.ip_source = _resolve_ip_adapter(config.ip_adapter)
        else:
            self.ip_source = None
        self._pipe: Any = None

    def _check_auto_class(self, class_name: str) -> None:
        """Refuse a folder whose pipeline AutoPipeline cannot map to the configured mode."""
        from diffusers.pipelines.auto_pipeline import (
            AUTO_IMAGE2IMAGE_PIPELINES_MAPPING, AUTO_TEXT2IMAGE_PIPELINES_MAPPING,
        )

        known = {cls.__name__ for m in (AUTO_TEXT2IMAGE_PIPELINES_MAPPING, AUTO_IMAGE2IMAGE_PIPELINES_MAPPING)
                 for cls in m.values()}
        if class_name not in known:
            raise BackendError(
                f"{KEY}.model: {self.source.value} holds a {class_name}, which is not a text-to-image or "
                f"image-to-image pipeline diffusers' AutoPipeline knows (e.g. StableDiffusionPipeline, "
                f"StableDiffusionXLPipeline, FluxPipeline)"
            )

    # --- loading -------------------------------------------------------------------------------

    def pipeline(self):
        """The loaded pipeline (text-to-image or image-to-image per `mode`), loaded once."""
        if self._pipe is not None:
            return self._pipe
        from diffusers import AutoPipelineForImage2Image, AutoPipelineForText2Image

        cfg = self.config
        auto = AutoPipelineForImage2Image if cfg.mode == "layout2image" else AutoPipelineForText2Image
        what = "image-to-image" if cfg.mode == "layout2image" else "text-to-image"
        pipe = load_pipeline(auto.from_pretrained, self.source, dtype=cfg.dtype,
                             allow_download=cfg.allow_download, what=what)
        if self.ip_source is not None:
            self._load_ip_adapter(pipe)
        self._pipe = prepare(pipe, device=cfg.device, cpu_offload=cfg.cpu_offload,
                             attention_slicing=cfg.attention_slicing, vae_tiling=cfg.vae_tiling)
        return self._pipe

    def _load_ip_adapter(self, pipe) -> None:
        cfg = self.config
        if not hasattr(pipe, "load_ip_adapter"):
            raise BackendError(f"{KEY}.ip_adapter: {type(pipe).__name__} cannot take an IP-Adapter")
        target = str(self.ip_source) if isinstance(self.ip_source, Path) else cfg.ip_adapter
        try:
            pipe.load_ip_adapter(
                target, subfolder=cfg.ip_adapter_subfolder, weight_name=cfg.ip_adapter_weight,
                local_files_only=not cfg.allow_download,
            )
        except Exception as exc:  # noqa: BLE001 - OSError, ValueError, hub errors, shape mismatches
            reason = " ".join(str(exc).split())[:400]
            raise BackendError(
                f"{KEY}.ip_adapter: cannot load {cfg.ip_adapter_subfolder}/{cfg.ip_adapter_weight} from "
                f"{cfg.ip_adapter} for {type(pipe).__name__}: {reason}"
            ) from None

    # --- candidates ----------------------------------------------------------------------------

    def candidates(self, layout, *, characters, references, prompt, style, size, seed, k, out_dir, shot=None):
        from animdirector.tools.render import render_scene

        cfg = self.config
        out_dir.mkdir(parents=True, exist_ok=True)
        found: list[Candidate] = []
        pending = []
        for i in range(k):
            image_path = out_dir / f"candidate-{i + 1}.png"
            manifest_path = out_dir / f"candidate-{i + 1}.json"
            if image_path.exists() and manifest_path.exists():  # finished work is found, not redone
                found.append(Candidate(i, candidate_seed(seed, i), image_path, manifest_path,
                                       _load_manifest(manifest_path)))
            else:
                pending.append(i)
        if not pending:
            return found
        pipe = self.pipeline()
        size = (int(size[0]), int(size[1]))
        work = (int(cfg.size[0]), int(cfg.size[1])) if cfg.size else size  # the model's own size, if set
        check_size(work, size_multiple(pipe), KEY, str(cfg.model), configured=cfg.size is not None)
        text = scene_prompt(prompt, style, characters)
        ip_kwargs = self._ip_kwargs(pipe, layout, references)
        for i in pending:
            cand_seed = candidate_seed(seed, i)
            layout_render = render_scene(layout, shot, characters=characters, style=style, size=size, seed=cand_seed)
            image = self._generate(pipe, text, layout_render.image, work, cand_seed, ip_kwargs)
            if image.size != size:  # the layout's boxes are in scene pixels
                image = image.resize(size, Image.Resampling.LANCZOS)
            manifest = layout_render.manifest.model_copy(deep=True)
            manifest.notes.append(
                f"{cfg.mode} by {cfg.model} (seed {cand_seed}"
                + (f", strength {cfg.strength}" if cfg.mode == "layout2image" else "") + ")"
            )
            if cfg.mode == "text2image":
                manifest.notes.append("text2image: boxes are where the layout puts each entity; the model was not told")
            image_path = out_dir / f"candidate-{i + 1}.png"
            manifest_path = out_dir / f"candidate-{i + 1}.json"
            if cfg.mode == "layout2image":  # the starting picture, for the report and for debugging
                atomic_save(out_dir / f"layout-{i + 1}.png", layout_render.image.save)
            atomic_write_text(manifest_path, manifest.model_dump_json(indent=1))
            atomic_save(image_path, image.save)
            found.append(Candidate(i, cand_seed, image_path, manifest_path, manifest))
        return sorted(found, key=lambda c: c.index)

    def _generate(self, pipe, text: str, layout_image, work: tuple[int, int], cand_seed: int, ip_kwargs: dict):
        """One picture at the model's working size `work`."""
        import torch

        cfg = self.config
        generator = torch.Generator(device="cpu").manual_seed(cand_seed)  # same numbers on any device
        kwargs: dict[str, Any] = dict(
            prompt=text, negative_prompt=cfg.negative_prompt or None, num_inference_steps=cfg.steps,
            guidance_scale=cfg.guidance_scale, generator=generator, **ip_kwargs,
        )
        w, h = work
        if cfg.mode == "layout2image":
            start = layout_image.convert("RGB")
            if start.size != work:
                start = start.resize(work, Image.Resampling.LANCZOS)
            kwargs.update(image=start, strength=cfg.strength)
            if _takes(pipe, "height"):  # e.g. Flux img2img; SD's img2img takes the size of the image
                kwargs.update(height=h, width=w)
        else:
            kwargs.update(height=h, width=w)
        if not _takes(pipe, "negative_prompt"):
            kwargs.pop("negative_prompt")
        result = run_pipeline(pipe, KEY, **kwargs)
        return result.images[0].convert("RGB")

    def _ip_kwargs(self, pipe, layout, references: dict[str, Path]) -> dict:
        """IP-Adapter inputs: the reference sheets of the scene's characters, or scale 0 when it has none."""
        if self.ip_source is None:
            return {}
        names = [p.character for p in layout.placements if p.character and p.character in references]
        sheets = [Image.open(references[n]).convert("RGB") for n in dict.fromkeys(names)]
        if sheets:
            pipe.set_ip_adapter_scale(self.config.ip_adapter_scale)
            return {"ip_adapter_image": [sheets]}  # one adapter, one image per character
        # The adapter's layers expect an image even when nobody in the scene has a sheet: give a
        # blank one and turn the adapter off for this call.
        pipe.set_ip_adapter_scale(0.0)
        return {"ip_adapter_image": [[Image.new("RGB", (224, 224), (128, 128, 128))]]}


def _resolve_ip_adapter(value: str) -> Path | str:
    """An IP-Adapter folder (with the weight under its subfolder) or a hub id."""
    path = Path(value).expanduser()
    if path.is_dir():
        return path.resolve()
    if path.exists():
        raise BackendError(f"{KEY}.ip_adapter: {value} is a file; give the folder (or hub id) that holds it")
    from animdirector.tools.diffusers_loading import HUB_ID

    if value.startswith(("/", ".", "~")) or not HUB_ID.match(value):
        raise BackendError(f"{KEY}.ip_adapter: no such folder: {path.resolve()}")
    return value


def _takes(pipe, name: str) -> bool:
    import inspect

    return name in inspect.signature(type(pipe).__call__).parameters
