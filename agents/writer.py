"""The writer: who and what the story is about, and each scene's subtitle line."""

from __future__ import annotations

import logging
from typing import Literal

from autogen_core import CancellationToken
from pydantic import BaseModel, Field, create_model

from animdirector.agents.messages import Beat, SubtitleLine, say
from animdirector.agents.role import RoleAgent
from animdirector.agents.structured import Answer, ask_json
from animdirector.agents.studio import Studio, prompt
from animdirector.memory.artifacts import inputs_hash
from animdirector.tools.speech.narrate import LONG_SCENE_S, narrate, save_speech
from animdirector.tools.speech.voice import NARRATOR, Voice
from animdirector.tools.story.narration import NARRATOR as STORY_NARRATOR, SpokenLine, spoken_lines, with_words_changed
from animdirector.tools.story.scenes import scene_reading

log = logging.getLogger(__name__)


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
        return say(await self.scene_line(events), self.name)

    async def scene_line(self, events) -> SubtitleLine:
        """The scene's words and, with audio, their speech (the sound of a scene whose picture is
        kept is made again with this alone)."""
        text = " ".join(self.setup.scene.source.split())
        if not self.studio.audio:
            return SubtitleLine(text=text)
        lines = self.spoken(text)
        path = self.setup.out_dir / f"speech-{inputs_hash({'lines': [(w, t, v.to_dict()) for w, t, v in lines]})[:16]}.wav"
        speech = await self.use_tool(
            events, "speak", {"lines": [f"{w}: {t}" for w, t, _ in lines]},
            lambda: narrate(lines, threads=self.studio.config.threads))
        save_speech(speech, path)
        if speech.duration_s > LONG_SCENE_S:
            log.warning("scene %d speaks for %.0f s: a scene that long is hard to watch; give the story more scenes",
                        self.setup.scene.index, speech.duration_s)
        return SubtitleLine(text=text, speech=str(path), seconds=round(speech.duration_s, 3),
                            cues=[(c.start_s, c.end_s, c.text) for c in speech.cues], lines=speech.lines)

    def spoken(self, text: str) -> list[tuple[str, str, Voice]]:
        """The scene's lines with their voices: quotes by their speakers, the rest by the narrator
        (all of it by the narrator when story.rules is off: nobody read who says what)."""
        st = self.studio
        narrator = Voice.from_dict(st.bible.narrator_voice) if st.bible.narrator_voice else NARRATOR

        def voice_of(speaker: str) -> Voice:
            entry = st.bible.characters.get(speaker)
            return Voice.from_dict(entry.voice) if entry is not None and entry.voice else narrator

        if st.story_rules == "off":
            lines = [SpokenLine(STORY_NARRATOR, text)]
        else:
            lines = [line if line.speaker in st.bible.characters else SpokenLine(STORY_NARRATOR, line.text)
                     for line in spoken_lines(scene_reading(st.scenario.narrative, self.setup.scene.source))]
        lines = with_words_changed(lines or [SpokenLine(STORY_NARRATOR, text)], self.setup.scene.said)
        return [(line.speaker, line.text, voice_of(line.speaker)) for line in lines]
