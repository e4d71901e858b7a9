"""What a scene's frames must show, from its text, and whether a clip's frames show it.

The facts come from the story reader (who is present, who holds what, who touches whom, what is
said to be absent) and from the script's settled place, time and weather. A clip's frame
manifests (the renderer records one every few frames: each entity's box, how much of it is in
the frame, pose, what it holds, who touches whom) are checked against them, so "consensus" means
the clip shows what the text says, not only that a picture scored well.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal, Sequence

from animdirector.tools.render.kinds import has_hands
from animdirector.tools.render.places import resolve_place
from animdirector.tools.render.scene import Manifest
from animdirector.tools.story.scenes import SceneReading
from animdirector.tools.story.vocabulary import flies

# A present character must be in at least this share of the frames, and mostly inside the frame.
SEEN_SHARE = 0.9
SEEN_AT_LEAST = 0.5
# Two who touch must be drawn in contact in at least this share (a hug may come mid-shot).
CONTACT_SHARE = 0.5

FactKind = Literal["present", "held", "absent", "touch", "at", "place", "time", "weather", "ground"]


@dataclass(frozen=True)
class SceneFact:
    kind: FactKind
    who: str = ""  # the character it is about
    what: str = ""  # a library prop, place, time or weather, or the other character of a touch
    verb: str = ""  # a touch's verb, as the story has it

    def describe(self) -> str:
        return {
            "present": f"{self.who} is in the picture",
            "held": f"{self.who} holds the {self.what}",
            "absent": f"the {self.what} is not there",
            "touch": f"{self.who} {_says(self.verb)} {self.what}: in contact",
            "at": f"{self.who} is {self.verb} the {self.what}",
            "place": f"it happens at the {self.what}",
            "time": f"it is {self.what}",
            "weather": f"the weather is {self.what}",
            "ground": f"{self.who} is not in the sky",
        }[self.kind]


def _says(verb: str) -> str:
    """The verb as "Mia ___ Rex" needs it: hugs, pushes, carries, stays close to, leans on."""
    first, _, rest = verb.partition(" ")
    first = (first[:-1] + "ies" if first.endswith("y") and first[-2:-1] not in "aeiou" else
             first + ("es" if first.endswith(("s", "sh", "ch", "x")) else "s"))
    return {"stay close": "stays close to", "lean": "leans on"}.get(verb, " ".join(w for w in (first, rest) if w))


@dataclass(frozen=True)
class FactResult:
    fact: SceneFact
    passed: bool
    share: float  # of the checked frames that show it
    frames: int

    def describe(self) -> str:
        mark = "yes" if self.passed else "NO"
        return f"{self.fact.describe()}: {mark} ({self.share:.0%} of {self.frames} frames)"

    def to_json(self) -> dict:
        return {"fact": self.fact.describe(), "kind": self.fact.kind, "passed": self.passed,
                "share": round(self.share, 3), "frames": self.frames, **{k: v for k, v in asdict(self.fact).items() if v}}


def scene_facts(reading: SceneReading, *, characters: Sequence[str], props: dict[str, str], place: str,
                time_of_day: str, weather: str, kinds: dict[str, str], settled: bool = False) -> list[SceneFact]:
    """The facts a scene's clip must show.

    characters: the scene's drawn cast; props: the library prop of each of the scene's prop nouns;
    place/time_of_day/weather: the script's, for a scene whose text does not say (for every scene
    when `settled`); kinds: each character's kind."""
    drawn_items = set(props.values())
    # who the text has arrive or leave is in view for part of the clip only
    facts = [SceneFact("present", who=n, verb="partly" if n in reading.coming_going else "")
             for n in reading.present if n in characters]
    facts += [SceneFact("held", who=who, what=item) for item, who in reading.held.items()
              if who in characters and item in drawn_items and has_hands(kinds.get(who, ""))]
    facts += [SceneFact("absent", what=item) for item in sorted(reading.absent)]
    facts += [SceneFact("touch", who=a, what=b, verb=verb) for a, b, verb in reading.touches
              if a in characters and b in characters]
    held = set(reading.held)
    facts += [SceneFact("at", who=who, what=anchor, verb=_prep(reading, who, anchor))
              for who, anchor in reading.at.items()
              if anchor in drawn_items and (who in characters or (who in drawn_items and who not in held))]
    # where and when as the text says, else as the script settled it (carried over, or the model's);
    # `settled`: code settled the script's from the text already ("the water" of a beach scene is the sea)
    if not settled:
        place, time_of_day, weather = reading.place or place, reading.time or time_of_day, reading.weather or weather
    facts += [SceneFact("place", what=place), SceneFact("time", what=time_of_day), SceneFact("weather", what=weather)]
    facts += [SceneFact("ground", who=n) for n in characters if not flies(kinds.get(n, ""))]
    return facts


def _prep(reading: SceneReading, who: str, anchor: str) -> str:
    return next((p for s in reading.sentences for w, p, a in s.spatial if w == who and a == anchor), "at")


def check_frames(facts: Sequence[SceneFact], frames: Sequence[Manifest]) -> list[FactResult]:
    """Each fact against a clip's frame manifests."""
    n = len(frames)
    results = []
    for fact in facts:
        hits = sum(_shows(fact, m) for m in frames)
        share = hits / n if n else 0.0
        need = {"present": CONTACT_SHARE if fact.verb == "partly" else SEEN_SHARE, "held": SEEN_SHARE, "touch": CONTACT_SHARE, "at": CONTACT_SHARE}.get(fact.kind, 1.0)
        results.append(FactResult(fact, passed=n > 0 and share >= need - 1e-9, share=share, frames=n))
    return results


def _shows(fact: SceneFact, m: Manifest) -> bool:
    drawn_place = resolve_place(m.setting.place)[0] if m.setting else ""
    if fact.kind == "present":
        return m.visible(fact.who, SEEN_AT_LEAST)
    if fact.kind == "held":  # in their hand, or in play from or to it (thrown, handed over, bounced)
        return any(fact.who in (e.held_by, e.from_hand, e.to_hand) and fact.what in (e.name, e.label) and e.visible > 0
                   for e in m.entities)
    if fact.kind == "absent":
        return not any(fact.what in (e.name, e.label) and e.visible > 0 for e in m.entities)
    if fact.kind == "touch":
        return (fact.who, fact.what) in m.touching or (fact.what, fact.who) in m.touching
    if fact.kind == "at":  # its middle over the thing's drawing
        it = next((e for e in m.entities if fact.who in (e.name, e.label) and e.visible > 0), None)
        at = next((e for e in m.entities if fact.what in (e.name, e.label) and e.visible > 0), None)
        return it is not None and at is not None and at.bbox[0] <= (it.bbox[0] + it.bbox[2]) / 2 <= at.bbox[2]
    if fact.kind == "place":
        return drawn_place == fact.what
    if fact.kind == "time":
        return m.setting is not None and m.setting.time_of_day == fact.what
    if fact.kind == "weather":
        return m.setting is not None and m.setting.weather == fact.what
    if fact.kind == "ground":
        return drawn_place != "sky" or not m.visible(fact.who, 0.01)
    raise ValueError(f"unknown fact kind {fact.kind!r}")
