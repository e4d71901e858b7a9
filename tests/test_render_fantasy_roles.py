"""Fantasy beings and people known by their role are drawn as themselves: a dragon with wings and spikes
that flies, a long-necked dinosaur, a unicorn's horn, a boxy robot, a horned monster, a floating ghost;
a king in a crown, a wizard in a pointed hat, a pirate, a knight, a chef, a firefighter, police.

Measured on the drawn sprites by where colours and opaque pixels are, as in test_render_kinds_look.
"""

from __future__ import annotations

import numpy as np
import pytest

from animdirector.tools.render import design_from_text
from animdirector.tools.render.characters import character_sprite
from animdirector.tools.render.colours import RGB
from animdirector.tools.render.kinds import KINDS, resolve_kind
from animdirector.tools.render.pen import get_style
from animdirector.tools.story import read_story
from animdirector.tools.story.vocabulary import flies

PX = 120


def _sprite(kind: str, view: str = "side", look: str = "", pose: str = "stand", px: int = PX):
    return character_sprite(design_from_text("A", kind, look), pose, view, "neutral", 0.0, "storybook", px)


def _rgba(kind: str, view: str = "side", look: str = "", pose: str = "stand") -> np.ndarray:
    return np.asarray(_sprite(kind, view, look, pose).image).astype(int)


def _near(img: np.ndarray, rgb: RGB, tol: int = 45) -> np.ndarray:
    want = np.array(get_style("storybook").fill(rgb))
    return (img[..., 3] > 200) & (np.abs(img[..., :3] - want).sum(axis=2) < tol)


@pytest.mark.parametrize("word, kind, noted", [
    ("dragon", "dragon", False), ("dinosaur", "dinosaur", False), ("dino", "dinosaur", False),
    ("brontosaurus", "dinosaur", False), ("t-rex", "dinosaur", True), ("unicorn", "unicorn", False),
    ("robot", "robot", False), ("monster", "monster", False), ("ghost", "ghost", False),
])
def test_fantasy_kinds_are_drawn_as_themselves_and_a_stand_in_says_so(word, kind, noted):
    got, note = resolve_kind(word)
    assert got == kind and bool(note) == noted, (word, got, note)


@pytest.mark.parametrize("kind, flying", [("dragon", True), ("bird", True), ("dinosaur", False),
                                          ("unicorn", False), ("ghost", False), ("robot", False)])
def test_a_dragon_flies_by_the_birds_rule(kind, flying):
    assert flies(kind) == flying
    assert (KINDS[kind].plan == "bird") == flying


def test_a_dragon_has_wings_raised_over_its_back_and_spikes_along_it():
    for kind, winged in (("dragon", True), ("dinosaur", False), ("animal", False)):
        img = _rgba(kind)
        opaque = img[..., 3] > 128
        h, w = opaque.shape
        over_back = opaque[: int(h * 0.3), int(w * 0.2): int(w * 0.5)]  # above the back, behind the head
        assert (over_back.mean() > 0.2) == winged, kind
    spikes = _near(_rgba("dragon"), (238, 160, 70), 80)
    assert spikes.sum() > 30
    # from the front its wings spread wider than its body on both sides
    front = _rgba("dragon", "front")[..., 3] > 128
    cols = np.nonzero(front.any(axis=0))[0]
    assert cols.max() - cols.min() > 1.4 * front.shape[0]


def test_a_unicorn_has_a_golden_horn_above_its_head_and_a_horse_does_not():
    for kind, horned in (("unicorn", True), ("horse", False)):
        for view in ("side", "front"):
            img = _rgba(kind, view)
            top = img[: int(img.shape[0] * 0.25)]
            assert (_near(top, (246, 204, 80), 60).sum() > 15) == horned, (kind, view)


def test_a_dinosaur_holds_its_small_head_high_on_a_long_neck_over_a_long_tail():
    img = _rgba("dinosaur")
    opaque = img[..., 3] > 128
    h, w = opaque.shape
    head_cols = np.nonzero(opaque[: int(h * 0.12)].any(axis=0))[0]
    assert head_cols.min() > w * 0.55  # the top is its head, at the front
    low_back = opaque[int(h * 0.6): int(h * 0.85), : int(w * 0.15)]
    assert low_back.any()  # the tail reaches back low behind it
    assert _sprite("dinosaur").image.height > _sprite("man").image.height


def test_a_robot_is_grey_metal_with_a_red_lamp_on_its_antenna():
    img = _rgba("robot", "front")
    opaque = img[..., 3] > 200
    metal = _near(img, (170, 180, 192), 60)
    assert metal.sum() > 0.4 * opaque.sum()
    top = img[: int(img.shape[0] * 0.08)]
    assert _near(top, (235, 70, 70), 60).sum() > 5


def test_a_monster_is_shaggy_and_purple_with_horns():
    img = _rgba("monster", "front")
    assert _near(img, (138, 99, 210), 60).sum() > 0.3 * (img[..., 3] > 200).sum()
    top = img[: int(img.shape[0] * 0.12)]
    assert _near(top, (196, 182, 160), 50).sum() > 10  # the horns


def test_a_ghost_floats_above_the_ground_as_a_white_sheet():
    sp = _sprite("ghost", "front")
    img = np.asarray(sp.image).astype(int)
    rows = np.nonzero((img[..., 3] > 128).any(axis=1))[0]
    assert sp.anchor[1] - rows.max() > 0.05 * img.shape[0]  # air between its hem and the ground
    assert _near(img, (250, 250, 250), 40).sum() > 0.5 * (img[..., 3] > 200).sum()


# role -> a colour of its costume at the top of the sprite (the head), which the plain kind lacks
ROLE_HATS = [
    ("king", "man", (245, 195, 50)), ("queen", "woman", (245, 195, 50)), ("princess", "girl", (245, 195, 50)),
    ("wizard", "old man", (61, 77, 183)), ("witch", "old woman", (42, 35, 48)), ("pirate", "man", (40, 36, 40)),
    ("knight", "man", (176, 184, 196)), ("chef", "man", (255, 255, 255)), ("firefighter", "man", (214, 40, 36)),
    ("police", "man", (38, 56, 112)), ("farmer", "man", (234, 200, 112)), ("sailor", "man", (250, 250, 250)),
    ("nurse", "woman", (255, 255, 255)),
]


@pytest.mark.parametrize("role, plain, rgb", ROLE_HATS)
def test_a_role_wears_the_hat_that_names_it(role, plain, rgb):
    for kind, worn in ((role, True), (plain, False)):
        img = _rgba(kind, "front")
        top = img[: int(img.shape[0] * 0.1)]
        assert (_near(top, rgb, 40).sum() > 12) == worn, (kind, _near(top, rgb, 40).sum())


def test_a_wizard_wears_a_long_robe_and_a_fairy_has_wings():
    wizard, man = (design_from_text("Zed", k, "") for k in ("wizard", "old man"))
    assert wizard.bottom_style == "dress" and "beard" in wizard.accessories and man.bottom_style == "trousers"
    fairy, girl = (_rgba(k, "front") for k in ("fairy", "girl"))
    assert (fairy[..., 3] > 128).any(axis=0).sum() > 1.3 * (girl[..., 3] > 128).any(axis=0).sum()


def test_doctor_chef_and_police_dress_in_their_colours():
    assert design_from_text("A", "doctor", "").top_colour == "white"
    assert "stethoscope" in design_from_text("A", "doctor", "").accessories
    assert design_from_text("A", "chef", "").top_colour == "white"
    assert design_from_text("A", "pirate", "").accessories[:2] == ["tricorn", "eyepatch"]


def test_the_look_given_wins_over_the_role():
    king = design_from_text("A", "king", "blue cap, green shirt")
    assert "cap" in king.accessories and "crown" not in king.accessories
    assert king.top_colour == "green" and king.accessory_colour == "blue"
    queen = design_from_text("A", "queen", "red dress")
    assert "crown" in queen.accessories and queen.top_colour == "red"
    knight = design_from_text("A", "knight", "blue shirt and brown trousers")
    assert knight.top_colour == "blue" and knight.bottom_colour == "brown"
    wizard = design_from_text("A", "wizard", "grey trousers")
    assert wizard.bottom_style == "trousers"


def test_a_straw_hat_is_not_a_plain_hat_too():
    assert design_from_text("A", "man", "straw hat").accessories == ["straw hat"]
    assert design_from_text("A", "man", "a red hat").accessories == ["hat"]


STORIES = [
    ("A dragon named Ember flew over the castle.", "Ember", "dragon", "dragon"),
    ("Rex the dinosaur ate leaves.", "Rex", "dinosaur", "dinosaur"),
    ("A unicorn named Star ran in the meadow.", "Star", "unicorn", "unicorn"),
    ("Bolt the robot helped Mia.", "Bolt", "robot", "robot"),
    ("A friendly monster named Fuzz hugged Tom.", "Fuzz", "monster", "monster"),
    ("Boo the ghost floated into the kitchen.", "Boo", "ghost", "ghost"),
    ("The king smiled at his daughter.", "King", "man", "king"),
    ("A wizard named Zed waved his wand.", "Zed", "old man", "wizard"),
    ("Captain Hook the pirate sailed his ship.", "Hook", "man", "pirate"),
    ("Sir Leo the knight rode to the castle.", "Leo", "man", "knight"),
    ("The witch stirred her pot.", "Witch", "old woman", "witch"),
    ("A fairy named Pip sprinkled dust.", "Pip", "girl", "fairy"),
    ("The firefighter saved the cat.", "Firefighter", "man", "firefighter"),
]


@pytest.mark.parametrize("sentence, name, kind, word", STORIES)
def test_stories_name_the_kinds_and_roles_drawn(sentence, name, kind, word):
    ch = read_story(sentence).cast[name]
    assert (ch.kind, ch.word) == (kind, word)
    # the director draws the person under the story's word: the role's costume, the kind's body
    design = design_from_text(name, ch.word, "")
    assert resolve_kind(design.kind)[0] == kind
    if word in ("king", "wizard", "pirate", "knight", "witch", "fairy", "firefighter"):
        assert design.accessories != design_from_text(name, kind, "").accessories
