"""Story reading: the facts of a story (who, doing what to whom, holding what, where, when), from
spaCy's dependency parse, grounded by meaning in the renderer's library. Framework-free."""

from animdirector.tools.story.facts import Action, Character, PlaceMention, Quote, SentenceFacts, StoryFacts, Thing
from animdirector.tools.story.grounding import Grounding, ground
from animdirector.tools.story.parser import ParserMissing, english
from animdirector.tools.story.reader import read_story

__all__ = ["Action", "Character", "Grounding", "ParserMissing", "PlaceMention", "Quote", "SentenceFacts",
           "StoryFacts", "Thing", "english", "ground", "read_story"]
