"""The director in conversation: a request becomes edits, the edits a plan, the plan a new version.

The model only picks edits from a closed vocabulary (memory/edits.py) with the film's real
names as enums; code applies them, says exactly what will be made again, and asks before
anything destructive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field, create_model

from animdirector.agents.structured import ask_json
from animdirector.agents.studio import prompt
from animdirector.memory.bible import StoryBible
from animdirector.memory.edits import DESTRUCTIVE, Edit, EditError, apply_edit
from animdirector.memory.script import Script
from animdirector.tools import render


def plan_schema(characters: list[str], objects: list[str], scenes: int) -> type[BaseModel]:
    edit = create_model(
        "EditDraft",
        action=(Edit.model_fields["action"].annotation, ...),
        character=(Literal[tuple(characters + [""])], ""),  # type: ignore[valid-type]
        object=(Literal[tuple(objects + [""])], ""),  # type: ignore[valid-type]
        scene=(int, Field(0, ge=0, le=scenes + 1)),
        text=(str, Field("", max_length=200)),
        line=(str, Field("", max_length=120)),
        time_of_day=(Literal["", "morning", "noon", "sunset", "night"], ""),
        weather=(Literal["", "clear", "rain", "snow"], ""),
        to=(int, Field(0, ge=0, le=99)),
    )
    return create_model(
        "EditPlan",
        edits=(list[edit], Field(min_length=1, max_length=4)),  # type: ignore[valid-type]
        reply=(str, Field(max_length=240)),
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
) -> tuple[Plan, object]:
    """Turn a request into a checked plan (nothing is made here). Returns (plan, the model's answer)."""
    schema = plan_schema(list(bible.characters), list(script.props), len(script.scenes))
    answer = await ask_json(
        client, step="director edits", system=prompt("director"),
        user=f"{film_summary(bible, script, style, version)}\n\nThe user says: {request}",
        schema=schema, retries=1, on_token=on_token,
    )
    edits = [Edit.model_validate(e.model_dump()) for e in answer.value.edits]
    reply = answer.value.reply.strip()
    for e in edits:
        if e.action == "question":
            return Plan(reply=e.text or reply or "Could you say more precisely what to change?", question=True), answer
        if e.action == "cannot":
            return Plan(reply=e.text or reply or "I can't do that with this film."), answer
    edits = [e for e in edits if e.action != "nothing"]
    if not edits:
        return Plan(reply=reply or "Nothing to change."), answer
    reverts = [e for e in edits if e.action == "revert"]
    if reverts:
        target = reverts[0].to
        if target not in versions:
            return Plan(reply=f"There is no version {target}; versions: {', '.join(map(str, versions))}."), answer
        return Plan(reply=reply, edits=reverts, summaries=[f"back to version {target}"], revert_to=target), answer
    new_bible, new_script, new_style, summaries = bible, script, style, []
    try:
        for e in edits:
            new_bible, new_script, new_style, summary = apply_edit(
                e, new_bible, new_script, new_style, design_of=_design_of(seed), styles=render.STYLE_PRESETS,
                places=render.known_places(),
            )
            summaries.append(summary)
    except EditError as exc:
        return Plan(reply=f"I can't do that: {exc}. Nothing was changed."), answer
    return Plan(reply=reply, edits=edits, summaries=summaries, bible=new_bible, script=new_script, style=new_style), answer


def _design_of(seed: int):
    # The scenario's seed, as in pre-production: what the look does not say stays as it was.
    def design_of(name: str, kind: str, look: str) -> dict:
        return render.design_from_text(name, kind, look, seed=seed).model_dump()

    return design_of
