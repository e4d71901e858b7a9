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
    "desert", "harbour", "zoo", "underwater", "library", "museum", "workshop", "lake", "snowy hill", "town square",
    "hospital", "train", "bus", "jungle",
)
# Under water is no room, and words of place near it are outdoor words ("around the reef"), so it is not indoor.
INDOOR = {"bedroom", "kitchen", "living room", "classroom", "shop", "cave", "library", "museum", "workshop", "hospital",
          "train", "bus"}
# Where no rain or snow falls in the picture (indoors it shows only in the windows)
SHELTERED = INDOOR | {"underwater"}
# Places whose picture is at water: what the text calls "the water" there is theirs (see tools/story/scenes.py).
WATER_PLACES = frozenset({"river", "beach", "harbour", "lake", "underwater"})
# Places at the sea: "the sea", "the ocean" there are theirs, not a beach elsewhere.
SEA_PLACES = frozenset({"beach", "harbour", "underwater"})

PLACE_ALIASES = {
    "room": "bedroom", "nursery": "bedroom", "house": "living room", "home": "living room", "lounge": "living room",
    "school": "classroom", "store": "shop", "bakery": "shop",
    "toy shop": "shop", "toyshop": "shop", "yard": "backyard", "lawn": "backyard", "woods": "forest",
    "wood": "forest", "sea": "beach", "seaside": "beach", "ocean": "beach", "shore": "beach",
    "stream": "river", "creek": "river", "hill": "meadow", "hills": "meadow",
    "field": "meadow", "fields": "meadow", "countryside": "meadow", "valley": "meadow", "mine": "cave",
    "tunnel": "cave", "cavern": "cave", "palace": "castle", "tower": "castle", "city": "street", "town": "street",
    "village": "street", "road": "street", "playpark": "playground", "barn": "farm",
    # where farm animals are kept is the farm ("the henhouse" was drawn as a living room)
    "henhouse": "farm", "hen house": "farm", "chicken coop": "farm", "coop": "farm", "stable": "farm",
    "stables": "farm", "pigsty": "farm", "sty": "farm", "sheep pen": "farm", "pigpen": "farm", "pig pen": "farm",
    "farmyard": "farm", "cowshed": "farm", "hayloft": "farm",
    "clouds": "sky", "air": "sky", "space": "sky", "heaven": "sky", "mountains": "mountain", "peak": "mountain",
    "snowy mountain": "mountain", "dining room": "kitchen", "attic": "bedroom",
    "den": "cave", "lair": "cave",  # an animal's home (a "den" meaning a room was a fox's in a desert)
    "sandpit": "playground", "orchard": "garden", "flower garden": "garden", "allotment": "garden",
    "campsite": "forest", "island": "beach",
    "rainforest": "jungle", "rain forest": "jungle", "tropical forest": "jungle",
    "dunes": "desert", "dune": "desert", "sand dunes": "desert", "sand dune": "desert", "oasis": "desert",
    "canyon": "desert",
    "harbor": "harbour", "dock": "harbour", "docks": "harbour", "pier": "harbour", "port": "harbour",
    "marina": "harbour", "quay": "harbour", "wharf": "harbour", "jetty": "harbour", "boathouse": "harbour",
    "shipyard": "harbour",
    "safari park": "zoo", "wildlife park": "zoo",
    "under the sea": "underwater", "under water": "underwater", "under the ocean": "underwater",
    "sea floor": "underwater", "seabed": "underwater", "sea bed": "underwater", "ocean floor": "underwater",
    "seafloor": "underwater", "reef": "underwater", "coral reef": "underwater",
    "bookshop": "library", "bookstore": "library", "book shop": "library",
    "gallery": "museum", "art gallery": "museum",
    "garage": "workshop", "shed": "workshop", "tool shed": "workshop", "toolshed": "workshop",
    "garden shed": "workshop", "woodshed": "workshop",
    # a pond is still water with reeds and lily pads, as the lake is drawn; a river runs
    "pond": "lake", "duck pond": "lake", "lakeside": "lake",
    "snowfield": "snowy hill", "snow field": "snowy hill", "snowy field": "snowy hill", "snowy hills": "snowy hill",
    "ski slope": "snowy hill", "north pole": "snowy hill", "arctic": "snowy hill",
    "square": "town square", "plaza": "town square", "market square": "town square", "village square": "town square",
    "piazza": "town square", "fountain": "town square",
    "market": "town square", "marketplace": "town square", "farmers market": "town square",  # stalls in the open
    "clinic": "hospital",
    "ward": "hospital", "infirmary": "hospital",
    "carriage": "train", "train carriage": "train", "railway carriage": "train",
    # places the library has no picture of, drawn as what stands around them
    "station": "street", "train station": "street", "bus station": "street", "platform": "street",
    "bus stop": "street", "supermarket": "shop", "cafe": "shop", "restaurant": "shop",
    "tree house": "backyard", "treehouse": "backyard", "porch": "backyard",
    "pool": "river", "swimming pool": "river",
    # the water itself and its edges: a river, unless the scene is at other water (see settle_place)
    "water": "river", "bank": "river", "riverbank": "river", "lily pad": "lake", "waterfall": "river",
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
    elif weather == "cloudy":  # flat grey light
        mul = [m * 0.9 for m in mul]
        add = [a + 8 for a in add]
    elif weather == "fog":  # washed out: less contrast, lighter
        mul = [m * 0.78 for m in mul]
        add = [a + 42 for a in add]
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

    def rect(self, pen: Pen, x0: float, y0: float, x1: float, y1: float, colour: RGB, r: float = 0.0,
             outline: bool | RGB = True, alpha: int = 255) -> None:
        """A box between two world corners (y down)."""
        a, c = self.P(x0, y0), self.P(x1, y1)
        pen.rrect(a[0], a[1], c[0], c[1], r, colour, outline, alpha)

    def band(self, pen: Pen, y0: float, y1: float, colour: RGB, alpha: int = 255) -> None:
        """A strip across the whole plate between two world heights."""
        self.rect(pen, WORLD[0] - 0.1, y0, WORLD[1] + 0.1, y1, colour, 0.0, False, alpha)

    def gradient(self, pen: Pen, y0: float, y1: float, top: RGB, bottom: RGB, steps: int = 32) -> None:
        for i in range(steps):
            a, c = y0 + (y1 - y0) * i / steps, y0 + (y1 - y0) * (i + 1) / steps
            self.band(pen, a, c + 0.002, mix(top, bottom, i / max(1, steps - 1)))

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
    if pt.place == "desert" and time_of_day in ("noon", "morning"):  # a hot sky, white-gold low down
        top, bottom = (92, 168, 228), (255, 228, 172)
    if pt.place == "jungle" and time_of_day in ("noon", "morning"):  # warm and humid, pale gold low down
        top, bottom = (124, 190, 212), (240, 236, 196)
    if pt.place == "snowy hill" and time_of_day in ("noon", "morning"):
        top, bottom = (140, 190, 235), (226, 236, 248)
    if weather == "rain":
        top, bottom = mix(top, (120, 125, 140), 0.55), mix(bottom, (170, 175, 185), 0.55)
    elif weather in ("cloudy", "fog"):  # a grey sky without a sun; fog paler still
        grey = 0.62 if weather == "cloudy" else 0.7
        top, bottom = mix(top, (165, 172, 185), grey), mix(bottom, (210, 214, 222), grey)
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
    elif weather == "cloudy":  # the sky full of grey-white clouds
        c = mix(c, (200, 202, 212), 0.5)
        n += 6
    elif weather == "snow":
        c = mix(c, (215, 218, 230), 0.5)
        n += 2
    for i in range(n):
        x = WORLD[0] + (i + pt.rng.uniform(0.1, 0.9)) * (WORLD[1] - WORLD[0]) / n
        y = pt.rng.uniform(0.05, 0.3)
        big = 1.6 if weather == "cloudy" else 1.0
        pt.cloud(pen, x, y, big * pt.rng.uniform(0.035, 0.06), c, 235)


def _outdoor(pt: Painter, place: str, time_of_day: str, weather: str) -> None:
    rng = pt.rng
    b, m, f = pt.back, pt.mid, pt.front
    grass = (120, 190, 90)
    far = (150, 200, 130)
    snow = weather == "snow"
    if place == "underwater":
        _underwater(pt, time_of_day, weather)
        return
    _sun_moon(pt, time_of_day, weather)
    _clouds(pt, pt.sky, time_of_day, weather)
    own = {"desert": _desert, "harbour": _harbour, "lake": _lake, "snowy hill": _snowy_hill,
           "town square": _town_square, "jungle": _jungle}.get(place)
    if own is not None:  # each draws its own ground (and its own snow on it)
        own(pt, time_of_day, weather)
        return
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
        if place == "zoo":
            _zoo(pt)
        if place == "park":
            path = pt.pts([(0.35, HORIZON + 0.06), (0.45, HORIZON + 0.06), (0.75, 1.2), (0.05, 1.2)])
            m.poly(path, (225, 205, 165), False)
        if place in ("meadow", "garden", "park", "backyard"):
            n = {"meadow": 40, "garden": 30, "park": 12, "backyard": 10}[place]
            pt.flowers(m, HORIZON + 0.1, 1.05, n, [(250, 120, 150), (250, 250, 250), (255, 200, 70), (180, 140, 230)])
        if place in ("meadow", "park", "garden", "farm", "river", "castle", "playground", "backyard", "zoo"):
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


def _snow_cover(pt: Painter, pen: Pen, top: float, alpha: int = 215) -> None:
    """Snow lying on the ground from `top` down, its edge a little uneven."""
    pts = [(WORLD[0] - 0.1, top + 0.01)]
    for i in range(41):
        x = WORLD[0] + (WORLD[1] - WORLD[0]) * i / 40
        pts.append((x, top + 0.01 * math.sin(x * 17)))
    pts += [(WORLD[1] + 0.1, top + 0.01), (WORLD[1] + 0.1, 1.2), (WORLD[0] - 0.1, 1.2)]
    pen.poly(pt.pts(pts), (245, 247, 252), False, alpha=alpha)


def _cactus(pt: Painter, pen: Pen, x: float, y: float, h: float, colour: RGB = (86, 150, 84)) -> None:
    px, py = pt.P(x, y)
    w = h * 0.17
    # arms first, so the trunk's outline closes over their joins
    pen.limb([(px, py + h * 0.42), (px - w * 1.7, py + h * 0.42), (px - w * 1.7, py + h * 0.74)], w * 0.78, colour)
    pen.limb([(px, py + h * 0.58), (px + w * 1.6, py + h * 0.58), (px + w * 1.6, py + h * 0.86)], w * 0.78, colour)
    pen.limb([(px, py), (px, py + h)], w, colour)
    for dx in (-0.3, 0.3):
        pen.line([(px + dx * w, py + w * 0.5), (px + dx * w, py + h - w * 0.3)], w * 0.08, shade(colour, 0.8))


def _desert(pt: Painter, time_of_day: str, weather: str) -> None:
    rng = pt.rng
    b, m = pt.back, pt.mid
    sand = (238, 202, 134)
    haze = SKY[time_of_day][1]
    # far flat-topped rocks, faded by the heat
    for x, w, h in ((-0.1, 0.2, 0.12), (0.58, 0.26, 0.08), (1.12, 0.16, 0.15)):
        c = mix((205, 128, 86), haze, 0.4)
        b.poly(pt.pts([(x - w, HORIZON + 0.03), (x - w * 0.7, HORIZON - h), (x + w * 0.7, HORIZON - h),
                       (x + w, HORIZON + 0.03)]), c, False)
        b.poly(pt.pts([(x - w * 0.8, HORIZON - h * 0.5), (x + w * 0.8, HORIZON - h * 0.5), (x + w * 0.84, HORIZON - h * 0.4),
                       (x - w * 0.84, HORIZON - h * 0.4)]), shade(c, 0.9), False)
    pt.hills(b, HORIZON + 0.04, 0.05, mix(sand, haze, 0.35), 2, rng.uniform(0, 6))
    for x, h in ((0.3, 0.07), (0.72, 0.05)):  # small cacti far off
        _cactus(pt, b, x, HORIZON + 0.015, h, mix((86, 150, 84), haze, 0.35))
    # dunes: a shaded one behind, a sunlit one in front, all the ground is sand
    pt.hills(m, HORIZON + 0.1, 0.09, shade(sand, 0.9), 2, rng.uniform(0, 6))
    pt.hills(m, HORIZON + 0.14, 0.05, sand, 3, rng.uniform(0, 6))
    for _ in range(26):  # wind ripples in the sand
        rx, ry = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.7, 1.05))
        s = 0.02 + 0.03 * (1 - rx / 3)
        m.arc(rx, ry, s, s * 0.25, 20, 160, 0.003, shade(sand, 0.86), raw=False)
    for _ in range(5):
        sx, sy = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.74, 1.0))
        m.ellipse(sx, sy, 0.022, 0.012, (190, 150, 110))
    _cactus(pt, m, 0.03, 0.8, 0.3)
    _cactus(pt, m, 0.94, 0.7, 0.2)
    _cactus(pt, m, -0.2, 0.76, 0.24)
    _cactus(pt, m, 1.2, 0.82, 0.26)
    if weather == "snow":
        _snow_cover(pt, m, HORIZON + 0.08, 150)


def _boat(pt: Painter, pen: Pen, x: float, y: float, length: float, hull: RGB, sail: bool) -> None:
    """A boat moored with its waterline at world y."""
    px, py = pt.P(x, y)
    half = length * pt.aspect / 2
    pen.ellipse(px, py - 0.006, half * 0.95, 0.008, shade(hull, 0.6), False, alpha=90)  # its reflection
    if sail:
        pen.line([(px, py + 0.04), (px, py + 0.32)], 0.006, (120, 90, 60))
        pen.poly([(px + 0.008, py + 0.06), (px + 0.008, py + 0.3), (px + half * 0.8, py + 0.06)], (252, 250, 244))
        pen.poly([(px - 0.008, py + 0.07), (px - 0.008, py + 0.24), (px - half * 0.55, py + 0.07)], (245, 240, 232))
        pen.poly([(px, py + 0.32), (px + 0.04, py + 0.31), (px, py + 0.295)], (230, 70, 70))
    else:
        pen.rrect(px - half * 0.35, py + 0.1, px + half * 0.15, py + 0.035, 0.006, (250, 248, 240))
        pen.rrect(px - half * 0.28, py + 0.085, px + half * 0.08, py + 0.06, 0.004, (150, 200, 230))
        pen.line([(px + half * 0.05, py + 0.1), (px + half * 0.05, py + 0.2)], 0.005, (90, 90, 100))
    pen.poly([(px - half, py + 0.045), (px + half, py + 0.045), (px + half * 0.78, py - 0.004),
              (px - half * 0.72, py - 0.004)], hull)
    pen.line([(px - half * 0.9, py + 0.032), (px + half * 0.94, py + 0.032)], 0.005, (250, 250, 245))


def _harbour(pt: Painter, time_of_day: str, weather: str) -> None:
    rng = pt.rng
    b, m = pt.back, pt.mid
    sea = (72, 150, 205)
    dock_y = 0.655  # the near edge of the water: from here down the planks are where people stand
    haze = SKY[time_of_day][1]
    pt.band(b, HORIZON - 0.03, 1.2, sea)
    pt.band(b, HORIZON - 0.03, HORIZON - 0.02, shade(sea, 0.85))
    # the far side: a headland with a lighthouse, a row of little houses along the quay
    far = mix((120, 165, 120), haze, 0.35)
    b.poly(pt.pts([(0.66, HORIZON - 0.025), (0.74, HORIZON - 0.07), (0.9, HORIZON - 0.09), (1.1, HORIZON - 0.085),
                   (1.4, HORIZON - 0.06), (1.4, HORIZON - 0.025)]), far, False)
    lx, ly = pt.P(0.86, HORIZON - 0.085)
    b.poly([(lx - 0.022, ly), (lx + 0.022, ly), (lx + 0.014, ly + 0.16), (lx - 0.014, ly + 0.16)], (250, 250, 245))
    for k in range(2):
        y0 = ly + 0.03 + k * 0.06
        b.poly([(lx - 0.02 + k * 0.003, y0), (lx + 0.02 - k * 0.003, y0), (lx + 0.018 - k * 0.003, y0 + 0.03),
                (lx - 0.018 + k * 0.003, y0 + 0.03)], (220, 70, 70))
    b.rrect(lx - 0.016, ly + 0.19, lx + 0.016, ly + 0.16, 0.0, (255, 230, 140))
    b.poly([(lx - 0.022, ly + 0.19), (lx + 0.022, ly + 0.19), (lx, ly + 0.22)], (200, 60, 60))
    b.poly(pt.pts([(-0.4, HORIZON - 0.025), (-0.4, HORIZON - 0.05), (0.4, HORIZON - 0.05), (0.46, HORIZON - 0.025)]),
           far, False)
    for i in range(12):
        hx, hy = pt.P(-0.3 + i * 0.058, HORIZON - 0.048)
        c = mix([(230, 150, 120), (240, 215, 150), (170, 195, 225), (245, 245, 240)][i % 4], haze, 0.3)
        hh = 0.035 + 0.012 * (i % 3)
        b.rrect(hx, hy + hh, hx + 0.085, hy, 0.0, c, False)
        b.poly([(hx - 0.005, hy + hh), (hx + 0.09, hy + hh), (hx + 0.0425, hy + hh + 0.025)],
               mix((180, 90, 80), haze, 0.3), False)
    for _ in range(14):
        wx, wy = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(HORIZON, dock_y - 0.03))
        b.arc(wx, wy, 0.018, 0.005, 0, 180, 0.003, (200, 230, 250), raw=False)
    for x, y in ((0.2, 0.12), (0.26, 0.15), (0.6, 0.09)):  # gulls
        gx, gy = pt.P(x, y)
        b.line([(gx - 0.02, gy + 0.008), (gx - 0.01, gy + 0.012), (gx, gy), (gx + 0.01, gy + 0.012),
                (gx + 0.02, gy + 0.008)], 0.004, (70, 70, 80))
    # boats moored along the edge
    _boat(pt, m, 0.2, 0.62, 0.24, (210, 70, 60), True)
    _boat(pt, m, 0.64, 0.625, 0.22, (60, 110, 170), False)
    _boat(pt, m, 1.08, 0.62, 0.2, (240, 190, 70), True)
    # the dock: planks running along it, posts standing out of the water, bollards to tie boats to
    wood = (178, 130, 84)
    pt.band(m, dock_y, 1.2, wood)
    pt.band(m, dock_y - 0.004, dock_y + 0.014, shade(wood, 0.72))
    for k in range(16):
        y = dock_y + 0.014 + ((k + 1) / 16) ** 1.35 * 0.46
        pt.band(m, y - 0.0015, y + 0.0015, shade(wood, 0.78))
        for _ in range(3):  # where one plank ends and the next begins
            jx, jy = pt.P(rng.uniform(WORLD[0], WORLD[1]), y)
            m.line([(jx, jy), (jx, jy + 0.012 + 0.02 * k / 16)], 0.003, shade(wood, 0.78))
    for i in range(7):
        x = WORLD[0] + 0.06 + i * 0.26
        px, py = pt.P(x, dock_y)
        m.rrect(px - 0.014, py - 0.01, px + 0.014, py + 0.075, 0.004, (128, 90, 58))
        m.ellipse(px, py + 0.075, 0.014, 0.005, (160, 118, 80))
    bx, by = pt.P(0.06 + 0.26 * 2, dock_y)  # a life ring on one post
    m.circle(bx, by + 0.045, 0.024, (235, 70, 60))
    for a in (45, 135, 225, 315):
        r = math.radians(a)
        m.poly([(bx + math.cos(r - 0.35) * 0.024, by + 0.045 + math.sin(r - 0.35) * 0.024),
                (bx + math.cos(r + 0.35) * 0.024, by + 0.045 + math.sin(r + 0.35) * 0.024),
                (bx + math.cos(r + 0.35) * 0.013, by + 0.045 + math.sin(r + 0.35) * 0.013),
                (bx + math.cos(r - 0.35) * 0.013, by + 0.045 + math.sin(r - 0.35) * 0.013)], (250, 250, 250), False)
    m.circle(bx, by + 0.045, 0.012, (128, 90, 58))
    for x, boat_x in ((0.1, 0.13), (0.46, 0.58), (0.9, 1.0)):
        px, py = pt.P(x, dock_y + 0.02)
        tx, ty = pt.P(boat_x, 0.605)
        m.line([(px, py + 0.02), ((px + tx) / 2, min(py, ty) + 0.005), (tx, ty + 0.03)], 0.004, (220, 195, 140))
        m.rrect(px - 0.016, py + 0.026, px + 0.016, py - 0.004, 0.006, (64, 68, 80))
        m.ellipse(px, py + 0.026, 0.024, 0.008, (84, 88, 100))
    cx, cy = pt.P(-0.02, 0.74)  # crates and a barrel at the side, out of the way
    m.rrect(cx - 0.06, cy + 0.1, cx + 0.06, cy, 0.0, (196, 150, 90))
    m.line([(cx - 0.06, cy), (cx + 0.06, cy + 0.1)], 0.005, (150, 110, 65))
    m.rrect(cx - 0.03, cy + 0.17, cx + 0.07, cy + 0.1, 0.0, (186, 140, 84))
    rx, ry = pt.P(1.0, 0.76)
    m.rrect(rx - 0.04, ry + 0.1, rx + 0.04, ry, 0.02, (150, 95, 60))
    for dy in (0.02, 0.08):
        m.line([(rx - 0.04, ry + dy), (rx + 0.04, ry + dy)], 0.006, (90, 90, 95))
    if weather == "snow":  # snow lies along the planks and on the posts; the dock stays wood, not ice
        for k in range(16):
            y = dock_y + 0.014 + ((k + 1) / 16) ** 1.35 * 0.46
            pt.band(m, y - 0.004 - 0.006 * k / 16, y - 0.0015, (246, 248, 252))
        for i in range(7):
            px, py = pt.P(WORLD[0] + 0.06 + i * 0.26, dock_y)
            m.ellipse(px, py + 0.078, 0.016, 0.007, (250, 252, 255), False)


def _lake(pt: Painter, time_of_day: str, weather: str) -> None:
    rng = pt.rng
    b, m, f = pt.back, pt.mid, pt.front
    shore = HORIZON - 0.09  # the far shore: the still water fills what lies before it
    haze = SKY[time_of_day][1]
    water = (96, 164, 212)
    far = mix((110, 165, 115), haze, 0.4)
    pt.hills(b, shore, 0.08, mix(far, haze, 0.3), 2, rng.uniform(0, 6))
    pt.hills(b, shore + 0.005, 0.04, far, 4, rng.uniform(0, 6))
    pt.gradient(b, shore, 0.7, mix(water, haze, 0.45), water, 16)
    for i in range(16):  # the far trees and their mirror image in the water
        x = WORLD[0] + i * 0.1 + rng.uniform(0, 0.05)
        h = rng.uniform(0.05, 0.08)
        c = mix((70, 130, 85), haze, 0.3)
        tx, ty = pt.P(x, shore + 0.004)
        b.ellipse(tx, ty - h * 0.45, h * 0.35, h * 0.5, mix(c, mix(water, haze, 0.45), 0.45), False)
        b.ellipse(tx, ty + h * 0.5, h * 0.35, h * 0.55, c, False)
    for _ in range(22):  # the water is still: long thin lines of light, no waves
        wx, wy = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(shore + 0.03, 0.64))
        ln = rng.uniform(0.04, 0.12)
        b.line([(wx, wy), (wx + ln, wy)], 0.003, mix(water, (255, 255, 255), 0.35))
    dx, dy = pt.P(0.7, 0.565)  # a duck far out
    b.ellipse(dx, dy + 0.012, 0.026, 0.012, (240, 240, 235))
    b.circle(dx + 0.022, dy + 0.028, 0.009, (80, 140, 90))
    b.poly([(dx + 0.03, dy + 0.03), (dx + 0.042, dy + 0.027), (dx + 0.03, dy + 0.024)], (240, 170, 60), False)
    for _ in range(9):  # lily pads near our shore
        lx, ly = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.6, 0.645))
        m.ellipse(lx, ly, 0.03, 0.009, (90, 160, 80))
        m.poly([(lx, ly), (lx + 0.03, ly + 0.004), (lx + 0.03, ly - 0.004)], water, False)
        if rng.random() < 0.35:
            m.circle(lx - 0.008, ly + 0.006, 0.006, (250, 170, 200), False)
    grass = (118, 186, 92)
    pts = [(WORLD[0] - 0.1, 0.67)]
    for i in range(41):
        x = WORLD[0] + (WORLD[1] - WORLD[0]) * i / 40
        pts.append((x, 0.655 + 0.01 * math.sin(x * 11)))
    pts += [(WORLD[1] + 0.1, 0.67), (WORLD[1] + 0.1, 1.2), (WORLD[0] - 0.1, 1.2)]
    m.poly(pt.pts([(x, y - 0.008) for x, y in pts]), (200, 185, 140), False)  # a little muddy edge
    m.poly(pt.pts(pts), grass, False)
    for cx in (-0.15, 0.06, 0.45, 0.92, 1.15):  # reeds and bulrushes along the water
        for _ in range(7):
            x = cx + rng.uniform(-0.05, 0.05)
            rx, ry = pt.P(x, 0.67 + rng.uniform(0, 0.02))
            h = rng.uniform(0.07, 0.13)
            lean = rng.uniform(-0.015, 0.015)
            m.line([(rx, ry), (rx + lean, ry + h)], 0.004, (80, 140, 70))
            if rng.random() < 0.5:
                m.rrect(rx + lean - 0.006, ry + h - 0.005, rx + lean + 0.006, ry + h - 0.035, 0.006, (130, 85, 55))
    pt.flowers(m, 0.78, 1.05, 12, [(250, 250, 250), (255, 210, 80)])
    pt.tufts(m, 0.72, 1.05, 22, shade(grass, 0.85))
    pt.tufts(f, 1.0, 1.07, 8, shade(grass, 0.8))
    pt.used_front = True
    if weather == "snow":
        _snow_cover(pt, m, 0.665, 215)


def _snowy_pine(pt: Painter, pen: Pen, x: float, y: float, h: float, colour: RGB = (60, 120, 90)) -> None:
    pt.tree(pen, x, y, h, colour, "pine")
    a = pt.aspect
    for k in range(3):
        yy = y - h * (0.3 + k * 0.22)
        wdt = h * (0.36 - k * 0.08) / a
        top = yy - h * 0.4
        pen.poly(pt.pts([(x - wdt * 0.55, yy - h * 0.18), (x - wdt * 0.2, yy - h * 0.14), (x, yy - h * 0.2),
                         (x + wdt * 0.25, yy - h * 0.13), (x + wdt * 0.55, yy - h * 0.18), (x, top)]),
                 (250, 252, 255), False)


def _snowy_hill(pt: Painter, time_of_day: str, weather: str) -> None:
    rng = pt.rng
    b, m = pt.back, pt.mid
    haze = SKY[time_of_day][1]
    snow, blue = (248, 250, 255), (200, 210, 238)  # the hollows lilac-blue, not the sky's blue
    for x, h in ((-0.2, 0.3), (0.25, 0.38), (0.8, 0.32), (1.25, 0.36)):  # far white peaks
        c = mix((200, 212, 232), haze, 0.3)
        b.poly(pt.pts([(x - 0.34, HORIZON + 0.05), (x, HORIZON - h), (x + 0.34, HORIZON + 0.05)]), c, False)
        b.poly(pt.pts([(x, HORIZON - h), (x + 0.34, HORIZON + 0.05), (x + 0.1, HORIZON + 0.05)]), shade(c, 0.92), False)
    pt.hills(b, HORIZON + 0.03, 0.08, mix(blue, haze, 0.2), 3, rng.uniform(0, 6))
    for i in range(12):
        x = WORLD[0] + i * 0.14 + rng.uniform(0, 0.05)
        _snowy_pine(pt, b, x, HORIZON + 0.02 + rng.uniform(0, 0.02), rng.uniform(0.1, 0.14), mix((60, 110, 95), haze, 0.35))
    # the hill they stand on: all snow, blue in its hollows
    pt.hills(m, HORIZON + 0.1, 0.1, blue, 1, 2.0)
    pt.hills(m, HORIZON + 0.12, 0.08, snow, 1, 2.3)
    for _ in range(8):
        sx, sy = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.74, 1.02))
        m.ellipse(sx, sy, rng.uniform(0.06, 0.14), 0.012, blue, False)
    for k in (-0.012, 0.012):  # a sledge's tracks down the slope
        m.line(pt.pts([(0.17 + k + 0.04 * math.sin(t * 2.6), 0.66 + 0.45 * t) for t in (i / 20 for i in range(21))]),
               0.004, (190, 205, 230))
    for x, y, h in ((-0.04, 0.78, 0.42), (0.07, 0.72, 0.3), (0.93, 0.7, 0.32), (1.08, 0.8, 0.42)):
        _snowy_pine(pt, m, x, y, h)
    for _ in range(40):
        gx, gy = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.66, 1.05))
        m.circle(gx, gy, 0.003, (255, 255, 255), False)


def _town_square(pt: Painter, time_of_day: str, weather: str) -> None:
    rng = pt.rng
    b, m = pt.back, pt.mid
    base = HORIZON + 0.04  # the shop fronts stand here; the square lies before them
    haze = SKY[time_of_day][1]
    # a clock tower above the roofs
    tx = 0.5
    pt.rect(b, tx - 0.055, 0.02, tx + 0.055, base, mix((205, 170, 135), haze, 0.2))
    b.poly(pt.pts([(tx - 0.07, 0.02), (tx + 0.07, 0.02), (tx, -0.1)]), mix((90, 110, 150), haze, 0.2))
    cx, cy = pt.P(tx, 0.1)
    b.circle(cx, cy, 0.045, (250, 248, 235))
    b.line([(cx, cy), (cx, cy + 0.03)], 0.005, (50, 50, 60))
    b.line([(cx, cy), (cx + 0.022, cy)], 0.005, (50, 50, 60))
    colours = [(236, 160, 130), (245, 215, 150), (165, 195, 225), (205, 165, 205), (175, 212, 165), (240, 190, 170)]
    awnings = [(220, 70, 70), (60, 130, 200), (70, 160, 90), (240, 170, 50), (170, 90, 170), (230, 110, 60)]
    for i in range(9):
        x0 = WORLD[0] + i * 0.19
        if x0 < tx < x0 + 0.19:
            h = 0.22
        else:
            h = 0.3 + 0.06 * ((i * 5) % 3) / 2
        c = colours[i % len(colours)]
        pt.rect(m, x0, base - h, x0 + 0.19, base, c)
        pt.rect(m, x0 - 0.005, base - h - 0.02, x0 + 0.195, base - h, shade(c, 0.75))
        for k in range(2):  # upstairs windows
            pt.rect(m, x0 + 0.03 + k * 0.08, base - h + 0.04, x0 + 0.08 + k * 0.08, base - h + 0.1, (250, 240, 190), 0.01)
        pt.rect(m, x0 + 0.02, base - 0.1, x0 + 0.12, base - 0.01, (175, 215, 235))  # the shop window
        ax, ay = pt.P(x0 + 0.015, base - 0.125)
        for k in range(6):  # a striped awning over it
            w_ = 0.17 * pt.aspect / 6
            m.poly([(ax + k * w_, ay), (ax + (k + 1) * w_, ay), (ax + (k + 1) * w_, ay - 0.03), (ax + (k + 0.5) * w_, ay - 0.04),
                    (ax + k * w_, ay - 0.03)], awnings[i % len(awnings)] if k % 2 else (250, 250, 245), False)
        pt.rect(m, x0 + 0.135, base - 0.1, x0 + 0.175, base, shade(c, 0.55), 0.01)
    paving = (214, 200, 176)
    pt.band(m, base, 1.2, paving)
    for k in range(12):  # flagstones, wider towards us
        y = base + ((k + 1) / 12) ** 1.4 * 0.5
        pt.band(m, y - 0.0015, y + 0.0015, shade(paving, 0.85))
    for k in range(-12, 13):
        x_far, x_near = 0.5 + k * 0.07, 0.5 + k * 0.2
        m.line(pt.pts([(x_far, base), (x_near, 1.1)]), 0.002, shade(paving, 0.85))
    # the fountain in the middle of the square
    fx, fy = pt.P(0.5, 0.7)
    water = (120, 190, 230)
    m.rrect(fx - 0.26, fy + 0.05, fx + 0.26, fy - 0.02, 0.02, (196, 190, 184))
    m.ellipse(fx, fy + 0.05, 0.27, 0.03, (214, 208, 200))
    m.ellipse(fx, fy + 0.052, 0.24, 0.02, water, False)
    m.rrect(fx - 0.015, fy + 0.16, fx + 0.015, fy + 0.05, 0.0, (196, 190, 184))
    m.ellipse(fx, fy + 0.16, 0.08, 0.016, (214, 208, 200))
    m.ellipse(fx, fy + 0.162, 0.07, 0.01, water, False)
    for s in (-1, 1):  # water falling from the top bowl
        m.line([(fx + s * 0.01, fy + 0.2), (fx + s * 0.05, fy + 0.215), (fx + s * 0.085, fy + 0.17),
                (fx + s * 0.1, fy + 0.06)], 0.006, (200, 230, 250))
        m.line([(fx + s * 0.08, fy + 0.155), (fx + s * 0.16, fy + 0.14), (fx + s * 0.2, fy + 0.06)], 0.005,
               (200, 230, 250))
    m.line([(fx, fy + 0.16), (fx, fy + 0.215)], 0.008, (200, 230, 250))
    for x in (0.1, 0.9):  # lamp posts
        lx, ly = pt.P(x, 0.68)
        m.limb([(lx, ly), (lx, ly + 0.3)], 0.008, (60, 64, 74))
        m.rrect(lx - 0.018, ly + 0.34, lx + 0.018, ly + 0.29, 0.006, (255, 236, 160))
        m.poly([(lx - 0.024, ly + 0.34), (lx + 0.024, ly + 0.34), (lx, ly + 0.36)], (60, 64, 74))
    for _ in range(5):  # pigeons
        px, py = pt.P(rng.uniform(0.05, 0.95), rng.uniform(0.75, 0.98))
        m.ellipse(px, py + 0.01, 0.014, 0.009, (150, 150, 165))
        m.circle(px + 0.012, py + 0.018, 0.006, (130, 130, 150))
    if weather == "snow":
        _snow_cover(pt, m, base + 0.01, 235)


# -- the jungle ----------------------------------------------------------------------------------------
# Broad leaves, palms and vines, not the forest's pines: a story "deep in the green jungle" drawn as
# the forest read as a pine wood or open grass. Pen coordinates below are the pens' (x right, y up).


def _leaf(pen: Pen, x: float, y: float, length: float, width: float, angle: float, colour: RGB,
          outline: bool | RGB = True, veins: bool = True) -> None:
    """A broad pointed leaf from its stalk at (x, y), `width` its half-width, along `angle` degrees."""
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))

    def at(t: float, w: float) -> tuple[float, float]:
        return (x + ca * t * length - sa * w, y + sa * t * length + ca * w)

    side = [(t, width * math.sin(math.pi * t ** 0.8)) for t in (i / 10 for i in range(1, 10))]
    pen.poly([at(0, 0)] + [at(t, w) for t, w in side] + [at(1, 0)] + [at(t, -w) for t, w in reversed(side)],
             colour, outline)
    if veins:  # the midrib and a few side veins, lighter
        rib = mix(colour, (235, 245, 200), 0.3)
        pen.line([at(0.03, 0), at(0.9, 0)], max(0.0015, width * 0.08), rib)
        for t in (0.28, 0.48, 0.68):
            for s in (1, -1):
                pen.line([at(t, 0), at(t + 0.14, s * width * 0.62)], max(0.001, width * 0.05), rib)


def _frond(pen: Pen, x: float, y: float, length: float, angle: float, droop: float, colour: RGB,
           leaflet: float = 0.3, n: int = 12, outline: bool | RGB = False) -> None:
    """A palm frond or a fern: a rib bending under its weight, narrow leaflets along both sides."""
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))

    def rib(t: float) -> tuple[float, float]:
        return (x + ca * t * length, y + sa * t * length - droop * length * t * t)

    for i in range(n):
        t = 0.1 + 0.88 * i / n
        (bx, by), (nx, ny) = rib(t), rib(t + 0.02)
        along = math.degrees(math.atan2(ny - by, nx - bx))
        ll = length * leaflet * (0.45 + 0.55 * math.sin(math.pi * (0.2 + 0.8 * t)))
        for s in (1, -1):
            a = along + s * 48
            a += (-90 - a + 360 * round((a + 90) / 360)) * 0.25  # leaflets hang a little
            _leaf(pen, bx, by, ll, ll * 0.17, a, colour, outline, veins=False)
    pen.line([rib(i / 12) for i in range(13)], max(0.002, length * 0.022), shade(colour, 0.7))


def _palm(pt: Painter, pen: Pen, x: float, y: float, h: float, lean: float, colour: RGB,
          trunk: RGB = (150, 118, 84)) -> None:
    """A palm on a ringed trunk leaning by `lean` (pen units), its fronds falling all round the top."""
    px, py = pt.P(x, y)
    pts = [(px + lean * t ** 1.6, py + h * t) for t in (i / 10 for i in range(11))]
    pen.limb(pts, h * 0.045, trunk)
    for rx, ry in pts[1:-1]:  # rings
        pen.line([(rx - h * 0.02, ry), (rx + h * 0.02, ry + h * 0.006)], h * 0.004, shade(trunk, 0.72))
    tx, ty = pts[-1]
    for ang, droop in ((178, 1.0), (150, 0.8), (118, 0.55), (92, 0.45), (64, 0.55), (32, 0.8), (2, 1.0),
                       (205, 1.1), (-25, 1.1)):
        _frond(pen, tx, ty, h * 0.4, ang, droop, colour if ang % 2 == 0 else shade(colour, 0.86))
    for dx in (-0.012, 0.008):
        pen.circle(tx + dx * h * 2.5, ty - h * 0.03, h * 0.028, (120, 92, 60))


def _rainforest_tree(pt: Painter, pen: Pen, x: float, y: float, w: float, bark: RGB) -> None:
    """A tall smooth trunk that runs up into the canopy, flaring into buttress roots at the ground."""
    px, py = pt.P(x, y)
    top = pt.P(x, WORLD[2])[1] + 0.05
    pen.poly([(px - w, py), (px - w * 0.7, top), (px + w * 0.7, top), (px + w, py)], bark)
    for s in (-1, 1):  # buttress roots, like fins
        pen.poly([(px + s * w * 0.5, py + w * 3.2), (px + s * w * 3.4, py - w * 0.2), (px + s * w * 0.9, py - w * 0.15)],
                 shade(bark, 0.93))
    pen.poly([(px - w * 0.25, py + w * 2.0), (px + w * 0.3, py + w * 2.0), (px + w * 0.9, py - w * 0.35),
              (px - w * 0.6, py - w * 0.35)], shade(bark, 0.88))
    for k in range(3):  # bark streaks and a patch of moss
        sx = px + (k - 1) * w * 0.45
        pen.line([(sx, py + w * 3.5), (sx + w * 0.1, top)], w * 0.06, shade(bark, 0.82))
    pen.ellipse(px - w * 0.3, py + w * 6, w * 0.5, w * 1.6, (96, 140, 70), False, alpha=200)


def _bloom(pen: Pen, x: float, y: float, r: float, colour: RGB) -> None:
    """A bright five-petalled tropical flower with a yellow heart."""
    for k in range(5):
        a = math.radians(90 + 72 * k)
        pen.ellipse(x + math.cos(a) * r * 0.6, y + math.sin(a) * r * 0.6, r * 0.55, r * 0.55, colour, False)
    pen.circle(x, y, r * 0.3, (255, 214, 80), False)
    pen.line([(x, y), (x + r * 0.5, y + r * 0.9)], r * 0.1, (255, 230, 120))


def _heliconia(pen: Pen, x: float, y: float, h: float, colour: RGB = (236, 74, 52)) -> None:
    """A lobster-claw flower: red bracts with yellow tips, left and right up a stem."""
    pen.line([(x, y), (x + h * 0.05, y + h)], h * 0.04, (70, 120, 60))
    for k in range(5):
        s = 1 if k % 2 else -1
        by = y + h * (0.3 + 0.15 * k)
        bx = x + h * 0.05 * (0.3 + 0.15 * k)  # on the stem
        pen.poly([(bx, by + h * 0.05), (bx + s * h * 0.22, by + h * 0.02), (bx + s * h * 0.2, by - h * 0.03),
                  (bx, by - h * 0.03)], colour, False)
        pen.circle(bx + s * h * 0.21, by, h * 0.025, (255, 212, 70), False)


def _jungle(pt: Painter, time_of_day: str, weather: str) -> None:
    rng = pt.rng
    b, m, f = pt.back, pt.mid, pt.front
    haze = SKY[time_of_day][1]
    a = pt.aspect
    leafy = [(46, 112, 58), (62, 136, 62), (38, 96, 60), (84, 156, 66), (52, 124, 82)]
    # far off: layers of rounded crowns fading into the humid air, palms standing out of them
    for row, (base, hgt, t) in enumerate(((HORIZON - 0.16, 0.06, 0.42), (HORIZON - 0.08, 0.07, 0.26))):
        c = mix((56, 126, 84), haze, t)
        x = WORLD[0] - 0.05
        while x < WORLD[1] + 0.05:
            r = rng.uniform(0.035, 0.06) * (1 + row * 0.3)
            cx, cy = pt.P(x, base)
            cc = shade(c, rng.uniform(0.9, 1.06))
            b.circle(cx, cy + rng.uniform(0, hgt), r, cc, False)
            b.circle(cx + r * 0.6, cy + rng.uniform(0, hgt) - r * 0.5, r * 0.8, shade(cc, 1.06), False)
            x += r / a * 1.2
        pt.band(b, base, HORIZON + 0.1, c)
    for x in (-0.05, 0.24, 0.6, 0.78, 1.18):  # palms in the near distance, a little hazy
        _palm(pt, b, x + rng.uniform(-0.03, 0.03), HORIZON - 0.02, rng.uniform(0.2, 0.26),
              rng.uniform(-0.03, 0.03), mix((60, 136, 72), haze, 0.18), mix((150, 118, 84), haze, 0.2))
    x = WORLD[0]  # nearer: a wall of big leaves behind the clearing
    while x < WORLD[1]:
        bx, by = pt.P(x, HORIZON + 0.03)
        c = mix(rng.choice(leafy), haze, 0.12)
        h = rng.uniform(0.1, 0.16)
        for ang in (35, 60, 85, 110, 135, 150, 20):
            _leaf(b, bx, by, h * rng.uniform(0.8, 1.1), h * 0.28, ang + rng.uniform(-8, 8), shade(c, rng.uniform(0.88, 1.08)))
        x += rng.uniform(0.08, 0.12)
    # the forest floor: moss-green, an earth path winding in from the trees
    ground = (82, 132, 58)
    pt.ground(m, HORIZON + 0.04, ground)
    left = [(0.47 + 0.06 * math.sin(t * 5.5) - 0.3 * t, HORIZON + 0.045 + (1.2 - HORIZON) * t) for t in
            (i / 16 for i in range(17))]
    m.poly(pt.pts(left + [(x + 0.08 + 0.5 * ((y - HORIZON) / (1.2 - HORIZON)), y) for x, y in reversed(left)]),
           (118, 116, 64), False)
    for _ in range(16):  # moss and fallen leaves, flat on the ground
        gx, gy = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.68, 1.05))
        m.ellipse(gx, gy, rng.uniform(0.03, 0.07), rng.uniform(0.005, 0.01), shade(ground, 0.92), False)
    for _ in range(18):
        gx, gy = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.68, 1.05))
        _leaf(m, gx, gy, 0.022, 0.007, rng.uniform(-25, 25) + rng.choice([0, 180]),
              rng.choice([(150, 130, 60), (110, 120, 50), (170, 110, 60)]), False, False)
    # the undergrowth along the back of the clearing: big upright leaves, ferns, flowers
    x = WORLD[0]
    while x < WORLD[1]:
        bx, by = pt.P(x, HORIZON + 0.05 + rng.uniform(0, 0.02))
        c = rng.choice(leafy)
        for ang in (60, 90, 120, 40, 140):
            _leaf(m, bx, by, rng.uniform(0.07, 0.11), rng.uniform(0.02, 0.03), ang + rng.uniform(-10, 10),
                  shade(c, rng.uniform(0.9, 1.1)))
        if rng.random() < 0.5:
            for ang in (30, 70, 110, 150):
                _frond(m, bx + 0.05, by, 0.1, ang, 0.5, shade(c, 1.1), 0.35, 9)
        if rng.random() < 0.4:
            _bloom(m, bx + rng.uniform(-0.03, 0.03), by + rng.uniform(0.04, 0.08), 0.014,
                   rng.choice([(236, 64, 84), (250, 140, 40), (230, 90, 170)]))
        x += rng.uniform(0.07, 0.11)
    # great trees at the sides and palms between, framing the clearing
    for x, w in ((-0.22, 0.04), (0.03, 0.05), (0.97, 0.048), (1.22, 0.04)):
        _rainforest_tree(pt, m, x + rng.uniform(-0.02, 0.02), HORIZON + 0.1 + rng.uniform(0, 0.02), w,
                         rng.choice([(128, 106, 84), (116, 98, 80)]))
    _palm(pt, m, 0.13, HORIZON + 0.07, 0.42, -0.12, (64, 142, 70))
    _palm(pt, m, 0.87, HORIZON + 0.07, 0.4, 0.12, (58, 132, 74))
    # the canopy across the top: lowest at the sides, a gap of sky overhead
    def edge(x: float) -> float:
        d = min(1.0, max(0.0, (abs(x - 0.5) - 0.1) / 0.35))
        return 0.02 + 0.26 * d * d * (3 - 2 * d)

    top = WORLD[2] - 0.05
    xs = [WORLD[0] - 0.1 + (WORLD[1] - WORLD[0] + 0.2) * i / 60 for i in range(61)]
    m.poly(pt.pts([(xs[0], top)] + [(x, edge(x) - 0.05) for x in xs] + [(xs[-1], top)]), (34, 84, 48), False)
    for layer in range(3):
        x = WORLD[0] - 0.05
        while x < WORLD[1] + 0.05:
            low = edge(x) - 0.035 * (2 - layer)
            cx, cy = pt.P(x, low)
            r = rng.uniform(0.05, 0.08)
            c = shade(rng.choice(leafy), 0.78 + 0.1 * layer)
            m.circle(cx, cy + r * 0.7, r, c, False)
            for _ in range(2 + layer):
                _leaf(m, cx + rng.uniform(-r, r), cy + r * 0.5, rng.uniform(0.07, 0.12), rng.uniform(0.022, 0.034),
                      -90 + rng.uniform(-60, 60), shade(rng.choice(leafy), rng.uniform(0.85 + 0.05 * layer, 1.1)))
            x += r / a * 1.1
    # vines and lianas hanging from the canopy, more at the sides
    for i in range(26):
        x = WORLD[0] + (i + rng.uniform(0, 1)) * (WORLD[1] - WORLD[0]) / 26
        top = edge(x) - 0.02
        length = rng.uniform(0.12, 0.32) * (0.45 if 0.3 < x < 0.7 else 1.0)
        sway = rng.uniform(-0.015, 0.015)
        pts = [pt.P(x + sway * math.sin(t * 4), top + length * t) for t in (i / 12 for i in range(13))]
        m.line(pts, 0.007, (64, 100, 46))
        for k, (vx, vy) in enumerate(pts[2::2]):
            s = 1 if k % 2 else -1
            _leaf(m, vx, vy, 0.03, 0.012, -90 + s * 50, rng.choice([(74, 150, 64), (96, 170, 70)]), True, False)
    for x0, x1 in ((-0.25, 0.1), (0.04, 0.22), (0.8, 0.97), (0.93, 1.25)):  # lianas looping between the trees
        sag = rng.uniform(0.1, 0.18)
        y0, y1 = edge(x0) + 0.02, edge(x1) + 0.02
        m.line(pt.pts([(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t + sag * 4 * t * (1 - t)) for t in (i / 16 for i in range(17))]),
               0.006, (96, 84, 52))
    # big leaves, ferns and flowers in the near corners, in front of everyone and clear of the middle
    for cx, s in ((-0.04, 1), (1.04, -1), (-0.28, 1), (1.28, -1)):
        bx, by = pt.P(cx, 1.1)
        for ang in (35, 65, 100):
            _frond(f, bx + s * 0.1, by, 0.3, ang if s > 0 else 180 - ang, 0.4, (72, 150, 64), 0.3, 12)
        for ang, ln in ((18, 0.3), (42, 0.38), (66, 0.36), (88, 0.3), (110, 0.22)):
            _leaf(f, bx, by, ln, ln * 0.3, ang if s > 0 else 180 - ang, shade(rng.choice(leafy), rng.uniform(0.9, 1.1)))
        _heliconia(f, bx + s * 0.22, by + 0.02, 0.22)
        _bloom(f, bx + s * 0.1, by + 0.3, 0.026, (240, 70, 110))
        _bloom(f, bx + s * 0.26, by + 0.16, 0.02, (250, 150, 40))
    pt.tufts(f, 1.0, 1.07, 10, shade(ground, 0.8))
    pt.used_front = True
    if weather == "snow":
        _snow_cover(pt, m, HORIZON + 0.08, 190)


def _zoo(pt: Painter) -> None:
    """Enclosures behind railings across the back, an animal house, a giraffe looking over, a gate."""
    rng = pt.rng
    m = pt.mid
    fence_y = HORIZON + 0.085
    # inside the enclosures: a flat-topped tree, rocks, a pool
    tx, ty = pt.P(0.67, fence_y - 0.01)
    m.limb([(tx, ty), (tx + 0.01, ty + 0.14), (tx - 0.04, ty + 0.2)], 0.014, (120, 88, 60))
    m.limb([(tx + 0.01, ty + 0.14), (tx + 0.06, ty + 0.2)], 0.01, (120, 88, 60))
    for dx, w in ((-0.05, 0.1), (0.05, 0.09), (0.0, 0.12)):
        m.ellipse(tx + dx, ty + 0.215, w, 0.03, (96, 150, 70))
    for x in (0.3, 0.36):
        rx, ry = pt.P(x, fence_y - 0.015)
        m.ellipse(rx, ry + 0.02, 0.05, 0.03, (160, 150, 140))
    px, py = pt.P(0.48, fence_y - 0.02)
    m.ellipse(px, py, 0.1, 0.012, (110, 180, 220), False)
    # the animal house: a big arched door for big animals, a paw on its gable
    hx0, hx1, hy = 0.76, 1.06, fence_y - 0.005
    pt.rect(m, hx0, hy - 0.17, hx1, hy, (226, 196, 146))
    a, c = pt.P(hx0 - 0.02, hy - 0.17), pt.P(hx1 + 0.02, hy - 0.17)
    m.poly([a, c, ((a[0] + c[0]) / 2, a[1] + 0.12)], (176, 120, 70))
    dx, dy = pt.P((hx0 + hx1) / 2, hy)
    m.rrect(dx - 0.07, dy + 0.12, dx + 0.07, dy, 0.06, (74, 58, 48))
    gx, gy = dx, dy + 0.205
    m.ellipse(gx, gy - 0.006, 0.018, 0.014, (120, 80, 50), False)
    for ox, oy in ((-0.022, 0.014), (-0.008, 0.024), (0.008, 0.024), (0.022, 0.014)):
        m.circle(gx + ox, gy + oy, 0.0065, (120, 80, 50), False)
    # a giraffe looking over the railings
    gx, gy = pt.P(0.18, fence_y - 0.07)
    fur, spot = (240, 196, 90), (176, 112, 56)
    for lx in (-0.04, -0.02, 0.03, 0.05):
        m.limb([(gx + lx, gy), (gx + lx, gy - 0.06)], 0.012, fur)
    m.ellipse(gx, gy + 0.01, 0.075, 0.04, fur)
    m.limb([(gx + 0.05, gy + 0.02), (gx + 0.08, gy + 0.16), (gx + 0.09, gy + 0.24)], 0.026, fur)
    m.ellipse(gx + 0.11, gy + 0.25, 0.035, 0.018, fur)
    for ox in (0.085, 0.1):
        m.line([(gx + ox, gy + 0.26), (gx + ox - 0.004, gy + 0.29)], 0.005, spot)
        m.circle(gx + ox - 0.004, gy + 0.29, 0.006, spot, False)
    m.circle(gx + 0.11, gy + 0.258, 0.005, (40, 30, 30), False)
    for ox, oy in ((-0.04, 0.015), (-0.01, 0.025), (0.02, 0.01), (0.045, 0.025), (-0.025, -0.005), (0.01, -0.01),
                   (0.07, 0.07), (0.08, 0.12), (0.085, 0.18)):
        m.ellipse(gx + ox, gy + oy, 0.009, 0.007, spot, False)
    # railings across the back, open at the gate
    gate0, gate1 = 0.38, 0.56
    bars = (54, 96, 74)
    for x0, x1 in ((WORLD[0] - 0.1, gate0), (gate1, WORLD[1] + 0.1)):
        for y in (fence_y - 0.075, fence_y - 0.02):
            pt.rect(m, x0, y, x1, y + 0.008, bars, 0.0)
        x = x0
        while x < x1:
            bx, by = pt.P(x, fence_y)
            m.line([(bx, by), (bx, by + 0.09)], 0.005, bars)
            m.circle(bx, by + 0.093, 0.004, bars, False)
            x += 0.02
    # the gate: brick pillars with round tops, an iron arch between, its doors swung open
    for x in (gate0 - 0.015, gate1 + 0.015):
        pt.rect(m, x - 0.022, fence_y - 0.2, x + 0.022, fence_y, (190, 100, 80))
        for k in range(6):
            y = fence_y - 0.03 - k * 0.03
            m.line(pt.pts([(x - 0.022, y), (x + 0.022, y)]), 0.002, (160, 80, 66))
        cx, cy = pt.P(x, fence_y - 0.2)
        m.rrect(cx - 0.05, cy + 0.015, cx + 0.05, cy, 0.0, (210, 200, 190))
        m.circle(cx, cy + 0.035, 0.022, (210, 200, 190))
    ax, ay = pt.P((gate0 + gate1) / 2, fence_y - 0.2)
    half = (gate1 - gate0) / 2 * pt.aspect
    m.arc(ax, ay - 0.01, half, 0.07, 0, 180, 0.012, bars, raw=False)
    m.line([(ax - half, ay - 0.01), (ax + half, ay - 0.01)], 0.008, bars)
    for k in range(1, 8):
        a = math.radians(180 * k / 8)
        m.line([(ax + math.cos(a) * half * 0.35, ay - 0.01 + math.sin(a) * 0.025),
                (ax + math.cos(a) * half, ay - 0.01 + math.sin(a) * 0.07)], 0.004, bars)
    for x, d in ((gate0 + 0.007, -1), (gate1 - 0.007, 1)):
        for k in range(4):
            bx, by = pt.P(x + d * k * 0.008, fence_y + 0.004 * k)
            m.line([(bx, by), (bx, by + 0.1)], 0.004, bars)
    # a path from the gate towards us
    m.poly(pt.pts([(gate0 + 0.01, fence_y), (gate1 - 0.01, fence_y), (0.85, 1.2), (0.1, 1.2)]), (226, 206, 166), False)
    for _ in range(4):  # a few bushes along the railings
        bx, by = pt.P(rng.choice([rng.uniform(-0.2, 0.3), rng.uniform(0.62, 0.75), rng.uniform(1.05, 1.25)]), fence_y + 0.005)
        for dx_, r in ((-0.025, 0.025), (0.02, 0.028), (0.0, 0.033)):
            m.circle(bx + dx_, by + r * 0.9, r, (84, 150, 80))


def _underwater(pt: Painter, time_of_day: str, weather: str) -> None:
    """Under the sea: blue water from top to bottom (no sky, no sun), a sand floor to stand on."""
    rng = pt.rng
    b, m, f = pt.back, pt.mid, pt.front
    floor = 0.63
    top, bottom, light = (96, 196, 226), (22, 88, 150), (210, 245, 255)
    y0, y1, steps = WORLD[2] - 0.05, WORLD[3] + 0.05, 28
    pt.gradient(b, y0, y1, top, bottom, steps)
    rays = [WORLD[0] + i * 0.25 + rng.uniform(0, 0.1) for i in range(7)]
    for i in range(steps):  # light falling from the surface, band by band (a pen paints over, it does not blend)
        a, c = y0 + (y1 - y0) * i / steps, y0 + (y1 - y0) * (i + 1) / steps
        if a > floor:
            break
        colour = mix(mix(top, bottom, i / (steps - 1)), light, 0.12)
        for x in rays:
            left = lambda y: x - 0.2 * (y - y0) / (floor - y0)  # noqa: E731
            right = lambda y: x + 0.06 - 0.14 * (y - y0) / (floor - y0)  # noqa: E731
            b.poly(pt.pts([(left(a), a), (right(a), a), (right(c + 0.002), c + 0.002), (left(c + 0.002), c + 0.002)]),
                   colour, False)
    far = (36, 104, 140)
    pt.hills(b, floor - 0.01, 0.08, far, 3, rng.uniform(0, 6))
    for _ in range(10):  # far weed, in the blue
        x = rng.uniform(WORLD[0], WORLD[1])
        kx, ky = pt.P(x, floor - 0.02)
        h = rng.uniform(0.1, 0.2)
        b.line([(kx + 0.01 * math.sin(k * 1.3), ky + h * k / 6) for k in range(7)], 0.008, (40, 118, 120))
    for _ in range(3):  # a few fish far off, a shoal each
        sx, sy = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.15, 0.45))
        for k in range(5):
            fx_, fy_ = sx + rng.uniform(-0.08, 0.08), sy + rng.uniform(-0.04, 0.04)
            b.ellipse(fx_, fy_, 0.014, 0.006, (40, 90, 140), False)
            b.poly([(fx_ + 0.012, fy_), (fx_ + 0.022, fy_ + 0.007), (fx_ + 0.022, fy_ - 0.007)], (40, 90, 140), False)
    sand = (224, 204, 150)
    pt.hills(m, floor + 0.03, 0.03, sand, 3, rng.uniform(0, 6))
    for _ in range(24):
        rx, ry = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.68, 1.05))
        m.arc(rx, ry, 0.03, 0.006, 20, 160, 0.003, shade(sand, 0.88), raw=False)
    for _ in range(6):
        rx, ry = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.72, 1.0))
        m.ellipse(rx, ry, 0.035, 0.018, (130, 130, 140))
    for x, y in ((0.22, 0.95), (0.8, 0.82)):  # starfish
        sx, sy = pt.P(x, y)
        star = []
        for k in range(10):
            a = math.radians(90 + 36 * k)
            r = 0.028 if k % 2 == 0 else 0.011
            star.append((sx + math.cos(a) * r, sy + math.sin(a) * r))
        m.poly(star, (240, 130, 70))

    def kelp(pen: Pen, x: float, y: float, h: float, colour: RGB) -> None:
        kx, ky = pt.P(x, y)
        pts = [(kx + 0.018 * math.sin(k * 0.9 + x * 7), ky + h * k / 10) for k in range(11)]
        pen.limb(pts, 0.014, colour)
        for k in range(2, 10, 2):
            px, py = pts[k]
            s = 1 if k % 4 else -1
            pen.poly([(px, py), (px + s * 0.04, py + 0.03), (px + s * 0.01, py + 0.01)], shade(colour, 1.1))

    for x, h in ((-0.06, 0.55), (0.02, 0.42), (0.09, 0.3), (0.88, 0.34), (0.96, 0.5), (1.15, 0.45), (-0.22, 0.4)):
        kelp(m, x, floor + 0.06, h, (64, 150, 84))
    # corals: a pink branching one, an orange round one
    cx, cy = pt.P(0.2, 0.68)
    for a, l in ((100, 0.1), (70, 0.08), (125, 0.08), (55, 0.06), (145, 0.06)):
        r = math.radians(a)
        tip = (cx + math.cos(r) * l, cy + math.sin(r) * l)
        m.limb([(cx, cy), tip], 0.014, (236, 120, 150))
        m.circle(tip[0], tip[1], 0.01, (246, 150, 175), False)
    ox, oy = pt.P(0.72, 0.68)
    m.ellipse(ox, oy + 0.03, 0.06, 0.035, (245, 165, 80))
    for k in range(3):
        m.arc(ox, oy + 0.03, 0.045 - k * 0.013, 0.024 - k * 0.007, 10, 170, 0.003, (215, 120, 50), raw=False)
    # bubbles rising
    for cx_, n in ((0.12, 7), (0.66, 6), (0.93, 5), (0.4, 4)):
        for k in range(n):
            bx, by = pt.P(cx_ + 0.01 * math.sin(k * 2.1), 0.62 - k * 0.075 - rng.uniform(0, 0.03))
            r = 0.006 + 0.0025 * k
            m.circle(bx, by, r, (200, 240, 255), (235, 250, 255), alpha=90)
            m.circle(bx - r * 0.35, by + r * 0.35, r * 0.25, (255, 255, 255), False)
    for _ in range(5):
        bx, by = pt.P(rng.choice([rng.uniform(-0.2, 0.05), rng.uniform(0.95, 1.2)]), rng.uniform(0.1, 0.9))
        f.circle(bx, by, 0.012, (200, 240, 255), (235, 250, 255), alpha=80)
    pt.used_front = True


def _indoor(pt: Painter, place: str, time_of_day: str, weather: str) -> None:
    rng = pt.rng
    b, m = pt.back, pt.mid
    floor_y = 0.6
    wall = {"bedroom": (190, 200, 240), "kitchen": (250, 230, 180), "living room": (240, 205, 170),
            "classroom": (215, 230, 200), "shop": (250, 220, 200), "cave": (90, 80, 90), "library": (226, 206, 170),
            "museum": (232, 222, 204), "workshop": (196, 156, 110), "hospital": (222, 240, 236),
            "train": (238, 228, 204), "bus": (232, 232, 226)}[place]
    floor = {"bedroom": (200, 150, 110), "kitchen": (230, 225, 215), "living room": (180, 120, 80),
             "classroom": (190, 160, 120), "shop": (210, 190, 160), "cave": (120, 105, 100), "library": (166, 112, 74),
             "museum": (214, 206, 192), "workshop": (170, 166, 160), "hospital": (206, 216, 222),
             "train": (116, 108, 128), "bus": (112, 112, 120)}[place]
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
               "shop": [0.08], "library": [0.5], "workshop": [-0.02], "hospital": [0.46]}.get(place, [])
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
            if place in ("workshop", "hospital"):
                continue  # no curtains at a workbench or a ward's window
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
    if place == "library":
        _library(pt, b, floor_y)
    if place == "museum":
        _museum(pt, b, floor_y, wall)
    if place == "workshop":
        _workshop(pt, b, floor_y, wall)
    if place == "hospital":
        _hospital(pt, b, floor_y, wall)
    if place == "train":
        _train(pt, b, floor_y, time_of_day, weather)
    if place == "bus":
        _bus(pt, b, floor_y, time_of_day, weather)
    # floor, skirting and a rug
    pt.ground(m, floor_y, floor)
    m.poly(pt.pts([(WORLD[0] - 0.1, floor_y - 0.015), (WORLD[1] + 0.1, floor_y - 0.015), (WORLD[1] + 0.1, floor_y),
                   (WORLD[0] - 0.1, floor_y)]), shade(wall, 0.75), False)
    if place in ("bedroom", "living room", "classroom", "library"):
        for k in range(30):
            x = WORLD[0] + k * 0.06
            m.line([pt.P(x, floor_y), pt.P(x - 0.1 + (x - 0.5) * 0.5, 1.2)], 0.0015, shade(floor, 0.88))
    if place in ("bedroom", "living room", "library"):
        rug = {"bedroom": ((200, 100, 110), (230, 140, 140)), "living room": ((120, 160, 120), (150, 190, 140)),
               "library": ((150, 60, 60), (190, 90, 80))}[place]
        rx, ry = pt.P(0.5, 0.86)
        m.ellipse(rx, ry, 0.55, 0.1, rug[0], False)
        m.ellipse(rx, ry, 0.48, 0.075, rug[1], False)
    if place in ("kitchen", "museum", "hospital"):
        tile = {"kitchen": shade(floor, 0.9), "museum": (150, 140, 132), "hospital": shade(floor, 0.94)}[place]
        for k in range(-10, 30):
            for j in range(6):
                tx, ty = pt.P(k * 0.08 + j * 0.0, floor_y + j * 0.09)
                if (k + j) % 2:
                    m.rrect(tx, ty, tx + 0.08 * pt.aspect, ty - 0.09, 0.0, tile, False)
    if place == "workshop":
        for _ in range(6):  # oil and paint on the concrete
            sx, sy = pt.P(rng.uniform(WORLD[0], WORLD[1]), rng.uniform(0.68, 1.0))
            m.ellipse(sx, sy, rng.uniform(0.03, 0.07), 0.012, shade(floor, 0.9), False)
    if place == "train":
        m.poly(pt.pts([(WORLD[0] - 0.1, 0.7), (WORLD[1] + 0.1, 0.7), (WORLD[1] + 0.1, 1.0), (WORLD[0] - 0.1, 1.0)]),
               (170, 60, 70), False)
        for y in (0.715, 0.985):
            m.line(pt.pts([(WORLD[0] - 0.1, y), (WORLD[1] + 0.1, y)]), 0.004, (230, 190, 90))
    if place == "bus":
        for k in range(14):
            y = floor_y + 0.02 + k * 0.035
            m.line(pt.pts([(WORLD[0] - 0.1, y), (WORLD[1] + 0.1, y)]), 0.003, shade(floor, 0.8))
    if place == "classroom":
        for k in range(5):
            dx, dy = pt.P(-0.1 + k * 0.3, floor_y + 0.02)
            m.rrect(dx - 0.08, dy + 0.08, dx + 0.08, dy + 0.06, 0.01, (200, 150, 100))
            m.line([(dx - 0.06, dy + 0.06), (dx - 0.06, dy)], 0.006, (120, 120, 130))
            m.line([(dx + 0.06, dy + 0.06), (dx + 0.06, dy)], 0.006, (120, 120, 130))


BOOKS = [(176, 62, 62), (62, 94, 156), (72, 134, 84), (206, 164, 62), (124, 74, 134), (206, 114, 62), (96, 66, 46),
         (60, 140, 150)]


def _library(pt: Painter, b: Pen, floor_y: float) -> None:
    rng = pt.rng
    wood = (150, 100, 64)

    def shelves(x0: float, x1: float) -> None:
        pt.rect(b, x0, 0.0, x1, floor_y, wood)
        pt.rect(b, x0 + 0.012, 0.02, x1 - 0.012, floor_y - 0.02, (104, 70, 46), 0.0, False)
        for row in range(5):
            y = 0.02 + (row + 1) * (floor_y - 0.04) / 5
            x = x0 + 0.014
            while x < x1 - 0.03:
                w = rng.uniform(0.012, 0.022)
                h = rng.uniform(0.07, 0.095)
                if rng.random() < 0.06:
                    x += w  # a gap where a book is out
                    continue
                c = rng.choice(BOOKS)
                pt.rect(b, x, y - h, x + w, y, c, 0.002)
                pt.rect(b, x + w * 0.2, y - h * 0.75, x + w * 0.8, y - h * 0.68, mix(c, (250, 230, 160), 0.6), 0.0, False)
                x += w + 0.002
            pt.rect(b, x0 + 0.008, y, x1 - 0.008, y + 0.012, shade(wood, 1.1))

    for x0, x1 in ((-0.32, -0.04), (-0.02, 0.3), (0.7, 1.02), (1.04, 1.32)):
        shelves(x0, x1)
    # a reading table under the window with a green lamp, a ladder against the shelves
    pt.rect(b, 0.34, 0.49, 0.66, 0.51, (160, 108, 70))
    for x in (0.36, 0.64):
        pt.rect(b, x - 0.006, 0.51, x + 0.006, floor_y, (130, 86, 56))
    lx, ly = pt.P(0.42, 0.49)
    b.line([(lx, ly), (lx, ly + 0.06)], 0.006, (180, 150, 70))
    b.poly([(lx - 0.05, ly + 0.06), (lx + 0.05, ly + 0.06), (lx + 0.03, ly + 0.09), (lx - 0.03, ly + 0.09)], (60, 140, 90))
    for k, c in enumerate(((176, 62, 62), (62, 94, 156), (206, 164, 62))):
        pt.rect(b, 0.52 + k * 0.004, 0.49 - 0.012 * (k + 1), 0.6 - k * 0.004, 0.49 - 0.012 * k, c, 0.002)
    for s in (0.0, 0.045):
        b.line(pt.pts([(0.76 + s, floor_y), (0.8 + s, 0.05)]), 0.008, (120, 80, 50))
    for k in range(9):
        y = floor_y - 0.05 - k * 0.058
        t = (floor_y - y) / (floor_y - 0.05)
        b.line(pt.pts([(0.76 + 0.04 * t, y), (0.805 + 0.04 * t, y)]), 0.006, (120, 80, 50))


def _pillar(pt: Painter, pen: Pen, x: float, top: float, bottom: float, stone: RGB) -> None:
    w = 0.03
    pt.rect(pen, x - w, top + 0.04, x + w, bottom - 0.03, stone)
    for k in (-0.6, -0.2, 0.2, 0.6):
        pen.line(pt.pts([(x + k * w, top + 0.05), (x + k * w, bottom - 0.04)]), 0.003, shade(stone, 0.85))
    pt.rect(pen, x - w * 1.5, top, x + w * 1.5, top + 0.04, shade(stone, 1.04))
    pt.rect(pen, x - w * 1.4, bottom - 0.03, x + w * 1.4, bottom, shade(stone, 1.04))


def _museum(pt: Painter, b: Pen, floor_y: float, wall: RGB) -> None:
    stone = (236, 228, 210)
    pt.rect(b, WORLD[0] - 0.1, -0.3, WORLD[1] + 0.1, 0.0, shade(wall, 0.92), 0.0, False)
    for x in (-0.25, 0.02, 0.31, 1.0, 1.27):
        _pillar(pt, b, x, 0.0, floor_y, stone)
    # framed pictures: a landscape and a portrait, in gold
    for x0, y0, x1, y1, kind in ((0.44, 0.07, 0.6, 0.2, "hills"), (0.72, 0.06, 0.84, 0.22, "face"), (-0.2, 0.12, -0.06, 0.28, "hills")):
        pt.rect(b, x0, y0, x1, y1, (206, 164, 60))
        pt.rect(b, x0 + 0.012, y0 + 0.02, x1 - 0.012, y1 - 0.02, (190, 220, 240) if kind == "hills" else (80, 60, 70), 0.0, False)
        if kind == "hills":
            b.poly(pt.pts([(x0 + 0.012, y1 - 0.02), (x0 + 0.012, y1 - 0.05), ((x0 + x1) / 2, y1 - 0.075),
                           (x1 - 0.012, y1 - 0.045), (x1 - 0.012, y1 - 0.02)]), (110, 170, 100), False)
        else:
            cx, cy = pt.P((x0 + x1) / 2, (y0 + y1) / 2)
            b.ellipse(cx, cy - 0.035, 0.04, 0.03, (60, 80, 130), False)
            b.circle(cx, cy + 0.02, 0.025, (236, 200, 170), False)
    # a dinosaur's bones on a low plinth, a rope to keep back
    pt.rect(b, 0.37, floor_y - 0.06, 0.98, floor_y, (160, 150, 140))
    pt.rect(b, 0.36, floor_y - 0.07, 0.99, floor_y - 0.055, (180, 170, 160))
    bone = (246, 240, 222)
    spine = [(0.44, 0.24), (0.47, 0.3), (0.52, 0.37), (0.59, 0.41), (0.67, 0.4), (0.76, 0.41), (0.84, 0.43),
             (0.9, 0.47), (0.95, 0.5), (0.99, 0.515)]
    for x in (0.63, 0.8):  # stands holding it up
        b.line(pt.pts([(x, floor_y - 0.07), (x, 0.41)]), 0.004, (120, 120, 130))
    for (x0, x1) in ((0.625, 0.8),):
        for k in range(8):  # ribs
            x = x0 + k * (x1 - x0) / 7
            ys = 0.405 + 0.005 * math.sin(k)
            b.limb(pt.pts([(x, ys), (x - 0.012, ys + 0.04), (x - 0.004, ys + 0.075)]), 0.006, bone)
    for hip, foot in (((0.62, 0.42), (0.6, floor_y - 0.07)), ((0.8, 0.42), (0.83, floor_y - 0.07)),
                      ((0.65, 0.42), (0.66, floor_y - 0.07)), ((0.77, 0.43), (0.77, floor_y - 0.07))):
        knee = ((hip[0] + foot[0]) / 2 + 0.01, (hip[1] + foot[1]) / 2)
        b.limb(pt.pts([hip, knee, foot]), 0.012, bone)
        fx, fy = pt.P(*foot)
        b.ellipse(fx + 0.01, fy + 0.004, 0.02, 0.006, bone)
    b.limb(pt.pts(spine), 0.012, bone)
    for x, y in spine[1:]:
        vx, vy = pt.P(x, y)
        b.circle(vx, vy, 0.009, bone)
    hx, hy = pt.P(0.435, 0.235)  # the skull
    b.poly([(hx - 0.05, hy + 0.005), (hx - 0.045, hy + 0.03), (hx + 0.01, hy + 0.035), (hx + 0.02, hy + 0.005),
            (hx - 0.01, hy - 0.01)], bone)
    b.circle(hx - 0.012, hy + 0.018, 0.007, (90, 80, 80), False)
    for x in (0.37, 0.99):
        px, py = pt.P(x, floor_y)
        b.limb([(px, py), (px, py + 0.09)], 0.008, (200, 170, 80))
        b.circle(px, py + 0.095, 0.01, (220, 190, 90))
    b.line([pt.P(0.37, floor_y - 0.085), pt.P(0.68, floor_y - 0.05), pt.P(0.99, floor_y - 0.085)], 0.007, (190, 50, 60))
    # a statue on its plinth at the side
    pt.rect(b, 0.1, 0.44, 0.22, floor_y, (214, 208, 200))
    pt.rect(b, 0.09, 0.43, 0.23, 0.45, (226, 220, 212))
    sx, sy = pt.P(0.16, 0.43)
    grey = (186, 188, 194)
    b.poly([(sx - 0.035, sy), (sx + 0.035, sy), (sx + 0.025, sy + 0.11), (sx - 0.025, sy + 0.11)], grey)
    b.limb([(sx + 0.02, sy + 0.1), (sx + 0.055, sy + 0.15), (sx + 0.06, sy + 0.2)], 0.014, grey)
    b.limb([(sx - 0.02, sy + 0.1), (sx - 0.04, sy + 0.05)], 0.014, grey)
    b.circle(sx, sy + 0.14, 0.026, grey)


def _workshop(pt: Painter, b: Pen, floor_y: float, wall: RGB) -> None:
    rng = pt.rng
    for k in range(40):  # plank walls
        x = WORLD[0] + k * 0.045
        b.line(pt.pts([(x, -0.3), (x, floor_y)]), 0.003, shade(wall, 0.85))
    # the pegboard and the tools hung on it
    board = (214, 178, 126)
    pt.rect(b, 0.2, 0.07, 0.8, 0.36, board)
    for i in range(26):
        for j in range(11):
            dx, dy = pt.P(0.215 + i * 0.022, 0.085 + j * 0.025)
            b.circle(dx, dy, 0.0035, shade(board, 0.7), False)
    steel, dark = (170, 176, 186), (90, 90, 100)
    hx, hy = pt.P(0.27, 0.3)  # hammer
    b.limb([(hx, hy), (hx, hy + 0.15)], 0.014, (160, 110, 60))
    b.rrect(hx - 0.035, hy + 0.17, hx + 0.03, hy + 0.14, 0.006, dark)
    sx, sy = pt.P(0.36, 0.3)  # saw
    teeth = [(sx - 0.02 + k * 0.012, sy + (0.0 if k % 2 else 0.008)) for k in range(9)]
    b.poly([(sx - 0.02, sy + 0.16), (sx + 0.02, sy + 0.16)] + teeth[::-1], steel)
    b.rrect(sx - 0.03, sy + 0.22, sx + 0.03, sy + 0.155, 0.012, (200, 70, 60))
    wx, wy = pt.P(0.47, 0.3)  # spanner
    b.limb([(wx, wy + 0.02), (wx, wy + 0.15)], 0.014, steel)
    for yy in (wy + 0.02, wy + 0.15):
        b.circle(wx, yy, 0.018, steel)
        b.circle(wx, yy + (0.012 if yy > wy + 0.1 else -0.012), 0.008, board, False)
    for k, c in enumerate(((230, 180, 50), (60, 120, 200), (200, 70, 60))):  # screwdrivers
        x, y = pt.P(0.55 + k * 0.03, 0.3)
        b.line([(x, y), (x, y + 0.08)], 0.005, steel)
        b.rrect(x - 0.01, y + 0.14, x + 0.01, y + 0.08, 0.006, c)
    px, py = pt.P(0.71, 0.3)  # pliers
    b.limb([(px - 0.02, py), (px + 0.008, py + 0.12)], 0.011, (200, 70, 60))
    b.limb([(px + 0.02, py), (px - 0.008, py + 0.12)], 0.011, (200, 70, 60))
    b.limb([(px - 0.006, py + 0.1), (px, py + 0.16), (px + 0.006, py + 0.1)], 0.009, steel)
    # the workbench
    top = (170, 118, 72)
    for x in (0.14, 0.86):
        pt.rect(b, x - 0.012, 0.44, x + 0.012, floor_y, shade(top, 0.8))
    pt.rect(b, 0.12, 0.53, 0.88, 0.545, shade(top, 0.9))
    for k, c in enumerate(((80, 120, 190), (210, 80, 70), (230, 190, 70))):  # paint tins below
        x = 0.24 + k * 0.07
        pt.rect(b, x, 0.48, x + 0.05, 0.53, c, 0.004)
        pt.rect(b, x, 0.48, x + 0.05, 0.49, (190, 190, 196), 0.0, False)
    pt.rect(b, 0.55, 0.47, 0.7, 0.53, (180, 140, 90))
    pt.rect(b, 0.1, 0.41, 0.9, 0.445, top)
    pt.rect(b, 0.25, 0.36, 0.38, 0.41, (200, 60, 55), 0.006)  # a toolbox
    b.arc(*pt.P(0.315, 0.36), 0.035, 0.02, 0, 180, 0.006, dark, raw=False)
    pt.rect(b, 0.45, 0.39, 0.68, 0.41, (226, 196, 140))  # a plank being worked
    pt.rect(b, 0.8, 0.35, 0.87, 0.41, (80, 100, 130), 0.004)  # the vice
    pt.rect(b, 0.78, 0.355, 0.8, 0.385, steel)
    lx, ly = pt.P(0.5, -0.05)  # a lamp hanging over the bench
    b.line([(lx, ly), (lx, ly - 0.12)], 0.004, dark)
    b.poly([(lx - 0.05, ly - 0.17), (lx + 0.05, ly - 0.17), (lx + 0.015, ly - 0.12), (lx - 0.015, ly - 0.12)], (70, 110, 80))
    b.ellipse(lx, ly - 0.17, 0.03, 0.008, (255, 240, 180), False)
    for _ in range(10):  # sawdust
        sx, sy = pt.P(rng.uniform(0.1, 0.9), rng.uniform(0.6, 0.62))
        b.ellipse(sx, sy, 0.01, 0.003, (226, 200, 150), False)


def _hospital(pt: Painter, b: Pen, floor_y: float, wall: RGB) -> None:
    pt.rect(b, WORLD[0] - 0.1, 0.4, WORLD[1] + 0.1, floor_y, mix(wall, (120, 180, 180), 0.3), 0.0, False)
    pt.rect(b, WORLD[0] - 0.1, 0.395, WORLD[1] + 0.1, 0.41, (110, 170, 170), 0.0, False)
    # a red cross on the wall, an eye chart
    cx, cy = pt.P(0.2, 0.2)
    b.rrect(cx - 0.07, cy + 0.07, cx + 0.07, cy - 0.07, 0.012, (252, 252, 250))
    b.rrect(cx - 0.05, cy + 0.017, cx + 0.05, cy - 0.017, 0.0, (220, 50, 50), False)
    b.rrect(cx - 0.017, cy + 0.05, cx + 0.017, cy - 0.05, 0.0, (220, 50, 50), False)
    pt.rect(b, -0.03, 0.08, 0.07, 0.36, (252, 252, 250), 0.005)
    for k in range(6):
        s = 0.03 - k * 0.004
        n = k + 1
        for j in range(n):
            x = 0.02 - n * s * 0.45 + j * s * 0.9
            y = 0.1 + k * 0.04
            pt.rect(b, x, y, x + s * 0.55, y + s, (40, 40, 50), 0.0, False)
    # a bed with a drip beside it, a curtain on its rail
    metal = (200, 206, 214)
    pt.rect(b, 0.955, 0.34, 0.975, floor_y, metal)
    pt.rect(b, 0.945, 0.34, 0.985, 0.36, metal)
    pt.rect(b, 0.655, 0.44, 0.67, floor_y, metal)
    pt.rect(b, 0.66, 0.5, 0.96, 0.52, metal)
    pt.rect(b, 0.665, 0.455, 0.955, 0.5, (252, 252, 252))
    b.ellipse(*pt.P(0.9, 0.445), 0.07, 0.022, (252, 252, 252))
    pt.rect(b, 0.66, 0.45, 0.86, 0.51, (120, 170, 220), 0.01)
    for x in (0.68, 0.94):
        b.circle(*pt.P(x, floor_y - 0.01), 0.012, (80, 80, 90))
    px, py = pt.P(0.6, floor_y)
    b.line([(px, py), (px, py + 0.32)], 0.006, metal)
    b.line([(px - 0.03, py + 0.32), (px + 0.03, py + 0.32)], 0.005, metal)
    b.rrect(px + 0.01, py + 0.31, px + 0.045, py + 0.25, 0.01, (220, 236, 246))
    b.line([(px + 0.028, py + 0.25), (px + 0.04, py + 0.17), (px + 0.12, py + 0.13)], 0.003, (200, 214, 226))
    pt.rect(b, 0.55, 0.04, WORLD[1] + 0.1, 0.05, metal, 0.0, False)
    cur = (176, 214, 206)
    pt.rect(b, 1.02, 0.05, 1.2, 0.58, cur, 0.0, True)
    for k in range(6):
        b.line(pt.pts([(1.03 + k * 0.03, 0.06), (1.03 + k * 0.03, 0.57)]), 0.003, shade(cur, 0.85))
    pt.rect(b, 0.36, 0.44, 0.5, floor_y, (236, 240, 240), 0.005)  # a cabinet
    pt.rect(b, 0.37, 0.47, 0.49, 0.52, (226, 232, 232), 0.004)
    b.rrect(*pt.P(0.405, 0.395), *pt.P(0.455, 0.44), 0.005, (250, 250, 250))
    b.rrect(*pt.P(0.425, 0.405), *pt.P(0.435, 0.43), 0.0, (220, 50, 50), False)


def _view_out(pt: Painter, pen: Pen, x0: float, y0: float, x1: float, y1: float, time_of_day: str, weather: str,
              town: bool) -> None:
    """What a train's or a bus's window shows: sky and land going by, in the time of day."""
    rng = pt.rng
    top, bottom = SKY[time_of_day]
    if weather == "rain":
        top, bottom = mix(top, (120, 125, 140), 0.55), mix(bottom, (170, 175, 185), 0.55)
    elif weather == "snow":
        top, bottom = mix(top, (190, 198, 215), 0.5), mix(bottom, (230, 232, 240), 0.5)
    pt.rect(pen, x0, y0, x1, y1, (90, 90, 100), 0.01)
    pt.rect(pen, x0 + 0.008, y0 + 0.014, x1 - 0.008, y1 - 0.014, mix(top, bottom, 0.6), 0.0, False)
    gy = y0 + (y1 - y0) * 0.62
    land = (240, 244, 250) if weather == "snow" else (130, 190, 110)
    if time_of_day == "night":
        land = shade(land, 0.45)
    pt.rect(pen, x0 + 0.008, gy, x1 - 0.008, y1 - 0.014, land, 0.0, False)
    if town:
        for k in range(3):
            hx = x0 + 0.015 + k * (x1 - x0 - 0.03) / 3
            h = rng.uniform(0.05, 0.08)
            c = [(230, 160, 130), (170, 195, 225), (240, 215, 150)][k % 3]
            pt.rect(pen, hx, gy - h, hx + (x1 - x0 - 0.03) / 3 - 0.01, gy, shade(c, 0.5) if time_of_day == "night" else c,
                    0.0, False)
    else:
        hx, hy = pt.P((x0 + x1) / 2, gy)
        pen.ellipse(hx, hy, (x1 - x0) * pt.aspect * 0.4, 0.03, shade(land, 0.85), False)
        pen.line(pt.pts([(x0 + 0.03, gy - 0.04), (x0 + 0.03, gy)]), 0.004, (110, 90, 70))
    for k in range(3):  # the speed of it
        yy = y0 + (y1 - y0) * (0.3 + k * 0.2)
        pen.line(pt.pts([(x0 + 0.02 + k * 0.02, yy), (x1 - 0.05, yy)]), 0.003, mix(top, (255, 255, 255), 0.6))
    if weather == "rain":
        for k in range(8):
            rx = x0 + 0.02 + k * (x1 - x0 - 0.04) / 8
            pen.line(pt.pts([(rx, y0 + 0.03), (rx - 0.01, y0 + 0.06)]), 0.002, (220, 230, 245))
    if weather == "snow":
        for _ in range(10):
            sx, sy = pt.P(rng.uniform(x0 + 0.01, x1 - 0.01), rng.uniform(y0 + 0.02, y1 - 0.02))
            pen.circle(sx, sy, 0.004, (255, 255, 255), False)


def _train(pt: Painter, b: Pen, floor_y: float, time_of_day: str, weather: str) -> None:
    pt.rect(b, WORLD[0] - 0.1, -0.3, WORLD[1] + 0.1, -0.02, (214, 204, 186), 0.0, False)  # the curved roof
    for k in range(6):
        lx, ly = pt.P(WORLD[0] + 0.1 + k * 0.3, -0.06)
        b.ellipse(lx, ly, 0.08, 0.012, (255, 246, 210), False)
    pt.rect(b, WORLD[0] - 0.1, 0.34, WORLD[1] + 0.1, floor_y, (150, 100, 70), 0.0, False)  # wood below the windows
    bays = [WORLD[0] + 0.05 + k * 0.34 for k in range(5)]
    for x in bays:
        _view_out(pt, b, x + 0.06, 0.1, x + 0.28, 0.33, time_of_day, weather, False)
    for x in bays:  # the luggage rack and a case on it
        pt.rect(b, x + 0.02, 0.035, x + 0.32, 0.045, (170, 170, 180))
        for k in range(6):
            b.line(pt.pts([(x + 0.03 + k * 0.055, 0.045), (x + 0.03 + k * 0.055, 0.07)]), 0.003, (170, 170, 180))
    for x in bays[1::2]:
        pt.rect(b, x + 0.08, -0.005, x + 0.18, 0.035, (160, 70, 60), 0.006)
    seat = (60, 92, 160)
    for x in bays:  # two high-backed seats facing each other across a small table
        pt.rect(b, x + 0.13, 0.36, x + 0.21, 0.375, (200, 190, 170))
        pt.rect(b, x + 0.165, 0.375, x + 0.175, 0.46, (120, 120, 130))
        for sx, d in ((x + 0.02, 1), (x + 0.32, -1)):
            pt.rect(b, sx - 0.03, 0.2, sx + 0.03, 0.52, seat, 0.02)
            pt.rect(b, sx - 0.025, 0.2, sx + 0.025, 0.235, (240, 240, 235), 0.01)  # the head cloth
            pt.rect(b, sx + d * 0.02 - 0.05, 0.44, sx + d * 0.02 + 0.05, 0.52, shade(seat, 1.12), 0.015)
            pt.rect(b, sx - 0.02, 0.52, sx + 0.02, floor_y, shade(seat, 0.6))


def _bus(pt: Painter, b: Pen, floor_y: float, time_of_day: str, weather: str) -> None:
    pt.rect(b, WORLD[0] - 0.1, -0.3, WORLD[1] + 0.1, 0.0, (225, 225, 220), 0.0, False)
    pt.rect(b, WORLD[0] - 0.1, 0.36, WORLD[1] + 0.1, floor_y, (70, 110, 170), 0.0, False)
    for k in range(7):
        x = WORLD[0] + k * 0.24
        _view_out(pt, b, x + 0.01, 0.06, x + 0.24, 0.35, time_of_day, weather, True)
    # a rail along the ceiling with straps, and yellow poles to hold
    pt.rect(b, WORLD[0] - 0.1, 0.0, WORLD[1] + 0.1, 0.012, (200, 200, 205))
    for k in range(16):
        x = WORLD[0] + 0.05 + k * 0.1
        sx, sy = pt.P(x, 0.012)
        b.line([(sx, sy), (sx, sy - 0.06)], 0.006, (60, 60, 70))
        b.circle(sx, sy - 0.075, 0.016, (60, 60, 70), False)
        b.circle(sx, sy - 0.075, 0.009, (225, 225, 220), False)
    seat = (200, 70, 60)
    for k in range(9):  # rows of seats, all facing the front of the bus
        x = WORLD[0] + 0.04 + k * 0.18
        back = [pt.P(x, 0.3), pt.P(x + 0.035, 0.3), pt.P(x + 0.045, 0.5), pt.P(x + 0.01, 0.5)]
        b.poly(back, seat)
        pt.rect(b, x + 0.02, 0.47, x + 0.13, 0.51, shade(seat, 1.1), 0.01)
        pt.rect(b, x + 0.06, 0.51, x + 0.08, floor_y, (80, 80, 90))
        b.rrect(*pt.P(x + 0.005, 0.285), *pt.P(x + 0.035, 0.3), 0.005, (240, 200, 40))
    for x in (0.02, 0.5, 0.98):
        px, py = pt.P(x, floor_y)
        b.limb([(px, py), (px, py + 0.68)], 0.014, (245, 200, 40))
        b.rrect(px - 0.012, py + 0.3, px + 0.012, py + 0.27, 0.004, (220, 50, 50))


# -- weather overlays (animated: offset by time in the compositor) -----------------------------------------------

_WEATHER_CACHE: dict[tuple, Image.Image] = {}


def weather_tile(weather: str, size: tuple[int, int], style: str) -> Image.Image | None:
    """A tileable RGBA overlay the size of the frame; the compositor scrolls it to animate."""
    if weather in ("clear", "cloudy"):
        return None
    key = (weather, size, style)
    if key in _WEATHER_CACHE:
        return _WEATHER_CACHE[key]
    w, h = size
    rng = random.Random(f"{weather}-{w}x{h}")
    pen = Pen(h, (0, w / h, 0, 1), get_style(style), ss=2, outline_units=0.002)
    if weather == "fog":  # soft white banks, thickest low down, drifting sideways
        for _ in range(int(26 * w / 768)):
            x, y = rng.uniform(0, w / h), rng.uniform(0.35, 1.0)
            for dx in (0, -w / h, w / h):
                pen.ellipse(x + dx, y, rng.uniform(0.18, 0.4), rng.uniform(0.04, 0.09), (245, 246, 250), False, alpha=70)
    elif weather == "rain":
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


