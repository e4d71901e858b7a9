"""The prop library: objects by noun, drawn in their colour, and a generic object for unknown nouns.

Each prop draws itself in units where its nominal height is 1.0, standing on y = 0. Sizes are
world units (a grown man is 1.0); small things are drawn larger than life so a reader sees them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from animdirector.tools.render.cache import ImageLRU, sprite_bytes
from animdirector.tools.render.characters import INK, WHITE, Sprite
from animdirector.tools.render.colours import RGB, mix, parse_colour, shade
from animdirector.tools.render.kinds import KIND_ALIASES, KINDS
from animdirector.tools.render.pen import Pen, arc_points, get_style
from animdirector.tools.render.scene import Prop

DrawFn = Callable[[Pen, RGB, str], None]


@dataclass(frozen=True)
class PropSpec:
    height: float  # world units
    colour: str
    draw: DrawFn
    width: float = 1.0  # half-width of the drawing extent, in its own units
    ground: bool = True  # stands on the floor (False: hangs or floats at its y)


def _star_pts(cx: float, cy: float, r: float, n: int = 5, inner: float = 0.45, rot: float = 90) -> list:
    pts = []
    for i in range(2 * n):
        a = math.radians(rot + i * 180 / n)
        rr = r if i % 2 == 0 else r * inner
        pts.append((cx + math.cos(a) * rr, cy + math.sin(a) * rr))
    return pts


def _heart_pts(cx: float, cy: float, r: float) -> list:
    pts = []
    for i in range(40):
        t = 2 * math.pi * i / 40
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        pts.append((cx + x * r / 17, cy + y * r / 17))
    return pts


# -- the drawings --------------------------------------------------------------------------------


def ball(p: Pen, c: RGB, shape: str) -> None:
    p.circle(0, 0.5, 0.5, c)
    p.arc(0, 0.5, 0.5, 0.22, 180, 360, 0.06, WHITE, raw=False)
    p.ellipse(-0.18, 0.7, 0.1, 0.07, mix(c, WHITE, 0.6), False)


def toy_car(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.5, 0.75, 0.35, 0.35, 0.12, c)
    p.poly([(-0.35, 0.75), (-0.25, 1.0), (0.15, 1.0), (0.3, 0.75)], shade(c, 0.9))
    p.poly([(-0.2, 0.93), (-0.1, 0.93), (-0.1, 0.78), (-0.27, 0.78)], (190, 225, 245), False)
    p.poly([(0.0, 0.93), (0.12, 0.93), (0.22, 0.78), (0.0, 0.78)], (190, 225, 245), False)
    p.rrect(-0.9, 0.7, 0.9, 0.22, 0.15, c)
    for x in (-0.5, 0.5):
        p.circle(x, 0.2, 0.2, (50, 50, 60))
        p.circle(x, 0.2, 0.08, (200, 200, 210), False)
    p.circle(0.82, 0.55, 0.06, (255, 230, 120), False)


def box(p: Pen, c: RGB, shape: str) -> None:
    p.poly([(-0.5, 0.0), (0.5, 0.0), (0.5, 0.8), (-0.5, 0.8)], c)
    p.poly([(-0.5, 0.8), (0.5, 0.8), (0.65, 1.0), (-0.35, 1.0)], shade(c, 1.15))
    p.poly([(0.5, 0.0), (0.65, 0.2), (0.65, 1.0), (0.5, 0.8)], shade(c, 0.8))


def present(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.5, 0.8, 0.5, 0.0, 0.04, c)
    p.rrect(-0.56, 0.88, 0.56, 0.7, 0.04, shade(c, 0.9))
    rib = (250, 215, 80) if sum(c) < 600 else (220, 60, 80)
    p.rrect(-0.08, 0.88, 0.08, 0.0, 0.0, rib)
    p.ellipse(-0.16, 0.96, 0.16, 0.09, rib)
    p.ellipse(0.16, 0.96, 0.16, 0.09, rib)


def book(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.35, 1.0, 0.4, 0.0, 0.05, (250, 245, 230))
    p.rrect(-0.42, 1.0, 0.32, 0.0, 0.06, c)
    p.rrect(-0.42, 1.0, -0.28, 0.0, 0.04, shade(c, 0.8))
    p.rrect(-0.15, 0.75, 0.2, 0.6, 0.02, shade(c, 1.3), False)


def diary(p: Pen, c: RGB, shape: str) -> None:
    book(p, c, shape)
    p.rrect(0.2, 0.6, 0.42, 0.42, 0.03, (230, 190, 60))
    _heart = _heart_pts(0.0, 0.45, 0.14)
    p.poly(_heart, shade(c, 1.35), False)


def letter(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.7, 1.0, 0.7, 0.0, 0.05, c)
    p.line([(-0.68, 0.98), (0, 0.45), (0.68, 0.98)], 0.05, shade(c, 0.7))
    p.circle(0, 0.45, 0.12, (200, 50, 60))


def hat(p: Pen, c: RGB, shape: str) -> None:
    p.ellipse(0, 0.15, 0.95, 0.15, c)
    p.rrect(-0.5, 1.0, 0.5, 0.15, 0.2, c)
    p.rrect(-0.5, 0.45, 0.5, 0.25, 0.0, shade(c, 0.7))


def shovel(p: Pen, c: RGB, shape: str) -> None:
    p.limb([(0, 0.3), (0, 1.0)], 0.07, (170, 120, 70))
    p.limb([(-0.12, 1.0), (0.12, 1.0)], 0.06, (170, 120, 70))
    p.poly([(-0.16, 0.35), (0.16, 0.35), (0.14, 0.1), (0, 0.0), (-0.14, 0.1)], c)


def bucket(p: Pen, c: RGB, shape: str) -> None:
    p.arc(0, 0.85, 0.42, 0.4, 0, 180, 0.05, (90, 90, 100))
    p.poly([(-0.5, 0.85), (0.5, 0.85), (0.38, 0.0), (-0.38, 0.0)], c)
    p.ellipse(0, 0.85, 0.5, 0.1, shade(c, 0.7))


def flower(p: Pen, c: RGB, shape: str) -> None:
    p.limb([(0, 0), (0.03, 0.35), (0, 0.7)], 0.06, (80, 160, 70))
    p.ellipse(0.15, 0.3, 0.14, 0.06, (90, 175, 80))
    for k in range(6):
        a = math.radians(90 + k * 60)
        p.circle(math.cos(a) * 0.16, 0.75 + math.sin(a) * 0.16, 0.12, c)
    p.circle(0, 0.75, 0.1, (250, 205, 60))


def tree(p: Pen, c: RGB, shape: str) -> None:
    trunk = (140, 95, 60)
    p.poly([(-0.09, 0), (0.09, 0), (0.06, 0.55), (-0.06, 0.55)], trunk)
    if shape in ("tall", "pointy", "triangle", "pine"):
        for k in range(3):
            y = 0.3 + k * 0.22
            p.poly([(-0.38 + k * 0.08, y), (0.38 - k * 0.08, y), (0, y + 0.42)], shade(c, 0.9 + 0.06 * k))
        return
    for (x, y, r) in ((-0.2, 0.6, 0.22), (0.2, 0.62, 0.22), (0, 0.8, 0.26), (-0.12, 0.78, 0.18), (0.14, 0.8, 0.18)):
        p.circle(x, y, r, c)
    p.ellipse(-0.06, 0.86, 0.12, 0.08, mix(c, WHITE, 0.25), False)


def cake(p: Pen, c: RGB, shape: str) -> None:
    p.ellipse(0, 0.05, 0.62, 0.08, (235, 235, 240))
    p.rrect(-0.5, 0.62, 0.5, 0.08, 0.06, (240, 215, 170))
    p.rrect(-0.52, 0.7, 0.52, 0.5, 0.1, c)
    for x in (-0.36, -0.12, 0.12, 0.36):
        p.circle(x, 0.48, 0.07, c, False)
    p.rrect(-0.04, 0.95, 0.04, 0.7, 0.02, (120, 180, 240))
    p.ellipse(0, 1.0, 0.04, 0.06, (255, 200, 60), False)


def kite(p: Pen, c: RGB, shape: str) -> None:
    p.line([(0, 0.45), (-0.2, 0.25), (0.1, 0.12), (-0.05, 0.0)], 0.015, (80, 80, 80))
    p.poly([(0, 1.0), (0.3, 0.72), (0, 0.42), (-0.3, 0.72)], c)
    p.line([(0, 1.0), (0, 0.42)], 0.02, shade(c, 0.6))
    p.line([(-0.3, 0.72), (0.3, 0.72)], 0.02, shade(c, 0.6))
    for k, (x, y) in enumerate(((-0.12, 0.3), (0.05, 0.17))):
        p.poly([(x, y), (x + 0.06, y + 0.04), (x + 0.06, y - 0.04)], (250, 210, 60) if k else (80, 160, 220))


def balloon(p: Pen, c: RGB, shape: str) -> None:
    p.line([(0, 0.62), (0.04, 0.4), (-0.03, 0.2), (0.0, 0.0)], 0.012, (90, 90, 90))
    p.ellipse(0, 0.82, 0.15, 0.18, c)
    p.poly([(-0.03, 0.63), (0.03, 0.63), (0, 0.66)], c)
    p.ellipse(-0.05, 0.88, 0.04, 0.06, mix(c, WHITE, 0.6), False)


def umbrella(p: Pen, c: RGB, shape: str) -> None:
    p.limb([(0, 0.9), (0, 0.1)], 0.04, (90, 70, 60))
    p.arc(-0.08, 0.12, 0.08, 0.08, 180, 360, 0.04, (90, 70, 60))
    pts = arc_points(0, 0.7, 0.6, 0.35, 0, 180, 20)
    scallop = [(0.6 - 0.3 * i, 0.7 + (0.0 if i % 2 == 0 else 0.06)) for i in range(5)]
    p.poly(pts + scallop[::-1][::-1][::-1], c)
    for x in (-0.3, 0, 0.3):
        p.line([(0, 1.05), (x, 0.72)], 0.015, shade(c, 0.7))


def chair(p: Pen, c: RGB, shape: str) -> None:
    for x in (-0.3, 0.25):
        p.limb([(x, 0.0), (x, 0.45)], 0.07, shade(c, 0.8))
    p.rrect(-0.38, 0.5, 0.35, 0.42, 0.03, c)
    p.limb([(-0.33, 0.5), (-0.33, 1.0)], 0.08, c)
    p.rrect(-0.38, 1.0, -0.25, 0.6, 0.03, c)
    p.rrect(-0.38, 0.95, 0.0, 0.82, 0.03, c)


def table(p: Pen, c: RGB, shape: str) -> None:
    for x in (-0.6, 0.6):
        p.limb([(x, 0.0), (x, 0.85)], 0.09, shade(c, 0.8))
    if shape == "round":
        p.ellipse(0, 0.9, 0.8, 0.12, c)
    else:
        p.rrect(-0.8, 1.0, 0.8, 0.82, 0.04, c)


def bed(p: Pen, c: RGB, shape: str) -> None:
    wood = (170, 115, 70)
    p.rrect(-1.0, 1.0, -0.85, 0.0, 0.05, wood)
    p.rrect(0.85, 0.7, 1.0, 0.0, 0.05, wood)
    p.rrect(-0.9, 0.55, 0.9, 0.25, 0.06, (250, 250, 245))
    p.ellipse(-0.6, 0.6, 0.2, 0.1, (250, 250, 250))
    p.rrect(-0.35, 0.62, 0.9, 0.2, 0.08, c)
    p.rrect(-0.35, 0.62, -0.2, 0.2, 0.03, mix(c, WHITE, 0.4), False)


def lamp(p: Pen, c: RGB, shape: str) -> None:
    p.ellipse(0, 0.03, 0.2, 0.05, (90, 80, 80))
    p.limb([(0, 0.05), (0, 0.75)], 0.04, (90, 80, 80))
    p.poly([(-0.22, 0.7), (0.22, 0.7), (0.14, 1.0), (-0.14, 1.0)], c)
    p.ellipse(0, 0.68, 0.3, 0.08, (255, 240, 170), False, alpha=110)


def door(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.4, 1.0, 0.4, 0.0, 0.05, shade(c, 0.75))
    p.rrect(-0.35, 0.96, 0.35, 0.0, 0.04, c)
    p.rrect(-0.28, 0.9, 0.28, 0.6, 0.03, shade(c, 0.9))
    p.rrect(-0.28, 0.5, 0.28, 0.1, 0.03, shade(c, 0.9))
    p.circle(0.24, 0.5, 0.035, (235, 190, 60))


def window(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.55, 1.0, 0.55, 0.0, 0.04, c)
    p.rrect(-0.47, 0.92, 0.47, 0.08, 0.02, (185, 225, 250))
    p.line([(0, 0.92), (0, 0.08)], 0.06, c)
    p.line([(-0.47, 0.5), (0.47, 0.5)], 0.06, c)
    p.ellipse(-0.25, 0.75, 0.1, 0.06, WHITE, False, alpha=120)


def swing(p: Pen, c: RGB, shape: str) -> None:
    wood = (150, 100, 65)
    p.limb([(-0.55, 0.0), (-0.42, 1.0)], 0.05, wood)
    p.limb([(0.55, 0.0), (0.42, 1.0)], 0.05, wood)
    p.limb([(-0.5, 1.0), (0.5, 1.0)], 0.06, wood)
    for x in (-0.18, 0.18):
        p.line([(x, 0.98), (x, 0.3)], 0.012, (90, 90, 90))
    p.rrect(-0.24, 0.32, 0.24, 0.26, 0.02, c)


def slide(p: Pen, c: RGB, shape: str) -> None:
    metal = (170, 175, 190)
    p.limb([(-0.5, 0.0), (-0.5, 0.75)], 0.04, metal)
    p.limb([(-0.3, 0.0), (-0.3, 0.75)], 0.04, metal)
    for k in range(5):
        p.line([(-0.5, 0.12 + k * 0.14), (-0.3, 0.12 + k * 0.14)], 0.025, metal)
    p.rrect(-0.55, 0.8, -0.2, 0.72, 0.02, c)
    p.poly([(-0.25, 0.8), (0.75, 0.04), (0.85, 0.04), (0.85, 0.1), (-0.2, 0.9)], c)
    p.limb([(-0.5, 0.98), (-0.5, 0.78)], 0.03, metal)


def rock(p: Pen, c: RGB, shape: str) -> None:
    pts = [(-0.6, 0.0), (-0.55, 0.45), (-0.2, 0.95), (0.25, 0.85), (0.6, 0.4), (0.65, 0.0)]
    p.poly(pts, c)
    p.ellipse(-0.15, 0.6, 0.15, 0.1, shade(c, 1.15), False)


def gem(p: Pen, c: RGB, shape: str) -> None:
    p.poly([(-0.5, 0.65), (-0.25, 1.0), (0.25, 1.0), (0.5, 0.65), (0, 0.0)], c)
    p.poly([(-0.25, 0.65), (0.25, 0.65), (0, 0.0)], shade(c, 1.25), False)
    p.line([(-0.5, 0.65), (0.5, 0.65)], 0.03, shade(c, 0.7))
    p.poly(_star_pts(0.3, 0.95, 0.12, 4, 0.3), WHITE, False)


def key(p: Pen, c: RGB, shape: str) -> None:
    p.arc(0, 0.75, 0.22, 0.22, 0, 360, 0.1, c, raw=False)
    p.limb([(0, 0.53), (0, 0.0)], 0.09, c)
    p.limb([(0, 0.1), (0.17, 0.1)], 0.07, c)
    p.limb([(0, 0.25), (0.13, 0.25)], 0.07, c)


def cup(p: Pen, c: RGB, shape: str) -> None:
    p.arc(0.45, 0.5, 0.22, 0.22, -90, 90, 0.09, c, raw=False)
    p.rrect(-0.45, 0.95, 0.45, 0.0, 0.12, c)
    p.ellipse(0, 0.92, 0.42, 0.06, (140, 90, 60), False)


def apple(p: Pen, c: RGB, shape: str) -> None:
    p.line([(0, 0.8), (0.06, 1.0)], 0.06, (110, 80, 50))
    p.ellipse(0.22, 0.93, 0.16, 0.08, (90, 170, 70))
    p.ellipse(-0.18, 0.42, 0.3, 0.4, c)
    p.ellipse(0.18, 0.42, 0.3, 0.4, c)
    p.ellipse(-0.22, 0.55, 0.07, 0.1, mix(c, WHITE, 0.5), False)


def bag(p: Pen, c: RGB, shape: str) -> None:
    """A soft bag with two handles: with a clasp it read as a briefcase."""
    for x in (-0.2, 0.2):
        p.arc(x, 0.7, 0.13, 0.28, 0, 180, 0.06, shade(c, 0.72), raw=False)
    p.poly([(-0.42, 0.74), (0.42, 0.74), (0.55, 0.08), (0.45, 0.0), (-0.45, 0.0), (-0.55, 0.08)], c)
    p.poly([(-0.42, 0.74), (0.42, 0.74), (0.44, 0.62), (-0.44, 0.62)], shade(c, 0.85))


def bike(p: Pen, c: RGB, shape: str) -> None:
    for x in (-0.6, 0.6):
        p.arc(x, 0.36, 0.34, 0.34, 0, 360, 0.06, (50, 50, 60))
        p.circle(x, 0.36, 0.05, (150, 150, 160), False)
    p.line([(-0.6, 0.36), (-0.1, 0.36), (0.3, 0.75), (-0.25, 0.75), (-0.6, 0.36)], 0.06, c)
    p.line([(-0.1, 0.36), (-0.25, 0.8)], 0.06, c)
    p.line([(0.6, 0.36), (0.35, 0.95)], 0.06, c)
    p.ellipse(-0.27, 0.84, 0.13, 0.04, (60, 50, 50))
    p.line([(0.28, 0.95), (0.45, 0.98)], 0.05, (60, 60, 70))


def boat(p: Pen, c: RGB, shape: str) -> None:
    p.limb([(0, 0.3), (0, 1.0)], 0.04, (120, 90, 60))
    p.poly([(0.03, 0.95), (0.5, 0.4), (0.03, 0.4)], (250, 250, 245))
    p.poly([(-0.75, 0.4), (0.75, 0.4), (0.5, 0.0), (-0.5, 0.0)], c)
    p.line([(-0.7, 0.32), (0.7, 0.32)], 0.04, shade(c, 1.3))


def drum(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.5, 0.8, 0.5, 0.05, 0.05, c)
    for k in range(5):
        x = -0.45 + k * 0.225
        p.line([(x, 0.78), (x + 0.11, 0.08)], 0.03, (250, 220, 120))
    p.ellipse(0, 0.8, 0.5, 0.12, (245, 240, 230))
    p.limb([(0.2, 0.95), (0.55, 1.05)], 0.04, (180, 130, 80))


def crown(p: Pen, c: RGB, shape: str) -> None:
    pts = [(-0.55, 0.0), (-0.6, 0.9), (-0.3, 0.45), (0, 1.0), (0.3, 0.45), (0.6, 0.9), (0.55, 0.0)]
    p.poly(pts, c)
    for x, col in ((-0.3, (220, 40, 70)), (0, (60, 120, 220)), (0.3, (60, 180, 100))):
        p.circle(x, 0.22, 0.08, col)


def star(p: Pen, c: RGB, shape: str) -> None:
    p.poly(_star_pts(0, 0.5, 0.52), c)
    p.ellipse(-0.08, 0.58, 0.06, 0.05, INK, False)
    p.ellipse(0.08, 0.58, 0.06, 0.05, INK, False)


def sandcastle(p: Pen, c: RGB, shape: str) -> None:
    for x in (-0.5, 0.5):
        p.rrect(x - 0.2, 0.7, x + 0.2, 0.0, 0.02, shade(c, 0.95))
        for k in (-1, 0, 1):
            p.rrect(x + k * 0.13 - 0.05, 0.8, x + k * 0.13 + 0.05, 0.68, 0.01, shade(c, 0.95))
    p.rrect(-0.32, 0.85, 0.32, 0.0, 0.02, c)
    p.rrect(-0.1, 0.3, 0.1, 0.0, 0.1, shade(c, 0.7))
    p.line([(0, 0.85), (0, 1.0)], 0.02, INK)
    p.poly([(0, 1.0), (0.16, 0.95), (0, 0.9)], (220, 60, 60))


def teddy_bear(p: Pen, c: RGB, shape: str) -> None:
    for x in (-0.22, 0.22):
        p.ellipse(x, 0.12, 0.15, 0.12, c)
    p.ellipse(0, 0.35, 0.3, 0.3, c)
    p.ellipse(0, 0.32, 0.16, 0.18, mix(c, WHITE, 0.45), False)
    for x in (-0.3, 0.3):
        p.ellipse(x, 0.42, 0.1, 0.16, c)
    for x in (-0.2, 0.2):
        p.circle(x, 0.95, 0.1, c)
    p.circle(0, 0.75, 0.25, c)
    p.ellipse(0, 0.68, 0.1, 0.07, mix(c, WHITE, 0.45), False)
    p.circle(0, 0.71, 0.035, INK, False)
    for x in (-0.09, 0.09):
        p.circle(x, 0.8, 0.03, INK, False)


def bench(p: Pen, c: RGB, shape: str) -> None:
    for x in (-0.8, 0.8):
        p.limb([(x, 0.0), (x, 0.5)], 0.07, (80, 80, 90))
    p.rrect(-1.0, 0.55, 1.0, 0.45, 0.03, c)
    p.rrect(-1.0, 1.0, 1.0, 0.88, 0.03, c)
    p.rrect(-1.0, 0.8, 1.0, 0.68, 0.03, c)


def basket(p: Pen, c: RGB, shape: str) -> None:
    p.arc(0, 0.6, 0.4, 0.4, 0, 180, 0.06, shade(c, 0.8))
    p.poly([(-0.55, 0.6), (0.55, 0.6), (0.42, 0.0), (-0.42, 0.0)], c)
    for k in range(3):
        p.line([(-0.5, 0.15 + k * 0.17), (0.5, 0.15 + k * 0.17)], 0.025, shade(c, 0.75))


def candle(p: Pen, c: RGB, shape: str) -> None:
    p.ellipse(0, 0.04, 0.3, 0.06, (200, 190, 170))
    p.rrect(-0.14, 0.72, 0.14, 0.04, 0.03, c)
    p.ellipse(0, 0.85, 0.07, 0.13, (255, 200, 60), False)
    p.ellipse(0, 0.83, 0.035, 0.07, (255, 250, 200), False)


def clock(p: Pen, c: RGB, shape: str) -> None:
    p.circle(0, 0.5, 0.5, c)
    p.circle(0, 0.5, 0.4, (250, 248, 240))
    p.line([(0, 0.5), (0, 0.78)], 0.04, INK)
    p.line([(0, 0.5), (0.18, 0.5)], 0.04, INK)


def egg(p: Pen, c: RGB, shape: str) -> None:
    p.ellipse(0, 0.45, 0.35, 0.45, c)
    p.ellipse(-0.1, 0.6, 0.07, 0.1, mix(c, WHITE, 0.6), False)


def carrot(p: Pen, c: RGB, shape: str) -> None:
    p.poly([(-0.15, 0.75), (0.15, 0.75), (0, 0.0)], c)
    for dx in (-0.08, 0, 0.08):
        p.limb([(0, 0.75), (dx * 2, 1.0)], 0.05, (90, 170, 70))


def cookie(p: Pen, c: RGB, shape: str) -> None:
    p.circle(0, 0.5, 0.5, c)
    for x, y in ((-0.2, 0.6), (0.15, 0.7), (0.1, 0.3), (-0.15, 0.3)):
        p.circle(x, y, 0.07, (90, 55, 35), False)


def house(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.7, 0.62, 0.7, 0.0, 0.02, c)
    p.poly([(-0.85, 0.6), (0, 1.0), (0.85, 0.6)], (190, 70, 60))
    p.rrect(-0.12, 0.35, 0.12, 0.0, 0.02, (140, 90, 60))
    for x in (-0.45, 0.45):
        p.rrect(x - 0.13, 0.48, x + 0.13, 0.25, 0.02, (250, 230, 150))


def sign(p: Pen, c: RGB, shape: str) -> None:
    p.limb([(0, 0.0), (0, 0.7)], 0.06, (140, 100, 60))
    p.rrect(-0.4, 1.0, 0.4, 0.65, 0.04, c)
    for k in range(2):
        p.line([(-0.28, 0.9 - k * 0.12), (0.28, 0.9 - k * 0.12)], 0.03, shade(c, 0.6))


def fence(p: Pen, c: RGB, shape: str) -> None:
    for k in range(5):
        x = -0.9 + k * 0.45
        p.poly([(x - 0.1, 0.0), (x + 0.1, 0.0), (x + 0.1, 0.85), (x, 1.0), (x - 0.1, 0.85)], c)
    p.rrect(-1.0, 0.7, 1.0, 0.6, 0.02, c)
    p.rrect(-1.0, 0.35, 1.0, 0.25, 0.02, c)


def map_(p: Pen, c: RGB, shape: str) -> None:
    p.poly([(-0.7, 0.0), (-0.25, 0.1), (0.25, 0.0), (0.7, 0.1), (0.7, 1.0), (0.25, 0.9), (-0.25, 1.0), (-0.7, 0.9)], c)
    p.line([(-0.5, 0.3), (-0.2, 0.5), (0.1, 0.4), (0.35, 0.65)], 0.03, (200, 60, 60))
    p.line([(0.3, 0.6), (0.4, 0.7)], 0.04, (200, 60, 60))
    p.line([(0.4, 0.6), (0.3, 0.7)], 0.04, (200, 60, 60))


def mushroom(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.15, 0.55, 0.15, 0.0, 0.08, (250, 240, 220))
    p.poly(arc_points(0, 0.5, 0.5, 0.5, 0, 180, 16), c)
    for x, y in ((-0.25, 0.7), (0.1, 0.85), (0.3, 0.62)):
        p.circle(x, y, 0.07, WHITE, False)


def pencil(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.1, 0.8, 0.1, 0.15, 0.01, c)
    p.poly([(-0.1, 0.15), (0.1, 0.15), (0, 0.0)], (240, 210, 160))
    p.rrect(-0.1, 0.92, 0.1, 0.8, 0.04, (240, 150, 160))


def bottle(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.25, 0.65, 0.25, 0.0, 0.1, c, alpha=230)
    p.rrect(-0.1, 0.95, 0.1, 0.6, 0.03, c, alpha=230)
    p.rrect(-0.12, 1.0, 0.12, 0.9, 0.02, (150, 100, 60))


def shell(p: Pen, c: RGB, shape: str) -> None:
    p.poly(arc_points(0, 0.1, 0.6, 0.85, 0, 180, 16), c)
    for x in (-0.3, 0, 0.3):
        p.line([(0, 0.1), (x * 1.5, 0.85)], 0.03, shade(c, 0.7))


def leaf(p: Pen, c: RGB, shape: str) -> None:
    p.poly(arc_points(0.25, 0.5, 0.6, 0.6, 120, 240, 10) + arc_points(-0.25, 0.5, 0.6, 0.6, -60, 60, 10), c)
    p.line([(0, 0.0), (0, 1.0)], 0.03, shade(c, 0.7))


def bone(p: Pen, c: RGB, shape: str) -> None:
    p.limb([(-0.6, 0.3), (0.6, 0.3)], 0.22, c)
    for x in (-0.7, 0.7):
        for y in (0.2, 0.42):
            p.circle(x, y, 0.14, c)


def wand(p: Pen, c: RGB, shape: str) -> None:
    p.limb([(0, 0.0), (0, 0.7)], 0.05, (60, 50, 60))
    p.poly(_star_pts(0, 0.8, 0.22), c)


def bush(p: Pen, c: RGB, shape: str) -> None:
    for x, y, r in ((-0.5, 0.35, 0.35), (0.5, 0.35, 0.35), (0, 0.55, 0.45), (-0.25, 0.3, 0.3), (0.25, 0.3, 0.3)):
        p.circle(x, y, r, c)


def pumpkin(p: Pen, c: RGB, shape: str) -> None:
    p.limb([(0, 0.8), (0.05, 1.0)], 0.08, (90, 130, 60))
    for x in (-0.35, 0.35, 0.0):
        p.ellipse(x, 0.42, 0.42, 0.42, c)


def snowman(p: Pen, c: RGB, shape: str) -> None:
    p.circle(0, 0.25, 0.26, (250, 250, 255))
    p.circle(0, 0.62, 0.19, (250, 250, 255))
    p.circle(0, 0.88, 0.13, (250, 250, 255))
    p.poly([(0, 0.87), (0.16, 0.85), (0, 0.83)], (245, 140, 40), False)
    for x in (-0.05, 0.05):
        p.circle(x, 0.92, 0.018, INK, False)
    p.rrect(-0.16, 0.78, 0.16, 0.72, 0.03, c)


def tent(p: Pen, c: RGB, shape: str) -> None:
    p.poly([(-0.9, 0.0), (0, 1.0), (0.9, 0.0)], c)
    p.poly([(-0.25, 0.0), (0, 0.55), (0.25, 0.0)], shade(c, 0.6))


def lantern(p: Pen, c: RGB, shape: str) -> None:
    p.arc(0, 0.85, 0.15, 0.15, 0, 180, 0.04, (60, 60, 70))
    p.rrect(-0.25, 0.85, 0.25, 0.0, 0.06, c)
    p.rrect(-0.17, 0.75, 0.17, 0.1, 0.04, (255, 230, 140))


def ladder(p: Pen, c: RGB, shape: str) -> None:
    for x in (-0.22, 0.22):
        p.limb([(x, 0.0), (x, 1.0)], 0.05, c)
    for k in range(6):
        p.line([(-0.22, 0.1 + k * 0.16), (0.22, 0.1 + k * 0.16)], 0.04, c)


def bowl(p: Pen, c: RGB, shape: str) -> None:
    p.poly(arc_points(0, 0.8, 0.7, 0.8, 180, 360, 16), c)
    p.ellipse(0, 0.8, 0.7, 0.12, shade(c, 0.8))


def car(p: Pen, c: RGB, shape: str) -> None:
    toy_car(p, c, shape)


# Props the development stories and our own named most often that the library lacked (measured:
# scissors, bridge, spoon, paper, train, bus, painting, brush, nest, yarn, feather, blanket, grill).


def paper(p: Pen, c: RGB, shape: str) -> None:
    p.poly([(-0.7, 0.0), (0.7, 0.0), (0.62, 1.0), (-0.78, 1.0)], c)
    for k in range(4):
        p.line([(-0.55, 0.8 - k * 0.18), (0.45, 0.8 - k * 0.18)], 0.03, shade(c, 0.8))


def painting(p: Pen, c: RGB, shape: str) -> None:
    """A framed picture: a sun over hills, so it never reads as a window."""
    frame = (170, 120, 60)
    p.rrect(-0.7, 1.0, 0.7, 0.0, 0.03, frame)
    p.rrect(-0.58, 0.88, 0.58, 0.12, 0.0, mix(c, WHITE, 0.75), False)
    p.poly(arc_points(-0.2, 0.12, 0.5, 0.4, 0, 180, 12), (110, 170, 90), False)
    p.poly(arc_points(0.3, 0.12, 0.3, 0.28, 0, 180, 12), (80, 140, 80), False)
    p.circle(0.3, 0.66, 0.11, c, False)


def brush(p: Pen, c: RGB, shape: str) -> None:
    p.limb([(0, 0.0), (0, 0.62)], 0.07, (190, 140, 80))
    p.rrect(-0.09, 0.72, 0.09, 0.6, 0.02, (170, 170, 180))
    p.poly([(-0.1, 0.72), (0.1, 0.72), (0.04, 1.0), (-0.04, 1.0)], c)


def scissors(p: Pen, c: RGB, shape: str) -> None:
    steel = (190, 195, 205)
    p.poly([(-0.08, 0.45), (0.02, 0.45), (0.55, 1.0), (0.45, 1.0)], steel)
    p.poly([(0.08, 0.45), (-0.02, 0.45), (-0.55, 1.0), (-0.45, 1.0)], steel)
    p.circle(-0.2, 0.22, 0.18, c)
    p.circle(0.2, 0.22, 0.18, c)
    p.circle(-0.2, 0.22, 0.08, WHITE, False)
    p.circle(0.2, 0.22, 0.08, WHITE, False)


def spoon(p: Pen, c: RGB, shape: str) -> None:
    p.limb([(0, 0.0), (0, 0.62)], 0.06, c)
    p.ellipse(0, 0.8, 0.16, 0.2, c)
    p.ellipse(-0.04, 0.84, 0.06, 0.08, mix(c, WHITE, 0.6), False)


def bridge(p: Pen, c: RGB, shape: str) -> None:
    p.poly(arc_points(0, 0.0, 1.0, 0.75, 0, 180, 20) + [(-1.0, 0.0), (-0.78, 0.0)]
           + arc_points(0, 0.0, 0.78, 0.5, 180, 0, 20)[::-1][::-1] + [(0.78, 0.0), (1.0, 0.0)], c)
    for x in (-0.8, -0.4, 0.0, 0.4, 0.8):
        p.limb([(x, 0.55 + 0.2 * (1 - abs(x))), (x, 0.8 + 0.2 * (1 - abs(x)))], 0.04, shade(c, 0.7))
    p.line([(-0.8 + 0.4 * k, 0.8 + 0.2 * (1 - abs(-0.8 + 0.4 * k))) for k in range(5)], 0.05, shade(c, 0.7))


def bus(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-1.0, 0.95, 1.0, 0.15, 0.12, c)
    for k in range(5):
        x = -0.85 + k * 0.36
        p.rrect(x, 0.8, x + 0.28, 0.5, 0.04, (185, 225, 250))
    p.line([(-1.0, 0.42), (1.0, 0.42)], 0.05, shade(c, 0.75))
    for x in (-0.6, 0.6):
        p.circle(x, 0.14, 0.14, (50, 50, 55))
        p.circle(x, 0.14, 0.06, (170, 170, 170), False)


def train(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-1.0, 0.75, 0.3, 0.15, 0.06, c)
    p.rrect(0.3, 1.0, 1.0, 0.15, 0.06, shade(c, 0.85))
    p.rrect(0.45, 0.88, 0.85, 0.55, 0.03, (185, 225, 250))
    p.rrect(-0.85, 0.95, -0.65, 0.75, 0.02, (60, 60, 65))
    for x in (-0.75, -0.35, 0.05, 0.6):
        p.circle(x, 0.14, 0.14, (50, 50, 55))


def nest(p: Pen, c: RGB, shape: str) -> None:
    p.poly(arc_points(0, 0.7, 0.8, 0.7, 180, 360, 16), c)
    for k in range(5):
        p.arc(0, 0.7 - k * 0.12, 0.75 - k * 0.1, 0.12, 190, 350, 0.03, shade(c, 0.7))
    for x in (-0.25, 0.0, 0.25):
        p.ellipse(x, 0.78, 0.13, 0.16, (235, 240, 250))


def yarn(p: Pen, c: RGB, shape: str) -> None:
    p.circle(0, 0.5, 0.5, c)
    for a in (-0.3, 0.0, 0.3):
        p.arc(a, 0.5, 0.42, 0.3, 200, 340, 0.04, shade(c, 0.75))
    p.line([(0.35, 0.15), (0.8, 0.05), (1.0, 0.1)], 0.04, c)


def feather(p: Pen, c: RGB, shape: str) -> None:
    p.limb([(0, 0.0), (0.05, 1.0)], 0.03, shade(c, 0.7))
    p.poly([(0.02, 0.2), (-0.28, 0.5), (-0.2, 0.85), (0.05, 1.0), (0.25, 0.8), (0.25, 0.45)], c)
    for k in range(4):
        y = 0.35 + k * 0.15
        p.line([(0.03, y), (-0.2, y + 0.12)], 0.02, shade(c, 0.8))


def blanket(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.9, 0.6, 0.9, 0.0, 0.12, c)
    p.rrect(-0.9, 0.6, 0.9, 0.38, 0.12, shade(c, 1.2))
    for x in (-0.5, 0.0, 0.5):
        p.line([(x, 0.05), (x, 0.55)], 0.03, shade(c, 0.8))


def grill(p: Pen, c: RGB, shape: str) -> None:
    p.limb([(-0.4, 0.0), (-0.25, 0.55)], 0.05, (60, 60, 65))
    p.limb([(0.4, 0.0), (0.25, 0.55)], 0.05, (60, 60, 65))
    p.poly(arc_points(0, 0.8, 0.6, 0.35, 180, 360, 16), c)
    p.line([(-0.6, 0.8), (0.6, 0.8)], 0.05, (90, 90, 95))
    for x in (-0.3, 0.0, 0.3):
        p.line([(x - 0.05, 0.86), (x + 0.05, 1.0)], 0.04, (230, 120, 60))


# Things the bench's grading found missing as a scene's key object (dug a hole, rode a sled, a
# knight's shield) and a banana, which was drawn as a carrot.


def hole(p: Pen, c: RGB, shape: str) -> None:
    """A hole dug in the ground, its dirt heaped beside it."""
    p.poly(arc_points(0.62, 0.0, 0.3, 0.55, 0, 180, 12), c)
    p.ellipse(-0.15, 0.3, 0.72, 0.3, shade(c, 1.15))
    p.ellipse(-0.15, 0.27, 0.6, 0.22, (45, 32, 24), False)


def sled(p: Pen, c: RGB, shape: str) -> None:
    runner = (120, 120, 130)
    p.line([(-0.85, 0.1), (0.8, 0.1)], 0.06, runner)
    p.arc(0.8, 0.3, 0.2, 0.2, -90, 90, 0.06, runner, raw=False)
    for x in (-0.5, 0.0, 0.5):
        p.line([(x, 0.1), (x, 0.45)], 0.06, runner)
    p.rrect(-0.9, 0.65, 0.75, 0.42, 0.08, c)
    p.line([(-0.85, 0.56), (0.7, 0.56)], 0.03, shade(c, 0.75))


def banana(p: Pen, c: RGB, shape: str) -> None:
    outer = arc_points(0, 1.0, 0.9, 0.95, 200, 340, 14)
    inner = arc_points(0, 1.25, 0.75, 1.0, 335, 205, 14)
    p.poly(outer + inner, c)
    p.line([outer[-1], (outer[-1][0] + 0.08, outer[-1][1] + 0.12)], 0.06, (110, 80, 40))


def shield(p: Pen, c: RGB, shape: str) -> None:
    edge = [(-0.55, 1.0), (0.55, 1.0), (0.55, 0.55), (0.3, 0.18), (0.0, 0.0), (-0.3, 0.18), (-0.55, 0.55)]
    p.poly(edge, (200, 200, 210))
    p.poly([(x * 0.82, 0.09 + y * 0.85) for x, y in edge], c, False)
    p.line([(0.0, 0.2), (0.0, 0.88)], 0.08, (245, 215, 90))
    p.line([(-0.32, 0.62), (0.32, 0.62)], 0.08, (245, 215, 90))


def stick(p: Pen, c: RGB, shape: str) -> None:
    """A plain stick from a tree: no star on top (a magic wand is not a stick)."""
    p.limb([(-0.05, 0.0), (0.04, 0.55), (-0.02, 1.0)], 0.07, c)
    p.limb([(0.03, 0.5), (0.22, 0.68)], 0.04, c)
    p.ellipse(0.25, 0.72, 0.08, 0.05, (110, 160, 80), False)


# Things the development stories and our own turn on that the library lacked, and that graders saw
# missing or drawn as something else (measured over stories-dev and own-stories: a fishing rod,
# scarf, mittens, saddle, hammer, saw and boards, a paint can, a birdhouse, paw prints, a light
# bulb, a watering can, bread drawn as a cookie, a suitcase drawn as a bag), and what children's
# stories in general hold (a net, a guitar, a camera, a sandwich, pizza, blocks).

STEEL = (175, 180, 192)
WOOD = (185, 135, 85)


def fishing_rod(p: Pen, c: RGB, shape: str) -> None:
    """Bent at the tip with its line and a red-and-white float (a bare pole reads as a stick); the
    grip is low at the middle, where a holder's hand is."""
    p.limb([(-0.1, 0.4), (0.0, 0.6)], 0.1, (120, 85, 60))
    p.line([(0.0, 0.6), (0.3, 0.86), (0.5, 0.97), (0.66, 1.0)], 0.045, c)
    p.circle(0.02, 0.52, 0.08, STEEL)
    p.line([(0.66, 1.0), (0.68, 0.6), (0.7, 0.16)], 0.014, (60, 60, 70), raw=True)
    p.poly(arc_points(0.7, 0.1, 0.08, 0.08, 0, 180, 8), (225, 50, 50))
    p.poly(arc_points(0.7, 0.1, 0.08, 0.08, 180, 360, 8), WHITE)


def net(p: Pen, c: RGB, shape: str) -> None:
    """A hand net: its mesh bag hanging from a hoop on a long handle."""
    p.limb([(-0.2, 0.0), (-0.13, 0.78)], 0.06, c)
    bag = [(-0.13, 0.8), (-0.02, 0.5), (0.12, 0.34), (0.26, 0.4), (0.38, 0.58), (0.43, 0.8)]
    p.poly(bag, (240, 240, 240), (160, 160, 165), alpha=210)
    grey = (150, 150, 150)
    for x in (0.0, 0.15, 0.3):
        p.line([(x, 0.7), (0.12 + (x - 0.15) * 0.4, 0.36)], 0.014, grey, raw=True)
    for y in (0.5, 0.62):
        p.line([(-0.06 + (0.62 - y) * 0.3, y), (0.4 - (0.62 - y) * 0.3, y)], 0.014, grey, raw=True)
    p.arc(0.15, 0.8, 0.28, 0.13, 0, 360, 0.045, shade(c, 0.85), raw=False)


def scarf(p: Pen, c: RGB, shape: str) -> None:
    """A knitted scarf as if round a neck: its loop and two striped tails with fringes (worn, it is
    the character's accessory)."""
    stripe = mix(c, WHITE, 0.55)
    p.arc(0.0, 0.78, 0.34, 0.14, 0, 360, 0.16, shade(c, 0.85), raw=False)
    for (x0, y0, x1, y1) in ((-0.2, 0.72, -0.3, 0.12), (0.12, 0.7, 0.2, 0.0)):
        dx, dy = x1 - x0, y1 - y0
        n = (0.13, 0.13 * -dx / dy)
        band = [(x0 - n[0], y0 - n[1]), (x0 + n[0], y0 + n[1]), (x1 + n[0], y1 + n[1]), (x1 - n[0], y1 - n[1])]
        p.poly(band, c)
        for t in (0.55, 0.75):
            ax, ay = x0 + dx * t, y0 + dy * t
            p.poly([(ax - n[0], ay - n[1]), (ax + n[0], ay + n[1]), (ax + n[0] + dx * 0.08, ay + n[1] + dy * 0.08),
                    (ax - n[0] + dx * 0.08, ay - n[1] + dy * 0.08)], stripe, False)
        for k in range(4):
            fx = x1 - n[0] + 2 * n[0] * (k + 0.5) / 4
            p.line([(fx, y1), (fx + dx * 0.1, y1 - 0.08)], 0.03, shade(c, 0.9))
    p.rrect(-0.12, 0.82, 0.16, 0.62, 0.06, shade(c, 0.92))


def mittens(p: Pen, c: RGB, shape: str) -> None:
    """A pair of mittens on their string, thumbs out, white cuffs."""
    p.arc(0.0, 0.95, 0.42, 0.2, 200, 340, 0.025, (90, 90, 100))
    for sx in (-1, 1):
        cx = sx * 0.42
        p.ellipse(cx + sx * 0.2, 0.55, 0.09, 0.16, c)
        p.rrect(cx - 0.2, 0.85, cx + 0.2, 0.25, 0.19, c)
        p.rrect(cx - 0.21, 0.3, cx + 0.21, 0.05, 0.05, (245, 245, 245))


def saddle(p: Pen, c: RGB, shape: str) -> None:
    """A riding saddle from the side, facing right: a high cantle, the dipped seat, the horn, a flap
    with its stirrup, on a saddle blanket."""
    p.rrect(-0.8, 0.62, 0.7, 0.3, 0.06, (200, 60, 60))
    seat = (arc_points(-0.62, 0.95, 0.16, 0.1, 180, 0, 6) + arc_points(0.0, 0.95, 0.46, 0.4, 180, 300, 10)
            + [(0.42, 0.72), (0.52, 0.9), (0.66, 0.92), (0.66, 0.84), (0.6, 0.78), (0.62, 0.5), (-0.7, 0.5), (-0.8, 0.78)])
    p.poly(seat, c)
    p.rrect(-0.4, 0.56, 0.22, 0.16, 0.1, shade(c, 0.85))
    p.line([(-0.08, 0.18), (-0.08, 0.08)], 0.04, shade(c, 0.6))
    p.poly([(-0.2, 0.1), (0.04, 0.1), (0.0, 0.0), (-0.16, 0.0)], STEEL)


def hammer(p: Pen, c: RGB, shape: str) -> None:
    p.limb([(0.0, 0.0), (0.0, 0.78)], 0.13, c)
    p.rrect(-0.14, 0.3, 0.14, 0.0, 0.05, shade(c, 0.7))
    p.poly([(-0.16, 1.0), (0.22, 1.0), (0.22, 0.74), (-0.16, 0.74)], STEEL)
    p.rrect(0.2, 1.0, 0.34, 0.74, 0.02, STEEL)
    p.poly([(-0.16, 0.98), (-0.42, 0.86), (-0.48, 0.72), (-0.34, 0.8), (-0.16, 0.76)], STEEL)


def saw(p: Pen, c: RGB, shape: str) -> None:
    """A hand saw: a toothed steel blade and a wooden grip with its hole."""
    teeth = [(-0.95 + k * 0.1 + (0.05 if j else 0.0), 0.1 + (0.0 if j else 0.06)) for k in range(13) for j in (0, 1)]
    p.poly([(0.35, 0.82), (-0.95, 0.42)] + teeth + [(0.35, 0.16)], STEEL)
    p.line([(-0.8, 0.45), (0.25, 0.72)], 0.025, WHITE, alpha=150)
    p.poly([(0.3, 0.9), (0.75, 0.95), (0.85, 0.45), (0.7, 0.1), (0.3, 0.1)], c)
    p.rrect(0.46, 0.75, 0.66, 0.35, 0.09, shade(c, 0.55), False)


def plank(p: Pen, c: RGB, shape: str) -> None:
    """Two sawn boards, one across the other, with their grain and end rings."""
    for (y0, y1, dx) in ((0.0, 0.45, 0.0), (0.5, 0.95, 0.12)):
        p.rrect(-0.95 + dx, y1, 0.85 + dx, y0, 0.02, c)
        ym = (y0 + y1) / 2
        p.line([(-0.8 + dx, ym + 0.08), (-0.2 + dx, ym + 0.1), (0.4 + dx, ym + 0.06)], 0.025, shade(c, 0.75))
        p.line([(-0.6 + dx, ym - 0.1), (0.7 + dx, ym - 0.08)], 0.025, shade(c, 0.75))
        p.ellipse(0.12 + dx, ym + 0.02, 0.06, 0.04, shade(c, 0.7), False)


def paint_can(p: Pen, c: RGB, shape: str) -> None:
    """A tin of paint: the paint's colour on its label and running over the rim."""
    p.arc(0.0, 0.78, 0.48, 0.38, 10, 170, 0.04, (90, 90, 100))
    p.rrect(-0.5, 0.8, 0.5, 0.0, 0.05, STEEL)
    p.rrect(-0.5, 0.6, 0.5, 0.2, 0.0, c)
    p.ellipse(0.0, 0.8, 0.5, 0.1, c)
    for x, d in ((-0.28, 0.28), (0.15, 0.4), (0.38, 0.22)):
        p.limb([(x, 0.8), (x, 0.8 - d)], 0.1, c, False)
    p.rrect(-0.18, 0.48, 0.18, 0.3, 0.04, WHITE, False)


def watering_can(p: Pen, c: RGB, shape: str) -> None:
    p.poly([(0.3, 0.5), (0.9, 0.95), (0.95, 0.88), (0.38, 0.3)], c)
    p.poly([(0.86, 1.0), (1.0, 0.86), (1.02, 0.98)], shade(c, 0.8))
    p.arc(-0.05, 0.72, 0.38, 0.28, 0, 180, 0.07, shade(c, 0.85), raw=False)
    p.poly([(-0.5, 0.72), (0.4, 0.72), (0.36, 0.0), (-0.46, 0.0)], c)
    p.line([(-0.48, 0.35), (0.38, 0.35)], 0.04, shade(c, 0.8))


def birdhouse(p: Pen, c: RGB, shape: str) -> None:
    """A box with a round door, a perch and a pointed roof: the hole is what makes it no house."""
    p.rrect(-0.36, 0.62, 0.36, 0.0, 0.02, c)
    p.poly([(-0.5, 0.58), (0.0, 0.96), (0.5, 0.58), (0.44, 0.52), (0.0, 0.86), (-0.44, 0.52)], (190, 70, 60))
    p.poly([(-0.44, 0.52), (0.0, 0.86), (0.44, 0.52)], c)
    p.circle(0.0, 0.45, 0.14, (45, 35, 30))
    p.limb([(0.0, 0.22), (0.0, 0.12)], 0.05, (120, 85, 60))
    p.arc(0.0, 1.0, 0.06, 0.06, 0, 360, 0.025, (90, 90, 100))


def rope(p: Pen, c: RGB, shape: str) -> None:
    """A coil of rope with its loose end."""
    for k, (rx, ry) in enumerate(((0.62, 0.42), (0.5, 0.33), (0.38, 0.25))):
        p.arc(0.0, 0.48, rx, ry, 0, 360, 0.1, shade(c, 0.75 + 0.1 * k), raw=False)
        p.arc(0.0, 0.48, rx, ry, 0, 360, 0.05, c, raw=False)
    p.limb([(0.55, 0.25), (0.78, 0.1), (0.95, 0.12)], 0.1, c)


def sandwich(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.7, 0.25, 0.7, 0.0, 0.08, c)
    p.poly([(-0.75, 0.32)] + [(-0.75 + k * 0.15, 0.24 + 0.08 * (k % 2)) for k in range(11)] + [(0.75, 0.38), (-0.75, 0.38)],
           (110, 180, 70))
    p.rrect(-0.68, 0.48, 0.68, 0.36, 0.04, (220, 70, 60))
    p.poly([(-0.72, 0.56), (0.72, 0.56), (0.6, 0.44), (-0.6, 0.44)], (250, 205, 70))
    p.poly(arc_points(0.0, 0.56, 0.74, 0.44, 0, 180, 16), c)
    p.poly(arc_points(0.0, 0.6, 0.6, 0.32, 0, 180, 16), mix(c, WHITE, 0.45), False)


def pizza(p: Pen, c: RGB, shape: str) -> None:
    """A slice, point down: crust, cheese of its colour, pepperoni."""
    p.poly([(0.0, 0.0), (-0.5, 0.88), (0.5, 0.88)], c)
    p.rrect(-0.56, 1.0, 0.56, 0.84, 0.08, (215, 150, 80))
    for x, y in ((-0.18, 0.68), (0.16, 0.6), (0.0, 0.35)):
        p.circle(x, y, 0.1, (200, 60, 50))


def bread(p: Pen, c: RGB, shape: str) -> None:
    """A loaf with its slashes (a cookie is round and flat)."""
    p.rrect(-0.8, 0.45, 0.8, 0.0, 0.12, shade(c, 0.9))
    p.poly(arc_points(0.0, 0.35, 0.82, 0.62, 0, 180, 20), c)
    for x in (-0.4, 0.0, 0.4):
        p.line([(x - 0.12, 0.55), (x + 0.12, 0.82)], 0.06, mix(c, WHITE, 0.45))


def pancakes(p: Pen, c: RGB, shape: str) -> None:
    p.ellipse(0.0, 0.08, 0.95, 0.1, (240, 240, 245))
    for k in range(4):
        p.rrect(-0.75, 0.32 + k * 0.16, 0.75, 0.16 + k * 0.16, 0.08, c)
    p.poly([(-0.6, 0.78), (0.6, 0.78), (0.5, 0.64), (0.3, 0.7), (0.1, 0.52), (-0.2, 0.68), (-0.5, 0.6)], (190, 110, 40))
    p.rrect(-0.15, 0.94, 0.15, 0.78, 0.03, (255, 235, 140))


def strawberry(p: Pen, c: RGB, shape: str) -> None:
    p.poly([(0.0, 0.0), (-0.45, 0.5), (-0.4, 0.72), (-0.15, 0.82), (0.15, 0.82), (0.4, 0.72), (0.45, 0.5)], c)
    for x, y in ((-0.2, 0.6), (0.05, 0.62), (0.25, 0.55), (-0.12, 0.35), (0.12, 0.38), (0.0, 0.16)):
        p.ellipse(x, y, 0.03, 0.045, (250, 230, 120), False)
    for a in (-1, 0, 1):
        p.poly([(0.0, 0.8), (a * 0.3, 0.92 - abs(a) * 0.06), (a * 0.1 + 0.05, 0.78)], (80, 160, 60))
    p.limb([(0.0, 0.82), (0.04, 1.0)], 0.05, (80, 140, 60))


def light_bulb(p: Pen, c: RGB, shape: str) -> None:
    p.poly(arc_points(0.0, 0.65, 0.38, 0.35, -35, 215, 20) + [(-0.16, 0.32), (0.16, 0.32)], c)
    p.ellipse(-0.14, 0.75, 0.07, 0.1, WHITE, False)
    p.line([(-0.08, 0.34), (-0.06, 0.58), (0.0, 0.52), (0.06, 0.58), (0.08, 0.34)], 0.03, (200, 130, 40))
    for k in range(3):
        p.rrect(-0.16, 0.34 - k * 0.09, 0.16, 0.26 - k * 0.09, 0.03, STEEL)
    p.poly([(-0.08, 0.08), (0.08, 0.08), (0.0, 0.0)], (90, 90, 100))


def guitar(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.05, 0.95, 0.05, 0.4, 0.01, (120, 80, 50))
    p.rrect(-0.08, 1.0, 0.08, 0.88, 0.03, (90, 60, 40))
    p.circle(0.0, 0.22, 0.3, c)
    p.circle(0.0, 0.5, 0.22, c)
    p.circle(0.0, 0.33, 0.09, (60, 40, 30))
    p.rrect(-0.12, 0.14, 0.12, 0.1, 0.01, (90, 60, 40))
    for x in (-0.025, 0.025):
        p.line([(x, 0.12), (x, 0.95)], 0.01, (235, 235, 235), raw=True)


def camera(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.35, 0.95, 0.05, 0.75, 0.04, shade(c, 0.9))
    p.rrect(-0.7, 0.8, 0.7, 0.0, 0.1, c)
    p.rrect(-0.7, 0.62, 0.7, 0.18, 0.0, (120, 110, 100), False)
    p.circle(0.0, 0.4, 0.34, STEEL)
    p.circle(0.0, 0.4, 0.24, (40, 50, 70))
    p.circle(-0.07, 0.47, 0.07, (200, 220, 255), False)
    p.rrect(0.4, 0.72, 0.6, 0.6, 0.02, (250, 245, 200))
    p.rrect(0.4, 0.92, 0.58, 0.8, 0.02, (220, 60, 60))


def phone(p: Pen, c: RGB, shape: str) -> None:
    p.rrect(-0.3, 1.0, 0.3, 0.0, 0.08, c)
    p.rrect(-0.24, 0.88, 0.24, 0.12, 0.02, (120, 190, 240), False)
    p.circle(0.0, 0.06, 0.035, shade(c, 1.5), False)
    for k in range(3):
        for j in range(2):
            p.rrect(-0.17 + j * 0.2, 0.8 - k * 0.18, -0.05 + j * 0.2, 0.68 - k * 0.18, 0.02, WHITE, False)


def _block(p: Pen, x: float, y: float, s: float, c: RGB) -> None:
    p.rrect(x - s, y + 2 * s, x + s, y, 0.03, c)
    p.rrect(x - s * 0.55, y + s * 1.55, x + s * 0.55, y + s * 0.45, 0.02, mix(c, WHITE, 0.6), False)


def blocks(p: Pen, c: RGB, shape: str) -> None:
    """Toy blocks stacked two and one, each of its own colour."""
    _block(p, -0.27, 0.0, 0.25, c)
    _block(p, 0.27, 0.0, 0.25, (70, 130, 220))
    _block(p, 0.0, 0.5, 0.25, (250, 200, 60))


def toys(p: Pen, c: RGB, shape: str) -> None:
    """A heap of toys: a block, a ball and a toy boat; 'a toy' alone names no thing to draw."""
    _block(p, -0.5, 0.0, 0.22, (250, 200, 60))
    p.poly([(0.05, 0.3), (0.75, 0.3), (0.62, 0.0), (0.15, 0.0)], (70, 130, 220))
    p.limb([(0.4, 0.3), (0.4, 0.85)], 0.04, (120, 90, 60))
    p.poly([(0.43, 0.85), (0.7, 0.38), (0.43, 0.38)], WHITE)
    p.circle(-0.08, 0.26, 0.26, c)
    p.arc(-0.08, 0.26, 0.26, 0.1, 180, 360, 0.05, WHITE, raw=False)


def suitcase(p: Pen, c: RGB, shape: str) -> None:
    p.arc(0.0, 0.82, 0.2, 0.16, 0, 180, 0.07, (70, 60, 60))
    p.rrect(-0.7, 0.85, 0.7, 0.0, 0.08, c)
    for x in (-0.4, 0.4):
        p.rrect(x - 0.06, 0.85, x + 0.06, 0.0, 0.0, shade(c, 0.7), False)
    for x in (-0.66, 0.66):
        for y in (0.04, 0.81):
            p.circle(x, y, 0.05, (200, 170, 90), False)


def plant(p: Pen, c: RGB, shape: str) -> None:
    """A plant in a clay pot, leaves of its colour."""
    for a, l in ((-60, 0.5), (-25, 0.6), (0, 0.65), (25, 0.6), (60, 0.5)):
        tip = (math.sin(math.radians(a)) * l, 0.45 + math.cos(math.radians(a)) * l)
        mid = (tip[0] * 0.5, 0.45 + (tip[1] - 0.45) * 0.5)
        n = (-(tip[1] - 0.45) * 0.18, tip[0] * 0.18)
        p.poly([(0.0, 0.45), (mid[0] + n[0], mid[1] + n[1]), tip, (mid[0] - n[0], mid[1] - n[1])], c)
    p.poly([(-0.3, 0.45), (0.3, 0.45), (0.22, 0.0), (-0.22, 0.0)], (200, 110, 70))
    p.rrect(-0.34, 0.5, 0.34, 0.38, 0.02, (210, 120, 80))


def scarecrow(p: Pen, c: RGB, shape: str) -> None:
    straw = (232, 200, 115)
    p.limb([(0.0, 0.0), (0.0, 0.8)], 0.06, (140, 100, 60))
    p.limb([(-0.45, 0.62), (0.45, 0.62)], 0.05, (140, 100, 60))
    p.poly([(-0.42, 0.68), (0.42, 0.68), (0.25, 0.55), (0.2, 0.28), (-0.2, 0.28), (-0.25, 0.55)], c)
    for x in (-0.45, 0.45, -0.15, 0.15):
        p.line([(x, 0.56 if abs(x) > 0.3 else 0.28), (x * 1.1, 0.49 if abs(x) > 0.3 else 0.2)], 0.03, straw)
    p.rrect(-0.06, 0.48, 0.06, 0.4, 0.01, (250, 250, 250), False)
    p.circle(0.0, 0.8, 0.13, (240, 220, 170))
    for x in (-0.05, 0.05):
        p.circle(x, 0.82, 0.02, INK, False)
    p.arc(0.0, 0.78, 0.05, 0.03, 200, 340, 0.015, INK)
    p.ellipse(0.0, 0.9, 0.24, 0.04, (180, 140, 60))
    p.rrect(-0.12, 1.0, 0.12, 0.9, 0.04, (180, 140, 60))


def paw_prints(p: Pen, c: RGB, shape: str) -> None:
    """A trail of paw prints along the ground, drawn larger than life so they read."""
    for k in range(5):
        x, y = -0.85 + k * 0.42, 0.2 + 0.45 * (k % 2)
        p.ellipse(x, y, 0.11, 0.09, c, False)
        for dx, dy in ((-0.13, 0.1), (-0.045, 0.17), (0.045, 0.17), (0.13, 0.1)):
            p.ellipse(x + dx, y + dy, 0.04, 0.05, c, False)


def cheese(p: Pen, c: RGB, shape: str) -> None:
    p.poly([(-0.8, 0.0), (0.8, 0.0), (0.8, 0.55), (-0.8, 0.2)], c)
    p.poly([(-0.8, 0.2), (0.8, 0.55), (0.55, 0.95), (-0.8, 0.35)], mix(c, WHITE, 0.3))
    for x, y, r in ((-0.4, 0.1, 0.08), (0.15, 0.25, 0.11), (0.55, 0.15, 0.07)):
        p.circle(x, y, r, shade(c, 0.78), False)


def pillow(p: Pen, c: RGB, shape: str) -> None:
    """A plump pillow, its corners pinched out."""
    for x, y in ((-0.82, 0.02), (0.82, 0.02), (-0.82, 0.88), (0.82, 0.88)):
        p.poly([(x * 0.8, y * 0.7 + 0.15), (x, y), (x * 0.7, y * 0.8 + 0.1)], c)
    p.rrect(-0.75, 0.85, 0.75, 0.05, 0.3, c)
    p.ellipse(-0.3, 0.6, 0.25, 0.1, mix(c, WHITE, 0.6), False)
    p.line([(-0.55, 0.2), (0.0, 0.14), (0.55, 0.2)], 0.03, shade(c, 0.85))


# Things children's stories name that the library lacked (a campfire and its marshmallows, a farm's
# tractor and hay, a market stall and a cart, a rocket, food, a bell, boots, a purse).


def campfire(p: Pen, c: RGB, shape: str) -> None:
    """Flames of its colour on crossed logs in a ring of stones."""
    for x0, x1 in ((-0.7, 0.55), (0.7, -0.55)):
        p.limb([(x0, 0.1), (x1, 0.36)], 0.13, (130, 85, 50))
    flame = [(-0.5, 0.22), (-0.58, 0.5), (-0.38, 0.72), (-0.34, 0.56), (-0.16, 0.86), (0.0, 1.0), (0.06, 0.74),
             (0.22, 0.88), (0.3, 0.62), (0.44, 0.76), (0.56, 0.46), (0.48, 0.22)]
    p.poly(flame, c)
    p.poly([(-0.3, 0.22), (-0.34, 0.44), (-0.16, 0.6), (0.0, 0.78), (0.12, 0.56), (0.26, 0.62), (0.32, 0.38),
            (0.28, 0.22)], (250, 210, 60), False)
    p.ellipse(0.0, 0.32, 0.14, 0.14, (255, 245, 190), False)
    for k in range(7):
        x = -0.78 + k * 0.26
        p.ellipse(x, 0.09, 0.15, 0.1, shade((150, 150, 155), 0.9 + 0.06 * (k % 3)))


def log(p: Pen, c: RGB, shape: str) -> None:
    """A log lying on its side, its sawn end showing the rings."""
    p.rrect(-0.9, 0.8, 0.6, 0.0, 0.12, c)
    for y in (0.2, 0.45, 0.65):
        p.line([(-0.8, y), (-0.3, y + 0.03), (0.3, y - 0.02)], 0.03, shade(c, 0.72))
    p.limb([(-0.35, 0.8), (-0.28, 0.95)], 0.08, c)
    wood = (230, 195, 140)
    p.ellipse(0.6, 0.4, 0.3, 0.4, wood)
    for r in (0.2, 0.1):
        p.arc(0.6, 0.4, r * 0.75, r, 0, 360, 0.025, shade(wood, 0.75), raw=False)


def cart(p: Pen, c: RGB, shape: str) -> None:
    """A cart on its wheels with a push handle at the back (pushed, not carried)."""
    metal = (120, 120, 130)
    p.line([(-0.62, 0.55), (-0.95, 0.98)], 0.06, metal)
    p.limb([(-1.0, 0.98), (-0.86, 1.0)], 0.09, (60, 60, 70))
    p.poly([(-0.75, 0.85), (0.85, 0.85), (0.65, 0.3), (-0.6, 0.3)], c)
    for x in (-0.35, 0.0, 0.35):
        p.line([(x * 1.1, 0.82), (x, 0.33)], 0.03, shade(c, 0.75))
    p.line([(-0.7, 0.58), (0.75, 0.58)], 0.03, shade(c, 0.75))
    p.line([(-0.5, 0.3), (-0.45, 0.14)], 0.05, metal)
    p.line([(0.5, 0.3), (0.45, 0.14)], 0.05, metal)
    for x in (-0.45, 0.45):
        p.circle(x, 0.14, 0.14, (50, 50, 55))
        p.circle(x, 0.14, 0.05, (190, 190, 195), False)


def bell(p: Pen, c: RGB, shape: str) -> None:
    """A hand bell: a flared golden bell, its clapper, a wooden handle."""
    p.limb([(0.0, 0.7), (0.0, 0.92)], 0.12, (150, 95, 55))
    p.circle(0.0, 0.95, 0.08, (150, 95, 55))
    p.circle(0.0, 0.1, 0.1, shade(c, 0.7))
    p.poly(arc_points(0.0, 0.5, 0.26, 0.26, 0, 180, 12) + [(-0.3, 0.35), (-0.45, 0.14), (0.45, 0.14), (0.3, 0.35)], c)
    p.ellipse(0.0, 0.15, 0.46, 0.06, shade(c, 0.8))
    p.ellipse(-0.12, 0.52, 0.05, 0.12, mix(c, WHITE, 0.6), False)


def boots(p: Pen, c: RGB, shape: str) -> None:
    """A pair of rubber boots, toes to the right, on dark soles."""
    for dx in (-0.38, 0.3):
        p.rrect(dx - 0.3, 0.12, dx + 0.36, 0.0, 0.04, (70, 60, 60))
        p.poly([(dx - 0.26, 1.0), (dx + 0.06, 1.0), (dx + 0.08, 0.42), (dx + 0.34, 0.36), (dx + 0.36, 0.1),
                (dx - 0.28, 0.1)], c)
        p.rrect(dx - 0.3, 1.0, dx + 0.1, 0.88, 0.03, shade(c, 0.85))
        p.line([(dx - 0.16, 0.8), (dx - 0.16, 0.3)], 0.04, mix(c, WHITE, 0.5))


def acorn(p: Pen, c: RGB, shape: str) -> None:
    p.poly(arc_points(0.0, 0.55, 0.34, 0.55, 180, 360, 16), c)
    p.ellipse(-0.12, 0.35, 0.06, 0.12, mix(c, WHITE, 0.45), False)
    cap = (120, 85, 50)
    p.poly(arc_points(0.0, 0.55, 0.42, 0.33, 0, 180, 16) + [(-0.42, 0.55), (-0.38, 0.48), (0.38, 0.48), (0.42, 0.55)], cap)
    for x in (-0.2, 0.0, 0.2):
        p.line([(x - 0.1, 0.52), (x + 0.1, 0.78)], 0.025, shade(cap, 0.7))
        p.line([(x + 0.1, 0.52), (x - 0.1, 0.78)], 0.025, shade(cap, 0.7))
    p.limb([(0.0, 0.86), (0.06, 1.0)], 0.07, cap)


def lemon(p: Pen, c: RGB, shape: str) -> None:
    """Pointed at both ends: a round yellow thing would read as a ball."""
    pts = []
    for k in range(40):
        t = 2 * math.pi * k / 40
        pts.append((math.cos(t) * (0.46 + 0.14 * math.cos(t) ** 16), 0.42 + math.sin(t) * 0.38))
    p.poly(pts, c)
    p.ellipse(-0.15, 0.6, 0.14, 0.06, mix(c, WHITE, 0.6), False)
    p.poly([(0.56, 0.46), (0.6, 0.72), (0.72, 0.86), (0.72, 0.62)], (90, 170, 70))


def teapot(p: Pen, c: RGB, shape: str) -> None:
    p.arc(-0.45, 0.42, 0.22, 0.22, 60, 300, 0.08, shade(c, 0.85), raw=False)
    p.poly([(0.3, 0.35), (0.55, 0.45), (0.72, 0.75), (0.8, 0.76), (0.66, 0.42), (0.36, 0.15)], c)
    p.ellipse(0.0, 0.38, 0.52, 0.38, c)
    p.ellipse(0.0, 0.72, 0.28, 0.08, shade(c, 0.85))
    p.poly(arc_points(0.0, 0.72, 0.26, 0.16, 0, 180, 12), c)
    p.circle(0.0, 0.92, 0.07, shade(c, 0.85))
    p.ellipse(-0.22, 0.5, 0.1, 0.12, mix(c, WHITE, 0.6), False)


def tray(p: Pen, c: RGB, shape: str) -> None:
    """A flat baking tray seen from above and aside: its raised rim and its handles."""
    for sx in (-1, 1):
        p.arc(sx * 0.8, 0.2, 0.14, 0.12, -90 if sx > 0 else 90, 90 if sx > 0 else 270, 0.05, shade(c, 0.7), raw=False)
    p.poly([(-0.85, 0.0), (0.85, 0.0), (0.7, 0.45), (-0.7, 0.45)], shade(c, 0.8))
    p.poly([(-0.74, 0.08), (0.74, 0.08), (0.62, 0.38), (-0.62, 0.38)], c, False)
    p.line([(-0.5, 0.32), (0.3, 0.32)], 0.03, mix(c, WHITE, 0.6))


def hay(p: Pen, c: RGB, shape: str) -> None:
    """A bale: a straw block with its straw lines, two twine bands and loose straws on top."""
    p.poly([(-0.9, 0.75), (0.55, 0.75), (0.9, 1.0), (-0.55, 1.0)], mix(c, WHITE, 0.25))
    p.poly([(0.55, 0.0), (0.9, 0.25), (0.9, 1.0), (0.55, 0.75)], shade(c, 0.85))
    p.rrect(-0.9, 0.75, 0.55, 0.0, 0.02, c)
    for k in range(5):
        y = 0.1 + k * 0.14
        p.line([(-0.82 + 0.1 * (k % 2), y), (-0.3, y + 0.02), (0.45 - 0.08 * (k % 3), y)], 0.025, shade(c, 0.78))
    for x in (-0.45, 0.15):
        p.line([(x, 0.0), (x, 0.75), (x + 0.35, 1.0)], 0.05, (170, 70, 50))
    for x, dx in ((-0.6, -0.08), (-0.1, 0.06), (0.4, 0.1)):
        p.line([(x, 0.95), (x + dx, 1.08)], 0.025, shade(c, 0.85))


def rocket(p: Pen, c: RGB, shape: str) -> None:
    """A space rocket on its fins: a pointed nose of its colour, a round window."""
    body = (235, 235, 240)
    p.poly([(-0.1, 0.14), (0.1, 0.14), (0.06, 0.0), (-0.06, 0.0)], (90, 90, 100))
    for sx in (-1, 1):
        p.poly([(sx * 0.16, 0.42), (sx * 0.38, 0.12), (sx * 0.38, 0.0), (sx * 0.14, 0.16)], c)
    p.poly(arc_points(0.0, 0.5, 0.2, 0.5, 0, 180, 16) + [(-0.2, 0.5), (-0.16, 0.14), (0.16, 0.14), (0.2, 0.5)], body)
    p.poly(arc_points(0.0, 0.5, 0.2, 0.5, 35, 145, 12), c)
    p.circle(0.0, 0.56, 0.11, STEEL)
    p.circle(0.0, 0.56, 0.07, (120, 190, 240), False)


def tractor(p: Pen, c: RGB, shape: str) -> None:
    """A farm tractor facing right: the big back wheel under the cab, a small front wheel."""
    tyre, hub = (50, 50, 55), (250, 210, 60)
    p.rrect(-0.3, 0.62, 0.95, 0.3, 0.05, c)
    p.limb([(0.55, 0.62), (0.55, 0.85)], 0.06, (70, 70, 75))
    p.rrect(-0.75, 1.0, -0.1, 0.3, 0.04, c)
    p.rrect(-0.62, 0.92, -0.2, 0.62, 0.03, (185, 225, 250))
    p.rrect(-0.8, 1.0, -0.05, 0.94, 0.02, shade(c, 0.75))
    p.circle(-0.45, 0.34, 0.34, tyre)
    p.circle(-0.45, 0.34, 0.16, hub)
    p.circle(0.7, 0.2, 0.2, tyre)
    p.circle(0.7, 0.2, 0.09, hub)
    for x in (0.15, 0.3, 0.45):
        p.line([(x, 0.54), (x, 0.38)], 0.03, shade(c, 0.7))


def market_stall(p: Pen, c: RGB, shape: str) -> None:
    """A table of fruit under a striped awning on two posts."""
    wood = (175, 125, 75)
    for x in (-0.85, 0.85):
        p.limb([(x, 0.0), (x, 0.8)], 0.06, wood)
    for k, (x, col) in enumerate(((-0.6, (222, 62, 56)), (-0.38, (245, 140, 40)), (-0.16, (250, 210, 60)),
                                  (0.08, (76, 170, 80)), (0.3, (222, 62, 56)), (0.52, (245, 140, 40)))):
        p.circle(x, 0.53 + 0.04 * (k % 2), 0.11, col)
    p.rrect(-0.95, 0.5, 0.95, 0.0, 0.03, wood)
    p.rrect(-0.95, 0.5, 0.95, 0.42, 0.02, shade(wood, 1.15))
    stripes = 8
    for k in range(stripes):
        x0 = -1.0 + k * 2.0 / stripes
        col = c if k % 2 == 0 else WHITE
        p.poly([(x0, 1.0), (x0 + 2.0 / stripes, 1.0), (x0 + 2.0 / stripes, 0.84)]
               + arc_points(x0 + 1.0 / stripes, 0.84, 1.0 / stripes, 0.08, 0, -180, 8) + [(x0, 0.84)], col)


def sausage(p: Pen, c: RGB, shape: str) -> None:
    """Plump and gently bent, tied at both ends."""
    bend = arc_points(0.0, -1.6, 2.0, 2.0, 68, 112, 10)
    p.limb(bend, 0.38, c)
    for (x, y), dx in ((bend[0], 0.2), (bend[-1], -0.2)):
        p.circle(x + dx, y - 0.04, 0.05, shade(c, 0.75))
    p.line(arc_points(0.0, -1.6, 2.1, 2.1, 78, 100, 6), 0.06, mix(c, WHITE, 0.45))


def potato(p: Pen, c: RGB, shape: str) -> None:
    """A lumpy oval with its eyes."""
    pts = []
    for k in range(36):
        t = 2 * math.pi * k / 36
        r = 1 + 0.06 * math.sin(3 * t) + 0.04 * math.cos(5 * t)
        pts.append((0.6 * r * math.cos(t), 0.4 + 0.36 * r * math.sin(t)))
    p.poly(pts, c)
    for x, y in ((-0.35, 0.45), (0.05, 0.55), (0.35, 0.3), (-0.1, 0.18)):
        p.ellipse(x, y, 0.05, 0.03, shade(c, 0.65), False)
    p.ellipse(-0.2, 0.6, 0.14, 0.05, mix(c, WHITE, 0.4), False)


def purse(p: Pen, c: RGB, shape: str) -> None:
    """A small purse with one arched strap and a golden kiss clasp (a bag has two handles, no clasp)."""
    p.arc(0.0, 0.6, 0.28, 0.36, 0, 180, 0.05, shade(c, 0.72), raw=False)
    p.poly(arc_points(0.0, 0.34, 0.52, 0.34, 180, 360, 16) + [(0.52, 0.34), (0.36, 0.62), (-0.36, 0.62), (-0.52, 0.34)], c)
    p.arc(0.0, 0.56, 0.38, 0.06, 180, 360, 0.05, (235, 180, 40), raw=False)
    for x in (-0.05, 0.05):
        p.circle(x, 0.67, 0.05, (235, 180, 40))


def marshmallow(p: Pen, c: RGB, shape: str) -> None:
    """A marshmallow on the tip of a long toasting stick, toasted golden at its foot."""
    ux, uy = 0.66, 0.75  # along the stick
    nx, ny = -uy, ux
    p.limb([(-0.45, 0.0), (0.32, 0.88)], 0.05, (140, 100, 60))
    bx, by, ex, ey, rad = 0.08, 0.62, 0.08 + ux * 0.24, 0.62 + uy * 0.24, 0.15

    def rim(cx: float, cy: float, a0: float, a1: float) -> list:  # a round end of it, seen aslant
        return [(cx + nx * rad * math.cos(t) + ux * rad * 0.45 * math.sin(t),
                 cy + ny * rad * math.cos(t) + uy * rad * 0.45 * math.sin(t))
                for t in (math.radians(a0 + (a1 - a0) * k / 12) for k in range(13))]

    p.poly(rim(bx, by, 0, -180) + rim(ex, ey, 180, 0), c)
    p.poly(rim(bx, by, 0, -180) + rim(bx + ux * 0.08, by + uy * 0.08, -180, 0), (225, 180, 120), False)
    p.poly(rim(ex, ey, 0, 360), mix(c, WHITE, 0.5))


def generic(p: Pen, c: RGB, shape: str) -> None:
    """An unknown noun: a friendly object of its colour and shape."""
    if shape in ("square", "cube", "box", "rectangular"):
        p.rrect(-0.5, 1.0, 0.5, 0.0, 0.1, c)
    elif shape in ("long", "thin", "stick"):
        p.rrect(-0.9, 0.4, 0.9, 0.0, 0.2, c)
    elif shape in ("tall",):
        p.rrect(-0.3, 1.0, 0.3, 0.0, 0.15, c)
    elif shape in ("flat",):
        p.ellipse(0, 0.2, 0.8, 0.2, c)
    elif shape in ("star", "starry"):
        p.poly(_star_pts(0, 0.5, 0.52), c)
    elif shape in ("heart",):
        p.poly(_heart_pts(0, 0.45, 0.5), c)
    elif shape in ("triangle", "triangular", "pointy"):
        p.poly([(-0.55, 0.0), (0, 1.0), (0.55, 0.0)], c)
    elif shape in ("oval", "egg"):
        p.ellipse(0, 0.45, 0.35, 0.45, c)
    else:  # round, or nothing said
        p.circle(0, 0.5, 0.5, c)
    p.ellipse(-0.15, 0.7, 0.1, 0.07, mix(c, WHITE, 0.55), False)


PROPS: dict[str, PropSpec] = {
    "ball": PropSpec(0.24, "red", ball, 0.6),
    "toy car": PropSpec(0.2, "red", toy_car, 1.0),
    "car": PropSpec(0.62, "blue", car, 1.0),
    "box": PropSpec(0.32, "tan", box, 0.7),
    "present": PropSpec(0.3, "purple", present, 0.65),
    "book": PropSpec(0.2, "blue", book, 0.5),
    "diary": PropSpec(0.2, "pink", diary, 0.5),
    "letter": PropSpec(0.12, "white", letter, 0.75),
    "hat": PropSpec(0.17, "dark blue", hat, 1.0),
    "shovel": PropSpec(0.5, "red", shovel, 0.2),
    "bucket": PropSpec(0.24, "yellow", bucket, 0.55),
    "flower": PropSpec(0.3, "pink", flower, 0.35),
    "tree": PropSpec(1.8, "green", tree, 0.5),
    "cake": PropSpec(0.28, "pink", cake, 0.65),
    "kite": PropSpec(0.55, "orange", kite, 0.35),
    "balloon": PropSpec(1.0, "red", balloon, 0.2),
    "umbrella": PropSpec(0.75, "purple", umbrella, 0.62),
    "chair": PropSpec(0.55, "brown", chair, 0.42),
    "table": PropSpec(0.48, "brown", table, 0.85),
    "bed": PropSpec(0.45, "light blue", bed, 1.02),
    "lamp": PropSpec(0.65, "yellow", lamp, 0.32),
    "door": PropSpec(1.3, "brown", door, 0.42),
    "window": PropSpec(0.6, "white", window, 0.58, ground=False),
    "swing": PropSpec(1.3, "red", swing, 0.6),
    "slide": PropSpec(1.1, "yellow", slide, 0.9),
    "rock": PropSpec(0.3, "grey", rock, 0.7),
    "gem": PropSpec(0.14, "blue", gem, 0.55),
    "key": PropSpec(0.14, "golden", key, 0.3),
    "cup": PropSpec(0.13, "white", cup, 0.7),
    "apple": PropSpec(0.13, "red", apple, 0.5),
    "bag": PropSpec(0.26, "brown", bag, 0.55),
    "bike": PropSpec(0.55, "blue", bike, 1.0),
    "boat": PropSpec(0.55, "red", boat, 0.8),
    "drum": PropSpec(0.3, "red", drum, 0.6),
    "crown": PropSpec(0.14, "golden", crown, 0.65),
    "star": PropSpec(0.22, "yellow", star, 0.55),
    "sandcastle": PropSpec(0.42, "sand", sandcastle, 0.75),
    "teddy bear": PropSpec(0.3, "brown", teddy_bear, 0.45),
    "bench": PropSpec(0.45, "brown", bench, 1.05),
    "basket": PropSpec(0.25, "tan", basket, 0.6),
    "candle": PropSpec(0.2, "white", candle, 0.32),
    "clock": PropSpec(0.3, "red", clock, 0.55),
    "egg": PropSpec(0.12, "white", egg, 0.4),
    "carrot": PropSpec(0.2, "orange", carrot, 0.25),
    "cookie": PropSpec(0.1, "tan", cookie, 0.55),
    "house": PropSpec(1.8, "cream", house, 0.9),
    "sign": PropSpec(0.8, "white", sign, 0.45),
    "fence": PropSpec(0.5, "white", fence, 1.05),
    "map": PropSpec(0.2, "cream", map_, 0.75),
    "mushroom": PropSpec(0.2, "red", mushroom, 0.55),
    "pencil": PropSpec(0.18, "yellow", pencil, 0.15),
    "bottle": PropSpec(0.22, "green", bottle, 0.3),
    "shell": PropSpec(0.12, "pink", shell, 0.65),
    "leaf": PropSpec(0.14, "green", leaf, 0.4),
    "bone": PropSpec(0.1, "white", bone, 0.9),
    "wand": PropSpec(0.28, "yellow", wand, 0.3),
    "bush": PropSpec(0.45, "green", bush, 0.9),
    "pumpkin": PropSpec(0.3, "orange", pumpkin, 0.8),
    "snowman": PropSpec(0.8, "red", snowman, 0.45),
    "tent": PropSpec(0.9, "orange", tent, 0.95),
    "lantern": PropSpec(0.3, "red", lantern, 0.3),
    "ladder": PropSpec(1.2, "brown", ladder, 0.3),
    "bowl": PropSpec(0.12, "blue", bowl, 0.75),
    "paper": PropSpec(0.16, "white", paper, 0.8),
    "painting": PropSpec(0.5, "orange", painting, 0.72, ground=False),
    "brush": PropSpec(0.22, "red", brush, 0.15),
    "scissors": PropSpec(0.18, "red", scissors, 0.6),
    "spoon": PropSpec(0.16, "silver", spoon, 0.2),
    "bridge": PropSpec(0.7, "brown", bridge, 1.02),
    "bus": PropSpec(1.0, "yellow", bus, 1.0),
    "train": PropSpec(0.9, "red", train, 1.0),
    "nest": PropSpec(0.18, "brown", nest, 0.82),
    "yarn": PropSpec(0.16, "red", yarn, 1.02),
    "feather": PropSpec(0.2, "white", feather, 0.3),
    "blanket": PropSpec(0.22, "light blue", blanket, 0.92),
    "grill": PropSpec(0.6, "black", grill, 0.62),
    "hole": PropSpec(0.16, "brown", hole, 0.92),
    "sled": PropSpec(0.32, "red", sled, 1.0),
    "banana": PropSpec(0.12, "yellow", banana, 0.9),
    "shield": PropSpec(0.4, "blue", shield, 0.6),
    "stick": PropSpec(0.5, "brown", stick, 0.3),
    "fishing rod": PropSpec(0.6, "brown", fishing_rod, 0.78),
    "net": PropSpec(0.6, "green", net, 0.5),
    "scarf": PropSpec(0.3, "red", scarf, 0.5),
    "mittens": PropSpec(0.12, "red", mittens, 0.72),
    "saddle": PropSpec(0.24, "brown", saddle, 0.92),
    "hammer": PropSpec(0.22, "brown", hammer, 0.5),
    "saw": PropSpec(0.16, "red", saw, 0.98),
    "plank": PropSpec(0.16, "wooden", plank, 0.98),
    "paint can": PropSpec(0.18, "blue", paint_can, 0.55),
    "watering can": PropSpec(0.24, "green", watering_can, 1.02),
    "birdhouse": PropSpec(0.26, "light blue", birdhouse, 0.52),
    "rope": PropSpec(0.12, "tan", rope, 1.0),
    "sandwich": PropSpec(0.1, "tan", sandwich, 0.78),
    "pizza": PropSpec(0.14, "yellow", pizza, 0.58),
    "bread": PropSpec(0.1, "tan", bread, 0.85),
    "pancakes": PropSpec(0.12, "tan", pancakes, 0.95),
    "strawberry": PropSpec(0.1, "red", strawberry, 0.48),
    "light bulb": PropSpec(0.12, "light yellow", light_bulb, 0.4),
    "guitar": PropSpec(0.45, "orange", guitar, 0.32),
    "camera": PropSpec(0.1, "black", camera, 0.72),
    "phone": PropSpec(0.1, "black", phone, 0.32),
    "blocks": PropSpec(0.2, "red", blocks, 0.55),
    "toys": PropSpec(0.26, "red", toys, 0.78),
    "suitcase": PropSpec(0.3, "dark red", suitcase, 0.72),
    "plant": PropSpec(0.3, "green", plant, 0.62),
    "scarecrow": PropSpec(0.85, "blue", scarecrow, 0.5),
    "paw prints": PropSpec(0.12, "brown", paw_prints, 1.0),
    "cheese": PropSpec(0.1, "yellow", cheese, 0.82),
    "pillow": PropSpec(0.14, "white", pillow, 0.88),
    "campfire": PropSpec(0.32, "orange", campfire, 0.95),
    "log": PropSpec(0.18, "brown", log, 0.95),
    "cart": PropSpec(0.45, "red", cart, 1.02),
    "bell": PropSpec(0.13, "golden", bell, 0.5),
    "boots": PropSpec(0.16, "yellow", boots, 0.75),
    "acorn": PropSpec(0.1, "brown", acorn, 0.45),
    "lemon": PropSpec(0.1, "yellow", lemon, 0.72),
    "teapot": PropSpec(0.16, "light blue", teapot, 0.8),
    "tray": PropSpec(0.12, "silver", tray, 1.02),
    "hay": PropSpec(0.35, "straw", hay, 0.92),
    "rocket": PropSpec(0.4, "red", rocket, 0.4),
    "tractor": PropSpec(0.95, "red", tractor, 1.0),
    "market stall": PropSpec(1.1, "red", market_stall, 1.0),
    "sausage": PropSpec(0.1, "copper", sausage, 1.0),
    "potato": PropSpec(0.1, "tan", potato, 0.68),
    "purse": PropSpec(0.16, "red", purse, 0.55),
    "marshmallow": PropSpec(0.35, "white", marshmallow, 0.5),
}

PROP_ALIASES: dict[str, str] = {
    "teddy": "teddy bear", "gift": "present", "parcel": "present", "package": "present",
    "football": "ball", "soccer ball": "ball", "beach ball": "ball", "toy truck": "toy car", "truck": "car",
    "bicycle": "bike", "journal": "diary", "notebook": "diary", "envelope": "letter", "note": "letter",
    "postcard": "letter", "spade": "shovel", "pail": "bucket", "rose": "flower", "daisy": "flower",
    "tulip": "flower", "sunflower": "flower", "flowers": "flower", "cupcake": "cake", "pie": "cake",
    "stone": "rock", "pebble": "rock", "boulder": "rock", "jewel": "gem", "diamond": "gem", "crystal": "gem",
    "ruby": "gem", "treasure": "gem", "mug": "cup", "glass": "cup", "backpack": "bag",
    "sack": "bag", "ship": "boat", "canoe": "boat", "raft": "boat", "tiara": "crown",
    "sofa": "bench", "couch": "bench", "stool": "chair", "desk": "table", "torch": "lantern",
    "flashlight": "lantern", "cot": "bed", "gate": "fence", "cap": "hat", "bonnet": "hat", "doll": "teddy bear",
    "biscuit": "cookie", "pear": "apple", "orange": "apple",
    "cherry": "apple", "fruit": "apple", "seashell": "shell", "branch": "stick",
    "pen": "pencil", "crayon": "pencil", "jar": "bottle", "potion": "bottle", "watch": "clock",
    "hut": "house", "cottage": "house", "home": "house", "castle": "sandcastle", "pine tree": "tree",
    "oak": "tree", "apple tree": "tree", "shrub": "bush", "hedge": "bush", "toadstool": "mushroom",
    "trunk": "box", "chest": "box", "crate": "box", "treasure chest": "box", "basketball": "ball",
    "tennis ball": "ball", "kitten toy": "ball", "magic wand": "wand", "plate": "bowl", "dish": "bowl",
    "light": "lamp", "pot": "bowl", "pan": "bowl", "honey pot": "bowl", "vase": "bottle", "jug": "bottle", "signpost": "sign", "poster": "sign", "picture": "painting", "drawing": "painting",
    "photo": "painting", "portrait": "painting", "paintbrush": "brush", "fork": "spoon", "ladle": "spoon",
    "sheet": "paper", "page": "paper", "card": "paper", "scissor": "scissors", "shears": "scissors",
    "barbecue": "grill", "stove": "grill", "wool": "yarn", "ball of yarn": "yarn", "thread": "yarn",
    "quilt": "blanket", "rug": "blanket", "towel": "blanket", "food": "bowl", "soup": "bowl",
    "cooky": "cookie", "locomotive": "train", "coach": "bus", "school bus": "bus",
    "twig": "stick", "cuddly bear": "teddy bear", "toy bear": "teddy bear", "stuffed bear": "teddy bear",
    "plush bear": "teddy bear", "stuffed animal": "teddy bear", "plush toy": "teddy bear",
    "shiny thing": "gem", "shiny object": "gem", "shiny stone": "gem", "sparkly thing": "gem",
    "sparkly stone": "gem", "sparkly object": "gem", "shiny rock": "gem", "ornament": "ball", "bauble": "ball", "pit": "hole", "burrow": "hole", "sledge": "sled", "sleigh": "sled", "toboggan": "sled",
    # "toys" is a heap of toys; "a toy" alone says no thing to draw (a teddy bear was a guess that
    # drew "held the brush up like a toy" as a bear). A "seat" is the seat of whatever it is on (a
    # bike, a boat, a bus, a swing): a kitchen chair was wrong in each, so it draws nothing of its own.
    # Only "boards" is a plank: "climbed on board" is none.
    "luggage": "suitcase", "briefcase": "suitcase", "fishing pole": "fishing rod", "rod": "fishing rod",
    "fishing net": "net", "butterfly net": "net", "shawl": "scarf", "mitten": "mittens", "gloves": "mittens",
    "glove": "mittens", "mallet": "hammer", "boards": "plank", "planks": "plank",
    "wooden board": "plank", "paint": "paint can", "can": "paint can", "trash can": "bucket",
    "garbage can": "bucket",
    "paint pot": "paint can", "paint tin": "paint can", "paint bucket": "paint can",
    "bird house": "birdhouse", "birdbox": "birdhouse", "bird box": "birdhouse", "nest box": "birdhouse",
    "lasso": "rope", "pizza slice": "pizza", "loaf": "bread",
    "bun": "bread", "toast": "bread", "baguette": "bread", "pancake": "pancakes",
    "waffle": "pancakes", "berry": "strawberry", "raspberry": "strawberry", "bulb": "light bulb",
    "lightbulb": "light bulb", "ukulele": "guitar", "banjo": "guitar", "telephone": "phone",
    "cellphone": "phone", "mobile phone": "phone", "smartphone": "phone", "toy blocks": "blocks",
    "building blocks": "blocks", "lego": "blocks", "houseplant": "plant", "potted plant": "plant",
    "flowerpot": "plant", "flower pot": "plant", "pot plant": "plant", "paw print": "paw prints",
    "pawprints": "paw prints", "cushion": "pillow",
    "sandwiches": "sandwich", "scarves": "scarf", "strawberries": "strawberry", "berries": "strawberry",
    "raspberries": "strawberry", "loaves": "bread",
    "fire": "campfire", "bonfire": "campfire", "logs": "log", "trolley": "cart", "shopping cart": "cart",
    "shopping trolley": "cart", "wagon": "cart", "wheelbarrow": "cart", "boot": "boots", "wellies": "boots",
    "wellingtons": "boots", "rain boots": "boots", "wellington boots": "boots", "acorns": "acorn", "nut": "acorn",
    "nuts": "acorn", "lemons": "lemon", "kettle": "teapot", "baking tray": "tray", "hay bale": "hay",
    "bale": "hay", "straw": "hay", "spaceship": "rocket", "space rocket": "rocket", "stall": "market stall",
    "fruit stall": "market stall", "flower stall": "market stall", "stand": "market stall", "hot dog": "sausage",
    "sausages": "sausage", "potatoes": "potato", "handbag": "purse", "wallet": "purse",
    "marshmallows": "marshmallow",
    # "carried the watering can": the small parser reads "can" as the verb and "watering" as the thing
    "watering": "watering can",
}


def known_props() -> list[str]:
    return list(PROPS)


# Words before an animal's that make it a soft toy.
SOFT_TOY_WORDS = frozenset({"toy", "stuffed", "plush", "cuddly"})


def resolve_prop(noun: str) -> tuple[str | None, str | None]:
    """Library noun for a word (None = generic object), and a substitution note if not drawn as itself."""
    word = " ".join(noun.strip().lower().split())
    if word in PROPS:
        return word, None
    if word in PROP_ALIASES:
        target = PROP_ALIASES[word]
        return target, f"prop '{word}' drawn as {target}"
    words = word.split()
    if len(words) >= 2 and words[0] in SOFT_TOY_WORDS and (words[-1] in KINDS or words[-1] in KIND_ALIASES):
        return "teddy bear", f"prop '{word}' drawn as teddy bear"  # "toy rabbit", "stuffed elephant": a soft toy
    for cand in (word[:-1] if word.endswith("s") else word, word.split()[-1] if word else word):
        if cand in PROPS:
            return cand, (None if cand == word else f"prop '{word}' drawn as {cand}")
        if cand in PROP_ALIASES:
            return PROP_ALIASES[cand], f"prop '{word}' drawn as {PROP_ALIASES[cand]}"
    return None, f"unknown prop '{word}' drawn as a generic object"


SIZE_FACTOR = {"small": 0.72, "medium": 1.0, "large": 1.4}
_CACHE = ImageLRU(32 * 2**20, sprite_bytes)


def prop_height(prop: Prop) -> float:
    noun, _ = resolve_prop(prop.noun)
    h = PROPS[noun].height if noun else 0.3
    return h * SIZE_FACTOR[prop.size]


def prop_colour(prop: Prop) -> RGB:
    noun, _ = resolve_prop(prop.noun)
    if prop.colour:
        return parse_colour(prop.colour)
    return parse_colour(PROPS[noun].colour) if noun else (200, 160, 120)


def prop_sprite(prop: Prop, style: str, px_height: float) -> Sprite:
    """The prop drawn `px_height` pixels tall; anchor at its bottom centre."""
    px = max(4, int(round(px_height)))
    key = (prop.noun, prop.colour, prop.shape, style, px)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    noun, _ = resolve_prop(prop.noun)
    spec = PROPS[noun] if noun else PropSpec(0.3, "tan", generic, 1.0)
    w = max(spec.width, 0.55) + 0.1
    ss = 4 if px < 60 else 3
    pen = Pen(px, (-w, w, -0.06, 1.12), get_style(style), ss=ss, outline_units=0.02 if px > 80 else 0.035)
    spec.draw(pen, prop_colour(prop), prop.shape)
    img = pen.finish()
    ax, ay = w * px, 1.12 * px
    bbox = img.getbbox() or (0, 0, 1, 1)
    img = img.crop(bbox)
    sprite = Sprite(img, (ax - bbox[0], ay - bbox[1]))
    _CACHE.put(key, sprite)
    return sprite
