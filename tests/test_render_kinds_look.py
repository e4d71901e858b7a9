"""Each kind carries the features that name it at scene size (a squirrel's plume, a fox's white tail tip,
a cat's raised tail, a seagull's white and grey with a yellow beak), and girls and women read as female.

Measured on the drawn sprites by where colours and opaque pixels are, not by pixel hashes.
"""

from __future__ import annotations

import numpy as np
import pytest

from animdirector.tools.render import design_from_text
from animdirector.tools.render.characters import GULL_BEAK, character_sprite
from animdirector.tools.render.colours import RGB, parse_colour
from animdirector.tools.render.kinds import KINDS, resolve_kind
from animdirector.tools.render.pen import get_style

PX = 120  # a character in a 512x288 frame is drawn 60-120 px tall


def _rgba(kind: str, view: str = "side", pose: str = "stand", look: str = "", name: str = "A",
          px: int = PX) -> np.ndarray:
    design = design_from_text(name, kind, look)
    return np.asarray(character_sprite(design, pose, view, "neutral", 0.0, "storybook", px).image).astype(int)


def _near(img: np.ndarray, rgb: RGB, tol: int = 40) -> np.ndarray:
    """Opaque pixels within tol of a colour as the storybook style paints it."""
    want = np.array(get_style("storybook").fill(rgb))
    return (img[..., 3] > 200) & (np.abs(img[..., :3] - want).sum(axis=2) < tol)


def _rows(mask: np.ndarray) -> np.ndarray:
    return np.nonzero(mask.any(axis=1))[0]


def test_a_squirrel_sits_under_a_tail_as_tall_as_itself():
    img = _rgba("squirrel")
    opaque = img[..., 3] > 128
    h, w = opaque.shape
    behind = opaque[:, : int(w * 0.35)]  # facing right: the back third is all tail
    rows = _rows(behind)
    assert rows.size and (rows.max() - rows.min()) > 0.75 * h
    # and the tail rises above the head: the top rows of the sprite are behind the head, not over it
    top = opaque[: int(h * 0.08)]
    assert np.nonzero(top.any(axis=0))[0].mean() < w * 0.5


def test_a_generic_animal_has_no_squirrel_plume():
    """The measure above tells a plume from an ordinary tail (it failed for the old squirrel too)."""
    opaque = _rgba("animal")[..., 3] > 128
    h, w = opaque.shape
    rows = _rows(opaque[:, : int(w * 0.35)])
    assert (rows.max() - rows.min()) < 0.75 * h


def test_a_fox_has_a_white_tipped_tail_and_the_cat_does_not():
    for kind, tipped in (("fox", True), ("cat", False)):
        img = _rgba(kind)
        w = img.shape[1]
        tail_end = img[:, : int(w * 0.1)]
        white = _near(tail_end, (255, 255, 255), 30).sum()
        assert (white > 0.3 * (tail_end[..., 3] > 200).sum()) == tipped, kind


def test_a_cat_holds_its_tail_up_and_a_dog_does_not():
    for kind, up in (("cat", True), ("dog", False)):
        opaque = _rgba(kind)[..., 3] > 128
        h, w = opaque.shape
        tail_region = opaque[: int(h * 0.2), : int(w * 0.2)]  # high above the back, behind the body
        assert tail_region.any() == up, kind


def test_cat_and_fox_default_coats_are_far_apart():
    fox, cat = (np.array(parse_colour(KINDS[k].fur)) for k in ("fox", "cat"))
    assert np.abs(fox - cat).sum() > 150


@pytest.mark.parametrize("word", ["seagull", "gull", "Seagull"])
def test_a_seagull_is_white_with_grey_wings_and_a_yellow_beak(word):
    assert resolve_kind(word)[0] == "seagull"
    img = _rgba(word)
    opaque = (img[..., 3] > 200).sum()
    white = _near(img, parse_colour("white")).sum()
    grey = _near(img, parse_colour(KINDS["seagull"].accent)).sum()
    beak = _near(img, GULL_BEAK).sum()
    blue = _near(img, parse_colour(KINDS["bird"].fur)).sum()
    assert white > 0.3 * opaque and grey > 0.1 * opaque and beak > 0 and blue == 0


def test_a_story_colour_still_wins_over_the_seagull_default():
    design = design_from_text("Gus", "seagull", "grey feathers")
    assert design.fur_colour == "grey"


@pytest.mark.parametrize("kind", ["woman", "old woman"])
def test_a_skirt_reaches_the_knee(kind):
    """A skirt that was a band at the hips made mothers read as men in tunics."""
    img = _rgba(kind, view="front", look="purple skirt", px=200)
    skirt = _rows(_near(img, parse_colour("purple")))
    feet = _rows(img[..., 3] > 128).max()
    top = _rows(img[..., 3] > 128).min()
    assert (feet - skirt.max()) < 0.26 * (feet - top)


@pytest.mark.parametrize("kind", ["woman", "girl"])
def test_curls_fall_to_the_shoulders_on_girls_and_women_not_on_boys_and_men(kind):
    """Lily with curly hair and trousers read as a boy: her curls now fall past her chin."""
    male = {"woman": "man", "girl": "boy"}[kind]
    lows = []
    for k in (kind, male):
        img = _rgba(k, view="front", look="curly red hair, white shirt, blue trousers, black shoes",
                     px=200)
        hair = _rows(_near(img, parse_colour("red")))
        lows.append(hair.max() / img.shape[0])
    assert lows[0] > lows[1] + 0.05


def test_girls_are_female_kinds():
    for kind in ("girl", "woman", "old woman"):
        assert KINDS[kind].params.get("female")
    for kind in ("boy", "man", "old man"):
        assert not KINDS[kind].params.get("female")


def test_what_the_story_says_about_a_girls_clothes_and_hair_wins():
    design = design_from_text("Lily", "girl", "short brown hair, blue jeans")
    assert (design.hair_style, design.bottom_style) == ("short", "trousers")
