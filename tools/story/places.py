"""Where and when a sentence happens: a prepositional phrase or place adverb with its motion (into,
at, out of), a ride on a vehicle, the time of day and the weather."""

from __future__ import annotations

from animdirector.tools.story.cast import Cast
from animdirector.tools.story.facts import PlaceMention, SentenceFacts
from animdirector.tools.story.grounding import Grounding, ground
from animdirector.tools.story.syntax import PLACE_PREPS, SUBJECTS, in_quote, is_negated, noun_phrase
from animdirector.tools.story.vocabulary import PEOPLE_KINDS, DEFAULT_OUTDOORS, INDOORS_WORDS, INDOOR_PLACES, KIND_WORDS, OUTDOORS_WORDS, OUTDOOR_ONLY, PLACE_WORDS, PROP_WORDS, RIDE_VERBS, TIME_WORDS, VEHICLE_PLACES, WEATHER_WORDS, flies


# Looking at a place is not being there ("she looked out at the sea"); looking in it is searching
# it, there ("Sam looked in the barn").
VIEW_VERBS = {"look", "see", "watch", "stare", "gaze", "peek", "peep", "glance", "view", "face", "overlook"}
SEARCHING_PREPS = {"in", "inside", "through"}


# Before a building, these put someone outside it: "behind the house" is the yard, not the living room.
EXTERIOR_PREPS = {"behind", "outside", "near", "by", "beside", "around", "between", "past", "along", "across"}

MOTION_INTO = {"enter", "reach", "visit", "arrive"}


# "Over" a place with these verbs is across it, on its ground ("trotted over the dunes"); with any
# other it is past or above it ("jumped over the river", "a window over the river")
OVER_ACROSS = {"walk", "run", "trot", "march", "ride", "travel", "wander", "go", "come", "hike", "drive", "race",
               "skip", "hurry", "crawl", "stroll", "roam", "tramp", "trudge", "gallop", "dash", "scramble", "sled"}

MOTION_OUT = {"leave", "exit"}


# Nouns of parts and directions: "to the ground", "in her hand", "at the top" name no place.
# So do surfaces, parts of buildings and things in the sky: "on the grass", "on the roof", "in the sun".
PART_NOUNS = {"ground", "floor", "air", "hand", "arm", "way", "top", "side", "corner", "middle", "front", "back",
              "edge", "end", "bottom", "distance", "place", "spot", "direction", "head", "lap", "window", "door",
              "wall", "ceiling", "roof", "step", "stair", "sky", "water", "grass", "sand", "mud", "snow", "shelf",
              "counter", "pile", "sun", "moon", "time", "day", "moment", "while", "bit", "lot", "trip", "life",
              "circle", "row", "line", "group", "wave", "wind", "breeze", "shape", "earth", "soil", "dirt", "dust"}


# Verbs after which "home" is where someone goes ("went home", "flew home"), not a thing they have.
GOING_VERBS = frozenset({"go", "come", "walk", "run", "ride", "fly", "swim", "head", "hurry", "return", "drive", "sail",
                         "get", "rush", "skip", "hop", "race", "wander", "march", "travel", "slide", "roll", "take"})

# Verbs of the manner of going: "walked home", "ran home" show the way there, outside; "went home",
# "came home" tell the arrival, and are home itself.
WAY_VERBS = frozenset({"walk", "run", "ride", "skip", "hop", "hurry", "rush", "race", "wander", "march", "travel",
                       "drive", "sail", "stroll", "cycle", "jog", "trudge", "dash", "head", "splash", "paddle"})

# Rides in the open air arrive with their rider: "rode her bike to the park" is the park, where
# the story goes on (a bus or train ride is shown on its way, inside).
OPEN_RIDES = frozenset({"bike"})

# Up the stairs of a home is where its bedrooms are ("Mom carried her back upstairs").
UPSTAIRS = {"upstairs": "bedroom"}

# Animals whose home is a house: "Sam the cat and Max the dog went home to eat" is indoors.
HOUSE_PETS = frozenset({"dog", "cat"})


def _told(word: str, place: str, motion: str) -> PlaceMention:
    """A place a rule of English reads from the words, not a grounding by meaning: sure of itself."""
    return PlaceMention(word=word, place=place, motion=motion, grounding=Grounding(word, "place", place, 1.0, "meaning"))  # type: ignore[arg-type]


def _on_the_way(tok) -> bool:
    """Whether a "to" or "home" is the end of a way gone ("on the way to school", "all the way back
    to the house", "all the way home"): the way is shown, not its end."""
    heads = [tok.head] if tok.lower_ == "to" else []
    return any(t.lower_ == "way" or any(c.lower_ == "way" for c in t.children) for t in [tok, *heads])


# Things that stand in one room only: someone in or on one is in that room ("Esme lay in her
# bed", "Mom tucked him into bed"), unless the sentence names another place.
ROOM_OF_THING = {"bed": "bedroom"}
BODY_IN_PREPS = frozenset({"in", "into", "on", "onto", "to"})

# What moves in the air besides the weather's words: "the wind howled around the house".
AIR_WORDS = frozenset({"wind", "breeze", "gust", "lightning", "hail", "sleet"})
AROUND_PREPS = frozenset({"around", "round", "against", "outside", "about", "past"})


def _said_of_someone(verb, refs: dict[int, list[str]]) -> bool:
    """Whether a verb's subject (or, with none, its object) is one of the cast: "they went
    outside", "Mom carried her upstairs"; not "Outside, a storm was rumbling"."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ in ("conj", "xcomp", "advcl"):
        return _said_of_someone(verb.head, refs)
    return any(refs.get(c.i) or c.lower_ in ("he", "she", "they", "we", "i", "you") for c in subjects) or (
        not subjects and any(refs.get(c.i) for c in verb.children if c.dep_ == "dobj"))


def _vehicle_ridden(verb) -> str | None:
    """The vehicle a verb rides ("rode the bus", "took the train", "went on the boat"), else None."""
    if verb.lemma_ not in RIDE_VERBS:
        return None
    for c in verb.children:
        if c.dep_ == "dobj" and PROP_WORDS.get(c.lemma_.lower()) in VEHICLE_PLACES:
            return c.lemma_.lower()
        if c.dep_ == "prep" and c.lower_ in ("on", "in", "by", "aboard"):
            for g in c.children:
                if g.dep_ == "pobj" and PROP_WORDS.get(g.lemma_.lower()) in VEHICLE_PLACES:
                    return g.lemma_.lower()
    return None


def read_places(doc, sf: SentenceFacts, found: Cast, refs: dict[int, list[str]]) -> None:
    flyer = bool(sf.present) and all(flies(found.chars[n].kind or "") for n in sf.present)
    # animals on their own, whose home is no house (a cat or a dog lives in one, with or without its people)
    wild = bool(sf.present) and all(found.chars[n].kind not in (None, *PEOPLE_KINDS, *HOUSE_PETS) for n in sf.present)
    exclude = frozenset() if flyer else frozenset({"sky"})
    taken: set[int] = set()  # the nouns already read as places
    in_room: PlaceMention | None = None
    for tok in doc:
        if in_quote(tok):
            continue
        motion = None
        noun = None
        if tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS:
            prep = tok.head
            motion = PLACE_PREPS[prep.lower_]
            if prep.lower_ == "of" or (prep.head.lower_ == "out" and prep.lower_ == "of"):
                motion = "from"
            noun = tok
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in ("out", "inside", "outside"):
            motion = "from" if tok.head.head.lower_ == "out" else "at"
            noun = tok
        elif tok.dep_ == "dobj" and tok.head.lemma_ in MOTION_INTO | MOTION_OUT:
            motion = "to" if tok.head.lemma_ in MOTION_INTO else "from"
            noun = tok
        elif tok.lower_ in OUTDOORS_WORDS | INDOORS_WORDS | set(UPSTAIRS) and tok.dep_ in ("advmod", "prt", "npadvmod", "pobj", "dobj"):
            if tok.dep_ == "dobj" and tok.head.lemma_ not in GOING_VERBS:
                pass  # "a crab who needed a home", "found a new home": a home, not the way home
            elif tok.lower_ in UPSTAIRS and tok.head.pos_ == "VERB" and _said_of_someone(tok.head, refs):
                sf.places.append(_told(tok.lower_, UPSTAIRS[tok.lower_], "to"))
            elif tok.lower_ == "home" and wild:
                pass  # "the elephant walked slowly home": to wherever it lives, no house
            elif tok.lower_ == "home" and (tok.head.lemma_ in WAY_VERBS or _on_the_way(tok)) and not flyer:
                way = f"{tok.head.lower_} home"  # on the way: just outside home, its house in view
                sf.places.append(_told(way, DEFAULT_OUTDOORS, "to"))
                taken.add(tok.i)
            elif tok.lower_ == "home" or tok.lower_ == "house":
                noun, motion = tok, "to" if tok.head.pos_ == "VERB" else "at"
            elif tok.lower_ in OUTDOORS_WORDS and tok.lower_ != "out":
                if _said_of_someone(tok.head, refs):
                    sf.outdoors = True  # not "Outside, a storm was rumbling": where the storm is
            elif tok.lower_ in ("inside", "indoors"):
                sf.outdoors = False
        if noun is not None and noun.lemma_.lower() in PART_NOUNS:  # "the top of the hill": the hill
            whole = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                          for g in c.children if g.dep_ == "pobj"), None)
            noun = whole or noun
        if noun is None or noun.pos_ not in ("NOUN", "PROPN", "ADV") or refs.get(noun.i):
            continue
        if tok.dep_ == "pobj" and _on_the_way(tok.head):
            taken.add(noun.i)
            if noun.lemma_.lower() in ("home", "house"):  # "all the way back to the house": outside it, nearly there
                sf.places.append(_told("the way home", DEFAULT_OUTDOORS, "to"))
            continue  # "on the way to school": not there yet
        if tok.dep_ == "pobj" and tok.head.head.i in taken:
            continue  # "the hill behind their house": where the hill is, not where they are
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
        fronted = tok.dep_ == "pobj" and tok.head.i < verb.i  # "At the museum they saw ...": where they are
        searching = verb.lemma_ == "look" and tok.dep_ == "pobj" and tok.head.lower_ in SEARCHING_PREPS
        if (verb.lemma_ in VIEW_VERBS and not fronted and not searching) or (
                verb.dep_ in ("relcl", "acl") and not refs.get(verb.head.i)):
            taken.add(noun.i)  # not a place named otherwise either
            continue  # "a window that looked out on the river": what is seen, or where a thing is
        if tok.dep_ == "pobj" and tok.head.lower_ in AROUND_PREPS and any(
                c.dep_ == "nsubj" and (c.lemma_.lower() in WEATHER_WORDS or c.lemma_.lower() in AIR_WORDS)
                for c in verb.children):
            continue  # "the wind howled around the house": where the weather is, about a place, not in it
        phrase = noun_phrase(noun)
        if noun.lemma_.lower() in TIME_WORDS or noun.lemma_.lower() in WEATHER_WORDS:
            continue  # "at sunset", "in the rain": when and how, not where
        if phrase in found.thing_heads or noun.lemma_.lower() in found.thing_heads:
            continue  # "the castle" of a story with a sandcastle: that thing
        ride = _vehicle_ridden(verb)
        if ride and motion == "to" and PROP_WORDS[ride] not in OPEN_RIDES:
            # "they rode the bus to school": the film shows the ride, on its way
            sf.places.append(_told(ride, VEHICLE_PLACES[PROP_WORDS[ride]], "at"))
            taken.add(noun.i)
            continue
        if noun.lemma_.lower() in PART_NOUNS and phrase not in PLACE_WORDS:
            continue
        library_place = phrase in PLACE_WORDS or noun.lemma_.lower() in PLACE_WORDS
        if not library_place and (phrase in PROP_WORDS or noun.lemma_.lower() in PROP_WORDS or noun.lemma_.lower() in KIND_WORDS):
            item = PROP_WORDS.get(phrase, PROP_WORDS.get(noun.lemma_.lower()))
            if item in VEHICLE_PLACES and tok.dep_ == "pobj" and tok.head.lower_ in ("on", "in", "aboard"):
                # "sat on the bus": on a ride, where such a ride is shown
                sf.places.append(_told(phrase, VEHICLE_PLACES[item], "at"))
            elif item in OUTDOOR_ONLY and motion in ("to", "at"):
                sf.outdoors = True  # "came back to the fence", "sat under the tree": out of doors
            elif (item in ROOM_OF_THING and motion in ("to", "at") and tok.dep_ == "pobj" and tok.head.lower_ in BODY_IN_PREPS
                  and _said_of_someone(verb, refs)):
                in_room = in_room or _told(phrase, ROOM_OF_THING[item], motion)  # "lay in her bed": in her bedroom
            continue  # "under the tree", "to the dog": a thing or someone, not a place
        if phrase == noun.lemma_.lower() and phrase in found.long_forms and phrase not in PLACE_WORDS:
            phrase = found.long_forms[phrase]  # "into the maze": the corn maze, a field's, not a room
        g = ground(phrase, "place", exclude=exclude)
        if g.item is None:
            continue
        prep = tok.head.lower_ if tok.dep_ == "pobj" else ""
        if prep in EXTERIOR_PREPS and g.item == "cave":
            continue  # "past the den", "outside the cave": wherever it is, the text does not say
        if prep in EXTERIOR_PREPS and g.item in INDOOR_PLACES:
            # outside a building: just outside home is its yard, outside any other the street
            outside = DEFAULT_OUTDOORS if phrase in ("house", "home") or noun.lemma_ == "house" else "street"
            g = Grounding(f"{prep} the {phrase}", "place", outside, g.score, "meaning")
        elif prep in ("over", "above") and verb.pos_ == "NOUN" and verb.lemma_.lower() in PROP_WORDS:
            continue  # "sitting on a branch above the water": where the branch is, not a flight over it
        elif prep in ("over", "above") and flyer:
            g = Grounding(f"{prep} the {phrase}", "place", "sky", g.score, "meaning")  # fliers over it are in the air
        elif prep == "above" or (prep == "over" and verb.lemma_ not in OVER_ACROSS):
            continue  # "jumped over the river", "looked over the wall": not where they are
        taken.add(noun.i)
        sf.places.append(PlaceMention(word=g.word, place=g.item, motion=motion, grounding=g))  # type: ignore[arg-type]
    if in_room is not None and not sf.places:  # a room a thing tells, when no place is named
        sf.places.append(in_room)
    # places named in any other way ("she loved the town library"): a scene that says nothing of
    # where it is may be set there
    for tok in doc:
        word = noun_phrase(tok) if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound" else ""
        place = PLACE_WORDS.get(word) or (PLACE_WORDS.get(tok.lemma_.lower()) if word else None)
        if place and tok.i not in taken and not in_quote(tok) and (place != "sky" or flyer):
            sf.mentioned_places.append(place)


def _another_day(tok) -> bool:
    """A time of another day than the one told ("last night", "tomorrow morning", "yesterday
    afternoon"): what happened then or will happen, not when this happens."""
    return any(c.lower_ in ("last", "yesterday", "tomorrow") for c in tok.children) or (
        tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("yesterday", "tomorrow"))


# The sun's going tells the time: "the sun went down", "the sun rose".
SUN_GOING = {"set": "sunset", "sink": "sunset", "dip": "sunset", "rise": "morning"}
SUN_GOING_WITH = {("go", "down"): "sunset", ("come", "up"): "morning", ("come", "out"): "noon"}
# The sun shining (the small tagger's lemma of "shining" is "shin", so the forms are listed).
SHINING = frozenset({"shine", "shines", "shone", "shining", "shined"})
# Verbs of a time coming: "night fell", "evening came", "it grew dark", "the sky turned pink".
COMING_VERBS = {"fall", "come", "grow", "get", "turn", "become", "arrive", "approach"}


def read_time_weather(doc, sf: SentenceFacts) -> None:
    for tok in doc:
        lemma = tok.lemma_.lower()
        if in_quote(tok):
            continue
        if (lemma in TIME_WORDS and not (tok.pos_ == "ADJ" and tok.dep_ == "amod") and not is_negated(tok)
                and not _another_day(tok) and not sf.time):
            sf.time = TIME_WORDS[lemma]
            sf.time_changes = tok.head.lemma_ in COMING_VERBS and tok.dep_ in ("nsubj", "acomp", "oprd", "attr")
        if lemma == "sun" and tok.dep_ == "nsubj" and tok.head.lower_ in SHINING and not is_negated(tok.head):
            sf.weather = sf.weather or "clear"  # "the sun was shining": no snow or rain falls
        if lemma == "sun" and tok.dep_ == "nsubj" and not sf.time:
            verb = tok.head
            went = SUN_GOING.get(verb.lemma_) or next((SUN_GOING_WITH[(verb.lemma_, c.lower_)] for c in verb.children
                                                      if (verb.lemma_, c.lower_) in SUN_GOING_WITH), None)
            if went and not is_negated(verb):
                sf.time, sf.time_changes = went, True
        if lemma in WEATHER_WORDS and tok.dep_ in ("nsubj", "nsubjpass") and _ending(tok.head) and not is_negated(tok.head):
            sf.weather = sf.weather or "clear"  # "the rain had stopped", "the storm was over"
        elif lemma in WEATHER_WORDS and not is_negated(tok) and not _weather_to_come(tok):
            sf.weather = sf.weather or WEATHER_WORDS[lemma]


# Verbs of weather ending: "the rain stopped", "the storm passed", "the snow melted".
ENDING_VERBS = frozenset({"stop", "end", "cease", "pass", "clear", "melt", "die", "finish", "blow"})


def _ending(verb) -> bool:
    """Whether a verb says its subject is ending: "stopped", "passed", or "was over" / "was gone"."""
    return verb.lemma_ in ENDING_VERBS or (verb.lemma_ == "be" and any(c.lower_ in ("over", "gone") for c in verb.children))


def _weather_to_come(tok) -> bool:
    """Weather that is not here yet: "winter is coming", "a storm was on its way", "it will snow
    tomorrow", or said in a quote."""
    head = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    return in_quote(tok) or (tok.dep_ in SUBJECTS and head.lemma_ in ("come", "approach")) or any(
        c.dep_ == "aux" and c.lower_ in ("will", "'ll", "would", "shall") for c in head.children)


def flag_fliers(facts: list[SentenceFacts], found: Cast) -> None:
    """A place in the sky stands only for sentences about fliers: nobody stands among the clouds."""
    for sf in facts:
        if sf.present and not all(flies(found.chars[n].kind or "") for n in sf.present):
            sf.places = [p for p in sf.places if p.place != "sky"]


# "The yard" of a story set on a farm is the farmyard, of a school story the schoolyard.
YARD_OF = {"farm": "farm", "classroom": "playground"}


def yards_of_their_places(facts: list[SentenceFacts]) -> None:
    """A yard is drawn as the yard of the place the story has been at: "the mother duck ran around
    the yard" of a farm story is the farm, not a house's backyard."""
    been: str | None = None
    for sf in facts:
        for p in sf.places:
            if p.word in ("yard", "the yard") and been:
                p.place, p.grounding = YARD_OF[been], Grounding(p.word, "place", YARD_OF[been], p.grounding.score, "meaning")
        been = next((p for p in (*[m.place for m in sf.places], *sf.mentioned_places) if p in YARD_OF), been)
