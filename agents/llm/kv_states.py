"""Saved KV-cache states, so agents taking turns on one model keep their prompt prefixes.

llama.cpp's context holds one token sequence. When the writer, then the critic, then the
writer again call the same model, each call shares only the chat template's first tokens
with the previous one, and the whole prompt is evaluated again: ~30 s for 1000 tokens on the
1.5B model. After each call the client saves the sequence's KV cells (~29 KB per token for the
1.5B model, ~12 KB for the 0.5B); before a call it restores the saved state sharing the
longest prefix with the new prompt, if that beats what the context already holds.

Why not llama-cpp-python's LlamaRAMCache: its states carry a copy of the logits of a whole
batch (512 x 151,936 floats = 311 MB for Qwen), which costs a second to save and restore; the
sequence state alone is the KV cells, copied in milliseconds.

Runs only on the client's worker thread (llama.cpp contexts are not thread-safe).
"""

from __future__ import annotations

import ctypes
import logging
from collections import OrderedDict
from dataclasses import dataclass

import llama_cpp
import numpy as np

log = logging.getLogger(__name__)

SEQ = 0  # llama-cpp-python's Llama uses sequence 0 only


@dataclass
class _Saved:
    tokens: np.ndarray
    data: ctypes.Array  # the sequence's KV cells, from llama_state_seq_get_data
    nbytes: int  # how much of `data` is used


def common_prefix(a: np.ndarray, b: np.ndarray) -> int:
    n = min(len(a), len(b))
    if n == 0:
        return 0
    diff = np.flatnonzero(a[:n] != b[:n])
    return int(diff[0]) if len(diff) else n


class KVStateCache:
    """Least-recently-used KV states of one `llama_cpp.Llama`, at most `capacity_bytes` in total.

    Args:
        capacity_bytes: memory for saved states (0 disables saving and restoring).
        min_tokens: contexts shorter than this are not worth saving.
        min_gain: restore only when a state shares this many more prompt tokens than the
            context already holds (restoring costs about as much as evaluating a few tokens).
    """

    def __init__(self, capacity_bytes: int, *, min_tokens: int = 128, min_gain: int = 32) -> None:
        self.capacity_bytes = capacity_bytes
        self.min_tokens = min_tokens
        self.min_gain = min_gain
        self._states: OrderedDict[int, _Saved] = OrderedDict()
        self._next_key = 0

    @property
    def nbytes(self) -> int:
        return sum(s.nbytes for s in self._states.values())

    def __len__(self) -> int:
        return len(self._states)

    def restore_best(self, llm: llama_cpp.Llama, prompt: list[int]) -> int:
        """Put the saved state sharing the longest prefix with `prompt` into the context.

        Returns how many prompt tokens the restored state covers (0: nothing restored).
        """
        if not self._states or self.capacity_bytes <= 0:
            return 0
        target = np.asarray(prompt, dtype=np.intc)
        current = common_prefix(llm.input_ids[: llm.n_tokens], target)
        best_key, best_len = None, 0
        for key, saved in self._states.items():
            length = common_prefix(saved.tokens, target)
            if length > best_len:
                best_key, best_len = key, length
        if best_key is None or best_len < current + self.min_gain:
            return 0
        saved = self._states[best_key]
        self._states.move_to_end(best_key)
        llm._ctx.kv_cache_seq_rm(SEQ, 0, -1)  # noqa: SLF001
        if llama_cpp.llama_state_seq_set_data(llm.ctx, saved.data, saved.nbytes, SEQ) == 0:
            log.warning("could not restore a saved KV state; evaluating the prompt instead")
            llm.reset()
            return 0
        n = len(saved.tokens)
        llm.input_ids[:n] = saved.tokens
        llm.n_tokens = n
        llm._requires_eval = True  # noqa: SLF001 - the logits are not restored: decode at least one token
        log.debug("restored a KV state of %d tokens (%d shared with the prompt)", n, best_len)
        return best_len

    def save(self, llm: llama_cpp.Llama) -> None:
        """Save the context's sequence, replacing saved states it extends."""
        n = llm.n_tokens
        if self.capacity_bytes <= 0 or n < self.min_tokens:
            return
        tokens = np.array(llm.input_ids[:n], dtype=np.intc)
        size = llama_cpp.llama_state_seq_get_size(llm.ctx, SEQ)
        if size > self.capacity_bytes:
            return
        data = (ctypes.c_uint8 * size)()
        written = llama_cpp.llama_state_seq_get_data(llm.ctx, data, size, SEQ)
        if written == 0 or written > size:
            log.warning("could not save the KV state (%d of %d bytes)", written, size)
            return
        # A state whose tokens are a prefix of these is covered by the new one.
        for key in [k for k, s in self._states.items() if common_prefix(s.tokens, tokens) == len(s.tokens)]:
            del self._states[key]
        self._states[self._next_key] = _Saved(tokens, data, written)
        self._next_key += 1
        while self.nbytes > self.capacity_bytes and len(self._states) > 1:
            self._states.popitem(last=False)
