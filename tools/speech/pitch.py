"""The median pitch of a voice, by autocorrelation: enough to tell voices apart and to check that
a voice sounds where it was put, without a pitch-tracking library."""

from __future__ import annotations

import numpy as np


def median_pitch_hz(samples: np.ndarray, rate: int, fmin: float = 50.0, fmax: float = 600.0) -> float:
    """Median fundamental frequency over the voiced 40 ms frames (NaN when none is voiced)."""
    x = np.asarray(samples, dtype=np.float64)
    frame, hop = int(0.04 * rate), int(0.01 * rate)
    lo, hi = int(rate / fmax), min(int(rate / fmin), frame - 1)
    if len(x) < frame or lo >= hi:
        return float("nan")
    window = np.hanning(frame)
    size = 2 * frame  # zero padding: the FFT's circular autocorrelation becomes a linear one
    # The window's own autocorrelation falls with the lag; dividing it out keeps long periods fair.
    window_ac = np.fft.irfft(np.abs(np.fft.rfft(window, size)) ** 2)[:frame]
    window_ac = window_ac / window_ac[0]
    loud = 0.3 * np.sqrt(np.mean(x ** 2))
    found = []
    for start in range(0, len(x) - frame, hop):
        f = x[start:start + frame]
        f = (f - f.mean()) * window
        if np.sqrt(np.mean(f ** 2)) < loud:  # silence and quiet consonants
            continue
        spec = np.fft.rfft(f, size)
        ac = np.fft.irfft(spec * np.conj(spec))[:frame]
        ac = ac / (ac[0] + 1e-12) / (window_ac + 1e-12)
        seg = ac[lo:hi]
        k = int(np.argmax(seg))
        if seg[k] < 0.5:  # not periodic enough to be voiced
            continue
        # Twice the period correlates about as well as the period: take the first lag that
        # nearly reaches the best, then climb to its own peak.
        k = int(np.nonzero(seg >= 0.9 * seg[k])[0][0])
        while k + 1 < len(seg) and seg[k + 1] > seg[k]:
            k += 1
        found.append(rate / (lo + k))
    return float(np.median(found)) if found else float("nan")
