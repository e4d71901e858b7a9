"""The story reader: from spaCy's dependency parse of each sentence to the facts a film must show.

Each rule here is for a phenomenon of English, not for a story's wording:
- who: proper names, descriptions ("a little girl", "her mom"), "X named/called N", appositions
  ("Max, a puppy") and copulas ("Max was a dog") tell what someone is; he/she/they are resolved
  to the most recent character they agree with;
- presence: a character the sentence is about is in the picture, unless only named inside a
  quote or as the object of a verb like "miss" or "remember";
- where: a prepositional phrase or place adverb, with its motion (into, at, out of);
- things: props with their colour, size and shape words; who holds them; said to be absent;
- quotes and their speakers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from animdirector.tools.story.facts import Action, Character, PlaceMention, Quote, SentenceFacts, StoryFacts, Thing
from animdirector.tools.render.kinds import has_hands
from animdirector.tools.story.grounding import PERSON_ENDINGS, Grounding, ground, kind_of_word
from animdirector.tools.story.parser import english
from animdirector.tools.story.vocabulary import (
    ABSENT_OBJECT_VERBS, ATTEMPT_VERBS, NEVER_HELD, BODY_PLACES, DEFAULT_OUTDOORS, ELDER_WORDS, FAMILY_WORDS, FEELING_WORDS, FEMALE_KINDS, FEMALE_PRONOUNS, FIRST_SECOND_PERSON, INDOOR_PLACES,
    INDOORS_WORDS, KIND_WORDS, MALE_KINDS, MALE_PRONOUNS, MEETING_VERBS, NEAR_WORDS, OUTDOOR_ONLY, OUTDOORS_WORDS,
    PLACE_WORDS,
    PEOPLE_KINDS, PLURAL_PRONOUNS, PROP_WORDS, RECIPROCAL_OBJECTS, RIDE_VERBS, SEARCH_VERBS, SEXLESS_PERSON_WORDS, SHAPE_WORDS,
    SPATIAL_PREPS, SPEECH_VERBS, SWAP_SEX, VEHICLE_PLACES, THING_MOTION_VERBS, TIME_WORDS, TOUCH_VERBS, WEATHER_WORDS, WISH_VERBS, flies, is_colour,
)
from animdirector.tools.story_text import split_sentences

NOMINAL = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr", "oprd", "dative", "npadvmod", "poss", "ROOT"}
SUBJECTS = {"nsubj", "nsubjpass"}
# Days and months are capitalised, and the small tagger takes them for names.
CALENDAR_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
                  "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
                  "christmas", "easter", "halloween"}
TITLES = {"mr": "m", "mister": "m", "sir": "m", "mrs": "f", "miss": "f", "ms": "f", "madam": "f", "lady": "f"}
SIZE_WORDS = {"big", "small", "little", "tiny", "huge", "large", "giant", "enormous", "long", "tall", "short"}
# Prepositions of place and motion; the rest ("with", "of", "for") say nothing of where.
PLACE_PREPS = {"in": "at", "at": "at", "inside": "at", "on": "at", "near": "at", "by": "at", "under": "at",
               "through": "at", "around": "at", "across": "at", "along": "at", "behind": "at", "beside": "at",
               "to": "to", "into": "to", "toward": "to", "towards": "to", "onto": "to", "up": "to",
               "from": "from", "out": "from", "off": "from", "over": "at", "above": "at", "outside": "at",
               "between": "at", "past": "at"}
# Looking at a place is not being there ("she looked out at the sea").
VIEW_VERBS = {"look", "see", "watch", "stare", "gaze", "peek", "peep", "glance", "view", "face", "overlook"}
# Before a building, these put someone outside it: "behind the house" is the yard, not the living room.
EXTERIOR_PREPS = {"behind", "outside", "near", "by", "beside", "around", "between", "past", "along", "across"}
MOTION_INTO = {"enter", "reach", "visit", "arrive"}
BODY_PARTS = {"hand", "arm", "leg", "foot", "head", "face", "lap", "nose", "ear", "eye", "back", "shoulder", "finger",
              "paw", "tail", "wing", "cheek", "mouth", "knee", "neck", "tummy", "belly"}
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
              "circle", "row", "line", "group", "wave", "wind", "breeze", "shape"}
HOLD_VERBS = {"hold", "carry", "have", "bring", "take", "pick", "grab", "fly", "hug", "catch", "get", "find",
              "keep", "wear", "lift", "throw", "give", "cuddle", "eat", "read", "drink", "push", "pull",
              "use", "wave"}  # a tool in use is in hand ("using the scissors", "waved a flag")
_QUOTE = re.compile(r"[\"“]([^\"”]+)[\"”]")


@dataclass
class _Mention:
    name: str
    token_i: int
    role: str  # the dependency: nsubj, dobj...
    in_quote: bool
    absent_verb: bool


@dataclass
class _Discovered:
    chars: dict[str, Character] = field(default_factory=dict)
    word_of: dict[str, str] = field(default_factory=dict)  # description word -> cast name ("girl" -> "Sue")
    # place words that name a thing of the story ("the castle" after "a sandcastle"): not places
    thing_heads: dict[str, str] = field(default_factory=dict)
    toys: set[str] = field(default_factory=set)  # names of things: "Pepper, a stuffed toy elephant"
    # a head noun the story first names in full: "the maze" after "a big corn maze" is the corn maze
    long_forms: dict[str, str] = field(default_factory=dict)


def read_story(text: str) -> StoryFacts:
    """The facts of every sentence of `text`, in order, with the cast they refer to."""
    sentences = split_sentences(text)
    docs = list(english().pipe(sentences))
    found = _discover_cast(docs)
    found.thing_heads = _thing_heads(docs)
    for tok in (t for doc in docs for t in doc if t.pos_ == "NOUN" and any(c.dep_ == "compound" for c in t.children)):
        found.long_forms.setdefault(tok.lemma_.lower(), _noun_phrase(tok))
    mentions = [_mentions(doc, found) for doc in docs]  # found once: the cast is settled now
    _settle_sex(docs, found, mentions)
    _settle_family_kinds(docs, found)
    _grown_ups_by_trade(found)
    _settle_colours(docs, found)
    facts: list[SentenceFacts] = []
    recent: list[str] = []  # cast names, most recent last
    speaker_before: str | None = None
    for i, doc in enumerate(docs):
        sf = _read_sentence(i, doc, found, recent, speaker_before, mentions[i])
        for q in sf.quotes:
            speaker_before = q.speaker or speaker_before
        subjects = [a.subject for a in sf.actions if a.subject]
        if subjects:
            speaker_before = subjects[0]
        facts.append(sf)
    _flag_fliers(facts, found)
    _kind_of_the_sex_told(found)  # pronouns read sentence by sentence may have told more
    return StoryFacts(cast=found.chars, sentences=facts)


# --- who is in the story -------------------------------------------------------------------------

def _is_subject(tok) -> bool:
    """The subject of its verb. The small parser sometimes reads a name that opens a sentence as
    an adverbial ("Tim hugs his dog": Tim npadvmod): before a verb that has no subject, it is one."""
    if tok.dep_ in SUBJECTS:
        return True
    return (tok.dep_ == "npadvmod" and tok.pos_ == "PROPN" and tok.i < tok.head.i
            and not any(c.dep_ in SUBJECTS for c in tok.head.children))


def _proper_name(tok) -> str | None:
    """'Sue', 'Mr. Brown' for a proper noun used as a person, else None."""
    if _kind_after_name(tok) is not None and tok.text.lower() not in KIND_WORDS:
        return tok.text  # "Tilly the giraffe ...": the small tagger calls Tilly an adverb
    # "Grandma June", "Aunt May": a month after a family word or a title is a name
    called = any(c.lower_.rstrip(".") in FAMILY_WORDS | set(TITLES) for c in tok.lefts)
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or (
            tok.ent_type_ in ("DATE", "TIME", "ORDINAL", "CARDINAL") and not called):
        return None
    if tok.dep_ == "compound" and tok.head.pos_ == "PROPN":
        return None  # the head carries the whole name
    low = tok.text.lower()
    if low in PROP_WORDS and tok.tag_ == "NNP" and not any(c.dep_ == "det" for c in tok.children):
        pass  # a thing's word written as a name, with no "the": "Daisy was an old horse", "Rose smiled"
    elif low in CALENDAR_NAMES and called:
        pass
    elif low in KIND_WORDS or low in PROP_WORDS or low in PLACE_WORDS or low in TITLES or low in CALENDAR_NAMES or "'" in tok.text:
        return None  # "Saturday was sunny": a day, not someone
    if tok.dep_ not in NOMINAL and not (_in_quote(tok) and _addressed(tok)):  # "Lily, we can share" (advmod)
        return None
    if tok.text.isupper() and len(tok.text) > 1 and not tok.doc.text.isupper():
        return None  # "PLEASE CLOSE THE LID": letters on a sign, or a shout, not someone
    if _greeting_before_someone(tok):
        return None
    parts = [c.text.rstrip(".") for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok.text]
    return " ".join(parts)


def _greeting_before_someone(tok) -> bool:
    """The word that opens a quote before the one it is said to: "Surprise, Grandma!", "Bye,
    Captain!", "Thanks, Mr. Lee" (the tagger calls it a name, and Grandma its apposition)."""
    doc = tok.doc
    if tok.i == 0 or doc[tok.i - 1].text not in ('"', "“", "'", "‘") or tok.i + 2 >= len(doc):
        return False
    after = doc[tok.i + 2]
    said_to = after.lower_.rstrip(".") in TITLES or after.lower_ in KIND_WORDS
    return doc[tok.i + 1].text == "," and after.text[:1].isupper() and said_to


def _description(tok) -> str | None:
    """The kind word of a common noun naming someone ("girl" in "a little girl", "mom" in "her
    mom"), else None: plurals, toys ("teddy bear", "toy dog") and things are not characters."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.tag_ in ("NNS", "NNPS") or tok.dep_ not in NOMINAL:
        return None  # a role word may be written as a name: "Mommy called him"
    lemma = tok.lemma_.lower()
    compound = " ".join([c.lemma_.lower() for c in tok.lefts if c.dep_ == "compound"] + [lemma])
    if compound in PROP_WORDS or lemma in PROP_WORDS or any(c.lemma_.lower() in ("toy", "stuffed") for c in tok.lefts):
        return None
    return _kind_lemma(tok)


TOY_WORDS = frozenset({"toy", "stuffed", "plush", "doll", "teddy", "puppet", "soft"})

# What only someone does: speaking, smiling, waving, pointing.
SOMEONE_VERBS = SPEECH_VERBS | {"smile", "wave", "nod", "point", "frown", "grin", "wink", "thank", "shrug", "clap"}
SPEAKING_THINGS = frozenset({"voice", "sound", "noise", "echo", "song", "message", "radio", "story", "book"})


def _someone_unnamed(tok) -> str | None:
    """The word of a common noun the library has no kind for that still names someone: a person's
    job ("the zookeeper opened the gate") or whoever speaks or smiles ("the guard said ...")."""
    if tok.pos_ != "NOUN" or tok.tag_ == "NNS" or tok.dep_ not in NOMINAL or _in_quote(tok):
        return None
    lemma = tok.lemma_.lower()
    if (lemma in PROP_WORDS or lemma in PLACE_WORDS or lemma in TIME_WORDS or lemma in WEATHER_WORDS
            or lemma in KIND_WORDS or lemma in SPEAKING_THINGS or is_colour(lemma) or len(lemma) < 4):
        return None
    speaks = tok.dep_ == "nsubj" and tok.head.lemma_ in SOMEONE_VERBS
    return lemma if lemma.endswith(PERSON_ENDINGS) or speaks else None


def _named_toy(tok) -> bool:
    """Whether a name is said to be a toy's: "Pepper, a stuffed toy elephant", "her doll Molly"."""
    nouns = [c for c in tok.children if c.dep_ == "appos"] + ([tok.head] if tok.dep_ == "appos" else [])
    if _is_subject(tok) and tok.head.lemma_ == "be":
        nouns += [c for c in tok.head.children if c.dep_ == "attr"]
    return any(n.lemma_.lower() in TOY_WORDS or any(c.lower_ in TOY_WORDS for c in n.subtree if c.i < n.i)
               for n in nouns)


def _merge_short_names(found: _Discovered) -> None:
    """"Aunt Jo" and "Jo" are one person, under the longer name; a family word before a name says
    what they are ("Aunt Jo": a woman, "Grandpa Joe": an old man)."""
    for long in [n for n in found.chars if " " in n]:
        first, last = long.split()[0].lower(), long.split()[-1]
        ch = found.chars[long]
        # "Aunt Jo", and a person's role before their name: "Farmer Agnes", "Captain Tom", "Nurse Amy"
        if (first in FAMILY_WORDS or KIND_WORDS.get(first) in PEOPLE_KINDS) and not ch.word:
            ch.word = first
        short = found.chars.pop(last, None)
        if short is not None:
            ch.mentions += short.mentions
            ch.word = ch.word or short.word
            ch.sex = ch.sex or short.sex


# Adverbs of five letters or fewer that end like names do ("Sadly the dog ..." beside "Tilly the giraffe").
SHORT_LY_ADVERBS = frozenset({"sadly", "early", "only", "daily", "truly", "badly", "madly", "fully", "oddly", "shyly"})
# Words that open a sentence before "the ...": "Soon the bird sang", "Later the boy ran home".
OPENING_WORDS = frozenset({"soon", "later", "then", "now", "next", "once", "today", "tonight", "tomorrow", "yesterday",
                           "meanwhile", "afterwards", "afterward", "instead", "still", "again", "also", "there", "here",
                           "outside", "inside", "everywhere", "suddenly", "finally", "luckily", "happily"})


def _may_be_a_name(tok) -> bool:
    """Whether a capitalised word the tagger did not call a name may still be one ("Tilly", which
    it calls an adverb), and is no word that opens a sentence ("Then", "Suddenly", "Yesterday")."""
    low = tok.lower_
    if low in OPENING_WORDS:
        return False
    if tok.pos_ == "PROPN":
        return True
    if tok.is_stop or tok.ent_type_ in ("DATE", "TIME", "ORDINAL", "CARDINAL") or low in TIME_WORDS:
        return False
    if tok.pos_ in ("DET", "PRON", "SCONJ", "ADP", "CCONJ", "AUX", "VERB", "NUM", "PART", "INTJ"):
        return False
    return not (low.endswith("ly") and (len(low) > 5 or low in SHORT_LY_ADVERBS))


def _kind_after_name(tok):
    """The noun of "Name the [little] kind" ("Max the dog ran", "Tilly the giraffe"), which the
    small parser reads as two people; None for other words."""
    doc = tok.doc
    if not tok.text[:1].isupper() or tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ != "the":
        return None
    if tok.i > 0 and doc[tok.i - 1].lower_ in ("the", "a", "an"):
        return None
    noun = next((t for t in doc[tok.i + 2: tok.i + 5] if t.pos_ in ("NOUN", "PROPN")), None)
    if noun is None or any(t.pos_ not in ("ADJ", "NOUN", "PROPN") for t in doc[tok.i + 2: noun.i]):
        return None
    # "Remy the fox found a hat": the tagger reads an unknown name that opens a sentence as a command
    # ("Find the fox"); a command's object is not followed by its own past or present verb
    told = noun.i + 1 < len(doc) and doc[noun.i + 1].tag_ in ("VBD", "VBZ")
    if not (_may_be_a_name(tok) or (tok.i == doc[tok.i].sent.start and tok.tag_ == "VB" and told)):
        return None
    if tok.lower_ in CALENDAR_NAMES or tok.lower_.rstrip(".") in TITLES:
        return None  # "On Monday the sun was out"
    word = _being(noun)
    return noun if word and kind_of_word(word) is not None else None


def _has_article(tok) -> bool:
    """"a little hedgehog": an 'a' before it makes a word the tagger called an adjective a noun."""
    return any(t.lower_ in ("a", "an") for t in tok.subtree if t.i < tok.i)


def _named_as(tok) -> str | None:
    """What a proper name is said to be: "a puppy named Bo", "Max, a puppy", "Max was a dog",
    "Max the dog"; also a being the library has no kind for ("Tilly the giraffe")."""
    after = _kind_after_name(tok)
    if after is not None:
        return _being(after)
    head = tok.head
    if head.lemma_ in ("name", "call") and tok.dep_ in ("oprd", "dobj", "attr", "npadvmod") and head.dep_ == "acl":
        return _being(head.head)
    for child in tok.children:
        if child.dep_ == "appos" and _being(child):
            return _being(child)
        # "his dog Rex", "her pet goat Nutmeg": the kind word before an animal's name
        if child.dep_ == "compound" and child.i == tok.i - 1 and _being(child) and _is_an_animal(_being(child)):
            return _being(child)
    if tok.dep_ == "appos" and _being(head):
        return _being(head)
    if _is_subject(tok) and head.lemma_ == "be":
        for child in head.children:
            # "was a little hedgehog": the tagger may call an unknown noun an adjective
            if (child.dep_ == "attr" or (child.dep_ == "acomp" and _has_article(child))) and _being(child):
                return _being(child)
    return None


def _is_an_animal(word: str) -> bool:
    kind = kind_of_word(word)
    return kind is not None and kind not in PEOPLE_KINDS


def _being(tok) -> str | None:
    """The word for what someone is, from the noun the story names them by: a library kind word
    ("old man", "puppy"), else any common noun that is no thing or place ("giraffe", "hermit crab",
    "zookeeper"): `kind_of_word` grounds it."""
    known = _kind_lemma(tok)
    noun_like = tok.pos_ == "NOUN" or (tok.pos_ == "ADJ" and _has_article(tok))
    if known or not noun_like or tok.tag_ == "NNS":
        return known
    phrase = _noun_phrase(tok)
    lemma = tok.lemma_.lower()
    if phrase in PROP_WORDS or lemma in PROP_WORDS or phrase in PLACE_WORDS or lemma in PLACE_WORDS:
        return None
    return phrase if " " in phrase and len(phrase.split()) == 2 else lemma


def _kind_lemma(tok) -> str | None:
    """The kind word of a noun, with the describing word when the library has both ("old man")."""
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    for mod in (c.lower_ for c in tok.lefts if c.dep_ in ("amod", "compound")):
        if f"{mod} {lemma}" in KIND_WORDS:
            return f"{mod} {lemma}"
    return lemma if lemma in KIND_WORDS else None


def _thing_heads(docs) -> dict[str, str]:
    """Place words that end a thing the story names ("sandcastle": castle): said alone later ("a
    wave hit the castle"), they mean that thing."""
    things = {_noun_phrase(t) for doc in docs for t in doc if t.pos_ == "NOUN"} & set(PROP_WORDS)
    return {place: thing for place in PLACE_WORDS for thing in sorted(things)
            if thing != place and thing not in PLACE_WORDS and thing.endswith(place)}


def _discover_cast(docs) -> _Discovered:
    found = _Discovered()
    titled: set[str] = set()
    outside: set[str] = set()  # names the narration itself uses, not only someone's words
    for doc in docs:  # proper names first: a description may belong to one ("a girl named Sue")
        for tok in doc:
            name = _proper_name(tok)
            if not name:
                continue
            ch = found.chars.setdefault(name, Character(name=name))
            ch.mentions += 1
            if not _in_quote(tok):
                outside.add(name)
            if _named_toy(tok):  # "Pepper, her stuffed toy elephant": a thing with a name
                found.chars.pop(name, None)
                found.toys.add(name)
                continue
            if name in found.toys:
                found.chars.pop(name, None)
                continue
            word = _named_as(tok) or next((c.lower_ for c in tok.lefts if c.dep_ == "compound"
                                           and c.lower_ in FAMILY_WORDS), None)  # "her aunt Jo"
            if word and not ch.word:
                ch.word = word
                found.word_of.setdefault(word, name)
            title = next((TITLES[c.text.lower().rstrip(".")] for c in tok.lefts if c.text.lower().rstrip(".") in TITLES), "")
            ch.sex = ch.sex or title  # type: ignore[assignment]
            if title:
                titled.add(name)
    for name in [n for n, ch in found.chars.items() if n not in outside and not ch.word]:
        del found.chars[name]  # only ever said: "Meow!", "Ben will come soon," a sound or someone away
    _merge_short_names(found)
    unnamed: dict[str, list] = {}
    same_as: dict[str, str] = {}  # "his friend, the squirrel": friend -> squirrel
    for doc in docs:
        for tok in doc:
            word = _description(tok) or _someone_unnamed(tok)
            if word and word not in found.word_of and not _names_someone(tok) and not _in_quote(tok):
                unnamed.setdefault(word, []).append(tok)
                other = None if _heads_a_list(tok) else next((_description(c) for c in tok.children if c.dep_ == "appos"), None)
                if other and other != word and other not in found.word_of:
                    same_as[word] = other
                # "a mother duck ... their mother": the family word alone means her later
                family = next((c.lower_ for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")
                               and c.lower_ in FAMILY_WORDS and c.lower_ != word), None)
                if family and family not in found.word_of:
                    same_as.setdefault(family, word)
    for word, other in same_as.items():  # one character, under the more telling word
        unnamed.setdefault(other, []).extend(unnamed.pop(word, []))
    for word, toks in unnamed.items():
        kind = kind_of_word(word)
        # "the boy" is the one boy the story names, when it names exactly one of that kind
        same = [c for c in found.chars.values() if c.word and KIND_WORDS.get(c.word) == kind]
        if len(same) == 1 and word not in FRIEND_WORDS:  # "his friend" is someone else
            found.word_of[word] = same[0].name
            continue
        acts = any(_acts_or_is_acted_on(t) for t in toks)
        if len(toks) >= 2 or acts:
            name = word.title()
            found.chars[name] = Character(name=name, word=word, named=False, mentions=len(toks))
            found.word_of[word] = name
            for alias in (w for w, o in same_as.items() if o == word):
                found.word_of[alias] = name
    for ch in found.chars.values():
        _set_kind(ch)
        if ch.kind is None and ch.name in titled:  # "Mr. Green", "Mrs. Lee": grown-ups
            ch.kind = "man" if ch.sex == "m" else "woman"
    return found


def _grown_ups_by_trade(found: _Discovered) -> None:
    """Someone named by their work ("the zookeeper", "a fisherman") is a grown-up, of the sex the
    text gives (a man when it gives none: the word says no more)."""
    for ch in found.chars.values():
        if ch.kind is None and not ch.named and ch.word.endswith(PERSON_ENDINGS):
            ch.kind = "woman" if ch.sex == "f" or ch.word.endswith("woman") else "man"


def _settle_family_kinds(docs, found: _Discovered) -> None:
    """Someone's mother (brother, ...) is what they are, when that is an animal; and someone with a
    mom or a grandpa, whose kind the story does not tell, is a child ("Sam and his dad": a boy)."""
    for ch in list(found.chars.values()):
        if not ch.named and ch.word in FAMILY_WORDS | FRIEND_WORDS:  # "Tuk's best friend" of a penguin: a penguin
            toks = [t for doc in docs for t in doc if _description(t) == ch.word]
            owners = [o for o in (_family_owner(t, found, docs) for t in toks) if o[0] in found.chars]
            animal = next((found.chars[o].kind for o, _ in owners if found.chars[o].kind not in (None, *PEOPLE_KINDS)), None)
            ch.kind = animal or ch.kind
            if ch.word in ELDER_WORDS and not animal:
                for o, sex in owners:
                    child = found.chars[o]
                    if child.kind is None and (child.sex or sex):
                        child.kind = "girl" if (child.sex or sex) == "f" else "boy"


def _settle_colours(docs, found: _Discovered) -> None:
    """The colour the story first gives someone as a whole, on the noun that names them ("a gray
    cat", "Pip, a small green frog"): an animal's coat. Colours of clothes and parts ("her red
    hat", "brown eyes") are on other nouns and are not read here."""
    for doc in docs:
        for tok in doc:
            name = found.word_of.get(_kind_lemma(tok) or "") if tok.pos_ == "NOUN" else None
            ch = found.chars.get(name or "")
            if ch is None or ch.colour:
                continue
            colour = next((c.lower_ for c in tok.lefts if c.dep_ in ("amod", "compound") and is_colour(c.lower_)), "")
            ch.colour = colour


# Verbs after which "home" is where someone goes ("went home", "flew home"), not a thing they have.
GOING_VERBS = frozenset({"go", "come", "walk", "run", "ride", "fly", "swim", "head", "hurry", "return", "drive", "sail",
                         "get", "rush", "skip", "hop", "race", "wander", "march", "travel", "slide", "roll", "take"})


# Words for someone's friend: of an animal, an animal of the same kind, as family is.
FRIEND_WORDS = frozenset({"friend", "buddy", "pal", "neighbour", "neighbor", "classmate", "playmate"})


def _family_owner(tok, found: _Discovered, docs) -> tuple[str | None, str]:
    """Whose mother (or brother, ...) this is, and their sex if the word says it: "Gus's mother",
    or "his mother" after "Gus the seagull" (Gus, "m")."""
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is None:
        return None, ""
    name = _proper_name(owner)
    sex = "f" if owner.lower_ in FEMALE_PRONOUNS else "m" if owner.lower_ in MALE_PRONOUNS else ""
    if not name and sex:  # "their" may be anyone's
        name = _last_named_before(owner, found, docs)
    return name, sex


def _last_named_before(tok, found: _Discovered, docs) -> str | None:
    """The cast name mentioned last before the pronoun `tok` (its sentence, then the ones before
    it) whom the pronoun fits: "her" is someone the story has told is female."""
    sex = "f" if tok.lower_ in FEMALE_PRONOUNS else "m" if tok.lower_ in MALE_PRONOUNS else ""
    at = next(i for i, d in enumerate(docs) if d is tok.doc)
    before = [t for doc in docs[: at + 1] for t in doc if doc is not tok.doc or t.i < tok.i]
    names = [n for n in (_proper_name(t) or found.word_of.get(_description(t) or "") for t in reversed(before)
                         if not _in_quote(t))  # "Where did you go, little bird?" names nobody's mother
             if n in found.chars and found.chars[n].word not in FAMILY_WORDS | FRIEND_WORDS]
    # someone told to be that sex; else, in a story of animals only, one whose sex is not told yet
    # ("Gus ... his mother": the pronouns settle later)
    animals_only = all(c.kind not in PEOPLE_KINDS for c in found.chars.values() if c.word not in FAMILY_WORDS | FRIEND_WORDS)
    return next((n for n in names if found.chars[n].sex == sex), None) or next(
        (n for n in names if not found.chars[n].sex and animals_only), None)


def _acts_or_is_acted_on(tok) -> bool:
    """A description that does something ("the girl ran", "Anna and her dog played"), owns
    something ("the girl's kite"), or meets someone ("Sam patted the dog", "played with a cat"):
    the story shows it, even when it says so once."""
    while tok.dep_ == "conj":
        tok = tok.head
    if _is_subject(tok) or tok.dep_ == "poss":
        return True
    verb = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "with", "at") else tok.head
    return tok.dep_ in ("dobj", "dative", "pobj") and verb.pos_ == "VERB" and verb.lemma_ in MEETING_VERBS and (
        tok.dep_ != "pobj" or verb is not tok.head)


def _names_someone(tok) -> bool:
    """Whether this description introduces a proper name ("a girl named Sue", "Max, a puppy")."""
    return any(c.dep_ == "acl" and c.lemma_ in ("name", "call") for c in tok.children) or (
        tok.dep_ == "appos" and tok.head.pos_ == "PROPN" and not _heads_a_list(tok.head)) or (
        not _heads_a_list(tok) and any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in tok.children))


def _heads_a_list(tok) -> bool:
    """"mom, dad, and Tim": the small parser reads the commas of a list as appositions ("dad" the
    same as "mom"); an "and" among them says it is a list of several."""
    return any(c.dep_ in ("cc", "conj") for c in tok.children)


def _set_kind(ch: Character) -> None:
    if not ch.word:
        return
    kind = kind_of_word(ch.word)
    if kind is None:
        return
    if ch.word not in SEXLESS_PERSON_WORDS:
        ch.sex = ch.sex or ("f" if kind in FEMALE_KINDS else "m" if kind in MALE_KINDS else "")  # type: ignore[assignment]
    ch.kind = kind


def _settle_sex(docs, found: _Discovered, all_mentions: list[list[_Mention]]) -> None:
    """He or she for each character the nouns do not sex: count the pronouns in sentences about
    that character alone (and the sentence after, when it names no one)."""
    votes: dict[str, list[int]] = {n: [0, 0] for n in found.chars}
    mentions = [[m for m in ms if not m.in_quote] for ms in all_mentions]
    for i, doc in enumerate(docs):
        about = {m.name for m in mentions[i]}
        if len(about) != 1:
            continue
        (name,) = about
        first = min(m.token_i for m in mentions[i])
        if any(t.lower_ in FEMALE_PRONOUNS | MALE_PRONOUNS for t in doc if t.i < first):
            continue  # "she flew her kite with her dog Rex": the sentence is about someone before
        # pronouns after the name (before it, they point back: "She missed Ben"), and in the next
        # sentence when it names no one
        pronouns = [t for t in doc if t.i > first] + (list(docs[i + 1]) if i + 1 < len(docs) and not mentions[i + 1] else [])
        for tok in pronouns:
            if tok.pos_ == "PRON" and not _in_quote(tok) and _may_be_the_subject(tok):
                votes[name][0] += tok.lower_ in FEMALE_PRONOUNS
                votes[name][1] += tok.lower_ in MALE_PRONOUNS
    # first, as syntax binds it: "Tom and his dad", "Mia and her dog": the possessive on a conjunct is the first one's
    for i, doc in enumerate(docs):
        at = {m.token_i: m.name for m in mentions[i]}
        for tok in doc:
            owner = at.get(tok.head.head.i) if tok.dep_ == "poss" and tok.head.dep_ == "conj" else None
            if owner and not found.chars[owner].sex and tok.lower_ in FEMALE_PRONOUNS | MALE_PRONOUNS:
                found.chars[owner].sex = "f" if tok.lower_ in FEMALE_PRONOUNS else "m"  # type: ignore[assignment]
    for name, (she, he) in votes.items():
        ch = found.chars[name]
        if not ch.sex and she != he:
            ch.sex = "f" if she > he else "m"
    # "Tom noticed that Jenny's pocket was fat and he asked her why": with Jenny a she, the he is Tom
    for i, doc in enumerate(docs):
        here = [found.chars[n] for n in dict.fromkeys(m.name for m in mentions[i])]
        unknown = [c for c in here if not c.sex]
        first = {m.name: m.token_i for m in reversed(mentions[i])}
        for sex, words in (("f", FEMALE_PRONOUNS), ("m", MALE_PRONOUNS)):
            used = unknown and any(t.lower_ in words and not _in_quote(t) and t.i > first[unknown[0].name]
                                   and _may_be_the_subject(t) for t in doc)
            if used and len(unknown) == 1 and not any(c.sex == sex for c in here):
                unknown[0].sex = sex  # type: ignore[assignment]
                unknown = []
    _kind_of_the_sex_told(found)


def _kind_of_the_sex_told(found: _Discovered) -> None:
    """A person whose word says nothing of sex ("the farmer") is the woman or man the text makes them."""
    for ch in found.chars.values():
        if ch.kind in SWAP_SEX and ch.word in SEXLESS_PERSON_WORDS | {""} and ch.sex:
            female = ch.kind in FEMALE_KINDS
            if female != (ch.sex == "f"):
                ch.kind = SWAP_SEX[ch.kind]


# --- one sentence ---------------------------------------------------------------------------------

def _may_be_the_subject(pronoun) -> bool:
    """Whether a pronoun can mean the one its sentence is about: as a subject or an owner, or
    "himself"; not as an object ("Lily saw him": him is someone else)."""
    return _is_subject(pronoun) or pronoun.dep_ == "poss" or pronoun.lower_.endswith("self")


def _in_quote(tok) -> bool:
    text = tok.doc.text
    before = text[: tok.idx]
    return (before.count('"') + before.count("“") - before.count("”")) % 2 == 1


def _mentions(doc, found: _Discovered) -> list[_Mention]:
    out = []
    for tok in doc:
        name = _proper_name(tok)
        if name and name not in found.chars:
            name = next((n for n in found.chars if n.split()[-1] == tok.text), None)
        if not name and tok.text in found.chars and tok.text[:1].isupper():
            name = tok.text  # the tagger calls a name anything ("Lily, we can share", "Tilly ate": adverbs)
        if not name and tok.pos_ in ("NOUN", "ADJ") and tok.lemma_.lower() in found.word_of and not _kind_lemma(tok):
            name = found.word_of[tok.lemma_.lower()]  # "the giraffe": what Tilly was said to be
        if not name:
            word = _description(tok)
            name = found.word_of.get(word or "")
            if not name and word:  # "her mom": a role the cast has under that word
                name = next((c.name for c in found.chars.values() if c.word == word), None)
        if name and name in found.chars:
            quoted = _in_quote(tok) and not _addressed(tok)  # who is spoken to is there to hear it
            out.append(_Mention(name, tok.i, tok.dep_, quoted, _under_absent_verb(tok)))
    return out


# Words that say someone is not there: "Daisy was missing", "Dad was away", "nowhere to be seen".
ABSENCE_WORDS = frozenset({"missing", "gone", "away", "nowhere"})
# Verbs whose negated object is not in sight: "Tom could not find Daisy", "she did not see him".
FINDING_VERBS = frozenset({"find", "see", "spot"})


QUOTE_MARKS = {'"', "“", "”"}


def _addressed(tok) -> bool:
    """Whether a name in a quote is the one spoken to: set off by commas or the quote's own marks
    ("Lily, we can share", "Thank you, little frog," "Where are you, Max?")."""
    phrase = [t for t in tok.subtree if t.i <= tok.i and not t.is_punct]
    start, end = phrase[0].i, tok.i
    doc = tok.doc
    before = doc[start - 1].text if start > 0 else '"'
    after = doc[end + 1].text if end + 1 < len(doc) else '"'
    return before in {",", *QUOTE_MARKS} and after in {",", "!", "?", ".", *QUOTE_MARKS} and not (
        before in QUOTE_MARKS and after == ".")  # a quote that is only a name: "Max."


def _under_absent_verb(tok) -> bool:
    """Named as what someone misses, remembers or dreams of, looks for, cannot find, or is said to
    be gone: not in the picture."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_ in SEARCH_VERBS:
        return True  # "looked all around for his friend": not found yet
    if tok.dep_ in SUBJECTS and head.lemma_ in ("be", "go") and (
            any(c.lower_ in ABSENCE_WORDS or (c.lower_ == "where" and c.i < tok.i) for c in head.children)
            or (head.lemma_ == "go" and head.dep_ == "ccomp")
            or (head.lower_ == "gone" and any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "be" for c in head.children))):
        return True  # "Daisy was missing", "where was Daisy?", "did not know where Sid was", "where she had gone"
    if tok.dep_ == "dobj" and head.lemma_ in FINDING_VERBS and _negated(head):
        return True
    if tok.dep_ in SUBJECTS and head.lemma_ == "be" and _negated(head) and any(
            c.dep_ == "prep" and c.lower_ in PLACE_PREPS for c in head.children):
        return True  # "the bird was not in its nest", "Dad was not at home"
    if tok.dep_ == "pobj":
        head = head.head
    return tok.dep_ in ("dobj", "pobj") and head.lemma_ in ABSENT_OBJECT_VERBS


# Words that name the cast already met as a group: "the two friends laughed", "the children ran",
# "everyone cheered" mean them, as "they" does.
GROUP_NOUNS = frozenset({"friend", "child", "kid", "boy", "girl", "animal", "pal", "buddy", "twin", "sibling"})
GROUP_PRONOUNS = frozenset({"everyone", "everybody", "both", "two", "three", "all"})


def _names_the_group(tok) -> bool:
    """"the two friends", "the children", "the two", "everyone": someone's own friends ("her
    friends") are others."""
    if tok.dep_ not in NOMINAL or any(c.dep_ == "poss" for c in tok.children):
        return False
    if tok.lower_ in GROUP_PRONOUNS:
        return tok.lower_ not in ("two", "three", "all") or any(c.lower_ == "the" for c in tok.children) or tok.dep_ in SUBJECTS
    return tok.tag_ == "NNS" and tok.lemma_.lower() in GROUP_NOUNS and any(c.lower_ == "the" for c in tok.children)


def _resolve_pronoun(tok, found: _Discovered, recent: list[str], this_sentence: list[str]) -> list[str]:
    low = tok.lower_
    if low in FEMALE_PRONOUNS or low in MALE_PRONOUNS:
        sex = "f" if low in FEMALE_PRONOUNS else "m"
        for name in reversed(recent + this_sentence):
            if found.chars[name].sex == sex:
                return [name]
        # nobody known to be one: the most recent character whose sex the story has not told (from
        # sentences before: "She missed Ben" is not about Ben), who is then known to be one
        for name in reversed(recent):
            if not found.chars[name].sex:
                found.chars[name].sex = sex  # type: ignore[assignment]
                return [name]
        return []
    if low in PLURAL_PRONOUNS or _names_the_group(tok):
        pool = list(dict.fromkeys(reversed(recent[-4:] + this_sentence)))
        return pool if len(pool) >= 2 else []
    return []


def _read_sentence(i: int, doc, found: _Discovered, recent: list[str], speaker_before: str | None,
                   mentions: list[_Mention]) -> SentenceFacts:
    sf = SentenceFacts(index=i, text=doc.text)
    refs: dict[int, list[str]] = {}  # token index -> the cast it refers to
    names_here: list[str] = []
    for m in mentions:
        refs[m.token_i] = [m.name]
        names_here.append(m.name)
        if m.name not in sf.mentioned:
            sf.mentioned.append(m.name)
        if not m.in_quote and not m.absent_verb and m.name not in sf.present:
            sf.present.append(m.name)
    for tok in doc:
        own_body = tok.dep_ == "poss" and tok.head.lemma_ in BODY_PARTS  # "out of her hands": she is there
        if (tok.pos_ == "PRON" or _names_the_group(tok)) and not _in_quote(tok) and (tok.dep_ != "poss" or own_body):
            # a pronoun never means someone named in its own clause ("She missed Ben": not Ben)
            clause = {n for i, n in ((i, r[0]) for i, r in refs.items()) if doc[i].head == tok.head}
            # and never someone named after it ("She sat down, and her mom came": not Mom)
            before = [m.name for m in mentions if m.token_i < tok.i]
            names = _resolve_pronoun(tok, found, recent, [n for n in before if n not in clause])
            if names:
                if not own_body:  # whose hand it is says only who is there
                    refs[tok.i] = names
                for n in names:
                    if n not in sf.present and not _under_absent_verb(tok):
                        sf.present.append(n)
                    if n not in sf.mentioned:
                        sf.mentioned.append(n)
    _read_quotes(doc, sf, refs, speaker_before)
    for q in sf.quotes:
        if q.speaker and q.speaker not in sf.present:
            sf.present.append(q.speaker)
    _read_places(doc, sf, found, refs)
    _read_time_weather(doc, sf)
    _read_actions_and_things(doc, sf, refs, found)
    # the subject last: a pronoun in the next sentence most often continues with it
    subjects = [refs[t.i][0] for t in doc if _is_subject(t) and refs.get(t.i)]
    recent.extend(n for n in sf.mentioned if n in sf.present and n not in subjects)
    # of conjoined subjects the first is the one the story is about ("Tom and his dad ... He")
    recent.extend(n for n in reversed(subjects) if n in sf.present)
    return sf


def _read_quotes(doc, sf: SentenceFacts, refs: dict[int, list[str]], speaker_before: str | None) -> None:
    quotes = [m.group(1).strip() for m in _QUOTE.finditer(doc.text)]
    if not quotes:
        return
    speaker = None
    for tok in doc:
        if tok.lemma_ in SPEECH_VERBS and tok.pos_ == "VERB" and not _in_quote(tok):
            subj = [c for c in tok.children if _is_subject(c)]
            if subj and refs.get(subj[0].i):
                speaker = refs[subj[0].i][0]
                break
    outside = _QUOTE.sub(" ", doc.text)
    if speaker is None and not re.search(r"[A-Za-z]", outside):
        speaker = speaker_before  # a quote standing alone: said by whoever the story was just about
    sf.quotes = [Quote(text=q, speaker=speaker) for q in quotes]


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


def _noun_phrase(tok) -> str:
    """'town square' for square with its compound; the lemma for one word."""
    parts = [c.lower_ for c in tok.lefts if c.dep_ == "compound"]
    return " ".join(parts + [tok.lower_])


def _read_places(doc, sf: SentenceFacts, found: _Discovered, refs: dict[int, list[str]]) -> None:
    flyer = bool(sf.present) and all(flies(found.chars[n].kind or "") for n in sf.present)
    exclude = frozenset() if flyer else frozenset({"sky"})
    taken: set[int] = set()  # the nouns already read as places
    for tok in doc:
        if _in_quote(tok):
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
        elif tok.lower_ in OUTDOORS_WORDS | INDOORS_WORDS and tok.dep_ in ("advmod", "prt", "npadvmod", "pobj", "dobj"):
            if tok.dep_ == "dobj" and tok.head.lemma_ not in GOING_VERBS:
                pass  # "a crab who needed a home", "found a new home": a home, not the way home
            elif tok.lower_ == "home" or tok.lower_ == "house":
                noun, motion = tok, "to" if tok.head.pos_ == "VERB" else "at"
            elif tok.lower_ in OUTDOORS_WORDS and tok.lower_ != "out":
                sf.outdoors = True
            elif tok.lower_ in ("inside", "indoors"):
                sf.outdoors = False
        if noun is not None and noun.lemma_.lower() in PART_NOUNS:  # "the top of the hill": the hill
            whole = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                          for g in c.children if g.dep_ == "pobj"), None)
            noun = whole or noun
        if noun is None or noun.pos_ not in ("NOUN", "PROPN", "ADV") or refs.get(noun.i):
            continue
        if tok.dep_ == "pobj" and tok.head.head.i in taken:
            continue  # "the hill behind their house": where the hill is, not where they are
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
        fronted = tok.dep_ == "pobj" and tok.head.i < verb.i  # "At the museum they saw ...": where they are
        if (verb.lemma_ in VIEW_VERBS and not fronted) or (verb.dep_ in ("relcl", "acl") and not refs.get(verb.head.i)):
            taken.add(noun.i)  # not a place named otherwise either
            continue  # "a window that looked out on the river": what is seen, or where a thing is
        phrase = _noun_phrase(noun)
        if noun.lemma_.lower() in TIME_WORDS or noun.lemma_.lower() in WEATHER_WORDS:
            continue  # "at sunset", "in the rain": when and how, not where
        if phrase in found.thing_heads or noun.lemma_.lower() in found.thing_heads:
            continue  # "the castle" of a story with a sandcastle: that thing
        ride = _vehicle_ridden(verb)
        if ride and motion == "to":
            # "they rode the bus to school": the film shows the ride, on its way
            sf.places.append(PlaceMention(word=ride, place=VEHICLE_PLACES[PROP_WORDS[ride]], motion="at",
                                          grounding=Grounding(ride, "place", VEHICLE_PLACES[PROP_WORDS[ride]], 1.0, "meaning")))
            taken.add(noun.i)
            continue
        if noun.lemma_.lower() in PART_NOUNS and phrase not in PLACE_WORDS:
            continue
        library_place = phrase in PLACE_WORDS or noun.lemma_.lower() in PLACE_WORDS
        if not library_place and (phrase in PROP_WORDS or noun.lemma_.lower() in PROP_WORDS or noun.lemma_.lower() in KIND_WORDS):
            item = PROP_WORDS.get(phrase, PROP_WORDS.get(noun.lemma_.lower()))
            if item in VEHICLE_PLACES and tok.dep_ == "pobj" and tok.head.lower_ in ("on", "in", "aboard"):
                # "sat on the bus": on a ride, where such a ride is shown
                sf.places.append(PlaceMention(word=phrase, place=VEHICLE_PLACES[item], motion="at",
                                              grounding=Grounding(phrase, "place", VEHICLE_PLACES[item], 1.0, "meaning")))
            elif item in OUTDOOR_ONLY and motion in ("to", "at"):
                sf.outdoors = True  # "came back to the fence", "sat under the tree": out of doors
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
        elif prep in ("over", "above") and flyer:
            g = Grounding(f"{prep} the {phrase}", "place", "sky", g.score, "meaning")  # fliers over it are in the air
        elif prep == "above" or (prep == "over" and verb.lemma_ not in OVER_ACROSS):
            continue  # "jumped over the river", "looked over the wall": not where they are
        taken.add(noun.i)
        sf.places.append(PlaceMention(word=g.word, place=g.item, motion=motion, grounding=g))  # type: ignore[arg-type]
    # places named in any other way ("she loved the town library"): a scene that says nothing of
    # where it is may be set there
    for tok in doc:
        word = _noun_phrase(tok) if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound" else ""
        place = PLACE_WORDS.get(word) or (PLACE_WORDS.get(tok.lemma_.lower()) if word else None)
        if place and tok.i not in taken and not _in_quote(tok) and (place != "sky" or flyer):
            sf.mentioned_places.append(place)


def _another_day(tok) -> bool:
    """A time of another day than the one told ("last night", "tomorrow morning", "yesterday
    afternoon"): what happened then or will happen, not when this happens."""
    return any(c.lower_ in ("last", "yesterday", "tomorrow") for c in tok.children) or (
        tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("yesterday", "tomorrow"))


def _read_time_weather(doc, sf: SentenceFacts) -> None:
    for tok in doc:
        lemma = tok.lemma_.lower()
        if (lemma in TIME_WORDS and not (tok.pos_ == "ADJ" and tok.dep_ == "amod") and not _negated(tok)
                and not _another_day(tok)):
            sf.time = sf.time or TIME_WORDS[lemma]
        if lemma in WEATHER_WORDS and not _negated(tok) and not _weather_to_come(tok):
            sf.weather = sf.weather or WEATHER_WORDS[lemma]


def _weather_to_come(tok) -> bool:
    """Weather that is not here yet: "winter is coming", "a storm was on its way", "it will snow
    tomorrow", or said in a quote."""
    head = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    return _in_quote(tok) or (tok.dep_ in SUBJECTS and head.lemma_ in ("come", "approach")) or any(
        c.dep_ == "aux" and c.lower_ in ("will", "'ll", "would", "shall") for c in head.children)


def _negated(tok) -> bool:
    head = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    return any(c.dep_ == "neg" for c in head.children) or any(c.lower_ == "no" for c in tok.children)


def _read_actions_and_things(doc, sf: SentenceFacts, refs: dict[int, list[str]], found: _Discovered) -> None:
    for tok in doc:
        # a lower-case word tagged as a name is the small tagger's slip ("a big green bush")
        something = tok.lower_ == "something"  # "something shiny": a shiny thing
        if not (tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.text.islower()) or something) or refs.get(tok.i):
            continue
        if tok.dep_ in ("compound", "amod", "nmod") and is_colour(tok.lower_):
            continue  # "a bright orange collar": a colour, not an orange
        if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN"):
            continue  # "a stone bridge", "a toy car": the head names the thing
        whole = _of_phrase(tok)
        if whole is not None and whole[0] is not tok:
            continue  # "a ball of yarn" is yarn, "a cup of tea" a cup: one thing, read at the word that names it
        role = whole[1] if whole is not None else tok  # whose place in the sentence says who holds it
        phrase = _noun_phrase(tok)
        lemma = "thing" if something else tok.lemma_.lower()
        # "a shiny thing", "a magic wand": a word before the noun may name the library's thing
        described = [f"{c.lower_} {lemma}" for c in tok.children if c.dep_ == "amod"]
        phrase = next((d for d in described if d in PROP_WORDS), phrase)
        phrase = found.thing_heads.get(phrase, phrase)  # "the castle" of the sandcastle
        item = PROP_WORDS.get(phrase) or PROP_WORDS.get(lemma)
        if not item or (phrase != lemma and phrase in PLACE_WORDS):
            continue  # "the sheep pen" is a place, no pen to write with
        mods = [c.lower_ for t in {tok, role} for c in t.lefts if c.dep_ in ("amod", "compound", "nmod")]
        thing = Thing(word=lemma if phrase not in PROP_WORDS else phrase, item=item,
                      colour=" ".join(m for m in mods if is_colour(m) and m not in SIZE_WORDS),
                      size=next((m for m in mods if m in SIZE_WORDS), ""),
                      shape=next((m for m in mods if m in SHAPE_WORDS), ""))
        thing.absent = _said_absent(role)
        thing.holder = None if thing.absent or thing.item in NEVER_HELD else _holder(role, refs, found)
        if _is_subject(role) and role.head.pos_ == "VERB" and role.head.lemma_ in THING_MOTION_VERBS and not _negated(role.head):
            thing.moves = role.head.lemma_.lower()
        sf.things.append(thing)
    for tok in doc:
        if tok.pos_ != "VERB" or _in_quote(tok):
            continue
        subjects = _subjects(tok, refs)
        recipient, source = _hands_between(tok, refs)
        obj = None
        for c in tok.children:
            # "gave Kit the ball": the object is the ball, Kit the recipient
            if c.dep_ in ("dobj", "dative") and not (c.dep_ == "dative" and recipient and _has_thing_object(tok)):
                obj = refs[c.i][0] if refs.get(c.i) else c.lemma_.lower()
                break
        if obj is None:  # "talked to Sue", "played with Rex"
            obj = next((refs[g.i][0] for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "with", "at")
                        for g in c.children if g.dep_ == "pobj" and refs.get(g.i)), None)
        # "he wanted to go": what is wished or planned is not done (yet)
        verb = tok.lemma_.lower()
        negated = _negated(tok) or (tok.dep_ == "xcomp" and tok.head.lemma_ in WISH_VERBS)
        if len(subjects) >= 2 and verb in TOUCH_VERBS and (obj is None or obj in RECIPROCAL_OBJECTS):
            # "Tom and Sue held hands", "they hugged": each does it to the other
            sf.actions += [Action(verb=verb, subject=a, object=b, negated=negated)
                           for a, b in zip(subjects, subjects[1:])]
            continue
        for subj in subjects or [None]:
            if subj or obj:
                sf.actions.append(Action(verb=verb, subject=subj, object=obj, negated=negated,
                                         recipient=recipient if recipient != subj else None,
                                         source=source if source != subj else None))
    sf.actions += _contact_by_phrase(doc, refs)
    _read_spatial(doc, sf, refs)
    _read_feelings(doc, sf, refs)


def _has_thing_object(verb) -> bool:
    return any(c.dep_ == "dobj" for c in verb.children)


def _hands_between(verb, refs: dict[int, list[str]]) -> tuple[str | None, str | None]:
    """(recipient, source) of a verb that moves a thing between people: the dative ("gave Kit
    the ball"), or with a thing as the object, a "to" ("threw the ball to Kit"; spaCy tags that
    "to" dative or prep), a sharing "with" ("shared his apple with Kit") and a "from" ("took the
    apple from Tom"). Going to someone ("ran to Kit") moves no thing: no recipient."""
    recipient = source = None
    thing = _has_thing_object(verb)
    for c in verb.children:
        if c.dep_ == "dative" and refs.get(c.i):
            recipient = recipient or refs[c.i][0]
        elif c.dep_ in ("dative", "prep") and thing:
            person = next((refs[g.i][0] for g in c.children if g.dep_ == "pobj" and refs.get(g.i)), None)
            if c.lower_ == "to" or (c.lower_ == "with" and verb.lemma_.lower() == "share"):
                recipient = recipient or person
            elif c.lower_ == "from":
                source = source or person
    return recipient, source


def _contact_by_phrase(doc, refs: dict[int, list[str]]) -> list[Action]:
    """Contact a preposition tells: "Rex curled up in Anna's lap" (Anna holds Rex), "the kitten
    rubbed against her leg", "Finn sat next to Rex", "Mia stayed close to her mom"."""
    out = []
    for prep in doc:
        if prep.dep_ != "prep" or _in_quote(prep):
            continue
        near = prep.lower_ in NEAR_WORDS or (prep.lower_ == "to" and prep.head.lower_ in NEAR_WORDS)
        if prep.lower_ not in ("in", "into", "on", "against") and not near:
            continue
        verb = prep.head.head if prep.head.lower_ in NEAR_WORDS and prep.head.dep_ == "advmod" else prep.head
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if pobj.lower_ in BODY_PLACES or pobj.lemma_.lower() in BODY_PLACES:
                if any(c.dep_ == "dobj" and not refs.get(c.i) and c.lemma_.lower() not in BODY_PLACES for c in verb.children):
                    continue  # "put the ball in Anna's hands": the ball is held, not the one who put it there
                owners = [n for c in pobj.children if c.dep_ == "poss" for n in refs.get(c.i, [])]
                # resting in someone's arms or lap is being held; leaning or rubbing against them, that
                held = prep.lower_ != "against"
                out += [Action(verb="hold", subject=o, object=s, negated=_negated(verb)) if held else
                        Action(verb=verb.lemma_.lower() if verb.lemma_.lower() in TOUCH_VERBS else "lean", subject=s,
                               object=o, negated=_negated(verb))
                        for o in owners for s in _subjects(verb, refs) if s != o]
            elif near:
                out += [Action(verb="stay close", subject=s, object=o, negated=_negated(verb))
                        for o in refs.get(pobj.i, []) for s in _subjects(verb, refs) if s != o]
    return out


def _read_feelings(doc, sf: SentenceFacts, refs: dict[int, list[str]]) -> None:
    """'Mia felt sad', 'Tom was happy', 'Lily began to cry': the face they make."""
    for tok in doc:
        if _in_quote(tok) or tok.pos_ not in ("VERB", "AUX", "ADJ"):
            continue
        if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "attr", "oprd"):
            verb, feeling = tok.head, FEELING_WORDS.get(tok.lower_)
        elif tok.pos_ == "VERB":
            verb, feeling = tok, FEELING_WORDS.get(tok.lemma_.lower())
        else:
            continue
        if feeling and not _negated(verb):
            for name in _subjects(verb, refs):
                sf.feelings[name] = feeling


# "X of Y": a portion of a thing is that thing ("a ball of yarn", "a piece of cake"); a container
# of it is the container ("a cup of tea", "a bag of apples").
PORTION_WORDS = frozenset({"ball", "piece", "slice", "bunch", "bit", "pile", "handful", "lump", "loaf", "bar", "stack",
                           "heap", "drop", "scoop", "sheet"})
CONTAINER_WORDS = frozenset({"cup", "glass", "bag", "box", "basket", "bowl", "bottle", "jar", "plate", "bucket", "pot",
                             "mug", "sack", "can", "tin", "carton", "pail"})


def _of_phrase(tok):
    """(the token that names the thing, the token whose place in the sentence is the thing's) for
    a word of an "X of Y" phrase of a portion or a container, else None."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        outer = tok.head.head
    else:
        outer = tok
        inner = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                      if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")), None)
        if inner is None:
            return None
        tok = inner
    word = outer.lemma_.lower()
    if word in PORTION_WORDS and PROP_WORDS.get(tok.lemma_.lower()):
        return tok, outer
    if word in CONTAINER_WORDS and PROP_WORDS.get(word):
        return outer, outer
    return None


def _read_spatial(doc, sf: SentenceFacts, refs: dict[int, list[str]]) -> None:
    """'Mia sat under a tree', 'the kite was stuck on a bush': who or what is at which thing."""
    items = {t.word: t.item for t in sf.things if t.item}
    for prep in doc:
        if prep.dep_ != "prep" or prep.lower_ not in SPATIAL_PREPS or _in_quote(prep):
            continue
        anchor = next((items.get(c.lemma_.lower()) or items.get(_noun_phrase(c)) for c in prep.children
                       if c.dep_ == "pobj"), None)
        verb = prep.head
        if anchor is None or verb.pos_ not in ("VERB", "AUX") or _negated(verb):
            continue  # "the bird was not in its nest": not there
        # "she put the ball in the box": the place is the object's; else the subject's
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        who = ([items[obj.lemma_.lower()]] if obj is not None and obj.lemma_.lower() in items
               else refs.get(obj.i, []) if obj is not None else _subjects(verb, refs))
        if not who and obj is None:  # a thing as the subject: "the kite was stuck on a bush"
            who = [items[c.lemma_.lower()] for c in verb.children if _is_subject(c) and c.lemma_.lower() in items]
        sf.spatial += [(w, prep.lower_, anchor) for w in who if w != anchor]


def _subjects(verb, refs: dict[int, list[str]]) -> list[str]:
    """The cast a verb's subject refers to, conjoined subjects and plural pronouns included. A
    verb joined to another by "and" shares its subject only when it has none of its own ("She
    climbed the tree and hugged her mom"; not "she threw the ball and he caught it")."""
    own = [c for c in verb.children if _is_subject(c)]
    if not own and verb.dep_ in ("conj", "xcomp") and verb.head is not verb:  # "she began to cry": she cries
        return _subjects(verb.head, refs)
    names: list[str] = []
    for subj in own:
        for tok in [subj, *subj.conjuncts]:
            names += [n for n in refs.get(tok.i, []) if n not in names]
    return names


def _said_absent(tok) -> bool:
    """'no toys', 'without the kite', 'the kite was not there', 'could not find the kite', 'lost
    the ball', 'looked for the hat', 'buried the bone'."""
    if any(c.lower_ == "no" and c.dep_ == "det" for c in tok.children):
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "without":
        return True
    head = tok.head
    if tok.dep_ in SUBJECTS and head.lemma_ == "be":
        gone = any(c.lower_ in ("there", "here", "anywhere", "gone", "missing") for c in head.children)
        return (gone and _negated(head)) or any(c.lower_ in ("gone", "missing") for c in head.children)
    if tok.dep_ == "dobj" and head.lemma_ in ("find", "see") and _negated(head):
        return True
    if tok.dep_ == "nsubjpass" and head.lemma_ in ("lose", "hide", "bury"):
        return True  # "the crowns were lost", "it was hidden"
    if tok.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_ in SEARCH_VERBS:
        # "looked for her hat": not found yet ("... and found it": found)
        found_it = any(c.dep_ == "conj" and c.lemma_ == "find" for c in head.head.children)
        return not found_it
    return tok.dep_ == "dobj" and head.lemma_ in ("lose", "hide", "bury")


def _holder(tok, refs: dict[int, list[str]], found: _Discovered) -> str | None:
    """Who has the thing in hand: the subject of a holding verb whose object it is ('Mia flew her
    kite'), the receiver of 'give' ('gave Sam the ball', 'gave the ball to Sam'), or the subject
    of the verb a 'with' phrase hangs on ('walked home with the kite')."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "with":
        head = head.head
    elif tok.dep_ != "dobj":
        return None
    if head.lemma_ == "give":
        for c in head.children:
            if c.dep_ == "dative" and refs.get(c.i):
                return refs[c.i][0]
            if c.dep_ in ("dative", "prep") and c.lower_ == "to":
                for g in c.children:
                    if refs.get(g.i):
                        return refs[g.i][0]
        return None
    if tok.dep_ == "dobj" and head.lemma_ not in HOLD_VERBS:
        return None
    # "he could not get the ball", "he tried to get it", "wanted to hold it": not in hand
    if tok.dep_ == "dobj" and (_negated(head) or (head.dep_ == "xcomp" and head.head.lemma_ in ATTEMPT_VERBS | WISH_VERBS)):
        return None
    subj = next((c for c in head.children if _is_subject(c)), None)
    if subj is None and head.dep_ in ("conj", "advcl", "xcomp"):  # "they walked home, holding the kite"
        subj = next((c for c in head.head.children if _is_subject(c)), None)
    if subj is None or not refs.get(subj.i):
        return None
    # of several ("they"), the first with hands to hold it
    return next((n for n in refs[subj.i] if has_hands(found.chars[n].kind or "")), refs[subj.i][0])


def _flag_fliers(facts: list[SentenceFacts], found: _Discovered) -> None:
    """A place in the sky stands only for sentences about fliers: nobody stands among the clouds."""
    for sf in facts:
        if sf.present and not all(flies(found.chars[n].kind or "") for n in sf.present):
            sf.places = [p for p in sf.places if p.place != "sky"]
