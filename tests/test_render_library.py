"""Every kind, prop, place, pose and expression in the library draws something (a regression net)."""

from __future__ import annotations

import pytest

from animdirector.tools.render import (
    EXPRESSIONS, POSES, Layout, Prop, Setting, design_from_text, known_kinds, known_places, known_props,
    render_scene,
)
from animdirector.tools.render.characters import character_sprite
from animdirector.tools.render.props import prop_sprite


@pytest.mark.parametrize("kind", known_kinds())
def test_every_kind_draws_in_every_view(kind):
    design = design_from_text("A", kind, "")
    for view in ("front", "side", "back"):
        sprite = character_sprite(design, "stand", view, "happy", 0.0, "storybook", 60)
        assert sprite.image.getbbox() is not None
        assert sprite.image.height >= 20


@pytest.mark.parametrize("kind", ["girl", "old man", "dog", "rabbit", "duck", "fish"])
def test_every_pose_and_expression_draws(kind):
    design = design_from_text("A", kind, "")
    for pose in POSES:
        for view in ("front", "side"):
            assert character_sprite(design, pose, view, "neutral", 0.3, "bold", 50).image.getbbox()
    for expression in EXPRESSIONS:
        assert character_sprite(design, "stand", "front", expression, 0.0, "night-pastel", 50).image.getbbox()


def test_every_prop_draws():
    for noun in known_props() + ["unheard-of thing"]:
        for shape in ("", "round", "square", "star"):
            assert prop_sprite(Prop(noun=noun, shape=shape), "storybook", 40).image.getbbox(), noun


@pytest.mark.parametrize("place", known_places())
def test_every_place_renders(place):
    r = render_scene(Layout(setting=Setting(place=place, time_of_day="sunset", weather="rain")), characters={},
                     size=(192, 108))
    assert r.image.size == (192, 108) and r.manifest.substitutions == []
