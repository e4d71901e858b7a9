"""Clip metrics in the manner of VBench, as AniSora reports them, computed with the critic's CLIP.

VBench measures subject consistency with DINO features, background consistency with CLIP features,
motion smoothness with a frame-interpolation model (AMT) and dynamic degree with optical flow (RAFT).
None of those models can be downloaded here, so each metric keeps VBench's definition and swaps the
heavy model for the critic's CLIP or a pixel proxy, as stated per field below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

if TYPE_CHECKING:
    from .score import Critic, ImageLike

Box = tuple[int, int, int, int]
_PROXY_WIDTH = 128  # frames are compared at this width for the pixel metrics
_DYNAMIC_TOP_FRACTION = 0.05
_DYNAMIC_THRESHOLD = 8.0  # grey levels (0..255) of the top-5% mean change that count as motion


@dataclass(frozen=True)
class ClipMetrics:
    """Four VBench-style numbers for one clip (all in 0..1, higher is more of the named property).

    subject_consistency: over sampled frames i >= 1, the mean of cos(s_i, s_0) and cos(s_i, s_{i-1})
        (and, with a reference, cos(s_i, reference) taking the best view of a 3-view sheet), averaged
        over i; s_i is the CLIP image embedding of frame i's subject crop (the whole frame without boxes).
        VBench uses DINO features of the whole frame; we use CLIP of the subject crop.
    background_consistency: the same average without the reference, over embeddings of the frames with
        the subject box filled with the frame's mean colour (VBench: CLIP of whole frames).
    motion_smoothness: 1 - mean |f_i - (f_{i-1} + f_{i+1}) / 2| / 255 over every middle frame i of the
        whole clip (greyscale at 128 px wide): the error of predicting each frame by linear interpolation
        of its neighbours. VBench interpolates with AMT; linear interpolation is the cheap proxy.
        1.0 for a still or uniformly moving picture; jerks and pops lower it.
    dynamic_degree: the fraction of consecutive frame pairs whose top-5% absolute pixel change (a proxy
        of VBench's top-5% RAFT flow magnitude) exceeds 8 grey levels; 0 for a still clip.
    """

    subject_consistency: float
    background_consistency: float
    motion_smoothness: float
    dynamic_degree: float
    frames_used: int
    reference_similarity: float | None = None


def sample_indices(count: int, max_frames: int) -> list[int]:
    """Evenly spaced frame indices, first and last included."""
    if count <= max_frames:
        return list(range(count))
    return sorted({int(round(x)) for x in np.linspace(0, count - 1, max_frames)})


def _consistency(emb: np.ndarray, ref_sims: np.ndarray | None = None) -> float:
    if len(emb) < 2:
        return 1.0
    per_frame = []
    for i in range(1, len(emb)):
        terms = [float(emb[i] @ emb[0]), float(emb[i] @ emb[i - 1])]
        if ref_sims is not None:
            terms.append(float(ref_sims[i]))
        per_frame.append(np.mean(terms))
    return float(np.mean(per_frame))


def _small_grey(frame: Image.Image) -> np.ndarray:
    h = max(1, round(frame.height * _PROXY_WIDTH / frame.width))
    return np.asarray(frame.convert("L").resize((_PROXY_WIDTH, h), Image.BILINEAR), dtype=np.float32)


def motion_smoothness(grey: Sequence[np.ndarray]) -> float:
    if len(grey) < 3:
        return 1.0
    errors = [np.abs(grey[i] - (grey[i - 1] + grey[i + 1]) / 2).mean() for i in range(1, len(grey) - 1)]
    return float(1.0 - np.mean(errors) / 255.0)


def dynamic_degree(grey: Sequence[np.ndarray]) -> float:
    if len(grey) < 2:
        return 0.0
    moving = 0
    for a, b in zip(grey, grey[1:]):
        diff = np.sort(np.abs(b - a).ravel())
        top = diff[-max(1, int(len(diff) * _DYNAMIC_TOP_FRACTION)) :]
        moving += float(top.mean()) > _DYNAMIC_THRESHOLD
    return moving / (len(grey) - 1)


def _mask_box(frame: Image.Image, box: Box | None) -> Image.Image:
    if box is None:
        return frame
    arr = np.asarray(frame).copy()
    x0, y0, x1, y1 = (int(v) for v in box)
    arr[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = arr.reshape(-1, 3).mean(axis=0).astype(np.uint8)
    return Image.fromarray(arr)


def _crop_box(frame: Image.Image, box: Box | None) -> Image.Image:
    if box is None:
        return frame
    x0, y0, x1, y1 = (int(v) for v in box)
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(frame.width, x1), min(frame.height, y1)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return frame  # the subject left the frame: judge the whole picture
    return frame.crop((x0, y0, x1, y1))


def clip_metrics(
    critic: "Critic",
    frames: Sequence["ImageLike"],
    subject_boxes: Sequence[Box | None] | None = None,
    reference: "ImageLike | None" = None,
    max_frames: int = 16,
) -> ClipMetrics:
    """Score a clip's frames (see `ClipMetrics` for the definitions).

    subject_boxes: one (x0, y0, x1, y1) per frame (from the render manifests), or None per frame.
    reference: the subject's reference sheet (3 views side by side, if at least twice as wide as high)
        or one reference picture.
    """
    from .score import CriticInputError, load_image, sheet_views

    if not frames:
        raise CriticInputError("clip has no frames")
    if subject_boxes is not None and len(subject_boxes) != len(frames):
        raise CriticInputError(f"subject_boxes has {len(subject_boxes)} entries for {len(frames)} frames")
    pil = [load_image(f, f"frame {i}") for i, f in enumerate(frames)]
    boxes = list(subject_boxes) if subject_boxes is not None else [None] * len(pil)
    picks = sample_indices(len(pil), max_frames)

    subjects = [_crop_box(pil[i], boxes[i]) for i in picks]
    backgrounds = [_mask_box(pil[i], boxes[i]) for i in picks]
    refs: list[Image.Image] = []
    if reference is not None:
        ref = load_image(reference, "reference")
        refs = sheet_views(ref) if ref.width >= 2 * ref.height else [ref]
    emb = critic.embed_images([*subjects, *backgrounds, *refs]).numpy()
    subj, back, ref_emb = emb[: len(picks)], emb[len(picks) : 2 * len(picks)], emb[2 * len(picks) :]
    ref_sims = (subj @ ref_emb.T).max(axis=1) if len(ref_emb) else None

    grey = [_small_grey(f) for f in pil]
    return ClipMetrics(
        subject_consistency=_consistency(subj, ref_sims),
        background_consistency=_consistency(back),
        motion_smoothness=motion_smoothness(grey),
        dynamic_degree=dynamic_degree(grey),
        frames_used=len(picks),
        reference_similarity=float(ref_sims.mean()) if ref_sims is not None else None,
    )
