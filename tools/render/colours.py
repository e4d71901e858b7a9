"""Colour words as people write them: "light blue", "dark green", "golden", "reddish", CSS names, #hex.

Storybook colours are softer than CSS primaries, so the plain basic names map to a picture-book
palette; CSS names that are not basic ("tomato", "teal") keep their CSS values.
"""

from __future__ import annotations

import re
from functools import lru_cache

from PIL import ImageColor

RGB = tuple[int, int, int]

# Picture-book versions of the words children's stories use most, and words CSS lacks.
_STORY: dict[str, RGB] = {
    "red": (222, 62, 56), "blue": (58, 112, 204), "green": (76, 170, 80), "yellow": (250, 210, 60),
    "orange": (245, 140, 40), "purple": (140, 80, 180), "pink": (245, 150, 180), "brown": (140, 90, 50),
    "black": (40, 38, 44), "white": (250, 248, 242), "grey": (140, 140, 148), "gray": (140, 140, 148),
    "golden": (235, 180, 40), "gold": (235, 180, 40), "silver": (192, 196, 204), "bronze": (190, 120, 60),
    "copper": (190, 100, 60), "cream": (250, 240, 215), "peach": (250, 205, 170), "ginger": (215, 110, 45),
    "blond": (240, 205, 120), "blonde": (240, 205, 120), "auburn": (160, 60, 40), "chestnut": (150, 75, 40),
    "rust": (185, 80, 40), "mustard": (220, 180, 50), "lilac": (200, 170, 230), "mint": (170, 230, 190),
    "sand": (230, 205, 150), "sandy": (230, 205, 150), "rose": (240, 120, 150), "scarlet": (230, 40, 40),
    "crimson": (200, 30, 60), "cherry": (210, 30, 60), "lemon": (255, 235, 90), "sky": (120, 190, 240),
    "ruby": (200, 20, 60), "emerald": (40, 170, 100), "sapphire": (40, 80, 190), "amber": (255, 180, 40),
    "jade": (60, 170, 120), "caramel": (200, 130, 60), "honey": (230, 170, 60), "chocolate": (110, 60, 35),
    "rainbow": (240, 100, 140), "stripy": (220, 90, 60), "spotty": (220, 90, 60), "fair": (255, 224, 200),
    "tan": (215, 165, 115), "olive": (170, 150, 70), "ebony": (80, 55, 40), "dark skin": (110, 70, 45),
    "light skin": (255, 222, 196), "sunny": (255, 215, 80), "grass": (110, 180, 70), "snow": (250, 250, 255),
    "cloud": (245, 245, 250), "ocean": (40, 120, 180), "sea": (50, 140, 180), "fire": (240, 90, 30),
    "straw": (232, 200, 115), "wooden": (170, 120, 75), "wood": (170, 120, 75), "lavender": (190, 170, 230),
    "plum": (130, 60, 120), "wine": (120, 30, 50), "denim": (70, 100, 150), "khaki": (190, 170, 110),
}
_MODIFIERS = {"light", "dark", "pale", "bright", "deep", "pastel", "soft", "dull", "vivid", "medium"}
_FILLER = {"a", "an", "the", "colour", "color", "coloured", "colored", "shade", "of", "very", "-"}


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(3))  # type: ignore[return-value]


def _base(word: str) -> RGB | None:
    if word in _STORY:
        return _STORY[word]
    if word.endswith("ish") and len(word) > 5:  # reddish, bluish, greenish, yellowish, pinkish
        stem = word[:-3]
        for candidate in (stem, stem + "e", stem[:-1]):
            if candidate in _STORY or candidate in ImageColor.colormap:
                return _base(candidate)
    if word in ImageColor.colormap:
        return ImageColor.getrgb(word)[:3]  # type: ignore[return-value]
    return None


@lru_cache(maxsize=4096)
def parse_colour(text: str) -> RGB:
    """Parse a colour word or phrase into RGB.

    Accepts "#rgb"/"#rrggbb", basic and CSS names ("tomato", "sky blue" = skyblue), modifiers
    (light, dark, pale, bright, deep, pastel, soft), "-ish" words, and two-colour blends
    ("blue-green", "greenish blue"). Raises ValueError naming the word it did not know.
    """
    raw = text
    text = text.strip().lower()
    if not text:
        raise ValueError("empty colour")
    if text.startswith("#"):
        try:
            return ImageColor.getrgb(text)[:3]  # type: ignore[return-value]
        except ValueError:
            raise ValueError(f"colour {raw!r}: {text!r} is not #rgb or #rrggbb hex") from None
    if text in _STORY:
        return _STORY[text]
    joined = re.sub(r"[\s\-_]+", "", text)
    if joined in ImageColor.colormap and joined not in _STORY:
        return _base(joined)  # type: ignore[return-value]
    words = [w for w in re.split(r"[\s\-_/]+", text) if w and w not in _FILLER]
    modifiers = [w for w in words if w in _MODIFIERS]
    names = [w for w in words if w not in _MODIFIERS]
    if not names:
        raise ValueError(f"colour {raw!r} names no colour (only {', '.join(modifiers) or 'filler'})")
    colours: list[RGB] = []
    for word in names:
        rgb = _base(word)
        if rgb is None:
            raise ValueError(
                f"unknown colour word {word!r} in {raw!r}: use a basic or CSS colour name "
                "(e.g. 'light blue', 'dark green', 'golden', 'tomato') or #hex"
            )
        colours.append(rgb)
    # "greenish blue": the last word is the main colour, earlier ones tint it.
    rgb = colours[-1]
    for other in colours[:-1]:
        rgb = _mix(rgb, other, 0.35)
    for mod in modifiers:
        if mod in ("light", "pale", "pastel"):
            rgb = _mix(rgb, (255, 255, 255), 0.45 if mod == "light" else 0.55)
        elif mod in ("dark", "deep"):
            rgb = _mix(rgb, (0, 0, 0), 0.40 if mod == "dark" else 0.30)
        elif mod in ("bright", "vivid"):
            hi = max(rgb)
            rgb = tuple(min(255, int(c * 255 / hi)) for c in rgb) if hi else rgb  # type: ignore[assignment]
        elif mod in ("soft", "dull"):
            grey = sum(rgb) // 3
            rgb = _mix(rgb, (grey, grey, grey), 0.35)
    return rgb


def shade(rgb: RGB, factor: float) -> RGB:
    """Darker (factor < 1) or lighter towards white (factor > 1) version of a colour."""
    if factor <= 1:
        return _mix(rgb, (0, 0, 0), 1 - factor)
    return _mix(rgb, (255, 255, 255), min(1.0, factor - 1))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Linear blend: t=0 gives a, t=1 gives b."""
    return _mix(a, b, t)


def colour_name(rgb: RGB) -> str:
    """The nearest basic colour word, for manifests and captions."""
    best, best_d = "grey", 1e9
    for name in ("red", "blue", "green", "yellow", "orange", "purple", "pink", "brown", "black", "white",
                 "grey", "golden", "silver", "cream"):
        c = _STORY[name]
        d = sum((c[i] - rgb[i]) ** 2 for i in range(3))
        if d < best_d:
            best, best_d = name, d
    return best
