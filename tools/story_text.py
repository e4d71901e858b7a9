"""What code does reliably with a story's text: sentences, scene chunks, names."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Capitalised words that start sentences or are not names.
_NOT_NAMES = {
    "once", "one", "the", "a", "an", "he", "she", "they", "it", "i", "we", "you", "then", "but", "and", "so",
    "when", "after", "before", "every", "his", "her", "their", "there", "this", "that", "at", "in", "on", "as",
    "suddenly", "finally", "soon", "later", "now", "mom", "dad", "mum", "mommy", "daddy", "mama", "papa", "yes",
    "no", "oh", "wow", "thank", "thanks", "please", "hello", "hi", "let", "look", "what", "why", "how", "where",
    "who", "can", "do", "don't", "not", "all", "some", "sometimes", "today", "tomorrow", "yesterday", "if", "my",
    "your", "our", "from", "with", "for", "to", "of", "by", "was", "is", "are", "were", "be", "up", "out",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "god", "ok", "okay", "mr", "mrs", "ms", "miss", "dr", "sir",
}


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`, in order, whitespace collapsed."""
    flat = " ".join(text.split())
    return [s.strip() for s in _SENTENCE_END.split(flat) if s.strip()]


def whole_sentences(text: str, limit: int) -> str:
    """`text` without a sentence cut off at `limit` characters (a length-constrained model stops
    mid-word: "... found her kite. A"): its complete sentences, or "" when its only sentence was cut
    (the caller has a better line than "a man wearing."). Text shorter than the limit is returned as
    it is."""
    text = " ".join(text.split())
    if len(text) < limit - 1 or text[-1] in ".!?\"”’'":
        return text
    return " ".join(split_sentences(text)[:-1])


def chunk_story(text: str, n: int) -> list[str]:
    """Split the story into `n` consecutive chunks of whole sentences of similar length.

    With fewer sentences than `n`, some sentences are split at commas so every scene gets text.
    """
    sentences = split_sentences(text)
    if not sentences:
        return []
    while len(sentences) < n:
        longest = max(range(len(sentences)), key=lambda i: len(sentences[i]))
        parts = re.split(r",\s+", sentences[longest], maxsplit=1)
        if len(parts) < 2:
            break
        sentences[longest : longest + 1] = [parts[0] + ",", parts[1]]
    n = min(n, len(sentences))
    total = sum(len(s) for s in sentences)
    chunks: list[list[str]] = [[] for _ in range(n)]
    done = 0
    for i, s in enumerate(sentences):
        # Place each sentence by where its middle falls in the story, keeping every chunk non-empty.
        slot = min(n - 1, int((done + len(s) / 2) * n / total))
        slot = max(slot, n - (len(sentences) - i)) if len(sentences) - i <= n else slot
        done += len(s)
        chunks[slot].append(s)
    # Guarantee no empty chunk: borrow from the neighbour.
    for i in range(n):
        if not chunks[i]:
            donor = max(range(n), key=lambda j: len(chunks[j]))
            chunks[i].append(chunks[donor].pop(0 if donor > i else -1))
    return [" ".join(c) for c in chunks]


def find_names(text: str) -> list[str]:
    """Proper names in the story: capitalised words that are not sentence openers or common words,
    and words after 'named'/'called'. In order of first appearance."""
    names: list[str] = []
    for m in re.finditer(r"\b(?:named|called)\s+([A-Z][a-z]+)", text):
        names.append(m.group(1))
    lower_words = set(_WORD.findall(text.lower())) & set(w for w in _WORD.findall(text) if w.islower())
    for sentence in split_sentences(text):
        # A quotation opens a sentence of its own.
        sentence = re.sub(r"[\"“”‘]", " . ", sentence)
        words = [w for part in sentence.split(" . ") for w in ["."] + _WORD.findall(part)]
        for i, word in enumerate(words):
            if word.endswith(("'s", "’s")):
                word = word[:-2]
            if word == "." or not word or not word[0].isupper():
                continue
            if i > 0 and words[i - 1] == "." and text.count(word) < 2:
                continue  # a sentence opener counts only if it recurs (John ... John ...)
            if word.lower().strip("'’") in _NOT_NAMES or word.lower() in lower_words:
                continue  # a word also written in lower case is a common word, not a name
            if "'" in word or "’" in word:
                continue  # contractions: I'm, You're
            names.append(word)
    seen: list[str] = []
    for n in names:
        if n not in seen and len(n) > 1:
            seen.append(n)
    return seen


DETERMINER = r"(?:a|an|the|his|her|their|its|my|your|our|this|that|some)"  # before a thing or someone unnamed


def named_things(text: str, nouns) -> dict[str, list[str]]:
    """The nouns (from `nouns`) the text names as things, each with the words that describe it where it
    is first named: "a big white drum" -> {"drum": ["big", "white"]}. A thing is named after a
    determiner and at most two describing words, so the verb in "she will present it" and the
    adjective in "he was present" are not a present. In order of first appearance."""
    found: list[tuple[int, str, list[str]]] = []
    for noun in nouns:
        words = r"\s+".join(re.escape(w) for w in noun.split())
        m = re.search(rf"\b{DETERMINER}\s+((?:[a-z]+\s+){{0,2}}?){words}(?![\w'’-])", text, re.IGNORECASE)
        if m:
            found.append((m.start(), noun, m.group(1).lower().split()))
    return {noun: described for _, noun, described in sorted(found)}
