"""Scene clips from the configured video backend: the procedural animator or a diffusers image-to-video model.

Both backends take the same inputs (the scene's layout, shot and motions, plus the kept
candidate image as the first frame) and return the renderer's `ClipResult`: an H.264 yuv420p
MP4 and a poster PNG beside it, so the critic, the final cut and the report never need to
know which backend made a clip.

The diffusers backend animates the first frame with an image-to-video pipeline chosen by
class name (StableVideoDiffusionPipeline, I2VGenXLPipeline, CogVideoXImageToVideoPipeline,
PIAPipeline, WanImageToVideoPipeline, ...). Its call arguments are matched to what the
pipeline's `__call__` takes, so the scene text goes to pipelines that read a prompt, and a
last keyframe goes to pipelines that take one (`last_image`, e.g. Wan's first-last-frame
model). The generated frames are stretched in time to the shot's duration and frame rate,
so a 14-frame SVD clip lasts as long as the scene the cinematographer planned.
"""

from __future__ import annotations

import inspect
import logging
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable, Protocol

import numpy as np
from PIL import Image

from animdirector.memory.artifacts import atomic_save
from animdirector.tools.diffusers_loading import (
    BackendError, check_available, check_device, check_size, load_pipeline, pipeline_class_name, prepare, resolve_source,
    run_pipeline, size_multiple,
)
from animdirector.tools.render.scene import ClipResult

log = logging.getLogger(__name__)

KEY = "video.diffusers"

# Image-to-video pipelines we have checked the call of; any other class that takes `image` works too.
KNOWN_I2V = (
    "StableVideoDiffusionPipeline", "I2VGenXLPipeline", "CogVideoXImageToVideoPipeline", "PIAPipeline",
    "WanImageToVideoPipeline", "LTXImageToVideoPipeline", "HunyuanVideoImageToVideoPipeline",
)

__all__ = ["BackendError", "ClipResult", "DiffusersVideo", "ProceduralVideo", "VideoBackend", "encode_frames",
           "make_video_backend", "stretch_frames"]


class VideoBackend(Protocol):
    name: str

    def clip(
        self, layout, shot, motions, *, characters: dict, out_path: Path, style: str, size: tuple[int, int],
        seed: int, first_frame: Path | None = None, last_frame: Path | None = None, prompt: str = "",
    ) -> ClipResult: ...


def encode_frames(frames: Iterable[np.ndarray | Image.Image], path: Path, fps: int, *, crf: int = 20) -> int:
    """Encode RGB frames as an H.264 yuv420p MP4 (faststart, plays in a browser), atomically.

    Returns the number of frames written. Frames must share one size with even width and height.
    """
    import av

    path = Path(path)
    written = 0

    def write(tmp: Path) -> None:
        nonlocal written
        with av.open(str(tmp), mode="w", format="mp4", options={"movflags": "+faststart"}) as container:
            stream = None
            for frame in frames:
                array = np.asarray(frame.convert("RGB") if isinstance(frame, Image.Image) else frame, dtype=np.uint8)
                if stream is None:
                    h, w = array.shape[:2]
                    if w % 2 or h % 2:
                        raise ValueError(f"H.264 needs even frame sizes; got {w}x{h} for {path}")
                    stream = container.add_stream("libx264", rate=fps)
                    stream.width, stream.height = w, h
                    stream.pix_fmt = "yuv420p"
                    stream.time_base = Fraction(1, fps)
                    stream.codec_context.options = {"crf": str(crf), "preset": "veryfast"}
                video_frame = av.VideoFrame.from_ndarray(array, format="rgb24")
                video_frame.pts = written
                container.mux(stream.encode(video_frame))
                written += 1
            if stream is None:
                raise ValueError(f"no frames to encode into {path}")
            container.mux(stream.encode(None))

    atomic_save(path, write)
    return written


def stretch_frames(frames: list[np.ndarray], n_out: int) -> list[np.ndarray]:
    """`n_out` frames spread evenly over `frames` (each source frame held for its share of the time)."""
    n_src = len(frames)
    return [frames[min(n_src - 1, (j * n_src) // n_out)] for j in range(n_out)]


def _to_uint8_frames(output: Any) -> list[np.ndarray]:
    """A pipeline's `.frames` (PIL lists, numpy or torch; batch first) as a list of HxWx3 uint8 arrays."""
    frames = output.frames if hasattr(output, "frames") else output
    if hasattr(frames, "detach"):  # torch: (batch, frames, channels, h, w)
        frames = frames.detach().float().cpu().permute(0, 1, 3, 4, 2).numpy()
    if isinstance(frames, np.ndarray):
        video = frames[0] if frames.ndim == 5 else frames
        if video.dtype != np.uint8:
            video = (np.clip(video, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)
        return [np.ascontiguousarray(f[..., :3]) for f in video]
    video = frames[0] if isinstance(frames[0], (list, tuple)) else frames  # lists of PIL images
    return [np.asarray(f.convert("RGB"), dtype=np.uint8) for f in video]


class ProceduralVideo:
    """The embedded animator: keyframed motion and camera moves drawn by tools/render."""

    name = "procedural"

    def clip(self, layout, shot, motions, *, characters, out_path, style, size, seed, first_frame=None,
             last_frame=None, prompt=""):
        from animdirector.tools import render

        return render.render_clip(layout, shot, motions, characters=characters, out_path=out_path, style=style,
                                  size=tuple(size), seed=seed)


class DiffusersVideo:
    """Clips from a diffusers image-to-video pipeline named in `video.diffusers.pipeline`.

    The constructor checks the config (model source, pipeline class, device) without loading
    weights; the pipeline loads on first use and stays loaded.
    """

    name = "diffusers"

    def __init__(self, config):
        self.config = config
        self.source = resolve_source(config.model, f"{KEY}.model")
        check_device(config.device, KEY, config.cpu_offload)
        check_available(self.source, config.allow_download)
        self.pipeline_class = _pipeline_class(config.pipeline)
        folder_class = pipeline_class_name(self.source)
        if folder_class is not None and folder_class != config.pipeline:
            raise BackendError(
                f"{KEY}.pipeline is {config.pipeline} but {config.model} holds a {folder_class} "
                f"(set {KEY}.pipeline: {folder_class}, or point {KEY}.model at a {config.pipeline} folder)"
            )
        self._pipe: Any = None

    def pipeline(self):
        if self._pipe is None:
            cfg = self.config
            pipe = load_pipeline(self.pipeline_class.from_pretrained, self.source, dtype=cfg.dtype,
                                 allow_download=cfg.allow_download, what=cfg.pipeline)
            self._pipe = prepare(pipe, device=cfg.device, cpu_offload=cfg.cpu_offload,
                                 attention_slicing=cfg.attention_slicing, vae_tiling=cfg.vae_tiling)
        return self._pipe

    @property
    def takes_last_frame(self) -> bool:
        """Whether the configured pipeline can end on a given keyframe (first-last-frame models)."""
        return "last_image" in _call_parameters(self.pipeline_class)

    def clip(self, layout, shot, motions, *, characters, out_path, style, size, seed, first_frame=None,
             last_frame=None, prompt=""):
        """Animate `first_frame` (else the procedural render of the layout) into `out_path` + a poster PNG.

        `motions` are the procedural animator's; a diffusers model invents its own motion from the
        image (and the prompt, where the pipeline reads one), so they only inform the prompt.
        """
        import torch

        from animdirector.tools.image_diffusers import scene_prompt

        cfg = self.config
        out_path = Path(out_path)
        size = (int(size[0]), int(size[1]))
        pipe = self.pipeline()
        work = (int(cfg.size[0]), int(cfg.size[1])) if cfg.size else size  # the model's own size, if set
        check_size(work, size_multiple(pipe), KEY, str(cfg.model), configured=cfg.size is not None)
        start = self._frame(first_frame, layout, shot, characters, style, size, seed)
        if start.size != work:
            start = start.resize(work, Image.Resampling.LANCZOS)
        params = _call_parameters(type(pipe))
        text = scene_prompt(". ".join(t for t in (prompt.strip(), _motion_words(motions)) if t), style, characters)
        kwargs: dict[str, Any] = {
            "image": start, "height": work[1], "width": work[0], "num_frames": cfg.num_frames,
            "num_inference_steps": cfg.steps, "generator": torch.Generator(device="cpu").manual_seed(seed),
            "prompt": text, "negative_prompt": cfg.negative_prompt or None,
            "decode_chunk_size": cfg.decode_chunk_size, "output_type": "np",
        }
        if cfg.guidance_scale is not None:
            # SVD has a guidance range instead of one scale: use the scale as its top.
            kwargs["max_guidance_scale" if "max_guidance_scale" in params else "guidance_scale"] = cfg.guidance_scale
        if "last_image" in params and last_frame is not None:
            kwargs["last_image"] = _load_frame(last_frame, work)
        elif "last_image" in params and _needs_last_frame(pipe):
            # A first-last-frame model cannot run on one keyframe: without a last one, it loops back.
            log.info("%s needs a last frame and none was given: the clip returns to its first frame", cfg.model)
            kwargs["last_image"] = start
        elif last_frame is not None:
            log.info("%s takes no last frame; animating from the first frame only", cfg.pipeline)
        kwargs = {k: v for k, v in kwargs.items() if k in params and v is not None}
        output = run_pipeline(pipe, KEY, **kwargs)
        frames = _to_uint8_frames(output)
        if frames and frames[0].shape[:2] != (size[1], size[0]):
            frames = [np.asarray(Image.fromarray(f).resize(size, Image.Resampling.LANCZOS)) for f in frames]
        n_out = max(1, round(shot.duration_s * shot.fps)) if shot is not None else len(frames)
        fps = shot.fps if shot is not None else 8
        timeline = stretch_frames(frames, n_out)
        count = encode_frames(timeline, out_path, fps)
        poster_path = out_path.with_suffix(".png")
        poster = Image.fromarray(timeline[len(timeline) // 2])
        atomic_save(poster_path, poster.save)
        return ClipResult(path=out_path, poster_path=poster_path, frame_count=count, fps=fps, manifests=[])

    def _frame(self, path, layout, shot, characters, style, size, seed) -> Image.Image:
        if path is not None:
            return _load_frame(path, size)
        from animdirector.tools.render import render_scene

        return render_scene(layout, shot, characters=characters, style=style, size=size, seed=seed).image.convert("RGB")


def _load_frame(path, size: tuple[int, int]) -> Image.Image:
    image = Image.open(path).convert("RGB")
    return image if image.size == size else image.resize(size, Image.Resampling.LANCZOS)


def _needs_last_frame(pipe) -> bool:
    """Wan 2.1 FLF2V-style models embed two keyframes (their transformer has a pos_embed_seq_len)."""
    config = getattr(getattr(pipe, "transformer", None), "config", None)
    return bool(getattr(config, "pos_embed_seq_len", None))


def _motion_words(motions) -> str:
    return ", ".join(f"{m.who} {m.name.replace('-', ' ')}" for m in motions or [])


def _call_parameters(cls) -> set[str]:
    return set(inspect.signature(cls.__call__).parameters)


def _pipeline_class(name: str):
    """The diffusers pipeline class called `name`, if it is one that turns an image into frames."""
    import diffusers

    try:
        cls = getattr(diffusers, name)
    except (AttributeError, ImportError, RuntimeError):
        cls = None
    if cls is None or not isinstance(cls, type) or not issubclass(cls, diffusers.DiffusionPipeline):
        raise BackendError(
            f"{KEY}.pipeline: {name!r} is not a diffusers pipeline class; image-to-video ones include "
            + ", ".join(KNOWN_I2V)
        )
    params = _call_parameters(cls)
    if "image" not in params or not ({"num_frames", "video_length"} & params):
        raise BackendError(
            f"{KEY}.pipeline: {name} does not turn an image into video (its call takes no image and frame "
            f"count); image-to-video pipelines include " + ", ".join(KNOWN_I2V)
        )
    return cls


def make_video_backend(config) -> VideoBackend:
    """The backend named in config.video (`procedural` or `diffusers`)."""
    if config.backend == "procedural":
        return ProceduralVideo()
    return DiffusersVideo(config.diffusers)
