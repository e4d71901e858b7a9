"""What each scene says aloud: every sentence, in order, the quotes in their speakers' voices."""

import pytest

from animdirector.tools.story.narration import NARRATOR, SpokenLine, dropped, spoken_lines, with_words_changed
from animdirector.tools.story_text import split_long_parts
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


@pytest.mark.parametrize("parts, max_words, expected", [
    (["One two three. Four five."], 10, ["One two three. Four five."]),               # short enough
    (["One two three. Four five. Six seven."], 4, ["One two three.", "Four five. Six seven."]),  # at the middle
    (["A b. C d. E f. G h."], 2, ["A b.", "C d.", "E f.", "G h."]),                    # halves again
    (["One two three four five six."], 3, ["One two three four five six."]),          # one sentence stays whole
    (["A b.", "C d e f. G h i j."], 5, ["A b.", "C d e f.", "G h i j."]),             # only the long part
])
def test_a_scene_too_long_to_speak_is_split_at_a_sentence_never_shortened(parts, max_words, expected):
    assert split_long_parts(parts, max_words) == expected
    assert " ".join(split_long_parts(parts, max_words)) == " ".join(parts)


@pytest.mark.parametrize("said, expected", [
    ({}, [("Narrator", "Tom smiled."), ("Tom", "Hi!"), ("Narrator", "he said."), ("Tom", "Bye!")]),
    ({"Tom": "Hello there."}, [("Narrator", "Tom smiled."), ("Tom", "Hello there."), ("Narrator", "he said.")]),
    ({"Sue": "Wait!"}, [("Narrator", "Tom smiled."), ("Tom", "Hi!"), ("Narrator", "he said."), ("Tom", "Bye!"),
                        ("Sue", "Wait!")]),
    ({"Narrator": "Tom waved."}, [("Narrator", "Tom waved."), ("Tom", "Hi!"), ("Tom", "Bye!")]),
])
def test_a_changed_line_replaces_that_speakers_words_and_nobody_elses(said, expected):
    lines = [SpokenLine(NARRATOR, "Tom smiled."), SpokenLine("Tom", "Hi!"), SpokenLine(NARRATOR, "he said."),
             SpokenLine("Tom", "Bye!")]
    assert [(x.speaker, x.text) for x in with_words_changed(lines, said)] == expected
