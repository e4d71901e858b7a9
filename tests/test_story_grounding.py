"""Grounding by meaning: story words to the renderer's library, with the substitution recorded."""

import pytest

from animdirector.tools.story import ground


@pytest.mark.parametrize("word, category, item", [
    ("park", "place", "park"), ("woods", "place", "forest"), ("kitchens", "place", "kitchen"),  # library words
    ("jungle", "place", "jungle"), ("rainforest", "place", "jungle"), ("tropical rainforest", "place", "jungle"),
    ("town centre", "place", "street"), ("cliff", "place", "mountain"), ("hillside", "place", "meadow"),
    ("seashore", "place", "beach"), ("classrooms", "place", "classroom"),
    ("puppy", "kind", "dog"), ("kitty", "kind", "cat"),
    ("ball", "prop", "ball"), ("gift", "prop", "present"),
])
def test_words_ground_to_the_library(word, category, item):
    g = ground(word, category)
    assert g.item == item, g


def test_a_substitution_says_what_it_drew_and_how_close():
    g = ground("hillside", "place")
    assert g.substituted and g.note().startswith("hillside -> meadow, 0.")
    assert not ground("park", "place").substituted


@pytest.mark.parametrize("word", ["idea", "minute", "problem"])
def test_words_far_from_every_place_fall_back(word):
    g = ground(word, "place", fallback="meadow")
    assert (g.item, g.how) == ("meadow", "fallback")


def test_an_excluded_item_is_never_chosen():
    assert ground("clouds", "place", exclude=frozenset({"sky"})).item != "sky"


@pytest.mark.parametrize("word, place", [
    ("train station", "street"), ("platform", "street"), ("tree house", "backyard"), ("supermarket", "shop"),
    ("swimming pool", "river"),  # water to swim in, not a bedroom
    ("town centre", "street"), ("hilltop", "meadow"),  # near enough in meaning
    ("church", None), ("office", None), ("airport", None),  # nothing near: no place, not a wrong one
])
def test_a_place_word_grounds_to_what_stands_around_it_or_to_nothing(word, place):
    from animdirector.tools.story.grounding import ground

    assert ground(word, "place").item == place
