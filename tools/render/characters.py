"""Characters drawn from their design: people, upright animals, four-legged animals, birds, fish.

Each is built from a small skeleton (joint angles per pose and walk phase) in units where the
character is 1.0 tall, so the same design gives the same drawing at any size, in any scene.
Sprites are cached per design, pose, view, expression and phase: the animator composites them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image

from animdirector.tools.render.cache import ImageLRU, sprite_bytes
from animdirector.tools.render.colours import RGB, mix, parse_colour, shade
from animdirector.tools.render.kinds import KINDS, KindSpec, resolve_kind
from animdirector.tools.render.pen import Pen, arc_points, get_style
from animdirector.tools.render.scene import CharacterDesign

INK: RGB = (52, 36, 40)
WHITE: RGB = (255, 255, 255)
CHEEK: RGB = (240, 120, 120)
MOUTH: RGB = (150, 50, 60)
SOCK: RGB = (70, 46, 40)
LIPS: RGB = (214, 84, 104)
TONGUE: RGB = (240, 110, 130)  # a fox's dark legs and ear backs
HOOF: RGB = (92, 62, 44)
HORN: RGB = (196, 182, 160)
MASK: RGB = (48, 44, 46)


@dataclass
class Sprite:
    """An antialiased RGBA image, its feet anchor and where its front hand is (pixels)."""

    image: Image.Image
    anchor: tuple[float, float]
    hand: tuple[float, float] | None = None


# --------------------------------------------------------------------------------------------------
# poses: joint angles in degrees. Side view: 0 = straight down, + = forwards. Front view: + = outwards.


@dataclass
class Rig:
    legs: tuple[tuple[float, float], tuple[float, float]]  # (hip angle, knee bend) near/far or right/left
    arms: tuple[tuple[float, float], tuple[float, float]]  # (shoulder angle, elbow bend)
    drop: float = 0.0  # how far the hip sinks (fraction of leg length)
    bob: float = 0.0  # whole body up (units)
    lean: float = 0.0  # degrees forwards
    lift: tuple[float, float] = (0.0, 0.0)  # front view: foot lift per leg (fraction of leg)
    kneel: bool = False
    sit: bool = False
    floor: bool = False  # sitting on the ground, knees up (no seat under)
    eyes_closed: bool = False


def rig_for(pose: str, view: str, phase: float) -> Rig:
    s = math.sin(2 * math.pi * phase)
    c = math.cos(2 * math.pi * phase)
    if pose == "sitfloor":
        if view == "side":
            return Rig(((118, 128), (106, 118)), ((35, 40), (28, 40)), sit=True, floor=True)
        return Rig(((0, 0), (0, 0)), ((22, 50), (22, 50)), sit=True, floor=True)
    if view == "side":
        if pose == "walk":
            return Rig(((24 * s, 10 + 18 * max(0, -s)), (-24 * s, 10 + 18 * max(0, s))),
                       ((-22 * s, 15), (22 * s, 15)), bob=0.012 * abs(c))
        if pose == "run":
            return Rig(((42 * s, 30 + 50 * max(0, -s)), (-42 * s, 30 + 50 * max(0, s))),
                       ((-55 * s, 85), (55 * s, 85)), bob=0.03 * abs(c), lean=9)
        if pose == "jump":
            return Rig(((50, 90), (30, 70)), ((155, 15), (135, 20)), bob=0.0)
        if pose == "sit":
            return Rig(((90, 90), (85, 88)), ((30, 40), (20, 40)), drop=0.5, sit=True)
        if pose == "kneel":
            return Rig(((85, 85), (0, 95)), ((40, 50), (25, 40)), drop=0.48, kneel=True)
        if pose == "wave":
            return Rig(((4, 4), (-4, 4)), ((150 + 12 * s, 25 + 20 * s), (-6, 10)))
        if pose == "reach":
            return Rig(((8, 4), (-10, 6)), ((92, 0), (40, 20)), lean=4)
        if pose == "hold":
            return Rig(((4, 4), (-4, 4)), ((35, 70), (30, 70)))
        return Rig(((5, 4), (-5, 4)), ((8, 10), (-8, 10)), bob=0.004 * s)
    # front and back views
    if pose in ("walk", "run"):
        amp = 1.0 if pose == "walk" else 1.8
        return Rig(((3, 0), (3, 0)), ((12 + 8 * amp * s, 10 * amp), (12 - 8 * amp * s, 10 * amp)),
                   lift=(0.10 * amp * max(0, s), 0.10 * amp * max(0, -s)), bob=0.01 * amp * abs(c))
    if pose == "jump":
        return Rig(((14, 0), (14, 0)), ((150, 15), (150, 15)), lift=(0.25, 0.25))
    if pose == "sit":
        return Rig(((4, 0), (4, 0)), ((25, 30), (25, 30)), drop=0.5, sit=True)
    if pose == "kneel":
        return Rig(((6, 0), (6, 0)), ((20, 40), (20, 40)), drop=0.48, kneel=True)
    if pose == "wave":
        return Rig(((3, 0), (3, 0)), ((125 + 8 * s, -40 + 22 * s), (12, 8)))
    if pose == "reach":
        return Rig(((3, 0), (3, 0)), ((100, 0), (14, 8)))
    if pose == "hold":
        return Rig(((3, 0), (3, 0)), ((18, 100), (18, 100)))
    return Rig(((3, 0), (3, 0)), ((11 + 1.5 * s, 6), (11 + 1.5 * s, 6)), bob=0.004 * s)


# --------------------------------------------------------------------------------------------------
# shared parts: faces, eyes, ears


def _face_front(pen: Pen, hx: float, hy: float, r: float, expression: str, eye_rgb: RGB, closed: bool,
                cheeks: bool = True, mouth_dy: float = -0.38, eye_dy: float = 0.0, eye_dx: float = 0.36,
                eye_scale: float = 1.0, ring: bool = False, lashes: bool = False, lips: bool = False) -> None:
    ey = hy + eye_dy * r
    er = 0.105 * r * eye_scale
    big = expression in ("surprised", "scared")
    for side in (-1, 1):
        ex = hx + side * eye_dx * r
        if closed:
            pen.arc(ex, ey + 0.02 * r, er * 1.1, er * 0.8, 200, 340, 0.035 * r, INK)
        elif big:
            pen.ellipse(ex, ey, er * 1.35, er * 1.6, WHITE, INK)
            pen.ellipse(ex, ey - 0.01 * r, er * 0.75, er * 0.9, eye_rgb, False)
            pen.circle(ex + 0.03 * r, ey + 0.04 * r, er * 0.3, WHITE, False)
        else:
            if ring:  # on dark skin a white rim keeps the eyes readable
                pen.ellipse(ex, ey, er * 1.45, er * 1.7, WHITE, False)
            pen.ellipse(ex, ey, er, er * 1.25, eye_rgb, INK)
            pen.circle(ex + 0.035 * r, ey + 0.05 * r, er * 0.38, WHITE, False)
        if lashes:  # two flicks at the outer corner: a girl's or a woman's eye in a picture book
            lx, ly = ex + side * er * 0.75, ey + er * (0.9 if not closed else 0.1)
            for k, (dx, dy) in enumerate(((0.16, 0.1), (0.1, 0.18))):
                pen.line([(lx - side * k * er * 0.5, ly + k * er * 0.3),
                          (lx + side * dx * r - side * k * er * 0.5, ly + dy * r + k * er * 0.3)], 0.045 * r, INK,
                         raw=True)
        # brows
        bw = 0.035 * r
        by = ey + 0.24 * r * (1.25 if big else 1)
        inner, outer = ex - side * 0.12 * r, ex + side * 0.12 * r
        if expression == "angry":
            pen.line([(inner, by - 0.06 * r), (outer, by + 0.04 * r)], bw, INK, raw=True)
        elif expression in ("sad", "scared"):
            pen.line([(inner, by + 0.05 * r), (outer, by - 0.04 * r)], bw, INK, raw=True)
        elif big:
            pen.arc(ex, by - 0.04 * r, 0.12 * r, 0.06 * r, 20, 160, bw, INK)
    if cheeks:
        for side in (-1, 1):
            pen.ellipse(hx + side * 0.56 * r, hy - 0.24 * r, 0.14 * r, 0.085 * r, CHEEK, False, alpha=120)
    _mouth(pen, hx, hy + mouth_dy * r, r, expression, lips)


def _mouth(pen: Pen, mx: float, my: float, r: float, expression: str, lips: bool = False) -> None:
    w = 0.035 * r
    if lips and expression in ("neutral", "happy"):  # a grown woman's rosy lips
        pen.ellipse(mx, my + 0.01 * r, 0.13 * r, 0.065 * r, LIPS, False)
        if expression == "neutral":
            pen.arc(mx, my + 0.05 * r, 0.12 * r, 0.07 * r, 200, 340, w, shade(LIPS, 0.6))
            return
    if expression == "happy":
        pts = arc_points(mx, my + 0.05 * r, 0.2 * r, 0.16 * r, 180, 360, 14)
        pen.poly(pts, MOUTH, INK)
        pen.ellipse(mx, my - 0.06 * r, 0.08 * r, 0.04 * r, (235, 110, 120), False)
    elif expression == "sad":
        pen.arc(mx, my - 0.08 * r, 0.14 * r, 0.09 * r, 20, 160, w, INK)
    elif expression == "surprised":
        pen.ellipse(mx, my - 0.02 * r, 0.08 * r, 0.11 * r, MOUTH, INK)
    elif expression == "scared":
        pts = [(mx - 0.15 * r + 0.05 * r * i, my + (0.025 * r if i % 2 else -0.025 * r)) for i in range(7)]
        pen.line(pts, w, INK, raw=True)
    elif expression == "angry":
        pen.arc(mx, my - 0.1 * r, 0.13 * r, 0.06 * r, 30, 150, w, INK)
    else:
        pen.arc(mx, my + 0.05 * r, 0.12 * r, 0.07 * r, 200, 340, w, INK)


def _face_side(pen: Pen, hx: float, hy: float, r: float, expression: str, eye_rgb: RGB, closed: bool,
               cheeks: bool = True, eye_dx: float = 0.48, mouth: bool = True, ring: bool = False,
               eye_scale: float = 1.0, lashes: bool = False, lips: bool = False) -> None:
    ex, ey = hx + eye_dx * r, hy + 0.02 * r
    er = 0.105 * r * eye_scale
    big = expression in ("surprised", "scared")
    if closed:
        pen.arc(ex, ey + 0.02 * r, er * 1.1, er * 0.8, 200, 340, 0.035 * r, INK)
    elif big:
        pen.ellipse(ex, ey, er * 1.2, er * 1.55, WHITE, INK)
        pen.ellipse(ex + 0.03 * r, ey, er * 0.7, er * 0.9, eye_rgb, False)
    else:
        if ring:
            pen.ellipse(ex, ey, er * 1.3, er * 1.65, WHITE, False)
        pen.ellipse(ex, ey, er * 0.9, er * 1.25, eye_rgb, INK)
        pen.circle(ex + 0.03 * r, ey + 0.05 * r, er * 0.35, WHITE, False)
    if lashes:  # from the side the lashes flick back, towards the ear
        lx, ly = ex - er * 0.6, ey + er * (0.95 if not closed else 0.1)
        for dx, dy in ((-0.16, 0.08), (-0.08, 0.17)):
            pen.line([(lx, ly), (lx + dx * r, ly + dy * r)], 0.045 * r, INK, raw=True)
    by = ey + 0.25 * r * (1.2 if big else 1)
    if expression == "angry":
        pen.line([(ex - 0.1 * r, by + 0.03 * r), (ex + 0.12 * r, by - 0.05 * r)], 0.035 * r, INK, raw=True)
    elif expression in ("sad", "scared"):
        pen.line([(ex - 0.1 * r, by - 0.03 * r), (ex + 0.12 * r, by + 0.04 * r)], 0.035 * r, INK, raw=True)
    if cheeks:
        pen.ellipse(hx + 0.3 * r, hy - 0.27 * r, 0.13 * r, 0.08 * r, CHEEK, False, alpha=120)
    if mouth:
        mx, my = hx + 0.62 * r, hy - 0.4 * r
        if expression == "happy":
            pts = arc_points(mx, my + 0.04 * r, 0.14 * r, 0.13 * r, 200, 340, 10)
            pen.poly(pts + [(mx + 0.13 * r, my + 0.03 * r)], MOUTH, INK)
        elif expression == "surprised":
            pen.ellipse(mx + 0.04 * r, my, 0.06 * r, 0.08 * r, MOUTH, INK)
        elif expression in ("sad", "angry"):
            pen.arc(mx, my - 0.07 * r, 0.1 * r, 0.06 * r, 30, 150, 0.035 * r, INK)
        else:
            pen.arc(mx, my + 0.04 * r, 0.1 * r, 0.06 * r, 220, 330, 0.035 * r, INK)
        if lips and expression in ("neutral", "happy"):
            pen.ellipse(mx - 0.02 * r, my + 0.02 * r, 0.08 * r, 0.05 * r, LIPS, False)


# --------------------------------------------------------------------------------------------------
# people and upright animals share one skeleton


@dataclass
class Body:
    head_r: float
    leg: float
    torso: float
    shoulder: float
    hip: float
    limb: float
    arm: float
    belly: float = 0.0
    long_sleeves: bool = False
    lean: float = 0.0


BODIES = {
    "child": Body(0.19, 0.30, 0.29, 0.12, 0.105, 0.068, 0.29),
    "adult": Body(0.13, 0.43, 0.34, 0.13, 0.11, 0.064, 0.37, long_sleeves=True),
    "adult_f": Body(0.13, 0.43, 0.34, 0.11, 0.115, 0.058, 0.36, long_sleeves=True),
    "old": Body(0.135, 0.39, 0.35, 0.13, 0.12, 0.064, 0.35, belly=0.05, long_sleeves=True, lean=5),
    "old_f": Body(0.135, 0.37, 0.36, 0.115, 0.13, 0.06, 0.34, belly=0.04, long_sleeves=True, lean=5),
    "baby": Body(0.24, 0.15, 0.25, 0.12, 0.12, 0.08, 0.19),
    "upright": Body(0.2, 0.2, 0.34, 0.15, 0.16, 0.085, 0.27, belly=0.03),
}


def _seg(origin: tuple[float, float], length: float, angle: float, view: str, side: int) -> tuple[float, float]:
    a = math.radians(angle)
    if view == "side":
        return origin[0] + length * math.sin(a), origin[1] - length * math.cos(a)
    return origin[0] + side * length * math.sin(a), origin[1] - length * math.cos(a)


class Colours:
    def __init__(self, design: CharacterDesign, spec: KindSpec, person: bool) -> None:
        p = parse_colour
        self.skin = p(design.skin_colour) if person else p(design.fur_colour)
        self.fur = p(design.fur_colour)
        self.accent = p(design.accent_colour)
        self.hair = p(design.hair_colour)
        self.top = p(design.top_colour) if person else self.fur
        self.bottom = p(design.bottom_colour) if person else self.fur
        self.shoes = p(design.shoes_colour) if person else shade(self.fur, 0.8)
        self.eye = p(design.eye_colour)
        self.extra = p(design.accessory_colour)


def draw_biped(pen: Pen, design: CharacterDesign, spec: KindSpec, pose: str, view: str, expression: str,
               phase: float, blink: bool = False) -> tuple[float, float] | None:
    """A person (or a bear, rabbit, monkey, mouse, frog standing up). Returns the front hand."""
    person = spec.plan == "person"
    age = spec.params.get("age", "upright")
    female = spec.params.get("female", False)
    key = {"child": "child", "baby": "baby", "adult": "adult_f" if female else "adult",
           "old": "old_f" if female else "old"}.get(age, "upright")
    b = BODIES[key]
    if spec.params.get("frog"):
        b = Body(0.22, 0.14, 0.3, 0.17, 0.17, 0.08, 0.22, belly=0.04)
    col = Colours(design, spec, person)
    rig = rig_for(pose, view, phase)
    closed = rig.eyes_closed or blink
    side_view = view == "side"
    leg = b.leg
    thigh, shin = leg * 0.52, leg * 0.48
    hip_y = leg * (1 - rig.drop) + rig.bob + (0.04 if pose == "jump" else 0.0)
    if rig.floor:
        hip_y = 0.075
    elif rig.sit and side_view:
        hip_y = shin + 0.02
    elif side_view and not rig.kneel and pose != "jump":
        # the hip rides as high as the longest leg reaches: the planted foot stays on the ground
        reach = max(thigh * math.cos(math.radians(a)) + shin * math.cos(math.radians(a - bend)) for a, bend in rig.legs)
        hip_y = reach + rig.bob * 0.3
    hip = (0.0, hip_y)
    lean = rig.lean + b.lean
    neck = (math.sin(math.radians(lean)) * b.torso * (1 if side_view else 0), hip_y + b.torso)
    head = (neck[0] + (0.02 if side_view else 0), neck[1] + b.head_r * 0.88)
    shoulder_y = neck[1] - 0.045
    limb = b.limb
    skirt = person and design.bottom_style in ("skirt", "dress") and age != "baby"
    dress = person and design.bottom_style == "dress"
    baby = age == "baby"
    trousers_rgb = col.top if (baby or dress) else col.bottom

    # -- limbs' joint positions
    def leg_pts(i: int, side: int) -> list[tuple[float, float]]:
        ang, bend = rig.legs[i]
        if side_view:
            h = (hip[0] + (0.015 if i == 0 else -0.015), hip[1])
            if rig.kneel and i == 1:
                k = (h[0] - 0.02, 0.035)
                return [h, k, (k[0] - shin * 0.95, 0.035)]
            k = _seg(h, thigh, ang, view, side)
            f = _seg(k, shin, ang - bend, view, side)
            if rig.floor:
                f = (f[0], max(0.03, f[1]))
            return [h, k, f]
        hx = side * b.hip * 0.55
        h = (hx, hip[1])
        if rig.floor:  # cross-legged: knees out, feet tucked in the middle
            return [h, (side * (b.hip * 0.55 + thigh * 0.9), hip[1] - 0.015), (-side * 0.025, 0.035)]
        if rig.sit or rig.kneel:
            k = (hx + side * 0.02, hip[1] - 0.04 if rig.sit else 0.05)
            f = (hx + side * 0.03, 0.03) if rig.sit else (hx + side * 0.04, 0.03)
            return [h, k, f]
        lift = rig.lift[0 if side > 0 else 1] * leg
        f = (hx + side * math.sin(math.radians(ang)) * leg, max(0.03, hip[1] - leg * 0.97 + lift + 0.03 - rig.bob))
        k = ((h[0] + f[0]) / 2 + side * lift * 0.3, (h[1] + f[1]) / 2)
        return [h, k, f]

    def arm_pts(i: int, side: int) -> list[tuple[float, float]]:
        ang, bend = rig.arms[i]
        if side_view:
            s = (neck[0] + (0.01 if i == 0 else -0.01), shoulder_y)
        else:
            s = (side * b.shoulder * 0.92, shoulder_y)
        upper, fore = b.arm * 0.5, b.arm * 0.5
        e = _seg(s, upper, ang, view, side)
        h = _seg(e, fore, ang + bend if side_view else ang - bend, view, side)
        return [s, e, h]

    def draw_leg(pts: list, far: bool) -> None:
        dim = 0.86 if far else 1.0
        skin = shade(col.skin, dim)
        if person and not baby and design.bottom_style == "trousers":
            pen.limb(pts, limb * 1.08, shade(trousers_rgb, dim))
        else:
            pen.limb(pts, limb, skin)
            if person and design.bottom_style == "shorts" and not baby:
                mid = ((pts[0][0] + pts[1][0] * 1.4) / 2.4, (pts[0][1] + pts[1][1] * 1.4) / 2.4)
                pen.limb([pts[0], mid], limb * 1.25, shade(col.bottom, dim))
            if baby:
                pen.limb(pts[:2], limb * 1.1, shade(col.top, dim))
        # feet
        fx, fy = pts[-1]
        shoe = shade(col.shoes if (person and not baby) else col.skin, dim)
        if spec.params.get("frog"):
            shoe = shade(col.fur, dim * 0.9)
        if side_view:
            if rig.kneel and far:
                pen.ellipse(fx - 0.02, fy, 0.05, 0.03, shoe)
            elif spec.params.get("big_feet"):  # a kangaroo's long hind feet
                pen.ellipse(fx + 0.07, fy + 0.0, limb * 1.7, limb * 0.55, shoe)
            else:
                pen.ellipse(fx + 0.035, fy + 0.0, limb * 0.95, limb * 0.55, shoe)
        else:
            pen.ellipse(fx, fy, limb * 0.75, limb * 0.55, shoe)

    def draw_arm(pts: list, far: bool) -> None:
        dim = 0.86 if far else 1.0
        skin = shade(col.skin, dim)
        if person and not baby:
            if b.long_sleeves:
                pen.limb(pts, limb * 0.92, shade(col.top, dim))
            else:
                pen.limb(pts, limb * 0.82, skin)
                pen.limb([pts[0], ((pts[0][0] * 1.2 + pts[1][0]) / 2.2, (pts[0][1] * 1.2 + pts[1][1]) / 2.2)],
                         limb * 1.05, shade(col.top, dim))
        else:
            pen.limb(pts, limb * 0.92, shade(col.top if baby else col.skin, dim))
        if spec.params.get("paws"):  # a mole's big pink digging hands
            pen.circle(pts[-1][0], pts[-1][1], limb * 0.95, shade(col.accent, dim))
        else:
            pen.circle(pts[-1][0], pts[-1][1], limb * 0.62, skin)

    def draw_torso() -> None:
        top_y, bot_y = neck[1] + 0.01, hip[1] - 0.02
        w = b.shoulder
        if person:
            if skirt:
                # knee-length for women, below the knee for grandmas: a band at the hips reads as a man's tunic
                reach = {"child": (0.9, 0.75), "adult": (1.15, 1.0), "old": (1.4, 1.25)}.get(age, (0.85, 0.6))
                flare = (0.09 if dress else 0.07) * (1.35 if age in ("adult", "old") else 1.0)
                sk_top = hip[1] + 0.05 if not dress else shoulder_y - 0.05
                sk_bot = max(0.06, hip[1] - thigh * (reach[0] if dress else reach[1]))
                if rig.floor and side_view:
                    kx, ky = legs[0][1]
                    pen.poly([(-0.07, sk_top), (0.06, sk_top), (kx + 0.02, ky + 0.03), (kx + 0.01, ky - 0.05),
                              (-0.13, hip[1] - 0.06)], col.top if dress else col.bottom)
                elif rig.floor:
                    pen.poly([(-b.hip, sk_top), (b.hip, sk_top), (b.hip + 0.12, hip[1] - 0.05),
                              (-b.hip - 0.12, hip[1] - 0.05)], col.top if dress else col.bottom)
                elif rig.sit and side_view:
                    pen.poly([(-0.06, sk_top), (0.06, sk_top), (hip[0] + thigh + 0.03, hip[1] - 0.02),
                              (hip[0] + thigh + 0.02, hip[1] - 0.07), (-0.1, hip[1] - 0.06)],
                             col.top if dress else col.bottom)
                else:
                    pen.poly([(-b.hip, sk_top), (b.hip, sk_top), (b.hip + flare, sk_bot), (-b.hip - flare, sk_bot)],
                             col.top if dress else col.bottom)
            elif not baby:
                # hips in the bottom colour, so shorts and trousers join the body
                pen.rrect(-b.hip * (0.9 if side_view else 1.0), hip[1] + 0.08, b.hip * (0.9 if side_view else 1.0),
                          hip[1] - 0.04, 0.04, col.bottom)
            tw = w * (0.78 if side_view else 1.0)
            pen.rrect(neck[0] - tw, top_y, neck[0] * 0.3 + tw + b.belly, bot_y + (0.0 if skirt else 0.04),
                      0.07 if not baby else 0.1, col.top)
            if "apron" in design.accessories:
                pen.rrect(neck[0] * 0.3 - tw * 0.7, top_y - 0.08, neck[0] * 0.3 + tw * 0.7, bot_y - 0.1, 0.03, WHITE)
        elif spec.params.get("robot"):  # a box with a panel of lamps
            tw = w * (0.8 if side_view else 1.05)
            cx = neck[0] * 0.4
            pen.rrect(cx - tw, top_y + 0.02, cx + tw, bot_y - 0.02, 0.025, col.fur)
            if view != "back":
                px = cx + (0.03 if side_view else 0)
                pen.rrect(px - tw * 0.55, top_y - 0.05, px + tw * 0.55, top_y - 0.17, 0.015, shade(col.fur, 0.7))
                for k, lamp in enumerate(((230, 70, 70), col.accent, (250, 210, 60))):
                    pen.circle(px - tw * 0.32 + k * tw * 0.32, top_y - 0.11, 0.022, lamp, False)
                pen.rrect(px - tw * 0.4, bot_y + 0.1, px + tw * 0.4, bot_y + 0.05, 0.01, shade(col.fur, 0.75), False)
        else:
            tw = w * (0.85 if side_view else 1.0)
            if spec.params.get("shaggy"):  # tufts of fur all round the body's edge
                cy_t, ry_t = (top_y + bot_y) / 2, (top_y - bot_y) / 2 + 0.03
                for k in range(16):
                    a = math.radians(k * 22.5 + 11)
                    bx, by = neck[0] * 0.4 + math.cos(a) * (tw + b.belly), cy_t + math.sin(a) * ry_t
                    nx, ny = math.cos(a), math.sin(a)
                    pen.poly([(bx - ny * 0.04, by + nx * 0.04), (bx + nx * 0.06, by + ny * 0.06),
                              (bx + ny * 0.04, by - nx * 0.04)], col.fur)
            pen.ellipse(neck[0] * 0.4, (top_y + bot_y) / 2, tw + b.belly, (top_y - bot_y) / 2 + 0.03, col.fur)
            if view != "back":
                pen.ellipse(neck[0] * 0.4 + (0.04 if side_view else 0), (top_y + bot_y) / 2 - 0.01,
                            tw * (0.5 if side_view else 0.62), (top_y - bot_y) / 2 - 0.01, col.accent, False)
                if spec.params.get("pouch"):  # the pouch's rim across the belly
                    pen.arc(neck[0] * 0.4 + (0.06 if side_view else 0), bot_y + 0.1, tw * (0.4 if side_view else 0.5),
                            0.06, 200, 340, 0.018, shade(col.accent, 0.6))

    order_side = ["farm", "farl", "tail", "nearl", "torso", "head", "hold", "neara"]
    order_front = ["tail", "legs", "arms_back", "torso", "arms", "head"]
    legs = [leg_pts(0, 1), leg_pts(1, -1)]
    arms = [arm_pts(0, 1), arm_pts(1, -1)]
    hand = arms[0][-1]
    tail_rgb = col.fur

    def draw_tail(behind: bool = False) -> None:
        if person or spec.tail in ("none", ""):
            return
        base = (-b.hip * 0.9 if side_view else 0.0, hip[1] + 0.03)
        if spec.tail == "paddle":  # a beaver's flat, dark, criss-crossed tail along the ground
            if view == "front" and not behind:
                return
            if side_view:
                cx, cy, rx, ry, ang = base[0] - 0.2, 0.07, 0.2, 0.075, 12
            else:
                cx, cy, rx, ry, ang = 0.0, 0.05 if view == "front" else 0.1, 0.15, 0.12, 0
            paddle = mix(shade(col.fur, 0.55), (80, 80, 90), 0.4)
            if side_view:
                pen.limb([base, (base[0] - 0.06, 0.12)], 0.08, col.fur)
            pen.poly(_rot_ellipse(cx, cy, rx, ry, ang), paddle)
            for k in (-1, 0, 1):
                pen.line([(cx + k * rx * 0.4 - rx * 0.25, cy - ry * 0.6), (cx + k * rx * 0.4 + rx * 0.25, cy + ry * 0.6)],
                         0.012, shade(paddle, 0.7))
                pen.line([(cx + k * rx * 0.4 + rx * 0.25, cy - ry * 0.6), (cx + k * rx * 0.4 - rx * 0.25, cy + ry * 0.6)],
                         0.012, shade(paddle, 0.7))
            return
        if spec.tail == "kangaroo":  # a long thick tail it leans on, behind
            if view == "front" and not behind:
                return
            if side_view:
                _sausage(pen, [base, (base[0] - 0.12, base[1] - 0.12), (base[0] - 0.26, 0.06), (base[0] - 0.4, 0.03)],
                         [0.07, 0.06, 0.045, 0.03], [col.fur])
            else:
                _sausage(pen, [(0, base[1]), (0.1, 0.08), (0.25, 0.03)], [0.06, 0.05, 0.03], [col.fur])
            return
        if spec.tail == "stub":
            if view != "front":
                pen.circle(base[0], base[1], 0.06, WHITE if spec.ears == "long" else tail_rgb)
        elif spec.tail == "thin":
            sign = -1 if side_view else 1
            pts = [base, (base[0] + sign * 0.15, base[1] + 0.02), (base[0] + sign * 0.22, base[1] + 0.15),
                   (base[0] + sign * 0.16, base[1] + 0.25)]
            pen.limb(pts, 0.03, tail_rgb if spec.ears != "mouse" else (240, 170, 180))

    if "wings" in design.accessories:  # a fairy's: two pairs of pale wings behind the shoulders
        wing = mix(col.extra, WHITE, 0.3)
        flutter = 6 * math.sin(2 * math.pi * phase * 2)
        for sx in ((-1,) if side_view else (-1, 1)):
            x0 = neck[0] - (0.08 if side_view else 0.0)
            for dy, rx, ry, ang in ((0.04, 0.23, 0.12, 35), (-0.1, 0.16, 0.09, -30)):
                pen.poly(_rot_ellipse(x0 + sx * rx * 0.9, shoulder_y + dy + (0.04 if dy > 0 else 0), rx, ry,
                                      sx * (ang + flutter)), wing, shade(col.extra, 0.7))
    if side_view:
        # far side first, dimmed, so the near side reads in front
        draw_arm(arms[1], True)
        draw_leg(legs[1], True)
        draw_tail()
        draw_leg(legs[0], False)
        draw_torso()
        if "backpack" in design.accessories:
            pen.rrect(neck[0] - b.shoulder - 0.07, shoulder_y + 0.01, neck[0] - b.shoulder * 0.5, hip[1] + 0.05, 0.04,
                      col.extra)
        raised = abs(rig.arms[0][0]) > 100  # a raised arm goes behind the big head, the hand pokes out
        if raised:
            draw_arm(arms[0], False)
        _head(pen, design, spec, col, head, b.head_r, view, expression, closed)
        if not raised:
            draw_arm(arms[0], False)
        if "cane" in design.accessories:
            hx, hy = arms[0][-1]
            pen.limb([(hx + 0.02, hy + 0.03), (hx + 0.06, 0.01)], 0.022, (120, 80, 50))
    else:
        back = view == "back"
        draw_tail(True) if back or spec.tail in ("paddle", "kangaroo") else None
        if person and design.hair_style in ("long", "bob", "braids", "pigtails", "curly", "ponytail") and not back:
            _hair_back(pen, design, col.hair, head, b.head_r, female and age != "old")
        if "cape" in design.accessories:
            pen.poly([(-b.shoulder, shoulder_y + 0.03), (b.shoulder, shoulder_y + 0.03), (b.shoulder + 0.08, 0.1),
                      (-b.shoulder - 0.08, 0.1)], col.extra)
        if not rig.floor:
            for i, side in ((0, 1), (1, -1)):
                draw_leg(legs[i], False)
        draw_torso()
        if rig.floor:  # crossed legs sit in front of the lap
            for i in (0, 1):
                draw_leg(legs[i], False)
        if back and "backpack" in design.accessories:
            pen.rrect(-b.shoulder * 0.8, shoulder_y, b.shoulder * 0.8, hip[1] + 0.06, 0.05, col.extra)
        if not back:
            draw_tail()
        for i in (0, 1):
            draw_arm(arms[i], False)
        _head(pen, design, spec, col, head, b.head_r, view, expression, closed)
        if "cane" in design.accessories:
            hx, hy = arms[1][-1]
            pen.limb([(hx, hy + 0.03), (hx - 0.02, 0.01)], 0.022, (120, 80, 50))
    # accessories worn at the neck sit over the torso
    if "scarf" in design.accessories and view != "back":
        pen.rrect(neck[0] - b.shoulder * 0.8, neck[1] + 0.03, neck[0] + b.shoulder * 0.8, neck[1] - 0.03, 0.03, col.extra)
        pen.rrect(neck[0] + 0.02, neck[1] - 0.02, neck[0] + 0.07, neck[1] - 0.14, 0.02, col.extra)
    if "bowtie" in design.accessories and view == "front":
        y = neck[1] - 0.01
        pen.poly([(0, y), (-0.05, y + 0.03), (-0.05, y - 0.03)], col.extra)
        pen.poly([(0, y), (0.05, y + 0.03), (0.05, y - 0.03)], col.extra)
    if "necklace" in design.accessories and view == "front":
        pen.arc(0, neck[1] + 0.02, b.shoulder * 0.55, 0.07, 200, 340, 0.012, col.extra)
        pen.circle(0, neck[1] - 0.05, 0.018, col.extra)
    if "collar" in design.accessories and view != "back":
        pen.rrect(neck[0] - b.shoulder * 0.6, neck[1] + 0.02, neck[0] + b.shoulder * 0.6, neck[1] - 0.02, 0.02,
                  col.extra)
    if "stethoscope" in design.accessories and view != "back":  # round the neck, its silver bell on the chest
        tube = (60, 64, 72)
        if side_view:
            pen.line([(neck[0] + 0.02, neck[1] + 0.01), (neck[0] + 0.07, neck[1] - 0.08), (neck[0] + 0.06, neck[1] - 0.13)],
                     0.014, tube, raw=True)
            pen.circle(neck[0] + 0.06, neck[1] - 0.15, 0.028, (205, 210, 220))
        else:
            pen.line([(-0.06, neck[1] + 0.01), (-0.07, neck[1] - 0.09), (-0.02, neck[1] - 0.15), (0.04, neck[1] - 0.17)],
                     0.014, tube, raw=True)
            pen.line([(0.06, neck[1] + 0.01), (0.07, neck[1] - 0.07)], 0.014, tube, raw=True)
            pen.circle(0.05, neck[1] - 0.18, 0.03, (205, 210, 220))
    return hand


def _hair_back(pen: Pen, design: CharacterDesign, hair: RGB, head: tuple[float, float], r: float,
               girlish: bool = False) -> None:
    """Hair that falls behind the head and shoulders, front view. `girlish` (girls and women, not grandmas):
    curls and bobs fall to the shoulders, so a girl with curls is not read as a boy."""
    hx, hy = head
    style = design.hair_style
    if style == "long":
        pen.rrect(hx - r * 1.1, hy + 0.4 * r, hx + r * 1.1, hy - r * 1.65, r * 0.5, hair)
    elif style == "bob":
        low = -1.0 if girlish else -0.75
        pen.rrect(hx - r * 1.16, hy + 0.4 * r, hx + r * 1.16, hy + low * r, r * 0.45, hair)
    elif style == "curly" and girlish:
        for side in (-1, 1):
            for k in range(4):
                pen.circle(hx + side * r * (0.92 + 0.06 * (k % 2)), hy - r * (0.1 + 0.38 * k), r * 0.32, hair)
    elif style == "ponytail":  # the tail swings out beside the head and hangs to the shoulder
        pen.limb([(hx + r * 0.7, hy + r * 0.75), (hx + r * 1.25, hy + r * 0.35), (hx + r * 1.3, hy - r * 0.4),
                  (hx + r * 1.15, hy - r * 1.0)], r * 0.36, hair)
    elif style == "braids":
        for side in (-1, 1):
            for k in range(4):
                pen.circle(hx + side * r * 0.95, hy - r * (0.35 + 0.28 * k), r * 0.17, hair)
            pen.circle(hx + side * r * 0.95, hy - r * 1.45, r * 0.09, design_extra(design))
    elif style == "pigtails":  # two bunches hanging below the ears, tied with a band
        for side in (-1, 1):
            pen.ellipse(hx + side * r * 1.25, hy - r * 0.45, r * 0.34, r * 0.6, hair)
            pen.circle(hx + side * r * 1.08, hy + r * 0.05, r * 0.12, design_extra(design))


def design_extra(design: CharacterDesign) -> RGB:
    return parse_colour(design.accessory_colour)


def _head(pen: Pen, design: CharacterDesign, spec: KindSpec, col: Colours, head: tuple[float, float], r: float,
          view: str, expression: str, closed: bool) -> None:
    hx, hy = head
    person = spec.plan == "person"
    back = view == "back"
    side = view == "side"
    female = person and bool(spec.params.get("female"))
    lips = female and spec.params.get("age") in ("adult", "old")
    # ears behind the head
    if not person:
        _animal_ears(pen, spec, col, hx, hy, r, view)
    elif not side:
        for s in (-1, 1):
            pen.circle(hx + s * r * 0.97, hy - 0.05 * r, r * 0.17, col.skin)
    if person and side and female and design.hair_style == "curly" and spec.params.get("age") != "old":
        for k in range(4):  # curls fall down the back of the neck to the shoulders
            pen.circle(hx - r * (0.75 + 0.05 * (k % 2)), hy - r * (0.1 + 0.36 * k), r * 0.32, col.hair)
    if person and side and design.hair_style in ("long", "ponytail", "braids", "bob", "pigtails", "bun"):
        style = design.hair_style
        if style == "long":
            pen.rrect(hx - r * 1.05, hy + 0.5 * r, hx + r * 0.1, hy - r * 1.45, r * 0.45, col.hair)
        elif style == "bob":
            pen.rrect(hx - r * 1.1, hy + 0.5 * r, hx + r * 0.2, hy - r * (1.0 if female else 0.75), r * 0.4, col.hair)
        elif style == "ponytail":
            pen.limb([(hx - r * 0.85, hy + r * 0.35), (hx - r * 1.35, hy + r * 0.05), (hx - r * 1.45, hy - r * 0.55)],
                     r * 0.32, col.hair)
        elif style == "pigtails":
            pen.ellipse(hx - r * 1.12, hy - r * 0.45, r * 0.34, r * 0.6, col.hair)
            pen.circle(hx - r * 0.98, hy + r * 0.05, r * 0.12, design_extra(design))
        elif style == "braids":
            for k in range(4):
                pen.circle(hx - r * 0.75, hy - r * (0.35 + 0.28 * k), r * 0.17, col.hair)
        elif style == "bun":
            pen.circle(hx - r * 0.72, hy + r * 0.72, r * 0.36, col.hair)
    if person and not side and design.hair_style == "bun":
        pen.circle(hx, hy + r * 1.05, r * 0.38, col.hair)
    if person and design.hair_style == "curly" and not side:
        for k in range(9):
            a = math.radians(-25 + k * 230 / 8)
            pen.circle(hx + math.cos(a) * r * 0.98, hy + math.sin(a) * r * 0.98, r * 0.3, col.hair)
    if person and design.hair_style == "curly" and side:
        for k in range(7):
            a = math.radians(60 + k * 170 / 6)
            pen.circle(hx + math.cos(a) * r * 0.98, hy + math.sin(a) * r * 0.98, r * 0.3, col.hair)
    # the head itself
    skin = col.skin if person else col.fur
    if spec.params.get("frog"):
        pen.ellipse(hx, hy - r * 0.1, r * 1.15, r * 0.85, skin)
        for s in (-1, 1) if not side else (1,):
            ex = hx + (s * r * 0.5 if not side else r * 0.45)
            pen.circle(ex, hy + r * 0.6, r * 0.32, skin)
            if not back:
                pen.circle(ex, hy + r * 0.62, r * 0.2, WHITE, INK)
                pen.circle(ex + r * 0.03, hy + r * 0.6, r * 0.1, INK, False)
        if not back:
            _mouth(pen, hx + (r * 0.4 if side else 0), hy - r * 0.35, r * 1.3, expression)
        return
    if spec.params.get("robot"):
        _robot_head(pen, col, hx, hy, r, view, expression, closed)
        _hats(pen, design, col, hx, hy, r, view)
        return
    if person and side:
        pen.circle(hx + r * 0.96, hy - 0.1 * r, r * 0.13, col.skin)  # the nose: the head covers all but a bump
    pen.circle(hx, hy, r, skin)
    if back:
        if person and design.hair_style != "bald":
            pen.circle(hx, hy + r * 0.02, r * 1.04, col.hair)
            if design.hair_style in ("long", "bob"):
                low = -1.45 if design.hair_style == "long" else -0.75
                pen.rrect(hx - r * 1.05, hy, hx + r * 1.05, hy + low * r, r * 0.4, col.hair)
            if design.hair_style == "ponytail":
                pen.limb([(hx, hy + r * 0.3), (hx, hy - r * 1.2)], r * 0.34, col.hair)
            if design.hair_style in ("pigtails",):
                for s in (-1, 1):
                    pen.ellipse(hx + s * r * 1.18, hy - r * 0.15, r * 0.3, r * 0.42, col.hair)
            if design.hair_style == "braids":
                for s in (-1, 1):
                    for k in range(4):
                        pen.circle(hx + s * r * 0.6, hy - r * (0.5 + 0.28 * k), r * 0.17, col.hair)
            if design.hair_style == "bun":
                pen.circle(hx, hy + r * 0.7, r * 0.38, col.hair)
        elif person:
            pass
        else:
            pass
        _hats(pen, design, col, hx, hy, r, view)
        return
    if person:
        _hair_front(pen, design, col.hair, hx, hy, r, view)
        if side:
            pen.ellipse(hx - 0.1 * r, hy - 0.06 * r, r * 0.13, r * 0.17, col.skin)  # ear, with a little curl
            pen.arc(hx - 0.09 * r, hy - 0.06 * r, r * 0.06, r * 0.08, 60, 300, 0.025 * r, shade(col.skin, 0.6))
            _face_side(pen, hx, hy, r, expression, col.eye, closed, ring=_dark(col.skin), lashes=female,
                       lips=lips)
        else:
            pen.ellipse(hx, hy - 0.14 * r, 0.07 * r, 0.05 * r, shade(col.skin, 0.85), False)
            _face_front(pen, hx, hy, r, expression, col.eye, closed, ring=_dark(col.skin), lashes=female,
                        lips=lips)
        if "beard" in design.accessories:
            if side:
                pen.poly(arc_points(hx + 0.2 * r, hy - 0.35 * r, r * 0.8, r * 0.7, 190, 340, 12), col.hair)
            else:
                pen.poly(arc_points(hx, hy - 0.3 * r, r * 0.85, r * 0.75, 185, 355, 14), col.hair)
                _mouth(pen, hx, hy - 0.42 * r, r, expression)
        if "moustache" in design.accessories:
            mx = hx + (0.62 * r if side else 0)
            pen.ellipse(mx - 0.12 * r, hy - 0.27 * r, 0.14 * r, 0.06 * r, col.hair, False)
            pen.ellipse(mx + 0.12 * r, hy - 0.27 * r, 0.14 * r, 0.06 * r, col.hair, False)
        if "glasses" in design.accessories:
            gl = (60, 60, 70)
            if side:
                pen.arc(hx + 0.5 * r, hy + 0.02 * r, 0.2 * r, 0.17 * r, 0, 360, 0.04 * r, gl)
                pen.line([(hx + 0.3 * r, hy + 0.05 * r), (hx - 0.05 * r, hy + 0.02 * r)], 0.035 * r, gl, raw=True)
            else:
                for s in (-1, 1):
                    pen.arc(hx + s * 0.36 * r, hy, 0.21 * r, 0.18 * r, 0, 360, 0.04 * r, gl)
                pen.line([(hx - 0.15 * r, hy + 0.03 * r), (hx + 0.15 * r, hy + 0.03 * r)], 0.035 * r, gl, raw=True)
        if "eyepatch" in design.accessories:  # black over one eye, its string round the head
            ex = hx + (0.48 * r if side else 0.36 * r)
            pen.line([(hx - 0.95 * r, hy + 0.45 * r), (ex, hy + 0.05 * r), (hx + (0.75 if side else 0.98) * r,
                      hy + 0.4 * r)], 0.06 * r, INK, raw=True)
            pen.ellipse(ex, hy, 0.2 * r, 0.18 * r, (30, 28, 32), False)
        if "earrings" in design.accessories and not side:
            for s in (-1, 1):
                pen.circle(hx + s * r * 0.97, hy - 0.25 * r, r * 0.07, col.extra)
    else:
        _animal_face(pen, spec, col, hx, hy, r, view, expression, closed)
    _hats(pen, design, col, hx, hy, r, view)


def _robot_head(pen: Pen, col: Colours, hx: float, hy: float, r: float, view: str, expression: str,
                closed: bool) -> None:
    """A box of a head: an antenna with a lamp, round lamp eyes, a grille of a mouth, bolts for ears."""
    metal, lamp = col.fur, col.accent
    pen.line([(hx, hy + 0.85 * r), (hx, hy + 1.35 * r)], 0.08 * r, shade(metal, 0.6))
    pen.circle(hx, hy + 1.4 * r, 0.17 * r, (235, 70, 70))
    for s in ((-1, 1) if view != "side" else (-1,)):
        pen.rrect(hx + s * 1.08 * r - 0.12 * r, hy + 0.25 * r, hx + s * 1.08 * r + 0.12 * r, hy - 0.25 * r, 0.05 * r,
                  shade(metal, 0.75))
    pen.rrect(hx - r, hy + 0.9 * r, hx + r, hy - 0.85 * r, 0.22 * r, metal)
    if view == "back":
        return
    side = view == "side"
    for ex in ((hx + 0.5 * r,) if side else (hx - 0.42 * r, hx + 0.42 * r)):
        pen.circle(ex, hy + 0.15 * r, 0.27 * r, WHITE, INK)
        if closed:
            pen.line([(ex - 0.2 * r, hy + 0.15 * r), (ex + 0.2 * r, hy + 0.15 * r)], 0.06 * r, INK, raw=True)
        else:
            pen.circle(ex, hy + 0.15 * r, 0.16 * r, lamp, False)
            pen.circle(ex + 0.05 * r, hy + 0.2 * r, 0.05 * r, WHITE, False)
    mx, my = hx + (0.45 * r if side else 0), hy - 0.45 * r
    if expression == "happy":
        pen.arc(mx, my + 0.1 * r, 0.35 * r, 0.2 * r, 200, 340, 0.07 * r, INK)
    else:
        mw = 0.3 * r if side else 0.45 * r
        pen.rrect(mx - mw, my + 0.1 * r, mx + mw, my - 0.1 * r, 0.04 * r, shade(metal, 0.55))
        for k in (-1, 0, 1):
            pen.line([(mx + k * mw * 0.45, my + 0.1 * r), (mx + k * mw * 0.45, my - 0.1 * r)], 0.03 * r, metal,
                     raw=True)


def _dark(rgb: RGB) -> bool:
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] < 125


def _hair_front(pen: Pen, design: CharacterDesign, hair: RGB, hx: float, hy: float, r: float, view: str) -> None:
    style = design.hair_style
    if style == "bald":
        if view == "side":
            pen.ellipse(hx - 0.55 * r, hy + 0.05 * r, 0.35 * r, 0.22 * r, hair, False)
        else:
            for s in (-1, 1):
                pen.ellipse(hx + s * 0.9 * r, hy + 0.12 * r, 0.18 * r, 0.26 * r, hair)
        return
    R = r * 1.06
    if view == "side":
        pts = arc_points(hx, hy, R, R, 40, 215, 20)
        pts += [(hx - 0.72 * r, hy - 0.45 * r), (hx - 0.45 * r, hy + 0.08 * r), (hx - 0.12 * r, hy + 0.4 * r),
                (hx + 0.28 * r, hy + 0.58 * r), (hx + 0.62 * r, hy + 0.66 * r)]
        pen.poly(pts, hair)
        if style == "spiky" and not {"cap", "hat"} & set(design.accessories):
            for k in range(4):
                a = math.radians(60 + k * 35)
                bx, by = hx + math.cos(a) * R, hy + math.sin(a) * R
                pen.poly([(bx - 0.15 * r, by), (bx + math.cos(a) * 0.35 * r, by + math.sin(a) * 0.35 * r),
                          (bx + 0.15 * r, by - 0.05 * r)], hair)
        return
    low = -0.15 if style in ("long", "bob", "pigtails", "braids", "ponytail", "curly") else 0.08
    pts = arc_points(hx, hy, R, R, -10 if low < 0 else 8, 190 if low < 0 else 172, 24)
    # a fringe that frames the face: down the sides, a soft wave across the forehead
    fringe = [(hx - 0.86 * r, hy + low * r), (hx - 0.62 * r, hy + 0.42 * r), (hx - 0.3 * r, hy + 0.36 * r),
              (hx - 0.05 * r, hy + 0.48 * r), (hx + 0.25 * r, hy + 0.34 * r), (hx + 0.6 * r, hy + 0.44 * r),
              (hx + 0.86 * r, hy + low * r)]
    pen.poly(pts + fringe, hair)
    if style == "spiky" and not {"cap", "hat"} & set(design.accessories):
        for k in range(5):
            a = math.radians(40 + k * 25)
            bx, by = hx + math.cos(a) * R * 0.95, hy + math.sin(a) * R * 0.95
            pen.poly([(bx - 0.14 * r, by), (bx + math.cos(a) * 0.32 * r, by + math.sin(a) * 0.32 * r),
                      (bx + 0.14 * r, by)], hair)
    if style == "ponytail":  # the band where the tail is tied
        pen.circle(hx + r * 0.78, hy + r * 0.7, r * 0.13, design_extra(design))
    if style in ("pigtails", "ponytail", "braids") or "bow" in design.accessories:
        if "bow" in design.accessories:
            bx, by = hx + 0.6 * r, hy + 0.8 * r
            extra = design_extra(design)
            pen.poly([(bx, by), (bx - 0.3 * r, by + 0.18 * r), (bx - 0.3 * r, by - 0.18 * r)], extra)
            pen.poly([(bx, by), (bx + 0.3 * r, by + 0.18 * r), (bx + 0.3 * r, by - 0.18 * r)], extra)
            pen.circle(bx, by, 0.08 * r, extra)
    if "flower" in design.accessories:
        fx, fy = hx - 0.65 * r, hy + 0.75 * r
        for k in range(5):
            a = math.radians(90 + k * 72)
            pen.circle(fx + math.cos(a) * 0.12 * r, fy + math.sin(a) * 0.12 * r, 0.1 * r, (250, 250, 250))
        pen.circle(fx, fy, 0.08 * r, (250, 200, 40))


def _hats(pen: Pen, design: CharacterDesign, col: Colours, hx: float, hy: float, r: float, view: str) -> None:
    acc = design.accessories
    extra = col.extra
    if "bow" in acc and view in ("side", "back"):  # the front view draws its bow with the fringe
        bx, by = hx + (-0.55 * r if view == "side" else -0.6 * r), hy + 0.8 * r  # back: the mirror of the front
        pen.poly([(bx, by), (bx - 0.3 * r, by + 0.18 * r), (bx - 0.3 * r, by - 0.18 * r)], extra)
        pen.poly([(bx, by), (bx + 0.3 * r, by + 0.18 * r), (bx + 0.3 * r, by - 0.18 * r)], extra)
        pen.circle(bx, by, 0.08 * r, extra)
    if "hat" in acc:
        pen.ellipse(hx, hy + 0.65 * r, 1.35 * r, 0.22 * r, extra)
        pen.rrect(hx - 0.75 * r, hy + 1.35 * r, hx + 0.75 * r, hy + 0.62 * r, 0.2 * r, extra)
        pen.rrect(hx - 0.75 * r, hy + 0.85 * r, hx + 0.75 * r, hy + 0.68 * r, 0.02 * r, shade(extra, 0.7))
    if "cap" in acc:
        pts = arc_points(hx, hy + 0.35 * r, 1.05 * r, 0.75 * r, 0, 180, 16)
        pen.poly(pts, extra)
        if view == "side":
            pen.ellipse(hx + 0.95 * r, hy + 0.38 * r, 0.55 * r, 0.1 * r, shade(extra, 0.85))
        elif view == "front":
            pen.ellipse(hx, hy + 0.33 * r, 0.85 * r, 0.16 * r, shade(extra, 0.85))
    if "crown" in acc:  # big enough that a king reads as a king at scene size
        base = hy + 0.74 * r
        pts = [(hx - 0.72 * r, base), (hx - 0.78 * r, base + 0.68 * r), (hx - 0.38 * r, base + 0.34 * r),
               (hx, base + 0.78 * r), (hx + 0.38 * r, base + 0.34 * r), (hx + 0.78 * r, base + 0.68 * r),
               (hx + 0.72 * r, base)]
        pen.poly(pts, (245, 195, 50))
        for px_ in (-0.78, 0.0, 0.78):
            pen.circle(hx + px_ * r, base + (0.78 if px_ == 0 else 0.68) * r, 0.09 * r, (245, 195, 50), False)
        pen.circle(hx, base + 0.2 * r, 0.11 * r, (220, 40, 70))
    if "headband" in acc:
        pen.arc(hx, hy, r * 1.02, r * 1.02, 25, 155, 0.14 * r, extra)
    side = view == "side"
    if "pointed hat" in acc:  # a wizard's or a witch's: a tall cone, its tip bent back, on a wide brim
        lean = -0.45 * r if side else 0.3 * r
        pen.poly([(hx - 0.72 * r, hy + 0.66 * r), (hx - 0.2 * r + lean * 0.4, hy + 1.75 * r), (hx + lean, hy + 2.45 * r),
                  (hx + 0.12 * r + lean * 0.5, hy + 1.7 * r), (hx + 0.72 * r, hy + 0.66 * r)], extra)
        pen.ellipse(hx, hy + 0.64 * r, 1.5 * r, 0.22 * r, extra)
        if not _dark(extra):  # a wizard's stars
            for dx, dy, k in ((-0.25, 1.05, 0.13), (0.2, 1.4, 0.1), (-0.02, 1.85, 0.08)):
                _star(pen, hx + dx * r + lean * (dy - 0.66) / 1.8, hy + dy * r, k * r, (250, 215, 70))
        else:  # a witch's: a band round the crown
            pen.rrect(hx - 0.66 * r, hy + 0.98 * r, hx + 0.66 * r, hy + 0.76 * r, 0.03 * r, (140, 80, 190), False)
    if "tricorn" in acc:  # a pirate's: black, turned up at the sides, a white skull in front
        black, gold = (40, 36, 40), (220, 180, 70)
        pen.poly(arc_points(hx, hy + 0.62 * r, 0.78 * r, 0.7 * r, 0, 180, 14), black)
        pen.poly([(hx - 1.4 * r, hy + 1.3 * r), (hx - 0.95 * r, hy + 0.55 * r), (hx + 0.95 * r, hy + 0.55 * r),
                  (hx + 1.4 * r, hy + 1.3 * r), (hx + 0.5 * r, hy + 0.98 * r), (hx, hy + 1.12 * r),
                  (hx - 0.5 * r, hy + 0.98 * r)], black)
        pen.line([(hx - 1.3 * r, hy + 1.22 * r), (hx - 0.5 * r, hy + 0.92 * r), (hx, hy + 1.05 * r),
                  (hx + 0.5 * r, hy + 0.92 * r), (hx + 1.3 * r, hy + 1.22 * r)], 0.07 * r, gold, raw=True)
        if view != "back":
            pen.circle(hx + (0.3 * r if side else 0), hy + 0.8 * r, 0.16 * r, WHITE, False)
            pen.rrect(hx - 0.08 * r + (0.3 * r if side else 0), hy + 0.7 * r, hx + 0.08 * r + (0.3 * r if side else 0),
                      hy + 0.6 * r, 0.02 * r, WHITE, False)
    if "helmet" in acc:  # a knight's: a steel dome and cheek guards round the face, a red plume on top
        steel = (176, 184, 196)
        pen.limb([(hx - 0.1 * r, hy + 1.0 * r), (hx - 0.35 * r, hy + 1.45 * r), (hx - 0.8 * r, hy + 1.5 * r)],
                 0.32 * r, (205, 45, 50))
        pen.poly(arc_points(hx, hy + 0.2 * r, 1.12 * r, 1.08 * r, 0, 180, 20), steel)
        if side:
            pen.poly([(hx - 1.12 * r, hy + 0.25 * r), (hx + 0.1 * r, hy + 0.25 * r), (hx + 0.05 * r, hy - 0.7 * r),
                      (hx - 1.0 * r, hy - 0.6 * r)], steel)
        else:
            for sx in (-1, 1):
                pen.poly([(hx + sx * 1.12 * r, hy + 0.25 * r), (hx + sx * 0.68 * r, hy + 0.25 * r),
                          (hx + sx * 0.62 * r, hy - 0.68 * r), (hx + sx * 1.0 * r, hy - 0.6 * r)], steel)
            if view == "front":
                pen.rrect(hx - 0.07 * r, hy + 0.3 * r, hx + 0.07 * r, hy - 0.2 * r, 0.03 * r, steel)
        pen.line([(hx - 1.1 * r, hy + 0.28 * r), (hx + (0.15 if side else 1.1) * r, hy + 0.28 * r)], 0.06 * r,
                 shade(steel, 0.6), raw=True)
    if "fire helmet" in acc:  # red, a brim longer at the back, a gold shield in front
        red = (214, 40, 36)
        pen.ellipse(hx - (0.25 * r if side else 0), hy + 0.5 * r, 1.55 * r, 0.22 * r, shade(red, 0.85))
        pen.poly(arc_points(hx, hy + 0.52 * r, 1.02 * r, 0.95 * r, 0, 180, 18), red)
        pen.line([(hx - 0.1 * r, hy + 1.47 * r), (hx - 0.1 * r, hy + 0.6 * r)] if not side else
                 [(hx - 0.9 * r, hy + 0.9 * r), (hx - 0.1 * r, hy + 1.47 * r)], 0.08 * r, shade(red, 0.7), raw=True)
        if view != "back":
            bx = hx + (0.55 * r if side else 0)
            pen.poly([(bx - 0.25 * r, hy + 1.15 * r), (bx + 0.25 * r, hy + 1.15 * r), (bx + 0.2 * r, hy + 0.7 * r),
                      (bx, hy + 0.6 * r), (bx - 0.2 * r, hy + 0.7 * r)], (240, 195, 60))
    for cap, crown_rgb, band_rgb in (("police cap", (38, 56, 112), (25, 28, 40)),
                                     ("captain hat", (250, 250, 250), (30, 45, 95))):
        if cap in acc:  # a flat-topped peaked cap with a gold badge
            top = hy + 1.25 * r
            pen.poly([(hx - 0.88 * r, hy + 0.66 * r), (hx - 1.2 * r, top), (hx + 1.2 * r, top),
                      (hx + 0.88 * r, hy + 0.66 * r)], crown_rgb)
            pen.rrect(hx - 0.92 * r, hy + 0.9 * r, hx + 0.92 * r, hy + 0.62 * r, 0.04 * r, band_rgb)
            if side:
                pen.ellipse(hx + 0.95 * r, hy + 0.6 * r, 0.5 * r, 0.1 * r, (25, 25, 30))
            elif view == "front":
                pen.ellipse(hx, hy + 0.58 * r, 0.85 * r, 0.15 * r, (25, 25, 30))
            if view != "back":
                pen.circle(hx + (0.55 * r if side else 0), hy + 1.05 * r, 0.16 * r, (240, 195, 60))
    if "straw hat" in acc:  # a farmer's: a wide straw brim, a red band
        straw = (234, 200, 112)
        pen.ellipse(hx, hy + 0.62 * r, 1.75 * r, 0.3 * r, straw)
        pen.rrect(hx - 0.72 * r, hy + 1.3 * r, hx + 0.72 * r, hy + 0.6 * r, 0.28 * r, straw)
        pen.rrect(hx - 0.72 * r, hy + 0.86 * r, hx + 0.72 * r, hy + 0.66 * r, 0.02 * r, (200, 50, 45))
    if "chef hat" in acc:  # a tall white puff on a band
        for dx, dy, k in ((-0.45, 1.35, 0.48), (0.45, 1.35, 0.48), (0.0, 1.62, 0.58)):
            pen.circle(hx + dx * r, hy + dy * r, k * r, WHITE)
        pen.rrect(hx - 0.78 * r, hy + 1.15 * r, hx + 0.78 * r, hy + 0.6 * r, 0.06 * r, WHITE)
    if "nurse cap" in acc:  # a small white cap with a red cross
        pen.poly([(hx - 0.62 * r, hy + 0.78 * r), (hx - 0.45 * r, hy + 1.3 * r), (hx + 0.45 * r, hy + 1.3 * r),
                  (hx + 0.62 * r, hy + 0.78 * r)], WHITE)
        if view != "back":
            cx, cy = hx + (0.2 * r if side else 0), hy + 1.05 * r
            pen.rrect(cx - 0.2 * r, cy + 0.07 * r, cx + 0.2 * r, cy - 0.07 * r, 0.01 * r, (220, 40, 50), False)
            pen.rrect(cx - 0.07 * r, cy + 0.2 * r, cx + 0.07 * r, cy - 0.2 * r, 0.01 * r, (220, 40, 50), False)


def _star(pen: Pen, x: float, y: float, r: float, rgb: RGB) -> None:
    pts = []
    for k in range(10):
        a = math.radians(90 + k * 36)
        rr = r if k % 2 == 0 else r * 0.45
        pts.append((x + math.cos(a) * rr, y + math.sin(a) * rr))
    pen.poly(pts, rgb, False)


# --------------------------------------------------------------------------------------------------
# animal heads


def _animal_ears(pen: Pen, spec: KindSpec, col: Colours, hx: float, hy: float, r: float, view: str) -> None:
    ears = spec.ears
    fur, inner = col.fur, mix(col.accent, (240, 150, 160), 0.4)
    sides = (-1, 1) if view != "side" else (-1,)
    dx = 0.0 if view != "side" else -0.25
    for s in sides:
        bx = hx + s * 0.62 * r + (dx * r if view == "side" else 0)
        if ears == "pointy":
            tip = (bx + s * 0.2 * r, hy + 1.25 * r)
            pen.poly([(bx - 0.32 * r, hy + 0.55 * r), tip, (bx + 0.32 * r, hy + 0.55 * r)], fur)
            if view != "back":
                pen.poly([(bx - 0.16 * r, hy + 0.62 * r), (tip[0], tip[1] - 0.25 * r), (bx + 0.16 * r, hy + 0.62 * r)],
                         inner, False)
        elif ears == "fox":  # big triangles with dark backs: a fox listens
            tip = (bx + s * 0.22 * r, hy + 1.5 * r)
            pen.poly([(bx - 0.38 * r, hy + 0.5 * r), tip, (bx + 0.38 * r, hy + 0.5 * r)], fur)
            pen.poly([(tip[0] - 0.13 * r, tip[1] - 0.32 * r), tip, (tip[0] + 0.13 * r, tip[1] - 0.32 * r)], SOCK, False)
            if view != "back":
                pen.poly([(bx - 0.18 * r, hy + 0.6 * r), (tip[0], tip[1] - 0.4 * r), (bx + 0.18 * r, hy + 0.6 * r)],
                         WHITE, False)
        elif ears == "squirrel":  # small, rounded, a tuft on top
            ex, ey = bx + s * 0.05 * r, hy + 0.82 * r
            pen.poly([(ex - 0.08 * r, ey + 0.25 * r), (ex + s * 0.1 * r, ey + 0.55 * r), (ex + 0.1 * r, ey + 0.25 * r)],
                     shade(fur, 0.7), False)
            pen.ellipse(ex, ey, 0.2 * r, 0.32 * r, fur)
            if view != "back":
                pen.ellipse(ex, ey - 0.03 * r, 0.1 * r, 0.18 * r, inner, False)
        elif ears in ("round", "monkey", "mouse"):
            size = {"round": 0.3, "monkey": 0.3, "mouse": 0.45}[ears]
            ey = hy + (0.72 * r if ears != "monkey" else 0.0)
            ex = bx if ears != "monkey" else hx + s * 1.0 * r
            pen.circle(ex, ey, size * r, fur)
            if view != "back":
                pen.circle(ex, ey, size * r * 0.6, inner if ears != "monkey" else col.accent, False)
        elif ears == "long":
            pen.ellipse(bx * 0.7 + hx * 0.3, hy + 1.35 * r, 0.22 * r, 0.75 * r, fur)
            if view != "back":
                pen.ellipse(bx * 0.7 + hx * 0.3, hy + 1.3 * r, 0.11 * r, 0.55 * r, inner, False)
        elif ears == "floppy":  # long and darker than the head, so the dog is not taken for a teddy bear
            pen.ellipse(hx + s * 0.9 * r + (dx * r), hy - 0.1 * r, 0.3 * r, 0.62 * r, shade(fur, 0.66))
        elif ears == "pig":
            pen.poly([(bx - 0.25 * r, hy + 0.6 * r), (bx + s * 0.35 * r, hy + 1.05 * r), (bx + 0.25 * r, hy + 0.6 * r)],
                     fur)
        elif ears == "small":
            pen.poly([(bx - 0.15 * r, hy + 0.7 * r), (bx, hy + 1.15 * r), (bx + 0.15 * r, hy + 0.7 * r)], fur)
        elif ears == "horns":
            pen.limb([(bx, hy + 0.7 * r), (bx + s * 0.35 * r, hy + 1.05 * r)], 0.14 * r, (240, 230, 200))
            pen.ellipse(hx + s * 1.05 * r, hy + 0.35 * r, 0.32 * r, 0.16 * r, fur)
        elif ears == "elephant":
            pen.ellipse(hx + s * 0.95 * r + dx * r, hy - 0.05 * r, 0.6 * r, 0.75 * r, shade(fur, 0.92))
        elif ears == "koala":  # big round fluffy ears, white inside
            ex, ey = hx + s * 0.9 * r + dx * r, hy + 0.55 * r
            pen.circle(ex, ey, 0.5 * r, fur)
            if view != "back":
                pen.circle(ex + s * 0.05 * r, ey - 0.03 * r, 0.32 * r, mix(fur, WHITE, 0.7), False)
        elif ears == "monster":  # two little horns and a tuft between them
            ox = bx + (0.25 * r if view == "side" else -s * 0.12 * r)
            pen.poly([(ox - 0.16 * r, hy + 0.7 * r), (ox + s * 0.12 * r, hy + 1.4 * r), (ox + 0.16 * r, hy + 0.72 * r)],
                     HORN)
            if s == -1:
                for k in range(3):
                    tx = hx + (k - 1) * 0.25 * r + (-0.1 * r if view == "side" else 0)
                    pen.poly([(tx - 0.16 * r, hy + 0.8 * r), (tx + 0.05 * r, hy + 1.25 * r), (tx + 0.16 * r, hy + 0.8 * r)],
                             fur)
        elif ears == "dragon":  # horns swept back and a spiny frill behind the jaw
            ox = bx + (0.3 * r if view == "side" else -s * 0.15 * r)
            back = -1 if view == "side" else s
            pen.limb([(ox, hy + 0.6 * r), (ox + back * 0.35 * r, hy + 1.15 * r), (ox + back * 0.7 * r, hy + 1.3 * r)],
                     0.16 * r, HORN)
            fx = hx + (-0.55 * r if view == "side" else s * 0.85 * r)
            pen.poly([(fx, hy + 0.3 * r), (fx + back * 0.55 * r, hy + 0.1 * r), (fx, hy - 0.05 * r),
                      (fx + back * 0.45 * r, hy - 0.3 * r), (fx - back * 0.1 * r, hy - 0.35 * r)], col.accent)
        elif ears == "ossicones":  # a giraffe's two knobbed horns, small ears out to the side
            for k in ((-0.12, 0.12) if view == "side" else (0.0,)):
                ox = bx + k * r + (0.15 * r if view == "side" else -s * 0.25 * r)
                pen.limb([(ox, hy + 0.6 * r), (ox - 0.05 * r, hy + 1.45 * r)], 0.16 * r, fur)
                pen.circle(ox - 0.05 * r, hy + 1.5 * r, 0.14 * r, HOOF)
            pen.poly(_rot_ellipse(hx + s * 0.9 * r + dx * r, hy + 0.55 * r, 0.36 * r, 0.14 * r, s * 25), fur)
        elif ears == "goat":  # horns sweeping back, ears sticking out sideways
            ox = bx + (0.25 * r if view == "side" else -s * 0.3 * r)
            back = -1 if view == "side" else s
            pen.limb([(ox, hy + 0.65 * r), (ox + back * 0.2 * r, hy + 1.2 * r), (ox + back * 0.55 * r, hy + 1.35 * r)],
                     0.22 * r, HORN)
            pen.poly(_rot_ellipse(hx + s * 0.95 * r + dx * r, hy + 0.25 * r, 0.42 * r, 0.15 * r, s * -15), fur)
        elif ears == "donkey":  # long upright ears with dark tips
            ex, ey = bx * 0.8 + hx * 0.2 + (0.1 * r if view == "side" else 0), hy + 1.25 * r
            ang = 12 if view == "side" else -s * 16
            pen.poly(_rot_ellipse(ex, ey, 0.2 * r, 0.78 * r, ang), fur)
            tip = _turn([(ex, ey + 0.62 * r)], (ex, ey), ang)[0]
            pen.poly(_rot_ellipse(tip[0], tip[1], 0.14 * r, 0.16 * r, ang), shade(fur, 0.45), False)
            if view != "back":
                pen.poly(_rot_ellipse(ex, ey - 0.05 * r, 0.09 * r, 0.5 * r, ang), mix(fur, WHITE, 0.55), False)
    if spec.marks == "mane" and view != "back":
        for k in range(12):
            a = math.radians(k * 30)
            pen.circle(hx + math.cos(a) * r * 1.05, hy + math.sin(a) * r * 1.05, r * 0.42, (200, 120, 40))


def _animal_face(pen: Pen, spec: KindSpec, col: Colours, hx: float, hy: float, r: float, view: str,
                 expression: str, closed: bool) -> None:
    side = view == "side"
    accent = col.accent
    mask = spec.marks == "mask"
    whiskers = spec.params.get("whiskers") or (spec.ears == "pointy" and spec.snout < 0.4)
    if mask:  # a raccoon's black band over the eyes, white above it
        if side:
            pen.ellipse(hx + 0.32 * r, hy + 0.32 * r, 0.42 * r, 0.16 * r, WHITE, False)
            pen.poly(_rot_ellipse(hx + 0.3 * r, hy + 0.02 * r, 0.5 * r, 0.24 * r, -8), MASK, False)
        else:
            pen.ellipse(hx, hy + 0.36 * r, 0.75 * r, 0.17 * r, WHITE, False)
            for s in (-1, 1):
                pen.poly(_rot_ellipse(hx + s * 0.42 * r, hy + 0.04 * r, 0.4 * r, 0.25 * r, s * -12), MASK, False)
    if spec.marks == "stripes":
        for s in (-1, 1):
            pen.line([(hx + s * 0.85 * r, hy + 0.2 * r), (hx + s * 0.55 * r, hy + 0.15 * r)], 0.07 * r, INK)
        pen.line([(hx, hy + 0.95 * r), (hx, hy + 0.65 * r)], 0.07 * r, INK)
    if spec.ears == "monkey":
        pen.ellipse(hx + (0.2 * r if side else 0), hy - 0.05 * r, 0.75 * r, 0.7 * r, accent, False)
    snout = spec.snout
    if spec.params.get("fangs"):  # a friendly monster: big eyes, a wide smile with two little fangs
        mx, my = hx + (0.55 * r if side else 0), hy - 0.45 * r
        if side:
            _face_side(pen, hx, hy + 0.1 * r, r, expression, col.eye, closed, cheeks=False, eye_dx=0.45, mouth=False,
                       eye_scale=spec.params.get("eye_scale", 1.0))
        else:
            # its small mouth falls under the big one drawn next
            _face_front(pen, hx, hy + 0.15 * r, r, expression, col.eye, closed, cheeks=False, mouth_dy=-0.6,
                        eye_scale=spec.params.get("eye_scale", 1.0), eye_dx=0.4)
        w = 0.28 * r if side else 0.45 * r
        if expression in ("sad", "scared", "angry"):
            pen.arc(mx, my - 0.12 * r, w * 0.8, 0.12 * r, 20, 160, 0.05 * r, INK)
            return
        pen.poly(arc_points(mx, my + 0.08 * r, w, 0.28 * r, 180, 360, 14), MOUTH, INK)
        for k in ((-1, 1) if not side else (1,)):
            fx = mx + k * w * 0.5
            pen.poly([(fx - 0.07 * r, my + 0.07 * r), (fx + 0.07 * r, my + 0.07 * r), (fx, my - 0.1 * r)], WHITE, False)
        return
    if spec.marks == "koala":  # a big dark nose in the middle of the face
        if side:
            pen.ellipse(hx + 0.75 * r, hy - 0.22 * r, 0.3 * r, 0.4 * r, MASK)
            _face_side(pen, hx, hy, r, expression, col.eye, closed, cheeks=False, eye_dx=0.35, mouth=False)
        else:
            pen.ellipse(hx, hy - 0.25 * r, 0.3 * r, 0.4 * r, MASK)
            _face_front(pen, hx, hy + 0.05 * r, r, expression, col.eye, closed, cheeks=False, mouth_dy=-0.85,
                        eye_dx=0.48)
        return
    if spec.marks == "hippo":  # a wide round muzzle, nostrils on top
        if side:
            pen.ellipse(hx + 0.85 * r, hy - 0.3 * r, 0.75 * r, 0.6 * r, col.fur)
            pen.ellipse(hx + 1.3 * r, hy + 0.15 * r, 0.09 * r, 0.06 * r, INK, False)
            pen.arc(hx + 1.0 * r, hy - 0.5 * r, 0.4 * r, 0.2 * r, 200, 320, 0.035 * r, INK)
            _face_side(pen, hx, hy + 0.2 * r, r, expression, col.eye, closed, cheeks=True, eye_dx=0.3, mouth=False)
        else:
            pen.ellipse(hx, hy - 0.45 * r, 0.85 * r, 0.55 * r, mix(col.fur, col.accent, 0.5))
            for sx in (-1, 1):
                pen.ellipse(hx + sx * 0.3 * r, hy - 0.3 * r, 0.08 * r, 0.06 * r, INK, False)
            _face_front(pen, hx, hy + 0.3 * r, r, expression, col.eye, closed, cheeks=True, mouth_dy=-1.05,
                        eye_dx=0.4)
        return
    if side:
        if spec.marks == "trunk":
            pen.limb([(hx + 0.7 * r, hy - 0.1 * r), (hx + 1.2 * r, hy - 0.5 * r), (hx + 1.25 * r, hy - 1.0 * r)],
                     0.3 * r, col.fur)
        elif spec.marks == "horse" or spec.params.get("long_muzzle"):  # a long soft muzzle
            pen.ellipse(hx + 0.8 * r, hy - 0.38 * r, 0.68 * r, 0.42 * r, _muzzle_rgb(spec, col))
            pen.ellipse(hx + 1.25 * r, hy - 0.35 * r, 0.07 * r, 0.05 * r, INK, False)
            if spec.params.get("zebra"):
                for k in range(3):
                    x = hx + (0.05 + 0.2 * k) * r
                    pen.line([(x, hy + 0.75 * r - 0.1 * k * r), (x + 0.12 * r, hy - 0.15 * r)], 0.09 * r, INK)
            if spec.marks == "beard":
                pen.poly([(hx + 0.55 * r, hy - 0.7 * r), (hx + 0.95 * r, hy - 0.72 * r), (hx + 0.62 * r, hy - 1.35 * r)],
                         col.accent)
            snout = 0
        elif snout >= 0.75:  # fox, wolf: a long pointed muzzle, pale underneath, the nose at its tip
            tip = (hx + (0.55 + snout * 1.05) * r, hy - 0.28 * r)
            pen.poly([(hx + 0.2 * r, hy + 0.22 * r), tip, (tip[0] - 0.1 * r, tip[1] - 0.1 * r),
                      (hx + 0.2 * r, hy - 0.62 * r)], col.fur)
            pen.poly([(hx + 0.1 * r, hy - 0.25 * r), (tip[0] - 0.12 * r, tip[1] - 0.06 * r),
                      (tip[0] - 0.2 * r, tip[1] - 0.14 * r), (hx + 0.05 * r, hy - 0.7 * r), (hx - 0.35 * r, hy - 0.6 * r)],
                     accent, False)
            pen.circle(tip[0] - 0.03 * r, tip[1], 0.11 * r, INK, False)
            snout = 0.7  # the mouth below sits back under the muzzle
        elif snout > 0:
            pen.ellipse(hx + (0.6 + snout * 0.5) * r, hy - 0.3 * r, (0.3 + snout * 0.45) * r, 0.3 * r, accent)
            nose = (230, 120, 140) if spec.marks == "pig" else INK
            pen.circle(hx + (0.6 + snout * 1.0) * r, hy - 0.2 * r, 0.11 * r, nose, False)
            if spec.params.get("teeth"):  # a beaver's two front teeth
                pen.rrect(hx + (0.48 + snout) * r, hy - 0.38 * r, hx + (0.72 + snout) * r, hy - 0.7 * r, 0.04 * r,
                          WHITE)
            if whiskers:  # whiskers say cat (otter, raccoon) from the side too
                for k in (-1, 1):
                    pen.line([(hx + 0.75 * r, hy - 0.32 * r), (hx + 1.35 * r, hy - 0.3 * r + k * 0.12 * r)], 0.022 * r,
                             INK, alpha=170, raw=True)
        _face_side(pen, hx, hy, r, expression, col.eye, closed, cheeks=spec.marks == "pig", eye_dx=0.38,
                   mouth=False, eye_scale=spec.params.get("eye_scale", 1.35), ring=mask)
        if snout > 0:  # the mouth under the muzzle says the mood from the side too
            mx, my = hx + (0.55 + snout * 0.5) * r, hy - 0.45 * r
            if expression == "happy":
                if spec.ears == "floppy" and spec.marks != "wool":  # a happy dog pants
                    pen.ellipse(mx + 0.02 * r, my - 0.12 * r, 0.12 * r, 0.19 * r, TONGUE)
                pen.arc(mx, my + 0.03 * r, 0.15 * r, 0.08 * r, 200, 320, 0.035 * r, INK)
            elif expression in ("sad", "angry"):
                pen.arc(mx, my - 0.06 * r, 0.12 * r, 0.06 * r, 30, 150, 0.035 * r, INK)
            elif expression in ("surprised", "scared"):
                pen.ellipse(mx, my - 0.04 * r, 0.06 * r, 0.08 * r, MOUTH, INK)
        return
    # front
    if spec.marks == "trunk":
        pen.limb([(hx, hy - 0.1 * r), (hx, hy - 0.7 * r), (hx + 0.15 * r, hy - 1.05 * r)], 0.3 * r, col.fur)
        _face_front(pen, hx, hy + 0.1 * r, r, expression, col.eye, closed, cheeks=False, mouth_dy=-2)
        return
    if spec.ears == "fox":
        for sx in (-1, 1):
            pen.poly([(hx + sx * 0.25 * r, hy - 0.05 * r), (hx + sx * 1.08 * r, hy - 0.35 * r),
                      (hx + sx * 0.3 * r, hy - 0.72 * r)], accent, False)
    muz_ry = 0.26 * r + snout * 0.06 * r
    if spec.marks == "horse":
        accent = shade(col.fur, 1.12)
    pen.ellipse(hx, hy - 0.32 * r, 0.4 * r + snout * 0.05 * r, muz_ry, accent, False if spec.marks != "pig" else True)
    if spec.marks == "pig":
        for s in (-1, 1):
            pen.ellipse(hx + s * 0.12 * r, hy - 0.32 * r, 0.05 * r, 0.08 * r, shade(accent, 0.6), False)
    else:
        pen.ellipse(hx, hy - 0.2 * r, 0.13 * r, 0.09 * r, INK if spec.marks != "pig" else (230, 120, 140), False)
    if expression == "happy" and spec.ears == "floppy" and spec.marks != "wool":  # a happy dog pants
        pen.ellipse(hx, hy - 0.62 * r, 0.14 * r, 0.2 * r, TONGUE)
    _face_front(pen, hx, hy + 0.05 * r, r, expression, col.eye, closed, cheeks=spec.marks == "pig",
                mouth_dy=-0.47, eye_dx=0.38, ring=mask, eye_scale=spec.params.get("eye_scale", 1.0))
    if spec.params.get("teeth"):
        for s in (-1, 1):
            pen.rrect(hx + s * 0.1 * r, hy - 0.36 * r, hx, hy - 0.62 * r, 0.03 * r, WHITE)
    if whiskers:
        for s in (-1, 1):
            for k in (-1, 1):
                pen.line([(hx + s * 0.3 * r, hy - 0.3 * r), (hx + s * 0.85 * r, hy - 0.3 * r + k * 0.08 * r)], 0.02 * r,
                         INK, alpha=160, raw=True)


# --------------------------------------------------------------------------------------------------
# four-legged animals


def draw_quadruped(pen: Pen, design: CharacterDesign, spec: KindSpec, pose: str, view: str, expression: str,
                   phase: float, blink: bool = False) -> tuple[float, float] | None:
    col = Colours(design, spec, False)
    long_legs = spec.params.get("long_legs", False)
    leg_h = 0.38 if long_legs else 0.22
    body_ry = 0.18 if long_legs else 0.22
    body_rx = 0.45 if long_legs else 0.4
    if spec.marks == "trunk":
        leg_h, body_ry, body_rx = 0.3, 0.3, 0.5
    head_r = (0.22 if long_legs else 0.26) if spec.marks != "trunk" else 0.28
    if spec.params.get("neck"):  # horse, cow, deer: a smaller head on a neck, with a long muzzle
        head_r = 0.17
    if spec.marks == "horse":
        body_rx, body_ry = 0.5, 0.21
    if spec.ears == "pig":
        body_ry, leg_h = 0.26, 0.18
    legw = (0.09 if long_legs else 0.12) if spec.marks != "trunk" else 0.15
    leg_h = spec.params.get("leg_h", leg_h)
    body_rx, body_ry = spec.params.get("body", (body_rx, body_ry))
    head_r = spec.params.get("head_r", head_r)
    reach = spec.params.get("neck_len", 0.0)  # how much further up the neck carries the head
    if spec.marks == "giraffe":
        head_r, legw = 0.13, 0.075
    zebra = bool(spec.params.get("zebra"))
    patch = mix(shade(col.fur, 0.6), (140, 70, 30), 0.5)  # a giraffe's blotches
    s = math.sin(2 * math.pi * phase)
    swing = {"walk": 22, "run": 40}.get(pose, 0)
    bob = {"walk": 0.01, "run": 0.03}.get(pose, 0.0) * abs(math.cos(2 * math.pi * phase))
    body_y = leg_h + body_ry + bob
    sit = pose in ("sit", "kneel", "sitfloor")
    lie = pose == "lie"
    if lie:
        body_y = body_ry * 0.95
    fur = col.fur
    dark = shade(fur, 0.84)
    wool = spec.marks == "wool"
    body_rgb = fur if not wool else (250, 250, 245)
    limb_rgb = fur if not wool else shade(col.accent, 1.0)
    socks = bool(spec.params.get("socks"))
    if view == "side":
        tilt = 0.18 if sit else 0.0

        def leg(x: float, ang: float, rgb: RGB) -> None:
            if lie:
                return
            top = (x, body_y - body_ry * 0.3 + (tilt * x if sit else 0))
            if sit and x < 0:
                pen.ellipse(x + 0.05, leg_h * 0.45, 0.14, 0.12, rgb)
                pen.ellipse(x + 0.16, 0.03, 0.09, 0.035, rgb)
                return
            a = math.radians(ang)
            foot = (top[0] + math.sin(a) * (top[1] - 0.02), max(0.02, top[1] - math.cos(a) * (top[1] - 0.02)))
            pen.limb([top, foot], legw, rgb)
            if zebra:
                _leg_bands(pen, top, foot, legw)
            if socks:  # a fox's dark stockings
                mid = ((top[0] + foot[0] * 1.3) / 2.3, (top[1] + foot[1] * 1.3) / 2.3)
                pen.limb([mid, foot], legw * 0.96, SOCK, False)
            pen.ellipse(foot[0] + 0.025, foot[1], legw * 0.65, legw * 0.4, SOCK if socks else shade(rgb, 0.9))

        neck = spec.params.get("neck", False)
        if sit and not lie:
            hx, hy = _quad_sitting(pen, spec, col, body_rgb, limb_rgb, leg_h, body_rx, body_ry, legw, head_r, phase,
                                   pose)
            cy = hy - body_ry * 1.05 - spec.params.get("neck_len", 0.0)
        else:
            # far legs, tail, body, near legs, head
            leg(body_rx * 0.55 + 0.05, -swing * s, shade(limb_rgb, 0.84))
            leg(-body_rx * 0.6 + 0.05, swing * s, shade(limb_rgb, 0.84))
            _quad_tail(pen, spec, col, (-body_rx * 0.95, body_y + body_ry * 0.3 - (0.12 if sit else 0)), "side", phase,
                       pose)
            cy = body_y + (0.05 if sit else 0)
            if spec.marks == "hump":
                pen.ellipse(-body_rx * 0.05, cy + body_ry * 0.85, body_rx * 0.48, body_ry * 0.95, body_rgb)
            if wool:
                for k in range(9):
                    a = math.radians(k * 40)
                    pen.circle(math.cos(a) * body_rx * 0.78, cy + math.sin(a) * body_ry * 0.7, body_ry * 0.5, body_rgb)
            if spec.params.get("spikes"):  # a row of spikes down the back
                for k in range(6):
                    a = math.radians(140 - k * 18)
                    bx, by = math.cos(a) * body_rx, cy + math.sin(a) * body_ry
                    pen.poly([(bx - 0.045, by - 0.01), (bx - 0.01, by + 0.09), (bx + 0.045, by - 0.01)], _spike_rgb(col))
            pen.ellipse(0, cy, body_rx, body_ry, body_rgb)
            if spec.marks == "hump":  # the hump and the back are one outline
                o = pen.ow / pen.k
                pen.ellipse(-body_rx * 0.05, cy + body_ry * 0.85, body_rx * 0.48 - o, body_ry * 0.95 - o, body_rgb,
                            False)
            if spec.marks == "giraffe":
                for u, v in GIRAFFE_SPOTS:
                    _blob(pen, u * body_rx, cy + v * body_ry, 0.052, patch)
            if zebra:
                for k in range(7):
                    x = -body_rx * 0.78 + k * body_rx * 0.25
                    half = body_ry * math.sqrt(max(0.0, 1 - (x / body_rx) ** 2))
                    pen.limb([(x, cy + half * 0.96), (x + 0.02, cy - half * 0.55)], 0.035, INK, False)
            if spec.marks in ("belly", "tip", "stripes-light", "spots") or spec.marks == "stripes":
                pen.ellipse(0.02, cy - body_ry * 0.45, body_rx * 0.75, body_ry * 0.45, col.accent, False)
            if spec.marks == "stripes":
                for k in range(5):
                    x = -body_rx * 0.6 + k * body_rx * 0.3
                    pen.limb([(x, cy + body_ry * 0.95), (x - 0.04, cy + body_ry * 0.2)], 0.04, INK, False)
            if spec.marks == "stripes-light":
                for k in range(3):
                    x = -body_rx * 0.4 + k * body_rx * 0.35
                    pen.limb([(x, cy + body_ry * 0.9), (x - 0.03, cy + body_ry * 0.35)], 0.045, shade(fur, 0.8), False)
            if spec.marks == "patches":
                pen.ellipse(-body_rx * 0.3, cy + body_ry * 0.25, body_rx * 0.3, body_ry * 0.5, INK, False)
                pen.ellipse(body_rx * 0.45, cy - body_ry * 0.1, body_rx * 0.18, body_ry * 0.35, INK, False)
            if spec.marks == "spots":
                for k in range(5):
                    pen.circle(-body_rx * 0.5 + k * body_rx * 0.25, cy + body_ry * (0.4 if k % 2 else 0.1), 0.03,
                               WHITE, False)
            leg(body_rx * 0.55 - 0.02, swing * s, limb_rgb)
            leg(-body_rx * 0.6 - 0.02, -swing * s, limb_rgb)
            neck = spec.params.get("neck", False)
            hx = body_rx * (0.85 if not neck else 1.0) + reach * 0.3
            hy = cy + body_ry * (1.05 if not neck else 1.9) + (0.1 if sit else 0) + reach
            if lie:
                hy = cy + body_ry * 0.7 + reach * 0.8
        if neck:
            base = (body_rx * 0.6, cy + body_ry * 0.3)
            if spec.marks == "giraffe":  # a short brown mane down the back of the neck
                pen.limb([(base[0] - 0.05, base[1] + body_ry * 0.5), (hx - head_r * 0.7, hy + head_r * 0.3)], 0.05,
                         patch)
            if spec.params.get("thick_neck"):  # a dinosaur's: thick at the shoulders, curving up to a small head
                _sausage(pen, [base, (base[0] + (hx - base[0]) * 0.75, base[1] + (hy - base[1]) * 0.3),
                               (hx + 0.04, base[1] + (hy - base[1]) * 0.7), (hx, hy)], [0.15, 0.11, 0.085, 0.08], [fur])
            else:
                pen.limb([base, (hx, hy)], head_r * (1.35 if spec.marks == "horse" else 1.1), fur)
            if spec.marks == "horse":
                pen.limb([(body_rx * 0.45, cy + body_ry * 0.9), (hx - head_r * 0.6, hy + head_r * 0.6)], 0.06,
                         col.accent)
            if spec.marks == "giraffe":
                for t in (0.25, 0.5, 0.75):
                    _blob(pen, base[0] + (hx - base[0]) * t, base[1] + (hy - base[1]) * t, 0.038, patch)
            if zebra:
                _leg_bands(pen, base, (hx, hy), head_r * 1.35, n=4)
        if spec.marks == "mane":
            _animal_ears(pen, spec, col, hx, hy, head_r, "front")
        if spec.params.get("antlers"):
            for k in (-0.1, 0.05):
                pen.limb([(hx + k * 1.0, hy + head_r * 0.8), (hx + k - 0.05, hy + head_r * 2.0),
                          (hx + k - 0.12, hy + head_r * 2.3)], 0.025, (150, 110, 70))
        if spec.marks == "wool":
            for k in range(5):
                a = math.radians(40 + k * 25)
                pen.circle(hx + math.cos(a) * head_r * 0.8, hy + math.sin(a) * head_r * 0.8, head_r * 0.35,
                           body_rgb)
        headcol = col.accent if wool else fur
        saved = col.fur
        col.fur = headcol
        _animal_ears(pen, spec, col, hx, hy, head_r, "side")
        pen.circle(hx, hy, head_r, headcol)
        _animal_face(pen, spec, col, hx, hy, head_r, "side", expression, blink)
        if spec.params.get("horn"):
            _horn(pen, (hx + head_r * 0.3, hy + head_r * 0.75), (hx + head_r * 0.85, hy + head_r * 2.3), head_r)
        col.fur = saved
        return (hx + head_r, hy - head_r * 0.4)
    # front / back views
    back = view == "back"
    brx = body_ry * 1.45
    cy = body_y
    if not back and spec.tail in ("bushy", "brush", "thin", "upright", "horse", "dino", "dragon"):
        _quad_tail(pen, spec, col, (brx * 0.6, cy + body_ry * 0.1), "front", phase, pose)
    if not lie:  # hind legs peek out behind the body
        for sx in (-1, 1):
            x = sx * brx * 0.72
            pen.limb([(x, cy - body_ry * 0.2), (x, 0.04)], legw * 0.95, shade(limb_rgb, 0.84) if not socks else SOCK)
            pen.ellipse(x, 0.04, legw * 0.62, legw * 0.4, shade(limb_rgb, 0.8) if not socks else SOCK)
    if spec.marks == "hump":  # seen over the shoulders
        pen.ellipse(0, cy + body_ry * 0.9, brx * 0.7, body_ry * 0.9, body_rgb)
    if back:
        hx, hy = 0.0, cy + body_ry * 1.5 + (reach + 0.15 if spec.params.get("neck") else 0)
        if spec.params.get("neck"):
            pen.limb([(0, cy + body_ry * 0.5), (0, hy)], head_r * 0.9, fur)
        _animal_ears(pen, spec, col, hx, hy, head_r, "back")
        pen.circle(hx, hy, head_r, fur)
    if wool:
        for k in range(8):
            a = math.radians(k * 45)
            pen.circle(math.cos(a) * brx * 0.8, cy + math.sin(a) * body_ry * 0.8, body_ry * 0.5, body_rgb)
    pen.ellipse(0, cy, brx, body_ry * 1.1, body_rgb)
    if zebra:
        for k in range(5):
            x = -brx * 0.8 + k * brx * 0.4
            half = body_ry * 1.1 * math.sqrt(max(0.0, 1 - (x / brx) ** 2))
            pen.limb([(x, cy + half * 0.95), (x, cy - half * 0.6)], 0.035, INK, False)
    if spec.marks == "giraffe":
        for u, v in GIRAFFE_SPOTS[::2]:
            _blob(pen, u * brx, cy + v * body_ry, 0.05, patch)
    if not back and spec.marks not in ("patches", "wool", "horse", "giraffe", "hump"):
        pen.ellipse(0, cy - body_ry * 0.2, brx * 0.55, body_ry * 0.75, col.accent, False)
    lift = [0.06 * max(0, s), 0.06 * max(0, -s)] if pose in ("walk", "run") else [0, 0]
    if not lie:
        for i, sx in enumerate((-1, 1)):
            x = sx * brx * 0.36
            top = cy - body_ry * 0.1
            foot = (x, 0.035 + lift[i])
            pen.limb([(x, top), foot], legw * 1.1, limb_rgb)
            if zebra:
                _leg_bands(pen, (x, top), foot, legw * 1.1)
            if socks:
                pen.limb([(x, (top + foot[1]) / 2), foot], legw * 1.06, SOCK, False)
            pen.ellipse(foot[0], foot[1], legw * 0.72, legw * 0.45, SOCK if socks else shade(limb_rgb, 0.92))
    if back:
        _quad_tail(pen, spec, col, (0.0, cy + body_ry * 0.4), "back", phase, pose)
        return None
    hx, hy = 0.0, cy + body_ry * 1.05
    head_r *= 1.1
    if spec.params.get("neck"):
        hy += 0.15 + reach
        pen.limb([(0, cy + body_ry * 0.5), (0, hy)], head_r * (1.3 if spec.params.get("thick_neck") else 0.9), fur)
        if spec.marks == "giraffe":
            for t in (0.3, 0.6):
                _blob(pen, 0.0, cy + body_ry * 0.5 + (hy - cy - body_ry * 0.5) * t, 0.035, patch)
        if zebra:
            _leg_bands(pen, (0, cy + body_ry * 0.5), (0, hy), head_r * 0.9, n=4)
    if spec.params.get("antlers"):
        for sx in (-1, 1):
            pen.limb([(sx * head_r * 0.4, hy + head_r * 0.8), (sx * head_r * 0.9, hy + head_r * 1.9),
                      (sx * head_r * 1.3, hy + head_r * 2.2)], 0.025, (150, 110, 70))
    if spec.marks == "wool":
        for k in range(6):
            a = math.radians(20 + k * 28)
            pen.circle(hx + math.cos(a) * head_r * 0.85, hy + math.sin(a) * head_r * 0.85, head_r * 0.36, body_rgb)
    headcol = col.accent if wool else fur
    saved = col.fur
    col.fur = headcol
    _animal_ears(pen, spec, col, hx, hy, head_r, "front")
    if spec.marks in ("horse", "patches") or spec.params.get("long_muzzle"):
        _long_face_front(pen, spec, col, hx, hy, head_r, expression, blink)
    else:
        pen.circle(hx, hy, head_r, headcol)
        _animal_face(pen, spec, col, hx, hy, head_r, "front", expression, blink)
    col.fur = saved
    if "collar" in design.accessories:
        pen.rrect(-head_r * 0.7, hy - head_r * 0.85, head_r * 0.7, hy - head_r * 1.05, 0.02, col.extra)
    return (brx * 0.5, cy)


GIRAFFE_SPOTS = [(-0.62, 0.25), (-0.3, 0.5), (0.05, 0.42), (0.42, 0.35), (-0.45, -0.25), (-0.1, -0.05),
                 (0.28, -0.15), (0.65, -0.1)]


def _blob(pen: Pen, x: float, y: float, r: float, rgb: RGB) -> None:
    """A rounded, slightly irregular patch (a giraffe's blotch), no outline."""
    pts = [(x + r * (1 + 0.18 * math.sin(3 * k + x * 9)) * math.cos(k * math.pi / 3),
            y + r * (0.85 + 0.15 * math.cos(2 * k + y * 7)) * math.sin(k * math.pi / 3)) for k in range(6)]
    pen.poly(pts, rgb, False)


def _leg_bands(pen: Pen, top: tuple[float, float], foot: tuple[float, float], width: float, n: int = 3) -> None:
    """A zebra's black bands across a leg or the neck."""
    dx, dy = foot[0] - top[0], foot[1] - top[1]
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length * width * 0.5, dx / length * width * 0.5
    for k in range(n):
        t = (k + 0.6) / (n + 0.4)
        cx, cy = top[0] + dx * t, top[1] + dy * t
        pen.line([(cx - nx, cy - ny), (cx + nx, cy + ny)], width * 0.35, INK, raw=True)


def _horn(pen: Pen, base: tuple[float, float], tip: tuple[float, float], r: float) -> None:
    """A unicorn's golden horn with its spiral."""
    gold = (246, 204, 80)
    dx, dy = tip[0] - base[0], tip[1] - base[1]
    n = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / n * r * 0.2, dx / n * r * 0.2
    pen.poly([(base[0] - nx, base[1] - ny), tip, (base[0] + nx, base[1] + ny)], gold)
    for t in (0.25, 0.5, 0.72):
        w = 1 - t
        cx, cy = base[0] + dx * t, base[1] + dy * t
        pen.line([(cx - nx * w, cy - ny * w - 0.02 * r), (cx + nx * w, cy + ny * w + 0.06 * r)], 0.05 * r,
                 shade(gold, 0.7), raw=True)


def _spike_rgb(col: Colours) -> RGB:
    return mix(col.accent, (232, 110, 40), 0.55)


def _muzzle_rgb(spec: KindSpec, col: Colours) -> RGB:
    if spec.params.get("zebra"):
        return (62, 60, 62)
    if spec.params.get("pale_muzzle"):  # a donkey's white nose
        return mix(col.fur, WHITE, 0.72)
    return shade(col.fur, 1.12)


def _long_face_front(pen: Pen, spec: KindSpec, col: Colours, hx: float, hy: float, r: float, expression: str,
                     closed: bool) -> None:
    """A horse or a cow from the front: a long face with the muzzle at its foot (a round head reads as a bear)."""
    horse = spec.marks == "horse"
    long_muzzle = horse or spec.params.get("long_muzzle")
    if spec.marks == "beard":  # a goat's beard hangs below the chin
        pen.poly([(hx - r * 0.3, hy - r * 1.3), (hx + r * 0.3, hy - r * 1.3), (hx, hy - r * 2.15)], col.accent)
    pen.ellipse(hx, hy - r * 0.35, r * 0.8, r * 1.3, col.fur)
    if spec.params.get("zebra"):
        for k in range(4):
            y = hy + r * (0.6 - 0.32 * k)
            pen.arc(hx, y - r * 0.5, r * 0.78, r * 0.5, 35, 145, 0.13 * r, INK)
    muzzle = _muzzle_rgb(spec, col) if long_muzzle else col.accent
    pen.ellipse(hx, hy - r * 1.2, r * (0.66 if long_muzzle else 0.8), r * 0.48, muzzle)
    for sx in (-1, 1):
        pen.ellipse(hx + sx * r * 0.28, hy - r * 1.2, r * 0.1, r * 0.14, shade(muzzle, 0.45), False)
    if horse:  # the forelock between the ears
        pen.poly([(hx - r * 0.35, hy + r * 0.85), (hx, hy + r * 1.15), (hx + r * 0.35, hy + r * 0.85),
                  (hx + r * 0.1, hy + r * 0.35), (hx - r * 0.15, hy + r * 0.45)], col.accent)
    if spec.params.get("horn"):
        _horn(pen, (hx, hy + r * 0.8), (hx + r * 0.1, hy + r * 2.4), r)
    elif spec.marks == "patches":  # a cow's black patch round one eye
        pen.ellipse(hx + r * 0.4, hy + r * 0.15, r * 0.38, r * 0.42, INK, False)
    _face_front(pen, hx, hy + 0.1 * r, r, expression, col.eye, closed, cheeks=False, mouth_dy=-1.6, eye_dx=0.42)


def _quad_sitting(pen: Pen, spec: KindSpec, col: Colours, body_rgb: RGB, limb_rgb: RGB, leg_h: float, body_rx: float,
                  body_ry: float, legw: float, head_r: float, phase: float, pose: str) -> tuple[float, float]:
    """A four-legged animal sitting, side on: haunch down, chest up, front legs straight. Returns the head."""
    base = leg_h * 0.35
    # far front leg, tail along the ground, haunch, body, near front leg
    chest = (body_rx * 0.32, base + body_ry * 1.55)
    pen.limb([(chest[0] - 0.05, chest[1] - body_ry * 0.4), (chest[0] - 0.02, 0.035)], legw, shade(limb_rgb, 0.84))
    _quad_tail(pen, spec, col, (-body_rx * 0.65, body_ry * 0.5), "side", phase, pose)
    pen.poly(_rot_ellipse(body_rx * 0.0, base + body_ry * 1.25, body_rx * 0.72, body_ry * 0.95, 48), body_rgb)
    pen.circle(-body_rx * 0.3, body_ry * 0.95, body_ry * 0.95, body_rgb)
    if spec.marks in ("belly", "tip", "stripes-light", "spots", "stripes"):
        pen.poly(_rot_ellipse(body_rx * 0.22, base + body_ry * 1.2, body_rx * 0.3, body_ry * 0.5, 48), col.accent,
                 False)
    pen.ellipse(-body_rx * 0.02, 0.035, legw * 0.9, legw * 0.42, shade(limb_rgb, 0.9))
    pen.limb([chest, (chest[0] + 0.02, 0.035)], legw, limb_rgb)
    pen.ellipse(chest[0] + 0.045, 0.035, legw * 0.65, legw * 0.4, shade(limb_rgb, 0.9))
    if spec.params.get("neck"):
        reach = spec.params.get("neck_len", 0.0)
        return body_rx * 0.55 + reach * 0.3, base + body_ry * 3.0 + reach
    return body_rx * 0.42, base + body_ry * 2.45


def _rot_ellipse(cx: float, cy: float, rx: float, ry: float, angle: float, n: int = 32) -> list[tuple[float, float]]:
    a = math.radians(angle)
    ca, sa = math.cos(a), math.sin(a)
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x, y = rx * math.cos(t), ry * math.sin(t)
        pts.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return pts


def _quad_tail(pen: Pen, spec: KindSpec, col: Colours, base: tuple[float, float], view: str, phase: float,
               pose: str) -> None:
    wag = math.sin(2 * math.pi * phase * (2 if pose in ("wave", "walk") else 1)) * (0.05 if pose != "stand" else 0.02)
    bx, by = base
    sign = -1 if view == "side" else 1
    t = spec.tail
    fur = col.fur
    if t == "thin":
        pen.limb([(bx, by), (bx + sign * 0.15, by + 0.05 + wag), (bx + sign * 0.22, by + 0.2 + wag),
                  (bx + sign * 0.18, by + 0.3 + wag)], 0.045, fur)
    elif t == "upright":  # a cat holds its thin tail straight up with a hook at the top
        pen.limb([(bx, by), (bx + sign * 0.09, by + 0.1), (bx + sign * 0.11 + wag * 0.5, by + 0.32),
                  (bx + sign * 0.06 + wag, by + 0.44), (bx - sign * 0.0 + wag, by + 0.45)], 0.042, fur)
    elif t == "bushy":
        pen.ellipse(bx + sign * 0.17, by + 0.1 + wag, 0.2, 0.1, fur)
        pen.ellipse(bx + sign * 0.32, by + 0.14 + wag, 0.07, 0.06, WHITE if spec.marks == "tip" else fur, False)
    elif t == "brush":  # a fox's long low brush, a third of it white at the tip
        ang = -12 * sign
        cx, cy = bx + sign * 0.25, by - 0.02 + wag * 0.5
        tip = (bx + sign * 0.43, by - 0.06 + wag * 0.5)
        pen.poly(_rot_ellipse(cx, cy, 0.27, 0.105, ang, 40), fur)
        pen.poly(_rot_ellipse(tip[0], tip[1], 0.1, 0.078, ang, 28), WHITE)
    elif t == "short":
        pen.limb([(bx, by), (bx + sign * 0.12, by + 0.12 + wag)], 0.06, fur)
    elif t == "curly":
        pen.arc(bx + sign * 0.06, by + 0.02, 0.06, 0.06, 0, 300, 0.025, shade(fur, 0.8))
    elif t == "stub":
        pen.circle(bx, by, 0.07, WHITE if spec.marks == "wool" else fur)
    elif t == "horse":
        pen.limb([(bx, by + 0.05), (bx + sign * 0.12, by - 0.1), (bx + sign * 0.14 + wag, by - 0.3)], 0.09,
                 col.accent)
    elif t == "otter":  # thick at the root, tapering along the ground
        _sausage(pen, [(bx, by), (bx + sign * 0.2, by - 0.1), (bx + sign * 0.38, by - 0.17 + wag * 0.3),
                       (bx + sign * 0.5, by - 0.18 + wag * 0.5)], [0.075, 0.06, 0.04, 0.022], [fur])
    elif t == "ringed":  # a raccoon's bushy tail with dark rings
        path = [(bx, by), (bx + sign * 0.16, by + 0.02), (bx + sign * 0.3, by + 0.1 + wag),
                (bx + sign * 0.4, by + 0.22 + wag)]
        _sausage(pen, path, [0.06, 0.075, 0.075, 0.06], [fur, MASK] * 3 + [MASK])
    elif t == "dino":  # long and thick, tapering down to the ground
        _sausage(pen, [(bx + sign * -0.05, by), (bx + sign * 0.18, by - 0.12), (bx + sign * 0.36, by - 0.3 + wag * 0.3),
                       (bx + sign * 0.5, max(0.04, by - 0.46) + wag * 0.5)], [0.13, 0.095, 0.06, 0.025], [fur])
    elif t == "dragon":  # long and whippy, a spade at its tip
        path = [(bx + sign * -0.03, by), (bx + sign * 0.18, by - 0.14), (bx + sign * 0.34, by - 0.16 + wag),
                (bx + sign * 0.46, by - 0.04 + wag)]
        _sausage(pen, path, [0.085, 0.06, 0.04, 0.022], [fur])
        tx, ty = path[-1]
        pen.poly([(tx, ty - 0.02), (tx + sign * 0.02, ty + 0.07), (tx + sign * 0.09, ty + 0.1), (tx + sign * 0.06, ty)],
                 _spike_rgb(col))
    elif t == "tuft":
        pen.limb([(bx, by), (bx + sign * 0.12, by - 0.12), (bx + sign * 0.16 + wag, by - 0.28)], 0.03, fur)
        pen.ellipse(bx + sign * 0.16 + wag, by - 0.3, 0.05, 0.06, shade(fur, 0.6) if spec.marks != "mane"
                    else (200, 120, 40))


# --------------------------------------------------------------------------------------------------
# the squirrel: its own drawing, because its shape (sitting up under a tail taller than itself) is
# what names it; a generic four-legger with a bushy tail reads as a fox cub or a puppy


def _plume(pen: Pen, path: list[tuple[float, float]], radii: list[float], rgb: RGB, light: RGB) -> None:
    """A bushy tail: overlapping puffs along a path, one outline round the lot, a paler core."""
    fill, line = pen.colours(rgb, True)
    core = pen.style.fill(light)
    pts = _along(path, 28)
    rs = _along([(r, 0.0) for r in radii], 28)
    for (x, y), (r, _) in zip(pts, rs):
        pen.draw.ellipse(pen.box(x, y, r, r), fill=line + (255,))
    o = pen.ow / pen.k
    for (x, y), (r, _) in zip(pts, rs):
        pen.draw.ellipse(pen.box(x, y, max(0.0, r - o), max(0.0, r - o)), fill=fill + (255,))
    for (x, y), (r, _) in list(zip(pts, rs))[3:-3]:
        pen.draw.ellipse(pen.box(x, y, r * 0.4, r * 0.4), fill=core + (255,))


def _sausage(pen: Pen, path: list[tuple[float, float]], radii: list[float], bands: list[RGB], n: int = 28) -> None:
    """A round-ended tube along a path (tails, a snake's body): one outline round the lot, its fill in
    `bands` of colour from root to tip."""
    pts = _along(path, n)
    rs = [r for r, _ in _along([(r, 0.0) for r in radii], n)]
    o = pen.ow / pen.k
    line = pen.colours(bands[0], True)[1]
    for (x, y), r in zip(pts, rs):
        pen.draw.ellipse(pen.box(x, y, r, r), fill=line + (255,))
    for i, ((x, y), r) in enumerate(zip(pts, rs)):
        fill = pen.style.fill(bands[min(len(bands) - 1, i * len(bands) // n)])
        pen.draw.ellipse(pen.box(x, y, max(0.0, r - o), max(0.0, r - o)), fill=fill + (255,))


def _along(pts: list[tuple[float, float]], n: int) -> list[tuple[float, float]]:
    """n points spread evenly (by index) along a polyline, corners rounded by a Catmull-Rom pass."""
    out = []
    m = len(pts) - 1
    for i in range(n):
        t = i / (n - 1) * m
        k = min(int(t), m - 1)
        u = t - k
        p0, p1, p2, p3 = pts[max(0, k - 1)], pts[k], pts[k + 1], pts[min(m, k + 2)]
        out.append(tuple(0.5 * (2 * p1[j] + (-p0[j] + p2[j]) * u + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * u * u
                                + (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * u ** 3) for j in (0, 1)))  # type: ignore[misc]
    return out  # type: ignore[return-value]


# the tail's centre line and puff sizes, as fractions of the squirrel's height (side view, facing right)
SQUIRREL_TAIL_SIT = [(-0.14, 0.1), (-0.3, 0.2), (-0.36, 0.42), (-0.3, 0.64), (-0.27, 0.84), (-0.36, 0.98),
                     (-0.5, 0.96)]
SQUIRREL_TAIL_RUN = [(-0.2, 0.24), (-0.36, 0.34), (-0.4, 0.54), (-0.33, 0.72), (-0.36, 0.88), (-0.5, 0.9)]
SQUIRREL_PUFFS = [0.07, 0.11, 0.14, 0.15, 0.14, 0.12, 0.09]


def draw_squirrel(pen: Pen, design: CharacterDesign, spec: KindSpec, pose: str, view: str, expression: str,
                  phase: float, blink: bool = False) -> tuple[float, float] | None:
    """A squirrel: sits up with its paws at its chest, or bounds on four legs; the plume always curls over it."""
    col = Colours(design, spec, False)
    fur, accent = col.fur, col.accent
    light = mix(fur, (255, 235, 200), 0.35)
    s = math.sin(2 * math.pi * phase)
    bounding = pose in ("walk", "run", "jump", "lie")
    up = {"jump": 0.14, "walk": 0.04 * abs(s), "run": 0.07 * abs(s)}.get(pose, 0.0)
    if view == "side" and bounding:
        # on all fours, back arched, the tail up behind in an S
        cy = 0.2 + up
        _plume(pen, [(x, y + up) for x, y in SQUIRREL_TAIL_RUN], SQUIRREL_PUFFS[:6], fur, light)
        stride = 0.05 * s if pose in ("walk", "run") else 0.0
        dark = shade(fur, 0.84)
        if pose != "lie":
            pen.ellipse(-0.12 - stride, 0.03 + up * 0.5, 0.09, 0.035, dark)
            pen.limb([(0.14, cy), (0.17 + stride, 0.03 + up * 0.5)], 0.05, dark)
        pen.poly(_rot_ellipse(-0.02, cy + 0.02, 0.22, 0.13, 12), fur)
        pen.poly(_rot_ellipse(0.04, cy - 0.04, 0.14, 0.06, 12), accent, False)
        pen.circle(-0.12, cy - 0.01, 0.11, fur)  # the haunch
        if pose != "lie":
            pen.ellipse(-0.06 + stride, 0.03 + up * 0.5, 0.09, 0.035, fur)
            pen.limb([(0.12, cy - 0.02), (0.13 - stride, 0.03 + up * 0.5)], 0.05, fur)
        hx, hy = 0.25, cy + 0.14
    elif view == "side":
        # sitting up on its haunches, the classic squirrel
        _plume(pen, SQUIRREL_TAIL_SIT, SQUIRREL_PUFFS, fur, light)
        pen.circle(-0.08, 0.16, 0.16, fur)  # haunch
        pen.poly(_rot_ellipse(0.0, 0.36, 0.13, 0.22, -18), fur)
        pen.poly(_rot_ellipse(0.06, 0.34, 0.07, 0.16, -18), accent, False)
        pen.ellipse(0.04, 0.03, 0.11, 0.035, shade(fur, 0.9))  # the long hind foot
        hx, hy = 0.1, 0.64
    else:
        back = view == "back"
        cy = 0.0 + up
        tail = [(0.0, 0.1), (-0.2, 0.2), (-0.3, 0.42), (-0.26, 0.66), (-0.24, 0.86), (-0.34, 0.98), (-0.46, 0.95)]
        if not back:
            _plume(pen, [(x, y + cy) for x, y in tail], SQUIRREL_PUFFS, fur, light)
        for sx in (-1, 1):
            pen.ellipse(sx * 0.09, 0.03 + cy, 0.07, 0.035, shade(fur, 0.9))
        pen.ellipse(0, 0.17 + cy, 0.17, 0.15, fur)
        pen.ellipse(0, 0.36 + cy, 0.13, 0.2, fur)
        if not back:
            pen.ellipse(0, 0.33 + cy, 0.08, 0.16, accent, False)
        hx, hy = 0.0, 0.64 + cy
        if back:
            _animal_ears(pen, spec, col, hx, hy, 0.15, "back")
            pen.circle(hx, hy, 0.15, fur)
            _plume(pen, [(x * 0.6, y + cy) for x, y in tail], SQUIRREL_PUFFS, fur, light)
            return None
        _animal_ears(pen, spec, col, hx, hy, 0.15, "front")
        pen.circle(hx, hy, 0.15, fur)
        _animal_face(pen, spec, col, hx, hy, 0.15, "front", expression, blink)
        for sx in (-1, 1):  # paws held together at the chest
            pen.circle(sx * 0.04, 0.45 + cy, 0.035, shade(fur, 0.92))
        return (0.06, 0.45 + cy)
    r = 0.15
    _animal_ears(pen, spec, col, hx, hy, r, "side")
    pen.circle(hx, hy, r, fur)
    _animal_face(pen, spec, col, hx, hy, r, "side", expression, blink)
    if not bounding:  # front paws held up at the chest
        pen.limb([(0.08, 0.48), (0.16, 0.44)], 0.045, shade(fur, 0.92))
        return (0.18, 0.44)
    return (hx + r, hy - r * 0.5)


# --------------------------------------------------------------------------------------------------
# small animals whose outline is their name: a dome of spines, a crab's claws, a seal on its belly


def _spines(pen: Pen, cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, rgb: RGB, n: int = 13,
            close: tuple[float, float] | None = None) -> None:
    """A zigzag fringe of spines along an elliptic arc (math degrees a0 -> a1), filled to `close`."""
    pts = []
    for i in range(2 * n + 1):
        a = math.radians(a0 + (a1 - a0) * i / (2 * n))
        k = 1.22 if i % 2 else 1.0
        pts.append((cx + rx * k * math.cos(a), cy + ry * k * math.sin(a)))
    pen.poly(pts + [close or (cx, cy)], rgb)
    light = mix(rgb, WHITE, 0.35)
    for i in range(1, 2 * n, 4):  # pale streaks along a few spines
        a = math.radians(a0 + (a1 - a0) * i / (2 * n))
        pen.line([(cx + rx * 0.8 * math.cos(a), cy + ry * 0.8 * math.sin(a)),
                  (cx + rx * 1.08 * math.cos(a), cy + ry * 1.08 * math.sin(a))], 0.012, light)


def draw_hedgehog(pen: Pen, design: CharacterDesign, spec: KindSpec, pose: str, view: str, expression: str,
                  phase: float, blink: bool = False) -> tuple[float, float] | None:
    """A hedgehog: a brown dome of spines over a pale pointed face and tiny feet."""
    col = Colours(design, spec, False)
    face, spine = col.fur, mix(shade(col.fur, 0.42), (70, 45, 30), 0.4)
    s = math.sin(2 * math.pi * phase)
    up = {"jump": 0.12, "walk": 0.015 * abs(s), "run": 0.03 * abs(s)}.get(pose, 0.0)
    stride = 0.04 * s if pose in ("walk", "run") else 0.0
    cy = 0.2 + up
    feet = pose != "lie"
    if view == "side":
        if feet:
            for x, d in ((-0.16, -1), (0.14, 1)):
                pen.ellipse(x + d * stride, 0.035 + up * 0.5, 0.06, 0.035, shade(face, 0.8))
        pen.ellipse(0.02, cy - 0.04, 0.33, 0.15, face)  # the pale underside
        _spines(pen, -0.04, cy, 0.36, 0.25, 200, 62, spine, close=(0.12, cy - 0.08))
        hx, hy = 0.25, cy - 0.02
        pen.circle(hx - 0.04, hy + 0.11, 0.045, face)  # ear
        pen.poly([(hx - 0.06, hy + 0.1), (hx + 0.26, hy - 0.05), (hx + 0.2, hy - 0.1), (hx - 0.04, hy - 0.12)], face)
        pen.circle(hx, hy, 0.11, face)
        pen.circle(hx + 0.25, hy - 0.07, 0.035, INK, False)
        _face_side(pen, hx, hy, 0.11, expression, col.eye, blink, cheeks=True, eye_dx=0.5, mouth=False,
                   eye_scale=1.3)
        return (hx + 0.25, hy - 0.05)
    back = view == "back"
    if feet:
        for x in (-0.12, 0.12):
            pen.ellipse(x, 0.035 + (up * 0.5 if x < 0 else up * 0.3), 0.06, 0.035, shade(face, 0.8))
    if back:
        _spines(pen, 0, cy, 0.27, 0.22, -20, 200, spine, n=15, close=(0, cy - 0.15))
        return None
    _spines(pen, 0, cy + 0.02, 0.27, 0.22, -15, 195, spine, n=15, close=(0, cy - 0.12))
    pen.ellipse(0, cy - 0.06, 0.2, 0.15, face)
    pen.ellipse(0, cy - 0.1, 0.09, 0.07, face)
    pen.circle(0, cy - 0.1, 0.035, INK, False)
    _face_front(pen, 0, cy - 0.02, 0.15, expression, col.eye, blink, cheeks=True, mouth_dy=-1.1, eye_dx=0.45,
                eye_scale=1.2)
    return (0.15, cy - 0.1)


def draw_crab(pen: Pen, design: CharacterDesign, spec: KindSpec, pose: str, view: str, expression: str,
              phase: float, blink: bool = False) -> tuple[float, float] | None:
    """A crab, always seen as a picture book draws it: shell towards us, two claws up, eyes on stalks,
    legs out to the sides (it walks sideways, so its side view is this one too)."""
    col = Colours(design, spec, False)
    shell, belly = col.fur, col.accent
    dark = shade(shell, 0.8)
    s = math.sin(2 * math.pi * phase)
    up = {"jump": 0.12, "walk": 0.02 * abs(s), "run": 0.04 * abs(s)}.get(pose, 0.0)
    low = pose in ("sit", "lie", "sitfloor", "kneel")
    cy = (0.12 if low else 0.2) + up
    snap = 12 * s if pose in ("walk", "run", "wave", "jump") else 0.0
    for sx in (-1, 1):
        for k in range(3):
            lift = 0.03 * max(0.0, s if (k + (sx > 0)) % 2 else -s) if pose in ("walk", "run") else 0.0
            knee = (sx * (0.3 + 0.04 * k), cy + 0.05 - 0.02 * k + lift)
            pen.limb([(sx * 0.16, cy - 0.02 * k), knee, (sx * (0.36 + 0.07 * k), 0.02 + lift)], 0.035, dark)
    if view == "back":
        pen.ellipse(0, cy, 0.25, 0.15, shell)
        for sx in (-1, 1):
            pen.limb([(sx * 0.17, cy + 0.05), (sx * 0.28, cy + 0.2)], 0.05, shell)
            pen.circle(sx * 0.29, cy + 0.3, 0.08, shell)
        return None
    for sx in (-1, 1):  # arms up, a pincer opening at the top of each
        elbow, wrist = (sx * 0.3, cy + 0.12), (sx * 0.3, cy + 0.24)
        pen.limb([(sx * 0.17, cy + 0.04), elbow, wrist], 0.05, shell)
        mouth = 90 - sx * 25 + sx * snap
        pen.poly(arc_points(wrist[0], wrist[1] + 0.07, 0.1, 0.09, mouth + 28, mouth + 332, 20)
                 + [(wrist[0], wrist[1] + 0.07)], shell)
    pen.ellipse(0, cy, 0.25, 0.16, shell)
    pen.ellipse(0, cy - 0.07, 0.16, 0.06, belly, False)
    for sx in (-1, 1):  # eyes on stalks
        pen.line([(sx * 0.06, cy + 0.12), (sx * 0.08, cy + 0.23)], 0.025, dark)
        if blink:
            pen.arc(sx * 0.08, cy + 0.25, 0.04, 0.03, 200, 340, 0.015, INK)
        else:
            pen.circle(sx * 0.08, cy + 0.26, 0.045, WHITE)
            pen.circle(sx * 0.08 + 0.01, cy + 0.255, 0.022, INK, False)
    _mouth(pen, 0, cy + 0.01, 0.16, expression)
    for sx in (-1, 1):
        pen.ellipse(sx * 0.15, cy + 0.04, 0.03, 0.018, CHEEK, False, alpha=120)
    return (0.3, cy + 0.3)


def draw_seal(pen: Pen, design: CharacterDesign, spec: KindSpec, pose: str, view: str, expression: str,
              phase: float, blink: bool = False) -> tuple[float, float] | None:
    """A seal: sleek and legless, lying on its belly with its head up, flippers in front and behind."""
    col = Colours(design, spec, False)
    fur, belly = col.fur, col.accent
    dark = shade(fur, 0.8)
    s = math.sin(2 * math.pi * phase)
    hump = {"walk": 0.03, "run": 0.05}.get(pose, 0.0) * abs(s)  # it humps along
    up = 0.12 if pose == "jump" else 0.0
    lie = pose == "lie"
    if view == "side":
        pen.poly(_rot_ellipse(-0.5, 0.06 + up, 0.11, 0.04, 25), dark)  # tail flippers
        pen.poly(_rot_ellipse(-0.5, 0.05 + up, 0.11, 0.04, -15), dark)
        pen.poly(_rot_ellipse(-0.08, 0.15 + up + hump, 0.42, 0.15, 4), fur)
        pen.poly(_rot_ellipse(0.0, 0.09 + up + hump, 0.3, 0.06, 4), belly, False)
        hx, hy = (0.34, 0.22) if lie else (0.3, 0.42)
        hy += up + hump
        pen.poly(_rot_ellipse((0.1 + hx) / 2, (0.2 + hy) / 2 + up, 0.2, 0.12, math.degrees(math.atan2(hy - 0.2, hx - 0.1))),
                 fur)
        pen.poly(_rot_ellipse(0.1, 0.06 + up, 0.11, 0.04, -25), dark)  # front flipper
        pen.circle(hx, hy, 0.13, fur)
        pen.ellipse(hx + 0.12, hy - 0.04, 0.08, 0.06, belly)
        pen.circle(hx + 0.19, hy - 0.01, 0.025, INK, False)
        for k in (-1, 1):
            pen.line([(hx + 0.13, hy - 0.05), (hx + 0.3, hy - 0.05 + k * 0.04)], 0.008, INK, alpha=170, raw=True)
        _face_side(pen, hx - 0.02, hy + 0.02, 0.13, expression, col.eye, blink, cheeks=False, eye_dx=0.45,
                   mouth=False, eye_scale=1.5)
        return (hx + 0.2, hy - 0.05)
    back = view == "back"
    cy = 0.22 + up + hump
    for sx in (-1, 1):
        pen.poly(_rot_ellipse(sx * 0.16, 0.03 + up, 0.11, 0.04, sx * 15), dark)
    pen.ellipse(0, cy, 0.22, 0.22, fur)
    for sx in (-1, 1):
        pen.poly(_rot_ellipse(sx * 0.22, cy - 0.12, 0.04, 0.11, sx * 35), dark)
    hy = cy + (0.16 if lie else 0.26)
    if not back:
        pen.ellipse(0, cy - 0.03, 0.13, 0.16, belly, False)
    pen.circle(0, hy, 0.15, fur)
    if back:
        return None
    pen.ellipse(0, hy - 0.06, 0.09, 0.06, belly)
    pen.circle(0, hy - 0.035, 0.025, INK, False)
    for sx in (-1, 1):
        for k in (-1, 1):
            pen.line([(sx * 0.05, hy - 0.07), (sx * 0.2, hy - 0.07 + k * 0.03)], 0.008, INK, alpha=170, raw=True)
    _face_front(pen, 0, hy + 0.04, 0.15, expression, col.eye, blink, cheeks=False, mouth_dy=-0.9, eye_dx=0.42,
                eye_scale=1.4)
    return (0.22, cy - 0.1)


# --------------------------------------------------------------------------------------------------
# birds and fish


def draw_bird(pen: Pen, design: CharacterDesign, spec: KindSpec, pose: str, view: str, expression: str,
              phase: float, blink: bool = False) -> tuple[float, float] | None:
    col = Colours(design, spec, False)
    shape = spec.params.get("shape", "songbird")
    fur, accent = col.fur, col.accent
    beak = (245, 165, 40)
    flap = pose in ("jump", "wave", "run")
    s = math.sin(2 * math.pi * phase)
    hop = 0.04 * abs(s) if pose in ("walk", "run") else 0.0
    upright = shape in ("owl", "penguin")
    if upright:
        cy = 0.42 + hop
        pen_rgb = fur
        if view != "back":
            pass
        for sx in (-1, 1):
            pen.ellipse(sx * 0.12, 0.03, 0.08, 0.035, beak)
        pen.ellipse(0, cy, 0.3 if view != "side" else 0.26, 0.4, pen_rgb)
        if view != "back":
            pen.ellipse(0.05 if view == "side" else 0, cy - 0.08, 0.2 if view != "side" else 0.14, 0.28, accent, False)
        # wings
        wing_up = 40 if flap else 0
        for sx in ((-1, 1) if view != "side" else (-1,)):
            pts = [(sx * 0.25, cy + 0.15), (sx * (0.34 + 0.2 * math.sin(math.radians(wing_up))), cy - 0.15 + wing_up * 0.006),
                   (sx * 0.22, cy - 0.2)]
            pen.poly(pts, shade(fur, 0.85))
        hy = cy + 0.34
        if shape == "owl":
            for sx in (-1, 1):
                pen.poly([(sx * 0.12, hy + 0.15), (sx * 0.28, hy + 0.32), (sx * 0.27, hy + 0.1)], fur)
        if view == "back":
            return None
        if shape == "owl":
            for sx in ((-1, 1) if view != "side" else (1,)):
                ex = sx * 0.11 + (0.08 if view == "side" else 0)
                pen.circle(ex, hy, 0.1, (250, 240, 210))
                pen.circle(ex, hy, 0.05, INK, False)
                pen.circle(ex + 0.015, hy + 0.02, 0.017, WHITE, False)
            pen.poly([(-0.03 + (0.1 if view == "side" else 0), hy - 0.06), (0.03 + (0.1 if view == "side" else 0),
                      hy - 0.06), (0.0 + (0.1 if view == "side" else 0), hy - 0.14)], beak)
        else:
            if view == "side":
                pen.poly([(0.2, cy + 0.25), (0.36, cy + 0.21), (0.2, cy + 0.17)], beak)
                _face_side(pen, 0.05, cy + 0.28, 0.2, expression, INK, False, cheeks=False, eye_dx=0.5, mouth=False)
            else:
                _face_front(pen, 0, cy + 0.27, 0.2, expression, INK, False, cheeks=True, mouth_dy=-5)
                pen.poly([(-0.05, cy + 0.21), (0.05, cy + 0.21), (0, cy + 0.13)], beak)
        return (0.25, cy)
    if shape == "gull":
        return _draw_gull(pen, col, view, expression, flap, s, hop, pose)
    if shape in ("bee", "butterfly"):
        return _draw_insect(pen, col, shape, view, expression, phase, pose, blink)
    # songbird, duck, chicken: horizontal body
    leg_h = 0.14
    cy = leg_h + 0.2 + hop + (0.12 if pose == "jump" else 0)
    body_rx = 0.34 if shape != "songbird" else 0.3
    for k, x in enumerate((-0.04, 0.06)):
        if view == "side":
            lift = 0.04 * max(0, s if k else -s) if pose in ("walk", "run") else 0
            pen.line([(x, cy - 0.12), (x + 0.01, 0.02 + lift)], 0.025, beak)
            pen.ellipse(x + 0.04, 0.02 + lift, 0.05, 0.018, beak, False)
        else:
            pen.line([((k - 0.5) * 0.12, cy - 0.12), ((k - 0.5) * 0.12, 0.02)], 0.025, beak)
            pen.ellipse((k - 0.5) * 0.12, 0.02, 0.045, 0.02, beak, False)
    if view == "side":
        pen.poly([(-body_rx * 0.8, cy + 0.03), (-body_rx * 1.35, cy + 0.14 + (0.06 if shape == "duck" else 0)),
                  (-body_rx * 1.2, cy - 0.04)], shade(fur, 0.9))
        pen.ellipse(0, cy, body_rx, 0.19, fur)
        wing_lift = (0.12 + 0.1 * s) if flap else 0
        pen.ellipse(-0.04, cy + 0.02 + wing_lift, 0.2, 0.1 + (0.03 if flap else 0), shade(fur, 0.85))
        hx, hy = body_rx * 0.8, cy + 0.2
        if shape == "chicken":
            for k in range(3):
                pen.circle(hx - 0.05 + k * 0.05, hy + 0.14, 0.045, accent)
            pen.ellipse(hx + 0.12, hy - 0.1, 0.03, 0.05, accent)
        pen.circle(hx, hy, 0.15, fur)
        if shape == "duck":
            pen.ellipse(hx + 0.18, hy - 0.04, 0.11, 0.045, accent)
        else:
            pen.poly([(hx + 0.12, hy + 0.03), (hx + 0.26, hy - 0.02), (hx + 0.12, hy - 0.06)], beak)
        if shape == "songbird":
            pen.ellipse(hx + 0.02, hy - 0.07, 0.1, 0.07, accent, False)
        _face_side(pen, hx - 0.03, hy, 0.15, expression, INK, False, cheeks=True, eye_dx=0.45, mouth=False)
        return (hx + 0.2, hy - 0.05)
    pen.ellipse(0, cy, 0.23, 0.21, fur)
    for sx in (-1, 1):
        wing_lift = (0.12 + 0.08 * s) if flap else 0
        pen.ellipse(sx * 0.22, cy + wing_lift, 0.08, 0.14, shade(fur, 0.85))
    hy = cy + 0.22
    if shape == "chicken":
        for k in range(3):
            pen.circle(-0.05 + k * 0.05, hy + 0.15, 0.045, accent)
    pen.circle(0, hy, 0.16, fur)
    if view == "back":
        return None
    if shape == "songbird":
        pen.ellipse(0, cy - 0.02, 0.14, 0.14, accent, False)
    _face_front(pen, 0, hy + 0.02, 0.16, expression, INK, False, cheeks=True, mouth_dy=-5)
    if shape == "duck":
        pen.ellipse(0, hy - 0.07, 0.09, 0.04, accent)
    else:
        pen.poly([(-0.04, hy - 0.02), (0.04, hy - 0.02), (0, hy - 0.09)], beak)
    return (0.2, cy)


BUG_INK: RGB = (46, 38, 44)
WING_GLASS: RGB = (222, 238, 250)


def _draw_insect(pen: Pen, col: Colours, shape: str, view: str, expression: str, phase: float, pose: str,
                 blink: bool) -> tuple[float, float] | None:
    """A bee (a round striped body under glassy wings) or a butterfly (big bright wings, a thin dark
    body): both hover, their wings beating in every pose."""
    beat = math.sin(2 * math.pi * phase * 2)
    cy = 0.3 + 0.03 * math.sin(2 * math.pi * phase) + (0.1 if pose == "jump" else 0)
    if pose in ("sit", "lie", "sitfloor", "kneel"):
        cy = 0.2
    fur, accent = col.fur, col.accent
    back = view == "back"
    if shape == "butterfly":
        flapping = pose in ("walk", "run", "jump", "wave")
        open_ = (0.45 + 0.55 * abs(beat)) if flapping else (0.85 + 0.15 * abs(beat))  # wings fold and open
        for sx in (-1, 1):
            for (dx, dy, rx, ry, ang) in ((0.2, 0.12, 0.2, 0.15, 30), (0.15, -0.08, 0.13, 0.11, -30)):
                wx = sx * dx * open_
                pen.poly(_rot_ellipse(wx, cy + dy, rx * open_, ry, sx * ang), fur, BUG_INK)
                pen.circle(wx + sx * rx * 0.35 * open_, cy + dy + 0.02, ry * 0.32, accent, False)
                pen.circle(wx - sx * rx * 0.2 * open_, cy + dy - ry * 0.35, ry * 0.15, WHITE, False)
        pen.ellipse(0, cy, 0.04, 0.17, BUG_INK)
        hy = cy + 0.19
        for sx in (-1, 1):
            pen.line([(sx * 0.02, hy + 0.04), (sx * 0.07, hy + 0.16), (sx * 0.1, hy + 0.18)], 0.014, BUG_INK, raw=True)
            pen.circle(sx * 0.1, hy + 0.18, 0.02, BUG_INK, False)
        pen.circle(0, hy, 0.07, BUG_INK)
        if not back:
            _face_front(pen, 0, hy, 0.07, expression, INK, blink, cheeks=False, mouth_dy=-0.5, ring=True)
        return (0.1, cy)
    # bee
    if view == "side":
        for k, up in ((0, 1.0), (1, 0.8)):  # two wings, the far one a little behind
            ang = 35 + 30 * beat * up
            pen.poly(_rot_ellipse(-0.04 - 0.08 * k, cy + 0.2, 0.09, 0.17, -ang + 20), WING_GLASS, True, alpha=200)
        pen.poly([(-0.3, cy + 0.02), (-0.42, cy - 0.02), (-0.3, cy - 0.06)], BUG_INK)  # the sting
        pen.ellipse(0, cy, 0.3, 0.21, fur)
        for x in (-0.16, 0.0):
            pen.limb([(x, cy + 0.19), (x + 0.05, cy - 0.19)], 0.07, BUG_INK, False)
        hx, hy = 0.3, cy + 0.04
        for k in (0, 1):
            pen.line([(hx + 0.02 * k, hy + 0.1), (hx + 0.08 + 0.03 * k, hy + 0.24), (hx + 0.14 + 0.03 * k, hy + 0.25)],
                     0.014, BUG_INK, raw=True)
        pen.circle(hx, hy, 0.14, fur)
        _face_side(pen, hx, hy, 0.14, expression, INK, blink, cheeks=True, eye_dx=0.35, eye_scale=1.4)
        return (hx + 0.1, cy - 0.1)
    for sx in (-1, 1):
        ang = 25 + 30 * beat
        pen.poly(_rot_ellipse(sx * 0.22, cy + 0.18, 0.09, 0.18, -sx * ang), WING_GLASS, True, alpha=200)
    pen.ellipse(0, cy, 0.24, 0.23, fur)
    for y in (-0.1, 0.05):
        pen.limb([(-0.2, cy + y), (0.2, cy + y)], 0.065, BUG_INK, False)
    hy = cy + 0.25
    for sx in (-1, 1):
        pen.line([(sx * 0.04, hy + 0.1), (sx * 0.1, hy + 0.24), (sx * 0.16, hy + 0.25)], 0.014, BUG_INK, raw=True)
    pen.circle(0, hy, 0.15, fur)
    if not back:
        _face_front(pen, 0, hy, 0.15, expression, INK, blink, cheeks=True, eye_scale=1.2)
    return (0.2, cy)


GULL_BEAK: RGB = (250, 205, 50)
GULL_LEGS: RGB = (240, 170, 90)


def _turn(pts: list[tuple[float, float]], about: tuple[float, float], deg: float) -> list[tuple[float, float]]:
    a = math.radians(deg)
    ca, sa = math.cos(a), math.sin(a)
    ox, oy = about
    return [(ox + (x - ox) * ca - (y - oy) * sa, oy + (x - ox) * sa + (y - oy) * ca) for x, y in pts]


def _draw_gull(pen: Pen, col: Colours, view: str, expression: str, flap: bool, s: float, hop: float,
               pose: str) -> tuple[float, float] | None:
    """A seagull: white, long grey wings with black tips crossed over the tail, a yellow beak with a red spot."""
    white, wing = col.fur, col.accent
    cy = 0.36 + hop + (0.12 if pose == "jump" else 0)
    if view == "side":
        for k, x in enumerate((-0.04, 0.06)):
            lift = 0.04 * max(0, s if k else -s) if pose in ("walk", "run") else 0
            pen.line([(x, cy - 0.1), (x + 0.01, 0.02 + lift)], 0.028, GULL_LEGS)
            pen.poly([(x - 0.02, 0.01 + lift), (x + 0.1, 0.01 + lift), (x + 0.01, 0.05 + lift)], GULL_LEGS, False)
        pen.poly([(-0.3, cy + 0.02), (-0.5, cy + 0.06), (-0.48, cy - 0.04), (-0.3, cy - 0.07)], white)  # tail
        pen.poly(_rot_ellipse(0.0, cy, 0.36, 0.16, 6, 40), white)
        shoulder = (0.14, cy + 0.06)
        wing_pts = [(0.16, cy + 0.04), (-0.05, cy + 0.12), (-0.42, cy + 0.08), (-0.58, cy + 0.02), (-0.1, cy - 0.06)]
        tip_pts = [(-0.36, cy + 0.09), (-0.42, cy + 0.08), (-0.58, cy + 0.02), (-0.38, cy - 0.03)]
        up = (55 + 25 * s) if flap else 0  # a raised wing swings about the shoulder
        pen.poly(_turn(wing_pts, shoulder, -up), wing)
        pen.poly(_turn(tip_pts, shoulder, -up), INK, False)
        for dx in (-0.45, -0.51):  # the white spots on the black tips
            x, y = _turn([(dx, cy + 0.035)], shoulder, -up)[0]
            pen.circle(x, y, 0.014, WHITE, False)
        hx, hy = 0.3, cy + 0.15
        pen.circle(hx, hy, 0.13, white)
        pen.poly([(hx + 0.08, hy + 0.0), (hx + 0.3, hy - 0.03), (hx + 0.32, hy - 0.06), (hx + 0.08, hy - 0.07)],
                 GULL_BEAK)
        pen.circle(hx + 0.24, hy - 0.055, 0.016, (220, 50, 40), False)
        _face_side(pen, hx - 0.02, hy + 0.01, 0.13, expression, INK, False, cheeks=False, eye_dx=0.42, mouth=False)
        return (hx + 0.3, hy - 0.05)
    for k in (-1, 1):
        pen.line([(k * 0.06, cy - 0.12), (k * 0.06, 0.03)], 0.028, GULL_LEGS)
        pen.ellipse(k * 0.06, 0.025, 0.05, 0.02, GULL_LEGS, False)
    pen.ellipse(0, cy, 0.2, 0.24, white)
    for sx in (-1, 1):  # folded grey wings down the sides, black tips below
        up = (70 + 20 * s) if flap else 0
        pts = [(sx * 0.14, cy + 0.14), (sx * 0.25, cy + 0.02), (sx * 0.22, cy - 0.22), (sx * 0.15, cy - 0.05)]
        tip = [(sx * 0.24, cy - 0.12), (sx * 0.22, cy - 0.22), (sx * 0.17, cy - 0.1)]
        pen.poly(_turn(pts, (sx * 0.14, cy + 0.14), sx * up), wing)
        pen.poly(_turn(tip, (sx * 0.14, cy + 0.14), sx * up), INK, False)
    hy = cy + 0.26
    pen.circle(0, hy, 0.14, white)
    if view == "back":
        return None
    _face_front(pen, 0, hy + 0.02, 0.14, expression, INK, False, cheeks=False, mouth_dy=-5)
    pen.poly([(-0.045, hy - 0.03), (0.045, hy - 0.03), (0.0, hy - 0.15)], GULL_BEAK)
    pen.circle(0, hy - 0.1, 0.014, (220, 50, 40), False)
    return (0.2, cy)


def draw_fish(pen: Pen, design: CharacterDesign, spec: KindSpec, pose: str, view: str, expression: str,
              phase: float, blink: bool = False) -> tuple[float, float] | None:
    col = Colours(design, spec, False)
    s = math.sin(2 * math.pi * phase)
    cy = 0.32 + 0.03 * s
    if spec.params.get("turtle"):
        cy = 0.14
        for x in (-0.2, 0.2):
            pen.ellipse(x, 0.05, 0.07, 0.06, col.fur)
        pen.circle(0.38 if view == "side" else 0, 0.16 if view == "side" else 0.3, 0.1, col.fur)
        pen.ellipse(0, cy, 0.32, 0.16, shade(col.accent, 0.9))
        for x in (-0.15, 0.0, 0.15):
            pen.circle(x, cy + 0.04, 0.055, shade(col.accent, 0.75), False)
        if view == "side":
            _face_side(pen, 0.38, 0.16, 0.1, expression, INK, False, cheeks=False, eye_dx=0.35, mouth=False)
        elif view == "front":
            _face_front(pen, 0, 0.3, 0.1, expression, INK, False, cheeks=False)
        return (0.4, 0.16)
    if view == "side":
        wag = 0.05 * s
        pen.poly([(-0.3, cy), (-0.5, cy + 0.15 + wag), (-0.5, cy - 0.15 + wag)], col.accent)
        pen.poly([(-0.05, cy + 0.15), (0.08, cy + 0.25), (0.12, cy + 0.13)], col.accent)
        pen.ellipse(0, cy, 0.36, 0.19, col.fur)
        pen.arc(-0.12, cy, 0.08, 0.15, -70, 70, 0.02, shade(col.fur, 0.7))
        _face_side(pen, 0.16, cy + 0.03, 0.16, expression, INK, False, cheeks=True, eye_dx=0.5, mouth=False)
        return (0.36, cy)
    pen.ellipse(0, cy + 0.18, 0.04, 0.1, col.accent)
    pen.ellipse(0, cy, 0.15, 0.2, col.fur)
    if view == "front":
        _face_front(pen, 0, cy + 0.02, 0.14, expression, INK, False, cheeks=True)
    return (0.15, cy)


def draw_snail(pen: Pen, design: CharacterDesign, spec: KindSpec, pose: str, view: str, expression: str,
               phase: float, blink: bool = False) -> tuple[float, float] | None:
    """A snail: a spiral shell on the back of a long soft foot, eyes up on stalks."""
    col = Colours(design, spec, False)
    body, shell = col.fur, col.accent
    s = math.sin(2 * math.pi * phase)
    stretch = 0.03 * s if pose in ("walk", "run") else 0.0
    tuck = pose in ("lie", "sit", "sitfloor")
    if view == "side":
        if not tuck:
            pen.poly([(-0.38, 0.02), (0.3 + stretch, 0.02), (0.38 + stretch, 0.08), (0.32 + stretch, 0.3),
                      (0.2 + stretch, 0.3), (0.14, 0.12), (-0.3, 0.1)], body)
            hx, hy = 0.26 + stretch, 0.28
            for k, dx in ((1, 0.05), (0, -0.02)):
                tip = (hx + dx + 0.04, hy + 0.2)
                pen.line([(hx + dx, hy), tip], 0.02, shade(body, 0.85 if k else 0.75))
                pen.circle(tip[0], tip[1], 0.035, WHITE if k else shade(body, 0.75))
                if k:
                    pen.circle(tip[0] + 0.008, tip[1], 0.018, INK, False)
            _mouth(pen, hx + 0.05, hy - 0.12, 0.1, expression)
            pen.ellipse(hx, hy - 0.08, 0.025, 0.015, CHEEK, False, alpha=140)
        else:
            pen.ellipse(0.0, 0.04, 0.3, 0.05, body)
        cx, cy, r = -0.06, 0.28, 0.24
        pen.circle(cx, cy, r, shell)
        pts = [(cx + r * 0.85 * (1 - t / 2.6 / math.pi) * math.cos(t), cy + r * 0.85 * (1 - t / 2.6 / math.pi) *
                math.sin(t)) for t in [k * 0.25 for k in range(32)]]
        pen.line(pts, 0.03, shade(shell, 0.6), raw=False)
        return (0.3, 0.2)
    # from the front: the shell's round behind a small face on stalks
    pen.circle(0, 0.3, 0.24, shell)
    pen.arc(0, 0.3, 0.15, 0.15, 0, 300, 0.03, shade(shell, 0.6))
    pen.arc(0, 0.3, 0.07, 0.07, 0, 300, 0.03, shade(shell, 0.6))
    if view == "back":
        return None
    pen.ellipse(0, 0.1, 0.13, 0.1, body)
    for sx in (-1, 1):
        pen.line([(sx * 0.04, 0.16), (sx * 0.08, 0.36)], 0.02, shade(body, 0.85))
        pen.circle(sx * 0.08, 0.38, 0.035, WHITE)
        pen.circle(sx * 0.08, 0.375, 0.017, INK, False)
    _mouth(pen, 0, 0.07, 0.1, expression)
    return (0.12, 0.1)


def draw_snake(pen: Pen, design: CharacterDesign, spec: KindSpec, pose: str, view: str, expression: str,
               phase: float, blink: bool = False) -> tuple[float, float] | None:
    """A snake: a long body in S-curves along the ground, the head raised, a forked tongue; no legs."""
    col = Colours(design, spec, False)
    fur, belly = col.fur, col.accent
    s = math.sin(2 * math.pi * phase)
    wig = 0.03 * s if pose in ("walk", "run") else 0.0
    if view == "side":
        up = pose not in ("lie", "sit", "sitfloor")
        path = [(-0.55, 0.04), (-0.42, 0.11 + wig), (-0.28, 0.04), (-0.14, 0.11 - wig), (0.0, 0.05), (0.16, 0.1),
                (0.24, 0.24 if up else 0.1)]
        rs = [0.02, 0.035, 0.045, 0.055, 0.06, 0.06, 0.06]
        _sausage(pen, path, rs, [fur])
        for x, y in _along(path, 10)[2:-2]:  # diamonds down the back
            pen.poly([(x - 0.025, y + 0.02), (x, y + 0.045), (x + 0.025, y + 0.02), (x, y - 0.005)], belly, False)
        hx, hy = 0.3, (0.3 if up else 0.12)
        tongue = (225, 60, 70)
        pen.line([(hx + 0.1, hy - 0.04), (hx + 0.18, hy - 0.04), (hx + 0.21, hy - 0.02)], 0.012, tongue, raw=True)
        pen.line([(hx + 0.18, hy - 0.04), (hx + 0.21, hy - 0.07)], 0.012, tongue, raw=True)
        pen.ellipse(hx, hy, 0.12, 0.08, fur)
        _face_side(pen, hx - 0.04, hy + 0.01, 0.1, expression, INK, blink, cheeks=True, eye_dx=0.4, eye_scale=1.3)
        return (hx + 0.1, hy - 0.05)
    # front: coiled, the head up out of the coil
    for k, (y, r) in enumerate(((0.06, 0.26), (0.14, 0.2), (0.21, 0.14))):
        pen.ellipse(0, y, r, 0.07, shade(fur, 0.9 + 0.05 * k))
    pen.limb([(0.0, 0.22), (0.02, 0.38)], 0.1, fur)
    if view == "back":
        pen.ellipse(0.02, 0.42, 0.1, 0.08, fur)
        return None
    pen.line([(0.02, 0.36), (0.02, 0.29), (0.0, 0.26)], 0.012, (225, 60, 70), raw=True)
    pen.line([(0.02, 0.29), (0.04, 0.26)], 0.012, (225, 60, 70), raw=True)
    pen.ellipse(0.02, 0.42, 0.11, 0.08, fur)
    _face_front(pen, 0.02, 0.43, 0.11, expression, INK, blink, cheeks=True, mouth_dy=-0.5, eye_dx=0.45)
    return (0.15, 0.2)


# a dragon's wing from the side, facing right: the leading edge up from the shoulder, then the tips of its
# fingers and the scallops of skin between them back down to its back
DRAGON_WING = [(0.1, 0.58), (0.04, 0.86), (-0.04, 1.12), (-0.14, 0.93), (-0.28, 1.04), (-0.32, 0.85), (-0.48, 0.93),
               (-0.46, 0.74), (-0.6, 0.74), (-0.14, 0.6)]
DRAGON_TIPS = (2, 4, 6, 8)


def draw_dragon(pen: Pen, design: CharacterDesign, spec: KindSpec, pose: str, view: str, expression: str,
                phase: float, blink: bool = False) -> tuple[float, float] | None:
    """A dragon: a four-legged body with spikes down its back and a spaded tail, bat wings raised
    above it (beating when it moves), horns swept back."""
    col = Colours(design, spec, False)
    beat = math.sin(2 * math.pi * phase) if pose in ("walk", "run", "jump", "wave") else 0.0
    root = DRAGON_WING[0]
    skin, bone = mix(col.fur, col.accent, 0.35), shade(col.fur, 0.6)
    low = 0.78 if pose in ("sit", "lie", "sitfloor", "kneel") else 1.0  # folded lower when it rests

    def wing(pts: list[tuple[float, float]], dim: float) -> None:
        pen.poly(pts, shade(skin, dim), shade(bone, dim))
        for k in DRAGON_TIPS:
            pen.line([pts[0], pts[k]], 0.02, shade(bone, dim), raw=False)

    def lifted(x: float, y: float) -> tuple[float, float]:
        return x, root[1] + (y - root[1]) * low * (1 + 0.22 * beat)

    if view == "side":
        for dx, dim in ((0.07, 0.8), (0.0, 1.0)):
            wing([lifted(x + dx, y) for x, y in DRAGON_WING], dim)
    elif view == "front":
        for sx in (-1, 1):
            wing([lifted(sx * (0.12 + (root[0] - x) * 1.15), y - 0.04) for x, y in DRAGON_WING], 0.92)
    body = KindSpec("quadruped", spec.height, spec.fur, spec.accent, spec.ears, spec.tail, spec.snout, spec.marks,
                    {**spec.params, "neck": True, "spikes": True})
    hand = draw_quadruped(pen, design, body, pose, view, expression, phase, blink)
    if view == "back":
        for sx in (-1, 1):
            wing([lifted(sx * (0.12 + (root[0] - x) * 1.15), y - 0.04) for x, y in DRAGON_WING], 1.0)
    return hand


def draw_ghost(pen: Pen, design: CharacterDesign, spec: KindSpec, pose: str, view: str, expression: str,
               phase: float, blink: bool = False) -> tuple[float, float] | None:
    """A ghost: a sheet floating above the ground, a round top, a wavy hem, two dark eyes and little arms."""
    col = Colours(design, spec, False)
    sheet, shadow = col.fur, shade(col.accent, 0.92)
    float_y = 0.12 + 0.03 * math.sin(2 * math.pi * phase)
    if pose in ("sit", "sitfloor", "lie", "kneel"):
        float_y = 0.04
    side = view == "side"
    trail = -0.1 if side and pose in ("walk", "run") else (-0.04 if side else 0.0)
    top, rx = float_y + 0.82, 0.3
    wave = 2 * math.pi * phase
    pts = arc_points(0.0, top - rx, rx, rx, 0, 180, 20)
    hem = []
    for k in range(9):  # the hem from left to right, scalloped, swaying
        x = -rx - 0.05 + k * (2 * rx + 0.1) / 8
        hem.append((x + trail * (1 - k / 8), float_y + (0.05 if k % 2 else 0.0) + 0.015 * math.sin(wave + k)))
    pts += [(-rx, top - rx - 0.25), (-rx - 0.05 + trail, float_y + 0.08)] + hem + \
           [(rx + 0.05, float_y + 0.08), (rx, top - rx - 0.25)]
    pen.poly(pts, sheet, shade(col.accent, 0.6))
    for fx in (-0.12, 0.14):  # folds of the sheet towards the hem
        pen.line([(fx, float_y + 0.35), (fx + 0.02, float_y + 0.1)], 0.012, shadow, raw=False)
    arm_y = top - rx - 0.2
    raised = pose in ("wave", "jump", "reach", "hold")
    hand = (rx + 0.1, arm_y + (0.12 if raised else -0.02))
    for sx in ((1,) if side else (-1, 1)):
        tip = (sx * (rx + 0.1), arm_y + (0.12 if raised and sx > 0 else -0.04))
        pen.limb([(sx * (rx - 0.04), arm_y + 0.06), tip], 0.07, sheet, shade(col.accent, 0.6))
    if view == "back":
        return None
    ex0 = 0.07 if side else 0.0
    hy = top - rx + 0.02
    for ex in ((ex0 + 0.1, ex0 + 0.24) if side else (-0.11, 0.11)):
        if blink:
            pen.arc(ex, hy, 0.045, 0.03, 200, 340, 0.018, INK)
        else:
            pen.ellipse(ex, hy, 0.045, 0.07, INK, False)
            pen.circle(ex + 0.012, hy + 0.025, 0.014, WHITE, False)
    mx, my = (ex0 + 0.17 if side else 0.0), hy - 0.14
    if expression in ("surprised", "scared"):
        pen.ellipse(mx, my, 0.04, 0.055, INK, False)
    elif expression == "sad":
        pen.arc(mx, my - 0.04, 0.06, 0.035, 20, 160, 0.018, INK)
    else:
        pen.arc(mx, my + 0.02, 0.07, 0.045, 200, 340, 0.018, INK)
    for cx in (mx - 0.12, mx + 0.12):  # opaque: a see-through cheek shows the scene through the sheet
        pen.ellipse(cx, my + 0.02, 0.04, 0.022, mix(CHEEK, sheet, 0.5), False)
    return hand


# kinds whose shape is their own drawing (KindSpec.params["draw"])
OWN_DRAWINGS = {"hedgehog": draw_hedgehog, "crab": draw_crab, "seal": draw_seal, "snail": draw_snail,
                "snake": draw_snake, "dragon": draw_dragon, "ghost": draw_ghost}

# --------------------------------------------------------------------------------------------------
# the cache the animator composites from

_CACHE = ImageLRU(128 * 2**20, sprite_bytes)
PHASES = 12  # walk-cycle frames per stride; phases are snapped so sprites repeat


def character_sprite(design: CharacterDesign, pose: str, view: str, expression: str, phase: float, style: str,
                     px_height: float, blink: bool = False) -> Sprite:
    """The design drawn at `px_height` pixels for its nominal height (feet to head top, standing)."""
    phase_i = int(round((phase % 1.0) * PHASES)) % PHASES if pose in ("walk", "run", "wave", "stand") else 0
    px_bucket = max(8, int(round(px_height)))
    key = (design.model_dump_json(), pose, view, expression, phase_i, style, px_bucket, blink)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    sprite = _draw_sprite(design, pose, view, expression, phase_i / PHASES, style, px_bucket, blink)
    _CACHE.put(key, sprite)
    return sprite


def _draw_sprite(design: CharacterDesign, pose: str, view: str, expression: str, phase: float, style: str,
                 px: int, blink: bool = False) -> Sprite:
    kind, _ = resolve_kind(design.kind)
    spec = KINDS[kind]
    st = get_style(style)
    lie = pose == "lie"
    draw_pose = "stand" if (lie and spec.plan in ("person", "upright")) else pose
    extent = (-1.0, 1.0, -0.05, 1.55)
    ss = 3 if px < 300 else 2
    pen = Pen(px, extent, st, ss=ss, outline_units=0.011 if spec.plan == "person" else 0.014)
    draw = {"person": draw_biped, "upright": draw_biped, "quadruped": draw_quadruped, "bird": draw_bird,
            "fish": draw_fish}[spec.plan]
    if spec.params.get("squirrel"):
        draw = draw_squirrel
    draw = OWN_DRAWINGS.get(spec.params.get("draw", ""), draw)
    hand = draw(pen, design, spec, draw_pose, view, expression if not lie else "neutral", phase, blink=blink)
    img = pen.finish()
    # feet anchor and hand in final pixels
    ax = -extent[0] * px
    ay = extent[3] * px
    hand_px = (ax + hand[0] * px, ay - hand[1] * px) if hand else None
    if view == "side" and False:
        pass
    bbox = img.getbbox()
    if bbox is None:
        bbox = (0, 0, 1, 1)
    img = img.crop(bbox)
    ax, ay = ax - bbox[0], ay - bbox[1]
    if hand_px:
        hand_px = (hand_px[0] - bbox[0], hand_px[1] - bbox[1])
    if lie and spec.plan in ("person", "upright"):
        # lying down: the standing drawing turned onto its back, feet towards the facing side
        img = img.rotate(90, expand=True, resample=Image.BICUBIC)
        ax, ay = img.width / 2, img.height
        hand_px = None
    return Sprite(img, (ax, ay), hand_px)


def flip_sprite(sprite: Sprite) -> Sprite:
    """Mirror a side view to face left."""
    w = sprite.image.width
    img = sprite.image.transpose(Image.FLIP_LEFT_RIGHT)
    hand = (w - sprite.hand[0], sprite.hand[1]) if sprite.hand else None
    return Sprite(img, (w - sprite.anchor[0], sprite.anchor[1]), hand)


def kind_height(design: CharacterDesign) -> float:
    """World height (man = 1.0) of this design."""
    kind, _ = resolve_kind(design.kind)
    return KINDS[kind].height * design.height_scale
