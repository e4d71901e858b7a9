"""The film's sound: clips placed on one timeline, summed, brought to -16 LUFS integrated
(pyloudnorm, ITU-R BS.1770) with peaks held below -1 dBFS, and muxed as AAC into the film's MP4
(PyAV) next to its H.264 picture, padded or trimmed to the picture's length so they stay in sync."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Sequence

import numpy as np

from animdirector.memory.artifacts import atomic_save

TARGET_LUFS = -16.0
CEILING_DBFS = -1.5  # under the -1 dBFS target with room for AAC's overshoot (the decoded film measured -0.9 at -1.0)
PEAK_LIMIT_DBFS = -1.0  # what the film's decoded sound must stay under (AAC's overshoot varies: checked after muxing)
# The limiter aims this far under the ceiling: its gain curve is smoothed, and peaks between
# samples (true peak) rise a little over the sample peaks it sees.
_LIMITER_MARGIN_DB = 0.3
_LOOKAHEAD_S = 0.005
AAC_RATE = 48_000  # what players expect of a film's AAC track


@dataclass
class Mix:
    """One mono track and what it measures."""

    samples: np.ndarray
    rate: int
    loudness_lufs: float     # integrated, BS.1770 (-inf for silence)
    true_peak_dbfs: float    # 4x oversampled peak
    sample_peak_dbfs: float

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate


def place(clips: Sequence[tuple[float, np.ndarray]], rate: int, duration_s: float | None = None) -> np.ndarray:
    """Each (start second, mono samples) clip put on one timeline and summed. The track lasts
    `duration_s` (clips past it are cut) or until the last clip ends."""
    ends = [int(round(start * rate)) + len(s) for start, s in clips]
    n = int(round(duration_s * rate)) if duration_s is not None else max(ends, default=0)
    track = np.zeros(n, dtype=np.float64)
    for start, samples in clips:
        if start < 0:
            raise ValueError(f"a clip starts before the film (at {start} s)")
        a = int(round(start * rate))
        piece = np.asarray(samples, dtype=np.float64).reshape(-1)[: max(0, n - a)]
        track[a:a + len(piece)] += piece
    return track.astype(np.float32)


def _db(x: float) -> float:
    return 20 * np.log10(x) if x > 0 else float("-inf")


def loudness_lufs(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS (-inf for silence or a track shorter than one 400 ms block)."""
    import pyloudnorm

    x = np.asarray(samples, dtype=np.float64)
    if len(x) < int(0.4 * rate) or not np.any(x):
        return float("-inf")
    return float(pyloudnorm.Meter(rate).integrated_loudness(x))


def _oversampled_peaks(samples: np.ndarray) -> np.ndarray:
    """Per sample, the largest magnitude among it and the 3 points a 4x oversampling puts after it."""
    from scipy.signal import resample_poly  # scipy comes with pyloudnorm

    x = np.asarray(samples, dtype=np.float64)
    up = np.abs(resample_poly(x, 4, 1))[: 4 * len(x)]
    up = np.pad(up, (0, 4 * len(x) - len(up)))
    return np.maximum(np.abs(x), up.reshape(-1, 4).max(axis=1))


def true_peak_dbfs(samples: np.ndarray) -> float:
    """The peak between samples too (4x oversampling, as BS.1770's true peak), in dBFS."""
    if len(samples) == 0:
        return float("-inf")
    return _db(float(_oversampled_peaks(samples).max()))


def limit(samples: np.ndarray, rate: int, ceiling_dbfs: float = CEILING_DBFS) -> np.ndarray:
    """Peaks brought under the ceiling by a look-ahead limiter: the gain each sample needs, its
    minimum over the look-ahead window either side, then averaged over half that window. Every
    value in the average is at most the gain its centre sample needs, so no peak passes."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    x = np.asarray(samples, dtype=np.float64)
    if len(x) == 0:
        return x.astype(np.float32)
    ceiling = 10 ** (ceiling_dbfs / 20)
    need = np.minimum(1.0, ceiling / np.maximum(_oversampled_peaks(x), 1e-12))
    if need.min() >= 1.0:
        return x.astype(np.float32)
    w = max(1, int(_LOOKAHEAD_S * rate))
    gain = uniform_filter1d(minimum_filter1d(need, size=2 * w + 1, mode="nearest"), size=w | 1, mode="nearest")
    return (x * gain).astype(np.float32)


def master(samples: np.ndarray, rate: int, target_lufs: float = TARGET_LUFS,
           ceiling_dbfs: float = CEILING_DBFS) -> Mix:
    """The track at `target_lufs` integrated, true peak under `ceiling_dbfs`. Limiting takes a
    little loudness away, so gain and limiter alternate until the loudness holds."""
    x = np.asarray(samples, dtype=np.float64)
    if loudness_lufs(x, rate) == float("-inf"):
        peak = float(np.max(np.abs(x))) if len(x) else 0.0
        return Mix(x.astype(np.float32), rate, float("-inf"), true_peak_dbfs(x), _db(peak))
    out = x
    for _ in range(4):
        gain_db = target_lufs - loudness_lufs(out, rate)
        out = limit(out * 10 ** (gain_db / 20), rate, ceiling_dbfs - _LIMITER_MARGIN_DB).astype(np.float64)
        if abs(loudness_lufs(out, rate) - target_lufs) < 0.1:
            break
    over = true_peak_dbfs(out) - ceiling_dbfs
    if over > -0.05:  # the smoothed gain let a peak through: lower all, the loudness barely moves
        out = out * 10 ** (-(over + 0.05) / 20)
    out32 = out.astype(np.float32)
    return Mix(out32, rate, loudness_lufs(out32, rate), true_peak_dbfs(out32), _db(float(np.max(np.abs(out32)))))


def mix(clips: Sequence[tuple[float, np.ndarray]], rate: int, duration_s: float | None = None,
        target_lufs: float = TARGET_LUFS, ceiling_dbfs: float = CEILING_DBFS) -> Mix:
    """`place` the clips, then `master` the track."""
    return master(place(clips, rate, duration_s), rate, target_lufs, ceiling_dbfs)


def _video_duration(path: Path) -> float:
    """The picture's length: where its last frame ends, from the packets (no decoding)."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        end = 0
        for packet in container.demux(stream):
            if packet.pts is not None:
                end = max(end, packet.pts + (packet.duration or 0))
        if end:
            return float(end * stream.time_base)
        if stream.duration is not None:
            return float(stream.duration * stream.time_base)
        return float(container.duration or 0) / 1_000_000


# The styles header the mov_text encoder needs (it reads the font and colours from it).
_ASS_HEADER = b"""[Script Info]
ScriptType: v4.00+

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, \
Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, \
MarginV, Encoding
Style: Default,Sans,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
"""


def mux_audio(video: Path | str, samples: np.ndarray | None, rate: int, out: Path | str | None = None,
              bitrate: int = 128_000, cues: Sequence[tuple[float, float, str]] = ()) -> Path:
    """`video` (an MP4 with an H.264 picture, copied as it is) with `samples` as its AAC sound
    (None: no sound) and `cues` (start_s, end_s, text) as a soft subtitle track (mov_text, the
    one MP4 players show), written to `out` (default: over `video`, atomically). The sound is
    padded with silence or cut to the picture's length, both start at zero, so they stay in sync."""
    video, out = Path(video), Path(out) if out is not None else Path(video)
    duration = _video_duration(video)
    n = int(round(duration * rate)) if samples is not None else 0
    track = np.asarray(samples if samples is not None else [], dtype=np.float32).reshape(-1)[:n]
    track = np.pad(track, (0, n - len(track)))
    pending = sorted((a, b, t) for a, b, t in cues if b > a and a < duration)
    atomic_save(out, lambda tmp: _mux(video, tmp, track, rate, n, bitrate, pending, duration, samples is not None))
    return out


def _mux(video: Path, tmp: Path, track: np.ndarray, rate: int, n: int, bitrate: int,
         pending: list[tuple[float, float, str]], duration: float, with_sound: bool) -> None:
    import av
    from av.subtitles.subtitle import SubtitleSet

    with av.open(str(video)) as src, av.open(str(tmp), mode="w", format="mp4",
                                             options={"movflags": "+faststart"}) as dst:
        vin = src.streams.video[0]
        vout = dst.add_stream_from_template(vin)
        aout = dst.add_stream("aac", rate=AAC_RATE, layout="mono") if with_sound else None
        if aout is not None:
            aout.bit_rate = bitrate
        sout = dst.add_stream("mov_text") if pending else None
        if sout is not None:
            sout.codec_context.subtitle_header = _ASS_HEADER
            sout.metadata["language"] = "eng"
            sout.time_base = Fraction(1, 1000)
        dst.start_encoding()
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=AAC_RATE)
        block = 1024 * max(rate, 1) // AAC_RATE * 4  # about 85 ms of input at a time
        sent = 0

        def feed(until_s: float) -> None:
            # Sound and words go in step with the picture, so the file interleaves them.
            nonlocal sent
            while pending and pending[0][0] <= until_s:
                a, b, text = pending.pop(0)
                start, end = round(a * 1000), round(min(b, duration) * 1000)
                dialogue = "0,0,Default,,0,0,0,," + text.replace("\n", "\\N")
                packet = sout.codec_context.encode_subtitle(
                    SubtitleSet.create(text=dialogue.encode("utf-8"), start=0, end=end - start, pts=start))
                packet.stream, packet.pts, packet.dts, packet.duration = sout, start, start, end - start
                dst.mux(packet)
            if aout is None:
                return
            stop = min(n, int(round(until_s * rate)))
            while sent < stop:
                piece = track[sent:min(stop, sent + block)]
                frame = av.AudioFrame.from_ndarray(piece[None, :], format="flt", layout="mono")
                frame.sample_rate = rate
                frame.pts = sent
                frame.time_base = Fraction(1, rate)
                for resampled in resampler.resample(frame):
                    dst.mux(aout.encode(resampled))
                sent += len(piece)

        for packet in src.demux(vin):
            if packet.dts is None:  # the demuxer's flush packet
                continue
            if packet.pts is not None:
                feed(float(packet.pts * vin.time_base) + 0.5)
            packet.stream = vout
            dst.mux(packet)
        feed(duration)
        if aout is not None:
            for resampled in resampler.resample(None):
                dst.mux(aout.encode(resampled))
            dst.mux(aout.encode(None))


def film_sound(film: Path | str) -> tuple[np.ndarray | None, int]:
    """The sound track of an MP4 as it plays (AAC decoded), float32 mono, and its rate (None, 0:
    no sound)."""
    import av

    with av.open(str(film)) as container:
        if not container.streams.audio:
            return None, 0
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=stream.rate)
        chunks = [f.to_ndarray().reshape(-1) for frame in container.decode(stream) for f in resampler.resample(frame)]
        return np.concatenate(chunks).astype(np.float32), stream.rate


def mux_mastered(video: Path | str, sound: Mix, cues: Sequence[tuple[float, float, str]] = ()) -> Mix:
    """`mux_audio` with the peak checked as it plays: AAC's encoding overshoots the mastered peak
    by up to a decibel, so a film whose decoded peak passes PEAK_LIMIT_DBFS is muxed again, that
    much quieter (the loudness moves by the same small amount). Returns what the film carries."""
    samples, gain_db = sound.samples, 0.0
    for _ in range(4):  # the overshoot shrinks with the level, but not in proportion
        mux_audio(video, samples, sound.rate, cues=cues)
        decoded, _ = film_sound(video)
        peak = true_peak_dbfs(decoded) if decoded is not None and len(decoded) else float("-inf")
        if peak <= PEAK_LIMIT_DBFS:
            break
        gain_db += PEAK_LIMIT_DBFS - _LIMITER_MARGIN_DB - peak
        samples = (sound.samples * 10 ** (gain_db / 20)).astype(np.float32)
    loudness = sound.loudness_lufs if not gain_db else loudness_lufs(samples, sound.rate)
    return Mix(samples, sound.rate, loudness, peak, sound.sample_peak_dbfs + gain_db)
