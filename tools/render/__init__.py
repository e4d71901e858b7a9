"""The procedural renderer and animator: picture-book characters, props and settings, drawn and
animated on the CPU with Pillow, numpy and PyAV. Knows nothing of agents.

    from animdirector.tools.render import CharacterDesign, Layout, Placement, Setting, render_scene
"""

from animdirector.tools.render.api import (
    load_frame_manifests, render_clip, render_reference_sheet, render_scene, render_setting, save_png,
)
from animdirector.tools.render.colours import parse_colour
from animdirector.tools.render.kinds import kind_words, known_kinds
from animdirector.tools.render.motions import match_motion, motion_library
from animdirector.tools.render.places import known_places
from animdirector.tools.render.props import known_props
from animdirector.tools.render.scene import (
    ACCESSORIES, EXPRESSIONS, HAIR_STYLES, POSES, STYLE_PRESETS, CharacterDesign, ClipResult, EntityBox, Layout,
    Manifest, Motion, Placement, Prop, RenderResult, Setting, Shot,
)
from animdirector.tools.render.text import design_from_text, prop_from_text

__all__ = [
    "ACCESSORIES", "EXPRESSIONS", "HAIR_STYLES", "POSES", "STYLE_PRESETS",
    "CharacterDesign", "ClipResult", "EntityBox", "Layout", "Manifest", "Motion", "Placement", "Prop",
    "RenderResult", "Setting", "Shot",
    "design_from_text", "kind_words", "known_kinds", "known_places", "known_props", "load_frame_manifests", "match_motion", "motion_library",
    "parse_colour", "prop_from_text", "render_clip", "render_reference_sheet", "render_scene", "render_setting",
    "save_png",
]
