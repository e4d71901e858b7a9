"""The facts the story reader finds in a story: plain dataclasses, no parser types, so every
other part (the director, the critic, the report) can use them and they serialise to JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from animdirector.tools.story.grounding import Grounding


@dataclass
class Character:
    name: str  # "Sue", or the story's word for someone it does not name: "Girl", "Mom"
    word: str = ""  # what the story calls them: "girl", "puppy" ("" when it never says)
    kind: str | None = None  # the library kind the text tells (None: the text does not tell)
    sex: Literal["f", "m", ""] = ""
    named: bool = True  # a proper name, not a description
    mentions: int = 0
    colour: str = ""  # the colour the story gives them as a whole: "a gray cat", "a small brown bird"
    size: str = ""  # "big" or "little" beside their kin: "her big brother Finn", "his little sister"


@dataclass
class PlaceMention:
    word: str  # "town square"
    place: str  # the library place it is drawn as
    motion: Literal["at", "to", "from"]  # in it, going into it, leaving it
    grounding: Grounding


@dataclass
class Thing:
    word: str  # "kite", "swings"
    item: str | None  # the library prop
    colour: str = ""
    size: str = ""
    shape: str = ""
    holder: str | None = None  # who has it in hand in this sentence
    worn_by: str | None = None  # who has it on in this sentence ("wearing his green hat", "a girl in a red cap")
    absent: bool = False  # the text says it is not there ("the kite was not there", "no toys")
    moves: str = ""  # the verb when the thing itself moves ("the kite flew away": "fly")


@dataclass
class Action:
    verb: str  # lemma: "hug"
    subject: str | None  # a cast name
    object: str | None  # a cast name or a thing's word
    negated: bool = False
    # for a thing that changes hands: whom it goes to ("gave Kit the ball", "threw it to Kit",
    # "shared it with Kit") and whom it comes from ("took the apple from Tom"); cast names
    recipient: str | None = None
    source: str | None = None


@dataclass
class Quote:
    text: str
    speaker: str | None


@dataclass
class SentenceFacts:
    index: int
    text: str
    present: list[str] = field(default_factory=list)  # cast in the picture
    mentioned: list[str] = field(default_factory=list)  # cast named, present or not ("she missed Dad")
    places: list[PlaceMention] = field(default_factory=list)
    outdoors: bool | None = None  # "went outside" / "stayed inside", with no place named
    time: str | None = None
    time_changes: bool = False  # the time comes now ("the sun went down", "night fell", "it grew dark")
    weather: str | None = None
    actions: list[Action] = field(default_factory=list)
    things: list[Thing] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # where someone or something is against a thing: ("Mia", "under", "tree"), ("kite", "on", "bush")
    spatial: list[tuple[str, str, str]] = field(default_factory=list)
    feelings: dict[str, str] = field(default_factory=dict)  # cast name -> the library expression ("sad")
    mentioned_places: list[str] = field(default_factory=list)  # library places named anyhow ("loved the library")


@dataclass
class StoryFacts:
    cast: dict[str, Character]
    sentences: list[SentenceFacts]

    @property
    def substitutions(self) -> list[Grounding]:
        """Every word drawn as something else, once each, in story order."""
        seen: dict[tuple[str, str], Grounding] = {}
        for s in self.sentences:
            for g in [p.grounding for p in s.places]:
                if g.substituted:
                    seen.setdefault((g.category, g.word), g)
        return list(seen.values())

    def to_json(self) -> dict:
        return asdict(self)
