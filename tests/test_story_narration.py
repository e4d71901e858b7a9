"""What each scene says aloud: every sentence, in order, the quotes in their speakers' voices."""

import pytest

from animdirector.tools.story.narration import NARRATOR, SpokenLine, dropped, spoken_lines
from animdirector.tools.story.scenes import scene_reading

STORY = "Tom was a little boy, and Sue was his big sister. "


def lines(text):
    return [(l.speaker, l.text) for l in spoken_lines(scene_reading(STORY + text, text))]


@pytest.mark.parametrize("text,expected", [
    ("Tom ran to the park.", [(NARRATOR, "Tom ran to the park.")]),
    ('"Look at me!" Tom shouted.', [("Tom", "Look at me!"), (NARRATOR, "Tom shouted.")]),
    ('Sue smiled and said, "Hello there."', [(NARRATOR, "Sue smiled and said"), ("Sue", "Hello there.")]),
    ('Sue looked at Tom. "Where is my kite?" she asked.',
     [(NARRATOR, "Sue looked at Tom."), ("Sue", "Where is my kite?"), (NARRATOR, "she asked.")]),
    ('Tom found the ball. "I did it!"', [(NARRATOR, "Tom found the ball."), ("Tom", "I did it!")]),  # the one just spoken of
    ('"Come here," said Sue, "and see."', [("Sue", "Come here"), (NARRATOR, "said Sue"), ("Sue", "and see.")]),
])
def test_quotes_are_spoken_by_their_speakers_and_the_rest_by_the_narrator(text, expected):
    assert lines(text) == expected


def test_every_sentence_is_spoken_in_order_and_a_dropped_one_is_named():
    text = 'Tom ran. "Wait!" Sue called. They laughed and went home.'
    spoken = spoken_lines(scene_reading(STORY + text, text))
    sentences = ["Tom ran.", '"Wait!" Sue called.', "They laughed and went home."]
    assert dropped(spoken, sentences) == []
    shortened = [l for l in spoken if "Wait" not in l.text]
    assert dropped(shortened, sentences) == ['"Wait!" Sue called.']
    assert dropped([SpokenLine(NARRATOR, "They laughed and went home. Tom ran.")], sentences[::2]) == ["They laughed and went home."]
