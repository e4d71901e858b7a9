"""The director's planning of chat requests, with scripted model answers (no film is made).

A request becomes a list of edits, each grounded in the words of its clause; what cannot be
done is said with its reason; text that names what changed follows the change; the plan says
what will be made again before any work; and the conversation remembers who was just discussed.
"""

import asyncio
import json
import sys

import pytest
from helpers.schema_replay import SchemaReplay

from animdirector.agents.chat_request import split_clauses
from animdirector.agents.director_chat import Conversation, plan_request
from animdirector.memory.bible import CharacterEntry, StoryBible
from animdirector.memory.remake import forecast
from animdirector.memory.script import PropSpec, SceneSpec, Script
from animdirector.tools import render

STORY = [
    "Mia was a little girl with a yellow dress. One sunny morning she flew her red kite in the park with her dog Rex.",
    "A strong wind pulled the red kite away, and it landed in the forest.",
    "Mia and Rex looked behind a big grey rock.",
    "At sunset they walked home together, holding the kite.",
]


def kite_film():
    bible = StoryBible(title="Mia and the Kite")
    for name, kind, look in (("Mia", "girl", "yellow dress, short black hair"), ("Rex", "dog", "brown fur")):
        design = render.design_from_text(name, kind, look, seed=7).model_dump()
        bible.put_character(CharacterEntry(name=name, kind=kind, look=look, design=design))
    cast = [["Mia", "Rex"], ["Mia"], ["Mia", "Rex"], ["Mia", "Rex"]]
    props = [["kite"], ["kite"], ["rock"], ["kite"]]
    places = ["park", "park", "forest", "street"]
    times = ["morning", "morning", "noon", "sunset"]
    scenes = [SceneSpec(index=i + 1, place=places[i], time_of_day=times[i], characters=cast[i], props=props[i],
                        action=STORY[i].split(". ")[-1], source=STORY[i]) for i in range(4)]
    props_ = {"kite": PropSpec(noun="kite", colour="red", shape="diamond"), "rock": PropSpec(noun="rock", colour="grey")}
    return bible, Script(title="Mia and the Kite", props=props_, scenes=scenes)


def plan(request, answers=None, conversation=None, versions=(1,)):
    """The plan for a request against the kite film (a model step not scripted fails the test)."""
    bible, script = kite_film()
    client = SchemaReplay(answers or {})
    result, _ = asyncio.run(plan_request(client, request, bible, script, "storybook", versions[-1], list(versions),
                                         seed=7, conversation=conversation))
    return result, client


def edits(p):
    return [(e.action, e.character or e.object or e.scene, e.text or e.time_of_day or e.weather or e.to)
            for e in p.edits]


@pytest.mark.parametrize("request_text, clauses", [
    ("make the sky night in scene 2 and give Rex a blue collar", ["make the sky night in scene 2", "give Rex a blue collar"]),
    ("make it rain, give Mia a hat; then Rex should sound deeper",
     ["make it rain", "give Mia a hat", "Rex should sound deeper"]),
    ("add a scene where Mia hugs Rex and Rex wags his tail", ["add a scene where Mia hugs Rex and Rex wags his tail"]),
    ("in scene 3, Mia should say 'stop and look, Rex'", ["in scene 3, Mia should say 'stop and look, Rex'"]),
    ("make it night in scene 2 and in scene 3", ["make it night in scene 2 and in scene 3"]),
    ("make scene 2 night and scene 3 rainy", ["make scene 2 night", "scene 3 rainy"]),
    ("make Lucy's scarf green and Ben's coat red", ["make Lucy's scarf green", "make Ben's coat red"]),
    ("give Rex a hat and Mia's dress should be red", ["give Rex a hat", "Mia's dress should be red"]),
    ("give Mia a crown and Rex a bow", ["give Mia a crown", "give Rex a bow"]),
])
def test_a_request_splits_into_one_clause_per_edit(request_text, clauses):
    assert split_clauses(request_text) == clauses


def test_two_edits_in_one_message_are_both_planned_in_order():
    p, client = plan("make the sky night in scene 2 and give Rex a blue collar")
    assert edits(p) == [("change_setting", 2, "night"), ("change_look", "Rex", "blue collar")]
    assert p.script.scenes[1].time_of_day == "night" and "collar" in p.bible.characters["Rex"].design["accessories"]
    assert p.bible.characters["Mia"] == kite_film()[0].characters["Mia"]  # the kite and Mia untouched
    assert p.script.props == kite_film()[1].props
    assert client.asked == []  # the words said it all: no model step was needed
    assert p.reply.startswith("I will change this: scene 2: time of day night; Rex now looks: blue collar")


def test_a_request_naming_rex_never_changes_the_kite_even_when_the_model_says_so():
    """The model is asked (the kind is not certain from the words) and answers with the kite:
    the edit is refused with its reason, not carried out on something the request did not name."""
    answers = {"Kind": [json.dumps({"action": "change_object"})],
               "ChangeObjectDetails": [json.dumps({"object": "kite", "colour": "blue"})]}
    p, client = plan("Rex should be fancier", answers)
    assert p.edits == [] and not p.changes
    assert "Rex is a character, not an object" in p.reply
    assert "ChangeObjectDetails" not in client.asked  # refused before asking for details


@pytest.mark.parametrize("request_text, reason", [
    ("give the cat a hat", "there is no cat in this film"),
    ("make the car red", "there is no car in this film"),
    ("give the kite a hat", "only a character can wear that, and the kite is an object"),
])
def test_what_cannot_be_done_is_said_with_its_reason(request_text, reason):
    p, _ = plan(request_text)
    assert p.edits == [] and reason in p.reply and "Nothing was changed" in p.reply


def test_one_impossible_part_does_not_stop_the_rest():
    p, _ = plan("give the cat a hat and make the kite blue")
    assert edits(p) == [("change_object", "kite", "blue")]
    assert "I can't give the cat a hat: there is no cat in this film" in p.reply


def test_the_details_asked_of_the_model_offer_only_what_the_clause_names():
    answers = {"ChangeLookDetails": [json.dumps({"character": "Rex", "look": "fluffy fur"})]}
    p, client = plan("Rex should look fluffier", answers)
    schema = client.prompts[-1]  # the details step was asked with Rex as the only character
    assert client.asked == ["ChangeLookDetails"] and edits(p) == [("change_look", "Rex", "fluffy fur")]
    assert "Mia" not in str(schema[-1].content).split("The user says:")[1]


def test_a_look_change_updates_the_words_that_name_it():
    p, _ = plan("make Mia's dress green")
    first = p.script.scenes[0]
    assert first.said["Narrator"].startswith("Mia was a little girl with a green dress.")
    assert all("yellow" not in s.said.get("Narrator", "") for s in p.script.scenes)
    assert 'the narration of scene 1 will say "green dress" too' in p.reply.lower()


def test_a_renamed_character_is_renamed_in_the_narration_and_an_unchanged_time_word_is_said():
    p, _ = plan("call the dog Max")
    assert edits(p) == [("rename", "Rex", "Max")]
    assert "Max" in p.script.scenes[0].said["Narrator"] and "Rex" not in p.script.scenes[0].said["Narrator"]
    p, _ = plan("make scene 4 happen at night")
    assert 'scene 4\'s narration still says "sunset"' in p.reply.lower()


def test_a_look_edit_keeps_every_scenes_shot_and_cast():
    p, _ = plan("make the kite blue")
    before = kite_film()[1]
    for old, new in zip(before.scenes, p.script.scenes):
        assert (old.characters, old.props, old.place, old.time_of_day) == (new.characters, new.props, new.place, new.time_of_day)


def test_the_plan_says_what_will_be_made_again_before_any_work():
    bible, script = kite_film()
    p, _ = plan("give Rex a blue collar")
    coming = forecast((bible, script, "storybook"), (p.bible, p.script, p.style))
    assert (coming.sheets, coming.made, coming.kept, coming.new_sound) == (["Rex"], [1, 3, 4], [2], [])
    p, _ = plan("Rex should sound deeper")
    coming = forecast((bible, script, "storybook"), (p.bible, p.script, p.style))
    assert (coming.made, coming.new_sound, coming.kept) == ([], [1, 3, 4], [2])
    assert coming.sentences()[:3] == ["Reference sheets made again: none.", "Scenes made again: none.",
                                      "Scenes kept as they are: 2."]


def test_questions_about_the_film_are_answered_from_the_script():
    p, client = plan("why is scene 4 at sunset?")
    assert not p.changes and client.asked == []
    assert "Scene 4 is in the street at sunset" in p.reply and "At sunset they walked home" in p.reply


def test_a_scene_edit_that_names_no_scene_asks_which():
    answers = {"Kind": [json.dumps({"action": "edit_scene"})],
               "EditSceneDetails": [json.dumps({"scene": 2, "action": "Mia dances.", "line": ""})]}
    p, _ = plan("Mia should dance", answers)
    assert not p.changes and p.reply == "Which scene do you mean (1 to 4)?"


def test_the_conversation_remembers_who_and_which_scene_were_just_discussed():
    talk = Conversation()
    first, _ = plan("make Mia's dress green", conversation=talk)
    talk.remember("make Mia's dress green", first)
    p, client = plan("give her a hat", conversation=talk)
    assert edits(p) == [("change_look", "Mia", "hat")]
    talk.remember("give her a hat", p)
    answers = {"Kind": [json.dumps({"action": "remake"})], "RemakeDetails": [json.dumps({"scene": 1})]}
    talk.scenes = [3]
    p, client = plan("that one looks wrong, do it again", answers, conversation=talk)
    assert edits(p) == [("remake", 3, 0)]
    asked = str(client.prompts[0][-1].content)
    assert "Earlier in this conversation" in asked and "give her a hat" in asked


def test_chat_shows_the_plan_and_a_non_terminal_without_yes_exits_3(monkeypatch, capsys, _state_dir):
    """`animdirector chat RUN --message ...` without a terminal: the plan is printed (what is made
    again, in sentences), nothing is made, and the exit status is 3."""
    from animdirector import cli
    from animdirector.config import Scenario
    from animdirector.memory.layout import version_dir
    from animdirector.memory.store import RunStore

    bible, script = kite_film()
    store = RunStore.at_home(_state_dir)
    run = store.create_run("Mia and the Kite")
    folder = version_dir(_state_dir, run.id, 1)
    folder.mkdir(parents=True, exist_ok=True)
    bible.save(folder / "bible.json")
    (folder / "script.json").write_text(script.model_dump_json())
    (folder / "scenario.json").write_text(Scenario(title="Mia and the Kite", narrative=" ".join(STORY)).model_dump_json())
    store.close()
    monkeypatch.setattr("animdirector.agents.llm.make_model_client", lambda *a, **k: SchemaReplay({}))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    code = cli.main(["chat", run.id, "--message", "make it night in scene 2 and give Rex a blue collar"])
    out = capsys.readouterr().out
    assert code == 3
    assert "I will change this: scene 2: time of day night; Rex now looks: blue collar" in out
    assert "Reference sheets made again: Rex." in out and "Scenes made again: 1, 2, 3 and 4." in out
    assert "Not done" in out and "[" not in out.replace("[y/N]", "")  # no Python lists
    assert len(RunStore.at_home(_state_dir).versions(run.id)) == 1


@pytest.mark.real_model
@pytest.mark.slow
def test_the_real_small_model_plans_a_two_edit_request(small_model_home):
    """The 0.5B model fills in what the words leave open (how 'fluffier' looks); code splits the
    request, finds the kite's colour and keeps each edit to what its clause names."""
    from animdirector.agents.llm import make_model_client
    from animdirector.config import Config

    config = Config(threads=1, llm={"embedded": {"model": "qwen2.5-0.5b", "max_tokens": 128}})
    client = make_model_client(config, seed=7)
    bible, script = kite_film()
    p, answers = asyncio.run(plan_request(client, "make the kite blue and Rex should look fluffier", bible, script,
                                          "storybook", 1, [1], seed=7))
    assert [(e.action, e.object or e.character) for e in p.edits] == [("change_object", "kite"), ("change_look", "Rex")]
    assert answers, "the model was asked for Rex's new look"
    assert p.script.props["kite"].colour == "blue" and p.bible.characters["Rex"].look != "brown fur"
    assert p.bible.characters["Mia"] == bible.characters["Mia"]
    same = {"said", "action"}  # the words follow the edit: "her red kite" is now "her blue kite"
    assert [s.model_dump(exclude=same) for s in p.script.scenes] == [s.model_dump(exclude=same) for s in script.scenes]
    assert "blue kite" in p.script.scenes[0].action


@pytest.mark.parametrize("clause, characters, ambiguous", [
    ("make Grandpa Joe's shirt green", ["Grandpa Joe"], []),  # not also Grandpa
    ("Grandpa should smile", ["Grandpa"], []),  # a whole name wins over a part of another's
    ("give Joe a hat", ["Grandpa Joe"], []),
    ("give the boy a hat", ["Sam"], []),  # the only boy
    ("make the cat orange", [], ["Pip", "Cat"]),  # two cats: a question, and "the cat" is no name
])
def test_who_a_clause_names(clause, characters, ambiguous):
    from animdirector.agents.chat_request import named_in

    bible = StoryBible(title="t")
    for name, kind in (("Grandpa Joe", "old man"), ("Grandpa", "old man"), ("Sam", "boy"), ("Pip", "cat"), ("Cat", "cat")):
        bible.put_character(CharacterEntry(name=name, kind=kind))
    named = named_in(clause, bible, Script(title="t", scenes=[SceneSpec(index=1, place="park", action="x")]))
    assert (named.characters, named.ambiguous) == (characters, ambiguous)


@pytest.mark.parametrize("request_text, model_kind, outcome", [
    ("in scene 2 Mia should jump", "add_scene", ("edit_scene", 2)),  # no 'add', no 'new scene'
    ("in scene 2 Mia should jump", "change_words", ("edit_scene", 2)),  # nothing quoted, nothing said
    ("write me a poem about cats", "about_film", "I can change this film or answer questions about it"),
    ("Mia should dance", "change_look", "Do you mean how Mia should look, or what Mia should do"),
])
def test_a_kind_the_words_rule_out_is_overruled(request_text, model_kind, outcome):
    answers = {"Kind": [json.dumps({"action": model_kind})],
               "EditSceneDetails": [json.dumps({"scene": 1, "action": "Mia jumps.", "line": ""})]}
    p, _ = plan(request_text, answers)
    if isinstance(outcome, tuple):
        assert [(e.action, e.scene) for e in p.edits] == [outcome]
    else:
        assert not p.changes and outcome in p.reply


def test_a_look_edit_hidden_under_what_they_wear_is_said_and_a_visible_one_is_not():
    p, _ = plan("make Mia's shirt green")  # Mia wears a dress: a shirt under it does not show
    assert "Mia will look the same on screen" in p.reply
    p, _ = plan("make Mia's dress green")
    assert "look the same on screen" not in p.reply
