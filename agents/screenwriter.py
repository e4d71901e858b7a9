"""The screenwriter: how each character looks, and the director's script scene by scene."""

from __future__ import annotations

from typing import Literal

from autogen_core import CancellationToken
from pydantic import BaseModel, Field, create_model

from animdirector.agents.messages import Beat, say
from animdirector.agents.role import RoleAgent
from animdirector.agents.structured import Answer, ask_json
from animdirector.agents.studio import Studio, prompt
from animdirector.memory.bible import mentions
from animdirector.tools.story_text import split_sentences

TIMES = ("morning", "noon", "sunset", "night")
WEATHERS = ("clear", "cloudy", "fog", "rain", "snow")


def looks_schema(names: list[str]) -> type[BaseModel]:
    look = create_model(
        "Look",
        name=(Literal[tuple(names)], ...),  # type: ignore[valid-type]
        look=(str, Field(max_length=80)),
    )
    return create_model(
        "Looks", characters=(list[look], Field(min_length=len(names), max_length=len(names)))  # type: ignore[valid-type]
    )


def scene_schema(places: list[str], cast: list[str], props: list[str]) -> type[BaseModel]:
    """One scene of the script; names and places are enums, so the model can only pick real ones."""
    fields: dict = {
        "place": (Literal[tuple(places)], ...),
        "time_of_day": (Literal[TIMES], ...),
        "characters": (list[Literal[tuple(cast)]], Field(max_length=4)),  # type: ignore[valid-type]
    }
    if props:
        fields["props"] = (list[Literal[tuple(props)]], Field(max_length=3))  # type: ignore[valid-type]
    fields["action"] = (str, Field(min_length=5, max_length=140))
    return create_model("SceneDraft", **fields)


def check_looks(answer) -> list[str]:
    faults = []
    looks = [c.look.strip().lower() for c in answer.characters]
    for c in answer.characters:
        if looks.count(c.look.strip().lower()) > 1:
            faults.append(f"{c.name} looks the same as another character: make each look different")
        if len(c.look.strip()) < 3:
            faults.append(f"describe how {c.name} looks")
    return faults


class Screenwriter(RoleAgent):
    def __init__(self, studio: Studio, setup=None):
        super().__init__("screenwriter", "Writes the director's script and states each scene's beat.", setup)
        self.studio = studio

    async def looks(self, narrative: str, cast: dict[str, str], retries: int) -> Answer:
        # Code finds what the story says about each character; the model only has to keep it.
        lines = []
        for name, kind in cast.items():
            said = [s for s in split_sentences(narrative) if mentions(s, name)][:2]
            lines.append(f"- {name} ({kind})" + (": the story says: " + " ".join(said) if said else ""))
        return await ask_json(
            self.studio.client, step="character looks", system=prompt("screenwriter_looks"),
            user="Characters:\n" + "\n".join(lines), schema=looks_schema(list(cast)),
            check=check_looks, retries=retries, on_token=self.studio.on_token,
        )

    async def scene(
        self, *, narrative: str, index: int, total: int, part: str, previous: str | None,
        places: list[str], cast: list[str], props: list[str], check, retries: int,
    ) -> Answer:
        # The story and the lists come first and stay the same for every scene, so the
        # model's KV cache serves that prefix and only the scene's part is read anew.
        user = (
            f"Story:\n{narrative}\n\nCharacters: {', '.join(cast)}\nObjects: {', '.join(props) or 'none'}\n"
            f"Places: {', '.join(places)}\n\n"
            f"Scene {index} of {total}" + (f" (the scene before was at the {previous})" if previous else "")
            + f".\nThis scene's part of the story:\n{part}"
        )
        return await ask_json(
            self.studio.client, step=f"scene {index} script", system=prompt("screenwriter_scene"),
            user=user, schema=scene_schema(places, cast, props), check=check, retries=retries,
            on_token=self.studio.on_token,
        )

    async def act(self, events, cancellation_token: CancellationToken):
        s = self.setup.scene
        beat = Beat(
            scene=s.index, place=s.place, time_of_day=s.time_of_day, characters=s.characters,
            props=[self.studio.script.props[p].phrase() if p in self.studio.script.props else p for p in s.props],
            action=s.action, line=s.line,
        )
        return say(beat, self.name)
