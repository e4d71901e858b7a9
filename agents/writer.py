"""The writer: who and what the story is about, and each scene's subtitle line."""

from __future__ import annotations

from typing import Literal

from autogen_core import CancellationToken
from pydantic import BaseModel, Field, create_model

from animdirector.agents.messages import Beat, SubtitleLine, say
from animdirector.agents.role import RoleAgent
from animdirector.agents.structured import Answer, ask_json
from animdirector.agents.studio import Studio, prompt
from animdirector.tools.story_text import whole_sentences


class Thing(BaseModel):
    noun: str = Field(max_length=20, description="one word, e.g. ball")
    colour: str = Field(max_length=16, description="e.g. red")
    shape: str = Field(max_length=16, description="e.g. round")


def cast_notes_schema(kinds: list[str]) -> type[BaseModel]:
    """The writer's answer: characters (kinds limited to what the renderer can draw) and objects."""
    member = create_model(
        "CastMember",
        name=(str, Field(max_length=24)),
        kind=(Literal[tuple(kinds)], ...),  # type: ignore[valid-type]
    )
    return create_model(
        "CastNotes",
        characters=(list[member], Field(min_length=1, max_length=6)),  # type: ignore[valid-type]
        objects=(list[Thing], Field(max_length=8)),
    )


SUBTITLE_MAX = 100


class Subtitle(BaseModel):
    text: str = Field(min_length=1, max_length=SUBTITLE_MAX)


def subtitle_faults(line: Subtitle) -> list[str]:
    """A subtitle reads as whole sentences: one that starts in lower case is the tail of a sentence
    (story 63's last scene got "just around the corner")."""
    text = line.text.strip().lstrip("\"'“‘«(")
    if text[:1].islower():
        return ["the line starts in the middle of a sentence: write whole sentences from the story text"]
    return []


class Writer(RoleAgent):
    def __init__(self, studio: Studio, setup=None):
        super().__init__("writer", "Writes the cast notes and each scene's subtitle line.", setup)
        self.studio = studio

    async def cast_notes(self, narrative: str, kinds: list[str], check, retries: int) -> Answer:
        return await ask_json(
            self.studio.client, step="cast notes", system=prompt("writer"),
            user=f"Story:\n{narrative}", schema=cast_notes_schema(kinds), check=check,
            retries=retries, on_token=self.studio.on_token,
        )

    async def act(self, events, cancellation_token: CancellationToken):
        beat = self.last(Beat)
        assert beat is not None, "the writer speaks after the beat"
        user = f"Scene: {beat.action}\nStory text: {self.setup.scene.source}\nDraft line: {beat.line}"
        answer = await ask_json(
            self.studio.client, step=f"scene {beat.scene} subtitle", system=prompt("writer_subtitle"),
            user=user, schema=Subtitle, check=subtitle_faults, retries=1, on_token=self.studio.on_token,
        )
        # The grammar stops the line at its length limit, even mid-word: keep whole sentences, or
        # take the beat's line when the only sentence was cut or the line is still a fragment.
        text = (not answer.faults and whole_sentences(answer.value.text, SUBTITLE_MAX)) or beat.line
        return say(SubtitleLine(text=text), self.name, models_usage=answer.usage())
