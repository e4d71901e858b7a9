"""The scene language: what to draw, where, and how the camera and the characters move.

Every model forbids unknown keys, so a typo in an agent's JSON is an error that names the key
rather than a silently ignored field. Colours are kept as the words people write ("light blue")
and checked with `parse_colour`, so designs stay readable in the story bible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from PIL import Image
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from animdirector.tools.render.colours import parse_colour

STYLE_PRESETS: tuple[str, ...] = ("storybook", "night-pastel", "bold")

POSES: tuple[str, ...] = ("stand", "walk", "run", "sit", "wave", "reach", "hold", "kneel", "jump", "lie")
EXPRESSIONS: tuple[str, ...] = ("happy", "sad", "surprised", "angry", "scared", "neutral")
HAIR_STYLES: tuple[str, ...] = (
    "short", "curly", "long", "ponytail", "pigtails", "bun", "bob", "spiky", "braids", "bald",
)
BOTTOM_STYLES: tuple[str, ...] = ("trousers", "shorts", "skirt", "dress")
ACCESSORIES: tuple[str, ...] = (
    "glasses", "hat", "cap", "bow", "scarf", "backpack", "crown", "collar", "bowtie", "necklace",
    "beard", "moustache", "cane", "apron", "headband", "flower", "earrings", "cape",
    # the costumes that name a role (see text.ROLE_LOOKS)
    "pointed hat", "tricorn", "eyepatch", "helmet", "chef hat", "fire helmet", "police cap", "captain hat",
    "straw hat", "nurse cap", "stethoscope", "wings",
)

# Poses people write that mean one of ours.
POSE_ALIASES: dict[str, str] = {
    "standing": "stand", "walking": "walk", "running": "run", "sitting": "sit", "waving": "wave",
    "reaching": "reach", "holding": "hold", "kneeling": "kneel", "jumping": "jump", "lie down": "lie",
    "lie-down": "lie", "lying": "lie", "lying down": "lie", "sleep": "lie", "sleeping": "lie",
    "idle": "stand", "dig": "kneel", "digging": "kneel", "crouch": "kneel", "hop": "jump", "skip": "walk",
    "carry": "hold", "carrying": "hold", "point": "reach", "pointing": "reach", "dance": "wave",
    "dancing": "wave", "sit-down": "sit", "sit down": "sit", "play": "wave", "playing": "wave",
    "talk": "stand", "talking": "stand", "look": "stand", "looking": "stand", "cry": "stand", "crying": "stand",
}
EXPRESSION_ALIASES: dict[str, str] = {
    "smile": "happy", "smiling": "happy", "joyful": "happy", "excited": "happy", "glad": "happy",
    "cheerful": "happy", "unhappy": "sad", "crying": "sad", "upset": "sad", "shocked": "surprised",
    "amazed": "surprised", "curious": "surprised", "mad": "angry", "cross": "angry", "grumpy": "angry",
    "afraid": "scared", "frightened": "scared", "worried": "scared", "nervous": "scared", "calm": "neutral",
    "thoughtful": "neutral", "sleepy": "neutral", "proud": "happy", "relieved": "happy", "": "neutral",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _check_colour(value: str, field_name: str) -> str:
    if value == "":
        return value
    try:
        parse_colour(value)
    except ValueError as exc:
        raise ValueError(f"{field_name}: {exc}") from None
    return value


class CharacterDesign(_Strict):
    """How one character looks, everywhere: the same design gives the same drawing in every scene.

    Colours are words or #hex. People use skin/hair/clothes; animals use fur_colour (main body)
    and accent_colour (belly, muzzle, markings); both may wear accessories.
    """

    name: str = Field(min_length=1, max_length=60)
    kind: str = Field(min_length=1, max_length=40)
    skin_colour: str = "peach"
    fur_colour: str = "brown"
    accent_colour: str = "cream"
    eye_colour: str = "dark brown"
    hair_style: str = "short"
    hair_colour: str = "brown"
    top_colour: str = "red"
    bottom_colour: str = "blue"
    bottom_style: str = "trousers"
    shoes_colour: str = "brown"
    accessories: list[str] = Field(default_factory=list, max_length=6)
    accessory_colour: str = "gold"
    height_scale: float = Field(1.0, ge=0.6, le=1.5)

    @field_validator(
        "skin_colour", "fur_colour", "accent_colour", "eye_colour", "hair_colour", "top_colour",
        "bottom_colour", "shoes_colour", "accessory_colour",
    )
    @classmethod
    def _colour(cls, value: str, info) -> str:
        return _check_colour(value, info.field_name)

    @field_validator("hair_style")
    @classmethod
    def _hair(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in HAIR_STYLES:
            raise ValueError(f"hair_style {value!r} is not one of {', '.join(HAIR_STYLES)}")
        return value

    @field_validator("bottom_style")
    @classmethod
    def _bottom(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in BOTTOM_STYLES:
            raise ValueError(f"bottom_style {value!r} is not one of {', '.join(BOTTOM_STYLES)}")
        return value

    @field_validator("accessories")
    @classmethod
    def _accessories(cls, value: list[str]) -> list[str]:
        out = []
        for item in value:
            item = item.strip().lower()
            if item not in ACCESSORIES:
                raise ValueError(f"accessory {item!r} is not one of {', '.join(ACCESSORIES)}")
            if item not in out:
                out.append(item)
        return out


class Prop(_Strict):
    """An object by noun, colour and shape; unknown nouns are drawn as a generic object (and noted)."""

    noun: str = Field(min_length=1, max_length=40)
    colour: str = ""
    shape: str = ""
    size: Literal["small", "medium", "large"] = "medium"

    @field_validator("colour")
    @classmethod
    def _colour(cls, value: str) -> str:
        return _check_colour(value, "colour")

    @field_validator("noun", "shape")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.strip().lower()


class Setting(_Strict):
    """Where and when: an unknown place is drawn as the nearest known one (and noted)."""

    place: str = Field(min_length=1, max_length=60)
    time_of_day: Literal["morning", "noon", "sunset", "night"] = "noon"
    weather: Literal["clear", "cloudy", "fog", "rain", "snow"] = "clear"


class Placement(_Strict):
    """One character or prop in the frame. x, y are 0..1 of the wide frame; y is the feet line.

    depth 0 is the front, 1 the back (smaller, drawn first); if y is not given, a deeper placement
    stands higher up the frame. Positions out of 0..1 are clamped at render time and the clamp is
    noted in the manifest.
    """

    character: str | None = None
    prop: Prop | None = None
    x: float = 0.5
    y: float = 0.85
    depth: float = Field(0.0, ge=0.0, le=1.0)
    facing: Literal["left", "right", "front"] = "front"
    pose: str = "stand"
    expression: str = "neutral"
    holding: Prop | None = None
    on: str | None = None  # the prop this one rests or stands on top of (a toy on a chair, a cup on the table)

    @field_validator("pose")
    @classmethod
    def _pose(cls, value: str) -> str:
        value = value.strip().lower()
        value = POSE_ALIASES.get(value, value)
        if value not in POSES:
            raise ValueError(f"pose {value!r} is not one of {', '.join(POSES)}")
        return value

    @field_validator("expression")
    @classmethod
    def _expression(cls, value: str) -> str:
        value = value.strip().lower()
        value = EXPRESSION_ALIASES.get(value, value)
        if value not in EXPRESSIONS:
            raise ValueError(f"expression {value!r} is not one of {', '.join(EXPRESSIONS)}")
        return value

    @model_validator(mode="after")
    def _one_thing(self) -> "Placement":
        if (self.character is None) == (self.prop is None):
            raise ValueError("a placement needs exactly one of 'character' or 'prop'")
        return self

    @property
    def key(self) -> str:
        """The entity's name in manifests and motions: the character's name or the prop's noun."""
        return self.character if self.character is not None else self.prop.noun  # type: ignore[union-attr]


class Layout(_Strict):
    """A setting and what stands in it. An empty list renders the setting alone."""

    setting: Setting
    placements: list[Placement] = Field(default_factory=list, max_length=24)


class Shot(_Strict):
    """Framing on a subject, a camera move, and how long the clip lasts."""

    framing: Literal["wide", "medium", "close-up"] = "wide"
    subject: str | None = None
    camera: Literal[
        "static", "pan-left", "pan-right", "tilt-up", "tilt-down", "zoom-in", "zoom-out", "follow"
    ] = "static"
    duration_s: float = Field(4.0, gt=0.0, le=60.0)
    fps: int = Field(24, ge=1, le=60)


class Motion(_Strict):
    """One named motion from the library (see `motion_library()`), over start_s..end_s of the shot."""

    name: str
    who: str
    to_x: float | None = None
    to_y: float | None = None
    start_s: float = Field(0.0, ge=0.0)
    end_s: float = Field(1.0, ge=0.0)
    easing: Literal["linear", "ease-in", "ease-out", "ease-in-out"] = "ease-in-out"
    # give and throw: who ends up holding the thing `who` holds (a character's name); a throw with
    # nobody to catch it lands on the ground at to_x
    receiver: str | None = None

    @model_validator(mode="after")
    def _order(self) -> "Motion":
        if self.end_s < self.start_s:
            raise ValueError(f"motion {self.name!r}: end_s {self.end_s} is before start_s {self.start_s}")
        return self


class EntityBox(_Strict):
    """Where one entity was drawn: pixel box x0, y0, x1, y1 (x1, y1 exclusive) inside the frame."""

    name: str
    category: Literal["character", "prop"]
    label: str
    bbox: tuple[int, int, int, int]
    colour: str = ""
    # In a clip's frame manifests (see render_clip): how much of the drawing is inside the frame
    # (0 once it has left), its pose and facing, and for a held prop, who holds it.
    visible: float = 1.0
    pose: str = ""
    facing: str = ""
    held_by: str = ""
    # a thing handed over, thrown or bounced in this clip (from the start of that motion): whose
    # hand it leaves, and whose it goes to
    from_hand: str = ""
    to_hand: str = ""


class Manifest(_Strict):
    """What was drawn where, and every substitution or clamp made on the way."""

    entities: list[EntityBox] = Field(default_factory=list)
    substitutions: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    setting: Setting | None = None
    size: tuple[int, int] = (768, 432)
    time_s: float | None = None  # a clip frame's time
    touching: list[tuple[str, str]] = Field(default_factory=list)  # characters drawn in contact

    def visible(self, name: str, at_least: float = 0.5) -> bool:
        """Whether `name` (a character, or a prop by noun or library label) is drawn with at least
        that share of it inside the frame."""
        return any(e.visible >= at_least and name in (e.name, e.label) for e in self.entities)

    def entity(self, name: str) -> EntityBox | None:
        """The first box for a name (character name or prop noun), or None."""
        return next((e for e in self.entities if e.name == name), None)


@dataclass
class RenderResult:
    image: Image.Image
    manifest: Manifest


@dataclass
class ClipResult:
    path: Path
    poster_path: Path
    frame_count: int
    fps: int
    manifests: list[Manifest] = field(default_factory=list)  # the first frame's and the last one's
    frames: list[Manifest] = field(default_factory=list)  # every FRAME_STEP-th frame's, and the last
