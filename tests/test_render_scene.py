"""The renderer's scene language, pictures and manifests: what the critic and the agents rely on."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from animdirector.tools.render import (
    STYLE_PRESETS, CharacterDesign, Layout, Placement, Prop, Setting, Shot, design_from_text, known_kinds,
    known_places, known_props, parse_colour, prop_from_text, render_reference_sheet, render_scene, render_setting,
)

SIZE = (384, 216)  # small frames keep the tests fast; the code paths are the same


@pytest.fixture(scope="module")
def cast() -> dict[str, CharacterDesign]:
    return {
        "Tim": design_from_text("Tim", "boy", "red shirt, blue shorts, curly brown hair"),
        "Mia": design_from_text("Mia", "girl", "yellow dress, black pigtails, glasses"),
        "Rex": design_from_text("Rex", "puppy", "golden fur, red collar"),
    }


def park_layout() -> Layout:
    return Layout(setting=Setting(place="park", time_of_day="noon"), placements=[
        Placement(character="Tim", x=0.3, y=0.85, facing="right", pose="walk", expression="happy"),
        Placement(character="Mia", x=0.55, y=0.8, depth=0.3, pose="wave", holding=Prop(noun="balloon", colour="red")),
        Placement(character="Rex", x=0.8, y=0.9, facing="left"),
        Placement(prop=Prop(noun="ball", colour="blue", size="large"), x=0.12, y=0.93),
    ])


# -- the scene language ---------------------------------------------------------------------------


def test_models_forbid_unknown_keys_and_bad_values():
    with pytest.raises(ValidationError, match="colr"):
        Prop(noun="ball", colr="red")
    with pytest.raises(ValidationError, match="hair_style"):
        CharacterDesign(name="A", kind="boy", hair_style="mohawk-ish")
    with pytest.raises(ValidationError, match="unknown colour word 'blurple'"):
        CharacterDesign(name="A", kind="boy", top_colour="blurple")
    with pytest.raises(ValidationError, match="time_of_day"):
        Setting(place="park", time_of_day="midnight")
    with pytest.raises(ValidationError, match="exactly one"):
        Placement(x=0.5)
    with pytest.raises(ValidationError, match="pose 'flying-kick'"):
        Placement(character="Tim", pose="flying-kick")


def test_pose_and_expression_aliases():
    p = Placement(character="Tim", pose="sitting", expression="smiling")
    assert (p.pose, p.expression) == ("sit", "happy")


def test_library_breadth():
    kinds = known_kinds()
    for k in ("boy", "girl", "man", "woman", "old man", "old woman", "baby"):
        assert k in kinds
    animals = [k for k in kinds if k not in ("boy", "girl", "man", "woman", "old man", "old woman", "baby")]
    assert len(animals) >= 15
    assert len(known_props()) >= 40
    for noun in ("ball", "toy car", "diary", "sandcastle", "kite", "umbrella", "crown", "key"):
        assert noun in known_props()
    assert len(known_places()) >= 18
    assert set(STYLE_PRESETS) >= {"storybook", "night-pastel"}


@pytest.mark.parametrize("text,rgb", [
    ("red", parse_colour("red")),
    ("Light Blue", None), ("dark green", None), ("golden", (235, 180, 40)), ("tomato", (255, 99, 71)),
    ("#ff0000", (255, 0, 0)), ("sky blue", (135, 206, 235)), ("reddish", parse_colour("red")),
])
def test_colour_words(text, rgb):
    got = parse_colour(text)
    assert len(got) == 3 and all(0 <= c <= 255 for c in got)
    if rgb is not None:
        assert got == rgb


def test_colour_modifiers_and_errors():
    blue = parse_colour("blue")
    assert sum(parse_colour("light blue")) > sum(blue) > sum(parse_colour("dark blue"))
    with pytest.raises(ValueError, match="'glorp'"):
        parse_colour("light glorp")


def test_design_from_text_reads_the_look_and_fills_the_rest():
    d = design_from_text("Tim", "boy", "red shirt, blue shorts, curly brown hair, glasses")
    assert (d.kind, d.top_colour, d.bottom_colour, d.bottom_style) == ("boy", "red", "blue", "shorts")
    assert (d.hair_style, d.hair_colour) == ("curly", "brown")
    assert "glasses" in d.accessories
    assert design_from_text("Tim", "boy", "") == design_from_text("Tim", "boy", "")  # deterministic
    assert design_from_text("Tim", "boy", "") != design_from_text("Sam", "boy", "")  # varies by name
    assert design_from_text("Rex", "puppy", "golden fur").kind == "dog"
    assert design_from_text("Nan", "grandma", "").kind == "old woman"


def test_prop_from_text():
    assert prop_from_text("a big red round ball") == Prop(noun="ball", colour="red", shape="round", size="large")
    assert prop_from_text("a small dark green toy car") == Prop(noun="toy car", colour="dark green", size="small")
    assert prop_from_text("the glowing purple orb").noun == "orb"


def test_props_of_the_dev_stories_are_drawn_as_the_nearest_library_prop():
    from animdirector.tools.render.props import resolve_prop

    # Nouns the 25 dev stories' scripts used that had been drawn as a generic object.
    assert resolve_prop("cuddly bear") == ("teddy bear", "prop 'cuddly bear' drawn as teddy bear")
    assert resolve_prop("twig")[0] == "stick" and resolve_prop("magic wand")[0] == "wand"  # a twig is no wand
    assert resolve_prop("scissors") == ("scissors", None)  # in the library since the stories named them
    assert resolve_prop("picture") == ("painting", "prop 'picture' drawn as painting")  # not a window
    assert resolve_prop("whisk") == (None, "unknown prop 'whisk' drawn as a generic object")


# -- pictures and manifests -------------------------------------------------------------------------


def test_scene_manifest_lists_every_entity_inside_the_frame(cast):
    r = render_scene(park_layout(), characters=cast, size=SIZE)
    assert r.image.mode == "RGB" and r.image.size == SIZE
    names = [e.name for e in r.manifest.entities]
    assert names == ["Tim", "Mia", "balloon", "Rex", "ball"]
    for e in r.manifest.entities:
        x0, y0, x1, y1 = e.bbox
        assert 0 <= x0 < x1 <= SIZE[0] and 0 <= y0 < y1 <= SIZE[1]
    labels = {e.name: e.label for e in r.manifest.entities}
    assert labels["Rex"] == "dog" and labels["ball"] == "ball"
    tim, rex = r.manifest.entity("Tim").bbox, r.manifest.entity("Rex").bbox
    assert tim[2] < rex[0]  # Tim is left of Rex, as placed


def test_same_seed_is_pixel_identical_and_seeds_differ(cast):
    a = render_scene(park_layout(), characters=cast, size=SIZE, seed=3)
    b = render_scene(park_layout(), characters=cast, size=SIZE, seed=3)
    c = render_scene(park_layout(), characters=cast, size=SIZE, seed=4)
    assert np.array_equal(np.asarray(a.image), np.asarray(b.image))
    assert a.manifest == b.manifest
    assert not np.array_equal(np.asarray(a.image), np.asarray(c.image))


def test_out_of_frame_positions_are_clamped_and_noted(cast):
    layout = Layout(setting=Setting(place="beach"), placements=[Placement(character="Tim", x=1.4, y=1.3)])
    r = render_scene(layout, characters=cast, size=SIZE)
    box = r.manifest.entity("Tim").bbox
    assert 0 <= box[0] < box[2] <= SIZE[0] and 0 <= box[1] < box[3] <= SIZE[1]
    assert any("clamped" in n for n in r.manifest.notes)


def test_unknown_words_degrade_gracefully_and_are_recorded(cast):
    designs = dict(cast, Puff=CharacterDesign(name="Puff", kind="griffin", fur_colour="green"))
    layout = Layout(setting=Setting(place="volcano lair"), placements=[
        Placement(character="Puff", x=0.4, y=0.85),
        Placement(prop=Prop(noun="orb", colour="purple", shape="round"), x=0.7, y=0.9),
    ])
    r = render_scene(layout, characters=designs, size=SIZE)
    subs = " | ".join(r.manifest.substitutions)
    assert "volcano lair" in subs and "griffin" in subs and "orb" in subs
    assert r.manifest.entity("orb").label == "round object"
    assert r.manifest.setting.place == "volcano lair"


def test_unknown_character_name_is_an_error_naming_it(cast):
    layout = Layout(setting=Setting(place="park"), placements=[Placement(character="Zed", x=0.5, y=0.8)])
    with pytest.raises(ValueError, match="'Zed'"):
        render_scene(layout, characters=cast, size=SIZE)


def test_bad_sizes_and_styles_are_errors_naming_the_value(cast):
    with pytest.raises(ValueError, match="-5"):
        render_setting(Setting(place="park"), size=(-5, 100))
    with pytest.raises(ValueError, match="watercolour"):
        render_setting(Setting(place="park"), size=SIZE, style="watercolour")


def test_empty_layout_renders_the_setting_alone():
    r = render_scene(Layout(setting=Setting(place="kitchen", time_of_day="night")), characters={}, size=SIZE)
    assert r.manifest.entities == [] and r.image.size == SIZE


def test_night_is_darker_than_noon():
    noon = np.asarray(render_setting(Setting(place="meadow", time_of_day="noon"), size=SIZE).image).mean()
    night = np.asarray(render_setting(Setting(place="meadow", time_of_day="night"), size=SIZE).image).mean()
    assert night < noon * 0.7


def test_close_up_frames_the_subject_larger(cast):
    wide = render_scene(park_layout(), Shot(framing="wide"), characters=cast, size=SIZE)
    close = render_scene(park_layout(), Shot(framing="close-up", subject="Tim"), characters=cast, size=SIZE)
    h_wide = wide.manifest.entity("Tim").bbox[3] - wide.manifest.entity("Tim").bbox[1]
    h_close = close.manifest.entity("Tim").bbox[3] - close.manifest.entity("Tim").bbox[1]
    assert h_close > 1.5 * h_wide


def test_same_design_looks_the_same_in_two_scenes(cast):
    """Identity: the character's own pixels do not depend on the scene around it."""
    a = render_scene(Layout(setting=Setting(place="park"), placements=[Placement(character="Tim", x=0.5, y=0.9)]),
                     characters=cast, size=SIZE)
    b = render_scene(Layout(setting=Setting(place="bedroom"), placements=[Placement(character="Tim", x=0.5, y=0.9)]),
                     characters=cast, size=SIZE)
    ba, bb = a.manifest.entity("Tim").bbox, b.manifest.entity("Tim").bbox
    assert ba == bb
    x0, y0, x1, y1 = ba
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2  # the shirt
    pa = np.asarray(a.image)[cy - 3:cy + 3, cx - 3:cx + 3].astype(int)
    pb = np.asarray(b.image)[cy - 3:cy + 3, cx - 3:cx + 3].astype(int)
    assert np.abs(pa - pb).max() <= 2


def test_reference_sheet_has_three_views_and_the_name(cast):
    r = render_reference_sheet(cast["Mia"], size=SIZE)
    assert [e.name for e in r.manifest.entities] == ["Mia", "Mia:side", "Mia:back"]
    assert r.image.size == SIZE


def test_every_style_renders(cast):
    for style in STYLE_PRESETS:
        r = render_scene(park_layout(), characters=cast, size=SIZE, style=style)
        assert r.image.size == SIZE


@pytest.mark.parametrize("kind,look,expect", [
    ("girl", "a girl with long red hair and a green dress",
     {"hair_style": "long", "hair_colour": "red", "top_colour": "green", "bottom_style": "dress"}),
    ("mouse", "a small grey mouse with pink ears", {"fur_colour": "grey", "accent_colour": "pink"}),
    ("cat", "a fluffy black cat with white paws", {"fur_colour": "black", "accent_colour": "white"}),
    ("woman", "dark skin, braids, orange skirt", {"hair_style": "braids", "bottom_style": "skirt",
                                                   "bottom_colour": "orange", "skin_colour": "#6b4329"}),
    ("old man", "white beard, walking stick", {"hair_colour": "white"}),
    # a covering the body does not have gives no coat: a squirrel has no feathers, a bird no fur
    ("squirrel", "brown fur, white feathers", {"fur_colour": "brown"}),
    ("owl", "white feathers, brown fur", {"fur_colour": "white"}),
])
def test_design_from_text_clauses_keep_their_colours(kind, look, expect):
    d = design_from_text("X", kind, look)
    assert {k: getattr(d, k) for k in expect} == expect


def test_a_sitter_over_a_bench_sits_on_it(cast):
    sit = Placement(character="Tim", x=0.4, y=0.85, pose="sit")
    alone = render_scene(Layout(setting=Setting(place="park"), placements=[sit]), characters=cast, size=SIZE)
    seated = render_scene(Layout(setting=Setting(place="park"), placements=[
        Placement(prop=Prop(noun="bench"), x=0.4, y=0.85), sit]), characters=cast, size=SIZE)
    assert seated.manifest.entity("Tim").bbox[3] < alone.manifest.entity("Tim").bbox[3] - 5


@pytest.mark.parametrize("support, thing", [("chair", "teddy bear"), ("table", "cup"), ("basket", "apple")])
def test_a_thing_on_another_is_drawn_on_its_top(cast, support, thing):
    """"The teddy sat on a chair", "a cup on the table": up on it, not on the floor in front of it."""
    def drawn(on):
        layout = Layout(setting=Setting(place="kitchen"), placements=[
            Placement(prop=Prop(noun=support), x=0.5, y=0.85), Placement(prop=Prop(noun=thing), x=0.5, y=0.852, on=on)])
        return render_scene(layout, characters=cast, size=SIZE, seed=3).manifest
    floor, top = drawn(None), drawn(support)
    rests = top.entity(thing).bbox
    assert rests[3] < floor.entity(thing).bbox[3] - 5  # lifted
    assert top.entity(support).bbox[1] <= rests[3] <= top.entity(support).bbox[3]  # onto the support, not above it
    assert top.entity(support).bbox[0] <= (rests[0] + rests[2]) / 2 <= top.entity(support).bbox[2]


@pytest.mark.parametrize("thing, lifted", [("bag", False), ("basket", False), ("chair", True), ("table", True)])
def test_a_sitter_the_layout_puts_on_any_thing_sits_on_it(cast, thing, lifted):
    """"He sat on a soft bean bag": a bag is no chair, and lower than his hip: he sits at it on the
    ground (it had failed the render); on a chair or a table he sits up on it."""
    sit = Placement(character="Tim", x=0.4, y=0.85, pose="sit")
    alone = render_scene(Layout(setting=Setting(place="park"), placements=[sit]), characters=cast, size=SIZE)
    seated = render_scene(Layout(setting=Setting(place="park"), placements=[
        Placement(prop=Prop(noun=thing), x=0.4, y=0.85), sit.model_copy(update={"on": thing})]), characters=cast, size=SIZE)
    assert seated.manifest.entity("Tim").visible > 0.9
    assert (seated.manifest.entity("Tim").bbox[3] < alone.manifest.entity("Tim").bbox[3] - 3) == lifted


def test_a_dog_the_layout_puts_in_his_basket_lies_in_it(cast):
    rex = Placement(character="Rex", x=0.5, y=0.85, pose="lie")
    basket = Placement(prop=Prop(noun="basket"), x=0.5, y=0.85)
    floor = render_scene(Layout(setting=Setting(place="kitchen"), placements=[basket, rex]), characters=cast, size=SIZE)
    inside = render_scene(Layout(setting=Setting(place="kitchen"), placements=[basket, rex.model_copy(update={"on": "basket"})]),
                          characters=cast, size=SIZE)
    assert inside.manifest.entity("Rex").bbox[3] < floor.manifest.entity("Rex").bbox[3] - 3


def test_a_revised_design_under_the_same_name_is_drawn_anew():
    """The sprite caches key on the whole design: changing Mia's dress in one process shows the new dress."""
    from animdirector.tools.render import CharacterDesign, Layout, Placement, Setting, render_scene

    layout = Layout(setting=Setting(place="forest", time_of_day="sunset"), placements=[Placement(character="Mia", x=0.5, depth=0.5)])
    yellow = CharacterDesign(name="Mia", kind="girl", top_colour="yellow", bottom_colour="yellow", bottom_style="dress")
    green = yellow.model_copy(update={"top_colour": "green", "bottom_colour": "green"})
    first = render_scene(layout, characters={"Mia": yellow}, size=(320, 180), seed=1).image
    second = render_scene(layout, characters={"Mia": green}, size=(320, 180), seed=1).image
    assert first.tobytes() != second.tobytes()


def test_a_small_cast_on_its_own_is_framed_closer():
    """A lone bird in the wide shot was 33 px high in a 768x432 still (story 203): too small to tell
    what it was. A wide shot of only small characters moves closer; one with a boy in it does not."""
    bird = design_from_text("Pip", "bird", "blue feathers")
    boy = design_from_text("Tim", "boy", "red shirt")
    alone = Layout(setting=Setting(place="garden"), placements=[Placement(character="Pip", x=0.2, depth=0.5)])
    with_boy = Layout(setting=Setting(place="garden"), placements=[
        Placement(character="Pip", x=0.2, depth=0.5), Placement(character="Tim", x=0.7)])

    def height(layout, cast):
        r = render_scene(layout, None, characters=cast, size=SIZE, seed=1)
        x0, y0, x1, y1 = r.manifest.entity("Pip").bbox
        assert 0 < x0 and x1 < SIZE[0] and y1 < SIZE[1]  # all of it in the frame
        return (y1 - y0) / SIZE[1], y1 / SIZE[1]

    (h_alone, feet), (h_with_boy, _) = height(alone, {"Pip": bird}), height(with_boy, {"Pip": bird, "Tim": boy})
    assert h_alone > 1.6 * h_with_boy
    assert feet > 0.55  # feet low in the frame: the garden's horizon stays in the picture


@pytest.mark.parametrize("facing", ["right", "left"])
def test_a_held_kite_flies_above_and_behind_its_holder_on_a_string(cast, facing):
    layout = Layout(setting=Setting(place="park", time_of_day="noon"), placements=[
        Placement(character="Mia", x=0.5, pose="run", facing=facing, holding=Prop(noun="kite", colour="red"))])
    res = render_scene(layout, None, characters=cast, size=SIZE, seed=1)
    mia, kite = res.manifest.entity("Mia").bbox, res.manifest.entity("kite").bbox
    assert kite[3] < mia[1] + 0.25 * (mia[3] - mia[1])  # its bottom above her shoulders: up in the air
    mia_x, kite_x = (mia[0] + mia[2]) / 2, (kite[0] + kite[2]) / 2
    assert (kite_x < mia_x) if facing == "right" else (kite_x > mia_x)  # trailing behind her as she runs
    assert 0 <= kite[0] and kite[2] <= SIZE[0] and 0 <= kite[1]  # and in the frame
    # the string: dark pixels on the sky between her hand and the kite, where the picture without it has none
    bare = render_scene(layout.model_copy(update={"placements": [layout.placements[0].model_copy(update={"holding": None})]}),
                        None, characters=cast, size=SIZE, seed=1)
    between = (slice(kite[3] + 2, mia[1] - 2), slice(min(kite[0], mia[0]), max(kite[2], mia[2])))
    dark = lambda img: (np.asarray(img.convert("L"))[between] < 110).sum()  # noqa: E731
    assert dark(res.image) > dark(bare.image) + 3


@pytest.mark.parametrize("place,pose", [("living room", "stand"), ("park", "sit")])
def test_a_kite_indoors_or_held_sitting_is_carried_not_flown(cast, place, pose):
    layout = Layout(setting=Setting(place=place, time_of_day="noon"), placements=[
        Placement(character="Mia", x=0.5, pose=pose, holding=Prop(noun="kite", colour="red"))])
    res = render_scene(layout, None, characters=cast, size=SIZE, seed=1)
    mia, kite = res.manifest.entity("Mia").bbox, res.manifest.entity("kite").bbox
    assert kite[3] > (mia[1] + mia[3]) / 2  # it reaches below her middle: in her hand, beside her
    assert kite[0] < mia[2] and mia[0] < kite[2]  # and it overlaps her, not off in the air


# -- places stories asked for: each reads as itself where the characters stand --------------------------------

NEW_PLACES = {  # each place and what it was drawn as before it had its own picture
    "desert": "beach", "harbour": "beach", "zoo": "park", "underwater": "sky", "library": "classroom",
    "museum": "classroom", "workshop": "living room", "lake": "river", "snowy hill": "meadow",
    "town square": "street", "hospital": "bedroom", "train": "street", "bus": "street", "jungle": "forest",
}
FEET = (0.72, 0.98)  # the rows where feet go: the feet lines of far (0.7) to near (0.9) placements, in the frame


def _pixels(place, time_of_day="noon", weather="clear"):
    r = render_scene(Layout(setting=Setting(place=place, time_of_day=time_of_day, weather=weather)), characters={},
                     size=(512, 288))
    assert r.manifest.substitutions == []
    return np.asarray(r.image.convert("RGB")).astype(int)


def _rows(arr, top, bottom):
    return arr[int(top * arr.shape[0]):int(bottom * arr.shape[0])]


def _blue(a):
    return (a[..., 2] > a[..., 0] + 40) & (a[..., 2] > a[..., 1])


def _sandy(a):
    return (a[..., 0] > 180) & (a[..., 0] > a[..., 1]) & (a[..., 1] > a[..., 2] + 25)


def test_nobody_stands_in_the_sky_of_any_place():
    sky = np.array([(100, 178, 236), (205, 232, 250)])  # the noon sky's top and horizon
    for place in known_places():
        if place == "sky":
            continue
        feet = _rows(_pixels(place), *FEET)
        near_sky = (np.abs(feet[..., None, :] - sky[None, None]).sum(-1) < 30).any(-1)
        assert near_sky.mean() < 0.03, place


@pytest.mark.parametrize("place,before", NEW_PLACES.items())
def test_a_new_place_no_longer_looks_like_its_stand_in(place, before):
    assert np.abs(_pixels(place) - _pixels(before)).mean() > 15  # measured 22 (zoo/park) to 68 (library)


def test_the_desert_is_sand_to_stand_on_and_no_water():
    arr = _pixels("desert")
    assert _sandy(_rows(arr, *FEET)).mean() > 0.75
    assert _blue(_rows(arr, 0.5, 1.0)).mean() < 0.005


def test_the_harbour_has_water_behind_a_dock_where_feet_go():
    arr = _pixels("harbour")
    assert _blue(_rows(arr, 0.6, 0.64)).mean() > 0.5  # the water behind the moored boats
    dock = _rows(arr, *FEET)
    wood = (dock[..., 0] > 140) & (dock[..., 0] > dock[..., 1] + 25) & (dock[..., 1] > dock[..., 2] + 20)
    assert wood.mean() > 0.7 and _blue(dock).mean() < 0.01


def test_under_water_is_blue_from_top_to_bottom_over_a_sand_floor():
    for time_of_day in ("noon", "night"):
        arr = _pixels("underwater", time_of_day)
        for top in np.arange(0.0, 0.55, 0.05):  # no sky, no sun: water in every row down to the floor
            assert _blue(_rows(arr, top, top + 0.05)).mean() > 0.6, (time_of_day, top)
    assert _sandy(_rows(_pixels("underwater"), 0.8, 0.98)).mean() > 0.7


def test_the_lake_is_wide_still_water_before_a_grassy_shore():
    arr = _pixels("lake")
    assert _blue(_rows(arr, 0.52, 0.62)).mean() > 0.7
    feet = _rows(arr, *FEET)
    assert ((feet[..., 1] > feet[..., 0] + 30) & (feet[..., 1] > feet[..., 2] + 30)).mean() > 0.7
    river = _pixels("river")  # the river runs across the grass, the lake's water fills the middle distance
    assert _blue(_rows(river, 0.52, 0.62)).mean() < 0.2


def test_the_snowy_hill_is_white_without_snow_falling():
    feet = _rows(_pixels("snowy hill"), *FEET)
    assert (feet.min(-1) > 200).mean() > 0.8


def test_the_town_square_is_paved():
    feet = _rows(_pixels("town square"), *FEET)
    assert (np.ptp(feet, -1) < 50).mean() > 0.8 and (feet[..., 1] > feet[..., 0] + 20).mean() < 0.01


def _green(a):
    return (a[..., 1] > a[..., 0] + 20) & (a[..., 1] > a[..., 2] + 10)


def test_the_jungle_is_leaves_overhead_and_a_clear_floor_to_stand_on():
    """'Deep in the green jungle' was drawn as the forest and read as pines or open grass."""
    arr, forest = _pixels("jungle"), _pixels("forest")
    assert _green(_rows(arr, 0.0, 0.2)).mean() > 0.6  # the canopy across the top (measured 0.79)
    assert _green(_rows(forest, 0.0, 0.2)).mean() < 0.45  # the forest's sky between pine tops (0.33)
    middle = _rows(arr, *FEET)[:, arr.shape[1] // 5:-arr.shape[1] // 5]
    assert (middle[..., 1] > middle[..., 2] + 30).all()  # moss and earth, no sky
    # where characters stand is plain: few edges (measured 0.002; the park's flowers and tufts 0.03)
    assert (np.abs(np.diff(middle, axis=1)).sum(-1) > 40).mean() < 0.01


@pytest.mark.parametrize("word, place", [
    ("jungle", "jungle"), ("the green jungle", "jungle"), ("rainforest", "jungle"), ("rain forest", "jungle"),
    ("tropical forest", "jungle"), ("forest", "forest"), ("woods", "forest"), ("wood", "forest"),
])
def test_jungle_words_draw_the_jungle_and_wood_words_the_forest(word, place):
    from animdirector.tools.render.places import resolve_place

    assert resolve_place(word)[0] == place


@pytest.mark.parametrize("place", ["desert", "harbour", "zoo", "lake", "snowy hill", "town square", "underwater",
                                   "library", "train", "jungle"])
def test_new_places_take_the_time_of_day_and_the_weather(place):
    noon = _pixels(place)
    assert _pixels(place, "night").mean() < noon.mean() * 0.9  # lamps are on indoors: a little less dark
    assert np.abs(_pixels(place, "noon", "rain") - noon).mean() > 5
    assert np.abs(_pixels(place, "noon", "snow") - noon).mean() > 5


@pytest.mark.parametrize("place, falls", [("underwater", False), ("kitchen", False), ("beach", True)])
def test_rain_falls_only_where_the_sky_is_overhead(place, falls):
    from animdirector.tools.render.compose import Compositor, Stage

    layout = Layout(setting=Setting(place=place, weather="rain"), placements=[])
    stage = Stage.build(layout, {}, "storybook", (512, 288), 0)
    assert (Compositor(stage, None).weather is not None) == falls


def test_a_cloudy_or_foggy_day_has_no_sun_and_fog_lies_over_the_ground():
    """Stories say 'a cloudy morning' and 'thick fog'; both were drawn as a sunny day."""
    def frame(weather):
        layout = Layout(setting=Setting(place="meadow", time_of_day="noon", weather=weather), placements=[])
        return np.asarray(render_scene(layout, characters={}, size=(384, 216)).image).astype(int)

    clear, cloudy, fog = frame("clear"), frame("cloudy"), frame("fog")
    sun = (clear[..., 0] > 240) & (clear[..., 1] > 215) & (clear[..., 2] < 150)  # the yellow disc
    assert sun.sum() > 200
    for img in (cloudy, fog):
        assert ((img[..., 0] > 240) & (img[..., 1] > 215) & (img[..., 2] < 150)).sum() < 20
    ground = slice(150, 216)
    assert fog[ground].std() < 0.8 * clear[ground].std()  # washed out: the grass loses its contrast
