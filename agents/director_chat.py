"""The director in conversation: a request becomes edits, the edits a plan, the plan a new version.

The model only picks edits from a closed vocabulary (memory/edits.py) with the film's real
names as enums; code applies them, says exactly what will be made again, and asks before
anything destructive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field, create_model

from animdirector.agents.structured import ask_json
from animdirector.agents.studio import prompt
from animdirector.memory.bible import StoryBible, mentions
from animdirector.memory.edits import DESTRUCTIVE, NARRATOR, PARTS, VOICE_CHANGES, Action, Edit, EditError, apply_edit
from animdirector.memory.script import Script
from animdirector.tools import render


class Kind(BaseModel):
    action: Action


def details_schema(action: str, characters: list[str], objects: list[str], scenes: int, versions: list[int],
                   places: list[str], styles: tuple[str, ...]) -> type[BaseModel] | None:
    """The fields one kind of edit needs, with the film's real names as enums (None: no details)."""
    who = (Literal[tuple(characters)], ...) if characters else (str, ...)
    speaker = (Literal[tuple(characters + [NARRATOR])], ...)
    what = (Literal[tuple(objects)], ...) if objects else (str, ...)
    scene = (int, Field(ge=1, le=max(scenes, 1)))
    text = lambda n: (str, Field(min_length=1, max_length=n))  # noqa: E731
    fields: dict[str, dict] = {
        "change_look": {"character": who, "look": text(60)},
        "change_object": {"object": what, "colour": text(20)},
        "rename": {"character": who, "new_name": text(30)},
        "change_setting": {
            "scene": (int, Field(0, ge=0, le=scenes, description="0: every scene")),
            "place": (Literal[tuple([""] + places)], ""),
            "time_of_day": (Literal["", "morning", "noon", "sunset", "night"], ""),
            "weather": (Literal["", "clear", "rain", "snow"], ""),
        },
        "edit_scene": {"scene": scene, "action": text(140), "line": (str, Field("", max_length=100))},
        "add_scene": {"after": (int, Field(ge=0, le=scenes)), "action": text(140)},
        "remove_scene": {"scene": scene},
        "move_scene": {"scene": scene, "to": (int, Field(ge=1, le=max(scenes, 1)))},
        "change_style": {"style": (Literal[styles], ...)},  # type: ignore[valid-type]
        "remake": {"scene": scene},
        "revert": {"version": (Literal[tuple(versions)], ...)},  # type: ignore[valid-type]
        "change_voice": {"character": speaker, "change": (Literal[tuple(VOICE_CHANGES)], ...)},  # type: ignore[valid-type]
        "change_words": {"scene": scene, "speaker": speaker, "words": text(200)},
        "question": {"question": text(160)},
        "cannot": {"reason": text(160)},
    }
    chosen = fields.get(action)
    return create_model(f"{''.join(w.capitalize() for w in action.split('_'))}Details", **chosen) if chosen else None


def _kind_from_words(request: str, characters: list[str], objects: list[str]) -> str | None:
    """The kind of edit the words make certain, if any: a character's clothes or colours are a
    look, an object with a colour is an object."""
    words = set(re.findall(r"[a-z-]+", request.lower()))
    names = [c for c in characters if mentions(request, c)]
    things = [o for o in objects if mentions(request, o)]
    look_words = set().union(*PARTS.values()) | {"look", "looks", "wear", "wears", "wearing", "fur", "hat", "glasses"}
    if words & VOICE_WORDS and voice_change_from_words(request):
        return "change_voice"
    if names and words & look_words and not things:
        return "change_look"
    if things and not (words & look_words):
        return "change_object"
    return None


VOICE_WORDS = {"voice", "sound", "sounds", "speak", "speaks", "talk", "talks", "narrator", "narration"}
_VOICE_SYNONYMS = {"deeper": "deeper", "lower": "deeper", "higher": "higher", "slower": "slower",
                   "faster": "faster", "quicker": "faster", "squeakier": "higher"}


def voice_change_from_words(request: str) -> str | None:
    """'deeper' for "Rex should sound deeper", 'slower' for "the narrator should speak more slowly"."""
    words = re.findall(r"[a-z]+", request.lower())
    words = [("slower" if w == "slowly" and "more" in words else "faster" if w == "quickly" and "more" in words else w)
             for w in words]
    found = [_VOICE_SYNONYMS[w] for w in words if w in _VOICE_SYNONYMS]
    return found[0] if found else None


def complete_look(look: str, request: str) -> str:
    """'green' for "make Lily's dress green" becomes 'green dress': the part the user named."""
    words = set(re.findall(r"[a-z-]+", look.lower()))
    if words & set().union(*PARTS.values()):
        return look
    named = [w for w in re.findall(r"[a-z-]+", request.lower()) if any(w in p for p in PARTS.values())]
    return f"{look} {named[0]}" if named else look


def check_kind(request: str, characters: list[str], objects: list[str]):
    def check(kind: Kind) -> list[str]:
        sure = _kind_from_words(request, characters, objects)
        if sure and kind.action != sure and (kind.action in ("change_look", "change_object") or sure == "change_voice"):
            about = {"change_look": "a character's look", "change_object": "an object", "change_voice": "a voice"}[sure]
            return [f"the request is about {about}: it is {sure}, not {kind.action}"]
        return []

    return check


def to_edit(action: str, d: dict) -> Edit:
    """The details as an Edit (memory/edits.py's vocabulary)."""
    g = d.get
    return Edit(
        action=action, character=g("character") or g("speaker") or "", object=g("object", ""),
        scene=g("scene", 0) or 0, to=g("to", g("after", g("version", 0))) or 0,
        text=g("look") or g("colour") or g("new_name") or g("place") or g("action") or g("style")
        or g("change") or g("words") or g("question") or g("reason") or "",
        line=g("line", ""), time_of_day=g("time_of_day", ""), weather=g("weather", ""),
    )


def film_summary(bible: StoryBible, script: Script, style: str, version: int) -> str:
    """What the director knows about the current version (short: small models pay per token)."""
    lines = [f"Film '{script.title}', version {version}, style {style}.", "Characters:"]
    lines += [f"- {c.name} ({c.kind}): {c.look}" for c in bible.characters.values()]
    if script.props:
        lines.append("Objects: " + ", ".join(p.phrase() for p in script.props.values()))
    lines.append("Scenes:")
    lines += [f"{s.index}. {s.place}, {s.time_of_day}: {s.action}" for s in script.scenes]
    return "\n".join(lines)


@dataclass
class Plan:
    """What a request amounts to, before anything is made."""

    reply: str
    edits: list[Edit] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    bible: StoryBible | None = None
    script: Script | None = None
    style: str = ""
    revert_to: int | None = None
    question: bool = False

    @property
    def changes(self) -> bool:
        return bool(self.summaries) or self.revert_to is not None

    @property
    def destructive(self) -> bool:
        return any(e.action in DESTRUCTIVE for e in self.edits)


async def plan_request(
    client, request: str, bible: StoryBible, script: Script, style: str, version: int, versions: list[int],
    seed: int = 0, on_token=None,
) -> tuple[Plan, list]:
    """Turn a request into a checked plan (nothing is made here). Two small model steps: which
    kind of edit, then its details with the film's names as enums. Returns (plan, the answers)."""
    summary = film_summary(bible, script, style, version)
    check = check_kind(request, list(bible.characters), list(script.props))
    kind = await ask_json(
        client, step="director: kind of edit", system=prompt("director"),
        user=f"{summary}\n\nThe user says: {request}", schema=Kind, check=check, retries=1, on_token=on_token,
    )
    action = kind.value.action
    if kind.faults:  # the model kept a kind the request's own words rule out: code knows better here
        action = _kind_from_words(request, list(bible.characters), list(script.props)) or action
    answers = [kind]
    if action == "nothing":
        return Plan(reply="Nothing to change, then."), answers
    schema = details_schema(action, list(bible.characters), list(script.props), len(script.scenes), versions,
                            render.known_places(), render.STYLE_PRESETS)
    details = await ask_json(
        client, step=f"director: {action}", system=prompt("director_details"),
        user=f"{summary}\n\nThe user says: {request}\nThe change: {action.replace('_', ' ')}.",
        schema=schema, retries=1, on_token=on_token,
    )
    answers.append(details)
    edit = to_edit(action, details.value.model_dump())
    if action == "change_look":
        edit.text = complete_look(edit.text, request)
    if action == "change_voice":  # the request's own word wins over the model's pick
        edit.text = voice_change_from_words(request) or edit.text
    if action == "question":
        return Plan(reply=edit.text, question=True), answers
    if action == "cannot":
        return Plan(reply=edit.text), answers
    if action == "revert":
        return Plan(reply=f"Going back to version {edit.to}.", edits=[edit], summaries=[f"back to version {edit.to}"],
                    revert_to=edit.to), answers
    try:
        new_bible, new_script, new_style, summary_line = apply_edit(
            edit, bible, script, style, design_of=_design_of(seed), styles=render.STYLE_PRESETS,
            places=render.known_places(), is_colour=_is_colour,
        )
    except EditError as exc:
        return Plan(reply=f"I can't do that: {exc}. Nothing was changed."), answers
    return Plan(reply=f"I will change this: {summary_line}.", edits=[edit], summaries=[summary_line],
                bible=new_bible, script=new_script, style=new_style), answers


def _is_colour(words: str) -> bool:
    try:
        render.parse_colour(words)
        return True
    except ValueError:
        return False


def _design_of(seed: int):
    # The scenario's seed, as in pre-production: what the look does not say stays as it was.
    def design_of(name: str, kind: str, look: str) -> dict:
        return render.design_from_text(name, kind, look, seed=seed).model_dump()

    return design_of
