"""Edits to the bible and script: each kind changes exactly what it names."""

import pytest

from animdirector.memory.bible import CharacterEntry, StoryBible
from animdirector.memory.edits import Edit, EditError, apply_edit, merge_look
from animdirector.memory.script import PropSpec, SceneSpec, Script

PLACES = ["park", "forest", "river", "bedroom"]
STYLES = ("storybook", "night-pastel")


def design_of(name, kind, look):
    return {"name": name, "kind": kind, "look": look}


def film():
    bible = StoryBible(title="t")
    for name, kind, look in (("Tim", "boy", "red shirt, short black hair"), ("Rex", "dog", "brown fur")):
        bible.put_character(CharacterEntry(name=name, kind=kind, look=look, design=design_of(name, kind, look)))
    scenes = [
        SceneSpec(index=1, place="park", characters=["Tim"], props=["ball"], action="Tim kicks the ball.", line="Go!"),
        SceneSpec(index=2, place="forest", characters=["Tim", "Rex"], action="Tim meets Rex.", line="Hi Rex"),
        SceneSpec(index=3, place="river", characters=["Rex"], action="Rex swims.", line=""),
    ]
    return bible, Script(title="t", props={"ball": PropSpec(noun="ball", colour="red", shape="round")}, scenes=scenes)


def apply(edit, bible=None, script=None, style="storybook"):
    b, s = film() if bible is None else (bible, script)
    return apply_edit(Edit(**edit), b, s, style, design_of=design_of, styles=STYLES, places=PLACES)


def test_merge_look_replaces_only_the_named_part():
    assert merge_look("red shirt, short black hair", "green shirt") == "green shirt, short black hair"
    assert merge_look("red shirt", "curly brown hair") == "curly brown hair, red shirt"


def test_change_look_touches_one_character():
    bible, script = film()
    b, s, _, summary = apply({"action": "change_look", "character": "tim", "text": "green shirt"}, bible, script)
    assert b.characters["Tim"].look == "green shirt, short black hair" and "Tim" in summary
    assert b.digest("Tim") != bible.digest("Tim") and b.digest("Rex") == bible.digest("Rex")
    assert s == script


def test_a_look_edit_changes_only_what_it_says():
    # pre-production gave Tim a crown and short hair the look's words alone would not give
    bible, script = film()
    bible.characters["Tim"].design = {"name": "Tim", "top": "red", "hair": "short", "accessories": ["crown"]}

    def design(name, kind, look):
        return {"name": name, "top": "green" if "green" in look else "red", "hair": "long",
                "accessories": ["scarf"] if "scarf" in look else []}

    b, _, _, _ = apply_edit(Edit(action="change_look", character="Tim", text="green shirt and a scarf"), bible, script,
                            "storybook", design_of=design, styles=STYLES, places=PLACES)
    assert b.characters["Tim"].design == {"name": "Tim", "top": "green", "hair": "short", "accessories": ["crown", "scarf"]}
    b, _, _, _ = apply_edit(Edit(action="change_look", character="Tim", text="happy smile"), bible, script,
                            "storybook", design_of=design, styles=STYLES, places=PLACES)
    assert b.characters["Tim"].design == bible.characters["Tim"].design  # the design draws no smile: nothing changes


def test_change_object_colour():
    _, s, _, _ = apply({"action": "change_object", "object": "ball", "text": "green"})
    assert s.props["ball"] == PropSpec(noun="ball", colour="green", shape="round")


def test_rename_updates_scenes_text_and_bible():
    b, s, _, _ = apply({"action": "rename", "character": "Tim", "text": "Tom"})
    assert "Tom" in b.characters and "Tim" not in b.characters
    assert s.scenes[1].characters == ["Tom", "Rex"] and s.scenes[1].action == "Tom meets Rex."


def test_change_setting_one_scene_or_all():
    _, s, _, _ = apply({"action": "change_setting", "scene": 2, "time_of_day": "night"})
    assert [x.time_of_day for x in s.scenes] == ["noon", "night", "noon"]
    _, s, _, _ = apply({"action": "change_setting", "scene": 0, "weather": "snow"})
    assert {x.weather for x in s.scenes} == {"snow"}
    with pytest.raises(EditError, match="places I can draw"):
        apply({"action": "change_setting", "scene": 1, "text": "the moon"})


def test_add_remove_move_renumber():
    _, s, _, _ = apply({"action": "add_scene", "to": 1, "text": "Rex finds the ball."})
    assert [x.action for x in s.scenes][1] == "Rex finds the ball." and [x.index for x in s.scenes] == [1, 2, 3, 4]
    assert s.scenes[1].characters == ["Rex"] and s.scenes[1].props == ["ball"]
    _, s, _, _ = apply({"action": "remove_scene", "scene": 2})
    assert [x.action for x in s.scenes] == ["Tim kicks the ball.", "Rex swims."]
    _, s, _, _ = apply({"action": "move_scene", "scene": 3, "to": 1})
    assert [x.action for x in s.scenes] == ["Rex swims.", "Tim kicks the ball.", "Tim meets Rex."]


def test_remake_raises_the_take_only():
    bible, script = film()
    _, s, _, _ = apply({"action": "remake", "scene": 2}, bible, script)
    assert s.scenes[1].take == 2 and s.scenes[0] == script.scenes[0]


def test_style_must_exist():
    assert apply({"action": "change_style", "text": "night-pastel"})[2] == "night-pastel"
    with pytest.raises(EditError, match="styles: storybook, night-pastel"):
        apply({"action": "change_style", "text": "anime"})


def test_a_voice_edit_changes_the_bible_and_says_whose_sound_is_made_again():
    bible, script = film()
    bible.characters["Rex"].voice = {"name": "Rex", "pitch_semitones": 4.0, "length_scale": 1.0}
    b, s, _, summary = apply({"action": "change_voice", "character": "rex", "text": "deeper"}, bible, script)
    assert b.characters["Rex"].voice["pitch_semitones"] == 1.0 and s == script
    assert summary == "Rex sounds deeper (only the sound of scenes 2, 3 is made again)"
    b, _, _, summary = apply({"action": "change_voice", "character": "Narrator", "text": "slower"})
    assert b.narrator_voice["length_scale"] == pytest.approx(1.05 * 1.15, abs=0.001)
    assert "every scene" in summary


def test_changed_words_belong_to_one_scene_and_one_speaker():
    _, s, _, summary = apply({"action": "change_words", "scene": 2, "character": "Tim", "text": "Hello,  Rex!"})
    assert s.scenes[1].said == {"Tim": "Hello, Rex!"} and s.scenes[0].said == {} and "scene 2" in summary


@pytest.mark.parametrize(
    "edit, message",
    [
        ({"action": "change_voice", "character": "Tim", "text": "louder"}, "deeper, higher, slower, faster"),
        ({"action": "change_voice", "character": "Zed", "text": "deeper"}, "no character called 'Zed'"),
        ({"action": "change_words", "scene": 2, "character": "Tim", "text": "  "}, "what Tim should say"),
        ({"action": "change_look", "character": "Zed", "text": "hat"}, "no character called 'Zed'"),
        ({"action": "edit_scene", "scene": 9, "text": "x"}, "there is no scene 9"),
        ({"action": "change_object", "object": "kite", "text": "blue"}, "no object called 'kite'"),
    ],
)
def test_impossible_edits_say_why(edit, message):
    with pytest.raises(EditError, match=message):
        apply(edit)


def test_code_checks_on_the_script():
    """What code settles reliably about a model's scene: stray scripts, labels, looks drifting to others."""
    from animdirector.agents.director import _unlabelled, clean_look, foreign_script_removed

    story = "Sofia sat in her bedroom by the window. A man in a huge hat knocked on the door. Sofia thanked the man."
    assert foreign_script_removed("stories and知识!", story) == "stories and!"
    assert _unlabelled("Man: a tall coat", "Man") == "a tall coat"
    cast = {"Mia": "girl", "Rex": "dog"}
    assert clean_look("brown dog, red kite, yellow dress", "Rex", cast, {"kite"}) == "brown fur"


def test_kinds_the_story_reader_can_tell():
    from animdirector.tools.story import read_story

    cast = read_story("John was playing with his car. He was happy. Mommy called him. John ran to her.").cast
    assert (cast["John"].sex, cast["Mommy"].kind) == ("m", "woman")
    cast = read_story("Tom and his dad went fishing. He caught a fish and he laughed. "
                      "Anna waved at her friends on the shore. She ran home. Later a dog named Max barked.").cast
    assert (cast["Anna"].sex, cast["Tom"].sex, cast["Max"].kind) == ("f", "m", "dog")  # the he's are Tom's


@pytest.mark.parametrize("request_text, kind, change", [
    ("Rex should sound deeper", "change_voice", "deeper"),
    ("the narrator should speak more slowly", "change_voice", "slower"),
    ("can Tim's voice be higher?", "change_voice", "higher"),
    ("make Tim's shirt green", "change_look", None),
    ("make the river deeper", None, "deeper"),  # no voice named: not a voice edit
])
def test_the_requests_own_words_settle_a_voice_edit(request_text, kind, change):
    from animdirector.agents.chat_request import named_in
    from animdirector.agents.director_chat import kind_from_words, voice_change_from_words

    bible, script = film()
    assert kind_from_words(request_text, named_in(request_text, bible, script)) == kind
    assert voice_change_from_words(request_text) == change


@pytest.mark.parametrize("story, only_things", [
    ("Tom and Lily had an orange kite with a long purple tail.", {"orange", "purple"}),  # the tail is the kite's
    ("Mia wore a yellow dress. She had a red kite.", {"red"}),
    ("Anna had a red hat and a red ball.", set()),  # red is also her hat's
    ("The cat had a fluffy grey tail.", set()),
    ("The snow was white. They were white from head to toe.", set()),
    ("Grandpa had a white beard and a blue cup.", {"blue"}),  # a beard is someone's
])
def test_colours_the_story_gives_only_to_things(story, only_things):
    from animdirector.agents.director import colours_of_things_only

    assert colours_of_things_only(story) == only_things


def test_a_look_keeps_nothing_of_the_things_colours_or_an_animals_parts_on_a_person():
    from animdirector.agents.director import clean_look

    cast = {"Tom": "boy", "Lily": "girl", "Rex": "dog"}
    assert clean_look("purple trousers, diamond tail, short brown hair", "Tom", cast, {"kite"}, {"purple"}) == "short brown hair"
    assert clean_look("brown fur, long tail", "Rex", cast, {"kite"}, {"purple"}) == "brown fur, long tail"
