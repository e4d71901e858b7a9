"""The writer: who and what the story is about, and each scene's subtitle line."""

from __future__ import annotations

from typing import Literal

from autogen_core import CancellationToken
from pydantic import BaseModel, Field, create_model

from animdirector.agents.messages import Beat, SubtitleLine, say
from animdirector.agents.role import RoleAgent
from animdirector.agents.structured import Answer, ask_json
from animdirector.agents.studio import Studio, prompt


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


class Writer(RoleAgent):
    def __init__(self, studio: Studio, setup=None):
        super().__init__("writer", "Writes the cast notes and gives each scene its lines of the story.", setup)
        self.studio = studio

    async def cast_notes(self, narrative: str, kinds: list[str], check, retries: int) -> Answer:
        return await ask_json(
            self.studio.client, step="cast notes", system=prompt("writer"),
            user=f"Story:\n{narrative}", schema=cast_notes_schema(kinds), check=check,
            retries=retries, on_token=self.studio.on_token,
        )

    async def act(self, events, cancellation_token: CancellationToken):
        # The subtitle is the scene's own sentences: never invented, never another scene's, never
        # cut mid-word (the film splits it into timed cues). No model call: code does this reliably.
        assert self.last(Beat) is not None, "the writer speaks after the beat"
        return say(SubtitleLine(text=" ".join(self.setup.scene.source.split())), self.name)
