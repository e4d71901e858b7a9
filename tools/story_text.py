"""What code does reliably with a story's text: sentences, scene chunks, names."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘']?[A-Z0-9])")


# A full stop that ends a title, not a sentence ("Mr. Green").
_TITLE_END = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Mt)\.$")
# A quote's attribution after its closing mark belongs to the quote's sentence ('"Look!" Tom shouted.').
_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][a-z]+|he|she|they|it|the \w+|his \w+|her \w+)\s+(?:said|asked|shouted|cried|replied|answered|"
    r"called|whispered|yelled|exclaimed|laughed|giggled|squeaked|barked|sang|added|explained)\b", re.IGNORECASE)


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`, in order, whitespace collapsed."""
    flat = " ".join(text.split())
    out: list[str] = []
    for s in (s.strip() for s in _SENTENCE_END.split(flat) if s.strip()):
        if out and (_TITLE_END.search(out[-1]) or (out[-1][-1] in "\"”" and _ATTRIBUTION.match(s))):
            out[-1] = f"{out[-1]} {s}"
        else:
            out.append(s)
    return out


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


def split_long_parts(parts: list[str], max_words: int) -> list[str]:
    """Parts of more than `max_words` words split in two at the sentence boundary nearest their
    middle, until every part fits or is one sentence: a scene that speaks too long is hard to
    watch, and no sentence may be dropped to make it shorter."""
    out: list[str] = []
    todo = list(parts)
    while todo:
        part = todo.pop(0)
        sentences = split_sentences(part)
        if len(part.split()) <= max_words or len(sentences) < 2:
            out.append(part)
            continue
        counts = [len(s.split()) for s in sentences]
        half = sum(counts) / 2
        cut = min(range(1, len(sentences)), key=lambda i: abs(sum(counts[:i]) - half))
        todo[:0] = [" ".join(sentences[:cut]), " ".join(sentences[cut:])]
    return out


DETERMINER = r"(?:a|an|the|his|her|their|its|my|your|our|this|that|some)"  # before a thing or someone unnamed
