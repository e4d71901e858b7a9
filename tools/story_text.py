"""What code does reliably with a story's text: sentences, scene chunks, names."""

from __future__ import annotations

import re
from typing import Sequence

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
    balanced = not _open_quote(flat)  # a stray quote mark must not glue the rest of the story together
    out: list[str] = []
    for s in (s.strip() for s in _SENTENCE_END.split(flat) if s.strip()):
        if out and (_TITLE_END.search(out[-1]) or (out[-1][-1] in "\"”" and _ATTRIBUTION.match(s))
                    or (balanced and _open_quote(out[-1]))):  # '"Hoo! Hoo!"' is one thing said
            out[-1] = f"{out[-1]} {s}"
        else:
            out.append(s)
    return out


def _open_quote(text: str) -> bool:
    """Whether `text` opens a quote it does not close."""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”")


def chunk_story(text: str, n: int, breaks: Sequence[float] | None = None) -> list[str]:
    """Split the story into `n` consecutive chunks of whole sentences, of similar length and cut
    where the story itself moves on: `breaks[i]` (0..1) says how strongly sentence i starts
    something new (a paragraph, a new place or time: see `paragraph_starts` and the story reader's
    `scene_breaks`). Without breaks, the text's own paragraphs are the only ones.

    With fewer sentences than `n`, some sentences are split at commas so every scene gets text.
    """
    sentences = split_sentences(text)
    if not sentences:
        return []
    if breaks is None:
        starts = paragraph_starts(text)
        breaks = [1.0 if i in starts else 0.0 for i in range(len(sentences))]
    strength = list(breaks) if len(breaks) == len(sentences) else [0.0] * len(sentences)
    while len(sentences) < n:
        longest = max(range(len(sentences)), key=lambda i: len(sentences[i]))
        parts = re.split(r",\s+", sentences[longest], maxsplit=1)
        if len(parts) < 2:
            break
        sentences[longest : longest + 1] = [parts[0] + ",", parts[1]]
        strength[longest : longest + 1] = [strength[longest], 0.0]
    n = min(n, len(sentences))
    cuts = _best_cuts([len(s) for s in sentences], strength, n)
    return [" ".join(sentences[a:b]) for a, b in zip([0, *cuts], [*cuts, len(sentences)])]


# What a cut costs where the story does not move on, against how uneven the scenes get: a cut at a
# paragraph is free, so a scene may run up to about 1.5x the mean length to end where its paragraph does.
CUT_WEIGHT = 0.6


def _best_cuts(lengths: list[int], strength: list[float], n: int) -> list[int]:
    """The n-1 sentence indices to start chunks at, by dynamic programming over (squared relative
    deviation from the mean length) + CUT_WEIGHT * (1 - strength of the sentence cut before)."""
    m = len(lengths)
    mean = sum(lengths) / n
    prefix = [0]
    for length in lengths:
        prefix.append(prefix[-1] + length)

    def spread(a: int, b: int) -> float:
        return ((prefix[b] - prefix[a] - mean) / mean) ** 2

    inf = float("inf")
    # best[k][i]: cost of the first i sentences in k chunks; back[k][i]: where the last chunk starts
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for k in range(1, n + 1):
        for i in range(k, m - (n - k) + 1):
            for j in range(k - 1, i):
                if best[k - 1][j] == inf:
                    continue
                cut = CUT_WEIGHT * (1.0 - strength[j]) if j > 0 else 0.0
                cost = best[k - 1][j] + spread(j, i) + cut
                if cost < best[k][i] - 1e-12:
                    best[k][i], back[k][i] = cost, j
    cuts, i = [], m
    for k in range(n, 1, -1):
        i = back[k][i]
        cuts.append(i)
    return cuts[::-1]


def paragraph_starts(text: str) -> set[int]:
    """The indices (in `split_sentences(text)`) of the sentences that open a paragraph. A blank line
    always ends one; a single line break does only when no line of the text breaks mid-sentence,
    since a hard-wrapped text (a YAML block, an e-mail) breaks its lines anywhere."""
    if re.search(r"\n\s*\n", text):
        blocks = re.split(r"\n\s*\n", text)
    else:
        lines = [line for line in text.split("\n") if line.strip()]
        ends_sentence = [bool(re.search(r"[.!?][\"”’')]*\s*$", line)) for line in lines[:-1]]
        blocks = lines if all(ends_sentence) else [text]
    # where each paragraph and each sentence starts in the whitespace-collapsed text
    block_starts, at = set(), 0
    for block in blocks:
        words = " ".join(block.split())
        if words:
            block_starts.add(at)
            at += len(words) + 1
    flat, starts, at = " ".join(text.split()), set(), 0
    for i, sentence in enumerate(split_sentences(text)):
        at = flat.find(sentence, at)
        if i and at in block_starts:
            starts.add(i)
    return starts


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
