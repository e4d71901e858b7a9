"""Composing a frame: camera, parallax layers, shadows, sprites, weather, and the manifest.

`Stage` holds one layout's resolved entities so a clip reuses everything between frames; the
static background (and the entities that never move) is composed once per camera view.
"""

from __future__ import annotations

import logging
import math
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFilter

from animdirector.tools.render.cache import ImageLRU, sprite_bytes
from animdirector.tools.render.characters import Sprite, character_sprite, flip_sprite, kind_height
from animdirector.tools.render.kinds import KINDS, has_hands, resolve_kind
from animdirector.tools.render.motions import EntityState, Release
from animdirector.tools.render.pen import get_style
from animdirector.tools.render.places import (
    PARALLAX, WORLD, grade_image, plate, resolve_place, weather_tile, INDOOR, SHELTERED,
)
from animdirector.tools.render.props import PROPS, prop_height, prop_sprite, resolve_prop
from animdirector.tools.render.scene import (
    CharacterDesign, EntityBox, Layout, Manifest, Placement, Prop, Shot, STYLE_PRESETS,
)

log = logging.getLogger(__name__)

MAN_HEIGHT = 0.56  # a grown man at depth 0 in a wide shot is this fraction of the frame height
SMALL_CAST = 0.25  # a wide shot whose tallest character is shorter than this (frame heights) moves closer
MAX_SMALL_CAST_ZOOM = 3.0  # and at most this close: the setting must still show where they are
DEPTH_SHRINK = 0.5  # depth 1 is drawn at half size


def check_size(size: tuple[int, int], video: bool = False) -> tuple[int, int]:
    """Positive sizes (even ones for H.264), else a ValueError naming the value."""
    try:
        w, h = int(size[0]), int(size[1])
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"size {size!r} must be (width, height) in pixels") from None
    if w <= 0 or h <= 0 or w != size[0] or h != size[1]:
        raise ValueError(f"size {size!r} must be two positive whole numbers of pixels")
    if w < 32 or h < 32 or w > 4096 or h > 4096:
        raise ValueError(f"size {size!r} must be between 32 and 4096 pixels on each side")
    if video and (w % 2 or h % 2):
        raise ValueError(f"size {size!r} must be even on both sides for H.264 video")
    return w, h


def check_style(style: str) -> str:
    if style not in STYLE_PRESETS:
        raise ValueError(f"style {style!r} is not one of {', '.join(STYLE_PRESETS)}")
    return style


@dataclass
class Entity:
    key: str
    placement: Placement
    design: CharacterDesign | None
    prop: Prop | None
    world_h: float  # height in world units (man = 1.0)
    label: str
    colour: str


@dataclass
class View:
    cx: float
    cy: float
    z: float

    def rounded(self) -> tuple:
        return (round(self.cx, 4), round(self.cy, 4), round(self.z, 4))


@dataclass
class Stage:
    """A layout resolved against the library: entities, setting, substitutions, notes."""

    layout: Layout
    characters: dict[str, CharacterDesign]
    style: str
    size: tuple[int, int]
    seed: int
    entities: list[Entity] = field(default_factory=list)
    substitutions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    place: str = "meadow"

    @classmethod
    def build(cls, layout: Layout, characters: dict[str, CharacterDesign], style: str, size: tuple[int, int],
              seed: int) -> "Stage":
        st = cls(layout, characters, style, size, seed)
        st.place, note = resolve_place(layout.setting.place)
        if note:
            st.substitutions.append(note)
        counts: dict[str, int] = {}
        for pl in layout.placements:
            if pl.character is not None:
                design = characters.get(pl.character)
                if design is None:
                    raise ValueError(
                        f"placement names character {pl.character!r}, which is not among the designs given "
                        f"({', '.join(sorted(characters)) or 'none'})"
                    )
                kind, knote = resolve_kind(design.kind)
                if knote:
                    st.substitutions.append(f"{pl.character}: {knote}")
                label = kind
                colour = design.top_colour if kind in ("boy", "girl", "man", "woman", "old man", "old woman", "baby") \
                    else design.fur_colour
                ent = Entity(pl.character, pl, design, None, kind_height(design), label, colour)
            else:
                prop = pl.prop
                assert prop is not None
                noun, pnote = resolve_prop(prop.noun)
                if pnote:
                    st.substitutions.append(pnote)
                label = noun or f"{prop.shape or 'round'} object"
                ent = Entity(prop.noun, pl, None, prop, prop_height(prop), label,
                             prop.colour or (PROPS[noun].colour if noun else "tan"))
            n = counts.get(ent.key, 0)
            counts[ent.key] = n + 1
            if n:
                ent.key = f"{ent.key}#{n + 1}"
            if pl.holding is not None:
                noun, pnote = resolve_prop(pl.holding.noun)
                if pnote:
                    st.substitutions.append(pnote)
            st.entities.append(ent)
        for ent in st.entities:
            pl = ent.placement
            if not (0.0 <= pl.x <= 1.0) or not (0.0 <= pl.y <= 1.0):
                st.notes.append(f"{ent.key}: position ({pl.x:g}, {pl.y:g}) clamped into the frame")
        return st

    def initial_state(self, ent: Entity) -> EntityState:
        pl = ent.placement
        x = min(1.0, max(0.0, pl.x))
        y = min(1.0, max(0.05, pl.y))
        if "y" not in pl.model_fields_set and pl.depth > 0:
            y = 0.88 - 0.22 * pl.depth  # no feet line given: further back stands higher up
        # a still walker is drawn mid-stride, not with its feet together
        return EntityState(x, y, pl.depth, pl.facing, pl.pose, pl.expression,
                           phase=0.25 if pl.pose in ("walk", "run") else 0.0)

    def scale(self, depth: float) -> float:
        return 1.0 - DEPTH_SHRINK * depth

    def stride(self, ent: Entity, depth: float) -> float:
        """World-x distance of one walk cycle, so feet do not slide."""
        w, h = self.size
        px_h = ent.world_h * MAN_HEIGHT * h * self.scale(depth)
        return max(0.02, 1.25 * px_h / w * (0.8 if ent.design and resolve_kind(ent.design.kind)[0] in
                                             ("dog", "cat", "fox", "horse", "cow", "lion", "tiger") else 1.0))


# -- camera ------------------------------------------------------------------------------------------------


def clamp_view(v: View) -> View:
    z = max(1.0, min(6.0, v.z))
    hw, hh = 0.5 / z, 0.5 / z
    cx = min(WORLD[1] - hw, max(WORLD[0] + hw, v.cx))
    cy = min(WORLD[3] - hh, max(WORLD[2] + hh, v.cy))
    return View(cx, cy, z)


def framing_view(stage: Stage, shot: Shot | None, states: dict[str, EntityState],
                 later: Sequence[dict[str, EntityState]] = ()) -> View:
    """The camera for a framing on a subject (or on the group of characters).

    later: where the entities will be further on in the shot; a wide shot keeps them in view too."""
    if shot is None or shot.framing == "wide":
        return wide_view(stage, [states, *later])
    w, h = stage.size
    subject = _subject(stage, shot, states)
    if subject is None:
        return View(0.5, 0.5, 1.0)
    ent, st = subject
    ch = ent.world_h * MAN_HEIGHT * stage.scale(st.depth)  # frame heights
    if shot.framing == "medium":
        z = min(3.0, max(1.35, 1.0 / (1.0 * ch)))
        cy = st.y - ch * 0.62
    else:
        z = min(4.5, max(2.0, 1.0 / (0.6 * ch)))
        cy = st.y - ch * (0.78 if ent.design and resolve_kind(ent.design.kind)[0] in
                          ("boy", "girl", "man", "woman", "old man", "old woman", "baby", "bear", "monkey",
                           "rabbit", "mouse", "frog") else 0.55)
    return clamp_view(View(st.x, cy, z))


def wide_view(stage: Stage, moments: Sequence[dict[str, EntityState]]) -> View:
    """The whole set; or, when every character is small (a bird or a mouse on its own), closer: the
    tallest character SMALL_CAST of the frame high, or as close as keeps every entity in view at
    every moment. A lone bird was 33 px high in a 768x432 still: too small for a viewer,
    or the critic, to tell what it was."""
    chars = [e for e in stage.entities if e.design is not None]
    if not chars:
        return View(0.5, 0.5, 1.0)
    tallest = max(e.world_h * MAN_HEIGHT * stage.scale(m[e.key].depth) for e in chars for m in moments)
    if tallest >= SMALL_CAST:
        return View(0.5, 0.5, 1.0)
    xs, tops, feet = [], [], []
    for m in moments:
        for e in stage.entities:
            st = m[e.key]
            height = e.world_h * MAN_HEIGHT * stage.scale(st.depth)
            xs.append(st.x)
            tops.append(st.y - height)
            feet.append(st.y)
    # feet x are centres: leave room for the widest sprite's half on each side, and some ground
    span_x = max(xs) - min(xs) + 2 * tallest * stage.size[1] / stage.size[0] + 0.1
    span_y = (max(feet) - min(tops)) / 0.7
    z = max(1.0, min(SMALL_CAST / tallest, 1.0 / span_x, 1.0 / span_y, MAX_SMALL_CAST_ZOOM))
    # the feet low in the frame, as in the wide shot, so the setting's horizon stays in the picture
    cy = min(max(feet) - 0.28 / z, min(tops) - 0.02 + 0.5 / z)
    return clamp_view(View((min(xs) + max(xs)) / 2, cy, z))


def _subject(stage: Stage, shot: Shot, states: dict[str, EntityState]):
    if shot.subject:
        for ent in stage.entities:
            if ent.key == shot.subject or ent.placement.key == shot.subject:
                return ent, states[ent.key]
        stage.notes.append(f"shot subject {shot.subject!r} is not in the layout; framed the group")
    chars = [e for e in stage.entities if e.design is not None] or stage.entities
    if not chars:
        return None
    if len(chars) == 1:
        return chars[0], states[chars[0].key]
    xs = [states[e.key].x for e in chars]
    ys = [states[e.key].y for e in chars]
    tallest = max(chars, key=lambda e: e.world_h)
    st = states[tallest.key]
    return tallest, EntityState((min(xs) + max(xs)) / 2, max(ys), st.depth, st.facing, st.pose, st.expression)


def camera_view(base: View, shot: Shot | None, t: float, follow_x: float | None = None) -> View:
    """The camera move applied over the shot: pans, tilts and zooms ease in and out."""
    if shot is None or shot.camera == "static":
        return base
    p = min(1.0, max(0.0, t / max(1e-6, shot.duration_s)))
    u = p * p * (3 - 2 * p)
    v = View(base.cx, base.cy, base.z)
    reach = 0.14 / base.z
    if shot.camera == "pan-right":
        v.cx = base.cx - reach + 2 * reach * u
    elif shot.camera == "pan-left":
        v.cx = base.cx + reach - 2 * reach * u
    elif shot.camera == "tilt-up":
        v.cy = base.cy + 0.08 / base.z - 0.16 / base.z * u
    elif shot.camera == "tilt-down":
        v.cy = base.cy - 0.08 / base.z + 0.16 / base.z * u
    elif shot.camera == "zoom-in":
        v.z = base.z * (1.0 + 0.3 * u)
    elif shot.camera == "zoom-out":
        v.z = base.z * (1.3 - 0.3 * u)
        if base.z == 1.0:
            v.z = 1.3 - 0.3 * u
    elif shot.camera == "follow" and follow_x is not None:
        v.cx = follow_x
    return clamp_view(v)


def layer_view(v: View, f: float) -> View:
    return clamp_view(View(0.5 + (v.cx - 0.5) * f, 0.5 + (v.cy - 0.5) * f, 1 + (v.z - 1) * f))


def _render_layer(img: Image.Image, pl_ppx: float, pl_ppy: float, v: View, size: tuple[int, int]) -> Image.Image:
    w, h = size
    a = pl_ppx / (v.z * w)
    e = pl_ppy / (v.z * h)
    c = (v.cx - 0.5 / v.z - WORLD[0]) * pl_ppx
    f = (v.cy - 0.5 / v.z - WORLD[2]) * pl_ppy
    if abs(a - 1) < 2e-3 and abs(e - 1) < 2e-3:
        x0, y0 = int(round(c)), int(round(f))
        return img.crop((x0, y0, x0 + w, y0 + h))
    # crop first (so RGBA premultiplying touches only the visible part), then a sub-pixel resize
    x1, y1 = c + a * w, f + e * h
    ix0, iy0 = max(0, int(math.floor(c)) - 1), max(0, int(math.floor(f)) - 1)
    ix1, iy1 = min(img.width, int(math.ceil(x1)) + 1), min(img.height, int(math.ceil(y1)) + 1)
    part = img.crop((ix0, iy0, ix1, iy1))
    return part.resize(size, Image.BILINEAR, box=(c - ix0, f - iy0, x1 - ix0, y1 - iy0))


# -- sprites on the frame --------------------------------------------------------------------------------


_SHADOWS: "OrderedDict[tuple, Image.Image]" = OrderedDict()


def _shadow(w: int, h: int, style: str) -> Image.Image:
    key = (w, h, style)
    hit = _SHADOWS.get(key)
    if hit is not None:
        return hit
    st = get_style(style)
    pad = max(2, h)
    img = Image.new("RGBA", (w + 2 * pad, h + 2 * pad), st.shadow_rgb + (0,))
    d = ImageDraw.Draw(img)
    d.ellipse([pad, pad, pad + w, pad + h], fill=st.shadow_rgb + (st.shadow_alpha,))
    img = img.filter(ImageFilter.GaussianBlur(max(1.0, h * 0.35)))
    _SHADOWS[key] = img
    if len(_SHADOWS) > 300:
        _SHADOWS.popitem(last=False)
    return img


@dataclass
class Placed:
    sprite: Sprite
    x: float  # top-left in frame pixels
    y: float
    shadow: tuple[int, int, int, int] | None  # x, y, w, h of the shadow ellipse
    extra: list[tuple[Sprite, float, float, bool]]  # held props (sprite, x, y, drawn behind the holder)
    glow: tuple[float, float, float] | None = None  # a light's centre and radius, after dark
    hand: tuple[float, float] | None = None  # a character's front hand, frame pixels (held or not)
    scale: float = 1.0  # the depth scale times the zoom it was drawn at


@dataclass(frozen=True)
class InHand:
    """One thing someone holds in the layout, where it is in this frame of a clip: still in the
    holder's hand, handed over or thrown (Motion.receiver), or bounced from the hand and back."""

    prop: Prop
    holder: str  # the entity key whose hand it is drawn in ("" while it is out of every hand)
    owner: str  # who held it in the layout: its flight starts at their hand
    from_hand: str = ""  # whose hand it leaves in this clip ("" when nobody's motion moves it)
    to_hand: str = ""  # whose hand it goes to ("" for the ground)
    release: Release | None = None  # out of the hand: on its way (flight < 1) or landed


def things_in_hand(stage: "Stage", states: dict[str, EntityState]) -> list[InHand]:
    """Where every held thing of the layout is at these states: who a hand-over or a throw has
    reached (a thing arrives in the receiver's hand and stays there), what is in the air or on the
    ground after a throw nobody catches."""
    keys = {name: e.key for e in stage.entities for name in (e.key, e.placement.key)}
    out = []
    for e in stage.entities:
        held = e.placement.holding
        if held is None or e.design is None:
            continue
        st = states.get(e.key)
        rel = st.release if st is not None else None
        if rel is None:
            bounced = st is not None and st.bob != 0.0  # drawn from the hand, down to the ground and back
            out.append(InHand(held, e.key, e.key, from_hand=e.key if bounced else "", to_hand=e.key if bounced else ""))
            continue
        to = keys.get(rel.to, "")
        if rel.flight <= 0.0:  # still in the hand, about to go
            out.append(InHand(held, e.key, e.key, from_hand=e.key, to_hand=to))
            continue
        arrived = rel.flight >= 1.0 and to in states and not states[to].hidden
        out.append(InHand(held, to if arrived else "", e.key, from_hand=e.key, to_hand=to,
                          release=None if arrived else rel))
    return out


SEATS = {"chair": 0.5, "bench": 0.5, "bed": 0.55, "rock": 0.85, "swing": 0.27, "box": 0.9, "table": 0.95,
         "bike": 0.62, "sled": 0.8}
# How high up (of its height) a thing's top is, for what rests or stands on it: "a cup on the
# table", "the teddy on the chair", "the lioness on the big rock"; and what is in an open
# container shows over its rim.
TOPS = SEATS | {"log": 0.8, "hay": 0.85, "suitcase": 0.9, "pillow": 0.7, "market stall": 0.5, "cart": 0.6,
                "plank": 0.9, "tray": 0.4, "basket": 0.55, "bucket": 0.6, "nest": 0.5, "bag": 0.5, "bowl": 0.5,
                "boat": 0.5, "tractor": 0.45, "sandcastle": 0.95, "snowman": 0.9, "blanket": 0.2}


def seating(stage: Stage, states: dict[str, EntityState]) -> dict[str, tuple[float, float]]:
    """Who sits on what, and what rests on what: a sitter over a chair, bench, bed, rock or swing is
    lifted onto its seat; whoever or whatever the layout puts `on` a thing, onto its top.

    Returns key -> (lift in world units, the seat's y so the sitter is drawn just after it).
    """
    out: dict[str, tuple[float, float]] = {}
    seats = []
    for e in stage.entities:
        if e.prop is None or e.key not in states:
            continue
        noun, _ = resolve_prop(e.prop.noun)
        if noun in TOPS:
            seats.append((e, noun))
    if not seats:
        return out
    w, h = stage.size
    for e in stage.entities:
        st = states.get(e.key)
        on = next(((seat, noun) for seat, noun in seats if e.placement.on in (seat.key, seat.placement.key)), None)
        if st is not None and on is not None and st.pose not in ("sit", "lie"):
            seat, noun = on
            ss = states[seat.key]
            top = TOPS[noun] * seat.world_h * stage.scale(ss.depth) / stage.scale(st.depth)
            out[e.key] = (top, ss.y + 1e-3)
            continue
        if e.design is None or st is None or st.pose not in ("sit", "lie"):
            continue
        best = None
        for seat, noun in seats:
            if noun not in SEATS and (seat, noun) != on:
                continue  # a sitter by a basket is not in it; one the layout puts on a bean bag is on it
            ss = states[seat.key]
            half = max(0.04, seat.world_h * MAN_HEIGHT * stage.scale(ss.depth) * h / w * 0.6)
            if abs(ss.x - st.x) < half and abs(ss.depth - st.depth) < 0.2 and abs(ss.y - st.y) < 0.08:
                d = abs(ss.x - st.x)
                if best is None or d < best[0]:
                    best = (d, seat, ss, noun)
        if best is not None:
            _, seat, ss, noun = best
            if st.pose == "lie" and noun not in ("bed", "bench", "rock", "table") and (seat, noun) != on:
                continue  # lying by a chair is lying on the floor; a dog the layout puts in his basket lies in it
            seat_h = TOPS[noun] * seat.world_h * stage.scale(ss.depth) / stage.scale(st.depth)
            hip = 0.0 if st.pose == "lie" else (0.17 if e.world_h < 0.8 else 0.22) * e.world_h
            if seat_h - hip <= 0.0 and st.pose != "lie":
                continue  # a top lower than a sitter's hip (a bean bag): sitting on the ground at it
            out[e.key] = (max(0.0, seat_h - hip), ss.y + 1e-3)
    return out


def entity_sprite(stage: Stage, ent: Entity, st: EntityState, v: View, grade: tuple, seat_lift: float = 0.0,
                  seated: bool = False, held: Prop | None = None) -> Placed:
    """Where and how one entity is drawn at this state, under this camera, with `held` in hand."""
    w, h = stage.size
    scale = stage.scale(st.depth) * v.z
    px_h = ent.world_h * MAN_HEIGHT * h * scale
    if ent.design is not None:
        view = "front" if st.facing == "front" else "side"
        facing = st.facing
        if view == "front" and KINDS[resolve_kind(ent.design.kind)[0]].plan in ("quadruped", "fish") or (
                view == "front" and st.pose in ("walk", "run") and KINDS[resolve_kind(ent.design.kind)[0]].plan != "person"):
            # four-legged animals read best from the side: "front" turns them towards the middle
            view, facing = "side", ("left" if st.x > 0.5 else "right")
        elif view == "side" and st.pose == "wave" and has_hands(ent.design.kind):
            view = "front"  # a wave reads from the front; from the side the big head hides the arm
        pose = st.pose
        if pose == "sit" and not seated and has_hands(ent.design.kind):
            pose = "sitfloor"  # nothing to sit on: sit on the ground, knees up
        sprite = _graded(character_sprite(ent.design, pose, view, st.expression, st.phase, stage.style, px_h,
                                          st.blink),
                         # the whole design, not its name: a revised look under the same name must not hit
                         grade, ("c", ent.design.model_dump_json(), pose, view, st.expression, round(st.phase * 12) % 12,
                                 int(round(px_h)), stage.style, st.blink), _haze(stage, st.depth))
        if facing == "left":
            sprite = flip_sprite(sprite)
    else:
        assert ent.prop is not None
        lit = _is_light(ent.prop) and grade[0] == "g" and grade[1] in ("night", "sunset")
        sprite = _graded(prop_sprite(ent.prop, stage.style, px_h), grade if not lit else ("noon-clear-plain",),
                         ("p", ent.prop.noun, ent.prop.colour, ent.prop.shape, int(round(px_h)), stage.style),
                         _haze(stage, st.depth))
        if st.facing == "left":
            sprite = flip_sprite(sprite)
        if st.spin:  # rolling: turned about its middle (a round thing keeps its box and its feet)
            turned = sprite.image.rotate(-360.0 * (st.spin % 1.0), resample=Image.BICUBIC, expand=False)
            sprite = Sprite(turned, sprite.anchor, sprite.hand)
    fx = (st.x + st.jitter - (v.cx - 0.5 / v.z)) * v.z * w
    fy = (st.y - (v.cy - 0.5 / v.z)) * v.z * h
    lift = st.hop * px_h + seat_lift * MAN_HEIGHT * h * scale
    x0 = fx - sprite.anchor[0]
    y0 = fy - sprite.anchor[1] - lift
    shadow = None
    flier = ent.design is not None and KINDS[resolve_kind(ent.design.kind)[0]].plan in ("bird", "fish")
    in_the_air = flier and (st.y < 0.62 or stage.place == "sky")
    on_top = seat_lift > 0 and ent.placement.on is not None  # up on a thing: its shadow is that thing's
    if not in_the_air and not on_top and (ent.placement.prop is None or _grounded(ent)) and stage.place != "sky":
        sw = max(6.0, min(sprite.image.width * 0.8, px_h * (0.55 if st.pose != "lie" else 1.0)))
        sw *= 1.0 / (1.0 + st.hop * 1.5)
        sh = max(3.0, sw * 0.22)
        shadow = (int(fx - sw / 2), int(fy - sh * 0.6), int(sw), int(sh))
    extra = []
    glow_at = None
    hand = None
    if ent.design is not None:
        hx, hy = sprite.hand if sprite.hand is not None else (sprite.image.width * 0.7, sprite.image.height * 0.55)
        hand = (x0 + hx, y0 + hy)
    if held is not None and ent.design is not None and st.pose != "lie":
        held_lit = _is_light(held) and grade[0] == "g" and grade[1] in ("night", "sunset")
        hs = held_sprite(stage, held, st.depth, scale, grade)
        noun, _ = resolve_prop(held.noun)
        # a kite is flown outdoors by someone on their feet; indoors, or sitting, it is carried
        flown = noun == "kite" and stage.place not in INDOOR and pose not in ("sit", "sitfloor")
        if flown:
            extra += _kite_aloft(hs, (x0 + hx, y0 + hy), px_h, facing, (w, h))
        elif noun in ("balloon", "umbrella", "wand", "shovel", "lantern", "sign", "flower", "bucket", "basket", "bag",
                      "kite"):
            top = y0 + hy - hs.anchor[1] + (hs.image.height * 0.06 if noun in ("balloon", "umbrella") else
                                            hs.image.height * 0.55 if noun in ("bucket", "basket", "bag", "kite") else
                                            hs.image.height * 0.25)
        else:
            top = y0 + hy - hs.image.height * 0.38  # held against the tummy, below the chin
        if st.bob < 0 and not flown:  # bounced: down to the ground at the feet and back
            top += -st.bob * max(0.0, fy - (top + hs.image.height))
        elif st.bob > 0 and not flown:  # tossed up over the hand
            top -= st.bob * px_h
        if not flown:
            # tall things held up (umbrellas, balloons, signs) go behind the holder: no pole across the face
            behind = noun in ("umbrella", "balloon", "kite", "sign", "shovel", "wand")
            extra.append((hs, x0 + hx - hs.anchor[0], top, behind))
        if held_lit:
            glow_at = (x0 + hx - hs.anchor[0] + hs.image.width / 2, top + hs.image.height * 0.45,
                       max(hs.image.width, hs.image.height * 0.5) * 1.3)
    glow = glow_at
    if grade[0] == "g" and grade[1] in ("night", "sunset") and ent.prop is not None:
        noun, _ = resolve_prop(ent.prop.noun)
        at = {"lamp": 0.12, "lantern": 0.45, "candle": 0.1, "star": 0.5}.get(noun or "")
        if at is not None:
            img = sprite.image
            glow = (x0 + img.width / 2, y0 + img.height * at, max(img.width, img.height * 0.5) * 1.6)
    return Placed(sprite, x0, y0, shadow, extra, glow, hand, scale)


def held_sprite(stage: Stage, held: Prop, depth: float, scale: float, grade: tuple) -> Sprite:
    """A held thing's drawing, at the size its holder's depth and the camera give it."""
    w, h = stage.size
    hp_h = prop_height(held) * MAN_HEIGHT * h * scale
    lit = _is_light(held) and grade[0] == "g" and grade[1] in ("night", "sunset")
    return _graded(prop_sprite(held, stage.style, hp_h), grade if not lit else ("noon-clear-plain",),
                   ("p", held.noun, held.colour, held.shape, int(round(hp_h)), stage.style), _haze(stage, depth))


def _held_top_left(hs: Sprite, hand: tuple[float, float]) -> tuple[float, float]:
    """Where a thing sits in a hand (small things, held against the tummy), top-left pixels."""
    return hand[0] - hs.anchor[0], hand[1] - hs.image.height * 0.38


def loose_thing(stage: Stage, thing: InHand, states: dict[str, EntityState], placed: dict[str, Placed], v: View,
                grade: tuple) -> tuple[Sprite, float, float] | None:
    """A thing out of every hand: on its way from the hand it left to the receiver's hand (or the
    ground), along an arc; or landed on the ground. Returns its sprite and top-left pixels."""
    rel, owner = thing.release, placed.get(thing.owner)
    if rel is None or owner is None or owner.hand is None:
        return None
    w, h = stage.size
    st = states[thing.owner]
    hs = held_sprite(stage, thing.prop, st.depth, owner.scale, grade)
    x0, y0 = _held_top_left(hs, owner.hand)
    receiver = placed.get(thing.to_hand)
    if receiver is not None and receiver.hand is not None:
        x1, y1 = _held_top_left(hs, receiver.hand)
    else:  # to the ground, where the thrower stands
        land_x = rel.land_x if rel.land_x is not None else st.x
        x1 = (land_x - (v.cx - 0.5 / v.z)) * v.z * w - hs.anchor[0]
        y1 = (st.y - (v.cy - 0.5 / v.z)) * v.z * h - hs.anchor[1]
    f = min(1.0, rel.flight)
    px_h = stage.entities[[e.key for e in stage.entities].index(thing.owner)].world_h * MAN_HEIGHT * h * owner.scale
    lift = rel.arc * px_h * math.sin(math.pi * f)
    return hs, x0 + (x1 - x0) * f, y0 + (y1 - y0) * f - lift


def _kite_aloft(kite: Sprite, hand: tuple[float, float], px_h: float, facing: str,
                size: tuple[int, int]) -> list[tuple[Sprite, float, float, bool]]:
    """A flown kite: up in the air behind the holder (upwind of a runner), on a string from the hand.
    Held at the hand like a balloon it read as a red hat. The kite comes first: the manifest's box
    for what is held is the first extra's."""
    w, h = size
    kw, kh = kite.image.size
    trail = {"right": -1.0, "left": 1.0}.get(facing, 0.6)  # behind the way they face; "front": up and aside
    left = min(max(hand[0] + trail * 0.7 * px_h - kw / 2, 0.02 * w), 0.98 * w - kw)
    top = min(max(hand[1] - 1.25 * px_h - kh, 0.03 * h), hand[1] - 1.2 * kh)
    attach = (left + kw / 2, top + kh * 0.58)  # the lower tip of the kite's diamond
    sag = 0.08 * math.dist(attach, hand)  # a slack string hangs below the straight line
    x0, y0 = min(attach[0], hand[0]) - 2, min(attach[1], hand[1]) - 2
    line = Image.new("RGBA", (int(abs(attach[0] - hand[0])) + 5, int(abs(attach[1] - hand[1]) + sag) + 5), (0, 0, 0, 0))
    points = [(hand[0] + (attach[0] - hand[0]) * t - x0, hand[1] + (attach[1] - hand[1]) * t + sag * 4 * t * (1 - t) - y0)
              for t in (i / 12 for i in range(13))]
    ImageDraw.Draw(line).line(points, fill=(70, 70, 70, 230), width=max(1, int(round(px_h / 160))))
    return [(kite, left, top, True), (Sprite(line, (0.0, 0.0)), x0, y0, True)]


_GLOWS: dict[int, Image.Image] = {}


def _glow(radius: int) -> Image.Image:
    """A warm round light that fades out; cached per radius."""
    hit = _GLOWS.get(radius)
    if hit is None:
        size = 2 * radius + 1
        import numpy as np

        yy, xx = np.mgrid[0:size, 0:size]
        d = np.sqrt((xx - radius) ** 2 + (yy - radius) ** 2) / max(1, radius)
        alpha = (np.clip(1 - d, 0, 1) ** 1.6 * 185).astype(np.uint8)
        rgba = np.zeros((size, size, 4), np.uint8)
        rgba[..., 0], rgba[..., 1], rgba[..., 2], rgba[..., 3] = 255, 222, 150, alpha
        hit = Image.fromarray(rgba, "RGBA")
        if len(_GLOWS) > 64:
            _GLOWS.clear()
        _GLOWS[radius] = hit
    return hit


def _is_light(prop: Prop) -> bool:
    noun, _ = resolve_prop(prop.noun)
    return noun in ("lamp", "lantern", "candle")


def _grounded(ent: Entity) -> bool:
    noun, _ = resolve_prop(ent.prop.noun) if ent.prop else (None, None)
    return noun not in ("window", "balloon", "kite", "star", "house", "tree", "door", "clock", "sign")


_GRADED = ImageLRU(64 * 2**20, sprite_bytes)


def _haze(stage: Stage, depth: float) -> tuple | None:
    """Outdoors, far things fade a little into the air: depth reads without a word."""
    if depth < 0.2 or stage.place in INDOOR:
        return None
    from animdirector.tools.render.places import SKY

    return (SKY[stage.layout.setting.time_of_day][1], round(min(0.3, 0.3 * depth), 2))


def _graded(sprite: Sprite, grade: tuple, key: tuple, haze: tuple | None = None) -> Sprite:
    """The sprite in the scene's light (night, sunset) and air; cached beside the sprite cache."""
    if grade[0] == "noon-clear-plain" and haze is None:
        return sprite
    full = key + grade + (haze,)
    hit = _GRADED.get(full)
    if hit is not None and hit.image.size == sprite.image.size:
        return hit
    img = sprite.image
    if haze is not None:
        (hr, hg, hb), h = haze
        lut = [int(v * (1 - h) + c * h) for c in (hr, hg, hb) for v in range(256)] + list(range(256))
        img = img.point(lut)
    if grade[0] != "noon-clear-plain":
        img = grade_image(img, grade[1], grade[2], grade[3], grade[4])
    out = Sprite(img, sprite.anchor, sprite.hand)
    _GRADED.put(full, out)
    return out


def paste_placed(frame: Image.Image, placed: Placed, style: str, with_shadow: bool = True) -> list[tuple]:
    """Draw one placed entity; returns its unclamped pixel box, then any held prop's box."""
    if with_shadow and placed.shadow is not None:
        sx, sy, sw, sh = placed.shadow
        sh_img = _shadow(sw, sh, style)
        pad = (sh_img.width - sw) // 2
        frame.paste(sh_img, (sx - pad, sy - pad), sh_img)
    if placed.glow is not None:
        gx, gy, gr = placed.glow
        g = _glow(max(4, int(gr)))
        frame.paste(g, (int(gx - g.width / 2), int(gy - g.height / 2)), g)
    img = placed.sprite.image
    x, y = int(round(placed.x)), int(round(placed.y))
    held_boxes = []
    for sp, ex, ey, behind in placed.extra:
        if behind:
            ix, iy = int(round(ex)), int(round(ey))
            frame.paste(sp.image, (ix, iy), sp.image)
            held_boxes.append((ix, iy, ix + sp.image.width, iy + sp.image.height))
    frame.paste(img, (x, y), img)
    for sp, ex, ey, behind in placed.extra:
        if not behind:
            ix, iy = int(round(ex)), int(round(ey))
            frame.paste(sp.image, (ix, iy), sp.image)
            held_boxes.append((ix, iy, ix + sp.image.width, iy + sp.image.height))
    return [(x, y, x + img.width, y + img.height)] + held_boxes


def clamp_box(box: tuple[int, int, int, int], size: tuple[int, int]) -> tuple[tuple[int, int, int, int], bool]:
    w, h = size
    x0, y0, x1, y1 = box
    cx0, cy0 = min(max(x0, 0), w - 1), min(max(y0, 0), h - 1)
    cx1, cy1 = min(max(x1, cx0 + 1), w), min(max(y1, cy0 + 1), h)
    return (cx0, cy0, cx1, cy1), (cx0, cy0, cx1, cy1) != (x0, y0, x1, y1)


# -- the frame --------------------------------------------------------------------------------------------


class Compositor:
    """Renders frames of one stage; caches the background per camera view."""

    def __init__(self, stage: Stage, shot: Shot | None, frozen: set[str] | None = None) -> None:
        self.stage = stage
        self.shot = shot
        s = stage.layout.setting
        w, h = stage.size
        self.grade = ("noon-clear-plain",) if (s.time_of_day == "noon" and s.weather == "clear" and
                                               stage.style != "night-pastel") else \
            ("g", s.time_of_day, s.weather, stage.style, stage.place in INDOOR and stage.place != "cave")
        self.frozen = frozen or set()  # entities that never change: baked into the background
        self._bg: "OrderedDict[tuple, Image.Image]" = OrderedDict()
        self._plate_scale = 1.0
        # indoors the weather stays outside: it shows only in the windows of the plate
        self.weather = None if stage.place in SHELTERED else weather_tile(s.weather, stage.size, stage.style)

    def plate_for(self, zoom: float):
        """The setting's plate at the camera's zoom, so camera moves are plain crops (no resampling)."""
        s = self.stage.layout.setting
        scale = round(min(3.0, max(1.0, zoom)), 2)
        self._plate_scale = scale
        return plate(self.stage.place, s.time_of_day, s.weather, self.stage.style, self.stage.size, scale,
                     self.stage.seed)

    def zoomed(self, frame: Image.Image, manifest: Manifest, base: View, v: View) -> tuple[Image.Image, Manifest]:
        """A lens zoom: the frame composed at the base view, cropped and scaled (a zoom has no parallax)."""
        if abs(v.z - base.z) < 1e-6 and abs(v.cx - base.cx) < 1e-6 and abs(v.cy - base.cy) < 1e-6:
            return frame, manifest
        w, h = self.stage.size
        k = base.z
        x0 = (v.cx - 0.5 / v.z - (base.cx - 0.5 / k)) * k * w
        y0 = (v.cy - 0.5 / v.z - (base.cy - 0.5 / k)) * k * h
        bw, bh = w * k / v.z, h * k / v.z
        x0 = min(max(0.0, x0), w - bw)
        y0 = min(max(0.0, y0), h - bh)
        out = frame.resize((w, h), Image.BILINEAR, box=(x0, y0, x0 + bw, y0 + bh))
        sx, sy = w / bw, h / bh
        ents = []
        notes = list(manifest.notes)
        for e in manifest.entities:
            b = e.bbox
            nb = (int((b[0] - x0) * sx), int((b[1] - y0) * sy), int(math.ceil((b[2] - x0) * sx)),
                  int(math.ceil((b[3] - y0) * sy)))
            cb, changed = clamp_box(nb, (w, h))
            if changed:
                notes.append(f"{e.name}: box {list(nb)} clamped to the frame {list(cb)}")
            seen = 0.0 if e.visible == 0 else min(e.visible, _inside(nb, (w, h)))
            ents.append(e.model_copy(update={"bbox": cb, "visible": seen}))
        return out, manifest.model_copy(update={"entities": ents, "notes": list(dict.fromkeys(notes)),
                                                "touching": _touching(ents)})

    def background(self, v: View, pl, frozen_states: dict[str, EntityState],
                   held: dict[str, Prop] | None = None) -> tuple[Image.Image, dict]:
        key = v.rounded()
        hit = self._bg.get(key)
        if hit is not None:
            return hit
        size = self.stage.size
        back = _render_layer(pl.back, pl.px_per_x, pl.px_per_y, layer_view(v, PARALLAX["back"]), size)
        mid = _render_layer(pl.mid, pl.px_per_x, pl.px_per_y, v, size)
        frame = back.copy()
        frame.paste(mid, (0, 0), mid)
        boxes = {}
        seats = seating(self.stage, frozen_states)
        for ent in self._ordered(frozen_states, seats):
            if ent.key not in self.frozen:
                continue
            placed = entity_sprite(self.stage, ent, frozen_states[ent.key], v, self.grade,
                                   seats.get(ent.key, (0.0, 0.0))[0], ent.key in seats,
                                   (held if held is not None else {}).get(ent.key, ent.placement.holding))
            _store(boxes, ent.key, paste_placed(frame, placed, self.stage.style))
        self._bg[key] = (frame, boxes)
        if len(self._bg) > 4:
            self._bg.popitem(last=False)
        return frame, boxes

    def _ordered(self, states: dict[str, EntityState], seats: dict | None = None) -> list[Entity]:
        seats = seats or {}
        ents = [e for e in self.stage.entities if e.key in states]
        return sorted(ents, key=lambda e: (-states[e.key].depth, seats[e.key][1] if e.key in seats else states[e.key].y))

    def frame(self, states: dict[str, EntityState], v: View, pl, t: float) -> tuple[Image.Image, Manifest]:
        stage = self.stage
        size = stage.size
        things = things_in_hand(stage, states)
        held = {thing.holder: thing.prop for thing in things if thing.holder}
        # whoever a thing goes between is drawn every frame, not baked into the background
        busy = {k for thing in things for k in (thing.from_hand, thing.to_hand) if k} & self.frozen
        if busy:
            self.frozen -= busy
            self._bg.clear()
        bg, frozen_boxes = self.background(v, pl, states, held)
        frame = bg.copy()
        boxes: dict[str, tuple[int, int, int, int]] = dict(frozen_boxes)
        seats = seating(stage, states)
        placed_now: dict[str, Placed] = {}
        for ent in self._ordered(states, seats):
            if ent.key in self.frozen:
                continue
            st = states[ent.key]
            placed = entity_sprite(stage, ent, st, v, self.grade, seats.get(ent.key, (0.0, 0.0))[0], ent.key in seats,
                                   held.get(ent.key))
            placed_now[ent.key] = placed
            _store(boxes, ent.key, paste_placed(frame, placed, stage.style))
        for thing in things:  # in the air, or landed: drawn over everyone
            loose = loose_thing(stage, thing, states, placed_now, v, self.grade)
            if loose is not None:
                sp, lx, ly = loose
                ix, iy = int(round(lx)), int(round(ly))
                frame.paste(sp.image, (ix, iy), sp.image)
                boxes[thing.owner + "@loose"] = (ix, iy, ix + sp.image.width, iy + sp.image.height)
        if pl.front is not None:
            front = _render_layer(pl.front, pl.px_per_x, pl.px_per_y, layer_view(v, PARALLAX["front"]), size)
            frame.paste(front, (0, 0), front)
        if self.weather is not None:
            wt = self.weather
            weather = stage.layout.setting.weather
            speed = {"rain": 0.9, "fog": 0.0}.get(weather, 0.12)  # fog drifts sideways, it does not fall
            dy = int((t * speed * size[1])) % size[1]
            dx = int(t * 0.03 * size[0]) % size[0] if weather in ("snow", "fog") else 0
            for ox in (0, -size[0]) if dx else (0,):
                for oy in (0, -size[1]):
                    frame.paste(wt, (dx + ox, dy + oy), wt)
        manifest = self.manifest(states, boxes, things)
        return frame, manifest

    def manifest(self, states: dict[str, EntityState], boxes: dict[str, tuple[int, int, int, int]],
                 things: list[InHand] | None = None) -> Manifest:
        stage = self.stage
        entities: list[EntityBox] = []
        notes = list(stage.notes)
        if things is None:
            things = things_in_hand(stage, states)
        for ent in stage.entities:
            box = boxes.get(ent.key, (0, 0, 1, 1))
            clamped, changed = clamp_box(box, stage.size)
            if changed:
                notes.append(f"{ent.key}: box {list(box)} clamped to the frame {list(clamped)}")
            if ent.key in states and states[ent.key].hidden:
                notes.append(f"{ent.key}: has left the frame")
            st = states.get(ent.key)
            hidden = st is None or st.hidden
            entities.append(EntityBox(name=ent.key, category="character" if ent.design is not None else "prop",
                                      label=ent.label, bbox=clamped, colour=ent.colour,
                                      visible=0.0 if hidden else _inside(box, stage.size),
                                      pose=st.pose if st else "", facing=st.facing if st else ""))
            # what it holds now (or let go of in this clip), in the box it was drawn in
            for t in things:
                if (t.holder or t.owner) != ent.key:
                    continue
                held = t.prop
                noun, _ = resolve_prop(held.noun)
                raw = (boxes.get(t.owner + "@loose") if not t.holder else None) or boxes.get(ent.key + "@held", box)
                hbox, _ = clamp_box(raw, stage.size)
                entities.append(EntityBox(name=held.noun, category="prop", label=noun or f"{held.shape or 'round'} object",
                                          bbox=hbox, colour=held.colour or (PROPS[noun].colour if noun else "tan"),
                                          visible=0.0 if hidden else _inside(raw, stage.size),
                                          # bounced down to the ground it is out of the hand for a moment
                                          held_by=t.holder if st is None or st.bob > -0.5 else "",
                                          from_hand=t.from_hand, to_hand=t.to_hand))
        return Manifest(entities=entities, substitutions=list(dict.fromkeys(stage.substitutions)),
                        notes=list(dict.fromkeys(notes)), setting=stage.layout.setting, size=stage.size,
                        touching=_touching(entities))


def _inside(box: tuple[int, int, int, int], size: tuple[int, int]) -> float:
    """The share of a drawing's box that is inside the frame (0 when it is all outside)."""
    x0, y0, x1, y1 = box
    area = max(1, (x1 - x0) * (y1 - y0))
    w = max(0, min(x1, size[0]) - max(x0, 0))
    h = max(0, min(y1, size[1]) - max(y0, 0))
    return round(w * h / area, 3)


def _touching(entities: list[EntityBox]) -> list[tuple[str, str]]:
    """Pairs of visible characters whose drawings meet: their boxes overlap (a sprite's box is
    tight around its outline, so overlapping boxes are bodies or hands in contact)."""
    people = [e for e in entities if e.category == "character" and e.visible > 0]
    pairs = []
    for i, a in enumerate(people):
        for b in people[i + 1:]:
            if a.bbox[0] < b.bbox[2] and b.bbox[0] < a.bbox[2] and a.bbox[1] < b.bbox[3] and b.bbox[1] < a.bbox[3]:
                pairs.append((a.name, b.name))
    return pairs


def _store(boxes: dict, key: str, found: list[tuple]) -> None:
    boxes[key] = found[0]
    if len(found) > 1:
        boxes[key + "@held"] = found[1]
