"""The bundled critic's architecture: a tiny open_clip CLIP registered under its own name, and its tokenizer.

Why a custom architecture: no pretrained CLIP weights can be downloaded here, so the project trains its
own critic on its own renders. The renders are flat 16:9 pictures with a small vocabulary, so a
small convolutional image tower (timm's RegNetX-200MF, average-pooled, at 112x192 px) and a 3-layer
text transformer (2.8M parameters, 11.5 MB in float32) learn them in under an hour on two CPU cores.
A convolutional tower, because a ViT of this size trained from scratch on ten thousand pictures
plateaued without learning clothing colours and kinds (a 4-layer ViT, patch 16: 78% pairwise
phrase accuracy after 4000 steps; see weights/TRAINING.md for the current numbers).

The architecture is an ordinary open_clip model config (``weights/animdirector-critic-tiny.json``),
registered with ``open_clip.add_model_config`` so that ``open_clip.create_model(BUNDLED_ARCH)`` builds it.
Its text tower has a 512-word vocabulary instead of CLIP's 49k BPE tokens (the BPE embedding table
alone would be 6M parameters), so it comes with `WordTokenizer` instead of open_clip's SimpleTokenizer.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import torch

BUNDLED_ARCH = "animdirector-critic-tiny"
WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
ARCH_CONFIG_PATH = WEIGHTS_DIR / f"{BUNDLED_ARCH}.json"
BUNDLED_WEIGHTS = WEIGHTS_DIR / "critic.safetensors"
BUNDLED_META = WEIGHTS_DIR / "critic.json"

_register_lock = threading.Lock()
_registered = False


def register_bundled_arch() -> str:
    """Register the bundled architecture with open_clip (idempotent) and return its name."""
    global _registered
    import open_clip

    with _register_lock:
        if not _registered:
            open_clip.add_model_config(ARCH_CONFIG_PATH)
            _registered = True
    return BUNDLED_ARCH


def arch_config() -> dict:
    """The bundled architecture's open_clip model config (embed_dim, vision_cfg, text_cfg)."""
    return json.loads(ARCH_CONFIG_PATH.read_text(encoding="utf-8"))


# Spelling variants a writer or an LLM may use; the critic was trained on the right-hand forms.
_ALIASES = {
    "grey": "gray",
    "colour": "color",
    "coloured": "colored",
    "colours": "colors",
    "lefthand": "left",
    "righthand": "right",
}
_WORD = re.compile(r"[a-z]+")


def words_of(text: str) -> list[str]:
    """Lower-case words of `text`, with British/American spelling variants merged."""
    return [_ALIASES.get(w, w) for w in _WORD.findall(text.lower())]


class WordTokenizer:
    """Word-level tokenizer for the bundled critic's text tower.

    Ids: 0 pad, 1 unknown word, 2.. the vocabulary, then start and end of text as the two highest ids
    (open_clip's CLIP pools the text at the argmax token id, which must be the end-of-text token).
    """

    PAD, UNK = 0, 1

    def __init__(self, vocab: Sequence[str], vocab_size: int, context_length: int):
        if len(vocab) + 4 > vocab_size:
            raise ValueError(f"vocabulary of {len(vocab)} words does not fit the text tower's {vocab_size} ids")
        self.vocab = list(vocab)
        self.vocab_size = vocab_size
        self.context_length = context_length
        self.sot = vocab_size - 2
        self.eot = vocab_size - 1
        self._ids = {w: i + 2 for i, w in enumerate(self.vocab)}

    @staticmethod
    def build_vocab(texts: Iterable[str], extra_words: Iterable[str] = ()) -> list[str]:
        """All words in `texts` and `extra_words`, sorted (sorting keeps ids stable across runs)."""
        seen: set[str] = set()
        for text in texts:
            seen.update(words_of(text))
        for w in extra_words:
            seen.update(words_of(w))
        return sorted(seen)

    def unknown_words(self, text: str) -> list[str]:
        return [w for w in words_of(text) if w not in self._ids]

    def __call__(self, texts: str | Sequence[str]) -> torch.Tensor:
        if isinstance(texts, str):
            texts = [texts]
        out = torch.zeros(len(texts), self.context_length, dtype=torch.long)
        for row, text in enumerate(texts):
            ids = [self._ids.get(w, self.UNK) for w in words_of(text)][: self.context_length - 2]
            ids = [self.sot, *ids, self.eot]
            out[row, : len(ids)] = torch.tensor(ids, dtype=torch.long)
        return out
