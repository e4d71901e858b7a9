"""Training and evaluation pictures from the procedural renderer, with what is true of each.

A seed fixes everything: the character designs, the layouts, the renders. Whole scenes, character
crops (cut from the scene by the manifest's boxes) and reference-sheet views are letterboxed to the
critic's input size and cached as one .npz per (seed, count) so training can be rerun without
re-rendering.
"""

from __future__ import annotations

import json
import logging
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from animdirector.memory.artifacts import atomic_save

from .captions import PEOPLE, CharTruth, FactSpace, PropTruth, Truth
from .loading import letterbox_array
from .negatives import BASIC_COLOURS
from .score import crop_box, sheet_views

log = logging.getLogger(__name__)

INPUT_SIZE = (112, 192)  # the bundled critic's (height, width)
RENDER_SIZE = (768, 432)
STYLES = ("storybook", "storybook", "storybook", "night-pastel", "bold")
BOTTOM_STYLES = ("trousers", "shorts", "skirt", "dress")
HAIR = ("black", "brown", "blond", "ginger", "grey", "white")
SKIN = ("peach", "fair", "tan", "brown", "dark skin", "light skin")
DEFAULT_SHAPES = ("round", "square")
TRAIN_RENDER_SEEDS = (1, 2, 3)  # evaluation renders with other seeds, so its backgrounds are new
PLATE_VARIANTS = 4  # backgrounds per (place, time of day) in training: plates are the slow part of a render
# The critic sees 192x108, and half-size renders cost a quarter: the bundled weights' first two
# chunks were trained at this size. Their last chunk is a fine-tune at 768x432, the production size,
# with more prop crops (see weights/TRAINING.md: the size alone did not help held out).
TRAIN_RENDER_SIZE = (384, 216)
PROP_CROPS_KEPT = 0.5  # share of the scenes' prop crops in the training data (chunks 1-2)


def fact_space() -> FactSpace:
    from .negatives import default_vocabulary

    v = default_vocabulary()
    # One noun per drawing (bike and bicycle look the same), so a fact about one is never false of the other.
    return FactSpace(colours=BASIC_COLOURS, kinds=v.kinds, props=v.prop_targets, shapes=DEFAULT_SHAPES, places=v.places)


# --- sampling specs ------------------------------------------------------------------------------


def sample_design(rng: random.Random, design_id: int, space: FactSpace):
    """A random character design and what a caption may say of it."""
    from animdirector.tools.render import CharacterDesign

    kind = rng.choice(space.kinds)
    top, bottom = rng.sample(BASIC_COLOURS, 2)
    fur = rng.choice(BASIC_COLOURS)
    design = CharacterDesign(
        name=f"C{design_id}",
        kind=kind,
        top_colour=top,
        bottom_colour=bottom,
        bottom_style=rng.choice(BOTTOM_STYLES),
        hair_colour=rng.choice(HAIR),
        skin_colour=rng.choice(SKIN),
        fur_colour=fur,
        accent_colour=rng.choice(("cream", "white", "tan", "light grey")),
    )
    return design


def char_truth(design, expression: str, x: float, design_id: int) -> CharTruth:
    if design.kind in PEOPLE:
        return CharTruth(design.kind, design.top_colour, design.bottom_colour, design.bottom_style, expression, x, design_id)
    return CharTruth(design.kind, design.fur_colour, None, None, expression, x, design_id)


@dataclass
class SceneSpec:
    layout: object  # render.Layout
    characters: dict  # name -> CharacterDesign
    truth: Truth
    style: str
    seed: int


def sample_scene(rng: random.Random, designs: list, space: FactSpace, seed: int, plate: tuple | None = None) -> SceneSpec:
    """A random layout: 0-3 characters of distinct kinds and 0-2 props of distinct nouns, spaced apart."""
    from animdirector.tools.render import Layout, Placement, Prop, Setting

    n_chars = rng.choices((0, 1, 2, 3), (1, 4, 4, 2))[0]
    n_props = rng.choices((0, 1, 2), (3, 5, 2))[0]
    if n_chars + n_props == 0:
        n_props = 1
    chosen, kinds = [], set()
    for d in rng.sample(designs, min(len(designs), 12)):
        if d.kind not in kinds and len(chosen) < n_chars:
            chosen.append(d)
            kinds.add(d.kind)
    slots = _spaced_xs(rng, len(chosen) + n_props)
    placements, chars, props = [], [], []
    for d, x in zip(chosen, slots):
        expression = rng.choice(("neutral", "neutral", "happy", "sad", "surprised", "angry", "scared"))
        placements.append(Placement(
            character=d.name, x=x, y=rng.uniform(0.82, 0.92), depth=rng.choice((0.0, 0.0, rng.uniform(0.0, 0.25))),
            facing=rng.choice(("left", "right", "front")), pose=rng.choice(("stand", "stand", "walk", "wave", "run", "sit", "jump", "reach")),
            expression=expression,
        ))
        chars.append(char_truth(d, expression, x, int(d.name[1:])))
    nouns = rng.sample(space.props, n_props)
    for noun, x in zip(nouns, slots[len(chosen):]):
        colour = rng.choice(BASIC_COLOURS)
        shape = rng.choice(space.shapes) if rng.random() < 0.5 else ""
        placements.append(Placement(prop=Prop(noun=noun, colour=colour, shape=shape, size=rng.choice(("medium", "large"))),
                                    x=x, y=rng.uniform(0.82, 0.95), depth=rng.choice((0.0, rng.uniform(0.0, 0.2)))))
        props.append(PropTruth(noun, colour, shape, x))
    place = rng.choice(space.places)
    time_of_day = rng.choices(space.times, (3, 3, 2, 2))[0]
    weather = rng.choices(("clear", "rain", "snow"), (6, 1, 1))[0]
    style = rng.choice(STYLES)
    if plate is not None:
        place, time_of_day, weather, style, seed = plate
    layout = Layout(setting=Setting(place=place, time_of_day=time_of_day, weather=weather), placements=placements)
    truth = Truth(tuple(chars), tuple(props), place, time_of_day, weather)
    return SceneSpec(layout, {d.name: d for d in chosen}, truth, style, seed)


def _spaced_xs(rng: random.Random, n: int) -> list[float]:
    """n x positions in 0.12..0.88 at least 0.2 apart, in random order."""
    if n == 0:
        return []
    for _ in range(100):
        xs = sorted(rng.uniform(0.12, 0.88) for _ in range(n))
        if all(b - a >= 0.2 for a, b in zip(xs, xs[1:])):
            rng.shuffle(xs)
            return xs
    xs = list(np.linspace(0.15, 0.85, n))
    rng.shuffle(xs)
    return [float(x) for x in xs]


def render_spec(spec: SceneSpec, size=RENDER_SIZE):
    from animdirector.tools.render import render_scene

    return render_scene(spec.layout, None, characters=spec.characters, style=spec.style, size=size, seed=spec.seed)


# --- the cached dataset -------------------------------------------------------------------------


@dataclass
class Dataset:
    images: np.ndarray  # [N, H, W, 3] uint8, letterboxed to INPUT_SIZE
    truths: list[Truth]
    design_ids: np.ndarray  # [N] design of a crop or sheet view (-1 for scenes)
    source: np.ndarray  # [N] 0 scene, 1 character crop, 2 prop crop, 3 sheet view
    render_seconds: float = 0.0  # how long rendering took when the cache was made
    twin: np.ndarray | None = None  # [N] the row of the same crop with one fact changed (-1: none)

    def twins(self) -> np.ndarray:
        return self.twin if self.twin is not None else np.full(len(self.truths), -1, dtype=np.int64)


def join_datasets(parts: list[Dataset]) -> Dataset:
    """Several cached datasets as one (their design ids never collide: they start at seed * 100000)."""
    if len(parts) == 1:
        return parts[0]
    offsets = np.cumsum([0] + [len(p.truths) for p in parts[:-1]])
    twin = np.concatenate([np.where(p.twins() >= 0, p.twins() + off, -1) for p, off in zip(parts, offsets)])
    return Dataset(np.concatenate([p.images for p in parts]), [t for p in parts for t in p.truths],
                   np.concatenate([p.design_ids for p in parts]), np.concatenate([p.source for p in parts]),
                   sum(p.render_seconds for p in parts), twin)


def load_cached(path: Path) -> Dataset:
    with np.load(path, allow_pickle=False) as z:
        truths = [Truth.from_json(t) for t in json.loads(str(z["truths"]))]
        took = float(z["render_seconds"]) if "render_seconds" in z.files else 0.0
        twin = z["twin"] if "twin" in z.files else None
        return Dataset(z["images"], truths, z["design_ids"], z["source"], took, twin)


def save_cached(data: Dataset, path: Path) -> None:
    """Written whole or not at all: a crash mid-write leaves no cache that looks complete."""
    extra = {"twin": data.twin} if data.twin is not None else {}
    atomic_save(path, lambda tmp: np.savez(
        tmp, images=data.images, truths=json.dumps([t.to_json() for t in data.truths]),
        design_ids=data.design_ids, source=data.source, render_seconds=data.render_seconds, **extra))


def scene_specs(rng: random.Random, pool: list, space: FactSpace, scenes: int) -> list:
    """`scenes` scene specs over the character pool, on render seeds 1..3 only and in setting order:
    the renderer caches a few setting plates, and a plate costs 20x a scene on it."""
    plates = [
        (place, time_of_day, rng.choices(("clear", "rain", "snow"), (6, 1, 1))[0], rng.choice(STYLES), rng.choice(TRAIN_RENDER_SEEDS))
        for place in space.places for time_of_day in space.times for _ in range(PLATE_VARIANTS)
    ]
    specs = [sample_scene(rng, pool, space, 0, plate=rng.choice(plates)) for _ in range(scenes)]
    specs.sort(key=lambda sp: (sp.layout.setting.place, sp.layout.setting.time_of_day, sp.layout.setting.weather,
                               sp.style, sp.seed))
    return specs


def build_dataset(seed: int, scenes: int, designs: int, cache_dir: Path, render_size=TRAIN_RENDER_SIZE,
                  prop_crops_kept: float = PROP_CROPS_KEPT) -> Dataset:
    """Render (or load from cache) `scenes` scenes over a pool of `designs` characters, with every
    character crop and a `prop_crops_kept` share of the prop crops."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    kept = "" if prop_crops_kept == PROP_CROPS_KEPT else f"-p{prop_crops_kept:g}"  # chunks 1-2's caches keep their names
    path = cache_dir / f"critic-data-s{seed}-n{scenes}-d{designs}-{render_size[0]}x{render_size[1]}{kept}.npz"
    if path.exists():
        return load_cached(path)
    from animdirector.tools.render import render_reference_sheet

    rng = random.Random(seed)
    space = fact_space()
    pool = [sample_design(rng, seed * 100000 + i, space) for i in range(designs)]
    images, truths, ids, source = [], [], [], []

    def add(img: Image.Image, truth: Truth, design_id: int, src: int) -> None:
        images.append(letterbox_array(img, INPUT_SIZE))
        truths.append(truth)
        ids.append(design_id)
        source.append(src)

    started = time.time()
    for d in pool:
        sheet = render_reference_sheet(d, size=render_size)
        for view in sheet_views(getattr(sheet, "image", sheet)):
            add(view, Truth(chars=(char_truth(d, "?", 0.5, int(d.name[1:])),), is_crop=True), int(d.name[1:]), 3)
    log.info("rendered %d reference sheets (%.0f s)", len(pool), time.time() - started)
    specs = scene_specs(rng, pool, space, scenes)
    crop_rng = random.Random(seed + 1)
    for i, spec in enumerate(specs):
        result = render_spec(spec, render_size)
        add(result.image, spec.truth, -1, 0)
        by_name = {f"C{c.design_id}": c for c in spec.truth.chars}
        props = {p.noun: p for p in spec.truth.props}
        for ent in result.manifest.entities:
            if ent.category == "character" and ent.name in by_name:
                c = by_name[ent.name]
                add(crop_box(result.image, ent.bbox), Truth(chars=(c,), is_crop=True), c.design_id, 1)
            elif ent.category == "prop" and ent.name in props and crop_rng.random() < prop_crops_kept:
                add(crop_box(result.image, ent.bbox, 0.3), Truth(props=(props[ent.name],), is_crop=True), -1, 2)
        if (i + 1) % 200 == 0:
            log.info("rendered %d/%d scenes (%.0f s)", i + 1, scenes, time.time() - started)
    data = Dataset(np.stack(images), truths, np.asarray(ids, dtype=np.int64), np.asarray(source, dtype=np.int8),
                   time.time() - started)
    save_cached(data, path)
    log.info("dataset %s: %d pictures, %.1f MB, %.0f s", path.name, len(images), data.images.nbytes / 1e6, time.time() - started)
    return data


TWIN_ID_OFFSET = 50000  # a changed design's id: another character to the identity loss


def build_twins(seed: int, scenes: int, designs: int, cache_dir: Path, render_size=TRAIN_RENDER_SIZE) -> Dataset:
    """Crops in pairs: an entity of a scene, and the same spot of the same scene rendered with that
    entity recoloured or swapped for another kind (the defects the critic must catch). Every crop
    carries its own truth, so in one batch each pair teaches that "a red ball" fits the one crop and
    not its twin; a changed character gets a design id of its own, so identity learns the pair apart.
    The characters are the pool of `build_dataset(seed, ...)`; the scenes are others."""
    from .evaluate import plant_defect, subjects_for_truth

    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"critic-twins-s{seed}-n{scenes}-d{designs}-{render_size[0]}x{render_size[1]}.npz"
    if path.exists():
        return load_cached(path)
    rng = random.Random(seed)
    space = fact_space()
    pool = [sample_design(rng, seed * 100000 + i, space) for i in range(designs)]
    rng = random.Random(seed + 1_000_003)
    specs = scene_specs(rng, pool, space, scenes)
    images, truths, ids, source, twin = [], [], [], [], []
    started = time.time()
    for i, spec in enumerate(specs):
        mode = rng.choice(("recoloured", "kind swapped"))
        bad, target = plant_defect(spec, mode, rng)
        name = subjects_for_truth(spec)[target]
        intact, changed = render_spec(spec, render_size), render_spec(bad, render_size)
        box = intact.manifest.entity(name)
        if box is None:
            continue
        if target < len(spec.truth.chars):
            c = next(c for c in spec.truth.chars if f"C{c.design_id}" == name)
            c2 = char_truth(bad.characters[name], c.expression, c.x, c.design_id + TWIN_ID_OFFSET)
            pair = [(Truth(chars=(c,), is_crop=True), c.design_id, 1), (Truth(chars=(c2,), is_crop=True), c2.design_id, 1)]
            pad = 0.08
        else:
            p = next(p for p in spec.truth.props if p.noun == name)
            at = next(k for k, q in enumerate(spec.layout.placements) if q.prop is not None and q.prop.noun == name)
            new = bad.layout.placements[at].prop
            p2 = PropTruth(new.noun, new.colour, new.shape, p.x)
            pair = [(Truth(props=(p,), is_crop=True), -1, 2), (Truth(props=(p2,), is_crop=True), -1, 2)]
            pad = 0.3
        first = len(truths)
        for img, (truth, design_id, src), other in ((intact.image, pair[0], first + 1), (changed.image, pair[1], first)):
            images.append(letterbox_array(crop_box(img, box.bbox, pad), INPUT_SIZE))
            truths.append(truth)
            ids.append(design_id)
            source.append(src)
            twin.append(other)
        if (i + 1) % 200 == 0:
            log.info("rendered %d/%d twin scenes (%.0f s)", i + 1, scenes, time.time() - started)
    data = Dataset(np.stack(images), truths, np.asarray(ids, dtype=np.int64), np.asarray(source, dtype=np.int8),
                   time.time() - started, np.asarray(twin, dtype=np.int64))
    save_cached(data, path)
    log.info("twins %s: %d pictures, %.0f s", path.name, len(images), time.time() - started)
    return data
