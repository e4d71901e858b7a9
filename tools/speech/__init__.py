"""Speech: the narrator's and the characters' voices (Piper, coloured with pedalboard), the mixed
and muxed sound track, and the Whisper check of what a listener hears. Framework-free: nothing
here knows about agents, scenes or films."""

from animdirector.tools.speech.mix import (CEILING_DBFS, TARGET_LUFS, Mix, limit, loudness_lufs, master, mix,
                                           mux_audio, place, true_peak_dbfs)
from animdirector.tools.speech.pitch import median_pitch_hz
from animdirector.tools.speech.transcribe import Word, normalise, transcribe, word_error_rate
from animdirector.tools.speech.tts import SAMPLE_RATE, Speech, VoiceMissing, WordTiming, color, load_voice, speak
from animdirector.tools.speech.voice import NARRATOR, Voice, VoiceRequest, distinct_voices, voice_for

__all__ = ["CEILING_DBFS", "Mix", "NARRATOR", "SAMPLE_RATE", "Speech", "TARGET_LUFS", "Voice", "VoiceMissing",
           "VoiceRequest", "Word", "WordTiming", "color", "distinct_voices", "limit", "load_voice", "loudness_lufs",
           "master", "median_pitch_hz", "mix", "mux_audio", "normalise", "place", "speak", "transcribe",
           "true_peak_dbfs", "voice_for", "word_error_rate"]
