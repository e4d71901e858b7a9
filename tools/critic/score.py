"""The critic's scores: checklist alignment, ranking of candidates, identity against a reference sheet.

One model per config is loaded once and shared (`get_critic`). Every score is a cosine similarity
between L2-normalised CLIP embeddings; pass/fail decisions use thresholds calibrated on held-out
renders and stored with the weights (critic.json), so "passed" means the same thing for every caller.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
from PIL import Image, UnidentifiedImageError

from .settings import CriticConfig

from .loading import LoadedModel, Thresholds, load_model
from .negatives import Negative, Vocabulary, absent_negative, default_vocabulary, drop_entailed, make_negatives

log = logging.getLogger(__name__)

ImageLike = Image.Image | str | os.PathLike | np.ndarray
EMPTY_SCENE_CAPTION = "an empty scene"
_TEXT_CACHE_SIZE = 8192


class CriticInputError(ValueError):
    """An input the critic cannot score: an empty checklist, a file that is not an image, ..."""


@dataclass(frozen=True)
class NegativeScore:
    text: str
    kind: str
    score: float


@dataclass(frozen=True)
class PhraseScore:
    """One checklist phrase: its score, the negative that came closest, and the verdict."""

    phrase: str
    score: float
    best_negative: NegativeScore
    margin: float  # score - best_negative.score
    passed: bool
    negatives: tuple[NegativeScore, ...] = ()


@dataclass(frozen=True)
class AlignmentReport:
    phrases: list[PhraseScore]
    mean: float  # mean phrase score
    mean_margin: float
    all_passed: bool

    @property
    def failed(self) -> list[PhraseScore]:
        return [p for p in self.phrases if not p.passed]

    @property
    def passed_count(self) -> int:
        return sum(p.passed for p in self.phrases)


@dataclass(frozen=True)
class RankResult:
    """Reports in the candidates' order; best_index: most phrases passed, then the highest mean margin."""

    reports: list[AlignmentReport]
    best_index: int


@dataclass(frozen=True)
class IdentityResult:
    similarity: float  # max over the reference sheet's views
    view: int  # which third of the sheet matched best (0 front, 1 side, 2 back)
    passed: bool


def load_image(image: ImageLike, what: str = "image") -> Image.Image:
    """A PIL RGB image from a PIL image, an HxWx3 uint8 array or an image file path."""
    if isinstance(image, Image.Image):
        return image.convert("RGB")
    if isinstance(image, np.ndarray):
        if image.ndim != 3 or image.shape[2] not in (3, 4):
            raise CriticInputError(f"{what}: array of shape {image.shape} is not an HxWx3 image")
        return Image.fromarray(image.astype(np.uint8)).convert("RGB")
    if isinstance(image, (str, os.PathLike)):
        path = Path(image)
        try:
            with Image.open(path) as img:
                return img.convert("RGB")
        except FileNotFoundError:
            raise CriticInputError(f"{what}: no such file {path}") from None
        except (UnidentifiedImageError, OSError, SyntaxError) as exc:
            raise CriticInputError(f"{what}: {path} is not an image file we can read ({exc})") from None
    raise CriticInputError(f"{what}: expected a PIL image, an array or an image path, got {type(image).__name__}")


def crop_region(image: Image.Image, region) -> Image.Image:
    """The crop of one entity box, padded as in training (characters 8%, props 30%)."""
    bbox = getattr(region, "bbox", region)
    category = getattr(region, "category", "character")
    try:
        x0, y0, x1, y1 = (float(v) for v in bbox)
    except (TypeError, ValueError):
        raise CriticInputError(f"region {region!r}: expected (x0, y0, x1, y1) or an EntityBox") from None
    box = _padded_box(image, (x0, y0, x1, y1), 0.3 if category == "prop" else 0.08)
    if box[2] - box[0] < 2 or box[3] - box[1] < 2:
        return image
    return image.crop(box)


def crop_box(image: Image.Image, bbox, pad: float = 0.08) -> Image.Image:
    """`bbox` grown by `pad` of its size on each side, clipped to the image (training cuts crops so too)."""
    return image.crop(_padded_box(image, bbox, pad))


def _padded_box(image: Image.Image, bbox, pad: float) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = bbox
    px, py = (x1 - x0) * pad, (y1 - y0) * pad
    return (max(0, int(x0 - px)), max(0, int(y0 - py)), min(image.width, int(x1 + px)), min(image.height, int(y1 + py)))


def sheet_views(sheet: Image.Image, views: int = 3) -> list[Image.Image]:
    """The reference sheet cut into its front / side / back thirds (left to right), each trimmed to the
    drawing: the sheet's title and view labels are left out, so a view looks like a scene crop."""
    w, h = sheet.size
    return [_trim(sheet.crop((w * i // views, 0, w * (i + 1) // views, h))) for i in range(views)]


def _trim(view: Image.Image, tolerance: int = 24) -> Image.Image:
    """The box around what differs from the view's paper and floor colours (rows 12%..90%)."""
    arr = np.asarray(view.convert("RGB")).astype(np.int16)
    h = arr.shape[0]
    top, bottom = int(h * 0.12), int(h * 0.90)
    band = arr[top:bottom]
    paper = arr[top, 2]
    floor = arr[bottom - 1, 2]
    differs = (np.abs(band - paper).max(axis=2) > tolerance) & (np.abs(band - floor).max(axis=2) > tolerance)
    ys, xs = np.nonzero(differs)
    if len(xs) < 20:
        return view
    x0, x1 = xs.min(), xs.max() + 1
    y0, y1 = ys.min() + top, ys.max() + 1 + top
    px, py = int((x1 - x0) * 0.08), int((y1 - y0) * 0.08)
    return view.crop((max(0, x0 - px), max(0, y0 - py), min(view.width, x1 + px), min(view.height, y1 + py)))


class Critic:
    """Scores pictures with one CLIP model. Thread-safe; use `get_critic` to share one per config."""

    def __init__(self, loaded: LoadedModel, vocabulary: Vocabulary | None = None):
        self.loaded = loaded
        self.vocabulary = self._readable(vocabulary or default_vocabulary())
        self._unread_props = self._unread_prop_words()  # found once: judges() asks for every phrase
        self._lock = threading.RLock()
        self._text_cache: OrderedDict[str, torch.Tensor] = OrderedDict()

    def reads(self, text: str) -> bool:
        """Whether the model knows every word of `text`: the bundled critic reads the words it was
        trained on, and a prop the renderer learned to draw since is a word it has never seen."""
        unknown = getattr(self.loaded.tokenize, "unknown_words", None)
        return unknown is None or not unknown(text)

    def judges(self, phrase: str) -> bool:
        """Whether a checklist phrase names nothing the model cannot read: a library prop it was
        never trained on ("a grey scissors"). Other unknown words (a shape word) stay, as the
        critic was calibrated with them."""
        unknown = getattr(self.loaded.tokenize, "unknown_words", None)
        return unknown is None or not (set(unknown(phrase)) & self._unread_props)

    def _unread_prop_words(self) -> set[str]:
        from animdirector.tools.render import known_props

        unknown = getattr(self.loaded.tokenize, "unknown_words", None)
        return {w for p in known_props() for w in unknown(p)} if unknown else set()

    def _readable(self, vocabulary: Vocabulary) -> Vocabulary:
        """The vocabulary without the words the model cannot read (no negative is made of them)."""
        from dataclasses import replace

        keep = lambda words: tuple(w for w in words if self.reads(w))  # noqa: E731
        props = keep(vocabulary.props)
        return replace(vocabulary, kinds=keep(vocabulary.kinds), props=props, places=keep(vocabulary.places),
                       prop_groups=tuple((n, g) for n, g in vocabulary.prop_groups if n in props),
                       prop_targets=tuple(t for t in vocabulary.prop_targets if self.reads(t)))

    @property
    def thresholds(self) -> Thresholds:
        return self.loaded.thresholds

    @property
    def name(self) -> str:
        return self.loaded.name

    # --- embeddings ------------------------------------------------------------------------------

    @torch.inference_mode()
    def embed_images(self, images: Sequence[ImageLike], batch_size: int = 32) -> torch.Tensor:
        """L2-normalised image embeddings, one row per image."""
        pil = [load_image(img, f"image {i}") for i, img in enumerate(images)]
        if not pil:
            return torch.zeros(0, self._dim())
        rows = []
        with self._lock:
            for start in range(0, len(pil), batch_size):
                x = self.loaded.preprocess(pil[start : start + batch_size])
                rows.append(torch.nn.functional.normalize(self.loaded.model.encode_image(x).float(), dim=-1))
        return torch.cat(rows)

    @torch.inference_mode()
    def embed_texts(self, texts: Sequence[str]) -> torch.Tensor:
        """L2-normalised text embeddings (cached by text)."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._text_cache))
        with self._lock:
            if missing:
                tokens = self.loaded.tokenize(missing)
                emb = torch.nn.functional.normalize(self.loaded.model.encode_text(tokens).float(), dim=-1)
                for text, row in zip(missing, emb):
                    self._text_cache[text] = row
                while len(self._text_cache) > _TEXT_CACHE_SIZE:
                    self._text_cache.popitem(last=False)
            if not texts:
                return torch.zeros(0, self._dim())
            return torch.stack([self._text_cache[t] for t in texts])

    def _dim(self) -> int:
        return int(self.embed_texts(["a"]).shape[1])

    # --- alignment -------------------------------------------------------------------------------

    def negatives_for(self, phrase: str, checklist: Sequence[str] = ()) -> list[Negative]:
        """The contrastive negatives `phrase` is scored against, minus those another phrase of the same
        checklist asserts. A phrase about a character or a prop is also scored against its absence (a
        setting cannot be absent), as is a phrase with nothing to swap (it must at least be present)."""
        others = [p for p in checklist if p != phrase]
        negatives = drop_entailed(make_negatives(phrase, self.vocabulary), others)
        return [*negatives, absent_negative(phrase)] if self._names_an_entity(phrase) or not negatives else negatives

    def alignment(self, image: ImageLike, phrases: Sequence[str], regions: Sequence | None = None,
                  subjects: Sequence[str | None] | None = None) -> AlignmentReport:
        """How well one image fits a checklist: each phrase against its contrastive negatives.

        regions: optional entity boxes in the image (the render manifest's `EntityBox`es, or
        (x0, y0, x1, y1) tuples). With them, a phrase about a character or a prop is also scored on
        each box's crop; the view it fits best (its own entity's crop, usually) is where it and all its
        negatives are judged. The small critic sees a character far better in a crop than at 1/4
        scale in the whole scene, and judging the negatives on the same crop keeps "a girl" from
        scoring on the girl next to the boy that "a boy" is about.

        subjects: optional, the entity box each phrase is about (see `rank`).
        """
        return self.rank([image], phrases, [regions] if regions is not None else None, subjects).reports[0]

    def rank(self, images: Sequence[ImageLike], phrases: Sequence[str], regions: Sequence | None = None,
             subjects: Sequence[str | None] | None = None) -> RankResult:
        """Score K candidate images against one checklist and pick the best (batched).

        regions: None, or one list of entity boxes per image (see `alignment`).
        subjects: optional, one per phrase: the name of the entity box (`EntityBox.name`) the phrase is
        about. Such a phrase is judged on that box's crop, where the plan put its entity, instead of
        the view it fits best: a missing ball is then looked for where the ball should be, not on
        whichever other crop resembles a ball most."""
        if subjects is not None:
            if isinstance(phrases, str) or len(subjects) != len(phrases):
                raise CriticInputError(f"subjects: expected one entity name (or None) per phrase, got {len(subjects)} "
                                       f"for {1 if isinstance(phrases, str) else len(phrases)} phrases")
            subject_of = {p.strip(): s for p, s in zip(phrases, subjects) if isinstance(p, str)}
        phrases = _check_phrases(phrases)
        subjects = [subject_of.get(p) for p in phrases] if subjects is not None else [None] * len(phrases)
        if not images:
            raise CriticInputError("no candidate images to rank")
        if regions is not None and len(regions) != len(images):
            raise CriticInputError(f"regions has {len(regions)} entries for {len(images)} images")
        negatives = [self.negatives_for(p, phrases) for p in phrases]
        calibrated = self.thresholds.presence is not None
        texts = list(phrases) + [
            n.text for negs in negatives for n in negs if n.kind != "absent" or not calibrated
        ]
        if not calibrated:
            texts.append(EMPTY_SCENE_CAPTION)
        texts = list(dict.fromkeys(texts))
        index = {t: i for i, t in enumerate(texts)}
        pil = [load_image(img, f"image {i}") for i, img in enumerate(images)]
        views, owner, box_names = [], [], []  # owner: the candidate each view was cut from
        for k, img in enumerate(pil):
            views.append(img)
            owner.append(k)
            box_names.append([None])
            for box in (regions[k] or []) if regions is not None else []:
                views.append(crop_region(img, box))
                owner.append(k)
                box_names[k].append(getattr(box, "name", None))
        sims = (self.embed_images(views) @ self.embed_texts(texts).T).numpy()  # [views, T]
        about_entity = [self._names_an_entity(p) for p in phrases]
        reports = []
        for k in range(len(pil)):
            rows = sims[[i for i, o in enumerate(owner) if o == k]]  # the whole picture first, then crops
            scores = []
            for phrase, negs, entity, subject in zip(phrases, negatives, about_entity, subjects):
                # A phrase about an entity is judged on its entity's crop (the one named, else the view
                # that fits it best), and its negatives on that same view: "a boy" must beat "a girl"
                # on the boy.
                if subject is not None and subject in box_names[k]:
                    row = rows[box_names[k].index(subject)]
                else:
                    row = rows[int(np.argmax(rows[:, index[phrase]]))] if entity else rows[0]
                own = float(row[index[phrase]])
                neg_scores = tuple(
                    NegativeScore(n.text, n.kind, self._negative_score(row, index, n)) for n in negs
                )
                # The decisive negative: the one the phrase beats by the least, relative to the
                # calibrated margin of its kind.
                th = self.thresholds
                best = max(neg_scores, key=lambda n: n.score + th.margin_for(n.kind))
                margin = own - best.score
                scores.append(PhraseScore(phrase, own, best, margin, margin > th.margin_for(best.kind), neg_scores))
            reports.append(
                AlignmentReport(
                    phrases=scores,
                    mean=float(np.mean([s.score for s in scores])),
                    mean_margin=float(np.mean([s.margin for s in scores])),
                    all_passed=all(s.passed for s in scores),
                )
            )
        best_index = max(range(len(reports)), key=lambda i: (reports[i].passed_count, reports[i].mean_margin))
        return RankResult(reports, best_index)

    def _names_an_entity(self, phrase: str) -> bool:
        """Whether a phrase is about a character or a prop (crops can judge it) rather than the setting."""
        from .negatives import find_mentions

        classes = {m.cls for m in find_mentions(phrase, self.vocabulary)}
        return bool(classes & {"kind", "prop"}) and "relation" not in classes

    def _negative_score(self, row: np.ndarray, index: dict[str, int], negative: Negative) -> float:
        if negative.kind == "absent":
            # Calibrated models: the similarity at which a phrase is as likely absent as present.
            if self.thresholds.presence is not None:
                return float(self.thresholds.presence)
            return float(row[index[EMPTY_SCENE_CAPTION]])
        return float(row[index[negative.text]])

    # --- identity --------------------------------------------------------------------------------

    def identity_check(self, crop: ImageLike, reference_sheet: ImageLike) -> IdentityResult:
        """A character crop against its reference sheet: cosine with each view, the best one counts.

        Cut the crop with `crop_region` (the manifest box plus a margin, as in training): a tight
        box scores far lower (0.54 against 0.88 for the same girl)."""
        crop_img = load_image(crop, "crop")
        views = sheet_views(load_image(reference_sheet, "reference sheet"))
        emb = self.embed_images([crop_img, *views])
        sims = (emb[1:] @ emb[0]).numpy()
        view = int(np.argmax(sims))
        sim = float(sims[view])
        return IdentityResult(sim, view, sim >= self.thresholds.identity)

    def identity(self, crop: ImageLike, reference_sheet: ImageLike) -> float:
        return self.identity_check(crop, reference_sheet).similarity

    def identity_passed(self, crop: ImageLike, reference_sheet: ImageLike) -> bool:
        return self.identity_check(crop, reference_sheet).passed

    # --- clips -----------------------------------------------------------------------------------

    def clip_metrics(self, frames, subject_boxes=None, reference=None, max_frames: int = 16):
        """VBench-style clip metrics; see `metrics.clip_metrics` for the definitions."""
        from .metrics import clip_metrics

        return clip_metrics(self, frames, subject_boxes, reference, max_frames=max_frames)


def _check_phrases(phrases: Sequence[str]) -> list[str]:
    if isinstance(phrases, str):
        raise CriticInputError("phrases: expected a list of phrases, got one string")
    cleaned = [p.strip() for p in phrases if isinstance(p, str) and p.strip()]
    if not cleaned:
        raise CriticInputError("checklist of phrases is empty: give at least one phrase to score")
    return cleaned


_critics: dict[tuple[str, int], Critic] = {}
_critics_lock = threading.Lock()


def get_critic(config: CriticConfig | None = None, threads: int = 1) -> Critic:
    """The shared Critic for a config (loaded once per config; torch uses `threads` threads)."""
    config = config or CriticConfig()
    key = (config.model_dump_json(), threads)
    with _critics_lock:
        if key not in _critics:
            torch.set_num_threads(max(1, threads))
            _critics[key] = Critic(load_model(config))
        return _critics[key]
