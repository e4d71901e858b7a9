"""Evaluating and calibrating a critic on freshly rendered scenes with planted defects.

Used by training (to calibrate the thresholds stored with the weights, on its own seeds) and by
bench/critic_eval.py (to measure on seeds never used for training or calibration).
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from .captions import PEOPLE, Truth, phrase
from .data import STYLES, SceneSpec, char_truth, crop_box, fact_space, render_spec, sample_design, sample_scene
from .negatives import BASIC_COLOURS, critic_colour
from .loading import Thresholds
from .score import crop_region, sheet_views

log = logging.getLogger(__name__)

DEFECTS = ("removed", "recoloured", "kind swapped")
EVAL_RENDER_SEEDS = (11, 12, 13)  # training renders with seeds 1..3


def checklist_for_truth(truth: Truth) -> list[str]:
    """One canonical phrase per character, per prop and for the setting."""
    out = []
    for c in truth.chars:
        out.append(phrase(("char", c.kind, c.colour_a, c.colour_b), None, c.bottom_style))
    for p in truth.props:
        out.append(phrase(("prop", p.noun, p.colour, None), None, None, p.shape or None))
    if truth.place:
        out.append(phrase(("place", truth.place, truth.time, truth.weather if truth.weather != "clear" else None)))
    return out


def checklist_for_layout(layout, characters: dict) -> list[str]:
    """The checklist a scene's layout implies (characters by kind and clothes, props, setting)."""
    return [phrase for phrase, _ in checklist_with_subjects(layout, characters)]


def checklist_with_subjects(layout, characters: dict) -> list[tuple[str, str | None]]:
    """(phrase, entity) pairs for a layout: each character by kind and clothes, each prop (held ones
    too), then the setting (about no entity). The entity is the name its box has in the render
    manifest, so `Critic.rank(..., subjects=...)` judges the phrase where the plan put it."""
    from animdirector.tools.render.props import resolve_prop

    from .captions import PropTruth

    chars, props = [], []
    for pl in layout.placements:
        if pl.character is not None and pl.character in characters:
            c = char_truth(characters[pl.character], pl.expression, pl.x, -1)
            # In the critic's colour words, and only those it can judge (see `critic_colour`). It learnt
            # outfits of two different colours: one colour all over is said once, of the clothes below
            # ("a man in purple trousers" passed where "a purple shirt and purple trousers" did not).
            top, bottom = critic_colour(c.colour_a), critic_colour(c.colour_b)
            chars.append((replace(c, colour_a=None if top == bottom and bottom else top, colour_b=bottom), pl.key))
        elif pl.prop is not None:
            props.append((pl.prop, pl.x, pl.key))
    props += [(pl.holding, pl.x, pl.holding.noun) for pl in layout.placements if pl.holding is not None]
    # Props by the noun the renderer drew them as ("stone" is drawn as a rock); a prop it drew as a
    # generic object is left out: the critic has no word for it (the manifest shows it is there).
    props = [(PropTruth(noun, critic_colour(prop.colour), prop.shape, x), name)
             for prop, x, name in props if (noun := resolve_prop(prop.noun)[0]) is not None]
    s = layout.setting
    truth = Truth(tuple(c for c, _ in chars), tuple(p for p, _ in props), s.place, s.time_of_day, s.weather)
    names = [name for _, name in chars] + [name for _, name in props] + [None]
    first: dict[str, str | None] = {}  # a phrase said twice is checked once, on its first entity
    for phrase_, name in zip(checklist_for_truth(truth), names):
        first.setdefault(phrase_, name)
    return list(first.items())


def identity_judgeable(design) -> bool:
    """Whether the critic can tell this character from others by its reference sheet: it learnt
    identity from designs in the basic colours, and a dog in light brown (drawn far from brown, see
    `critic_colour`) matched its own sheet at 0.39-0.60 across a story. For such a design the
    similarity is a number to show, not a verdict."""
    c = char_truth(design, "neutral", 0.5, -1)
    return all(critic_colour(colour) for colour in (c.colour_a, c.colour_b) if colour)


def plant_defect(spec: SceneSpec, mode: str, rng: random.Random) -> tuple[SceneSpec, int]:
    """The scene with one entity removed, recoloured or swapped for another kind; returns the new spec
    and the index (in `checklist_for_truth(spec.truth)`) of the phrase the defect breaks."""
    space = fact_space()
    placements = list(spec.layout.placements)
    i = rng.randrange(len(placements))
    target = placements[i]
    chars = dict(spec.characters)
    char_names = [p.character for p in placements if p.character is not None]
    if target.character is not None:
        phrase_index = char_names.index(target.character)
    else:
        prop_nouns = [p.prop.noun for p in placements if p.prop is not None]
        phrase_index = len(char_names) + prop_nouns.index(target.prop.noun)
    if mode == "removed":
        placements.pop(i)
    elif target.character is not None:
        d = chars[target.character]
        if mode == "recoloured":
            field_name = "top_colour" if d.kind in PEOPLE else "fur_colour"
            old = getattr(d, field_name)
            chars[target.character] = d.model_copy(update={field_name: rng.choice([c for c in BASIC_COLOURS if c != old])})
        else:
            present = {chars[n].kind for n in char_names}
            chars[target.character] = d.model_copy(update={"kind": rng.choice([k for k in space.kinds if k not in present])})
    else:
        p = target.prop
        if mode == "recoloured":
            new = p.model_copy(update={"colour": rng.choice([c for c in BASIC_COLOURS if c != p.colour])})
        else:
            present = {q.prop.noun for q in placements if q.prop is not None}
            new = p.model_copy(update={"noun": rng.choice([n for n in space.props if n not in present])})
        placements[i] = target.model_copy(update={"prop": new})
    layout = spec.layout.model_copy(update={"placements": placements})
    return replace(spec, layout=layout, characters=chars), phrase_index


@dataclass
class SceneScore:
    defect: str | None
    target: int  # phrase index the defect breaks (-1 for intact)
    own: np.ndarray  # [P] phrase scores
    best_neg: np.ndarray  # [P] best non-absent negative score
    best_by_kind: dict = field(default_factory=dict)  # negative kind -> [P] best score of that kind (-inf: none)
    pairwise: list[tuple[str, bool]] = field(default_factory=list)  # (negative kind, own > negative) on intact scenes
    identity: np.ndarray = field(default_factory=lambda: np.zeros(0))  # [C] each character against its sheet
    entity: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # [P] the phrase is about an entity

    @property
    def broke_a_character(self) -> bool:
        """The defect is on a character, not a prop (the checklist lists characters first, and each
        character has one identity score)."""
        return 0 <= self.target < len(self.identity)


def subjects_for_truth(spec: SceneSpec) -> list[str | None]:
    """The entity each phrase of `checklist_for_truth(spec.truth)` is about (None: the setting)."""
    chars = [p.character for p in spec.layout.placements if p.character is not None]
    props = [p.prop.noun for p in spec.layout.placements if p.prop is not None]
    return [*chars, *props, *([None] if spec.truth.place else [])]


def score_scenes(critic, seed: int, scenes: int, progress: bool = False, use_regions: bool = True) -> list[SceneScore]:
    """Render `scenes` intact scenes and one defective variant of each, and judge both as the critic
    agent judges a candidate: the checklist, each phrase on the box where the plan put its entity,
    and each character's crop against its reference sheet.

    Both pictures are judged with the intact scene's boxes (the plan), never the defective render's
    manifest: a removed entity must be missed in the picture, not in the manifest."""
    from animdirector.tools.render import render_reference_sheet

    rng = random.Random(seed)
    space = fact_space()
    pool = [sample_design(rng, 900000 + seed * 1000 + i, space) for i in range(max(8, scenes))]
    # One background per (place, time of day), rendered with seeds training never used; scenes are
    # scored in background order so the renderer's plate cache holds (a plate costs 20x a scene).
    plates = [(place, t, rng.choices(("clear", "rain", "snow"), (6, 1, 1))[0], rng.choice(STYLES), rng.choice(EVAL_RENDER_SEEDS))
              for place in space.places for t in space.times]
    specs = sorted((sample_scene(rng, pool, space, 0, plate=rng.choice(plates)) for _ in range(scenes)),
                   key=lambda sp: (sp.layout.setting.place, sp.layout.setting.time_of_day))
    sheets: dict[str, object] = {}  # design name -> its reference sheet's embedded views
    out = []
    for n, spec in enumerate(specs):
        checklist = checklist_for_truth(spec.truth)
        mode = DEFECTS[n % len(DEFECTS)]
        bad, target = plant_defect(spec, mode, rng)
        renders = [render_spec(spec), render_spec(bad)]
        images = [r.image for r in renders]
        plan = renders[0].manifest.entities
        regions = [plan, plan] if use_regions else None
        ranked = critic.rank(images, checklist, regions, subjects_for_truth(spec) if use_regions else None)
        for name, design in spec.characters.items():
            if name not in sheets:
                sheet = render_reference_sheet(design)
                sheets[name] = critic.embed_images(sheet_views(getattr(sheet, "image", sheet)))
        for k, report in enumerate(ranked.reports):
            real = [[ng for ng in p.negatives if ng.kind != "absent"] for p in report.phrases]
            own = np.array([p.score for p in report.phrases])
            best = np.array([max((ng.score for ng in r), default=-1.0) for r in real])
            pairwise = [(ng.kind, p.score > ng.score) for p, r in zip(report.phrases, real) for ng in r] if k == 0 else []
            kinds = {ng.kind for r in real for ng in r}
            by_kind = {kind: np.array([max((ng.score for ng in r if ng.kind == kind), default=-np.inf) for r in real])
                       for kind in kinds}
            boxes = [e for e in plan if e.category == "character" and e.name in spec.characters]
            crops = critic.embed_images([crop_region(images[k], e) for e in boxes]) if boxes else None
            identity = np.array([float((sheets[e.name] @ crops[i]).max()) for i, e in enumerate(boxes)])
            entity = np.array([any(ng.kind == "absent" for ng in p.negatives) for p in report.phrases], bool)
            out.append(SceneScore(None if k == 0 else mode, -1 if k == 0 else target, own, best, best_by_kind=by_kind,
                                  pairwise=pairwise, identity=identity, entity=entity))
        if progress and (n + 1) % 25 == 0:
            log.info("scored %d/%d scenes", n + 1, scenes)
    return out


def phrase_fails(s: SceneScore, th: Thresholds) -> np.ndarray:
    """[P] booleans: the phrase does not beat some negative by its kind's margin, or (a phrase about
    an entity) is judged absent: the same rule as `Critic.rank`."""
    presence = th.presence if th.presence is not None else -1.0
    fails = s.entity & (s.own - presence <= th.margin_for("absent"))
    for kind, best in s.best_by_kind.items():
        fails |= s.own - best <= th.margin_for(kind)
    return fails


def identity_fails(s: SceneScore, th: Thresholds) -> np.ndarray:
    """[C] booleans: the character's crop does not match its reference sheet."""
    return s.identity < th.identity


def flagged(s: SceneScore, th: Thresholds) -> bool:
    """The critic agent's verdict on the scene: some phrase fails or some character is not itself."""
    return bool(np.any(phrase_fails(s, th)) or np.any(identity_fails(s, th)))


def detection(scores: list[SceneScore], th: Thresholds) -> tuple[float, float]:
    """(share of defective scenes flagged, share of intact scenes flagged)."""
    bad = [flagged(s, th) for s in scores if s.defect is not None]
    intact = [flagged(s, th) for s in scores if s.defect is None]
    return float(np.mean(bad)), float(np.mean(intact))


def _scene_features(scores: list[SceneScore], kinds: list[str]) -> np.ndarray:
    """[N, 2 + K]: per scene, the lowest entity phrase score, the lowest identity and, per negative
    kind, the lowest margin of a phrase over its best negative of that kind (inf: nothing to judge).
    A scene is flagged when any of them is at or below its threshold, so the verdict is an OR of one
    threshold per column: what calibration searches."""
    rows = []
    for s in scores:
        row = [s.own[s.entity].min() if s.entity.any() else np.inf, s.identity.min() if len(s.identity) else np.inf]
        for kind in kinds:
            best = s.best_by_kind.get(kind)
            row.append((s.own - best).min() if best is not None else np.inf)
        rows.append(row)
    return np.asarray(rows, dtype=float)


def calibrate_alignment(scores: list[SceneScore], max_false_alarm: float = 0.08, seed: int = 0) -> Thresholds:
    """The thresholds (presence, a margin per negative kind, identity) under which the critic's scene
    verdict flags the most defective scenes with at most `max_false_alarm` of the intact ones flagged.

    Calibrated together, because they share one false-alarm budget: a strict identity threshold
    leaves the phrases less room. One margin per negative kind, because the kinds differ in noise:
    beating all 70 prop nouns is harder than beating 4 times of day. Coordinate ascent over the
    columns of `_scene_features`, from several starts (the objective is a step function)."""
    kinds = sorted({k for s in scores for k in s.best_by_kind})
    feats = _scene_features(scores, kinds)
    bad = np.array([s.defect is not None for s in scores])
    finite = [np.unique(col[np.isfinite(col)]) for col in feats.T]
    # Candidate thresholds per column: "never", and quantiles over the lowest 40% of its values.
    candidates = [np.concatenate([[-np.inf], np.quantile(v, np.linspace(0, 0.4, 81)) if len(v) else []]) for v in finite]

    def key(t: np.ndarray) -> tuple:
        flags = (feats <= t).any(axis=1)
        det, fa = flags[bad].mean(), flags[~bad].mean()
        # Within the false-alarm budget: most detections. Past it: fewest false alarms.
        return (det, -fa) if fa <= max_false_alarm else (-fa, 0.0)

    # Starts: one shared margin for every kind (a grid with presence and identity), the best few,
    # then random points; each is improved one column at a time.
    starts = []
    for presence in candidates[0][::6]:
        for identity in candidates[1][::6]:
            for margin in np.linspace(-0.3, 0.05, 36):
                t = np.array([presence, identity, *[margin] * len(kinds)])
                starts.append((key(t), t))
    starts = [t for _, t in sorted(starts, key=lambda kt: kt[0], reverse=True)[:8]]
    rng = np.random.default_rng(seed)
    starts += [np.array([rng.choice(c[: len(c) // 2 + 1]) for c in candidates]) for _ in range(8)]
    best_t, best_key = starts[0], key(starts[0])
    for t in starts:
        k = key(t)
        for _ in range(6):
            improved = False
            for j, cands in enumerate(candidates):
                for v in cands:
                    trial = t.copy()
                    trial[j] = v
                    kt = key(trial)
                    if kt > k:
                        t, k, improved = trial, kt, True
            if not improved:
                break
        if k > best_key:
            best_t, best_key = t, k
    # Back to the rule `Critic.rank` applies: presence is the absent negative's score (margin 0), a phrase
    # fails a kind when its margin is at or below the kind's margin; -inf becomes "never".
    never = -1e9
    presence = float(best_t[0]) if np.isfinite(best_t[0]) else never
    identity = float(best_t[1]) + 1e-6 if np.isfinite(best_t[1]) else never
    margins = {k: round(float(v), 4) if np.isfinite(v) else never for k, v in zip(kinds, best_t[2:])}
    # Kinds calibration never saw (expressions, relations) get the loosest margin it found.
    return Thresholds(margin=min((v for v in margins.values() if v > never), default=0.0), presence=presence, identity=identity,
                      class_margins={"absent": 0.0, **margins})


@dataclass
class IdentityScores:
    same: list[float]
    different: list[float]


def identity_scores(critic, seed: int, designs: int = 24, scenes_per_design: int = 2) -> IdentityScores:
    """Crops of fresh characters (in different scenes and poses) against every reference sheet.

    Designs come in pairs of the same kind with different colours, so 'other characters' include
    look-alikes, not just other kinds."""
    from animdirector.tools.render import Layout, Placement, Setting, render_reference_sheet, render_scene

    rng = random.Random(seed)
    space = fact_space()
    pool = []
    for i in range(0, designs, 2):
        a = sample_design(rng, 800000 + seed * 1000 + i, space)
        b = sample_design(rng, 800000 + seed * 1000 + i + 1, space).model_copy(update={"kind": a.kind})
        pool += [a, b]
    sheets = []
    for d in pool:
        sheet = render_reference_sheet(d)
        sheets.append(getattr(sheet, "image", sheet))
    crops, owner = [], []
    for j, d in enumerate(pool):
        for k in range(scenes_per_design):
            other = pool[(j + 2 + k) % len(pool)]
            pls = [
                Placement(character=d.name, x=rng.uniform(0.2, 0.4), pose=rng.choice(("stand", "walk", "wave", "run", "sit")),
                          facing=rng.choice(("left", "right", "front")), expression=rng.choice(("happy", "sad", "neutral"))),
                Placement(character=other.name, x=rng.uniform(0.65, 0.85)),
            ]
            # Three backgrounds only (cached by the renderer): identity is about the character.
            layout = Layout(setting=Setting(place=("park", "bedroom", "beach")[k % 3], time_of_day="noon"), placements=pls)
            res = render_scene(layout, None, characters={d.name: d, other.name: other}, size=(768, 432), seed=11)
            box = res.manifest.entity(d.name)
            if box is None:
                continue
            crops.append(crop_box(res.image, box.bbox))
            owner.append(j)
    from .score import sheet_views

    crop_emb = critic.embed_images(crops).numpy()
    view_emb = critic.embed_images([v for s in sheets for v in sheet_views(s)]).numpy().reshape(len(sheets), 3, -1)
    sims = np.einsum("cd,svd->csv", crop_emb, view_emb).max(axis=2)  # [crops, sheets]
    same, different = [], []
    for c, j in enumerate(owner):
        for s in range(len(sheets)):
            (same if s == j else different).append(float(sims[c, s]))
    return IdentityScores(same, different)


def roc_auc(pos: list[float], neg: list[float]) -> float:
    p, n = np.asarray(pos), np.asarray(neg)
    greater = (p[:, None] > n[None, :]).mean()
    ties = (p[:, None] == n[None, :]).mean()
    return float(greater + 0.5 * ties)


def calibrate_bundled(weights: Path, seed: int, scenes: int, cache_dir: Path | None = None) -> dict:
    """Thresholds for freshly trained weights, measured on scenes seeded apart from training and benchmark."""
    from .loading import load_bundled
    from .score import Critic

    loaded = load_bundled(weights, weights.with_suffix(".json"))
    # Score with the raw similarities: presence -1 and margin -inf so that nothing is pre-judged.
    loaded.thresholds = replace(loaded.thresholds, presence=-1.0, margin=0.0)
    critic = Critic(loaded)
    t = time.time()
    scores = score_scenes(critic, seed, scenes, progress=True)
    th = calibrate_alignment(scores)
    det, fa = detection(scores, th)
    ids = identity_scores(critic, seed + 1, designs=24)
    log.info("calibrated in %.0f s on %d scenes: flags %.1f%% of defective and %.1f%% of intact scenes; presence %.3f "
             "identity %.3f (identity AUC %.3f)", time.time() - t, scenes, 100 * det, 100 * fa, th.presence, th.identity,
             roc_auc(ids.same, ids.different))
    return {"presence": th.presence, "margin": th.margin, "identity": th.identity, "class_margins": th.class_margins}
