"""The renderer's public functions: reference sheets, setting plates, scenes, and clips.

Each reads as numbered steps: check inputs, resolve the layout against the library, place the
camera, compose, return the picture with its manifest.
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image, ImageDraw, ImageFont

from animdirector.memory.artifacts import atomic_save, atomic_write_text, temp_path_for
from animdirector.tools.render.characters import character_sprite
from animdirector.tools.render.colours import mix, parse_colour
from animdirector.tools.render.compose import (
    Compositor, Stage, View, camera_view, check_size, check_style, clamp_box, framing_view,
)
from animdirector.tools.render.kinds import resolve_kind
from animdirector.tools.render.motions import EntityState, apply_motion, ease, MOTIONS, match_motion
from animdirector.tools.render.scene import (
    CharacterDesign, ClipResult, EntityBox, Layout, Manifest, Motion, RenderResult, Setting, Shot,
)

log = logging.getLogger(__name__)

# A clip records what it drew in every FRAME_STEP-th frame (and its last), for the critic's checks.
FRAME_STEP = 4


# -- reference sheet ------------------------------------------------------------------------------------


def render_reference_sheet(design: CharacterDesign, *, style: str = "storybook", size: tuple[int, int] = (768, 432),
                           seed: int = 0) -> RenderResult:
    """The character from the front, the side and the back on a plain card, with the name.

    The manifest has one box per view, named "<name>" (front), "<name>:side" and "<name>:back".
    """
    w, h = check_size(size)
    check_style(style)
    kind, note = resolve_kind(design.kind)
    paper = parse_colour("#fbf6ea") if style != "night-pastel" else parse_colour("#ece6f6")
    img = Image.new("RGB", (w, h), paper)
    d = ImageDraw.Draw(img)
    floor_y = int(h * 0.86)
    d.rectangle([0, floor_y, w, h], fill=mix(paper, (200, 190, 170), 0.25))
    target_h = h * 0.62
    from animdirector.tools.render.characters import kind_height

    # the tallest view decides the scale so the three views share one size
    px = target_h / 1.05 if kind_height(design) > 0 else target_h
    boxes: list[EntityBox] = []
    views = [("front", "front", False), ("side", "side", False), ("back", "back", False)]
    for i, (label, view, _) in enumerate(views):
        sprite = character_sprite(design, "stand", view, "happy", 0.0, style, px)
        sw, sh = sprite.image.size
        if sh > target_h * 1.25 or sw > w / 3.3:  # wide animals: shrink to fit their third
            f = min(target_h * 1.25 / sh, (w / 3.3) / sw)
            sprite = character_sprite(design, "stand", view, "happy", 0.0, style, px * f)
            sw, sh = sprite.image.size
        cx = int(w * (i + 0.5) / 3)
        x0 = int(cx - sprite.anchor[0])
        y0 = int(floor_y - sprite.anchor[1])
        shadow_w = int(min(sw * 0.8, w / 4))
        d.ellipse([cx - shadow_w // 2, floor_y - 6, cx + shadow_w // 2, floor_y + 6], fill=mix(paper, (80, 60, 80), 0.25))
        img.paste(sprite.image, (x0, y0), sprite.image)
        box, _ = clamp_box((x0, y0, x0 + sw, y0 + sh), (w, h))
        name = design.name if label == "front" else f"{design.name}:{label}"
        boxes.append(EntityBox(name=name, category="character", label=kind, bbox=box,
                               colour=design.top_colour if kind in ("boy", "girl", "man", "woman", "old man",
                                                                     "old woman", "baby") else design.fur_colour))
        _label(d, label, cx, int(h * 0.955), h * 0.045, (120, 105, 95))
    _label(d, design.name, w // 2, int(h * 0.075), h * 0.085, (70, 50, 60))
    # the palette, so a painter (or a critic) can match the colours by name
    person = kind in ("boy", "girl", "man", "woman", "old man", "old woman", "baby")
    swatches = ([("skin", design.skin_colour), ("hair", design.hair_colour), ("top", design.top_colour),
                 ("bottom", design.bottom_colour), ("shoes", design.shoes_colour)] if person else
                [("fur", design.fur_colour), ("accent", design.accent_colour)])
    if design.accessories:
        swatches.append((design.accessories[0], design.accessory_colour))
    r = max(4, int(h * 0.022))
    x = int(w * 0.985) - len(swatches) * r * 5
    for name, colour in swatches:
        d.ellipse([x, int(h * 0.05), x + 2 * r, int(h * 0.05) + 2 * r], fill=parse_colour(colour), outline=(120, 105, 95))
        _label(d, name, x + r, int(h * 0.05) + 3 * r + 2, h * 0.026, (120, 105, 95))
        x += r * 5
    subs = [f"{design.name}: {note}"] if note else []
    return RenderResult(img, Manifest(entities=boxes, substitutions=subs, notes=[], setting=None, size=(w, h)))


def _font(px: float) -> ImageFont.ImageFont:
    size = max(8, int(px))
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
                 "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"):
        if os.path.exists(path):
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _label(d: ImageDraw.ImageDraw, text: str, cx: int, cy: int, px: float, colour) -> None:
    font = _font(px)
    d.text((cx, cy), text, fill=colour, font=font, anchor="mm")


# -- setting and scene ------------------------------------------------------------------------------------


def render_setting(setting: Setting, *, style: str = "storybook", size: tuple[int, int] = (768, 432),
                   seed: int = 0) -> RenderResult:
    """The place alone, at its time of day and weather (an unknown place is drawn as the nearest one)."""
    return render_scene(Layout(setting=setting, placements=[]), None, characters={}, style=style, size=size, seed=seed)


def render_scene(layout: Layout, shot: Shot | None = None, *, characters: dict[str, CharacterDesign],
                 style: str = "storybook", size: tuple[int, int] = (768, 432), seed: int = 0,
                 t: float = 0.0) -> RenderResult:
    """One picture of a layout through a shot's framing (and its camera move at time t)."""
    # 1. check inputs
    size = check_size(size)
    check_style(style)
    # 2. resolve the layout against the library; seeds jitter placements a little
    stage = Stage.build(_jittered(layout, seed), characters, style, size, seed)
    states = {e.key: stage.initial_state(e) for e in stage.entities}
    # 3. camera
    base = framing_view(stage, shot, states)
    view = camera_view(base, shot, t, _follow_x(stage, shot, states))
    # 4. compose
    comp = Compositor(stage, shot)
    plate = comp.plate_for(base.z)
    if shot is not None and shot.camera in ("zoom-in", "zoom-out"):
        frame, manifest = comp.zoomed(*comp.frame(states, base, plate, t), base, view)
    else:
        frame, manifest = comp.frame(states, view, plate, t)
    return RenderResult(frame, manifest)


def _jittered(layout: Layout, seed: int) -> Layout:
    """Seed 0 is the layout as given; other seeds move things a little so K candidates differ."""
    if seed == 0 or not layout.placements:
        return layout
    import random

    rng = random.Random(f"jitter|{seed}")
    moves = [(rng.uniform(-0.03, 0.03), rng.uniform(-0.015, 0.015)) for _ in layout.placements]
    support = {pl.key: move for pl, move in zip(layout.placements, moves) if pl.prop is not None}
    placements = []
    for pl, move in zip(layout.placements, moves):
        dx, dy = support.get(pl.on or "", move)  # what rests on a thing moves with it
        placements.append(pl.model_copy(update={"x": pl.x + dx, "y": pl.y + dy}))
    return layout.model_copy(update={"placements": placements})


def _follow_x(stage: Stage, shot: Shot | None, states: dict[str, EntityState]) -> float | None:
    if shot is None or shot.camera != "follow":
        return None
    for e in stage.entities:
        if shot.subject in (e.key, e.placement.key) or (shot.subject is None and e.design is not None):
            return states[e.key].x
    return None


# -- clips -------------------------------------------------------------------------------------------------


class Animator:
    """Entity states over time: motions, keyframe in-betweens, and what holds still."""

    def __init__(self, stage: Stage, motions: list[Motion], last: Stage | None, animate_only: list[str] | None,
                 duration: float) -> None:
        self.stage = stage
        self.duration = duration
        self.initial = {e.key: stage.initial_state(e) for e in stage.entities}
        names = {e.key for e in stage.entities} | {e.placement.key for e in stage.entities}
        self.allowed = None if animate_only is None else set(animate_only)
        if self.allowed is not None:
            unknown = self.allowed - names
            if unknown:
                stage.notes.append(f"animate_only names not in the layout: {', '.join(sorted(unknown))}")
        self.by_entity: dict[str, list[Motion]] = {}
        for m in motions:
            key = self._key(m.who)
            if key is None:
                raise ValueError(f"motion {m.name!r} is for {m.who!r}, who is not in the layout "
                                 f"({', '.join(e.key for e in stage.entities) or 'nobody'})")
            if m.name not in MOTIONS:
                matched = match_motion(m.name)
                stage.substitutions.append(f"motion '{m.name}' played as {matched}")
                m = m.model_copy(update={"name": matched})
            if self.allowed is not None and key not in self.allowed and m.who not in self.allowed:
                continue
            self.by_entity.setdefault(key, []).append(m)
        for key, ms in self.by_entity.items():
            ms.sort(key=lambda m: m.start_s)
            # whoever enters starts off-screen, and walks to where the layout put them
            first = ms[0]
            if first.name in ("enter-left", "enter-right"):
                st = self.initial[key]
                ms[0] = first.model_copy(update={"to_x": first.to_x if first.to_x is not None else st.x})
                off = -0.15 if first.name == "enter-left" else 1.15
                self.initial[key] = EntityState(off, st.y, st.depth, "right" if off < 0 else "left", st.pose,
                                                st.expression)
        # keyframes: the last layout's placement for each entity, in-betweened over the shot
        self.targets: dict[str, EntityState] = {}
        self.leaving: set[str] = set()
        if last is not None:
            def may_move(key: str) -> bool:
                return self.allowed is None or key in self.allowed

            last_states = {e.key: last.initial_state(e) for e in last.entities}
            for key, st in last_states.items():
                if key in self.initial and may_move(key):
                    self.targets[key] = st
            # a character only in the last keyframe walks in from the nearer side ...
            for e in last.entities:
                if e.key in self.initial:
                    continue
                if e.design is None or not may_move(e.key):
                    stage.notes.append(f"keyframe: {e.key} is only in the last layout and is not drawn")
                    continue
                st = last_states[e.key]
                off = -0.15 if st.x < 0.5 else 1.15
                stage.entities.append(e)
                self.initial[e.key] = replace(st, x=off, facing="right" if off < 0 else "left")
                self.targets[e.key] = st
                stage.notes.append(f"keyframe: {e.key} arrives from the {'left' if off < 0 else 'right'}")
            # ... and one only in the first walks off it
            for e in list(stage.entities):
                if e.key in last_states or e.design is None or not may_move(e.key):
                    continue
                st = self.initial[e.key]
                off = -0.2 if st.x < 0.5 else 1.2
                self.targets[e.key] = replace(st, x=off)
                self.leaving.add(e.key)
                stage.notes.append(f"keyframe: {e.key} leaves to the {'left' if off < 0 else 'right'}")
        # characters blink now and then (unless told to hold still): a still picture comes alive
        self.blinkers = {e.key for e in stage.entities if e.design is not None and
                         (self.allowed is None or e.key in self.allowed or e.placement.key in self.allowed)
                         and duration >= 1.0}
        self.moving = (set(self.by_entity) | {k for k, st in self.targets.items() if st != self.initial[k]}
                       | self.blinkers)

    def _key(self, who: str) -> str | None:
        for e in self.stage.entities:
            if who in (e.key, e.placement.key):
                return e.key
        return None

    def state(self, key: str, t: float) -> EntityState:
        ent = next(e for e in self.stage.entities if e.key == key)
        st = self.initial[key]
        target = self.targets.get(key)
        if target is not None:
            p = min(1.0, max(0.0, t / max(1e-6, self.duration)))
            u = ease(p, "ease-in-out")
            x = st.x + (target.x - st.x) * u
            y = st.y + (target.y - st.y) * u
            dist = abs(x - st.x) + abs(y - st.y) * 0.5
            moving = abs(target.x - st.x) + abs(target.y - st.y) > 0.02
            facing = (("right" if target.x > st.x else "left") if moving and 0 < p < 1 else
                      (target.facing if p >= 0.5 else st.facing))
            pose = ("walk" if moving and 0 < p < 1 and ent.design is not None else
                    (target.pose if p >= 0.5 else st.pose))
            st = EntityState(x, y, st.depth + (target.depth - st.depth) * u, facing, pose,
                             target.expression if p >= 0.5 else st.expression,
                             phase=dist / self.stage.stride(ent, st.depth), hidden=key in self.leaving and p >= 1)
        for i, m in enumerate(self.by_entity.get(key, [])):
            if t < m.start_s:
                break
            st = apply_motion(st, m, t, self.stage.stride(ent, st.depth))
        if key in self.blinkers:
            # every ~3.4 s for 0.12 s, each character at its own moment (from its name, not Python's hash)
            offset = (zlib.crc32(key.encode()) % 1000) / 1000 * 3.4
            if (t + offset) % 3.4 < 0.12 and t > 0.3:
                st = replace(st, blink=True)
        return st

    def states(self, t: float) -> dict[str, EntityState]:
        return {e.key: self.state(e.key, t) for e in self.stage.entities}


def render_clip(layout: Layout, shot: Shot, motions: list[Motion], *, characters: dict[str, CharacterDesign],
                out_path: Path, style: str = "storybook", size: tuple[int, int] = (768, 432), seed: int = 0,
                last_layout: Layout | None = None, animate_only: list[str] | None = None) -> ClipResult:
    """Frames of a layout under a shot and motions, encoded H.264 yuv420p MP4, plus a PNG poster frame.

    last_layout: a keyframe for the end of the shot; entities in both are in-betweened (walking
    if they move). animate_only: names that may move; everything else holds still.
    """
    # 1. check inputs
    size = check_size(size, video=True)
    check_style(style)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fps = shot.fps
    n_frames = max(1, int(round(shot.duration_s * fps)))
    for m in motions:
        if m.start_s > shot.duration_s:
            log.info("motion %s for %s starts after the shot ends", m.name, m.who)
    # 2. resolve layouts and motions
    stage = Stage.build(_jittered(layout, seed), characters, style, size, seed)
    last = Stage.build(_jittered(last_layout, seed), characters, style, size, seed) if last_layout else None
    if last is not None and last.place != stage.place:
        stage.notes.append(f"keyframe: last layout's place {last.place!r} differs; the first layout's place is used")
    anim = Animator(stage, motions, last, animate_only, shot.duration_s)
    static_camera = shot.camera == "static"
    frozen = {e.key for e in stage.entities if e.key not in anim.moving} if static_camera else set()
    comp = Compositor(stage, shot, frozen=_frozen_behind(stage, anim, frozen))
    # 3. camera: the framing is fixed at the first frame (follow tracks its subject)
    states0 = anim.states(0.0)
    # a wide shot keeps where everyone goes in view, unless the camera follows them there
    later = [anim.states(shot.duration_s * f) for f in (0.5, 1.0)] if shot.camera != "follow" else []
    base = framing_view(stage, shot, states0, later)
    plate = comp.plate_for(base.z)
    # 4. frames -> H.264
    manifests: list[Manifest] = []
    frames: list[Manifest] = []
    poster_index = n_frames // 2
    poster: Image.Image | None = None
    tmp = temp_path_for(out_path)  # created by the encoder, so it gets the umask's permissions
    try:
        with av.open(str(tmp), mode="w", format="mp4") as container:
            stream = container.add_stream("libx264", rate=Fraction(fps).limit_denominator(1001))
            stream.width, stream.height = size
            stream.pix_fmt = "yuv420p"
            stream.options = {"crf": "20", "preset": "superfast", "threads": "1"}
            stream.codec_context.thread_count = 1
            stream.codec_context.time_base = Fraction(1, fps)
            for i in range(n_frames):
                t = i / fps
                states = anim.states(t)
                frame, manifest = compose_frame(comp, shot, base, plate, states, t)
                if i == 0 or i == n_frames - 1:
                    manifests.append(manifest)
                if i % FRAME_STEP == 0 or i == n_frames - 1:
                    frames.append(manifest.model_copy(update={"time_s": round(t, 3)}))
                if i == poster_index:
                    poster = frame
                vf = av.VideoFrame.from_image(frame)
                vf.pts = i
                vf.time_base = Fraction(1, fps)
                for packet in stream.encode(vf):
                    container.mux(packet)
            for packet in stream.encode():
                container.mux(packet)
        os.replace(tmp, out_path)
    finally:
        tmp.unlink(missing_ok=True)
    poster_path = out_path.with_suffix(".png")
    _save_png(poster or frame, poster_path)
    if len(manifests) == 1:
        manifests.append(manifests[0])
    save_frame_manifests(frames, out_path)
    return ClipResult(path=out_path, poster_path=poster_path, frame_count=n_frames, fps=fps, manifests=manifests,
                      frames=frames)


def frame_manifests_path(clip: Path) -> Path:
    """Where a clip's frame manifests are kept: beside it, `<clip>.frames.json`."""
    return Path(clip).with_suffix(".frames.json")


def save_frame_manifests(frames: list[Manifest], clip: Path) -> Path:
    path = frame_manifests_path(clip)
    return atomic_write_text(path, json.dumps([m.model_dump(mode="json") for m in frames], separators=(",", ":")))


def load_frame_manifests(clip: Path) -> list[Manifest] | None:
    """A clip's frame manifests, or None for a clip that has none (a diffusers clip)."""
    path = frame_manifests_path(clip)
    if not path.exists():
        return None
    return [Manifest.model_validate(m) for m in json.loads(path.read_text(encoding="utf-8"))]


def compose_frame(comp: Compositor, shot: Shot, base: View, plate, states: dict[str, EntityState],
                  t: float) -> tuple[Image.Image, Manifest]:
    """One frame of a clip: the camera at time t, then the compositor (zooms are lens zooms)."""
    view = camera_view(base, shot, t, _follow_x(comp.stage, shot, states))
    if shot.camera in ("zoom-in", "zoom-out"):
        return comp.zoomed(*comp.frame(states, base, plate, t), base, view)
    return comp.frame(states, view, plate, t)


def _frozen_behind(stage: Stage, anim: Animator, frozen: set[str]) -> set[str]:
    """Still entities are baked into the background only if they are behind everything that moves."""
    if not frozen:
        return frozen
    movers = [anim.initial[k] for k in anim.moving]
    if not movers:
        return frozen
    front_most = min(movers, key=lambda s: (-s.depth, s.y))
    out = set()
    for k in frozen:
        st = anim.initial[k]
        if (-st.depth, st.y) < (-front_most.depth, front_most.y) and st.depth >= max(m.depth for m in movers):
            out.add(k)
        elif st.depth > max(m.depth for m in movers):
            out.add(k)
    return out


def _save_png(img: Image.Image, path: Path) -> None:
    atomic_save(path, lambda tmp: img.save(tmp, format="PNG", optimize=False))


def save_png(img: Image.Image, path: Path) -> Path:
    """Write a PNG atomically (temp file in the same folder, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _save_png(img, path)
    return path
