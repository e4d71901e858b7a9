"""Facts about a rendered picture, and the many ways to say them.

Training needs to know, for every (picture, phrase) pair in a batch, whether the phrase is true of the
picture. So phrases are made from *facts* (small tuples with wildcards), and a fact is checked
against a picture's `Truth` (what the spec put where). Phrases are then worded from the fact with
varied templates, so the critic learns the facts rather than one wording.

Fact tuples (None is a wildcard):
    ("char", kind, colour_a, colour_b)     person: top and bottom colours; animal: fur colour, None
    ("prop", noun, colour, shape)
    ("place", place, time_of_day, weather)
    ("expr", kind, expression)
    ("rel", label_left, label_right)       label: a character kind or a prop noun
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

Fact = tuple

PEOPLE = ("boy", "girl", "man", "woman", "old man", "old woman", "baby")
RELATION_GAP = 0.06  # x distance (0..1 of the frame) below which left/right is not asserted


@dataclass(frozen=True)
class CharTruth:
    kind: str
    colour_a: str  # top (people) or fur (animals)
    colour_b: str | None  # bottom (people)
    bottom_style: str | None
    expression: str
    x: float
    design_id: int = -1


@dataclass(frozen=True)
class PropTruth:
    noun: str
    colour: str
    shape: str
    x: float


@dataclass(frozen=True)
class Truth:
    """What is in one training picture. A crop has no setting: setting and relation facts are unknown."""

    chars: tuple[CharTruth, ...] = ()
    props: tuple[PropTruth, ...] = ()
    place: str | None = None
    time: str | None = None
    weather: str | None = None
    is_crop: bool = False

    def to_json(self) -> dict:
        return {
            "chars": [c.__dict__ for c in self.chars],
            "props": [p.__dict__ for p in self.props],
            "place": self.place, "time": self.time, "weather": self.weather, "is_crop": self.is_crop,
        }

    @staticmethod
    def from_json(d: dict) -> "Truth":
        return Truth(
            chars=tuple(CharTruth(**c) for c in d["chars"]),
            props=tuple(PropTruth(**p) for p in d["props"]),
            place=d["place"], time=d["time"], weather=d["weather"], is_crop=d["is_crop"],
        )


def _eq(want, have) -> bool:
    return want is None or want == have


def holds(fact: Fact, truth: Truth) -> int:
    """1 if the fact is true of the picture, 0 if false, -1 if the picture cannot tell (a crop)."""
    tag = fact[0]
    if tag == "char":
        _, kind, a, b = fact
        return int(any(c.kind == kind and _eq(a, c.colour_a) and _eq(b, c.colour_b) for c in truth.chars))
    if tag == "prop":
        _, noun, colour, shape = fact
        return int(any(p.noun == noun and _eq(colour, p.colour) and _eq(shape, p.shape) for p in truth.props))
    if tag == "expr":
        _, kind, expression = fact
        if any(c.kind == kind and c.expression == "?" for c in truth.chars):
            return -1  # a reference-sheet view: its expression is not part of the truth
        return int(any(c.kind == kind and c.expression == expression for c in truth.chars))
    if tag == "place":
        if truth.is_crop:
            return -1
        _, place, time, weather = fact
        return int(_eq(place, truth.place) and _eq(time, truth.time) and _eq(weather, truth.weather))
    if tag == "rel":
        if truth.is_crop:
            return -1
        _, left, right = fact
        xs = {}
        for c in truth.chars:
            xs.setdefault(c.kind, []).append(c.x)
        for p in truth.props:
            xs.setdefault(p.noun, []).append(p.x)
        if left not in xs or right not in xs:
            return 0
        return int(any(lx < rx - RELATION_GAP for lx in xs[left] for rx in xs[right]))
    raise ValueError(f"unknown fact {fact!r}")


# --- wording -------------------------------------------------------------------------------------

_TIME_WORDS = {
    "morning": ("in the morning", "at morning"),
    "noon": ("at noon", "at noon"),
    "sunset": ("at sunset", "at sunset"),
    "night": ("at night", "at night"),
}
_WEATHER_WORDS = {"rain": ("in the rain", "on a rainy day"), "snow": ("in the snow", "on a snowy day"),
                  "cloudy": ("on a cloudy day", "under grey clouds"), "fog": ("in the fog", "on a foggy day")}
_TOP_WORDS = ("shirt", "top", "jumper")


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def phrase(fact: Fact, rng: random.Random | None = None, bottom_style: str | None = None, shape: str | None = None) -> str:
    """One wording of a fact; rng=None gives the canonical wording (checklists use it).

    `shape` is a word said of a prop but not checked (most props are drawn one way whatever the shape)."""
    pick = (lambda xs: xs[0]) if rng is None else rng.choice
    tag = fact[0]
    if tag == "char":
        _, kind, a, b = fact
        if kind in PEOPLE or b is not None:
            style = bottom_style or "trousers"
            top = pick(_TOP_WORDS)
            if a and b:
                return pick((
                    f"{_a(kind)} in {_a(a)} {top} and {b} {style}",
                    f"{_a(kind)} wearing {_a(a)} {top} and {b} {style}",
                    f"{_a(kind)} with {_a(a)} {top} and {b} {style}",
                ))
            if a:
                return pick((f"{_a(kind)} in {_a(a)} {top}", f"{_a(kind)} wearing {a}", f"{_a(kind)} dressed in {a}"))
            if b:
                return pick((f"{_a(kind)} in {b} {style}", f"{_a(kind)} wearing {b} {style}"))
            return pick((_a(kind), f"there is {_a(kind)}"))
        if a:
            return pick((f"{_a(a)} {kind}", f"{_a(kind)} with {a} fur", f"{_a(a)} {kind}"))
        return pick((_a(kind), f"there is {_a(kind)}"))
    if tag == "prop":
        _, noun, colour, fact_shape = fact
        shape = fact_shape or shape
        words = " ".join(w for w in (colour, shape, noun) if w)
        if colour and shape:
            return pick((_a(words), _a(words), f"{_a(shape + ' ' + noun)} that is {colour}"))
        return _a(words)
    if tag == "place":
        _, place, time, weather = fact
        parts = [_a(place) if place else "a scene"]
        if time:
            parts.append(pick(_TIME_WORDS[time]))
        if weather and weather != "clear":
            parts.append(pick(_WEATHER_WORDS[weather]))
        return " ".join(parts)
    if tag == "expr":
        _, kind, expression = fact
        return pick((f"the {kind} is {expression}", f"{_a(expression)} {kind}", f"the {kind} looks {expression}"))
    if tag == "rel":
        _, left, right = fact
        return pick((
            f"the {left} is left of the {right}",
            f"the {left} is to the left of the {right}",
            f"the {right} is right of the {left}",
            f"the {right} is to the right of the {left}",
        ))
    raise ValueError(f"unknown fact {fact!r}")


# --- facts of a picture and their hard negatives ------------------------------------------------


@dataclass
class FactSpace:
    """The values each fact field can take (the renderer's vocabulary)."""

    colours: tuple[str, ...]
    kinds: tuple[str, ...]
    props: tuple[str, ...]
    shapes: tuple[str, ...]
    places: tuple[str, ...]
    times: tuple[str, ...] = ("morning", "noon", "sunset", "night")
    weathers: tuple[str, ...] = ("clear", "rain", "snow")
    expressions: tuple[str, ...] = ("happy", "sad", "surprised", "angry", "scared", "neutral")
    extra: dict = field(default_factory=dict)


def true_facts(truth: Truth) -> list[Fact]:
    """Every fact (at every level of detail) that holds for the picture."""
    facts: list[Fact] = []
    for c in truth.chars:
        facts += [("char", c.kind, c.colour_a, c.colour_b), ("char", c.kind, None, None)]
        if c.colour_b is not None:
            facts += [("char", c.kind, c.colour_a, None), ("char", c.kind, None, c.colour_b)]
        if c.expression not in ("neutral", "?"):
            facts.append(("expr", c.kind, c.expression))
    for p in truth.props:
        # Shapes are said but not checked: most props are drawn the same whatever shape is asked.
        facts += [("prop", p.noun, p.colour, None), ("prop", p.noun, None, None)]
    if not truth.is_crop and truth.place:
        facts += [
            ("place", truth.place, truth.time, truth.weather),
            ("place", truth.place, truth.time, None),
            ("place", truth.place, None, None),
            ("place", None, truth.time, None),
        ]
        labels = [(c.kind, c.x) for c in truth.chars] + [(p.noun, p.x) for p in truth.props]
        for la, xa in labels:
            for lb, xb in labels:
                if la != lb and xa < xb - RELATION_GAP:
                    facts.append(("rel", la, lb))
    return list(dict.fromkeys(f for f in facts if holds(f, truth) == 1))


def _other(rng: random.Random, values: tuple[str, ...], current) -> str:
    choices = [v for v in values if v != current]
    return rng.choice(choices)


def perturb(fact: Fact, space: FactSpace, rng: random.Random) -> Fact:
    """The same fact with one thing changed: colour, kind, binding, place, time, expression, side."""
    tag = fact[0]
    if tag == "char":
        _, kind, a, b = fact
        options = ["kind"] + (["a"] if a else []) + (["b"] if b else []) + (["bind"] if a and b and a != b else [])
        what = rng.choice(options + ["a"] * bool(a) + ["b"] * bool(b))
        if what == "kind":
            same_plan = tuple(k for k in space.kinds if (k in PEOPLE) == (kind in PEOPLE) and k != kind)
            return ("char", _other(rng, same_plan if same_plan and rng.random() < 0.6 else space.kinds, kind), a, b)
        if what == "a":
            return ("char", kind, _other(rng, space.colours, a), b)
        if what == "b":
            return ("char", kind, a, _other(rng, space.colours, b))
        return ("char", kind, b, a)
    if tag == "prop":
        _, noun, colour, shape = fact
        options = ["noun"] + (["colour", "colour"] if colour else [])
        what = rng.choice(options)
        if what == "noun":
            return ("prop", _other(rng, space.props, noun), colour, shape)
        if what == "colour":
            return ("prop", noun, _other(rng, space.colours, colour), shape)
        return ("prop", noun, colour, _other(rng, space.shapes, shape))
    if tag == "place":
        _, place, time, weather = fact
        options = (["place"] if place else []) + (["time"] if time else []) + (["weather"] if weather else [])
        what = rng.choice(options)
        if what == "place":
            return ("place", _other(rng, space.places, place), time, weather)
        if what == "time":
            return ("place", place, _other(rng, space.times, time), weather)
        return ("place", place, time, _other(rng, space.weathers, weather))
    if tag == "expr":
        _, kind, expression = fact
        if rng.random() < 0.7:
            return ("expr", kind, _other(rng, space.expressions[:-1], expression))
        return ("expr", _other(rng, space.kinds, kind), expression)
    if tag == "rel":
        _, left, right = fact
        return ("rel", right, left)
    raise ValueError(f"unknown fact {fact!r}")
