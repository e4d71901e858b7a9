"""Who is in the story: the cast, what each one is (kind, sex, coat), and which words of each sentence
mean them.

Rules for phenomena of English: proper names, descriptions ("a little girl", "her mom"), "X
named/called N", appositions ("Max, a puppy"), copulas ("Max was a dog") and "Name the kind" ("Max
the dog") tell what someone is; family words and trades tell more; he/she/they are resolved to the
most recent character they agree with; someone only missed, looked for or said to be gone is
mentioned, not present."""

from __future__ import annotations

from dataclasses import dataclass, field

from animdirector.tools.story.facts import Character
from animdirector.tools.story.grounding import PERSON_ENDINGS, kind_of_word
from animdirector.tools.story.syntax import NOMINAL, PLACE_PREPS, QUOTE_MARKS, SUBJECTS, in_quote, is_subject, is_negated, noun_phrase
from animdirector.tools.story.vocabulary import ABSENT_OBJECT_VERBS, BODY_PARTS, ELDER_WORDS, FAMILY_WORDS, FEMALE_KINDS, FEMALE_PRONOUNS, KIND_WORDS, MALE_KINDS, MALE_PRONOUNS, MEETING_VERBS, PEOPLE_KINDS, PLACE_WORDS, PLURAL_PRONOUNS, PROP_WORDS, SEARCH_VERBS, SEXLESS_PERSON_WORDS, SPEECH_VERBS, SWAP_SEX, TIME_WORDS, YOUNG_WORDS, WEATHER_WORDS, is_colour


# Days and months are capitalised, and the small tagger takes them for names.
CALENDAR_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
                  "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
                  "christmas", "easter", "halloween"}

TITLES = {"mr": "m", "mister": "m", "sir": "m", "mrs": "f", "miss": "f", "ms": "f", "madam": "f", "lady": "f"}


@dataclass
class Mention:
    name: str
    token_i: int
    role: str  # the dependency: nsubj, dobj...
    in_quote: bool
    absent_verb: bool


@dataclass
class Cast:
    chars: dict[str, Character] = field(default_factory=dict)
    word_of: dict[str, str] = field(default_factory=dict)  # description word -> cast name ("girl" -> "Sue")
    # place words that name a thing of the story ("the castle" after "a sandcastle"): not places
    thing_heads: dict[str, str] = field(default_factory=dict)
    toys: dict[str, str] = field(default_factory=dict)  # names of things: "Pepper" -> "toy elephant"
    last_toy: str = ""  # the toy named last, read so far: a "he" or "she" who fits nobody of the cast
    # a head noun the story first names in full: "the maze" after "a big corn maze" is the corn maze
    long_forms: dict[str, str] = field(default_factory=dict)
    young_of: dict[str, str] = field(default_factory=dict)  # "a lion cub": "cub" -> "lion", for "the cub" too


def _proper_name(tok) -> str | None:
    """'Sue', 'Mr. Brown' for a proper noun used as a person, else None."""
    if _kind_after_name(tok) is not None and tok.text.lower() not in KIND_WORDS:
        return tok.text  # "Tilly the giraffe ...": the small tagger calls Tilly an adverb
    if (tok.text[:1].isupper() and tok.i != tok.sent.start and tok.head.lemma_ in ("name", "call")
            and tok.head.dep_ == "acl" and tok.dep_ in ("oprd", "dobj", "attr", "npadvmod", "acomp")):
        return tok.text  # "a small hedgehog named Bramble": a name, whatever the tagger calls it
    # "Grandma June", "Aunt May": a month after a family word or a title is a name
    called = any(c.lower_.rstrip(".") in FAMILY_WORDS | set(TITLES) for c in tok.lefts)
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or (
            tok.ent_type_ in ("DATE", "TIME", "ORDINAL", "CARDINAL") and not called):
        return None
    if _family_of_a_kind(tok):
        return tok.text  # "Papa Beaver": Papa, a beaver
    if tok.dep_ == "compound" and tok.head.pos_ == "PROPN":
        return None  # the head carries the whole name
    low = tok.text.lower()
    if low in PROP_WORDS and tok.tag_ == "NNP" and not any(c.dep_ == "det" for c in tok.children):
        pass  # a thing's word written as a name, with no "the": "Daisy was an old horse", "Rose smiled"
    elif low in CALENDAR_NAMES and called:
        pass
    elif low in KIND_WORDS or low in PROP_WORDS or low in PLACE_WORDS or low in TITLES or low in CALENDAR_NAMES or "'" in tok.text:
        return None  # "Saturday was sunny": a day, not someone
    elif (low in WEATHER_WORDS or low in TIME_WORDS) and tok.i == tok.sent.start:
        return None  # "Snow fell", "Morning came": capitalised only because the sentence opens with it
    if tok.dep_ not in NOMINAL and not (in_quote(tok) and _addressed(tok)):  # "Lily, we can share" (advmod)
        return None
    if tok.dep_ == "ROOT" and not in_quote(tok) and all(t.is_punct for t in tok.sent if t.i != tok.i):
        return None  # "Whoosh!": a sound said on its own, no one
    if tok.text.isupper() and len(tok.text) > 1 and not tok.doc.text.isupper():
        return None  # "PLEASE CLOSE THE LID": letters on a sign, or a shout, not someone
    if _greeting_before_someone(tok):
        return None
    parts = [c.text.rstrip(".") for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok.text]
    return " ".join(parts)


def _family_of_a_kind(tok) -> bool:
    """"Papa Beaver", "Mama Bear": a family word before an animal's kind names one of that kind,
    whom the story goes on calling "Papa" (the kind word alone would be another)."""
    return (tok.dep_ == "compound" and tok.lower_ in FAMILY_WORDS and tok.text[:1].isupper()
            and tok.head.text[:1].isupper() and _is_an_animal(tok.head.lower_))


# Words that make a sibling bigger or smaller than the rest: "her big brother", "his baby sister".
KIN_SIZES = {"big": "big", "older": "big", "elder": "big", "eldest": "big", "oldest": "big",
             "little": "little", "younger": "little", "youngest": "little", "baby": "little", "small": "little"}
SIBLINGS = frozenset({"brother", "sister", "cousin", "twin"})


def _size_among_kin(tok) -> str:
    """"big" or "little" for a name given as someone's sibling ("her big brother Finn", "Ann, his
    younger sister"), else ""."""
    nouns = ([tok.head] if tok.dep_ == "appos" else []) + [c for c in tok.children if c.dep_ in ("appos", "compound")]
    return next((KIN_SIZES[m.lower_] for n in nouns if n.lemma_.lower() in SIBLINGS
                 for m in n.lefts if m.dep_ in ("amod", "compound") and m.lower_ in KIN_SIZES), "")


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
    if any(c.dep_ == "det" and c.lower_ in ("each", "every", "any", "no") for c in tok.children):
        return None  # "gave each child a brush": many, no one child
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
    if tok.pos_ != "NOUN" or tok.tag_ == "NNS" or tok.dep_ not in NOMINAL or in_quote(tok):
        return None
    lemma = tok.lemma_.lower()
    if (lemma in PROP_WORDS or lemma in PLACE_WORDS or lemma in TIME_WORDS or lemma in WEATHER_WORDS
            or lemma in KIND_WORDS or lemma in SPEAKING_THINGS or is_colour(lemma) or len(lemma) < 4):
        return None
    speaks = tok.dep_ == "nsubj" and tok.head.lemma_ in SOMEONE_VERBS
    return lemma if lemma.endswith(PERSON_ENDINGS) or speaks else None


# Nouns that stand in for another noun: "the smallest one told his mother" names no new animal.
STAND_IN_NOUNS = frozenset({"one", "other", "thing", "something", "someone", "somebody", "nobody", "everyone"})


def _unknown_animal(tok) -> str | None:
    """The word of an animal the library has no kind for that does something in the story ("Out
    came a sleepy badger", "a kingfisher was sitting on a branch"), else None: it is drawn as the
    nearest animal kind (kind_of_word), as a named one is. Only a subject of a doing, with an
    article, is asked: "a long striped face" or "his tail" name no one."""
    if (tok.pos_ != "NOUN" or tok.tag_ == "NNS" or tok.dep_ != "nsubj" or in_quote(tok)
            or tok.head.pos_ != "VERB" or tok.head.lemma_ in ("be", "have")
            or not any(c.dep_ == "det" and c.lower_ in ("a", "an", "the") for c in tok.children)):
        return None
    lemma = tok.lemma_.lower()
    if (lemma in PROP_WORDS or lemma in PLACE_WORDS or lemma in TIME_WORDS or lemma in WEATHER_WORDS
            or lemma in BODY_PARTS or lemma in KIND_WORDS or lemma in STAND_IN_NOUNS or len(lemma) < 3):
        return None
    kind = kind_of_word(lemma)
    return lemma if kind is not None and kind not in PEOPLE_KINDS else None


def _named_toy(tok) -> str | None:
    """The toy a name is said to be ("Pepper, a stuffed toy elephant": "toy elephant", "her doll
    Molly": "doll", "a toy rabbit called Hoppy": "toy rabbit"), else None."""
    nouns = [c for c in tok.children if c.dep_ == "appos"] + ([tok.head] if tok.dep_ == "appos" else [])
    named = tok.head.head if tok.head.lemma_ in ("name", "call") and tok.head.dep_ == "acl" else None
    if named is not None and any(w.lower_ in TOY_WORDS - {"soft"} for w in named.subtree if w.i <= named.i):
        nouns.append(named)  # "a toy rabbit called Hoppy"; "a soft bunny named Bob" may be alive
    if is_subject(tok) and tok.head.lemma_ == "be":
        nouns += [c for c in tok.head.children if c.dep_ == "attr"]
    toy = next((n for n in nouns if n.lemma_.lower() in TOY_WORDS
                or any(c.lower_ in TOY_WORDS for c in n.subtree if c.i < n.i)), None)
    return None if toy is None else noun_phrase(toy)


def _merge_short_names(found: Cast) -> None:
    """"Aunt Jo" and "Jo" are one person, under the longer name; a family word before a name says
    what they are ("Aunt Jo": a woman, "Grandpa Joe": an old man)."""
    for long in [n for n in found.chars if " " in n]:
        first, last = long.split()[0].lower(), long.split()[-1]
        ch = found.chars[long]
        # "Aunt Jo", and a person's role before their name: "Farmer Agnes", "Captain Tom", "Nurse Amy"
        if (first in FAMILY_WORDS or KIND_WORDS.get(first) in PEOPLE_KINDS) and not ch.word:
            ch.word = first
        elif first in FAMILY_WORDS and not _is_an_animal(ch.word):
            ch.word = first  # "Grandpa Ned was a fisherman": a grandpa, and "Grandpa" alone is him
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
    if _family_of_a_kind(tok):
        return tok.head.lower_
    head = tok.head
    if head.lemma_ in ("name", "call") and tok.dep_ in ("oprd", "dobj", "attr", "npadvmod") and head.dep_ == "acl":
        return _being(head.head)
    if head.lemma_ in ("name", "call") and tok.dep_ in ("oprd", "attr"):  # "the smallest penguin was called Pip"
        named = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
        if named is not None and _being(named):
            return _being(named)
    for child in tok.children:
        if child.dep_ == "appos" and _being(child):
            return _being(child)
        # "his dog Rex", "her pet goat Nutmeg": the kind word before an animal's name
        if child.dep_ == "compound" and child.i == tok.i - 1 and _being(child) and _is_an_animal(_being(child)):
            return _being(child)
    if tok.dep_ == "appos" and _being(head):
        return _being(head)
    name = next((c for c in head.children if c.dep_ == "nsubj" and c.lower_ == "name"
                 and any(g.dep_ == "poss" for g in c.children)), None) if tok.dep_ == "attr" and head.lemma_ == "be" else None
    if name is not None:  # "The dog was small and white, and his name was Patch": the one told of before
        return next((_kind_lemma(t) for t in reversed(tok.doc[:name.i]) if _kind_lemma(t)), None)
    if is_subject(tok) and head.lemma_ == "be":
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
    phrase = noun_phrase(tok)
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


def read_cast(docs) -> tuple[Cast, list[list[Mention]]]:
    """The cast of a story's parsed sentences, settled (kinds, sexes, coats), and each sentence's
    mentions of it."""
    found = _discover_cast(docs)
    mentions = [_mentions_in(doc, found) for doc in docs]  # found once: the cast is settled now
    _settle_sex(docs, found, mentions)
    _settle_family_kinds(docs, found)
    _grown_ups_by_trade(found)
    _settle_colours(docs, found)
    return found, mentions


def _discover_cast(docs) -> Cast:
    found = Cast()
    found.young_of = _young_animals(docs)
    titled: set[str] = set()
    outside: set[str] = set()  # names the narration itself uses, not only someone's words
    for doc in docs:  # proper names first: a description may belong to one ("a girl named Sue")
        for tok in doc:
            name = _proper_name(tok)
            if not name:
                continue
            ch = found.chars.setdefault(name, Character(name=name))
            ch.mentions += 1
            if not in_quote(tok):
                outside.add(name)
            toy = _named_toy(tok)
            if toy:  # "Pepper, her stuffed toy elephant": a thing with a name
                found.chars.pop(name, None)
                found.toys[name] = toy
                continue
            if name in found.toys:
                found.chars.pop(name, None)
                continue
            word = _named_as(tok) or next((c.lower_ for c in tok.lefts if c.dep_ == "compound"
                                           and c.lower_ in FAMILY_WORDS), None)  # "her aunt Jo"
            ch.size = ch.size or _size_among_kin(tok)
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
            word = _description(tok) or _someone_unnamed(tok) or _unknown_animal(tok)
            if word and word not in found.word_of and not _names_someone(tok) and not in_quote(tok):
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
        young = [c for c in found.chars.values() if c.word in YOUNG_WORDS]
        if word in YOUNG_WORDS and len(young) == 1:  # "the cub ... her baby": the one young one
            found.word_of[word] = young[0].name
            continue
        acts = any(_acts_or_is_acted_on(t) for t in toks)
        if len(toks) >= 2 or acts:
            name = word.title()
            found.chars[name] = Character(name=name, word=word, named=False, mentions=len(toks))
            found.word_of[word] = name
            for alias in (w for w, o in same_as.items() if o == word):
                found.word_of[alias] = name
    for ch in found.chars.values():
        _set_kind(ch, found.young_of)
        if ch.kind is None and ch.name in titled:  # "Mr. Green", "Mrs. Lee": grown-ups
            ch.kind = "man" if ch.sex == "m" else "woman"
    return found


def _grown_ups_by_trade(found: Cast) -> None:
    """Someone named by their work ("the zookeeper", "a fisherman") is a grown-up, of the sex the
    text gives (a man when it gives none: the word says no more)."""
    for ch in found.chars.values():
        if ch.kind is None and not ch.named and ch.word.endswith(PERSON_ENDINGS):
            ch.kind = "woman" if ch.sex == "f" or ch.word.endswith("woman") else "man"


def _settle_family_kinds(docs, found: Cast) -> None:
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


def _settle_colours(docs, found: Cast) -> None:
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
            if not colour and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":  # "the dog was small and white"
                said = [c for c in tok.head.children if c.dep_ == "acomp"]
                colour = next((w.lower_ for c in said for w in [c, *c.conjuncts] if is_colour(w.lower_)), "")
            ch.colour = colour


# Words for someone's friend: of an animal, an animal of the same kind, as family is.
FRIEND_WORDS = frozenset({"friend", "buddy", "pal", "neighbour", "neighbor", "classmate", "playmate"})


def _family_owner(tok, found: Cast, docs) -> tuple[str | None, str]:
    """Whose mother (or brother, ...) this is, and their sex if the word says it: "Gus's mother",
    or "his mother" after "Gus the seagull" (Gus, "m")."""
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is None:
        return None, ""
    name = _proper_name(owner)
    sex = "f" if owner.lower_ in FEMALE_PRONOUNS else "m" if owner.lower_ in MALE_PRONOUNS else ""
    if not name and (sex or owner.lower_ == "its"):  # "their" may be anyone's
        name = _last_named_before(owner, found, docs)
    return name, sex


def _last_named_before(tok, found: Cast, docs) -> str | None:
    """The cast name mentioned last before the pronoun `tok` (its sentence, then the ones before
    it) whom the pronoun fits: "her" is someone the story has told is female."""
    sex = "f" if tok.lower_ in FEMALE_PRONOUNS else "m" if tok.lower_ in MALE_PRONOUNS else ""
    at = next(i for i, d in enumerate(docs) if d is tok.doc)
    before = [t for doc in docs[: at + 1] for t in doc if doc is not tok.doc or t.i < tok.i]
    names = [n for n in (_proper_name(t) or found.word_of.get(_description(t) or "") for t in reversed(before)
                         if not in_quote(t))  # "Where did you go, little bird?" names nobody's mother
             if n in found.chars and found.chars[n].word not in FAMILY_WORDS | FRIEND_WORDS]
    # someone told to be that sex; else, in a story of animals only, one whose sex is not told yet
    # ("Gus ... his mother": the pronouns settle later)
    animals_only = all(c.kind not in PEOPLE_KINDS for c in found.chars.values() if c.word not in FAMILY_WORDS | FRIEND_WORDS)
    if tok.lower_ == "its":  # "the cub played with its mother": an animal's
        return next((n for n in names if found.chars[n].kind not in (None, *PEOPLE_KINDS)), None)
    return next((n for n in names if found.chars[n].sex == sex), None) or next(
        (n for n in names if not found.chars[n].sex and animals_only), None)


# What is done to someone, who must then be there: met, given to, ridden, shown something. (Not
# hugged or carried: a toy is, and a toy said once is a thing: "he hugged the bear" of a teddy bear.)
ACTED_ON_VERBS = MEETING_VERBS | {"give", "hand", "show", "ride", "brush", "wash", "milk", "lead"}


def _acts_or_is_acted_on(tok) -> bool:
    """A description that does something ("the girl ran", "Anna and her dog played"), owns
    something ("the girl's kite"), or meets someone ("Sam patted the dog", "played with a cat"):
    the story shows it, even when it says so once."""
    while tok.dep_ == "conj":
        tok = tok.head
    if is_subject(tok) or tok.dep_ == "poss":
        return True
    verb = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "with", "at") else tok.head
    return tok.dep_ in ("dobj", "dative", "pobj") and verb.pos_ == "VERB" and verb.lemma_ in ACTED_ON_VERBS and (
        tok.dep_ != "pobj" or verb.i != tok.head.i)


def _names_someone(tok) -> bool:
    """Whether this description introduces a proper name ("a girl named Sue", "Max, a puppy")."""
    return any(c.dep_ == "acl" and c.lemma_ in ("name", "call") for c in tok.children) or (
        tok.dep_ == "appos" and tok.head.pos_ == "PROPN" and not _heads_a_list(tok.head)) or (
        not _heads_a_list(tok) and any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in tok.children))


def _heads_a_list(tok) -> bool:
    """"mom, dad, and Tim": the small parser reads the commas of a list as appositions ("dad" the
    same as "mom"); an "and" among them says it is a list of several."""
    return any(c.dep_ in ("cc", "conj") for c in tok.children)


def _young_animals(docs) -> dict[str, str]:
    """The animal a story's word for a young one is the young of: "a lion cub" makes every "cub" of
    the story a lion's, "a baby owl" every "baby" an owl."""
    out: dict[str, str] = {}
    for tok in (t for doc in docs for t in doc if t.lemma_.lower() in YOUNG_WORDS and t.pos_ == "NOUN"):
        mod = next((c.lower_ for c in tok.lefts if c.dep_ in ("amod", "compound") and _is_an_animal(c.lower_)), None)
        if mod:
            out.setdefault(tok.lemma_.lower(), mod)
    return out


def _set_kind(ch: Character, young_of: dict[str, str]) -> None:
    if not ch.word:
        return
    young = f"{young_of[ch.word]} {ch.word}" if ch.word in young_of else ""  # "lion cub": drawn as the library has it
    kind = (KIND_WORDS.get(young) if young else None) or kind_of_word(young_of.get(ch.word, ch.word))
    if kind is None:
        return
    if ch.word not in SEXLESS_PERSON_WORDS:
        ch.sex = ch.sex or ("f" if kind in FEMALE_KINDS else "m" if kind in MALE_KINDS else "")  # type: ignore[assignment]
    ch.kind = kind


def _settle_sex(docs, found: Cast, all_mentions: list[list[Mention]]) -> None:
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
            if tok.pos_ == "PRON" and not in_quote(tok) and _may_be_the_subject(tok):
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
            used = unknown and any(t.lower_ in words and not in_quote(t) and t.i > first[unknown[0].name]
                                   and _may_be_the_subject(t) for t in doc)
            if used and len(unknown) == 1 and not any(c.sex == sex for c in here):
                unknown[0].sex = sex  # type: ignore[assignment]
                unknown = []
    kind_of_the_sex_told(found)


def kind_of_the_sex_told(found: Cast) -> None:
    """A person whose word says nothing of sex ("the farmer") is the woman or man the text makes them."""
    for ch in found.chars.values():
        if ch.kind in SWAP_SEX and ch.word in SEXLESS_PERSON_WORDS | {""} and ch.sex:
            female = ch.kind in FEMALE_KINDS
            if female != (ch.sex == "f"):
                ch.kind = SWAP_SEX[ch.kind]


def _may_be_the_subject(pronoun) -> bool:
    """Whether a pronoun can mean the one its sentence is about: as a subject or an owner, or
    "himself"; not as an object ("Lily saw him": him is someone else), nor as the owner in a noun
    that says what someone is ("Rex was her dog", "Rex, her dog", "her dog Rex": her is another's)."""
    if pronoun.dep_ == "poss":
        noun = pronoun.head
        says_what = (noun.dep_ in ("attr", "appos") or any(c.dep_ == "appos" for c in noun.children)
                     or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in noun.children) or noun.pos_ == "PROPN")
        return not says_what
    return is_subject(pronoun) or pronoun.lower_.endswith("self")


def _mentions_in(doc, found: Cast) -> list[Mention]:
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
            # "a lion cub" is the cub the story goes on calling "the cub"
            name = found.word_of.get(word or "") or (found.word_of.get(tok.lemma_.lower()) if word else None)
            if not name and word:  # "her mom": a role the cast has under that word
                name = next((c.name for c in found.chars.values() if c.word == word), None)
        if name and name in found.chars:
            quoted = in_quote(tok) and not _addressed(tok)  # who is spoken to is there to hear it
            out.append(Mention(name, tok.i, tok.dep_, quoted, under_absent_verb(tok)))
    return out


# Words that say someone is not there: "Daisy was missing", "Dad was away", "nowhere to be seen".
ABSENCE_WORDS = frozenset({"missing", "gone", "away", "nowhere"})


# Verbs whose negated object is not in sight: "Tom could not find Daisy", "she did not see him".
FINDING_VERBS = frozenset({"find", "see", "spot"})


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


def under_absent_verb(tok) -> bool:
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
    if tok.dep_ in SUBJECTS and head.dep_ in ("aux", "auxpass") and head.head.lower_ in ("gone", "missing"):
        return not is_negated(head.head)  # "but Daisy was gone": the parser hangs "was" on "gone"
    if tok.dep_ == "dobj" and head.lemma_ in FINDING_VERBS and is_negated(head):
        return True
    if tok.dep_ in SUBJECTS and head.lemma_ == "be" and is_negated(head) and any(
            c.dep_ == "prep" and c.lower_ in PLACE_PREPS for c in head.children):
        return True  # "the bird was not in its nest", "Dad was not at home"
    if tok.dep_ in SUBJECTS and head.dep_ in ("relcl", "acl") and _before_then(head):
        return True  # "the scarf his grandma had knitted": what someone did before, not who is here
    if tok.dep_ == "pobj":
        head = head.head
    return tok.dep_ in ("dobj", "pobj") and head.lemma_ in ABSENT_OBJECT_VERBS


def _before_then(verb) -> bool:
    """Whether a verb is in the past perfect ("had knitted"): done before the time told."""
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


# Words that name the cast already met as a group: "the two friends laughed", "the children ran",
# "everyone cheered" mean them, as "they" does.
GROUP_NOUNS = frozenset({"friend", "child", "kid", "boy", "girl", "animal", "pal", "buddy", "twin", "sibling"})

GROUP_PRONOUNS = frozenset({"everyone", "everybody", "both", "two", "three", "all"})
# Group words that mean only the young people met so far ("the children sat on the hay"), and the kinds they are.
CHILD_GROUP_WORDS = frozenset({"child", "kid", "boy", "girl", "twin", "sibling"})
CHILD_KINDS = frozenset({"boy", "girl", "baby"})


def names_the_group(tok) -> bool:
    """"the two friends", "the children", "the two", "everyone": someone's own friends ("her
    friends") are others."""
    if tok.dep_ not in NOMINAL or any(c.dep_ == "poss" for c in tok.children):
        return False
    if tok.lower_ in GROUP_PRONOUNS:
        return tok.lower_ not in ("two", "three", "all") or any(c.lower_ == "the" for c in tok.children) or tok.dep_ in SUBJECTS
    return tok.tag_ == "NNS" and tok.lemma_.lower() in GROUP_NOUNS and any(c.lower_ == "the" for c in tok.children)


def resolve_pronoun(tok, found: Cast, recent: list[str], this_sentence: list[str],
                    subjects: list[str] = (), owner: str | None = None) -> list[str]:
    """Whom he, she or they means: the last one named who fits. `this_sentence` are the names before
    it in its sentence, not in its own clause ("She missed Ben" is not about Ben); `subjects` those
    of them that are subjects ("said Pip, and he ..."). A possessive is first its clause's subject,
    `owner`, when that fits ("Anna held Rex in her arms": Anna's)."""
    low = tok.lower_
    if low in FEMALE_PRONOUNS or low in MALE_PRONOUNS:
        sex = "f" if low in FEMALE_PRONOUNS else "m"
        if owner and found.chars[owner].sex in (sex, ""):
            found.chars[owner].sex = sex  # type: ignore[assignment]
            return [owner]
        for name in reversed(recent + this_sentence):
            if found.chars[name].sex == sex:
                return [name]
        # nobody known to be one: the most recent character whose sex the story has not told, who is
        # then known to be one; in its own sentence only a subject before it ("Anna held Rex in her
        # arms": not Rex)
        for name in reversed(recent + [n for n in this_sentence if n in subjects]):
            if not found.chars[name].sex:
                found.chars[name].sex = sex  # type: ignore[assignment]
                return [name]
        return []
    if low in PLURAL_PRONOUNS or names_the_group(tok):
        pool = list(dict.fromkeys(reversed(recent[-4:] + this_sentence)))
        if tok.lemma_.lower() in CHILD_GROUP_WORDS:  # "the children": not the uncle, nor his horse; one
            # child named among a class the story never names is still one of them
            return [n for n in pool if found.chars[n].kind in CHILD_KINDS or (found.chars[n].kind is None
                                                                              and found.chars[n].named)]
        if tok.lemma_.lower() == "animal":  # "the animals": not their people
            pool = [n for n in pool if found.chars[n].kind not in (None, *PEOPLE_KINDS)]
        people = [n for n in pool if found.chars[n].kind in PEOPLE_KINDS or (found.chars[n].kind is None and found.chars[n].named)]
        if len(people) >= 2:  # with two people, "they" are the people and named pets, not a passing gull or frog
            pool = [n for n in pool if n in people or found.chars[n].named]
        return pool if len(pool) >= 2 else []
    return []
