"""The final cut: join scene clips into one film with a title card, crossfades and subtitles.

`assemble_film` reads each scene's H.264 clip with PyAV (or draws a plain card for a
scene that failed), joins the pieces with short crossfades after a title card, and
writes, each atomically (temp file in the same folder, then ``os.replace``):

- ``film.mp4``        H.264, yuv420p, ``faststart`` (plays in a browser's <video>)
- ``film.srt``        one cue per scene, timed to the cut
- ``poster.png``      the title over the middle frame of the first real scene
- ``storyboard.png``  a contact sheet: one thumbnail per scene, its number and subtitle

Frames stream through: only a crossfade's worth of frames is held in memory, so a long
film at a large size costs no more memory than a short one.

Plain Python (no AutoGen): a tool is a typed function that takes paths and returns paths.
"""

from __future__ import annotations

import logging
import math
import os
import re
import textwrap
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from animdirector.memory.artifacts import atomic_save, atomic_write_text, temp_path_for
from animdirector.tools.story_text import split_sentences

log = logging.getLogger(__name__)

FONT_REGULAR = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
FONT_SERIF_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")

RGB = tuple[int, int, int]


class FilmError(ValueError):
    """A clip or argument the final cut cannot use; the message names the scene and file."""


@dataclass(frozen=True)
class ClipSpec:
    """One scene of the film.

    path: the scene's H.264 mp4 (any length, any size: it is fitted to the film's size).
    subtitle: the scene's line; empty means no cue for this scene.
    scene_index: the scene's number as the script counts it (shown on cards and the storyboard).
    card_text: set for a scene that failed: a plain card with this text replaces the clip
        (``path`` is then not read and may not exist).
    card_s: how long such a card stays on screen, in seconds.
    speech: the scene's spoken words, a WAV file starting with the clip (None: silent).
    cues: subtitle cues (start_s, end_s, text) from the clip's start, timed to the speech; none:
        the subtitle is shown in cues timed by their length over the scene.
    """

    path: Path
    subtitle: str
    scene_index: int
    card_text: str | None = None
    card_s: float = 3.0
    speech: Path | None = None
    cues: tuple[tuple[float, float, str], ...] = ()


@dataclass(frozen=True)
class FilmResult:
    film: Path
    srt: Path
    poster: Path
    storyboard: Path
    duration_s: float
    frame_count: int
    vtt: Path | None = None  # the same cues for the report's <video> <track>
    loudness_lufs: float | None = None  # of the sound track (None: a silent film)
    true_peak_dbfs: float | None = None


@dataclass(frozen=True)
class _Palette:
    paper: RGB  # card background, top
    paper_low: RGB  # card background, bottom (vertical gradient)
    ink: RGB  # title text
    accent: RGB  # border and ornaments
    muted: RGB  # secondary text
    failed: RGB  # the tag on a failed scene's card


# The scenario's style presets (config.StylePreset); an unknown name falls back to storybook
# because the cut must not fail over a cosmetic choice.
PALETTES: dict[str, _Palette] = {
    "storybook": _Palette(
        paper=(253, 243, 222), paper_low=(246, 222, 186), ink=(92, 52, 28),
        accent=(214, 120, 72), muted=(140, 102, 74), failed=(190, 70, 60),
    ),
    "night-pastel": _Palette(
        paper=(48, 52, 92), paper_low=(28, 30, 60), ink=(250, 236, 214),
        accent=(244, 182, 194), muted=(200, 196, 226), failed=(244, 140, 140),
    ),
}


# --- fonts and text ------------------------------------------------------------------------------


# Fonts with CJK glyphs, used for a text that needs them (DejaVu has none); Debian: fonts-noto-cjk.
CJK_FONTS = {
    "regular": [Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
                Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
                Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")],
    "bold": [Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")],
    "title": [Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"),
              Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")],
}
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def _needs_cjk(text: str | None) -> bool:
    return bool(text) and _CJK.search(text) is not None


@lru_cache(maxsize=64)
def _font(size: int, kind: str = "regular", cjk: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu when Debian's fonts are installed (wide Unicode coverage), else Pillow's own font.

    cjk=True prefers an installed CJK font (it also covers Latin); without one, CJK characters
    are drawn as empty boxes rather than failing.
    """
    paths = {"regular": [FONT_REGULAR], "bold": [FONT_BOLD], "title": [FONT_SERIF_BOLD]}[kind]
    if cjk:
        paths = CJK_FONTS[kind] + CJK_FONTS["regular"] + paths
    for candidate in (*paths, FONT_REGULAR):
        if candidate.exists():
            try:
                return ImageFont.truetype(str(candidate), size)
            except OSError:  # a broken font file: try the next one
                log.warning("could not load font %s", candidate)
    return ImageFont.load_default(size=size)


def clean_text(text: str) -> str:
    """One line of printable text: control characters and newlines become spaces.

    Why: model text may carry tabs, newlines or stray control bytes that Pillow draws as boxes
    and that would break an SRT cue (a blank line ends a cue).
    """
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return re.sub(r"\s+", " ", text).strip()


def wrap_text(text: str, font, max_width: float, max_lines: int) -> list[str]:
    """Greedy word wrap by measured width; words longer than a line are broken; overflow gets '…'."""
    lines: list[str] = []
    current = ""
    for word in clean_text(text).split(" "):
        if not word:
            continue
        trial = f"{current} {word}".strip()
        if font.getlength(trial) <= max_width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = word
        while font.getlength(current) > max_width and len(current) > 1:  # a very long word
            cut = len(current)
            while cut > 1 and font.getlength(current[:cut]) > max_width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and font.getlength(last + "…") > max_width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def _line_height(font) -> int:
    ascent, descent = font.getmetrics()
    return ascent + descent


def _draw_centered_lines(draw: ImageDraw.ImageDraw, lines: list[str], font, center_x: float,
                         top: float, fill, *, stroke: int = 0, stroke_fill=None,
                         spacing: float = 1.15) -> float:
    """Draws lines centred on center_x from top; returns the y below the last line."""
    step = _line_height(font) * spacing
    y = top
    for line in lines:
        draw.text((center_x, y), line, font=font, fill=fill, anchor="ma",
                  stroke_width=stroke, stroke_fill=stroke_fill)
        y += step
    return y


# --- cards ---------------------------------------------------------------------------------------


def _paper(size: tuple[int, int], pal: _Palette) -> Image.Image:
    """A vertical gradient with a soft vignette: warmer than a flat fill, cheap to draw."""
    w, h = size
    t = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
    top = np.array(pal.paper, np.float32)
    low = np.array(pal.paper_low, np.float32)
    img = top * (1 - t) + low * t
    img = np.broadcast_to(img, (h, w, 3)).copy()
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r = np.sqrt(((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2)
    img *= (1.0 - 0.10 * np.clip(r - 0.6, 0, 1))[:, :, None]
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")


def _frame_border(draw: ImageDraw.ImageDraw, size: tuple[int, int], pal: _Palette) -> None:
    """A double rule with corner dots, like a picture book's page frame."""
    w, h = size
    m = max(6, round(min(w, h) * 0.05))
    lw = max(1, round(min(w, h) / 160))
    draw.rounded_rectangle([m, m, w - 1 - m, h - 1 - m], radius=m, outline=pal.accent, width=lw)
    m2 = m + 3 * lw + 2
    draw.rounded_rectangle([m2, m2, w - 1 - m2, h - 1 - m2], radius=max(1, m - 2),
                           outline=pal.accent, width=max(1, lw // 2))
    dot = max(2, lw * 2)
    for cx, cy in ((m, m), (w - 1 - m, m), (m, h - 1 - m), (w - 1 - m, h - 1 - m)):
        draw.ellipse([cx - dot, cy - dot, cx + dot, cy + dot], fill=pal.accent)


def title_card(title: str, size: tuple[int, int], style: str = "storybook") -> Image.Image:
    """The opening card: the title large and centred on warm paper inside a page frame."""
    pal = PALETTES.get(style, PALETTES["storybook"])
    w, h = size
    img = _paper(size, pal)
    draw = ImageDraw.Draw(img)
    _frame_border(draw, size, pal)
    font_px = max(12, round(h * 0.13))
    cjk = _needs_cjk(title)
    font = _font(font_px, "title", cjk)
    lines = wrap_text(title or "Untitled", font, w * 0.78, 3)
    while len(lines) > 2 and font_px > 12:  # long titles: smaller type before a third line
        font_px = max(12, round(font_px * 0.85))
        font = _font(font_px, "title", cjk)
        lines = wrap_text(title or "Untitled", font, w * 0.78, 3)
    block = _line_height(font) * 1.15 * len(lines)
    top = (h - block) / 2 - h * 0.04
    bottom = _draw_centered_lines(draw, lines, font, w / 2, top, pal.ink)
    # A small ornament under the title: a rule with a dot in the middle.
    y = bottom + h * 0.03
    half = w * 0.12
    lw = max(1, round(h / 200))
    draw.line([w / 2 - half, y, w / 2 - h * 0.03, y], fill=pal.accent, width=lw)
    draw.line([w / 2 + h * 0.03, y, w / 2 + half, y], fill=pal.accent, width=lw)
    r = max(2, round(h * 0.012))
    draw.ellipse([w / 2 - r, y - r, w / 2 + r, y + r], fill=pal.accent)
    return img


def failed_card(scene_index: int, text: str, size: tuple[int, int], style: str = "storybook") -> Image.Image:
    """A plain card standing in for a scene that could not be made: its number and why."""
    pal = PALETTES.get(style, PALETTES["storybook"])
    w, h = size
    img = _paper(size, pal)
    draw = ImageDraw.Draw(img)
    _frame_border(draw, size, pal)
    head = _font(max(11, round(h * 0.09)), "bold")
    body = _font(max(10, round(h * 0.06)), "regular", _needs_cjk(text))
    lines = wrap_text(text or "This scene could not be made.", body, w * 0.76, 4)
    head_h = _line_height(head) * 1.3
    block = head_h + _line_height(body) * 1.15 * len(lines)
    top = (h - block) / 2
    draw.text((w / 2, top), f"Scene {scene_index}", font=head, fill=pal.failed, anchor="ma")
    _draw_centered_lines(draw, lines, body, w / 2, top + head_h, pal.muted)
    return img


# --- subtitles burned into frames ----------------------------------------------------------------


@dataclass
class _Overlay:
    """A subtitle drawn once per scene and alpha-blended into each frame's bottom band."""

    top: int
    rgb: np.ndarray  # (band_h, w, 3) float32
    alpha: np.ndarray  # (band_h, w, 1) float32 in 0..1

    def apply(self, frame: np.ndarray) -> np.ndarray:
        out = frame.copy()
        band = out[self.top:self.top + self.rgb.shape[0]].astype(np.float32)
        band = band * (1.0 - self.alpha) + self.rgb * self.alpha
        out[self.top:self.top + self.rgb.shape[0]] = np.clip(band + 0.5, 0, 255).astype(np.uint8)
        return out


def subtitle_overlay(text: str, size: tuple[int, int]) -> _Overlay | None:
    """White text with a dark outline on a translucent rounded box, wrapped, bottom centre."""
    text = clean_text(text)
    if not text:
        return None
    w, h = size
    font = _font(max(11, round(h * 0.055)), "bold", _needs_cjk(text))
    lines = wrap_text(text, font, w * 0.86, 3)
    line_h = _line_height(font)
    stroke = max(1, round(line_h / 14))
    pad_x, pad_y = round(line_h * 0.5), round(line_h * 0.25)
    text_w = max(font.getlength(line) for line in lines)
    box_w = min(w - 4, text_w + 2 * pad_x + 2 * stroke)
    box_h = round(line_h * 1.1 * len(lines) + 2 * pad_y)
    margin = max(4, round(h * 0.04))
    top = max(0, h - margin - box_h)
    layer = Image.new("RGBA", (w, box_h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    x0 = (w - box_w) / 2
    draw.rounded_rectangle([x0, 0, x0 + box_w, box_h - 1], radius=round(line_h * 0.35),
                           fill=(20, 16, 12, 150))
    _draw_centered_lines(draw, lines, font, w / 2, pad_y, (255, 255, 255, 255),
                         stroke=stroke, stroke_fill=(0, 0, 0, 255), spacing=1.1)
    arr = np.asarray(layer, dtype=np.float32)
    band_h = min(box_h, h - top)
    return _Overlay(top=top, rgb=arr[:band_h, :, :3], alpha=arr[:band_h, :, 3:4] / 255.0)


# --- reading clips -------------------------------------------------------------------------------


def _fit(img: np.ndarray | Image.Image, size: tuple[int, int], pad: RGB) -> np.ndarray:
    """Scales to fit inside size keeping the aspect ratio, padding the rest (letterbox)."""
    pil = img if isinstance(img, Image.Image) else Image.fromarray(img)
    w, h = size
    if pil.size == (w, h):
        return np.asarray(pil.convert("RGB"))
    scale = min(w / pil.width, h / pil.height)
    nw, nh = max(1, round(pil.width * scale)), max(1, round(pil.height * scale))
    resized = pil.convert("RGB").resize((nw, nh), Image.Resampling.BILINEAR)
    if (nw, nh) == (w, h):
        return np.asarray(resized)
    canvas = Image.new("RGB", (w, h), pad)
    canvas.paste(resized, ((w - nw) // 2, (h - nh) // 2))
    return np.asarray(canvas)


def _probe_clip(path: Path, scene_index: int) -> tuple[int, Fraction]:
    """Counts a clip's video frames by demuxing (no decoding) and reads its frame rate."""
    if not path.is_file():
        raise FilmError(f"scene {scene_index}: clip {path} does not exist (set card_text for a failed scene)")
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise FilmError(f"scene {scene_index}: clip {path} has no video stream")
            stream = container.streams.video[0]
            rate = stream.average_rate or stream.base_rate or Fraction(24)
            count = sum(1 for packet in container.demux(stream) if packet.size)
    except av.FFmpegError as exc:
        raise FilmError(f"scene {scene_index}: clip {path} cannot be read: {exc}") from exc
    if count == 0:
        raise FilmError(f"scene {scene_index}: clip {path} has no frames")
    return count, Fraction(rate)


def _resampled_count(n_src: int, src_fps: Fraction, fps: int) -> int:
    """Frames a clip yields at the film's rate (same duration, nearest frames)."""
    if src_fps == fps:
        return n_src
    return max(1, round(n_src * fps / src_fps))


def _frames_to_say(speech: Path | None, fps: int) -> int:
    """Frames for all of a scene's speech to be heard, with its tail (0: no speech)."""
    if speech is None:
        return 0
    import soundfile

    from animdirector.tools.speech.narrate import TAIL_S

    return round((soundfile.info(str(speech)).duration + TAIL_S) * fps)


def _clip_frames(path: Path, n_out: int, n_src: int, src_fps: Fraction, fps: int,
                 size: tuple[int, int], pad: RGB, threads: int = 0) -> Iterator[np.ndarray]:
    """Decodes a clip and yields exactly n_out frames at the film's size and rate."""
    # Output frame k shows source frame floor(k * src_fps / fps): the nearest earlier frame.
    wanted = [min(n_src - 1, math.floor(k * src_fps / fps)) for k in range(n_out)]
    k = 0
    last: np.ndarray | None = None
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        if threads:
            stream.codec_context.thread_count = threads
        for src_i, frame in enumerate(container.decode(stream)):
            if k >= n_out:
                break
            if wanted[k] != src_i:
                continue
            last = _fit(frame.to_ndarray(format="rgb24"), size, pad)
            while k < n_out and wanted[k] == src_i:
                yield last
                k += 1
    # A stream shorter than its packet count (rare: packets without frames) repeats its last frame.
    while k < n_out and last is not None:
        yield last
        k += 1
    if last is None:
        raise FilmError(f"clip {path} decoded to no frames")


# --- the cut -------------------------------------------------------------------------------------


@dataclass
class _Segment:
    """One piece of the cut (title card or scene) with its length in film frames."""

    n_frames: int
    frames: Iterator[np.ndarray] | None  # filled lazily, right before the segment is used
    subtitle: str = ""
    scene_index: int | None = None
    failed: bool = False
    source: str = ""
    cues: tuple[tuple[float, float, str], ...] = ()  # from the segment's start, timed to its speech
    speech: Path | None = None
    start: int = 0  # first frame of the segment in the film
    overlap_in: int = 0
    overlap_out: int = 0
    middle: np.ndarray | None = field(default=None, repr=False)  # for poster and storyboard


def plan_overlaps(lengths: list[int], transition_frames: int) -> list[int]:
    """Frames shared by each pair of neighbouring segments.

    overlap_k = min(transition_frames, lengths[k] // 2, lengths[k+1] // 2): halving keeps a
    short segment from taking part in two crossfades longer than itself.
    """
    return [min(transition_frames, a // 2, b // 2) for a, b in zip(lengths, lengths[1:])]


def _atomic_target(path: Path) -> Path:
    """A temporary name beside `path`, created by whoever writes it, so it gets the umask's
    permissions (0644 under the usual 022: a film others on the machine can watch)."""
    return temp_path_for(path)


def _save_image_atomic(img: Image.Image, path: Path) -> None:
    atomic_save(path, lambda tmp: img.save(tmp, format="PNG", optimize=True))


def _write_text_atomic(text: str, path: Path) -> None:
    atomic_write_text(path, text)


def _still(img: Image.Image, n: int) -> Iterator[np.ndarray]:
    arr = np.asarray(img.convert("RGB"))
    for _ in range(n):
        yield arr


def assemble_film(
    clips: list[ClipSpec],
    *,
    title: str,
    out_dir: Path,
    size: tuple[int, int],
    fps: int,
    transition_s: float = 0.4,
    title_card_s: float = 2.0,
    burn_subtitles: bool = False,
    style: str = "storybook",
    threads: int = 0,
) -> FilmResult:
    """Joins scene clips into film.mp4 (+ film.srt, poster.png, storyboard.png) in out_dir.

    The cut is: title card, then each scene in the order given, neighbours joined by a
    crossfade. A crossfade overlaps the end of one piece with the start of the next, so

        frame_count = T + sum(n_i) - sum(overlap_k)

    where T = round(title_card_s * fps) is the title card, n_i the frames of scene i at the
    film's rate (a clip's own frame count when its rate equals fps; a failed scene's card
    has round(card_s * fps)), and there is one overlap per join (len(clips) joins, the first
    between the title card and scene 1) with
    overlap_k = min(round(transition_s * fps), len_k // 2, len_{k+1} // 2)
    (see `plan_overlaps`). With ordinary clips every overlap is X = round(transition_s * fps),
    so frame_count = T + sum(n_i) - len(clips) * X.

    Subtitles: scene i's cue runs from the middle of its incoming crossfade to the middle of
    its outgoing one (the last to the film's end), so cues never overlap. Burned subtitles
    are drawn on each scene's frames before the crossfade, so they fade with the picture.

    Args:
        clips: the scenes, in film order.
        title: the film's title (title card, poster, storyboard).
        out_dir: folder for the outputs (created if missing).
        size: (width, height) of the film; both even (H.264 yuv420p). Clips of another size
            are scaled to fit and letterboxed.
        fps: the film's frame rate; clips at another rate are resampled to nearest frames.
        transition_s: crossfade length (0 for hard cuts).
        title_card_s: how long the title card shows.
        burn_subtitles: also draw each scene's subtitle into its frames.
        style: "storybook" or "night-pastel" colours for cards (others fall back to storybook).
        threads: encoder/decoder threads (0 lets FFmpeg choose).
    """
    # 1. Check inputs.
    width, height = size
    if width <= 0 or height <= 0 or width % 2 or height % 2:
        raise FilmError(f"size {width}x{height}: width and height must be positive and even (H.264 yuv420p)")
    if fps <= 0:
        raise FilmError(f"fps {fps}: must be a positive integer")
    if transition_s < 0 or title_card_s <= 0:
        raise FilmError(f"transition_s={transition_s} must be >= 0 and title_card_s={title_card_s} > 0")
    if style not in PALETTES:
        log.info("style %r has no card colours; using storybook", style)
    pal = PALETTES.get(style, PALETTES["storybook"])
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    # 2. Plan the segments and their lengths (clips are probed, not decoded).
    segments = [_Segment(n_frames=max(1, round(title_card_s * fps)), frames=None, source="title")]
    probes: dict[int, tuple[int, Fraction]] = {}
    for i, clip in enumerate(clips):
        if clip.card_text is not None:
            n = max(1, round(clip.card_s * fps))
            segments.append(_Segment(n, None, clip.subtitle, clip.scene_index, failed=True, source="card"))
        else:
            n_src, src_fps = _probe_clip(Path(clip.path), clip.scene_index)
            probes[i] = (n_src, src_fps)
            # Words longer than the clip (its sound was made again alone) hold the clip's last frame.
            n = max(_resampled_count(n_src, src_fps, fps), _frames_to_say(clip.speech, fps))
            segments.append(_Segment(n, None, clip.subtitle, clip.scene_index, source=str(clip.path), cues=clip.cues,
                                     speech=clip.speech))
    overlaps = plan_overlaps([s.n_frames for s in segments], round(transition_s * fps))
    start = 0
    for k, seg in enumerate(segments):
        seg.overlap_in = overlaps[k - 1] if k > 0 else 0
        seg.overlap_out = overlaps[k] if k < len(overlaps) else 0
        start -= seg.overlap_in
        seg.start = start
        start += seg.n_frames
    frame_count = start
    film_cues = cues_of(segments, fps, frame_count)
    log.info("cutting %d scenes into %d frames (%.1f s) at %dx%d %d fps",
             len(clips), frame_count, frame_count / fps, width, height, fps)

    def open_segment(k: int) -> Iterator[np.ndarray]:
        """The frames of segment k, subtitles burned in when asked."""
        seg = segments[k]
        if k == 0:
            frames = _still(title_card(title, size, style), seg.n_frames)
        else:
            clip = clips[k - 1]
            if clip.card_text is not None:
                frames = _still(failed_card(clip.scene_index, clip.card_text, size, style), seg.n_frames)
            else:
                n_src, src_fps = probes[k - 1]
                frames = _clip_frames(Path(clip.path), seg.n_frames, n_src, src_fps, fps, size, pal.paper_low,
                                       threads)
        # burned in as the cues say: each cue while its words are heard (frames from the segment's start)
        shown = [(round(a * fps) + seg.start, round(b * fps) + seg.start, subtitle_overlay(text, size))
                 for a, b, text in (film_cues if burn_subtitles and k > 0 else [])
                 if seg.start <= a * fps < seg.start + seg.n_frames]
        mid = seg.n_frames // 2
        for j, frame in enumerate(frames):
            if j == mid:
                seg.middle = frame
            overlay = next((o for a, b, o in shown if a <= seg.start + j < b), None)
            yield overlay.apply(frame) if overlay is not None else frame

    def film_frames() -> Iterator[np.ndarray]:
        """Streams the cut: each segment's body, then its crossfade into the next."""
        current = open_segment(0)
        for k, seg in enumerate(segments):
            body = seg.n_frames - seg.overlap_in - seg.overlap_out
            for _ in range(body):
                yield next(current)
            if k + 1 == len(segments):
                break
            nxt = open_segment(k + 1)
            x = seg.overlap_out
            for j in range(x):
                alpha = (j + 1) / (x + 1)  # never fully either side: both pieces show in every frame
                a = next(current).astype(np.float32)
                b = next(nxt).astype(np.float32)
                yield (a * (1.0 - alpha) + b * alpha + 0.5).astype(np.uint8)
            for _ in current:  # lets the segment finish (records its middle frame if not yet)
                pass
            current = nxt
        for _ in current:
            pass

    # 3. Encode.
    film_path = out_dir / "film.mp4"
    tmp = _atomic_target(film_path)
    written = 0
    try:
        with av.open(str(tmp), mode="w", format="mp4", options={"movflags": "+faststart"}) as container:
            stream = container.add_stream("libx264", rate=fps)
            stream.width, stream.height = width, height
            stream.pix_fmt = "yuv420p"
            stream.time_base = Fraction(1, fps)
            stream.codec_context.options = {"crf": "20", "preset": "veryfast"}
            if threads:
                stream.codec_context.thread_count = threads
            for i, arr in enumerate(film_frames()):
                frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(arr), format="rgb24")
                frame.pts = i
                container.mux(stream.encode(frame))
                written += 1
            container.mux(stream.encode(None))
        os.replace(tmp, film_path)
    finally:
        tmp.unlink(missing_ok=True)
    if written != frame_count:  # a planning bug, not bad input
        raise RuntimeError(f"planned {frame_count} frames but wrote {written}")

    # 4. Sound: each scene's speech from the scene's first frame, mixed, loudness-normalised, muxed
    # with the subtitles as a soft track (shown by players that do not read the .srt).
    from animdirector.tools.speech.mix import mix, mux_audio, mux_mastered

    sound = None
    if any(seg.speech for seg in segments):
        from animdirector.tools.speech.narrate import load_speech

        placed, rate = [], 22_050
        for seg in segments:
            if seg.speech:
                samples, rate = load_speech(seg.speech)
                placed.append((seg.start / fps, samples))
        sound = mix(placed, rate, duration_s=frame_count / fps)
    if sound is not None:
        sound = mux_mastered(film_path, sound, cues=film_cues)
    elif film_cues:
        mux_audio(film_path, None, 0, cues=film_cues)

    # 5. Subtitles, as SubRip and WebVTT.
    srt_path, vtt_path = out_dir / "film.srt", out_dir / "film.vtt"
    write_subtitles(film_cues, srt_path, vtt_path)

    # 6. Poster and storyboard from the middle frames seen while encoding.
    poster_path = out_dir / "poster.png"
    first = next((s for s in segments[1:] if not s.failed and s.middle is not None), None)
    background = Image.fromarray(first.middle) if first else title_card("", size, style)
    _save_image_atomic(make_poster(title, background, style), poster_path)
    storyboard_path = out_dir / "storyboard.png"
    _save_image_atomic(make_storyboard(title, segments[1:], style), storyboard_path)

    return FilmResult(film=film_path, srt=srt_path, poster=poster_path, storyboard=storyboard_path,
                      duration_s=frame_count / fps, frame_count=frame_count, vtt=vtt_path,
                      loudness_lufs=sound.loudness_lufs if sound else None,
                      true_peak_dbfs=sound.true_peak_dbfs if sound else None)


def cues_of(segments: list[_Segment], fps: int, frame_count: int) -> list[tuple[float, float, str]]:
    """The film's subtitle cues (start_s, end_s, text). A scene with speech shows the cues timed to
    its words; a silent one shows its text in cues of at most two rows of 42 characters, each for a
    share of the scene's time that follows its length. A cue never runs into the next scene."""
    cues: list[tuple[float, float, str]] = []
    for seg in segments[1:]:
        first = seg.start + seg.overlap_in / 2
        last = min(seg.start + seg.n_frames - seg.overlap_out / 2, frame_count)
        if seg.cues:
            for a, b, text in seg.cues:
                a, b = seg.start + a * fps, min(seg.start + b * fps, last)
                if b > a:
                    cues.append((a / fps, b / fps, text))
            continue
        text = clean_text(seg.subtitle)
        if not text or last <= first:
            continue
        parts = subtitle_cues(text)
        weights = [sum(len(row) for row in cue) for cue in parts]
        at = first
        for cue, weight in zip(parts, weights):
            end = at + (last - first) * weight / sum(weights)
            cues.append((at / fps, end / fps, "\n".join(cue)))
            at = end
    return cues


def write_subtitles(cues: list[tuple[float, float, str]], srt: Path, vtt: Path) -> None:
    """The cues as a SubRip file and a WebVTT file (the report's <track>), each written atomically."""
    import pysubs2

    subs = pysubs2.SSAFile()
    for a, b, text in cues:
        event = pysubs2.SSAEvent(start=round(a * 1000), end=round(b * 1000))
        event.plaintext = text
        subs.append(event)
    for path, fmt in ((srt, "srt"), (vtt, "vtt")):
        _write_text_atomic(subs.to_string(fmt), path)


def subtitle_cues(text: str, width: int = 42, rows: int = 2) -> list[list[str]]:
    """`text` as subtitle cues of at most `rows` rows of `width` characters, as players and common
    subtitle practice expect: a cue never holds the end of one sentence and the start of the next
    when the sentence fills it, and words are never cut."""
    cues: list[list[str]] = []
    for sentence in split_sentences(text):
        wrapped = textwrap.wrap(sentence, width, break_long_words=False, break_on_hyphens=False)
        cues += [wrapped[i:i + rows] for i in range(0, len(wrapped), rows)]
    return cues


# --- poster and storyboard -----------------------------------------------------------------------


def make_poster(title: str, frame: Image.Image, style: str = "storybook") -> Image.Image:
    """The title in large outlined type over a scene frame darkened at the bottom."""
    pal = PALETTES.get(style, PALETTES["storybook"])
    # Posters are at least 960 px wide so the title is drawn sharp even for small films.
    scale = max(1.0, 960 / frame.width)
    w, h = round(frame.width * scale), round(frame.height * scale)
    img = frame.convert("RGB").resize((w, h), Image.Resampling.LANCZOS) if scale > 1 else frame.convert("RGB")
    arr = np.asarray(img, dtype=np.float32)
    t = np.clip((np.arange(h, dtype=np.float32) / h - 0.45) / 0.55, 0, 1)[:, None, None]
    arr = arr * (1 - 0.62 * t) + np.array([20, 12, 6], np.float32) * 0.62 * t
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    font_px = round(h * 0.13)
    cjk = _needs_cjk(title)
    font = _font(font_px, "title", cjk)
    lines = wrap_text(title or "Untitled", font, w * 0.86, 3)
    while len(lines) > 2 and font_px > 14:
        font_px = round(font_px * 0.85)
        font = _font(font_px, "title", cjk)
        lines = wrap_text(title or "Untitled", font, w * 0.86, 3)
    block = _line_height(font) * 1.12 * len(lines)
    top = h - h * 0.08 - block
    _draw_centered_lines(draw, lines, font, w / 2, top, (255, 248, 235), stroke=max(2, font_px // 16),
                         stroke_fill=(40, 22, 10), spacing=1.12)
    bar = max(3, round(h * 0.012))
    draw.rectangle([0, h - bar, w, h], fill=pal.accent)
    return img


def make_storyboard(title: str, segments: list[_Segment], style: str = "storybook") -> Image.Image:
    """A contact sheet: up to four thumbnails a row, each with its scene number and subtitle."""
    pal = PALETTES["storybook"]  # the sheet is a document: always the warm paper colours
    del style
    thumb_w = 320
    cols = max(1, min(4, len(segments)))
    rows = max(1, math.ceil(len(segments) / cols))
    first = next((s.middle for s in segments if s.middle is not None), None)
    aspect = (first.shape[0] / first.shape[1]) if first is not None else 9 / 16
    thumb_h = round(thumb_w * aspect)
    gap = 24
    cap_font = _font(15)
    num_font = _font(16, "bold")
    title_font = _font(30, "title", _needs_cjk(title))
    caption_lines = 3
    cap_h = 10 + _line_height(num_font) + 4 + round(_line_height(cap_font) * 1.15 * caption_lines)
    head_h = 78
    sheet_w = gap + cols * (thumb_w + gap)
    sheet_h = head_h + rows * (thumb_h + cap_h + gap) + gap // 2
    sheet = Image.new("RGB", (sheet_w, sheet_h), pal.paper)
    draw = ImageDraw.Draw(sheet)
    heading = wrap_text(title or "Untitled", title_font, sheet_w - 2 * gap, 1)
    draw.text((gap, 22), heading[0] if heading else "", font=title_font, fill=pal.ink)
    draw.line([gap, head_h - 12, sheet_w - gap, head_h - 12], fill=pal.accent, width=2)
    if not segments:
        draw.text((gap, head_h + 10), "No scenes.", font=cap_font, fill=pal.muted)
    for i, seg in enumerate(segments):
        r, c = divmod(i, cols)
        x = gap + c * (thumb_w + gap)
        y = head_h + r * (thumb_h + cap_h + gap)
        if seg.middle is not None:
            thumb = Image.fromarray(seg.middle).resize((thumb_w, thumb_h), Image.Resampling.LANCZOS)
        else:
            thumb = Image.new("RGB", (thumb_w, thumb_h), pal.paper_low)
        # A soft shadow and a white mount, like a photo pinned to the page.
        draw.rectangle([x + 3, y + 4, x + thumb_w + 3, y + thumb_h + 4], fill=(222, 200, 168))
        sheet.paste(thumb, (x, y))
        draw.rectangle([x, y, x + thumb_w - 1, y + thumb_h - 1], outline=(255, 255, 255), width=2)
        label = f"Scene {seg.scene_index}"
        ty = y + thumb_h + 10
        draw.text((x, ty), label, font=num_font, fill=pal.failed if seg.failed else pal.accent)
        if seg.failed:
            lx = x + num_font.getlength(label) + 8
            draw.text((lx, ty + 1), "(not made)", font=cap_font, fill=pal.failed)
        font = _font(15, "regular", True) if _needs_cjk(seg.subtitle) else cap_font
        lines = wrap_text(seg.subtitle, font, thumb_w, caption_lines)
        ly = ty + _line_height(num_font) + 4
        for line in lines:
            draw.text((x, ly), line, font=font, fill=pal.ink)
            ly += round(_line_height(cap_font) * 1.15)
    return sheet
