"""The final cut: a film that decodes, with the frames, timings and cards a viewer relies on."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from animdirector.tools.film import (
    ClipSpec,
    FilmError,
    assemble_film,
    plan_overlaps,
    wrap_text,
    _font,
    _needs_cjk,
)

W, H, FPS = 256, 144, 16


def make_clip(path: Path, *, n_frames: int = 64, size=(W, H), fps: int = FPS, hue: int = 0) -> Path:
    """A coloured gradient with a white square moving left to right, H.264 like real clips."""
    w, h = size
    xx = np.linspace(0, 255, w, dtype=np.float32)[None, :]
    yy = np.linspace(0, 255, h, dtype=np.float32)[:, None]
    base = np.zeros((h, w, 3), np.uint8)
    base[..., hue % 3] = (xx * 0.5 + yy * 0.5).astype(np.uint8)
    base[..., (hue + 1) % 3] = 60
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.codec_context.thread_count = 1
        for i in range(n_frames):
            img = base.copy()
            x = int(i * (w - 24) / max(1, n_frames - 1))
            img[h // 3:h // 3 + 24, x:x + 24] = 255
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def decode(path: Path) -> tuple[list[np.ndarray], Fraction, tuple[int, int], str]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
        return frames, stream.average_rate, (stream.width, stream.height), stream.codec_context.name


def parse_srt(text: str) -> list[tuple[int, float, float, str]]:
    stamp = r"(\d\d):(\d\d):(\d\d),(\d\d\d)"
    cues = []
    for block in text.strip().split("\n\n"):
        lines = block.split("\n")
        index = int(lines[0])
        m = re.fullmatch(stamp + " --> " + stamp, lines[1])
        assert m, f"bad timing line {lines[1]!r}"
        g = [int(x) for x in m.groups()]
        start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
        end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        cues.append((index, start, end, "\n".join(lines[2:])))
    return cues


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("clips")
    return [make_clip(folder / f"scene{i}.mp4", hue=i) for i in range(3)]


def test_film_decodes_with_the_documented_frame_count(clips, tmp_path):
    specs = [ClipSpec(p, f"Line {i}: Mia finds the red kite.", i + 1) for i, p in enumerate(clips)]
    result = assemble_film(specs, title="The Lost Kite", out_dir=tmp_path, size=(W, H), fps=FPS,
                           transition_s=0.5, title_card_s=2.0, threads=1)
    frames, rate, size, codec = decode(result.film)
    title, x = round(2.0 * FPS), round(0.5 * FPS)
    expected = title + 3 * 64 - 3 * x  # title + clips - one overlap per join
    assert result.frame_count == expected == len(frames)
    assert rate == FPS and size == (W, H) and codec == "h264"
    assert result.duration_s == pytest.approx(expected / FPS)
    with av.open(str(result.film)) as container:
        assert container.streams.video[0].codec_context.pix_fmt == "yuv420p"
    # The film starts on the title card (warm paper) and shows the first clip after the fade.
    assert frames[0].mean() > 150
    first_clip_frame = title + 5  # well inside scene 1
    assert abs(frames[first_clip_frame].astype(int) - frames[0].astype(int)).mean() > 30
    for p in (result.srt, result.poster, result.storyboard):
        assert p.is_file() and p.stat().st_size > 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temp files left behind"


def test_overlaps_never_exceed_half_a_short_piece():
    assert plan_overlaps([32, 64, 64], 8) == [8, 8]
    assert plan_overlaps([32, 6, 64], 8) == [3, 3]
    assert plan_overlaps([32, 64], 0) == [0]


def test_srt_is_well_formed_increasing_and_inside_the_film(clips, tmp_path):
    long_line = "Mia runs across the meadow after the kite, " * 4
    specs = [ClipSpec(clips[0], "First.", 1), ClipSpec(clips[1], "", 2), ClipSpec(clips[2], long_line, 3)]
    result = assemble_film(specs, title="T", out_dir=tmp_path, size=(W, H), fps=FPS, threads=1)
    text = result.srt.read_text(encoding="utf-8")
    cues = parse_srt(text)
    # the empty subtitle has no cue; the long one is split into cues of at most 2 rows of 42
    # characters, never cutting a word, and together they say it all
    assert cues[0][3] == "First." and len(cues) == 3
    assert all(len(c[3].split("\n")) <= 2 and max(map(len, c[3].split("\n"))) <= 42 for c in cues)
    assert " ".join(c[3].replace("\n", " ") for c in cues[1:]) == " ".join(long_line.split())
    previous_end = 0.0
    for _, start, end, _ in cues:
        assert previous_end <= start < end <= result.duration_s + 1e-3
        previous_end = end
    # Scene 1 begins after the title card (in the middle of the crossfade into it).
    assert cues[0][1] == pytest.approx(2.0 - 0.4 / 2, abs=0.07)
    assert cues[-1][2] == pytest.approx(result.duration_s, abs=1e-3)


def test_burned_subtitles_change_the_bottom_only(clips, tmp_path):
    specs = [ClipSpec(clips[0], "Mia laughs — «voilà» 小猫 🐱 and the kite flies high over the hill", 1)]
    plain = assemble_film(specs, title="T", out_dir=tmp_path / "plain", size=(W, H), fps=FPS, threads=1)
    burned = assemble_film(specs, title="T", out_dir=tmp_path / "burned", size=(W, H), fps=FPS,
                           burn_subtitles=True, threads=1)
    a, _, _, _ = decode(plain.film)
    b, _, _, _ = decode(burned.film)
    assert len(a) == len(b)
    mid = len(a) - 20  # inside the scene, after the crossfade
    diff = np.abs(a[mid].astype(int) - b[mid].astype(int)).mean(axis=2)
    bottom, top = diff[int(H * 0.7):], diff[: int(H * 0.5)]
    assert bottom.mean() > 10, "no subtitle drawn in the bottom band"
    assert top.mean() < 2, "burned subtitles must stay in the bottom band"
    assert np.abs(a[0].astype(int) - b[0].astype(int)).mean() < 2, "the title card has no subtitle"


def test_failed_scene_becomes_a_card(clips, tmp_path):
    specs = [
        ClipSpec(clips[0], "One.", 1),
        ClipSpec(tmp_path / "missing.mp4", "Two.", 2, card_text="Scene 2 could not be animated: renderer crashed"),
        ClipSpec(clips[2], "Three.", 3),
    ]
    result = assemble_film(specs, title="Partial", out_dir=tmp_path / "out", size=(W, H), fps=FPS,
                           transition_s=0.25, threads=1)
    frames, _, _, _ = decode(result.film)
    title, x, card = 2 * FPS, 4, 3 * FPS
    assert result.frame_count == len(frames) == title + 64 + card + 64 - 3 * x
    start_card = title - x + 64 - x
    card_frame = frames[start_card + card // 2]
    # A card is still paper: no moving square, and it differs from the clips around it.
    assert card_frame.mean() > 150
    assert np.abs(card_frame.astype(int) - frames[start_card + card // 2 + 4].astype(int)).mean() < 2
    sheet = Image.open(result.storyboard)
    assert sheet.width > 3 * 320


def test_clip_at_other_size_and_rate_is_fitted(tmp_path):
    odd = make_clip(tmp_path / "odd.mp4", n_frames=24, size=(160, 160), fps=8)
    result = assemble_film([ClipSpec(odd, "Square.", 1)], title="Fit", out_dir=tmp_path / "o",
                           size=(W, H), fps=FPS, transition_s=0.25, threads=1)
    frames, rate, size, _ = decode(result.film)
    assert size == (W, H) and rate == FPS
    assert result.frame_count == len(frames) == 2 * FPS + 48 - 4


def test_missing_clip_without_card_is_a_clear_error(tmp_path):
    with pytest.raises(FilmError, match="scene 4.*missing.mp4"):
        assemble_film([ClipSpec(tmp_path / "missing.mp4", "x", 4)], title="T", out_dir=tmp_path,
                      size=(W, H), fps=FPS)
    with pytest.raises(FilmError, match="even"):
        assemble_film([], title="T", out_dir=tmp_path, size=(255, 144), fps=FPS)


def test_title_only_film_and_long_words_wrap(tmp_path):
    result = assemble_film([], title="Ein sehr langer Titel über Überraschungen " * 3, out_dir=tmp_path,
                           size=(W, H), fps=FPS, threads=1)
    assert result.frame_count == 2 * FPS
    font = _font(14)
    lines = wrap_text("a" * 200 + " short", font, 100, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 100 for line in lines)
    # CJK text asks for a CJK font (used when one is installed); other scripts stay on DejaVu.
    assert _needs_cjk("小猫 Mia") and _needs_cjk("토끼") and not _needs_cjk("voilà Ünïcødé Привет 🐱")
