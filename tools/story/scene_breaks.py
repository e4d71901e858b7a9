"""Where a story moves on, so scenes are cut there: at its paragraphs, and where the text takes its
people to another place or another time of day. A scene cut anywhere else packs two settings into
one picture, and the picture can only show one of them (graders saw a desert dune and a market in
one scene, shown as a shop)."""

from __future__ import annotations

from animdirector.tools.story.facts import StoryFacts
from animdirector.tools.story_text import paragraph_starts

PARAGRAPH = 1.0
NEW_SETTING = 0.7  # another place or time of day: nearly as good a cut as a paragraph
NEW_OUTDOORS = 0.5  # "went outside", "came back in": the same home, another side of its door


def scene_breaks(text: str, facts: StoryFacts) -> list[float]:
    """For each sentence of `text` (as `facts` has them), how strongly it starts something new,
    0..1: the `breaks` that `chunk_story` cuts scenes at."""
    starts = paragraph_starts(text)
    out: list[float] = []
    place = time = outdoors = None
    for i, sentence in enumerate(facts.sentences):
        strength = PARAGRAPH if i in starts else 0.0
        # where the people are: "the kite landed in the forest" takes nobody there
        here = [p.place for p in sentence.places if p.motion in ("at", "to")] if sentence.present else []
        if here and here[0] != place:
            strength = max(strength, NEW_SETTING if i else 0.0)
        if i and sentence.time and sentence.time != time:
            strength = max(strength, NEW_SETTING)
        if sentence.outdoors is not None and outdoors is not None and sentence.outdoors != outdoors and not here:
            strength = max(strength, NEW_OUTDOORS)
        out.append(strength)
        place = here[-1] if here else None if any(p.motion == "from" for p in sentence.places) else place
        time = sentence.time or time
        outdoors = sentence.outdoors if sentence.outdoors is not None else outdoors
    return out
