"""From the story's facts to each scene's: who is in it, where and when it happens, which things
are seen and held. Continuity is kept here: a place, a time and the weather carry over until the
text moves them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from animdirector.tools.render.places import SEA_PLACES, WATER_PLACES
from animdirector.tools.story.facts import SentenceFacts, StoryFacts
from animdirector.tools.story.reader import read_story
from animdirector.tools.story.vocabulary import (
    BUILDINGS_WITH_ROOMS, COMING_GOING_VERBS, DEFAULT_INDOORS, DEFAULT_OUTDOORS, INDOOR_PLACES, MEETING_VERBS,
    SPEECH_VERBS, TOUCH_VERBS, VEHICLE_PLACES, flies,
)



# Words for water and its edge that name no one place: at any water place they are its water.
WATER_WORDS = frozenset({"water", "bank", "lily pad", "waterfall"})
# The sea's words: at a place by or in the sea ("the ocean" of a harbour or under the sea) they are its sea.
SEA_WORDS = frozenset({"sea", "ocean", "seaside"})
# The text puts them under the water: what it calls the sea or the lake is then seen from below.
UNDER_WATER = re.compile(r"\bunder\s*water\b|\b(?:under|beneath|below)\s+(?:the\s+)?(?:sea|ocean|water|waves|lake)\b",
                         re.IGNORECASE)
QUOTED = re.compile(r'"[^"]*"|“[^”]*”')  # what is only said, not told

# Verbs whose object is where the doer's body is: "climbed the tree", "pushed the cart", "knocked on
# the door" (the preposition's case is read as a spatial phrase).
AT_OBJECT_VERBS = frozenset({"climb", "push", "pull", "drag", "cross", "ride", "open", "close", "knock", "dig",
                             "paint", "water", "fix", "build", "clean", "wash", "decorate", "shake", "hug"})

# Words that put two people of one sentence apart: "far from her mom", "across the river from Tom".
FAR_APART = re.compile(r"\b(?:far|away|apart|across|miles|distance|lost)\b", re.IGNORECASE)


@dataclass
class SceneReading:
    sentences: list[SentenceFacts]
    present: list[str] = field(default_factory=list)
    place: str | None = None  # where the text puts the scene, None when it does not say
    place_word: str = ""  # the story's words for it ("town square")
    place_exact: bool = True  # the words name that library place (not one near it in meaning)
    left: set[str] = field(default_factory=set)  # places the text has them leave
    outdoors: bool | None = None
    time: str | None = None
    weather: str | None = None
    absent: set[str] = field(default_factory=set)  # library props the text says are not there
    held: dict[str, str] = field(default_factory=dict)  # library prop -> who holds it
    touches: list[tuple[str, str, str]] = field(default_factory=list)  # (who, whom, verb): drawn in contact
    meets: list[tuple[str, str]] = field(default_factory=list)  # (who, whom): talking to, helping: near, face to face
    together: list[tuple[str, str]] = field(default_factory=list)  # (who, with whom): doing one thing together
    company: list[tuple[str, str]] = field(default_factory=list)  # (who, whom): in one sentence's picture together
    moving: dict[str, str] = field(default_factory=dict)  # library prop -> the verb it moves by ("fly")
    at: dict[str, str] = field(default_factory=dict)  # a cast name or library prop -> the prop it is at
    coming_going: set[str] = field(default_factory=set)  # who the text has arrive or leave
    missing: set[str] = field(default_factory=set)  # cast the text names but never shows ("Daisy was gone")
    feelings: dict[str, str] = field(default_factory=dict)  # cast name -> expression, the last the text says
    mentioned_places: list[str] = field(default_factory=list)  # library places the text names otherwise

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@lru_cache(maxsize=8)
def story_facts(text: str) -> StoryFacts:
    """The story's facts, read once per text (every role of every scene asks for them). Callers
    must not change what they get."""
    return read_story(text)


def scene_reading(story: str, part: str) -> SceneReading:
    """What the text of one scene (`part` of `story`) says."""
    return read_scene(story_facts(story), part)


def sentences_of(facts: StoryFacts, part: str) -> list[SentenceFacts]:
    """The story's sentences that make up `part` (a scene's text), in order; a sentence split
    between two scenes belongs to both."""
    flat = " ".join(part.split())
    return [s for s in facts.sentences if s.text in flat or flat in s.text]


def read_scene(facts: StoryFacts, part: str) -> SceneReading:
    sentences = sentences_of(facts, part)
    r = SceneReading(sentences=sentences)
    place_at = outdoors_at = -1  # the sentences that last said where, and which side of the door
    thing_went = None  # "the kite flew away and landed in the forest": where a thing went, not its people
    for k, s in enumerate(sentences):
        r.present += [n for n in s.present if n not in r.present]
        r.left |= {p.place for p in s.places if p.motion == "from"}
        # where they go wins over where they go past ("walked to the hill behind their house")
        here = [p for p in s.places if p.motion == "to"] or [p for p in s.places if p.motion == "at"]
        if here and not s.present and any(t.moves for t in s.things):
            thing_went, here = here[-1], []
        if here:
            r.place, r.place_word, r.place_exact = here[-1].place, here[-1].word, not here[-1].grounding.substituted
            r.left.discard(here[-1].place)
            place_at = k
        under = UNDER_WATER.search(QUOTED.sub(" ", s.text))
        if under and (not here or here[-1].place in WATER_PLACES):  # "swam under the sea", "dived underwater"
            r.place, r.place_word, r.place_exact = "underwater", under.group(0).lower(), True
            place_at = k
        if s.outdoors is not None:
            r.outdoors, outdoors_at = s.outdoors, k
        r.time = s.time or r.time
        r.weather = s.weather or r.weather
        r.coming_going |= {a.subject for a in s.actions if a.verb in COMING_GOING_VERBS and a.subject and not a.negated}
        r.feelings.update(s.feelings)
        # a vehicle named in passing ("his toy train", "waited for the bus") is a thing, not where they are
        r.mentioned_places += [p for p in s.mentioned_places if p not in r.mentioned_places and p not in VEHICLE_PLACES]
        stood_at: dict[str, str] = {}  # thing -> the first of the cast this sentence puts at it
        for who, _, anchor in s.spatial:
            if who in facts.cast and stood_at.setdefault(anchor, who) != who:
                continue  # "the three stood under the tree": one stands at it, the others with them
            r.at[who] = anchor
        items = {t.word: t.item for t in s.things if t.item and not t.absent}
        for a in s.actions:  # "climbed the tree", "pushed the cart": the body is at what the verb works on
            if a.verb in AT_OBJECT_VERBS and not a.negated and a.subject in facts.cast and a.object in items:
                r.at[a.subject] = items[a.object]
        for a in s.actions:
            pair = (a.subject, a.object, a.verb)
            if (a.verb in TOUCH_VERBS and not a.negated and a.subject in facts.cast and a.object in facts.cast
                    and a.subject != a.object and pair not in r.touches):
                r.touches.append(pair)  # type: ignore[arg-type]
            elif (a.verb in MEETING_VERBS | SPEECH_VERBS and not a.negated and a.subject in facts.cast
                  and a.object in facts.cast and a.subject != a.object and (a.subject, a.object) not in r.meets):
                r.meets.append((a.subject, a.object))  # type: ignore[arg-type]
        doers: dict[str, list[str]] = {}  # "Mia and Rex ran", "they walked home": one doing, several subjects
        for a in s.actions:
            if not a.negated and a.subject in facts.cast and a.object not in facts.cast and a.verb not in TOUCH_VERBS:
                doers.setdefault(a.verb, [])
                if a.subject not in doers[a.verb]:
                    doers[a.verb].append(a.subject)
        for names in doers.values():
            r.together += [(names[0], n) for n in names[1:] if (names[0], n) not in r.together]
        shunning = any(a.negated and a.object in facts.cast for a in s.actions)  # "Mia did not talk to Rex"
        if not FAR_APART.search(s.text) and not shunning:
            r.company += [(s.present[0], n) for n in s.present[1:] if (s.present[0], n) not in r.company]
        for t in s.things:
            if not t.item:
                continue
            if t.absent:
                r.absent.add(t.item)
                r.held.pop(t.item, None)
            else:
                r.absent.discard(t.item)  # found again later in the scene
                if t.holder:  # one thing in someone's hands: the last the text puts there
                    r.held = {item: who for item, who in r.held.items() if who != t.holder}
                    r.held[t.item] = t.holder
                if t.moves:
                    r.moving.setdefault(t.item, t.moves)
    r.missing = {n for s in sentences for n in s.mentioned} - set(r.present)
    if r.place and outdoors_at > place_at and r.outdoors == (r.place in INDOOR_PLACES):
        # "he ran to the house and got a stick. He came back to the fence": out again, so not the house
        r.left.add(r.place)
        r.place, r.place_word, r.place_exact = None, "", True
    if r.place is None and thing_went is not None and not r.present:  # a scene of the thing alone
        r.place, r.place_word, r.place_exact = thing_went.place, thing_went.word, not thing_went.grounding.substituted
    return r


def settle_place(reading: SceneReading, chosen: str, previous: str | None, kinds: dict[str, str | None]) -> tuple[str, str]:
    """The scene's place and why: the text's place; else the side of the door the text says
    (outside, inside); else where the scene before was (leaving it is shown there: "she jumped off
    the cliff"); else a place the text names in another way ("she loved the library"); else the
    model's choice. The sky only when everyone in the scene flies."""
    fliers = bool(reading.present) and all(flies(kinds.get(n) or "") for n in reading.present)
    building = next((b for b in BUILDINGS_WITH_ROOMS if b == previous or b in reading.mentioned_places), None)
    some_room = reading.place_word.split()[-1:] == ["room"]  # "a small room", "the back room": any room
    if reading.place and building and reading.place in INDOOR_PLACES and (not reading.place_exact or some_room):
        # "the great hall" of a castle story is a room of the castle, not somebody's bedroom
        place, why = building, f"the text says '{reading.place_word}', a room of the {building}"
    elif reading.place and (reading.place_word in WATER_WORDS and previous in WATER_PLACES
                            or reading.place_word in SEA_WORDS and previous in SEA_PLACES):
        place, why = previous, f"'{reading.place_word}' is the water of the {previous}"
    elif reading.place:
        place, why = reading.place, f"the text says '{reading.place_word}'"
    elif reading.outdoors is True:
        place = next((p for p in (previous, chosen) if p and p not in INDOOR_PLACES and p not in reading.left), DEFAULT_OUTDOORS)
        why = "the text says they are outside"
    elif reading.outdoors is False:
        place = next((p for p in (previous, chosen) if p in INDOOR_PLACES and p not in reading.left), DEFAULT_INDOORS)
        why = "the text says they are inside"
    elif previous:  # leaving a place is shown at that place ("she jumped off the cliff")
        place, why = previous, "the text names no new place: the scene stays where the last one was"
    elif reading.mentioned_places:  # "Ava loved the town library": the story opens there
        place, why = reading.mentioned_places[0], "the place the text names"
    elif chosen not in reading.left:
        place, why = chosen, "the model's choice"
    else:  # "he came back from the school", and nothing before: not the school, the other side of its door
        indoor = chosen in INDOOR_PLACES
        place, why = (DEFAULT_OUTDOORS if indoor else DEFAULT_INDOORS), f"the text has them leave the {chosen}"
    if place == "sky" and not fliers:
        place = previous if previous and previous != "sky" else "meadow"
        why = "nobody in the scene flies, so it is not in the sky"
    return place, why


def settle_time(reading: SceneReading, chosen: str, previous: str | None, opening: str | None = None) -> str:
    """The text's time of day; else the scene before's; else the story's opening time (see
    `opening_time`); else the model's choice."""
    return reading.time or previous or opening or chosen


def opening_time(facts: StoryFacts) -> str | None:
    """The time of day before the story first tells one, when it tells it coming: a story whose sun
    goes down later ("Then the sun went down", "night fell") starts in daylight, whatever the model
    guesses from "camping" or "the moon" in a quote. None when the text does not tell."""
    told = next((s for s in facts.sentences if s.time), None)
    if told is not None and told.time_changes and told.time in ("sunset", "night"):
        return "noon"
    return None


def settle_weather(reading: SceneReading, place: str, previous_place: str | None, previous: str | None) -> str:
    if reading.weather:
        return reading.weather
    return previous if previous and place == previous_place else "clear"
