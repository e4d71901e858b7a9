"""Contact sheets of the whole library: every kind, prop, setting, pose and expression at a glance."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from PIL import Image, ImageDraw

from animdirector.memory.artifacts import atomic_save
from animdirector.tools.render.api import _font, render_scene, save_png
from animdirector.tools.render.characters import character_sprite
from animdirector.tools.render.kinds import KINDS, known_kinds
from animdirector.tools.render.places import known_places
from animdirector.tools.render.props import known_props, prop_sprite
from animdirector.tools.render.scene import (
    EXPRESSIONS, POSES, STYLE_PRESETS, Layout, Placement, Prop, Setting,
)
from animdirector.tools.render.text import design_from_text

log = logging.getLogger(__name__)

PAPER = (251, 246, 234)
INKISH = (90, 70, 70)
SHEETS = ("kinds", "people", "props", "settings", "weather", "poses", "expressions", "styles")


def _grid(items: list[tuple[str, Image.Image, tuple[float, float] | None]], cols: int, cell: tuple[int, int],
          title: str) -> Image.Image:
    """Lay out (label, sprite, anchor) cells; sprites stand on a common floor line per cell."""
    cw, ch = cell
    rows = (len(items) + cols - 1) // cols
    head = 34
    sheet = Image.new("RGB", (cols * cw, rows * ch + head), PAPER)
    d = ImageDraw.Draw(sheet)
    d.text((10, head // 2), title, fill=INKISH, font=_font(20), anchor="lm")
    for i, (label, img, anchor) in enumerate(items):
        r, c = divmod(i, cols)
        x0, y0 = c * cw, head + r * ch
        d.rectangle([x0 + 2, y0 + 2, x0 + cw - 3, y0 + ch - 3], outline=(230, 220, 200), width=1)
        if anchor is None:  # a picture that fills its cell
            thumb = img.copy()
            thumb.thumbnail((cw - 8, ch - 24))
            sheet.paste(thumb, (x0 + (cw - thumb.width) // 2, y0 + 4))
        else:
            floor = y0 + ch - 26
            d.ellipse([x0 + cw // 2 - img.width * 0.35, floor - 4, x0 + cw // 2 + img.width * 0.35, floor + 4],
                      fill=(232, 222, 205))
            sheet.paste(img, (int(x0 + cw / 2 - anchor[0]), int(floor - anchor[1])), img)
        d.text((x0 + cw // 2, y0 + ch - 12), label, fill=INKISH, font=_font(13), anchor="mm")
    return sheet


def _fit(sprite_fn: Callable[[float], tuple[Image.Image, tuple[float, float]]], box: tuple[int, int], px: float):
    img, anchor = sprite_fn(px)
    f = min(1.0, box[0] / img.width, box[1] / img.height)
    if f < 1.0:
        img, anchor = sprite_fn(px * f)
    return img, anchor


def kinds_sheet(style: str, seed: int) -> Image.Image:
    """Every kind from the front and from the side, at its size relative to the others (roughly)."""
    items = []
    for kind in known_kinds():
        design = design_from_text(kind.title(), kind, "", seed)
        h = KINDS[kind].height
        px = 130 * (0.55 + 0.45 * min(1.0, h))
        front, fa = _fit(lambda p: _sprite(design, "stand", "front", "happy", style, p), (95, 140), px)
        side, sa = _fit(lambda p: _sprite(design, "walk", "side", "happy", style, p), (120, 140), px)
        floor = int(max(fa[1], sa[1])) + 2
        pair = Image.new("RGBA", (front.width + side.width + 12, floor + 6), (0, 0, 0, 0))
        pair.paste(front, (0, int(floor - fa[1])), front)
        pair.paste(side, (front.width + 12, int(floor - sa[1])), side)
        items.append((kind, pair, (pair.width / 2, floor)))
    return _grid(items, 6, (220, 185), "kinds (front, and side view walking)")


def people_sheet(style: str, seed: int) -> Image.Image:
    """Six default designs (different names) per kind of person, at the size a scene draws them: does every
    girl and woman read as female and every boy and man as male, whatever the seed picks?"""
    items = []
    for kind in ("girl", "boy", "woman", "man", "old woman", "old man"):
        for name in ("Lily", "Ella", "Mia", "Tom", "Ben", "Sam"):
            design = design_from_text(name, kind, "", seed)
            px = 110 * KINDS[kind].height
            img, anchor = _fit(lambda p: _sprite(design, "stand", "front", "happy", style, p), (70, 120), px)
            items.append(({"old woman": "gran", "old man": "grandpa"}.get(kind, kind), img, anchor))
    return _grid(items, 12, (84, 140), "people as a scene draws them (names Lily, Ella, Mia, Tom, Ben, Sam; default looks)")


def _sprite(design, pose, view, expression, style, px):
    s = character_sprite(design, pose, view, expression, 0.25, style, px)
    return s.image, s.anchor


def props_sheet(style: str, seed: int) -> Image.Image:
    items = []
    for noun in known_props() + ["mystery orb"]:
        prop = Prop(noun=noun, shape="round" if noun == "mystery orb" else "")
        s = prop_sprite(prop, style, 70)

        def fn(p, prop=prop):
            sp = prop_sprite(prop, style, p)
            return sp.image, sp.anchor

        img, anchor = _fit(fn, (100, 80), 70)
        items.append((noun, img, anchor))
        del s
    return _grid(items, 11, (110, 110), "props (an unknown noun becomes a generic object of its colour and shape)")


def settings_sheet(style: str, seed: int) -> Image.Image:
    items = []
    for place in known_places():
        r = render_scene(Layout(setting=Setting(place=place)), characters={}, style=style, size=(384, 216), seed=seed)
        items.append((place, r.image, None))
    return _grid(items, 5, (250, 162), "settings at noon")


def weather_sheet(style: str, seed: int, place: str = "park") -> Image.Image:
    items = []
    for weather in ("clear", "cloudy", "fog", "rain", "snow"):
        for tod in ("morning", "noon", "sunset", "night"):
            r = render_scene(Layout(setting=Setting(place=place, time_of_day=tod, weather=weather)), characters={},
                             style=style, size=(384, 216), seed=seed)
            items.append((f"{tod}, {weather}", r.image, None))
    return _grid(items, 4, (250, 162), f"{place}: time of day x weather")


def poses_sheet(style: str, seed: int) -> Image.Image:
    items = []
    for kind in ("girl", "old man", "dog", "rabbit"):
        design = design_from_text(kind.title(), kind, "", seed)
        for pose in POSES:
            view = "side" if pose in ("walk", "run", "jump", "reach", "kneel", "sit") else "front"
            img, anchor = _fit(lambda p: _sprite(design, pose, view, "happy", style, p), (100, 120), 120)
            items.append((f"{kind} {pose}", img, anchor))
    return _grid(items, 10, (110, 150), "poses (side view for moving poses)")


def expressions_sheet(style: str, seed: int) -> Image.Image:
    items = []
    for kind in ("boy", "woman", "cat"):
        design = design_from_text(kind.title(), kind, "", seed)
        for expr in EXPRESSIONS:
            img, anchor = _fit(lambda p: _sprite(design, "stand", "front", expr, style, p), (110, 150), 170)
            items.append((f"{kind} {expr}", img, anchor))
    return _grid(items, 6, (130, 180), "expressions")


def styles_sheet(seed: int) -> Image.Image:
    cast = {"Tim": design_from_text("Tim", "boy", "red shirt, blue shorts, curly brown hair"),
            "Rex": design_from_text("Rex", "dog", "golden fur")}
    layout = Layout(setting=Setting(place="garden", time_of_day="sunset"), placements=[
        Placement(character="Tim", x=0.4, y=0.88, pose="wave", expression="happy"),
        Placement(character="Rex", x=0.65, y=0.9, facing="left"),
    ])
    items = []
    for style in STYLE_PRESETS:
        r = render_scene(layout, characters=cast, style=style, size=(384, 216), seed=seed)
        items.append((style, r.image, None))
    return _grid(items, len(items), (330, 210), "style presets")


def contact_sheets(out_dir: Path, *, style: str = "storybook", seed: int = 0,
                   only: list[str] | None = None) -> list[Path]:
    """Render the contact sheets into out_dir; returns the PNG paths."""
    out_dir = Path(out_dir)
    wanted = only or list(SHEETS)
    unknown = [s for s in wanted if s not in SHEETS]
    if unknown:
        raise ValueError(f"unknown sheet(s) {', '.join(unknown)}; choose from {', '.join(SHEETS)}")
    makers = {
        "kinds": lambda: kinds_sheet(style, seed),
        "people": lambda: people_sheet(style, seed),
        "props": lambda: props_sheet(style, seed),
        "settings": lambda: settings_sheet(style, seed),
        "weather": lambda: weather_sheet(style, seed),
        "poses": lambda: poses_sheet(style, seed),
        "expressions": lambda: expressions_sheet(style, seed),
        "styles": lambda: styles_sheet(seed),
    }
    paths = []
    for name in wanted:
        log.info("rendering %s sheet", name)
        paths.append(save_png(makers[name](), out_dir / f"{name}.png"))
    return paths


def docs_images(out_dir: Path, *, max_width: int = 880, colours: int = 160) -> list[Path]:
    """The small PNGs committed under docs/: a few sheets and scenes, palette-quantised to stay small."""
    from animdirector.tools.render.api import render_reference_sheet
    from animdirector.tools.render.scene import Shot
    from animdirector.tools.render.text import prop_from_text

    out_dir = Path(out_dir)
    cast = {
        "Tim": design_from_text("Tim", "boy", "red shirt, blue shorts, curly brown hair"),
        "Mia": design_from_text("Mia", "girl", "yellow dress, black pigtails, pink bow"),
        "Gran": design_from_text("Gran", "grandma", "lilac dress, silver bun, glasses"),
        "Rex": design_from_text("Rex", "puppy", "golden fur, red collar"),
        "Mum": design_from_text("Mum", "mother", "green dress, apron, brown bun"),
    }
    pictures: dict[str, Image.Image] = {
        "kinds": kinds_sheet("storybook", 0),
        "props": props_sheet("storybook", 0),
        "settings": settings_sheet("storybook", 0),
        "poses": poses_sheet("storybook", 0),
        "reference-sheet": render_reference_sheet(cast["Mia"], size=(640, 360)).image,
    }
    park = Layout(setting=Setting(place="park", time_of_day="morning"), placements=[
        Placement(character="Tim", x=0.3, y=0.86, facing="right", pose="walk", expression="happy"),
        Placement(character="Mia", x=0.55, y=0.8, depth=0.25, pose="wave", expression="happy",
                  holding=prop_from_text("a red balloon")),
        Placement(character="Rex", x=0.78, y=0.92, facing="left", pose="run"),
        Placement(prop=prop_from_text("a big blue ball"), x=0.12, y=0.93),
    ])
    pictures["scene-park"] = render_scene(park, characters=cast, size=(640, 360)).image
    kitchen = Layout(setting=Setting(place="kitchen", time_of_day="sunset"), placements=[
        Placement(character="Mum", x=0.62, y=0.86, facing="left", pose="hold", expression="happy",
                  holding=prop_from_text("a pink cake")),
        Placement(character="Tim", x=0.3, y=0.9, facing="right", expression="surprised"),
    ])
    pictures["scene-kitchen-closeup"] = render_scene(kitchen, Shot(framing="close-up", subject="Tim"),
                                                     characters=cast, size=(640, 360)).image
    bench = Layout(setting=Setting(place="playground", time_of_day="noon"), placements=[
        Placement(prop=Prop(noun="bench"), x=0.35, y=0.8, depth=0.2),
        Placement(character="Gran", x=0.3, y=0.8, depth=0.2, pose="sit", expression="happy"),
        Placement(character="Tim", x=0.42, y=0.8, depth=0.2, pose="sit", facing="left", expression="happy"),
        Placement(prop=Prop(noun="swing"), x=0.75, y=0.82, depth=0.1),
        Placement(character="Mia", x=0.75, y=0.82, depth=0.1, pose="sit", expression="happy"),
    ])
    pictures["scene-playground-seats"] = render_scene(bench, characters=cast, size=(640, 360)).image
    night = Layout(setting=Setting(place="forest", time_of_day="night", weather="snow"), placements=[
        Placement(character="Gran", x=0.35, y=0.86, facing="right", pose="hold", expression="scared",
                  holding=prop_from_text("a red lantern")),
        Placement(character="Rex", x=0.62, y=0.9, facing="left", expression="sad"),
    ])
    pictures["scene-forest-night-pastel"] = render_scene(night, characters=cast, size=(640, 360),
                                                         style="night-pastel").image
    paths = []
    for name, img in pictures.items():
        if img.width > max_width:
            img = img.resize((max_width, round(img.height * max_width / img.width)), Image.LANCZOS)
        small = img.convert("RGB").quantize(colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        path = atomic_save(out_dir / f"{name}.png", lambda tmp, img=small: img.save(tmp, format="PNG", optimize=True))
        paths.append(path)
    return paths
