"""What a scene's chat has decided so far, derived from its messages alone.

Nothing is kept in the agents between turns, so a scene's chat resumed from its stored
messages reaches the same state as the one that was interrupted.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from animdirector.agents.messages import CandidateScore, ImageVerdict, Staging


@dataclass
class SceneSetup:
    """The fixed inputs of one scene's chat."""

    scene: object  # memory.script.SceneSpec
    k: int
    max_rounds: int
    seed: int
    out_dir: Path
    # Set once the scene's words are all said (the shot is planned): what is left is rendering
    # and checking, so the director may start the next scene's chat (see team.py).
    llm_done: asyncio.Event = field(default_factory=asyncio.Event)


def round_seed(scene_seed: int, round_no: int) -> int:
    return scene_seed + round_no * 7919


def kept(verdicts: list[ImageVerdict]) -> tuple[int, int, CandidateScore, list[str], bool]:
    """The round and candidate the scene keeps: the latest approved one, else (at the round
    limit) the best-scoring candidate of all rounds. Returns (round, candidate, score, faults, resolved)."""
    if not verdicts:
        raise ValueError("no candidates have been judged yet")
    approved = [v for v in verdicts if v.approved]
    if approved:
        v = approved[-1]
        return v.round, v.best, v.scores[v.best], [], True

    def quality(v: ImageVerdict):
        s = v.scores[v.best]
        return (s.complete, -len(v.faults), s.alignment + (s.identity or 0.0))

    v = max(verdicts, key=quality)
    return v.round, v.best, v.scores[v.best], v.faults, False


def layout_for(studio, scene, staging: list[Staging]):
    """The renderer's layout for a staging (deterministic: the same staging gives the same layout)."""
    from animdirector.agents.art_director import layout_from_staging

    props = {p: studio.script.props[p] for p in scene.props if p in studio.script.props}
    return layout_from_staging(scene, staging, props, studio.designs)


def scene_designs(studio, scene, characters) -> dict:
    """The characters' designs as this scene draws them: without what the text has them take off
    (a hat the wind blew away is a thing of the scene, not on his head)."""
    out = {}
    for name in characters:
        design = studio.designs[name]
        off = set(scene.unworn.get(name, []))
        if off & set(design.accessories):
            design = design.model_copy(update={"accessories": [a for a in design.accessories if a not in off]})
        out[name] = design
    return out
