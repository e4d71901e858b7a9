"""Scenes are cut where a story moves on: at its paragraphs, and where its people go to another place
or another time of day, so one picture never has to show two settings; every sentence still belongs
to exactly one scene, in order."""

import pytest

from animdirector.tools.story import read_story
from animdirector.tools.story.scene_breaks import NEW_SETTING, scene_breaks
from animdirector.tools.story_text import chunk_story, paragraph_starts, split_sentences


@pytest.mark.parametrize("text,starts", [
    # one paragraph per line, every line ending a sentence (the JSON stories' way)
    ("Ann had a cat. It was grey.\nOne day the cat ran off. Ann cried.\n\"Come back!\" she called.", {2, 4}),
    # hard-wrapped (a YAML block): a line that breaks mid-sentence says the line breaks are no paragraphs
    ("Ann had a cat. It was\ngrey. One day the cat ran off.\nAnn cried.", set()),
    # blank lines are paragraphs whatever the wrapping inside them
    ("Ann had a cat. It was\ngrey.\n\nOne day the cat\nran off. Ann cried.", {2}),
    ("Ann had a cat. It was grey. One day the cat ran off.", set()),
    ("\"Look!\" Tom said.\n\"What?\" Mom asked.\nThey laughed.", {1, 2}),
])
def test_paragraph_starts(text, starts):
    assert paragraph_starts(text) == starts


@pytest.mark.parametrize("text,sentences", [
    # a quote of several exclamations is one thing said, not a sentence that opens a quote and one that closes it
    ('"Hoo! Hoo!" Something sat on a branch.', ['"Hoo! Hoo!"', "Something sat on a branch."]),
    ("“Stop! Come back!” Ann ran.", ["“Stop! Come back!”", "Ann ran."]),
    ('"Ten, nine..." counted Dad, "...two, one, go!" He ran.', ['"Ten, nine..." counted Dad, "...two, one, go!"', "He ran."]),
    ('"Mom!" she called. "Where is Bun?" Bun was a toy.', ['"Mom!" she called.', '"Where is Bun?"', "Bun was a toy."]),
    # a stray quote mark glues nothing together
    ('He said "go. Then she ran. It was late.', ['He said "go.', "Then she ran.", "It was late."]),
])
def test_sentences_keep_a_quote_whole(text, sentences):
    assert split_sentences(text) == sentences


def _parts(text, n):
    return chunk_story(text, n, scene_breaks(text, read_story(text)))


def test_a_scene_ends_where_its_paragraph_does_though_the_lengths_differ():
    text = ("Ben had a red boat. He sailed it on the pond every day, and it was the best boat in town.\n"
            "One morning the boat was gone.\n"
            "Ben looked in the shed and under the bed. He found it in the garden, under a big green bush.")
    parts = chunk_story(text, 3)
    assert parts == [" ".join(split_sentences(p)) for p in text.split("\n")]


@pytest.mark.parametrize("text,index", [
    ("Mia was a little girl. She had a dog named Rex. Mia and Rex ran into the forest. They looked around.", 2),
    ("Tom played with his ball. He laughed. Then Tom walked to the beach. The sea was blue.", 2),
    ("Ann sat in her room all day. She was sad. That night she looked at the stars. They were bright.", 2),
])
def test_the_people_going_somewhere_new_or_a_new_time_of_day_starts_a_scene(text, index):
    breaks = scene_breaks(text, read_story(text))
    assert breaks[index] >= NEW_SETTING
    assert _parts(text, 2)[1].startswith(split_sentences(text)[index])


def test_a_thing_going_somewhere_takes_nobody_there():
    text = "Mia flew her kite in the park. The wind blew the kite into the forest. Mia ran after it."
    assert scene_breaks(text, read_story(text))[1] == 0.0


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_every_sentence_is_in_exactly_one_part_in_order(n):
    text = ("Sam woke up early. He ran to the park with his dog. They played ball for an hour.\n"
            "At noon they went home. Mom made soup. Sam ate two bowls.\n"
            "That night it snowed. In the morning the garden was white, and Sam built a snowman.")
    parts = _parts(text, n)
    assert len(parts) == min(n, len(split_sentences(text)))
    assert " ".join(parts) == " ".join(split_sentences(text))
    assert all(parts)


def test_without_any_break_the_parts_are_of_similar_length():
    text = " ".join(f"Sentence {i} is about as long as the others." for i in range(12))
    lengths = [len(p) for p in chunk_story(text, 4)]
    assert max(lengths) - min(lengths) <= len("Sentence 10 is about as long as the others.") + 1
