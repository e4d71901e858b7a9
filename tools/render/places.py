"""Setting plates: each place drawn as three parallax layers (far, middle, near) at any time and weather.

A plate covers more than the frame (WORLD below) so camera pans and zooms have something to
show. Coordinates: world x 0..1 and y 0..1 are the wide frame (y down, y = 1 the bottom edge).
Plates are cached per place, time, weather, style, size, scale and seed.
"""

from __future__ import annotations

import difflib
import math
import random
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from PIL import Image

from animdirector.tools.render.colours import RGB, mix, shade
from animdirector.tools.render.pen import Pen, arc_points, get_style, grade_lut

WORLD = (-0.3, 1.3, -0.2, 1.08)  # x0, x1, y0, y1 of the plate in world coordinates
PARALLAX = {"back": 0.35, "mid": 1.0, "front": 1.3}
HORIZON = 0.56  # where the ground meets the far layer, outdoors

PLACES = (
    "bedroom", "kitchen", "living room", "classroom", "shop", "garden", "backyard", "park", "playground",
    "forest", "beach", "river", "mountain", "street", "farm", "cave", "castle", "meadow", "sky",
)
INDOOR = {"bedroom", "kitchen", "living room", "classroom", "shop", "cave"}

PLACE_ALIASES = {
    "room": "bedroom", "nursery": "bedroom", "house": "living room", "home": "living room", "lounge": "living room",
    "school": "classroom", "library": "classroom", "store": "shop", "market": "shop", "bakery": "shop",
    "toy shop": "shop", "toyshop": "shop", "yard": "backyard", "lawn": "backyard", "woods": "forest",
    "wood": "forest", "jungle": "forest", "sea": "beach", "seaside": "beach", "ocean": "beach", "shore": "beach",
    "lake": "river", "pond": "river", "stream": "river", "creek": "river", "hill": "meadow", "hills": "meadow",
    "field": "meadow", "fields": "meadow", "countryside": "meadow", "valley": "meadow", "mine": "cave",
    "tunnel": "cave", "cavern": "cave", "palace": "castle", "tower": "castle", "city": "street", "town": "street",
    "village": "street", "road": "street", "zoo": "park", "playpark": "playground", "barn": "farm",
    "clouds": "sky", "air": "sky", "space": "sky", "heaven": "sky", "mountains": "mountain", "peak": "mountain",
    "snowy mountain": "mountain", "dining room": "kitchen", "attic": "bedroom", "den": "living room",
    "sandpit": "playground", "orchard": "garden", "flower garden": "garden", "allotment": "garden",
    "campsite": "forest", "desert": "beach", "island": "beach", "harbour": "beach", "harbor": "beach",
    # places the library has no picture of, drawn as what stands around them
    "station": "street", "train station": "street", "bus station": "street", "platform": "street",
    "bus stop": "street", "supermarket": "shop", "cafe": "shop", "restaurant": "shop",
    "tree house": "backyard", "treehouse": "backyard", "porch": "backyard",
    "pool": "river", "swimming pool": "river", "fountain": "park",
    # the water itself and its edges: a river, unless the scene is at the sea (see settle_place)
    "water": "river", "bank": "river", "riverbank": "river", "lily pad": "river", "waterfall": "river",
}


def known_places() -> list[str]:
    return list(PLACES)


def resolve_place(place: str) -> tuple[str, str | None]:
    """Our place for a word, and a substitution note when it is drawn as another place."""
    word = " ".join(place.strip().lower().replace("_", " ").split())
    for prefix in ("the ", "a ", "an ", "in the ", "at the "):
        if word.startswith(prefix):
            word = word[len(prefix):]
    if word in PLACES:
        return word, None
    if word in PLACE_ALIASES:
        return PLACE_ALIASES[word], f"place '{word}' drawn as {PLACE_ALIASES[word]}"
    for token in reversed(word.split()):
        if token in PLACES:
            return token, f"place '{word}' drawn as {token}"
        if token in PLACE_ALIASES:
            return PLACE_ALIASES[token], f"place '{word}' drawn as {PLACE_ALIASES[token]}"
    close = difflib.get_close_matches(word, list(PLACES) + list(PLACE_ALIASES), n=1, cutoff=0.6)
    if close:
        target = PLACE_ALIASES.get(close[0], close[0])
        return target, f"unknown place '{word}' drawn as the nearest known setting ({target})"
    return "meadow", f"unknown place '{word}' drawn as the nearest known setting (meadow)"


# -- light -------------------------------------------------------------------------------------------

SKY = {  # top, horizon
    "morning": ((140, 200, 240), (255, 226, 196)),
    "noon": ((100, 178, 236), (205, 232, 250)),
    "sunset": ((112, 96, 170), (255, 166, 110)),
    "night": ((22, 28, 66), (64, 72, 132)),
}
GRADE = {  # multiply, add
    "morning": ((1.0, 0.97, 0.92), (6, 4, 0)),
    "noon": ((1.0, 1.0, 1.0), (0, 0, 0)),
    "sunset": ((1.0, 0.8, 0.7), (18, 2, 12)),
    "night": ((0.52, 0.57, 0.68), (16, 18, 36)),
}


def light_grade(time_of_day: str, weather: str, style: str, indoor: bool = False
                ) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    mul, add = GRADE[time_of_day]
    if indoor and time_of_day == "night":  # lamps are on indoors
        mul, add = (0.78, 0.76, 0.86), (8, 6, 20)
    mul = list(mul)
    add = list(add)
    if weather == "rain":
        mul = [m * 0.82 for m in mul]
        add = [a + 12 for a in add]
    elif weather == "snow":
        mul = [mul[0] * 0.94, mul[1] * 0.97, mul[2] * 1.0]
        add = [a + 10 for a in add]
    if style == "night-pastel":  # a lavender evening over everything
        mul = [mul[0] * 0.95, mul[1] * 0.92, mul[2] * 1.0]
        add = [add[0], add[1], add[2] + 12]
    return (mul[0], mul[1], mul[2]), (add[0], add[1], add[2])


def grade_image(img: Image.Image, time_of_day: str, weather: str, style: str, indoor: bool = False) -> Image.Image:
    mul, add = light_grade(time_of_day, weather, style, indoor)
    if mul == (1.0, 1.0, 1.0) and add == (0, 0, 0):
        return img
    return img.point(grade_lut(mul, add, img.mode == "RGBA"))


# -- painter -----------------------------------------------------------------------------------------


@dataclass
class Plate:
    back: Image.Image  # RGB, the whole plate
    mid: Image.Image  # RGBA
    front: Image.Image | None  # RGBA or None
    px_per_x: float  # plate pixels per world x unit
    px_per_y: float
    place: str


class Painter:
    """Three pens over the plate, in world coordinates (x 0..1, y 0..1 down) via X() and Y()."""

    def __init__(self, size: tuple[int, int], scale: float, style: str, rng: random.Random, ss: int = 2) -> None:
        w, h = size
        self.aspect = w / h
        self.unit = h * scale  # pixels per H unit
        ext = (WORLD[0] * self.aspect, WORLD[1] * self.aspect, 1 - WORLD[3], 1 - WORLD[2])
        st = get_style(style)
        self.sky = Pen(self.unit, ext, st, ss=ss, outline_units=0.0025)
        self.back = Pen(self.unit, ext, st, ss=ss, outline_units=0.0025)
        self.mid = Pen(self.unit, ext, st, ss=ss, outline_units=0.0025)
        self.front = Pen(self.unit, ext, st, ss=ss, outline_units=0.0025)
        self.used_front = False
        self.rng = rng
        self.style = style
        self.place = ""


    def X(self, wx: float) -> float:
        return wx * self.aspect

    def Y(self, wy: float) -> float:
        return 1 - wy

    def P(self, wx: float, wy: float) -> tuple[float, float]:
        return (wx * self.aspect, 1 - wy)

    def pts(self, seq) -> list[tuple[float, float]]:
        return [self.P(x, y) for x, y in seq]

    # shared scenery pieces
    def hills(self, pen: Pen, base: float, height: float, colour: RGB, n: int = 4, phase: float = 0.0) -> None:
        x0, x1 = WORLD[0] - 0.05, WORLD[1] + 0.05
        pts = [(x0, 1.2)]
        steps = 60
        for i in range(steps + 1):
            x = x0 + (x1 - x0) * i / steps
            y = base - height * (0.55 + 0.45 * math.sin(2 * math.pi * (x * n / 1.6) + phase))
            pts.append((x, y))
        pts.append((x1, 1.2))
        pen.poly(self.pts(pts), colour, False)

    def ground(self, pen: Pen, top: float, colour: RGB) -> None:
        pen.poly(self.pts([(WORLD[0] - 0.1, top), (WORLD[1] + 0.1, top), (WORLD[1] + 0.1, 1.2), (WORLD[0] - 0.1, 1.2)]),
                 colour, False)

    def tree(self, pen: Pen, x: float, y: float, h: float, colour: RGB, kind: str = "round") -> None:
        a = self.aspect
        trunk = (135, 92, 60)
        tw = h * 0.07
        pen.poly(self.pts([(x - tw / a, y), (x + tw / a, y), (x + tw * 0.7 / a, y - h * 0.5), (x - tw * 0.7 / a, y - h * 0.5)]),
                 trunk)
        if kind == "pine":
            for k in range(3):
                yy = y - h * (0.3 + k * 0.22)
                wdt = h * (0.36 - k * 0.08) / a
                pen.poly(self.pts([(x - wdt, yy), (x + wdt, yy), (x, yy - h * 0.4)]), shade(colour, 0.92 + 0.06 * k))
            return
        cx, cy = self.P(x, y - h * 0.68)
        r = h * 0.3
        for dx, dy, rr in ((-0.55, -0.1, 0.75), (0.55, -0.05, 0.75), (0, 0.35, 0.85), (-0.3, 0.25, 0.6), (0.3, 0.3, 0.6)):
            pen.circle(cx + dx * r, cy + dy * r, rr * r, colour)
        pen.ellipse(cx - 0.2 * r, cy + 0.5 * r, 0.25 * r, 0.15 * r, mix(colour, (255, 255, 255), 0.22), False)

    def cloud(self, pen: Pen, x: float, y: float, s: float, colour: RGB, alpha: int = 255) -> None:
        cx, cy = self.P(x, y)
        puffs = ((-1.0, 0, 0.55), (0, 0.25, 0.75), (1.0, 0.05, 0.6), (0.5, -0.15, 0.5), (-0.5, -0.15, 0.5))
        base = mix(colour, (150, 170, 205), 0.25)
        for dx, dy, r in puffs:
            pen.circle(cx + dx * s, cy + dy * s - 0.12 * s, r * s, base, False, alpha=alpha)
        for dx, dy, r in puffs:
            pen.circle(cx + dx * s - 0.05 * s, cy + dy * s + 0.02 * s, r * s * 0.94, colour, False, alpha=alpha)

    def flowers(self, pen: Pen, y0: float, y1: float, n: int, colours: list[RGB]) -> None:
        for _ in range(n):
            x = self.rng.uniform(WORLD[0], WORLD[1])
            y = self.rng.uniform(y0, y1)
            c = self.rng.choice(colours)
            px, py = self.P(x, y)
            s = 0.006 + 0.006 * (y - y0) / max(1e-6, y1 - y0)
            pen.line([(px, py), (px, py - s * 2.5)], s * 0.5, (70, 150, 60))
            for k in range(5):
                ang = math.radians(90 + 72 * k)
                pen.circle(px + math.cos(ang) * s, py - s * 2.5 + math.sin(ang) * s, s * 0.75, c, False)
            pen.circle(px, py - s * 2.5, s * 0.55, (250, 210, 70), False)

    def tufts(self, pen: Pen, y0: float, y1: float, n: int, colour: RGB) -> None:
        for _ in range(n):
            x = self.rng.uniform(WORLD[0], WORLD[1])
            y = self.rng.uniform(y0, y1)
            px, py = self.P(x, y)
            s = 0.012 + 0.012 * (y - y0) / max(1e-6, y1 - y0)
            pen.poly([(px - s, py), (px - s * 0.6, py + s * 1.6), (px - s * 0.1, py + s * 0.4), (px + s * 0.3, py + s * 1.9),
                      (px + s * 0.5, py + s * 0.4), (px + s * 1.1, py + s * 1.3), (px + s, py)], colour, False)


# -- the places ----------------------------------------------------------------------------------------


def _sky(pt: Painter, time_of_day: str, weather: str, size: tuple[int, int]) -> Image.Image:
    top, bottom = SKY[time_of_day]
    if pt.place == "sky" and time_of_day in ("noon", "morning"):
        top, bottom = (80, 150, 225), (150, 200, 240)
    if weather == "rain":
        top, bottom = mix(top, (120, 125, 140), 0.55), mix(bottom, (170, 175, 185), 0.55)
    elif weather == "snow":
        top, bottom = mix(top, (190, 198, 215), 0.5), mix(bottom, (230, 232, 240), 0.5)
    if pt.style == "night-pastel":
        top, bottom = mix(top, (120, 100, 190), 0.35), mix(bottom, (235, 190, 220), 0.3)
    st = get_style(pt.style)
    top, bottom = st.fill(top), st.fill(bottom)
    w, h = pt.back.img.size
    # the gradient runs from the plate top to the horizon, then holds
    y_top = 0
    y_h = int((HORIZON - WORLD[2]) / (WORLD[3] - WORLD[2]) * h)
    t = np.clip((np.arange(h) - y_top) / max(1, y_h - y_top), 0, 1) ** 1.2
    col = (np.array(top)[None, :] * (1 - t[:, None]) + np.array(bottom)[None, :] * t[:, None]).astype(np.uint8)
    arr = np.repeat(col[:, None, :], w, axis=1)
    alpha = np.full((h, w, 1), 255, np.uint8)
    return Image.fromarray(np.concatenate([arr, alpha], axis=2), "RGBA")


def _sun_moon(pt: Painter, time_of_day: str, weather: str) -> None:
    if weather != "clear":
        return
    b = pt.sky
    if time_of_day == "night":
        for _ in range(70):
            x, y = pt.rng.uniform(WORLD[0], WORLD[1]), pt.rng.uniform(WORLD[2], HORIZON - 0.05)
            cx, cy = pt.P(x, y)
            r = pt.rng.uniform(0.002, 0.005)
            b.circle(cx, cy, r, (255, 250, 220), False)
        cx, cy = pt.P(0.78, 0.14)
        b.circle(cx, cy, 0.11, (255, 250, 215), False, alpha=40)
        b.circle(cx, cy, 0.065, (255, 248, 210), False)
        for dx, dy, r in ((-0.02, 0.015, 0.014), (0.018, -0.01, 0.01), (0.005, 0.03, 0.008)):
            b.circle(cx + dx, cy + dy, r, (236, 228, 190), False)
    else:
        x, y = {"morning": (0.16, 0.2), "noon": (0.82, 0.1), "sunset": (0.7, 0.44)}[time_of_day]
        cx, cy = pt.P(x, y)
        c = {"morning": (255, 235, 150), "noon": (255, 230, 110), "sunset": (255, 190, 100)}[time_of_day]
        b.circle(cx, cy, 0.13, c, False, alpha=50)
        b.circle(cx, cy, 0.085, c, False)


def _clouds(pt: Painter, pen: Pen, time_of_day: str, weather: str, n: int = 4) -> None:
    c = {"night": (90, 96, 150), "sunset": (255, 205, 190)}.get(time_of_day, (255, 255, 255))
    if weather == "rain":
        c = mix(c, (120, 120, 135), 0.6)
        n += 3
    elif weather == "snow":
        c = mix(c, (215, 218, 230), 0.5)
        n += 2
    for i in range(n):
        x = WORLD[0] + (i + pt.rng.uniform(0.1, 0.9)) * (WORLD[1] - WORLD[0]) / n
        y = pt.rng.uniform(0.05, 0.3)
        pt.cloud(pen, x, y, pt.rng.uniform(0.035, 0.06), c, 235)


def _outdoor(pt: Painter, place: str, time_of_day: str, weather: str) -> None:
    rng = pt.rng
    b, m, f = pt.back, pt.mid, pt.front
    grass = (120, 190, 90)
    far = (150, 200, 130)
    snow = weather == "snow"
    _sun_moon(pt, time_of_day, weather)
    _clouds(pt, pt.sky, time_of_day, weather)
    if place == "mountain":
        for i, (x, h, c) in enumerate(((0.0, 0.42, (150, 160, 190)), (0.45, 0.52, (135, 148, 180)),
                                       (0.95, 0.44, (150, 160, 190)), (1.3, 0.4, (140, 150, 185)), (-0.35, 0.38, (140, 150, 185)))):
            w = 0.38
            b.poly(pt.pts([(x - w, HORIZON + 0.1), (x, HORIZON - h), (x + w, HORIZON + 0.1)]), c, False)
            b.poly(pt.pts([(x - w * 0.28, HORIZON - h * 0.72), (x, HORIZON - h), (x + w * 0.28, HORIZON - h * 0.72),
                           (x + w * 0.1, HORIZON - h * 0.78), (x - w * 0.05, HORIZON - h * 0.7)]), (250, 250, 255), False)
        grass = (130, 170, 110)
        pt.hills(m, HORIZON + 0.06, 0.05, grass, 2)
        for x in (-0.2, 0.08, 0.93, 1.2):
            pt.tree(m, x + rng.uniform(-0.03, 0.03), HORIZON + 0.08, 0.3, (70, 130, 80), "pine")
        for _ in range(5):
            x = rng.uniform(WORLD[0], WORLD[1])
            rx, ry = pt.P(x, rng.uniform(0.75, 1.0))
            m.ellipse(rx, ry, 0.03, 0.018, (150, 145, 140))
    elif place == "beach":
        pt.ground(b, HORIZON - 0.04, (90, 170, 210))
        b.poly(pt.pts([(WORLD[0], HORIZON - 0.04), (WORLD[1], HORIZON - 0.04), (WORLD[1], HORIZON - 0.03),
                       (WORLD[0], HORIZON - 0.03)]), (60, 140, 190), False)
        sand = (240, 218, 160)
        pts = [(WORLD[0] - 0.1, HORIZON + 0.12)]
        for i in range(41):
            x = WORLD[0] + (WORLD[1] - WORLD[0]) * i / 40
            pts.append((x, HORIZON + 0.09 + 0.012 * math.sin(x * 25)))
        pts += [(WORLD[1] + 0.1, HORIZON + 0.12), (WORLD[1] + 0.1, 1.2), (WORLD[0] - 0.1, 1.2)]
        m.poly(pt.pts(pts), (255, 255, 255), False, alpha=200)
        m.poly(pt.pts([(x, y + 0.015) for x, y in pts]), sand, False)
        grass = sand
        for i in range(5):
            wx = WORLD[0] + i * 0.35 + rng.uniform(0, 0.1)
            cx, cy = pt.P(wx, HORIZON + 0.02 + rng.uniform(0, 0.04))
            b.arc(cx, cy, 0.02, 0.006, 0, 180, 0.003, (230, 245, 255), raw=False)
        for _ in range(6):
            sx, sy = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.72, 1.0))
            m.ellipse(sx, sy, 0.012, 0.008, (250, 190, 190))
        # a palm at the side
        px, py = pt.P(0.0, 0.8)
        m.limb([(px, py), (px + 0.03, py + 0.2), (px + 0.08, py + 0.42)], 0.03, (160, 115, 70))
        for ang in (20, 70, 120, 160, 200):
            a = math.radians(ang)
            m.limb([(px + 0.08, py + 0.42), (px + 0.08 + math.cos(a) * 0.16, py + 0.42 + math.sin(a) * 0.07 - 0.03)],
                   0.025, (80, 160, 80))
    elif place == "sky":
        for _ in range(6):
            pt.cloud(m, rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.55, 1.0), rng.uniform(0.05, 0.09), (255, 255, 255))
        for _ in range(3):
            pt.cloud(f, rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.95, 1.1), rng.uniform(0.06, 0.1), (250, 250, 255), 230)
        pt.used_front = True
        return
    else:
        # far hills for every green place
        far_c = {"forest": (110, 160, 110), "farm": (170, 205, 120), "castle": (150, 195, 140)}.get(place, far)
        pt.hills(b, HORIZON + 0.02, 0.12, mix(far_c, (190, 210, 230), 0.35), 3, rng.uniform(0, 6))
        pt.hills(b, HORIZON + 0.05, 0.08, far_c, 5, rng.uniform(0, 6))
        if place == "castle":
            k = 0.72  # the castle stands on the far hill, whole and with its flags in the frame
            stone = (200, 195, 205)
            bx, by = pt.P(0.62, HORIZON)
            b.rrect(bx - 0.25 * k, by + 0.22 * k, bx + 0.25 * k, by - 0.05, 0.0, stone)
            for dx in (-0.3, 0.3, 0.0):
                hh = (0.42 if dx == 0 else 0.33) * k
                x = bx + dx * k
                b.rrect(x - 0.06 * k, by + hh, x + 0.06 * k, by - 0.05, 0.0, shade(stone, 0.95))
                b.poly([(x - 0.08 * k, by + hh), (x + 0.08 * k, by + hh), (x, by + hh + 0.12 * k)], (110, 90, 170))
                b.line([(x, by + hh + 0.12 * k), (x, by + hh + 0.18 * k)], 0.004, (80, 70, 70))
                b.poly([(x, by + hh + 0.18 * k), (x + 0.05 * k, by + hh + 0.16 * k), (x, by + hh + 0.14 * k)],
                       (230, 70, 80))
                b.rrect(x - 0.02 * k, by + hh - 0.08 * k, x + 0.02 * k, by + hh - 0.14 * k, 0.02 * k, (60, 60, 90))
            for m_ in range(9):  # battlements
                x = bx - 0.24 * k + m_ * 0.06 * k
                b.rrect(x, by + 0.26 * k, x + 0.035 * k, by + 0.21 * k, 0.0, stone)
            b.rrect(bx - 0.06 * k, by + 0.1 * k, bx + 0.06 * k, by - 0.05, 0.06 * k, (110, 80, 60))
            grass = (130, 185, 100)
        if place == "street":
            grass = (200, 200, 205)
        if place == "playground":
            grass = (150, 200, 100)
        if place == "forest":
            grass = (100, 160, 80)
        if place == "farm":
            grass = (140, 195, 90)
        pt.ground(m, HORIZON + 0.04, grass)
        pt.hills(m, HORIZON + 0.06, 0.02, grass, 6)
        if place == "street":
            for i in range(8):
                x = WORLD[0] + i * 0.2 + 0.02
                c = [(230, 150, 120), (240, 210, 140), (160, 190, 220), (200, 160, 200), (170, 210, 160)][i % 5]
                h = 0.22 + 0.1 * ((i * 7) % 3) / 2
                x0, y0 = pt.P(x, HORIZON + 0.06)
                m.rrect(x0, y0 + h, x0 + 0.32, y0, 0.0, c)
                m.poly([(x0 - 0.02, y0 + h), (x0 + 0.34, y0 + h), (x0 + 0.16, y0 + h + 0.08)], (170, 80, 70))
                for wx in (0.06, 0.2):
                    m.rrect(x0 + wx, y0 + h - 0.04, x0 + wx + 0.07, y0 + h - 0.11, 0.01, (250, 235, 160))
                m.rrect(x0 + 0.13, y0 + 0.09, x0 + 0.19, y0, 0.01, shade(c, 0.6))
            m.poly(pt.pts([(WORLD[0] - 0.1, 0.68), (WORLD[1] + 0.1, 0.68), (WORLD[1] + 0.1, 1.2), (WORLD[0] - 0.1, 1.2)]),
                   (120, 120, 130), False)
            m.poly(pt.pts([(WORLD[0] - 0.1, 0.64), (WORLD[1] + 0.1, 0.64), (WORLD[1] + 0.1, 0.68), (WORLD[0] - 0.1, 0.68)]),
                   (175, 175, 180), False)
            for i in range(12):
                x = WORLD[0] + i * 0.15
                m.poly(pt.pts([(x, 0.84), (x + 0.07, 0.84), (x + 0.07, 0.85), (x, 0.85)]), (250, 250, 250), False)
            for x in (0.05, 0.55, 1.05):
                lx, ly = pt.P(x, 0.66)
                m.limb([(lx, ly), (lx, ly + 0.35)], 0.008, (70, 70, 80))
                m.circle(lx, ly + 0.36, 0.018, (255, 240, 170))
        if place in ("forest",):
            for i in range(14):
                x = WORLD[0] + i * 0.12 + rng.uniform(-0.03, 0.03)
                pt.tree(m, x, HORIZON + 0.08 + rng.uniform(0, 0.05), rng.uniform(0.45, 0.6),
                        rng.choice([(70, 140, 80), (90, 160, 80), (60, 125, 90)]), rng.choice(["round", "pine"]))
            for _ in range(4):
                x = rng.uniform(WORLD[0], WORLD[1])
                mx, my = pt.P(x, rng.uniform(0.75, 0.95))
                m.rrect(mx - 0.006, my + 0.02, mx + 0.006, my, 0.003, (245, 235, 215))
                m.poly(arc_points(mx, my + 0.02, 0.02, 0.018, 0, 180, 8), (220, 70, 60))
            pt.tufts(f, 0.97, 1.06, 14, (70, 130, 70))
            pt.used_front = True
        if place in ("park", "garden", "meadow", "backyard", "playground", "farm", "river", "castle"):
            trees = {"park": 5, "garden": 2, "meadow": 3, "backyard": 1, "playground": 2, "farm": 2, "river": 3,
                     "castle": 2}[place]
            for i in range(trees):
                x = WORLD[0] + (i + rng.uniform(0.2, 0.8)) * (WORLD[1] - WORLD[0]) / trees
                if place in ("backyard", "castle") and 0.3 < x < 0.85:
                    x = x + 0.45
                pt.tree(m, x, HORIZON + 0.07 + rng.uniform(0, 0.03), rng.uniform(0.32, 0.42),
                        rng.choice([(90, 165, 80), (110, 175, 85), (80, 150, 90)]))
        if place == "river":
            pts = [(WORLD[0] - 0.1, 0.68)]
            for i in range(41):
                x = WORLD[0] + (WORLD[1] - WORLD[0]) * i / 40
                pts.append((x, 0.66 + 0.015 * math.sin(x * 9)))
            pts2 = [(x, y + 0.12 + 0.01 * math.sin(x * 13)) for x, y in pts[::-1]]
            m.poly(pt.pts(pts + pts2), (90, 160, 215), False)
            for _ in range(10):
                wx, wy = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.69, 0.77))
                m.arc(wx, wy, 0.02, 0.005, 0, 180, 0.003, (200, 230, 250), raw=False)
            for _ in range(8):
                rx, ry = pt.P(rng.uniform(WORLD[0], WORLD[1]), 0.67)
                for k in range(3):
                    m.line([(rx + k * 0.006, ry), (rx + k * 0.008 - 0.004, ry + 0.05)], 0.003, (70, 140, 70))
        if place in ("garden", "backyard", "farm"):
            fc = (250, 250, 245) if place != "farm" else (190, 140, 90)
            y = HORIZON + 0.1
            for i in range(34):
                x = WORLD[0] + i * 0.05
                m.poly(pt.pts([(x, y + 0.0), (x + 0.02, y), (x + 0.02, y - 0.08), (x + 0.01, y - 0.095), (x, y - 0.08)]), fc)
            m.poly(pt.pts([(WORLD[0], y - 0.06), (WORLD[1], y - 0.06), (WORLD[1], y - 0.05), (WORLD[0], y - 0.05)]), fc)
            m.poly(pt.pts([(WORLD[0], y - 0.025), (WORLD[1], y - 0.025), (WORLD[1], y - 0.015), (WORLD[0], y - 0.015)]), fc)
        if place == "backyard":
            hx0, hy0 = pt.P(0.02, HORIZON + 0.1)
            m.rrect(hx0 - 0.5, hy0 + 0.38, hx0 + 0.25, hy0, 0.0, (235, 215, 180))
            m.poly([(hx0 - 0.55, hy0 + 0.38), (hx0 + 0.3, hy0 + 0.38), (hx0 - 0.12, hy0 + 0.58)], (190, 90, 70))
            m.rrect(hx0 + 0.02, hy0 + 0.3, hx0 + 0.15, hy0 + 0.18, 0.01, (250, 235, 160))
        if place == "farm":
            bx0, by0 = pt.P(0.82, HORIZON + 0.07)
            m.rrect(bx0 - 0.16, by0 + 0.22, bx0 + 0.16, by0, 0.0, (200, 70, 60))
            m.poly([(bx0 - 0.19, by0 + 0.22), (bx0 + 0.19, by0 + 0.22), (bx0, by0 + 0.36)], (150, 60, 55))
            m.rrect(bx0 - 0.06, by0 + 0.12, bx0 + 0.06, by0, 0.0, (250, 245, 235))
            m.line([(bx0 - 0.06, by0 + 0.12), (bx0 + 0.06, by0)], 0.006, (200, 70, 60))
            m.line([(bx0 + 0.06, by0 + 0.12), (bx0 - 0.06, by0)], 0.006, (200, 70, 60))
            for x in (0.2, 0.33):
                hx, hy = pt.P(x, HORIZON + 0.09)
                m.ellipse(hx, hy + 0.03, 0.04, 0.035, (230, 200, 110))
        if place == "playground":
            sx, sy = pt.P(0.88, HORIZON + 0.08)
            for dx in (-0.1, 0.1):
                m.line([(sx + dx, sy), (sx + dx * 0.7, sy + 0.2)], 0.008, (220, 80, 70))
            m.line([(sx - 0.08, sy + 0.2), (sx + 0.08, sy + 0.2)], 0.008, (220, 80, 70))
            gx, gy = pt.P(0.12, HORIZON + 0.08)
            m.poly([(gx, gy + 0.13), (gx + 0.2, gy), (gx + 0.22, gy), (gx + 0.03, gy + 0.15)], (250, 200, 60))
            m.line([(gx - 0.02, gy), (gx - 0.02, gy + 0.15)], 0.006, (90, 140, 220))
            sand = pt.P(0.3, 0.9)
            m.ellipse(sand[0] + 0.3, sand[1], 0.35, 0.06, (240, 220, 165), False)
        if place == "park":
            path = pt.pts([(0.35, HORIZON + 0.06), (0.45, HORIZON + 0.06), (0.75, 1.2), (0.05, 1.2)])
            m.poly(path, (225, 205, 165), False)
        if place in ("meadow", "garden", "park", "backyard"):
            n = {"meadow": 40, "garden": 30, "park": 12, "backyard": 10}[place]
            pt.flowers(m, HORIZON + 0.1, 1.05, n, [(250, 120, 150), (250, 250, 250), (255, 200, 70), (180, 140, 230)])
        if place in ("meadow", "park", "garden", "farm", "river", "castle", "playground", "backyard"):
            pt.tufts(m, HORIZON + 0.1, 1.05, 25, shade(grass, 0.85))
            pt.tufts(f, 1.0, 1.07, 8, shade(grass, 0.8))
            pt.used_front = True
    if snow:
        pts = [(WORLD[0] - 0.1, HORIZON + 0.07)]
        for i in range(41):
            x = WORLD[0] + (WORLD[1] - WORLD[0]) * i / 40
            pts.append((x, HORIZON + 0.06 + 0.01 * math.sin(x * 17)))
        pts += [(WORLD[1] + 0.1, HORIZON + 0.07), (WORLD[1] + 0.1, 1.2), (WORLD[0] - 0.1, 1.2)]
        m.poly(pt.pts(pts), (245, 247, 252), False, alpha=215)


def _indoor(pt: Painter, place: str, time_of_day: str, weather: str) -> None:
    rng = pt.rng
    b, m = pt.back, pt.mid
    floor_y = 0.6
    wall = {"bedroom": (190, 200, 240), "kitchen": (250, 230, 180), "living room": (240, 205, 170),
            "classroom": (215, 230, 200), "shop": (250, 220, 200), "cave": (90, 80, 90)}[place]
    floor = {"bedroom": (200, 150, 110), "kitchen": (230, 225, 215), "living room": (180, 120, 80),
             "classroom": (190, 160, 120), "shop": (210, 190, 160), "cave": (120, 105, 100)}[place]
    if place == "cave":
        b.poly(pt.pts([(WORLD[0] - 0.1, -0.3), (WORLD[1] + 0.1, -0.3), (WORLD[1] + 0.1, 1.2), (WORLD[0] - 0.1, 1.2)]),
               (70, 62, 75), False)
        for i in range(16):
            x = WORLD[0] + i * 0.1 + rng.uniform(-0.02, 0.02)
            b.poly(pt.pts([(x - 0.03, -0.2), (x + 0.03, -0.2), (x, rng.uniform(0.02, 0.16))]), (100, 90, 100), False)
        # the mouth of the cave shows the outside light
        sx, sy = pt.P(0.78, 0.45)
        b.ellipse(sx, sy, 0.16, 0.2, {"night": (40, 50, 100)}.get(time_of_day, (200, 225, 240)), False)
        b.ellipse(sx, sy - 0.12, 0.17, 0.08, (110, 150, 100) if time_of_day != "night" else (40, 70, 60), False)
        pt.ground(m, floor_y, floor)
        pt.hills(m, floor_y + 0.01, 0.03, floor, 5)
        for _ in range(7):
            gx, gy = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.2, 0.55))
            c = rng.choice([(120, 220, 240), (240, 120, 220), (140, 240, 160)])
            b.circle(gx, gy, 0.022, c, False, alpha=60)
            b.poly([(gx - 0.01, gy), (gx, gy + 0.014), (gx + 0.01, gy), (gx, gy - 0.014)], c, False)
        for x in (0.1, 0.4, 0.95):
            px, py = pt.P(x, floor_y + 0.02)
            m.poly([(px - 0.025, py), (px + 0.025, py), (px, py + 0.08)], (105, 95, 100), False)
        lx, ly = pt.P(0.3, 0.3)
        m.limb([(lx, ly), (lx, ly + 0.05)], 0.006, (70, 60, 60))
        m.circle(lx, ly + 0.06, 0.02, (255, 210, 120))
        return
    b.poly(pt.pts([(WORLD[0] - 0.1, -0.3), (WORLD[1] + 0.1, -0.3), (WORLD[1] + 0.1, 1.2), (WORLD[0] - 0.1, 1.2)]),
           wall, False)
    if place in ("bedroom", "living room"):
        for i in range(40):  # wallpaper dots
            x = WORLD[0] + i * 0.045
            for j in range(7):
                wx, wy = pt.P(x + (0.02 if j % 2 else 0), 0.0 + j * 0.085)
                b.circle(wx, wy, 0.006, shade(wall, 1.1), False)
    # windows show the sky and the time of day
    sky_top, sky_bottom = SKY[time_of_day]
    windows = {"bedroom": [0.7], "kitchen": [0.25], "living room": [0.22, 0.8], "classroom": [0.05, 1.05],
               "shop": [0.08]}[place]
    for x in windows:
        wx, wy = pt.P(x, 0.28)
        b.rrect(wx - 0.15, wy + 0.14, wx + 0.15, wy - 0.14, 0.01, (250, 250, 245))
        b.rrect(wx - 0.13, wy + 0.12, wx + 0.13, wy - 0.12, 0.0, mix(sky_top, sky_bottom, 0.5), False)
        if weather == "rain":
            for k in range(10):
                rx = wx - 0.12 + k * 0.025
                b.line([(rx, wy + 0.1), (rx - 0.01, wy + 0.06)], 0.002, (220, 230, 245))
        if weather == "snow":
            for k in range(12):
                b.circle(wx - 0.12 + rng.uniform(0, 0.24), wy - 0.12 + rng.uniform(0, 0.24), 0.004, (255, 255, 255), False)
        if time_of_day == "night":
            b.circle(wx + 0.06, wy + 0.06, 0.025, (255, 248, 210), False)
        b.line([(wx, wy + 0.12), (wx, wy - 0.12)], 0.008, (250, 250, 245))
        b.line([(wx - 0.13, wy), (wx + 0.13, wy)], 0.008, (250, 250, 245))
        for s in (-1, 1):
            b.poly([(wx + s * 0.13, wy + 0.16), (wx + s * 0.2, wy + 0.16), (wx + s * 0.19, wy - 0.18),
                    (wx + s * 0.15, wy - 0.18)], (230, 110, 110) if place != "kitchen" else (120, 180, 120))
    if place == "bedroom":
        fx, fy = pt.P(0.3, 0.24)
        b.rrect(fx - 0.08, fy + 0.07, fx + 0.08, fy - 0.07, 0.0, (230, 180, 80))
        b.rrect(fx - 0.065, fy + 0.055, fx + 0.065, fy - 0.055, 0.0, (160, 210, 240), False)
        b.poly([(fx - 0.065, fy - 0.055), (fx - 0.01, fy + 0.02), (fx + 0.04, fy - 0.03), (fx + 0.065, fy - 0.01),
                (fx + 0.065, fy - 0.055)], (110, 180, 100), False)
        sx, sy = pt.P(-0.1, 0.5)
        b.rrect(sx - 0.1, sy + 0.25, sx + 0.1, sy - 0.05, 0.0, (200, 150, 100))
        for k in range(3):
            b.line([(sx - 0.1, sy + 0.02 + k * 0.08), (sx + 0.1, sy + 0.02 + k * 0.08)], 0.005, (160, 110, 80))
            for j in range(4):
                b.rrect(sx - 0.085 + j * 0.04, sy + 0.09 + k * 0.08, sx - 0.06 + j * 0.04, sy + 0.025 + k * 0.08, 0.002,
                        [(220, 80, 80), (80, 140, 220), (240, 200, 70), (120, 190, 110)][(j + k) % 4])
    if place == "kitchen":
        def box(x0, y0, x1, y1, colour, r=0.0, outline=True):
            a, b2 = pt.P(x0, y0), pt.P(x1, y1)
            b.rrect(a[0], a[1], b2[0], b2[1], r, colour, outline)
        # tiles behind the counter, cupboards above and below, a pot on the hob
        for k in range(24):
            for j in range(4):
                x = 0.42 + k * 0.045
                box(x, 0.2 + j * 0.04, x + 0.045, 0.24 + j * 0.04,
                    (255, 255, 250) if (k + j) % 2 else (225, 235, 240), 0.0, False)
        box(0.4, 0.345, 1.5, 0.37, (240, 240, 235))
        box(0.42, 0.37, 1.5, 0.6, (120, 170, 190))
        for k in range(8):
            x = 0.44 + k * 0.13
            box(x, 0.39, x + 0.11, 0.57, (140, 190, 210), 0.01)
            b.circle(*pt.P(x + 0.09, 0.48), 0.006, (250, 250, 250), False)
        for k in range(8):
            x = 0.44 + k * 0.13
            box(x, -0.08, x + 0.11, 0.13, (140, 190, 210), 0.01)
        px, py = pt.P(0.62, 0.345)
        b.rrect(px - 0.06, py + 0.08, px + 0.06, py, 0.02, (200, 70, 60))
        b.rrect(px - 0.075, py + 0.085, px + 0.075, py + 0.07, 0.01, (170, 60, 55))
        for k in range(3):
            sx_, sy_ = pt.P(0.6 + k * 0.02, 0.24)
            b.arc(sx_, sy_ - 0.03, 0.01, 0.02, -90, 90, 0.003, (255, 255, 255), raw=False)
    if place == "living room":
        sx, sy = pt.P(0.5, 0.58)
        b.rrect(sx - 0.35, sy + 0.2, sx + 0.35, sy, 0.05, (110, 140, 190))
        b.rrect(sx - 0.4, sy + 0.12, sx - 0.3, sy, 0.04, (95, 125, 175))
        b.rrect(sx + 0.3, sy + 0.12, sx + 0.4, sy, 0.04, (95, 125, 175))
        for k in range(3):
            b.rrect(sx - 0.28 + k * 0.19, sy + 0.1, sx - 0.11 + k * 0.19, sy + 0.02, 0.03, (125, 155, 205))
        fx, fy = pt.P(0.5, 0.18)
        b.rrect(fx - 0.12, fy + 0.08, fx + 0.12, fy - 0.08, 0.0, (200, 160, 90))
        b.rrect(fx - 0.1, fy + 0.06, fx + 0.1, fy - 0.06, 0.0, (250, 220, 160), False)
        b.circle(fx + 0.03, fy + 0.01, 0.025, (240, 140, 80), False)
    if place == "classroom":
        bx, by = pt.P(0.55, 0.27)
        b.rrect(bx - 0.35, by + 0.16, bx + 0.35, by - 0.16, 0.01, (160, 120, 80))
        b.rrect(bx - 0.33, by + 0.14, bx + 0.33, by - 0.14, 0.0, (60, 100, 80), False)
        for k, word_w in enumerate((0.2, 0.32, 0.14)):
            b.line([(bx - 0.28, by + 0.07 - k * 0.06), (bx - 0.28 + word_w, by + 0.07 - k * 0.06)], 0.006,
                   (240, 240, 230))
        b.circle(bx + 0.2, by + 0.03, 0.05, (240, 240, 230), False)
        b.circle(bx + 0.2, by + 0.03, 0.04, (60, 100, 80), False)
        for k in range(12):
            lx, ly = pt.P(WORLD[0] + 0.1 + k * 0.14, 0.03)
            b.poly([(lx, ly), (lx + 0.07, ly), (lx + 0.035, ly - 0.05)],
                   [(240, 100, 100), (250, 210, 90), (100, 170, 230), (140, 200, 120)][k % 4], False)
    if place == "shop":
        for row in range(3):
            sy = 0.16 + row * 0.14
            l, yy = pt.P(0.3, sy)
            b.rrect(l - 0.05, yy, l + 1.2, yy - 0.015, 0.0, (170, 120, 80))
            for k in range(22):
                c = [(230, 90, 90), (250, 200, 80), (110, 170, 230), (140, 200, 120), (230, 140, 200)][(k + row) % 5]
                h = 0.05 + 0.02 * ((k * 3 + row) % 3)
                b.rrect(l + k * 0.055, yy + h, l + k * 0.055 + 0.045, yy, 0.008, c)
        cx, cy = pt.P(0.0, 0.6)
        b.rrect(cx - 0.5, cy + 0.15, cx + 0.3, cy, 0.0, (190, 140, 100))
        b.rrect(cx - 0.52, cy + 0.17, cx + 0.32, cy + 0.14, 0.0, (150, 105, 75))
        aw = pt.P(WORLD[0], -0.05)
        for k in range(24):
            b.poly([(aw[0] + k * 0.1, aw[1]), (aw[0] + k * 0.1 + 0.1, aw[1]), (aw[0] + k * 0.1 + 0.1, aw[1] - 0.09),
                    (aw[0] + k * 0.1 + 0.05, aw[1] - 0.12), (aw[0] + k * 0.1, aw[1] - 0.09)],
                   (230, 80, 80) if k % 2 else (250, 250, 245), False)
    # floor, skirting and a rug
    pt.ground(m, floor_y, floor)
    m.poly(pt.pts([(WORLD[0] - 0.1, floor_y - 0.015), (WORLD[1] + 0.1, floor_y - 0.015), (WORLD[1] + 0.1, floor_y),
                   (WORLD[0] - 0.1, floor_y)]), shade(wall, 0.75), False)
    if place in ("bedroom", "living room", "classroom"):
        for k in range(30):
            x = WORLD[0] + k * 0.06
            m.line([pt.P(x, floor_y), pt.P(x - 0.1 + (x - 0.5) * 0.5, 1.2)], 0.0015, shade(floor, 0.88))
    if place in ("bedroom", "living room"):
        rx, ry = pt.P(0.5, 0.86)
        m.ellipse(rx, ry, 0.55, 0.1, (200, 100, 110) if place == "bedroom" else (120, 160, 120), False)
        m.ellipse(rx, ry, 0.48, 0.075, (230, 140, 140) if place == "bedroom" else (150, 190, 140), False)
    if place == "kitchen":
        for k in range(-10, 30):
            for j in range(6):
                tx, ty = pt.P(k * 0.08 + j * 0.0, floor_y + j * 0.09)
                if (k + j) % 2:
                    m.rrect(tx, ty, tx + 0.08 * pt.aspect, ty - 0.09, 0.0, shade(floor, 0.9), False)
    if place == "classroom":
        for k in range(5):
            dx, dy = pt.P(-0.1 + k * 0.3, floor_y + 0.02)
            m.rrect(dx - 0.08, dy + 0.08, dx + 0.08, dy + 0.06, 0.01, (200, 150, 100))
            m.line([(dx - 0.06, dy + 0.06), (dx - 0.06, dy)], 0.006, (120, 120, 130))
            m.line([(dx + 0.06, dy + 0.06), (dx + 0.06, dy)], 0.006, (120, 120, 130))


# -- weather overlays (animated: offset by time in the compositor) -----------------------------------------------

_WEATHER_CACHE: dict[tuple, Image.Image] = {}


def weather_tile(weather: str, size: tuple[int, int], style: str) -> Image.Image | None:
    """A tileable RGBA overlay the size of the frame; the compositor scrolls it to animate."""
    if weather == "clear":
        return None
    key = (weather, size, style)
    if key in _WEATHER_CACHE:
        return _WEATHER_CACHE[key]
    w, h = size
    rng = random.Random(f"{weather}-{w}x{h}")
    pen = Pen(h, (0, w / h, 0, 1), get_style(style), ss=2, outline_units=0.002)
    if weather == "rain":
        for _ in range(int(140 * w / 768)):
            x, y = rng.uniform(0, w / h), rng.uniform(0, 1)
            for dy in (0, -1, 1):
                pen.line([(x, y + dy), (x - 0.012, y - 0.05 + dy)], 0.0035, (215, 225, 245), alpha=150, raw=True)
    else:
        for _ in range(int(110 * w / 768)):
            x, y = rng.uniform(0, w / h), rng.uniform(0, 1)
            r = rng.uniform(0.003, 0.008)
            for dy in (0, -1, 1):
                pen.circle(x, y + dy, r, (255, 255, 255), False, alpha=220)
    img = pen.finish().resize(size)
    _WEATHER_CACHE[key] = img
    return img


# -- cache -------------------------------------------------------------------------------------------

_PLATES: "OrderedDict[tuple, Plate]" = OrderedDict()
_PLATES_LOCK = threading.RLock()


def plate(place: str, time_of_day: str, weather: str, style: str, size: tuple[int, int], scale: float,
          seed: int) -> Plate:
    """The three layers of a setting, graded for the time of day; cached."""
    key = (place, time_of_day, weather, style, size, scale, seed)
    with _PLATES_LOCK:  # one thread draws a plate, the others wait for it
        hit = _PLATES.get(key)
        if hit is not None:
            _PLATES.move_to_end(key)
            return hit
        return _draw_plate(key, place, time_of_day, weather, style, size, scale, seed)


def _draw_plate(key, place, time_of_day, weather, style, size, scale, seed) -> Plate:
    rng = random.Random(f"{place}|{seed}")
    # big plates (close framings) are drawn at 1.5x and scaled up: soft like a far background, and
    # four supersampled canvases at 3x would need gigabytes
    draw_scale = min(scale, 1.5)
    pt = Painter(size, draw_scale, style, rng)
    pt.place = place
    pt.sky.img.paste(_sky(pt, time_of_day, weather, size))
    indoor = place in INDOOR and place != "cave"
    if place in INDOOR:
        _indoor(pt, place, time_of_day, weather)
    else:
        _outdoor(pt, place, time_of_day, weather)
    # light: the sky keeps its own colours; everything else gets the time of day's light
    back = pt.sky.finish()
    back.alpha_composite(grade_image(pt.back.finish(), time_of_day, weather, style, indoor))
    back_rgb = back.convert("RGB")
    mid = grade_image(pt.mid.finish(), time_of_day, weather, style, indoor)
    front = grade_image(pt.front.finish(), time_of_day, weather, style, indoor) if pt.used_front else None
    if draw_scale < scale:
        k = scale / draw_scale
        up = lambda im: im.resize((int(round(im.width * k)), int(round(im.height * k))), Image.BICUBIC)  # noqa: E731
        back_rgb, mid = up(back_rgb), up(mid)
        front = up(front) if front is not None else None
    result = Plate(back_rgb, mid, front, back_rgb.width / (WORLD[1] - WORLD[0]), back_rgb.height / (WORLD[3] - WORLD[2]), place)
    _PLATES[key] = result
    # plates are big (a close-up's is ~50 MB): keep the few a run is working through
    budget, total = 200 * 2**20, 0
    for k in reversed(list(_PLATES)):
        pl = _PLATES[k]
        total += pl.back.width * pl.back.height * 3 + pl.mid.width * pl.mid.height * 4 * (2 if pl.front else 1)
        if total > budget and k != key:
            del _PLATES[k]
    return result


