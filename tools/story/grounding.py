"""Grounding: every word of a story that names a place, a thing or a kind of character is mapped
to an item of the renderer's library by meaning, and what is drawn as something else says so.

A word the library lists (or lists as an alias) is exact. Other words are compared by meaning
with the library's words (all-MiniLM-L6-v2): above the category's threshold the nearest item is
used and recorded as a substitution ("town square -> street, 0.58"); below it, the caller's
fallback is used and recorded the same way, never silently."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from animdirector.tools.embedding import embed
from animdirector.tools.story.vocabulary import KIND_WORDS, PEOPLE_KINDS, PLACE_WORDS, PROP_WORDS

Category = Literal["place", "prop", "kind"]

# Cosine similarity above which the nearest library word stands for a story's word. Measured on 40
# places stories name and 26 abstract nouns: places score 0.5 to 0.84 ("train station"/street 0.50,
# "hillside"/meadow 0.78), most abstract nouns 0.37 to 0.6. The two overlap, so the reader only
# grounds a noun as a place after a preposition of place or motion ("in the ...", "to the ...").
# A place word nearer than this in meaning stands for the library place; below it, nothing
# (measured: wrong ones such as station -> bedroom, church -> sky, museum -> castle scored 0.53-0.59,
# right ones such as town square -> street, hilltop -> meadow 0.70 and more).
THRESHOLD: dict[str, float] = {"place": 0.6, "prop": 0.5, "kind": 0.5}


@dataclass(frozen=True)
class Grounding:
    word: str  # as the story says it ("town square")
    category: str
    item: str | None  # the library item drawn (None: nothing the library has; the caller decides)
    score: float  # 1.0 for a library word
    how: Literal["exact", "meaning", "fallback"]

    @property
    def substituted(self) -> bool:
        """Whether what is drawn is not what the word says."""
        return self.how != "exact"

    def note(self) -> str:
        """'square -> street, 0.61': how the report and transcript show a substitution."""
        return f"{self.word} -> {self.item or 'nothing'}, {self.score:.2f}"


def _library(category: Category) -> dict[str, str]:
    return {"place": PLACE_WORDS, "prop": PROP_WORDS, "kind": KIND_WORDS}[category]


# A word near a library place may still be no place at all ("the seat", "the paper", "the lunch"):
# it must be nearer to words for places than to words for things, people and events, by this much.
# Measured on 26 places and 22 other nouns stories put after "in" or "on": places +0.06 to +0.49
# (but "nest", "burrow"), the others -0.23 to +0.06.
PLACE_MARGIN = 0.04
_PLACE_WORDS_FOR = ("a place", "a building", "a room", "somewhere outdoors", "a location in a town")
_OTHER_WORDS_FOR = ("an object", "a thing", "a part of the body", "an event", "a feeling", "a person",
                    "a piece of furniture", "food")


def _is_a_place(vector) -> bool:
    places, others = embed(list(_PLACE_WORDS_FOR)), embed(list(_OTHER_WORDS_FOR))
    return float((places @ vector).max() - (others @ vector).max()) >= PLACE_MARGIN


@lru_cache(maxsize=None)
def _library_vectors(category: Category, exclude: frozenset[str]):
    words = [w for w, item in _library(category).items() if item not in exclude]
    vectors = embed([f"the {w}" for w in words])
    return words, vectors


def ground(word: str, category: Category, *, exclude: frozenset[str] = frozenset(),
           fallback: str | None = None) -> Grounding:
    """The library item for `word` ("swings" -> swing, "town square" -> street), never one of
    `exclude` (the sky, for someone who cannot fly); below the threshold, `fallback`."""
    library = _library(category)
    key = " ".join(word.lower().split())
    for form in (key, key[:-1] if key.endswith("s") else key, key[:-2] if key.endswith("es") else key):
        if form in library and library[form] in exclude:
            return Grounding(word, category, fallback, 1.0, "fallback")  # said plainly, and not allowed
        if form in library:
            return Grounding(word, category, library[form], 1.0, "exact")
    words, vectors = _library_vectors(category, exclude)
    query = embed([f"the {key}"])
    if query is None or vectors is None or not words:
        return Grounding(word, category, fallback, 0.0, "fallback")
    scores = vectors @ query[0]
    best = int(scores.argmax())
    score = float(scores[best])
    if score >= THRESHOLD[category] and (category != "place" or _is_a_place(query[0])):
        return Grounding(word, category, library[words[best]], round(score, 2), "meaning")
    return Grounding(word, category, fallback, round(score, 2), "fallback")


# Whether a word for someone names a person or an animal, by meaning: a job's word ("zookeeper",
# "lifeguard") sits near animals too, so an agent's ending tips it to a person when it is close.
_PERSON_WORDS_FOR = ("a person", "a grown-up", "a man", "a woman", "a child", "a worker", "someone's job")
_ANIMAL_WORDS_FOR = ("an animal", "a wild animal", "a pet", "a creature", "a sea creature", "an insect", "a bird")
_THING_WORDS_FOR = ("an object", "a thing", "a toy", "a plant", "a place", "the sky", "the weather", "food", "a tool")
# Endings of English words for a person by what they do ("zookeeper", "lifeguard", "fisherman",
# "dentist", "musician"); with -er and -or, of any agent ("baker", but also "spider"), so only a hint.
PERSON_ENDINGS = ("keeper", "guard", "man", "woman", "maker", "seller", "worker", "ist", "ian")
AGENT_ENDINGS = (*PERSON_ENDINGS, "er", "or")
AGENT_MARGIN = 0.1


def kind_of_word(word: str) -> str | None:
    """The library kind for the word the story names someone by: the kind word itself ("puppy":
    dog); for an animal the library has no kind for, the nearest animal kind ("giraffe": horse,
    "hedgehog": squirrel), never a person; None for a person it has no word for ("zookeeper"):
    their sex decides."""
    if word in KIND_WORDS:
        return KIND_WORDS[word]
    query = embed([f"the {word}"])
    if query is None:
        return None
    person = float((embed(list(_PERSON_WORDS_FOR)) @ query[0]).max())
    animal = float((embed(list(_ANIMAL_WORDS_FOR)) @ query[0]).max())
    thing = float((embed(list(_THING_WORDS_FOR)) @ query[0]).max())
    if animal <= max(person, thing) or (word.endswith(AGENT_ENDINGS) and animal - person < AGENT_MARGIN):
        return None
    words, vectors = _library_vectors("kind", frozenset(PEOPLE_KINDS))
    return KIND_WORDS[words[int((vectors @ query[0]).argmax())]]
