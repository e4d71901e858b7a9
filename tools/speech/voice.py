"""Character voices made from the one bundled Piper voice (en_US-joe-medium, a low male voice):
each is a pitch shift, a formant shift, a speaking rate and a tone tilt, chosen from what the
character is (kind, sex, age). Plain data, so that a voice can be stored in the story bible and
sound the same in every scene and every version of a film."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Sequence

# The unshifted voice's median pitch, measured on speech (bench/speech_speed.py prints it).
BASE_PITCH_HZ = 91.0
# Where shifted speech still sounds like speech: lower, it creaks; higher, Rubber Band's formant
# keeping fails and a full formant shift is a cartoon that Whisper cannot follow (WER 0.7-1.0).
PITCH_RANGE = (-6.0, 18.0)
# A pitch shift keeps the formants for at most this much; the rest moves them too (see tts.color).
MAX_KEPT_FORMANT_SHIFT = 11.0
# Voices of one film lie at least this far apart: 2**(3.5/12) = 1.22, so the lower median is at
# most 82% of the higher one, a margin over the 15% the film asks for that survives measuring.
MIN_SEMITONES_APART = 3.5
# Pinned voices (the narrator, a scenario's `voice:`) barely move when others are spread.
_PINNED_WEIGHT = 1e6
_NARRATOR_WEIGHT = 20.0


@dataclass(frozen=True)
class Voice:
    """How to turn the base voice into one speaker's voice."""

    name: str = "narrator"
    pitch_semitones: float = 0.0    # the voice's pitch, up from the base voice
    length_scale: float = 1.0       # Piper's: above 1 speaks slower, below 1 quicker
    formant_semitones: float = 0.0  # the vocal tract's resonances: up sounds smaller (a child, a mouse)
    low_shelf_db: float = 0.0       # gain below ~250 Hz: a big chest booms
    high_shelf_db: float = 0.0      # gain above ~3 kHz: bright and crisp, or dull and thin

    @property
    def expected_pitch_hz(self) -> float:
        """The median pitch this voice should measure (pitch shifting keeps the intonation)."""
        return BASE_PITCH_HZ * 2 ** (self.pitch_semitones / 12)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Voice:
        """A voice from the story bible or a scenario's `voice:`; unknown keys are errors."""
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown voice keys {sorted(unknown)}; allowed: {sorted(known)}")
        return cls(**data)


NARRATOR = Voice(name="narrator", length_scale=1.05)

# (pitch semitones, length scale, formant semitones, low shelf dB, high shelf dB) per kind.
# People: a woman's voice sits about an octave over a man's, a child's higher still; the formant
# shift stays small, since a full one (as much as the pitch) turns speech into a cartoon.
_PEOPLE: dict[str, tuple[float, float, float, float, float]] = {
    "man": (2.0, 1.0, 0.0, 1.0, 0.0),
    "woman": (9.0, 1.0, 1.5, -2.0, 1.0),
    "boy": (11.0, 0.92, 2.5, -3.0, 1.5),
    "girl": (13.0, 0.92, 3.0, -3.0, 2.0),
    "old man": (-3.0, 1.3, 0.0, 0.0, -3.0),
    "old woman": (6.0, 1.25, 1.0, -2.0, -2.0),
    "baby": (15.0, 1.1, 4.0, -4.0, 2.0),
}
# Animals by body size: big ones low, slow and booming; small ones high, quick and bright.
# (Piper's length scale moves the duration less than in proportion: 1.25 is about 18% slower.)
_BIG = (-2.0, 1.15, -1.0, 4.0, -1.0)
_MEDIUM = (4.0, 1.0, 1.0, 0.0, 0.0)
_SMALL = (12.0, 0.82, 3.0, -4.0, 2.0)
_ANIMALS: dict[str, tuple[float, float, float, float, float]] = {
    **{k: _BIG for k in ("elephant", "bear", "horse", "cow", "lion", "tiger", "wolf")},
    **{k: _MEDIUM for k in ("dog", "cat", "fox", "pig", "sheep", "deer", "monkey", "penguin", "owl", "duck",
                            "chicken")},
    **{k: _SMALL for k in ("mouse", "squirrel", "rabbit", "bird", "frog", "fish")},
    "turtle": (0.0, 1.3, 0.0, 2.0, -2.0),  # a turtle is slow whatever its size
}
_FEMALE = {"f", "female", "woman", "girl", "she"}
_MALE = {"m", "male", "man", "boy", "he"}
_OLD = {"old", "elderly", "aged", "senior"}
_YOUNG = {"young", "child", "kid", "little", "baby"}
# A person noun plus an age is another person noun: the table already knows its voice.
_AGED_PEOPLE = {("man", "old"): "old man", ("woman", "old"): "old woman",
                ("man", "young"): "boy", ("woman", "young"): "girl"}


def _age_word(age: str | None) -> str | None:
    word = (age or "").strip().lower()
    if word in _OLD:
        return "old"
    if word in _YOUNG:
        return "young"
    return None


def _sex_word(sex: str | None) -> str | None:
    word = (sex or "").strip().lower()
    return "f" if word in _FEMALE else "m" if word in _MALE else None


def voice_for(kind: str, sex: str | None = None, age: str | None = None, index: int = 0,
              name: str | None = None) -> Voice:
    """The voice a character of this kind, sex ("f"/"m", or words) and age ("old"/"young"/None)
    would have. `index` (the character's place in the cast) varies the tone a little, so that two
    characters of one kind do not sound like one; `distinct_voices` then keeps their pitches apart.
    Kind "narrator" is the narrator's neutral voice."""
    kind = (kind or "").strip().lower()
    if kind == "narrator":
        return replace(NARRATOR, name=name or "narrator")
    sex_, age_ = _sex_word(sex), _age_word(age)
    kind = _AGED_PEOPLE.get((kind, age_), kind)
    if kind in _PEOPLE:
        pitch, length, formant, low, high = _PEOPLE[kind]
        aged = False  # the kind already says how old
    else:
        # An unknown kind speaks as a person of its sex, else as a medium-sized animal.
        if kind in _ANIMALS:
            pitch, length, formant, low, high = _ANIMALS[kind]
        elif sex_ is not None:
            pitch, length, formant, low, high = _PEOPLE["woman" if sex_ == "f" else "man"]
        else:
            pitch, length, formant, low, high = _MEDIUM
        if kind in _ANIMALS and sex_ == "f":
            pitch, formant, high = pitch + 4.0, formant + 1.0, high + 1.0
        aged = True
    if aged and age_ == "old":
        pitch, length, high = pitch - 2.0, length * 1.15, high - 2.0
    elif aged and age_ == "young":
        pitch, length, formant = pitch + 3.0, length * 0.95, formant + 1.0
    # Small, fixed variations by cast place: tone and pace, never enough to change the character.
    tilt = (0.0, 1.5, -1.5, 3.0, -3.0)[index % 5]
    pace = (1.0, 1.03, 0.97, 1.06, 0.94)[index % 5]
    pitch = min(max(pitch, PITCH_RANGE[0]), PITCH_RANGE[1])
    return Voice(name=name or f"{kind or 'voice'} {index}", pitch_semitones=pitch,
                 length_scale=round(length * pace, 3), formant_semitones=_formant(pitch, formant),
                 low_shelf_db=low - tilt / 2, high_shelf_db=high + tilt)


def _formant(pitch: float, formant: float) -> float:
    return round(max(formant, pitch - MAX_KEPT_FORMANT_SHIFT), 2)


@dataclass(frozen=True)
class VoiceRequest:
    """One speaker of a film: the narrator (kind "narrator") or a character. `voice` pins a voice
    chosen elsewhere (a scenario's `voice:`, or one already in the story bible)."""

    name: str
    kind: str
    sex: str | None = None
    age: str | None = None
    voice: Voice | None = field(default=None)


def _spread(wanted: Sequence[float], weights: Sequence[float], gap: float) -> list[float]:
    """Pitches as close as possible (weighted least squares) to `wanted`, in the same order, each
    at least `gap` above the one below. Subtracting i*gap from the i-th turns the gaps into
    "non-decreasing", which pool-adjacent-violators solves exactly. Two pinned phantoms, one gap
    beyond each end of PITCH_RANGE, keep the voices inside it while they fit."""
    lo, hi = PITCH_RANGE
    wanted = [lo - gap, *wanted, hi + gap]
    weights = [_PINNED_WEIGHT, *weights, _PINNED_WEIGHT]
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    shifted = [wanted[i] - rank * gap for rank, i in enumerate(order)]
    blocks: list[list[float]] = []  # [mean, weight, count]
    for rank, i in enumerate(order):
        blocks.append([shifted[rank], weights[i], 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, n2 = blocks.pop()
            m1, w1, n1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    fitted = [m for m, _, n in blocks for _ in range(n)]
    out = [0.0] * len(wanted)
    for rank, i in enumerate(order):
        out[i] = round(fitted[rank] + rank * gap, 2)
    return out[1:-1]


def distinct_voices(requests: Sequence[VoiceRequest], gap: float = MIN_SEMITONES_APART) -> list[Voice]:
    """One voice per request, in order, whose pitches lie at least `gap` semitones apart, each as
    near as it can be to what its kind, sex and age ask for. Pinned voices and the narrator stay
    (almost) where they are; the others move around them."""
    base = [r.voice if r.voice is not None else voice_for(r.kind, r.sex, r.age, i, name=r.name)
            for i, r in enumerate(requests)]
    weights = [_PINNED_WEIGHT if r.voice is not None else _NARRATOR_WEIGHT if r.kind.strip().lower() == "narrator"
               else 1.0 for r in requests]
    pitches = _spread([v.pitch_semitones for v in base], weights, gap)
    out = []
    for v, p in zip(base, pitches):
        # A voice moved up or down takes its formants part of the way, so it still sounds natural.
        moved = p - v.pitch_semitones
        if abs(moved) < 0.01:
            out.append(v)
        else:
            out.append(replace(v, pitch_semitones=p, formant_semitones=_formant(p, v.formant_semitones + moved / 3)))
    return out
