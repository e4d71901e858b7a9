"""The screenwriter: how each character looks, and the director's script scene by scene."""

from __future__ import annotations

from typing import Literal

import re

from autogen_core import CancellationToken
from pydantic import BaseModel, Field, create_model

from animdirector.agents.messages import Beat, say
from animdirector.agents.role import RoleAgent
from animdirector.agents.structured import Answer, ask_json
from animdirector.agents.studio import Studio, prompt
from animdirector.memory.bible import mentions, said_missing
from animdirector.tools.render.places import PLACE_ALIASES, PLACES
from animdirector.tools.story_text import split_sentences

TIMES = ("morning", "noon", "sunset", "night")
WEATHERS = ("clear", "rain", "snow")


def looks_schema(names: list[str]) -> type[BaseModel]:
    look = create_model(
        "Look",
        name=(Literal[tuple(names)], ...),  # type: ignore[valid-type]
        look=(str, Field(max_length=80)),
    )
    return create_model(
        "Looks", characters=(list[look], Field(min_length=len(names), max_length=len(names)))  # type: ignore[valid-type]
    )


LINE_MAX = 100  # characters of a scene's line: two subtitle rows


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
    fields["line"] = (str, Field(max_length=LINE_MAX))
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


def weather_of(text: str, previous: str = "clear") -> str:
    """Rain or snow when the scene's text says so; otherwise clear (code, not the model, decides)."""
    low = text.lower()
    if any(w in low for w in ("snow", "snowy", "snowman", "winter")):
        return "snow"
    if any(w in low for w in ("rain", "rainy", "storm", "umbrella", "puddle")):
        return "rain"
    return "clear"


def time_of(text: str, chosen: str) -> str:
    """The time of day the text names, else the model's choice."""
    low = text.lower()
    for words, time in ((("night", "dark", "moon", "stars", "bedtime"), "night"), (("sunset", "evening", "dusk"), "sunset"),
                        (("morning", "sunrise", "breakfast"), "morning"), (("noon", "lunch"), "noon")):
        if any(re.search(rf"\b{w}\b", low) for w in words):
            return time
    return chosen


# Place words a scene's text uses, as our places; "sky", "air" and "home" say too little of where a scene is.
_PLACE_WORDS = {
    **{p: p for p in PLACES if p != "sky"},
    **{w: p for w, p in PLACE_ALIASES.items() if p != "sky" and w not in ("room", "home", "house", "wood", "den", "air")},
}
_WHERE = re.compile(
    r"\b(in|at|to|into|inside|through|on|near|by|across|around|toward|towards|along|from|out of)\s+"
    r"(?:the|a|an|his|her|their|our|my|its)\s+(" + "|".join(sorted(map(re.escape, _PLACE_WORDS), key=len, reverse=True)) + r")\b"
)


# Any word for a place, with or without a preposition: a part that has none says nothing of where it is.
_PLACE_HINT = re.compile(r"\b(" + "|".join(sorted(map(re.escape, {*PLACES, *PLACE_ALIASES, "bed", "inside", "outside", "indoors",
                                                                   "outdoors"}), key=len, reverse=True)) + r")\b")


def names_a_place(text: str) -> bool:
    """Whether the text has any word for a place ("to the river", "home", "the kitchen smelled")."""
    return bool(_PLACE_HINT.search(text.lower()))


def place_of(text: str, chosen: str, previous: str | None = None) -> str:
    """Where the text says the scene happens, else the model's choice.

    Small models keep the previous scene's place ("ran to the river" drawn in the forest), so
    code reads the places the text names with a preposition ("to the river", "in the woods"):
    the model's choice stands if it is one of them; otherwise the last one the characters are
    going to or are in (not one they leave: "from the house"). And they move a scene whose text
    names no place at all (story 128's girl petting a cat in the park was drawn in the living
    room): such a scene stays where the previous one was, given as `previous` when the story
    said where that was."""
    if previous and not names_a_place(text):
        return previous
    named = [(m.group(1), _PLACE_WORDS[m.group(2)]) for m in _WHERE.finditer(text.lower())]
    if not named or chosen in {place for _, place in named}:
        return chosen
    where = [place for prep, place in named if prep not in ("from", "out of")]
    return where[-1] if where else chosen


def scene_props(chosen: list[str], objects: list[str], part: str, before: str = "", same_place: bool = True) -> list[str]:
    """The objects a scene shows: those the model chose that the text names (in this scene's part, or
    in the part before while the scene stays where it was: "she looked for it"), then any other
    object this part names. An object named only in the scene before does not follow the characters
    to a new place (the forest's tree is not drawn in the living room). An object this part says is
    not there ("but the kite was not there") is not drawn either."""
    near = part + (" " + before if before and same_place else "")
    props = [p for p in dict.fromkeys(chosen) if mentions(near, p)]
    props += [noun for noun in objects if mentions(part, noun) and noun not in props]
    return [p for p in props if not said_missing(part, p)]


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
