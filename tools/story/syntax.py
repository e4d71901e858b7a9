"""What the dependency parse says of one token, as every part of the reader asks it: is it a subject,
inside a quote, negated; the noun phrase it heads."""

from __future__ import annotations


NOMINAL = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr", "oprd", "dative", "npadvmod", "poss", "ROOT"}

SUBJECTS = {"nsubj", "nsubjpass"}


# Prepositions of place and motion; the rest ("with", "of", "for") say nothing of where.
PLACE_PREPS = {"in": "at", "at": "at", "inside": "at", "on": "at", "near": "at", "by": "at", "under": "at",
               "through": "at", "around": "at", "across": "at", "along": "at", "behind": "at", "beside": "at",
               "to": "to", "into": "to", "toward": "to", "towards": "to", "onto": "to", "up": "to",
               "from": "from", "out": "from", "off": "from", "over": "at", "above": "at", "outside": "at",
               "between": "at", "past": "at"}

QUOTE_MARKS = {'"', "“", "”"}


def is_subject(tok) -> bool:
    """The subject of its verb. The small parser sometimes reads a name that opens a sentence as
    an adverbial ("Tim hugs his dog": Tim npadvmod): before a verb that has no subject, it is one."""
    if tok.dep_ in SUBJECTS:
        return True
    return (tok.dep_ == "npadvmod" and tok.pos_ == "PROPN" and tok.i < tok.head.i
            and not any(c.dep_ in SUBJECTS for c in tok.head.children))


def in_quote(tok) -> bool:
    text = tok.doc.text
    before = text[: tok.idx]
    return (before.count('"') + before.count("“") - before.count("”")) % 2 == 1


def is_negated(tok) -> bool:
    head = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    return any(c.dep_ == "neg" for c in head.children) or any(c.lower_ == "no" for c in tok.children)


def noun_phrase(tok) -> str:
    """'town square' for square with its compound; the lemma for one word."""
    parts = [c.lower_ for c in tok.lefts if c.dep_ == "compound"]
    return " ".join(parts + [tok.lower_])
