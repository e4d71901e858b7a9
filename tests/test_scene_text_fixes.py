"""Code reads what a scene's text states plainly: the things it names, and who holds them."""

import pytest


def test_things_the_story_names_are_found_with_the_words_that_describe_them():
    from animdirector.tools.story_text import named_things

    story = ("Max played a big white drum. Later the kite was stuck on a bush by the water. "
             "She will present it to her mom, and he was present too. Tom liked the boats.")
    found = named_things(story, ["bush", "drum", "present", "kite", "boat", "teddy bear", "ball"])
    assert found == {"drum": ["big", "white"], "kite": [], "bush": []}  # in order of first appearance
    assert named_things("He hugged his old teddy bear.", ["teddy bear"]) == {"teddy bear": ["old"]}
    assert named_things("She saw the present under the tree.", ["present"]) == {"present": []}


@pytest.mark.parametrize("action,chose,expected", [
    ("Mia flies kite in the park.", {}, {"Mia": "kite"}),  # the default film's scene 2
    ("Rex runs while Mia flies the red kite.", {}, {"Mia": "kite"}),  # the one named before the verb
    ("Mia laughs and carries a basket. Rex barks.", {}, {"Mia": "basket"}),
    ("Mia watches Rex. Rex picks up the ball.", {}, {"Rex": "ball"}),  # another sentence, another holder
    ("Mia flies the kite.", {"Mia": "ball"}, {"Mia": "ball"}),  # what the model chose stands
    ("Mia sits under the tree with her ball.", {}, {}),  # nothing in her hands that the text says
    ("Mia pushes the swing.", {}, {}),  # scenery is never held
    ("Mia hugs Rex. At sunset they walked home, holding the kite.", {}, {"Mia": "kite"}),  # Rex has no hands
])
def test_what_the_action_puts_in_a_characters_hands_is_held(action, chose, expected):
    from animdirector.agents.art_director import held_by_action
    from animdirector.agents.messages import Staging

    staging = [Staging(who="Mia", position="left", holding=chose.get("Mia", "nothing")),
               Staging(who="Rex", position="right"),
               *[Staging(who=thing, position="centre") for thing in ("kite", "basket", "ball", "swing")]]
    held = {s.who: s.holding for s in held_by_action(action, staging, ["kite", "basket", "ball", "swing"], hands=["Mia"])
            if s.holding != "nothing"}
    assert held == expected


def test_a_character_alone_holds_what_she_flies():
    from types import SimpleNamespace

    from animdirector.agents.art_director import held_by_action, layout_from_staging
    from animdirector.agents.messages import Staging
    from animdirector.tools import render

    staging = held_by_action("She flies her kite.", [Staging(who="Mia", position="centre"),
                                                    Staging(who="kite", position="right")], ["kite"])
    scene = SimpleNamespace(place="park", time_of_day="morning", weather="clear")
    layout = layout_from_staging(scene, staging, {"kite": render.prop_from_text("a red kite")},
                                 {"Mia": render.design_from_text("Mia", "girl", "a girl in a yellow dress", seed=0)})
    # the kite is in her hand, not standing on the grass beside her
    assert [(p.character, p.holding.noun if p.holding else None, p.prop) for p in layout.placements] == [("Mia", "kite", None)]
