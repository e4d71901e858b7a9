"""The director's script: the scenes, in order, that the team films.

Characters and settings live in the story bible; the script refers to them by name, so
an edit to a character changes one bible entry and every scene that names it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class PropSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    noun: str = Field(min_length=1, max_length=40)
    colour: str = ""
    shape: str = ""

    def phrase(self) -> str:
        return " ".join(p for p in (self.colour, self.shape, self.noun) if p)


class SceneSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    index: int = Field(ge=1)
    place: str
    time_of_day: str = "noon"
    weather: str = "clear"
    characters: list[str] = Field(default_factory=list)
    props: list[str] = Field(default_factory=list, description="nouns of the script's props")
    action: str
    line: str = ""
    source: str = Field("", description="the sentences of the story this scene films")
    take: int = Field(1, ge=1, description="raised to film an unchanged scene again")
    unworn: dict[str, list[str]] = Field(default_factory=dict,
                                         description="character -> accessories of their look they do not have on here "
                                                     "(the text has the hat blown off)")
    said: dict[str, str] = Field(default_factory=dict,
                                 description="speaker -> words that replace that speaker's lines in this scene (a chat edit)")

    @property
    def title(self) -> str:
        return f"{self.place.capitalize()}, {self.time_of_day}"


class Script(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    props: dict[str, PropSpec] = Field(default_factory=dict)
    scenes: list[SceneSpec]

    def scene(self, index: int) -> SceneSpec:
        for s in self.scenes:
            if s.index == index:
                return s
        raise KeyError(f"no scene {index}; the script has scenes 1..{len(self.scenes)}")
