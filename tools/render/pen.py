"""A supersampled drawing surface in local units (y up), and the style presets that colour it.

Pillow's ImageDraw does not antialias, so every sprite and plate is drawn at SS times its size
and reduced with premultiplied alpha (no dark fringes at transparent edges).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from PIL import Image, ImageDraw

from animdirector.tools.render.colours import RGB, mix, shade

Point = tuple[float, float]


@dataclass(frozen=True)
class Style:
    """A look: how fills are toned, and the colour and width of outlines."""

    name: str
    tint: RGB = (255, 255, 255)  # mixed into every fill by tint_amount
    tint_amount: float = 0.0
    saturation: float = 1.0
    outline_dark: float = 0.55  # outline = fill darkened to this factor (or outline_rgb)
    outline_rgb: RGB | None = None
    outline_width: float = 1.0  # relative
    shadow_rgb: RGB = (70, 50, 80)
    shadow_alpha: int = 70

    def fill(self, rgb: RGB) -> RGB:
        if self.saturation != 1.0:
            grey = sum(rgb) / 3
            rgb = tuple(int(max(0, min(255, grey + (c - grey) * self.saturation))) for c in rgb)  # type: ignore[assignment]
        if self.tint_amount:
            rgb = mix(rgb, self.tint, self.tint_amount)
        return rgb

    def outline(self, fill_rgb: RGB) -> RGB:
        if self.outline_rgb is not None:
            return self.outline_rgb
        return shade(fill_rgb, self.outline_dark)


STYLES: dict[str, Style] = {
    "storybook": Style("storybook", tint=(255, 244, 225), tint_amount=0.06, saturation=0.95, outline_dark=0.55),
    "night-pastel": Style(
        "night-pastel", tint=(250, 240, 255), tint_amount=0.24, saturation=1.05, outline_dark=0.62,
        outline_width=0.8, shadow_rgb=(90, 70, 130), shadow_alpha=60,
    ),
    "bold": Style(
        "bold", tint=(255, 255, 255), tint_amount=0.0, saturation=1.12, outline_rgb=(34, 28, 38),
        outline_width=1.5, shadow_rgb=(30, 20, 40), shadow_alpha=85,
    ),
}


def get_style(name: str) -> Style:
    try:
        return STYLES[name]
    except KeyError:
        raise ValueError(f"style {name!r} is not one of {', '.join(STYLES)}") from None


def downsample(img: Image.Image, factor: int) -> Image.Image:
    """Box-filter reduce by an integer factor; RGBA is premultiplied so edges stay clean."""
    if factor == 1:
        return img
    w, h = img.size
    w2, h2 = w // factor, h // factor
    img = img.crop((0, 0, w2 * factor, h2 * factor))
    if img.mode != "RGBA":
        return img.reduce(factor)
    # premultiplied alpha: transparent pixels must not darken the edges they are averaged into
    return img.convert("RGBa").reduce(factor).convert("RGBA")


class Pen:
    """Draws in local units: x right, y up, origin at (0, 0); `unit_px` pixels per unit after reduce."""

    def __init__(
        self, unit_px: float, extent: tuple[float, float, float, float], style: Style, ss: int = 3,
        outline_units: float = 0.012,
    ) -> None:
        xmin, xmax, ymin, ymax = extent
        self.ss = ss
        self.k = unit_px * ss
        self.style = style
        w = max(ss, int(math.ceil((xmax - xmin) * self.k / ss)) * ss)
        h = max(ss, int(math.ceil((ymax - ymin) * self.k / ss)) * ss)
        self.img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.img)
        self.ox = -xmin * self.k
        self.oy = ymax * self.k
        # Outlines scale with the drawing but never vanish on small sprites.
        self.ow = max(1.0 * ss, outline_units * self.k * style.outline_width)

    # -- coordinates -------------------------------------------------------------------------------
    def p(self, x: float, y: float) -> Point:
        return (self.ox + x * self.k, self.oy - y * self.k)

    def box(self, cx: float, cy: float, rx: float, ry: float) -> list[float]:
        x0, y0 = self.p(cx - rx, cy + ry)
        x1, y1 = self.p(cx + rx, cy - ry)
        return [x0, y0, x1, y1]

    def colours(self, rgb: RGB, outline: bool | RGB) -> tuple[tuple, tuple | None]:
        fill = self.style.fill(rgb)
        if outline is True:
            return fill, self.style.outline(fill)
        if outline is False or outline is None:
            return fill, None
        return fill, self.style.fill(outline)  # type: ignore[arg-type]

    # -- shapes ------------------------------------------------------------------------------------
    def ellipse(self, cx: float, cy: float, rx: float, ry: float, rgb: RGB, outline: bool | RGB = True,
                alpha: int = 255) -> None:
        fill, line = self.colours(rgb, outline)
        b = self.box(cx, cy, abs(rx), abs(ry))
        if line is not None:
            self.draw.ellipse(b, fill=line + (alpha,))
            o = self.ow
            if b[2] - b[0] > 2 * o and b[3] - b[1] > 2 * o:
                self.draw.ellipse([b[0] + o, b[1] + o, b[2] - o, b[3] - o], fill=fill + (alpha,))
        else:
            self.draw.ellipse(b, fill=fill + (alpha,))

    def circle(self, cx: float, cy: float, r: float, rgb: RGB, outline: bool | RGB = True, alpha: int = 255) -> None:
        self.ellipse(cx, cy, r, r, rgb, outline, alpha)

    def poly(self, pts: Sequence[Point], rgb: RGB, outline: bool | RGB = True, alpha: int = 255) -> None:
        fill, line = self.colours(rgb, outline)
        px = [self.p(x, y) for x, y in pts]
        self.draw.polygon(px, fill=fill + (alpha,))
        if line is not None:
            self.draw.line(px + [px[0]], fill=line + (alpha,), width=max(1, int(round(self.ow))), joint="curve")

    def limb(self, pts: Sequence[Point], width: float, rgb: RGB, outline: bool | RGB = True) -> None:
        """A thick stroke with round ends and joints (arms, legs, tails, poles)."""
        fill, line = self.colours(rgb, outline)
        px = [self.p(x, y) for x, y in pts]
        wpx = width * self.k
        if line is not None:
            self._stroke(px, wpx + 2 * self.ow, line)
        self._stroke(px, wpx, fill)

    def _stroke(self, px: list[Point], wpx: float, colour: tuple) -> None:
        r = wpx / 2
        if len(px) > 1:
            self.draw.line(px, fill=colour + (255,), width=max(1, int(round(wpx))), joint="curve")
        for x, y in (px[0], px[-1]):
            self.draw.ellipse([x - r, y - r, x + r, y + r], fill=colour + (255,))

    def line(self, pts: Sequence[Point], width: float, rgb: RGB, alpha: int = 255, raw: bool = False) -> None:
        """A plain line; width in units. raw=True skips the style's colour toning (for ink)."""
        colour = rgb if raw else self.style.fill(rgb)
        px = [self.p(x, y) for x, y in pts]
        self.draw.line(px, fill=tuple(colour) + (alpha,), width=max(1, int(round(width * self.k))), joint="curve")

    def rrect(self, x0: float, y0: float, x1: float, y1: float, r: float, rgb: RGB, outline: bool | RGB = True,
              alpha: int = 255) -> None:
        fill, line = self.colours(rgb, outline)
        a = self.p(min(x0, x1), max(y0, y1))
        b = self.p(max(x0, x1), min(y0, y1))
        rad = max(0, min(r * self.k, (b[0] - a[0]) / 2, (b[1] - a[1]) / 2))
        if line is not None:
            self.draw.rounded_rectangle([a, b], radius=rad, fill=line + (alpha,))
            o = self.ow
            if b[0] - a[0] > 2 * o and b[1] - a[1] > 2 * o:
                self.draw.rounded_rectangle([a[0] + o, a[1] + o, b[0] - o, b[1] - o], radius=max(0, rad - o),
                                            fill=fill + (alpha,))
        else:
            self.draw.rounded_rectangle([a, b], radius=rad, fill=fill + (alpha,))

    def arc(self, cx: float, cy: float, rx: float, ry: float, start: float, end: float, width: float,
            rgb: RGB, raw: bool = True) -> None:
        """An arc in math degrees (0 = +x, counter-clockwise) - for mouths, brows, smiles."""
        colour = rgb if raw else self.style.fill(rgb)
        pts = arc_points(cx, cy, rx, ry, start, end, 16)
        self.line(pts, width, colour, raw=True)

    def finish(self) -> Image.Image:
        return downsample(self.img, self.ss)


def arc_points(cx: float, cy: float, rx: float, ry: float, start: float, end: float, n: int = 24) -> list[Point]:
    """Points along an elliptical arc, math degrees (counter-clockwise from +x)."""
    out = []
    for i in range(n + 1):
        a = math.radians(start + (end - start) * i / n)
        out.append((cx + rx * math.cos(a), cy + ry * math.sin(a)))
    return out


def grade_lut(mul: tuple[float, float, float], add: tuple[float, float, float], alpha: bool) -> list[int]:
    """A Pillow point() table that multiplies and lifts each channel (time-of-day light)."""
    lut: list[int] = []
    for c in range(3):
        lut += [int(max(0, min(255, v * mul[c] + add[c]))) for v in range(256)]
    if alpha:
        lut += list(range(256))
    return lut
