"""Contrastive negatives for a checklist phrase: the same phrase with one fact changed.

A phrase passes only if the picture fits it better than every negative, so the negatives decide what
the critic checks:
- colour swapped: each colour word replaced by every other basic colour ("a red ball" -> "a blue ball"),
  and two colours exchanged ("a red shirt and blue shorts" -> "a blue shirt and red shorts": binding);
- kind swapped: a character kind, prop noun, place, time of day, weather or expression replaced by
  another of its class ("a boy" -> "a girl", "at sunset" -> "at night", "is sad" -> "is happy");
- relation flipped: "left" <-> "right";
- object absent: "no <phrase>", scored by the model's calibrated presence threshold (see score.py).
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)

# The basic colour words the swaps use (the renderer's `colour_name` palette without near-duplicates).
BASIC_COLOURS: tuple[str, ...] = (
    "red", "blue", "green", "yellow", "orange", "purple", "pink", "brown", "black", "white", "grey",
)
# Colour words that are the same colour for a reader, so never each other's negative.
_SAME_COLOUR = {
    "grey": "grey", "gray": "grey", "silver": "grey", "golden": "yellow", "gold": "yellow",
    "cream": "white", "blond": "yellow", "blonde": "yellow", "ginger": "orange", "scarlet": "red",
    "crimson": "red", "cherry": "red", "ruby": "red", "navy": "blue", "sapphire": "blue", "violet": "purple",
    "lilac": "purple", "plum": "purple", "emerald": "green", "jade": "green", "mint": "green", "olive": "green",
    "chocolate": "brown", "chestnut": "brown", "tan": "brown", "caramel": "brown", "rose": "pink",
    "peach": "orange", "amber": "orange", "lemon": "yellow", "mustard": "yellow",
}
TIMES_OF_DAY: tuple[str, ...] = ("morning", "noon", "sunset", "night")
WEATHERS: tuple[str, ...] = ("rain", "snow")
EXPRESSIONS: tuple[str, ...] = ("happy", "sad", "surprised", "angry", "scared")
RELATIONS = {"left": "right", "right": "left"}

_FALLBACK_KINDS = ("boy", "girl", "man", "woman", "dog", "cat", "rabbit", "bear", "fox", "mouse", "bird")
_FALLBACK_PROPS = ("ball", "box", "car", "tree", "book", "kite", "flower", "hat", "cake", "boat", "key")
_FALLBACK_PLACES = ("garden", "park", "forest", "beach", "kitchen", "bedroom", "street", "classroom")


@dataclass(frozen=True)
class Vocabulary:
    """The words of each class the critic knows; swaps replace a word by others of its class."""

    colours: tuple[str, ...]
    kinds: tuple[str, ...]
    props: tuple[str, ...]
    places: tuple[str, ...]
    times: tuple[str, ...] = TIMES_OF_DAY
    weathers: tuple[str, ...] = WEATHERS
    expressions: tuple[str, ...] = EXPRESSIONS
    # Props drawn by the same drawing (bike/bicycle, rock/stone) are never each other's negative:
    # (noun, group) pairs, and the one noun per group that swaps use.
    prop_groups: tuple[tuple[str, str], ...] = ()
    prop_targets: tuple[str, ...] = ()

    def group_of(self, noun: str) -> str:
        return dict(self.prop_groups).get(noun, noun)

    def swap_targets(self, cls: str) -> tuple[str, ...]:
        if cls == "prop" and self.prop_targets:
            return self.prop_targets
        return self.classes()[cls]

    def classes(self) -> dict[str, tuple[str, ...]]:
        return {
            "kind": self.kinds,
            "prop": self.props,
            "place": self.places,
            "time": self.times,
            "weather": self.weathers,
            "expression": self.expressions,
        }


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The renderer's kinds, props and places (fallback lists while the renderer lacks them)."""
    kinds, props, places = _FALLBACK_KINDS, _FALLBACK_PROPS, _FALLBACK_PLACES
    groups: dict[str, str] = {}
    try:
        from animdirector.tools import render

        kinds = tuple(render.known_kinds())
        props = tuple(p for p in render.known_props() if p not in _NOT_PROP_WORDS)
        places = tuple(render.known_places())
        groups = prop_drawing_groups(props)
    except (ImportError, AttributeError) as exc:
        log.debug("renderer vocabulary unavailable (%s); using fallback lists", exc)
    targets = tuple(dict.fromkeys(groups.get(p, p) for p in props))
    return Vocabulary(colours=BASIC_COLOURS, kinds=kinds, props=props, places=places,
                      prop_groups=tuple(groups.items()), prop_targets=targets)


# Prop nouns that are also modifiers in phrases ("a light blue shirt").
_NOT_PROP_WORDS = frozenset({"light"})


def prop_drawing_groups(props: tuple[str, ...]) -> dict[str, str]:
    """noun -> the first noun drawn by the same drawing function (its group name)."""
    try:
        from animdirector.tools.render.props import PROPS
    except ImportError:
        return {p: p for p in props}
    first: dict[object, str] = {}
    out = {}
    for p in props:
        spec = PROPS.get(p)
        key = getattr(spec, "draw", p) if spec is not None else p
        out[p] = first.setdefault(key, p)
    return out


@dataclass(frozen=True)
class Negative:
    text: str
    kind: str  # "colour", "binding", "kind", "prop", "place", "time", "weather", "expression", "relation", "absent"


def colour_key(word: str) -> str | None:
    """The basic colour a word stands for, or None if it is not a colour word."""
    word = word.lower()
    if word in BASIC_COLOURS:
        return word
    return _SAME_COLOUR.get(word)


def basic_colour(colour: str | None) -> str | None:
    """The basic colour word the critic knows for a colour as a story or a designer wrote it.

    "light blue" and "navy blue" -> blue (the last colour word), "scarlet" -> red, and a word with
    no basic colour in it ("turquoise", "beige") -> the basic colour nearest to how the renderer
    draws it. Empty or unknown words stay as they are."""
    if not colour:
        return colour
    keys = [k for k in (colour_key(w) for w in re.split(r"[\s\-_/]+", colour.lower())) if k]
    if keys:
        return keys[-1]
    from animdirector.tools.render.colours import colour_name, parse_colour

    try:
        name = colour_name(parse_colour(colour))
    except ValueError:
        return colour
    return colour_key(name) or name


def critic_colour(colour: str | None, tolerance: float = 60.0) -> str | None:
    """The basic colour word a checklist may say for `colour`, or None when the critic cannot judge it.

    The critic learnt colours from the renderer's drawings of the basic colours only, so a colour the
    renderer draws far from its basic colour (RGB distance over `tolerance`) is left out of the
    phrase: turquoise is drawn nearer green than blue, and the critic scored "a girl in a blue shirt"
    -0.03 on a girl in turquoise, below "absent". Navy blue, gold, cream and crimson are kept. The
    reference-sheet check still covers the colours left out."""
    word = basic_colour(colour)
    if not word:
        return word
    from animdirector.tools.render.colours import parse_colour

    try:
        drawn, basic = parse_colour(colour), parse_colour(word)
    except ValueError:
        return None
    return word if math.dist(drawn, basic) <= tolerance else None


def _match_case(old: str, new: str) -> str:
    return new.capitalize() if old[:1].isupper() else new


def _fix_articles(text: str) -> str:
    """Fix 'a orange' / 'an red' after a swap."""
    text = re.sub(r"\b([Aa])n? (?=[aeiouAEIOU])", lambda m: m.group(1) + "n ", text)
    return re.sub(r"\b([Aa])n (?=[^aeiouAEIOU\W])", lambda m: m.group(1) + " ", text)


@dataclass(frozen=True)
class Mention:
    """A word (or words, "old man") of a known class at characters start..end of a phrase."""

    start: int
    end: int
    cls: str  # colour, relation, kind, prop, place, time, weather, expression
    value: str  # canonical: basic colour, or the class member (singular)
    plural: bool = False


def find_mentions(phrase: str, vocab: Vocabulary | None = None) -> list[Mention]:
    """Known words in `phrase`, longest first ("old man" before "man"), without overlaps."""
    vocab = vocab or default_vocabulary()
    lower = phrase.lower()
    taken = [False] * len(phrase)
    found: list[Mention] = []

    def claim(start: int, end: int) -> bool:
        if any(taken[start:end]):
            return False
        taken[start:end] = [True] * (end - start)
        return True

    entries: list[tuple[str, str, str, bool]] = []  # (surface, cls, value, plural)
    for cls, members in vocab.classes().items():
        for m in members:
            entries.append((m, cls, m, False))
            if cls in ("kind", "prop"):
                entries.append((m + "s", cls, m, True))
    entries.sort(key=lambda e: -len(e[0]))
    for surface, cls, value, plural in entries:
        for match in re.finditer(r"\b" + re.escape(surface) + r"\b", lower):
            if claim(match.start(), match.end()):
                found.append(Mention(match.start(), match.end(), cls, value, plural))
    for match in re.finditer(r"[a-z]+", lower):
        word = match.group(0)
        key = colour_key(word)
        cls, value = ("colour", key) if key else (("relation", word) if word in RELATIONS else (None, None))
        if cls and claim(match.start(), match.end()):
            found.append(Mention(match.start(), match.end(), cls, value))
    return sorted(found, key=lambda m: m.start)


def _splice(phrase: str, edits: list[tuple[Mention, str]]) -> str:
    out = phrase
    for mention, new in sorted(edits, key=lambda e: -e[0].start):
        new = new + ("s" if mention.plural else "")
        out = out[: mention.start] + _match_case(phrase[mention.start : mention.end], new) + out[mention.end :]
    return _fix_articles(out)


def make_negatives(phrase: str, vocab: Vocabulary | None = None) -> list[Negative]:
    """Every contrastive negative of `phrase` (without the absent one, which score.py adds)."""
    vocab = vocab or default_vocabulary()
    mentions = find_mentions(phrase, vocab)
    present = {m.value for m in mentions}
    out: dict[str, Negative] = {}

    def add(text: str, kind: str) -> None:
        if text.lower() != phrase.lower() and text not in out:
            out[text] = Negative(text, kind)

    colours = [m for m in mentions if m.cls == "colour"]
    for m in colours:
        for other in vocab.colours:
            if other != m.value:
                add(_splice(phrase, [(m, other)]), "colour")
    # Binding: exchange the first two different colours ("red shirt, blue shorts" -> "blue shirt, red shorts").
    if len(colours) >= 2 and colours[0].value != colours[1].value:
        a, b = colours[0], colours[1]
        add(_splice(phrase, [(a, b.value), (b, a.value)]), "binding")
    classes = vocab.classes()
    for m in mentions:
        if m.cls == "relation":
            add(_splice(phrase, [(m, RELATIONS[m.value])]), "relation")
        elif m.cls in classes:
            mine = vocab.group_of(m.value) if m.cls == "prop" else m.value
            for other in vocab.swap_targets(m.cls):
                # Skip swaps into a word the phrase already has ("the boy is left of the boy").
                theirs = vocab.group_of(other) if m.cls == "prop" else other
                if theirs != mine and other not in present:
                    add(_splice(phrase, [(m, other)]), m.cls)
    return list(out.values())


def absent_negative(phrase: str) -> Negative:
    text = re.sub(r"^(a|an|the)\s+", "", phrase.strip(), flags=re.IGNORECASE)
    return Negative(f"no {text}", "absent")


_STOPWORDS = frozenset(
    "a an the in at of is are and with wearing wears has have on to its his her their by there it one".split()
)


def content_words(text: str) -> frozenset[str]:
    from .arch import words_of

    return frozenset(w for w in words_of(text) if w not in _STOPWORDS)


def drop_entailed(negatives: list[Negative], other_phrases: list[str]) -> list[Negative]:
    """Negatives that no other checklist phrase asserts: with "a red ball" and "a blue ball" in one
    checklist, "a blue ball" is not a negative of "a red ball"."""
    others = [content_words(p) for p in other_phrases]
    return [n for n in negatives if not any(content_words(n.text) <= o for o in others)]
