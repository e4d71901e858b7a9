"""What the story's characters wear, scene by scene: the hat, cap or scarf the text puts on someone
("wearing his green hat", "Pip had a long blue scarf") is part of their look, drawn on them, until
the text takes it off (blown away, taken off, lost, in someone else's hands); then it is a thing
of the scene, and it is theirs to wear again once the text puts it back on."""

from __future__ import annotations

from dataclasses import dataclass

from animdirector.tools.render.text import ACCESSORY_WORDS
from animdirector.tools.story.facts import SentenceFacts, StoryFacts

# What someone does to what they wear that leaves it on: anything else puts it in play as a thing.
STILL_WORN_VERBS = frozenset({"wear", "have", "put", "button", "zip", "tie", "fasten", "love", "like", "don"})


@dataclass(frozen=True)
class Worn:
    wearer: str  # a cast name
    word: str  # the story's word: "hat", "scarf"
    accessory: str  # the renderer's: "hat", "scarf", "cap"
    colour: str = ""  # the first colour the story gives it


def worn_things(facts: StoryFacts) -> dict[str, Worn]:
    """The story's word -> who it first puts it on, for each piece of clothing worn."""
    out: dict[str, Worn] = {}
    colours: dict[str, str] = {}
    for s in facts.sentences:
        for t in s.things:
            if t.colour:
                colours.setdefault(t.word, t.colour)
            if t.worn_by and t.word not in out and t.worn_by in facts.cast:
                out[t.word] = Worn(t.worn_by, t.word, ACCESSORY_WORDS[t.word.split()[-1]])
    return {w: Worn(x.wearer, x.word, x.accessory, colours.get(w, "")) for w, x in out.items()}


def _off(s: SentenceFacts, word: str, wearer: str) -> bool | None:
    """Whether this sentence takes the thing off (True), puts it on (False), or says neither (None)."""
    said = [t for t in s.things if t.word == word]
    if not said:
        return None
    if any(t.worn_by == wearer for t in said):
        return False
    if any(t.absent or t.moves or (t.holder and t.holder != wearer) for t in said):
        return True
    done = [a.verb for a in s.actions if a.object == word and not a.negated]
    return True if any(v not in STILL_WORN_VERBS for v in done) else None


def unworn_in(facts: StoryFacts, scenes: list[list[SentenceFacts]]) -> list[dict[str, list[str]]]:
    """For each scene (its sentences, in story order): wearer -> the accessories they do not have on
    in its picture: not yet put on, or taken off at any time in it. A scene that does not speak of
    the thing keeps how the last one left it."""
    worn = worn_things(facts)
    on = {w: False for w in worn}  # until the text first puts it on
    out: list[dict[str, list[str]]] = []
    for sentences in scenes:
        off_here: dict[str, list[str]] = {}
        for word, w in worn.items():
            changes = [c for c in (_off(s, word, w.wearer) for s in sentences) if c is not None]
            # off in the picture: taken off in the scene, or off before it and not put on in it
            off = any(changes) or (not on[word] and False not in changes)
            if changes:
                on[word] = not changes[-1]
            if off:
                off_here.setdefault(w.wearer, []).append(w.accessory)
        out.append(off_here)
    return out
