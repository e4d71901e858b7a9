"""What someone wears, scene by scene: the hat on their head is part of them until the text takes it off."""

import pytest

from animdirector.tools.story.reader import read_story
from animdirector.tools.story.scenes import sentences_of
from animdirector.tools.story.worn import unworn_in, worn_things


@pytest.mark.parametrize("text, wearer", [
    ("Tom walked home, wearing his red cap.", "Tom"),
    ("Tom wore a red cap.", "Tom"),
    ("Tom had a red cap.", "Tom"),
    ("Tom put on his red cap.", "Tom"),
    ("A girl in a red cap waved at Tom.", "Girl"),
    ("Tom did not wear his red cap.", None),  # not on
    ("Tom found a red cap.", None),  # found, not worn
    ("The wind blew Tom's red cap away.", None),
])
def test_who_wears_a_thing(text, wearer):
    story = read_story("Tom was a boy. " + text)
    assert [t.worn_by for t in story.sentences[-1].things if t.word == "cap"] == [wearer]
    assert {t.holder for t in story.sentences[-1].things if t.word == "cap" and wearer} <= {None}  # on, not in hand


def scenes_of(parts):
    story = read_story(" ".join(parts))
    return story, [sentences_of(story, p) for p in parts]


def test_a_hat_is_on_until_the_text_takes_it_off_and_on_again_when_it_puts_it_back():
    story, scenes = scenes_of(["Theo was a boy. Theo ran to the park, wearing his green hat.",
                               "The wind blew Theo's hat off his head.",
                               "A squirrel took the hat up a tree.",
                               "Theo put on his hat again and smiled."])
    hat = worn_things(story)["hat"]
    assert (hat.wearer, hat.accessory, hat.colour) == ("Theo", "hat", "green")
    assert unworn_in(story, scenes) == [{}, {"Theo": ["hat"]}, {"Theo": ["hat"]}, {}]


def test_a_scarf_given_away_stays_off_in_the_scenes_that_do_not_speak_of_it():
    story, scenes = scenes_of(["Pip was a penguin. Pip had a long blue scarf.",
                               "Pip took off his scarf and wrapped it around the snowman.",
                               "Pip played in the snow all day."])
    assert unworn_in(story, scenes) == [{}, {"Pip": ["scarf"]}, {"Pip": ["scarf"]}]


def test_nobody_wears_what_the_story_never_puts_on_them():
    story, scenes = scenes_of(["Tom was a boy. Tom saw a hat in the shop.", "Tom went home."])
    assert worn_things(story) == {} and unworn_in(story, scenes) == [{}, {}]
