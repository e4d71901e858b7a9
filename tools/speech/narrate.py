"""A scene's speech: its lines spoken one after another, each in its speaker's voice, with the
subtitle cues timed to the words as they are spoken.

A cue is at most two rows of 42 characters (common subtitle practice), never holds the end of one
line and the start of the next, and is shown from its first word's start to its last word's end,
held on a little if the next cue is not yet due (a reader needs time).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

from animdirector.tools.speech.tts import SAMPLE_RATE, speak
from animdirector.tools.story_text import split_sentences
from animdirector.tools.speech.voice import Voice

LEAD_S = 0.3  # silence before the first line: the picture shows first
GAP_S = 0.35  # between two lines (another speaker takes a breath)
TAIL_S = 0.5  # after the last line, before the cut
CUE_WIDTH, CUE_ROWS = 42, 2
MIN_CUE_S = 1.0  # a cue shorter than this is held on (if the next one is not due yet)
LONG_SCENE_S = 30.0  # a scene whose speech runs past this is too long to watch: warned about
# Words that take about LONG_SCENE_S to say: the narrator says ~4 words a second, the slowest
# voice (an old man's, length scale 1.3) ~3.6 (measured on a 65-word story text); the script splits
# a longer scene before anything is made.
LONG_SCENE_WORDS = 100


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    text: str  # rows joined by a newline


@dataclass
class SceneSpeech:
    samples: np.ndarray  # float32 mono
    rate: int
    cues: list[Cue] = field(default_factory=list)
    lines: list[tuple[str, str]] = field(default_factory=list)  # (speaker, text) as spoken

    @property
    def duration_s(self) -> float:
        """How long the scene must last for all of it to be heard: the speech and its tail."""
        return len(self.samples) / self.rate + TAIL_S


def narrate(lines: Sequence[tuple[str, str, Voice]], threads: int = 1) -> SceneSpeech:
    """(speaker, text, voice) lines spoken in order, with cues timed to their words. A
    character's line shows in quotation marks, as the story writes it."""
    rate = SAMPLE_RATE
    pieces = [np.zeros(int(LEAD_S * rate), dtype=np.float32)]
    at = LEAD_S
    cues: list[Cue] = []
    for i, (speaker, text, voice) in enumerate(lines):
        if i:
            pieces.append(np.zeros(int(GAP_S * rate), dtype=np.float32))
            at += GAP_S
        speech = speak(text, voice, threads=threads)
        rate = speech.rate
        shown = f"“{text}”" if speaker != "Narrator" else text
        cues += _cues(shown, [(w.start_s + at, w.end_s + at) for w in speech.words], at, at + speech.duration_s)
        pieces.append(speech.samples)
        at += speech.duration_s
    samples = np.concatenate(pieces).astype(np.float32)
    return SceneSpeech(samples, rate, _held(cues, at + TAIL_S), [(s, t) for s, t, _ in lines])


def _cues(text: str, times: list[tuple[float, float]], start: float, end: float) -> list[Cue]:
    """The line's cues, each timed by the words it holds (by letters when the words' times are
    missing)."""
    groups = []
    for sentence in split_sentences(text):  # a cue never holds the end of one sentence and the next's start
        rows = _balanced_rows(sentence)
        groups += [rows[i:i + CUE_ROWS] for i in range(0, len(rows), CUE_ROWS)]
    rows = [r for g in groups for r in g]
    out, word = [], 0
    letters = max(1, sum(len(r) for r in rows))
    done = 0
    for group in groups:
        n = sum(len(r.split()) for r in group)
        if len(times) >= word + n > word:
            a, b = times[word][0], times[word + n - 1][1]
        else:  # spread over the line by letters
            size = sum(len(r) for r in group)
            a = start + (end - start) * done / letters
            b = start + (end - start) * (done + size) / letters
            done += size
        out.append(Cue(round(a, 3), round(b, 3), "\n".join(group)))
        word += n
    return out


def _balanced_rows(text: str) -> list[str]:
    """Rows of at most CUE_WIDTH characters, as even as the same number of cues allows (no cue
    of one or two words left over at the end of a line)."""
    def wrap(width: int) -> list[str]:
        return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)

    rows = wrap(CUE_WIDTH)
    cues = -(-len(rows) // CUE_ROWS)
    if cues == 1:
        return rows
    for width in range(CUE_WIDTH - 1, 15, -1):
        narrower = wrap(width)
        if -(-len(narrower) // CUE_ROWS) > cues or len(narrower) > cues * CUE_ROWS:
            break
        rows = narrower
    return rows


def _held(cues: list[Cue], end: float) -> list[Cue]:
    """Each cue held on to MIN_CUE_S where the next one leaves room."""
    out = []
    for i, c in enumerate(cues):
        limit = cues[i + 1].start_s if i + 1 < len(cues) else end
        out.append(Cue(c.start_s, round(max(c.end_s, min(c.start_s + MIN_CUE_S, limit)), 3), c.text))
    return out


def save_speech(speech: SceneSpeech, path: Path) -> Path:
    """The samples as a 16-bit WAV (written atomically); the cues go in the chat's messages."""
    import soundfile

    from animdirector.memory.artifacts import atomic_save

    return atomic_save(Path(path), lambda tmp: soundfile.write(str(tmp), speech.samples, speech.rate,
                                                                format="WAV", subtype="PCM_16"))


def load_speech(path: Path) -> tuple[np.ndarray, int]:
    import soundfile

    samples, rate = soundfile.read(str(path), dtype="float32")
    return samples, rate
