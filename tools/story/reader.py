"""The story reader: from spaCy's dependency parse of each sentence to the facts a film must show.

read_story parses the sentences, settles the cast (cast.py), then reads each sentence in order:
who is present (names, descriptions and pronouns resolved to the cast), quotes and their speakers,
where and when (places.py), and what happens, to what (doings.py). Each rule is for a phenomenon
of English, not for a story's wording; tests/test_story_reader.py holds the sentences they are
tested with."""

from __future__ import annotations

import re

from animdirector.tools.story.cast import (
    Cast, Mention, kind_of_the_sex_told, names_the_group, read_cast, resolve_pronoun, under_absent_verb,
)
from animdirector.tools.story.doings import read_actions_and_things
from animdirector.tools.story.facts import Quote, SentenceFacts, StoryFacts
from animdirector.tools.story.parser import english
from animdirector.tools.story.places import flag_fliers, read_places, read_time_weather, yards_of_their_places
from animdirector.tools.story.syntax import in_quote, is_subject, noun_phrase
from animdirector.tools.story.vocabulary import BODY_PARTS, PLACE_WORDS, PROP_WORDS, SPEECH_VERBS
from animdirector.tools.story_text import split_sentences


# A named toy's pronouns, as a subject or an object ("he was not on her pillow", "picked him up");
# never "it", which as often means the weather or the time.
TOY_PRONOUNS = frozenset({"he", "him", "she", "her"})

_QUOTE = re.compile(r"[\"“]([^\"”]+)[\"”]")


def read_story(text: str) -> StoryFacts:
    """The facts of every sentence of `text`, in order, with the cast they refer to."""
    sentences = split_sentences(text)
    docs = list(english().pipe(sentences))
    found, mentions = read_cast(docs)
    found.thing_heads = _thing_heads(docs)
    for tok in (t for doc in docs for t in doc if t.pos_ == "NOUN" and any(c.dep_ == "compound" for c in t.children)):
        found.long_forms.setdefault(tok.lemma_.lower(), noun_phrase(tok))
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
    flag_fliers(facts, found)
    yards_of_their_places(facts)
    kind_of_the_sex_told(found)  # pronouns read sentence by sentence may have told more
    return StoryFacts(cast=found.chars, sentences=facts)


def _thing_heads(docs) -> dict[str, str]:
    """Place words that end a thing the story names ("sandcastle": castle): said alone later ("a
    wave hit the castle"), they mean that thing."""
    things = {noun_phrase(t) for doc in docs for t in doc if t.pos_ == "NOUN"} & set(PROP_WORDS)
    models = {place: thing for place in PLACE_WORDS for thing in sorted(things)
              if thing != place and thing not in PLACE_WORDS and thing.endswith(place)}
    # and so do the other words for that place: the towers of a sandcastle are its own
    return {word: thing for word, place in PLACE_WORDS.items() for end, thing in models.items()
            if place == PLACE_WORDS[end] and word not in things} | models


def _read_sentence(i: int, doc, found: Cast, recent: list[str], speaker_before: str | None,
                   mentions: list[Mention]) -> SentenceFacts:
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
    toy_at: dict[int, str] = {}  # token index -> the named toy it refers to
    for tok in doc:
        if tok.text in found.toys and not in_quote(tok):
            found.last_toy = toy_at[tok.i] = tok.text
            continue
        # whose hand, lap or arms the text names is there ("pulled the kite out of her hands")
        own_body = tok.dep_ == "poss" and tok.head.lemma_ in BODY_PARTS
        if (tok.pos_ == "PRON" or names_the_group(tok)) and not in_quote(tok) and (tok.dep_ != "poss" or own_body):
            # a pronoun never means someone named in its own clause ("She missed Ben": not Ben)
            clause = {n for i, n in ((i, r[0]) for i, r in refs.items()) if doc[i].head == tok.head}
            # and never someone named after it ("She sat down, and her mom came": not Mom)
            before = [m.name for m in mentions if m.token_i < tok.i]
            subjects = [m.name for m in mentions if m.token_i < tok.i and m.role in ("nsubj", "nsubjpass")]
            # nor, as an object, its clause's subject ("Mom carried her upstairs": not Mom)
            others = clause if tok.dep_ != "poss" and not tok.lower_.endswith("self") else set()
            names = resolve_pronoun(tok, found, [n for n in recent if n not in others],
                                    [n for n in before if n not in clause], subjects,
                                    _clause_subject(tok, refs) if tok.dep_ == "poss" else None)
            if not names and found.last_toy and tok.lower_ in TOY_PRONOUNS:
                toy_at[tok.i] = found.last_toy  # "Hoppy was her toy rabbit. The girl hugged him."
            if names:
                refs[tok.i] = names
                for n in names:
                    if n not in sf.present and not under_absent_verb(tok):
                        sf.present.append(n)
                    if n not in sf.mentioned:
                        sf.mentioned.append(n)
    _read_quotes(doc, sf, refs, speaker_before)
    for q in sf.quotes:
        if q.speaker and q.speaker not in sf.present:
            sf.present.append(q.speaker)
    read_places(doc, sf, found, refs)
    read_time_weather(doc, sf)
    read_actions_and_things(doc, sf, refs, found, toy_at)
    # the subject last: a pronoun in the next sentence most often continues with it
    subjects = [refs[t.i][0] for t in doc if is_subject(t) and refs.get(t.i)]
    recent.extend(n for n in sf.mentioned if n in sf.present and n not in subjects)
    # of conjoined subjects the first is the one the story is about ("Tom and his dad ... He")
    recent.extend(n for n in reversed(subjects) if n in sf.present)
    return sf


def _clause_subject(tok, refs: dict[int, list[str]]) -> str | None:
    """The one of the cast who is the subject of the verb a word hangs on, if one is."""
    verb = tok.head
    while verb.pos_ not in ("VERB", "AUX") and verb.dep_ != "ROOT":  # spaCy makes a new Token at each .head: no `is`
        verb = verb.head
    return next((refs[c.i][0] for c in verb.children if is_subject(c) and len(refs.get(c.i, [])) == 1), None)


def _read_quotes(doc, sf: SentenceFacts, refs: dict[int, list[str]], speaker_before: str | None) -> None:
    quotes = [m.group(1).strip() for m in _QUOTE.finditer(doc.text)]
    if not quotes:
        return
    speaker = None
    for tok in doc:
        if tok.lemma_ in SPEECH_VERBS and tok.pos_ == "VERB" and not in_quote(tok):
            subj = [c for c in tok.children if is_subject(c)]
            if subj and refs.get(subj[0].i):
                speaker = refs[subj[0].i][0]
                break
    outside = _QUOTE.sub(" ", doc.text)
    if speaker is None and not re.search(r"[A-Za-z]", outside):
        speaker = speaker_before  # a quote standing alone: said by whoever the story was just about
    sf.quotes = [Quote(text=q, speaker=speaker) for q in quotes]
