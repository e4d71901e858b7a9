"""How fast the film's voice is, and how well a listener understands it: the voice's load time,
the seconds to speak about 10 s of narration, Whisper tiny.en's seconds to transcribe it and its
word error rate, then the measured median pitch, speed and WER of a few character voices.

    .venv/bin/python bench/speech_speed.py               # one thread, as the tests
    .venv/bin/python bench/speech_speed.py --threads 2
"""

from __future__ import annotations

import argparse
import time

# The default film's opening, about 10 s when spoken.
TEXT = ("Mia was a little girl with a yellow dress and short black hair. One sunny morning she flew "
        "her red diamond kite in the park with her dog Rex, a small brown dog.")
LINE = "I will look for my kite in the forest by the river."
CAST = [("narrator", None, None), ("man", "m", None), ("woman", "f", None), ("girl", "f", None),
        ("boy", "m", None), ("old man", "m", None), ("dog", "m", None), ("mouse", None, None), ("bear", "m", None)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    from animdirector.tools.speech import (NARRATOR, load_voice, median_pitch_hz, speak, transcribe, voice_for,
                                           word_error_rate)
    from animdirector.tools.speech.transcribe import load_whisper

    started = time.perf_counter()
    load_voice(args.threads)
    print(f"voice load (SHA-256 check, alignment patch, onnxruntime session): {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    load_whisper(args.threads)
    print(f"whisper tiny.en load: {time.perf_counter() - started:.2f} s")

    speak("Warm up.", NARRATOR, threads=args.threads)
    started = time.perf_counter()
    speech = speak(TEXT, NARRATOR, threads=args.threads)
    synth = time.perf_counter() - started
    print(f"synthesis: {speech.duration_s:.2f} s of speech in {synth:.2f} s on {args.threads} thread(s) "
          f"({synth / speech.duration_s * 10:.2f} s per 10 s; word times exact: {speech.words_exact})")
    started = time.perf_counter()
    heard = transcribe(speech.samples, speech.rate, threads=args.threads)
    listen = time.perf_counter() - started
    print(f"whisper: {listen:.2f} s for it ({listen / speech.duration_s * 10:.2f} s per 10 s)")
    print(f"WER {word_error_rate(TEXT, heard):.1%}: {' '.join(w.word for w in heard)}")

    print(f"\n{'voice':10} {'semitones':>9} {'expected':>9} {'measured':>9} {'length':>6} {'seconds':>7} {'WER':>5}")
    for i, (kind, sex, age) in enumerate(CAST):
        voice = voice_for(kind, sex, age, 0)
        line = speak(LINE, voice, threads=args.threads)
        wer = word_error_rate(LINE, transcribe(line.samples, line.rate, threads=args.threads))
        measured = median_pitch_hz(line.samples, line.rate)
        print(f"{kind:10} {voice.pitch_semitones:9.1f} {voice.expected_pitch_hz:7.0f}Hz {measured:7.0f}Hz "
              f"{voice.length_scale:6.2f} {line.duration_s:7.2f} {wer:5.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
