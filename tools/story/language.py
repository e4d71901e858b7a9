"""Which language a story is in, and whether the story reader can read it.

The story reader (spaCy's en_core_web_sm) reads English only: a story in another language
comes out as a film of something else, with no word of warning. `check_readable` says so in
one sentence before any work is done; the production stops on it unless config.yaml says
``story.other_languages: model``.

Language identification is py3langid's (langid.py's naive Bayes over byte n-grams, about
140 languages, its model shipped inside the wheel): offline, deterministic, and its confidences
are normalised for the text's length, so a short text gets a low confidence instead of a
confident wrong guess. Framework-free: plain data in, plain data out.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)

PACKAGE = "py3langid==0.4.0"
ENGLISH = "en"

# When to stop. A wrong stop costs the user a film they could have had, so the check
# speaks only when it is sure:
# - A text mostly in letters outside the Latin script (Chinese, Japanese, Russian, Greek,
#   Arabic, ...) is not English whatever the confidence: the reader has nothing to read.
# - A text in Latin letters stops only with MIN_LETTERS letters, a confidence of
#   MIN_CONFIDENCE for the other language and under MAX_ENGLISH for English. Names and short
#   sentences ("Mia and Rex", "The end.") give the detector little to go on, and it answers
#   them with low confidences spread over many languages (Kikuyu 0.05 for "Mia and Rex");
#   English full of names can lean to an English-based creole (Nigerian Pidgin 0.5, English
#   0.2). On the project's English stories and the dev set (765 sentences) no English
#   sentence scored above 0.53 for another language, while two sentences of Spanish, French
#   or German score 0.8 to 1.0 for it and under 0.01 for English.
MIN_LETTERS = 20
MIN_CONFIDENCE = 0.8
MAX_ENGLISH = 0.05

NO_LANGUAGE = "zxx"  # py3langid's label for text without linguistic content


class StoryLanguageError(Exception):
    """A story in a language the story reader cannot read (config says stop), or no way to tell."""


@dataclass(frozen=True)
class LanguageGuess:
    """The language a text reads as: its code (ISO 639-1, else 639-3), English name and confidence 0..1."""

    code: str
    name: str
    confidence: float

    @property
    def is_english(self) -> bool:
        return self.code == ENGLISH

    def __str__(self) -> str:
        return f"{self.name} ({self.code}, {self.confidence:.2f})"


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's identifier with probabilities normalised to 0..1, loaded once (under a second)."""
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError as exc:
        raise StoryLanguageError(f"the story's language check needs the package {PACKAGE}: "
                                 f"pip install '{PACKAGE}'") from exc
    with _LOCK:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _guess(code: str, confidence: float) -> LanguageGuess:
    return LanguageGuess(code, language_name(code), round(float(confidence), 4))


def detect_language(text: str) -> LanguageGuess:
    """The language `text` most likely is, with the detector's confidence (deterministic)."""
    code, confidence = _identifier().classify(text)
    return _guess(code, confidence)


def _letters(text: str) -> tuple[int, int]:
    """(letters, letters in the Latin script) of `text`."""
    letters = latin = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if ch.isascii() or unicodedata.name(ch, "").startswith("LATIN"):
                latin += 1
    return letters, latin


def foreign_language(text: str) -> LanguageGuess | None:
    """The language `text` reads as when the story reader cannot read it, else None (English, or
    too little text to tell: see MIN_LETTERS, MIN_CONFIDENCE and MAX_ENGLISH)."""
    letters, latin = _letters(text)
    if not letters:
        return None
    if latin * 2 < letters:  # mostly another script: not English, whatever the confidence
        best = next(((c, p) for c, p in _identifier().rank(text) if c not in (ENGLISH, NO_LANGUAGE)), None)
        return _guess(*best) if best else None
    if letters < MIN_LETTERS:
        return None
    ranked = _identifier().rank(text)
    guess = _guess(*ranked[0])
    if guess.is_english or guess.code == NO_LANGUAGE or guess.confidence < MIN_CONFIDENCE:
        return None
    return guess if dict(ranked).get(ENGLISH, 0.0) < MAX_ENGLISH else None


def _not_english(guess: LanguageGuess) -> str:
    return f"This story reads as {guess}, and the story reader covers English only"


def _stop_message(guess: LanguageGuess) -> str:
    return (f"{_not_english(guess)}: translate it to English, or set story.other_languages: model in "
            "config.yaml to film it with the LLM's own reading (its facts are not checked).")


def check_readable(text: str) -> str | None:
    """One sentence saying why the story cannot be read and what to do, or None when it is English."""
    guess = foreign_language(text)
    return None if guess is None else _stop_message(guess)


def unchecked_note(text: str) -> str | None:
    """For the report: one sentence when the story's facts could not be checked, else None."""
    guess = foreign_language(text)
    if guess is None:
        return None
    return f"{_not_english(guess)}, so the film follows the LLM's own reading and its facts were not checked."


def require_readable(text: str, other_languages: str = "stop", *, source: str | None = None) -> LanguageGuess | None:
    """Stop (StoryLanguageError) on a story the reader cannot read when `other_languages` is "stop";
    with "model", log a warning and go on. Returns the foreign language found, or None for English.
    `source` (e.g. the scenario file) begins the message."""
    guess = foreign_language(text)
    if guess is None:
        return None
    where = f"{source}: " if source else ""
    if other_languages == "stop":
        raise StoryLanguageError(where + _stop_message(guess))
    log.warning("%s%s; story.other_languages is 'model', so the LLM reads it on its own and its facts "
                "are not checked.", where, _not_english(guess))
    return guess


def language_name(code: str) -> str:
    """'Spanish' for 'es' (langcodes' CLDR names; py3langid labels with ISO 639-1, else 639-3)."""
    import langcodes

    try:
        return langcodes.Language.get(code).display_name()
    except (ValueError, LookupError):
        return code
