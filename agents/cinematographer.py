"""The cinematographer: plans each scene's shot and motion, and renders the clip."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from autogen_core import CancellationToken
from pydantic import BaseModel, Field, create_model

from animdirector.agents.messages import ClipVerdict, ImageVerdict, LayoutProposal, ShotProposal, say
from animdirector.agents.team_state import kept, layout_for, round_seed
from animdirector.memory.bible import mentions
from animdirector.memory.store import slugify
from animdirector.tools.image import candidate_seed
from animdirector.agents.role import RoleAgent
from animdirector.agents.structured import ask_json
from animdirector.agents.studio import Studio, prompt
from animdirector.tools import render

CAMERAS = ("static", "pan-left", "pan-right", "zoom-in", "zoom-out", "follow")
# Motions that travel get a destination; the rest happen on the spot.
TRAVELLING = {"walk", "run", "enter-left", "enter-right", "exit-left", "exit-right"}


def shot_schema(characters: list[str]) -> type[BaseModel]:
    return create_model(
        "ShotPlan",
        framing=(Literal["wide", "medium", "close-up"], "wide"),
        camera=(Literal[CAMERAS], "static"),
        mover=(Literal[tuple(characters + ["none"])], "none"),  # type: ignore[valid-type]
        motion=(str, Field(max_length=60, description="how the mover moves, in a few words")),
    )


def motion_for(name: str, who: str, layout: render.Layout, seconds: float) -> render.Motion:
    """A library motion over most of the shot; travelling motions cross towards the frame's other side."""
    start, end = min(0.3, seconds * 0.1), max(seconds - 0.3, seconds * 0.9)
    to_x = None
    if name in TRAVELLING or name.startswith(("walk", "run")):
        here = next((p.x for p in layout.placements if p.character == who), 0.5)
        to_x = 0.75 if here < 0.5 else 0.25
    return render.Motion(name=name, who=who, to_x=to_x, start_s=start, end_s=end)


def words_about_mover(motion_text: str, mover: str, others: list[str]) -> str:
    """The motion words about the mover alone: the model often describes everyone ("Mia sits, Rex
    runs to the river"), and matched whole, that text made Mia swim. A clause (between commas or
    semicolons) that names someone else and not the mover is left out."""
    clauses = [c.strip() for c in re.split(r"[,;]", motion_text) if c.strip()]
    own = [c for c in clauses if mentions(c, mover) or not any(mentions(c, o) for o in others)]
    return ", ".join(own) or motion_text


_TOUCHING = re.compile(r"\b(?:hug\w*|cuddl\w*|embrac\w*|kiss\w*|snuggl\w*|"
                       r"(?:hold|holds|holding|held|shak\w*|shook) hands|high[- ]fives?)\b", re.IGNORECASE)


def framing_for(framing: str, action: str, characters: list[str]) -> str:
    """The framing the scene allows: a medium or close shot frames the mover alone, so when the
    action has two characters touching (a hug, holding hands) it is shot wide, which keeps everyone
    in view (story 159's hug close-ups showed the girl and not the dog she hugged)."""
    if framing != "wide" and len(characters) > 1 and _TOUCHING.search(action):
        return "wide"
    return framing


def camera_for(camera: str, framing: str, mover: str, motions: list[render.Motion]) -> str:
    """The camera the shot needs: nobody to follow, no follow; a mover who travels in a medium or
    close shot is followed (the shot is framed on where the mover starts, so a fixed camera or a
    zoom loses the mover after a few frames)."""
    if camera == "follow" and mover == "none":
        return "static"
    if framing != "wide" and any(m.to_x is not None for m in motions):
        return "follow"
    return camera


class Cinematographer(RoleAgent):
    def __init__(self, studio: Studio, setup=None):
        super().__init__("cinematographer", "Plans the shot, camera move and motion, and renders the clip.", setup)
        self.studio = studio

    async def act(self, events, cancellation_token: CancellationToken):
        setup, scene, sc = self.setup, self.setup.scene, self.studio.scenario
        round_no, best, *_ = kept(self.all(ImageVerdict))
        proposal = next(p for p in self.all(LayoutProposal) if p.round == round_no)
        layout = layout_for(self.studio, scene, proposal.staging)
        characters = [p.character for p in layout.placements if p.character]
        usage = None
        if characters:
            answer = await ask_json(
                self.studio.client, step=f"scene {scene.index} shot", system=prompt("cinematographer"),
                user=f"Scene {scene.index}: {scene.action}\nCharacters: {', '.join(characters)}." + _faults(self.last(ClipVerdict)),
                schema=shot_schema(characters), retries=1, on_token=self.studio.on_token,
            )
            plan, usage = answer.value, answer.usage()
            framing, camera, mover, motion_text = plan.framing, plan.camera, plan.mover, plan.motion
            if mover == "none":  # "no one moves" but the words name someone moving: believe the words
                mover = next((c for c in characters if mentions(motion_text, c)), "none")
        else:
            framing, camera, mover, motion_text = "wide", "pan-right", "none", "the camera looks around"
        setup.llm_done.set()  # from here on the scene only renders and checks
        framing = framing_for(framing, scene.action, characters)
        others = [c for c in characters if c != mover]
        motion_name = render.match_motion(words_about_mover(motion_text, mover, others)) if mover != "none" else "none"
        motions = [motion_for(motion_name, mover, layout, sc.seconds_per_scene)] if mover != "none" else []
        camera = camera_for(camera, framing, mover, motions)
        shot = render.Shot(
            framing=framing, subject=mover if mover != "none" else None, camera=camera,
            duration_s=sc.seconds_per_scene, fps=sc.fps,
        )
        cand_seed = candidate_seed(round_seed(setup.seed, round_no), best)
        out = setup.out_dir / f"clip-r{round_no}-c{best + 1}-{framing}-{camera}-{motion_name}-{slugify(mover)}.mp4"
        clip = await self.use_tool(
            events, "animate_clip",
            {"scene": scene.index, "round": round_no, "candidate": best + 1, "shot": shot.model_dump(), "motion": motion_name, "who": mover},
            lambda: _existing(out) or self.studio.video.clip(
                layout, shot, motions, characters={c: self.studio.designs[c] for c in characters},
                out_path=out, style=sc.style, size=tuple(sc.size), seed=cand_seed,
                first_frame=Path(proposal.candidates[best]), prompt=scene.action,
            ),
        )
        proposal = ShotProposal(
            framing=framing, camera=camera, motion=motion_name, motion_text=motion_text, mover=mover,
            clip=str(clip.path), poster=str(clip.poster_path),
        )
        return say(proposal, self.name, models_usage=usage)


class _Existing:
    def __init__(self, path):
        self.path = path
        self.poster_path = path.with_suffix(".png")


def _existing(path):
    """A clip rendered before (same inputs, same name): found, not redone."""
    return _Existing(path) if path.exists() and path.with_suffix(".png").exists() else None


def _faults(verdict) -> str:
    if verdict is None or verdict.ok:
        return ""
    return "\nThe critic's faults with the last clip:\n- " + "\n- ".join(verdict.faults)
