"""What the agents say to each other in a scene's group chat.

Each message is an AutoGen ``StructuredMessage`` around one of these pydantic models,
so the payload is data (stored, replayed, checked by code) while ``to_text()`` stays a
sentence a person can read in a transcript.
"""

from __future__ import annotations

from typing import Literal

from autogen_agentchat.messages import StructuredMessage
from pydantic import BaseModel, Field


class Content(BaseModel):
    """A message body; `describe()` is the readable line shown in transcripts."""

    def describe(self) -> str:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError


class SceneBrief(Content):
    """The director opens a scene's chat."""

    scene: int
    title: str
    max_rounds: int
    candidates: int

    def describe(self) -> str:
        return (
            f"Scene {self.scene}: {self.title}. Up to {self.max_rounds} rounds, "
            f"{self.candidates} candidates a round."
        )


class Beat(Content):
    """The screenwriter states what must happen in the scene (from the director's script)."""

    scene: int
    place: str
    time_of_day: str
    characters: list[str]
    props: list[str]
    action: str
    line: str

    def describe(self) -> str:
        who = ", ".join(self.characters) or "nobody"
        props = ", ".join(self.props) or "no props"
        return f"Beat {self.scene} at the {self.place} ({self.time_of_day}); {who}; {props}. {self.action}"


class Staging(BaseModel):
    """One entity's place in the frame, as the art director chose it."""

    who: str
    position: Literal["left", "centre-left", "centre", "centre-right", "right"]
    distance: Literal["near", "middle", "far"] = "middle"
    pose: str = "stand"
    expression: str = "neutral"
    facing: Literal["left", "right", "front"] = "front"
    holding: str = "nothing"
    next_to: str = ""  # a character this one is drawn in contact with (a hug, holding hands)
    at: str = ""  # a thing this one is drawn at ("under the tree", "on a bush")
    up: bool = False  # drawn up in the thing it is at ("a nest high in the tree", "the kite landed in a tree")
    on: bool = False  # drawn on top of the thing it is at ("the teddy sat on a chair", "a cup on the table")
    faces: str = ""  # a character this one stands near, face to face (talking to them, helping them)


class LayoutProposal(Content):
    """The art director's layout and the K rendered candidates."""

    round: int
    staging: list[Staging]
    candidates: list[str] = Field(description="image paths, one per candidate")
    manifests: list[str] = Field(description="manifest JSON paths, one per candidate")
    revised_for: list[str] = Field(default_factory=list, description="faults this revision answers")

    def describe(self) -> str:
        parts = [
            f"{s.who} {s.position} {s.distance}, {s.pose}, {s.expression}"
            + (f", holding the {s.holding}" if s.holding not in ("", "nothing") else "")
            for s in self.staging
        ]
        head = f"Round {self.round} layout" + (" (revised)" if self.revised_for else "")
        return f"{head}: {'; '.join(parts)}. Rendered {len(self.candidates)} candidates."


class CandidateScore(BaseModel):
    index: int
    alignment: float
    identity: float | None
    complete: bool
    passed: int
    total: int


class ImageVerdict(Content):
    """The critic's CLIP judgement of a round's candidates."""

    round: int
    scores: list[CandidateScore]
    best: int
    approved: bool
    faults: list[str]
    notes: list[str] = []  # failed phrases the character's reference sheet vouched for

    def describe(self) -> str:
        s = self.scores[self.best]
        ident = f", identity {s.identity:.2f}" if s.identity is not None else ""
        head = f"Round {self.round}: candidate {self.best + 1} is best (alignment {s.alignment:.2f}{ident}, {s.passed}/{s.total} checks)"
        noted = "".join(f" Note: {n}." for n in self.notes)
        if self.approved:
            return head + ". Approved." + noted
        return head + ". Faults: " + "; ".join(self.faults) + ("." + noted if noted else "")


class ShotProposal(Content):
    """The cinematographer's shot plan and the rendered clip."""

    framing: str
    camera: str
    motion: str
    motion_text: str
    mover: str
    clip: str
    poster: str

    def describe(self) -> str:
        who = f"{self.mover} {self.motion}" if self.mover != "none" else "no movement"
        return f"{self.framing.capitalize()} shot, camera {self.camera}; {who} ({self.motion_text}). Clip rendered."


class ClipVerdict(Content):
    """The critic's check of sampled frames of the clip."""

    metrics: dict[str, float]
    ok: bool
    faults: list[str]
    facts: list[dict] = Field(default_factory=list, description="each of the scene's facts checked on the frames")

    def describe(self) -> str:
        nums = ", ".join(f"{k.replace('_', ' ')} {v:.2f}" for k, v in self.metrics.items())
        return f"Clip {'passes' if self.ok else 'has faults'}: {nums}" + (
            "" if self.ok else ". " + "; ".join(self.faults)
        )


class SubtitleLine(Content):
    """The writer's line for the scene: its sentences, and (with audio) how they are spoken."""

    text: str
    speech: str = Field("", description="the scene's speech, a WAV file ('' for a silent film)")
    seconds: float = Field(0.0, description="how long the scene must last for its speech to be heard")
    cues: list[tuple[float, float, str]] = Field(default_factory=list, description="subtitle cues, from the clip's start")
    lines: list[tuple[str, str]] = Field(default_factory=list, description="(speaker, words) as spoken")

    def describe(self) -> str:
        if not self.lines:
            return f'Subtitle: "{self.text}"'
        said = "; ".join(f'{who}: "{words}"' for who, words in self.lines)
        return f"Spoken ({self.seconds:.1f} s): {said}"


class Consensus(Content):
    """The recorded end of a scene: what was kept, with its scores."""

    scene: int
    resolved: bool
    rounds: int
    image: str
    manifest: str
    clip: str
    poster: str
    subtitle: str
    scores: dict[str, float]
    faults: list[str] = Field(default_factory=list)
    facts: list[dict] = Field(default_factory=list, description="the scene's facts as the final clip shows them")
    speech: str = ""  # the scene's speech (WAV), "" for a silent film
    cues: list[tuple[float, float, str]] = Field(default_factory=list)
    lines: list[tuple[str, str]] = Field(default_factory=list)

    def describe(self) -> str:
        nums = ", ".join(f"{k} {v:.2f}" for k, v in self.scores.items())
        if self.resolved:
            return f"Consensus on scene {self.scene} after {self.rounds} round(s): {nums}."
        return (
            f"No consensus on scene {self.scene} after {self.rounds} round(s); keeping the best candidate "
            f"({nums}). Unresolved: {'; '.join(self.faults)}"
        )


CONTENT_TYPES: list[type[Content]] = [
    SceneBrief, Beat, LayoutProposal, ImageVerdict, ShotProposal, ClipVerdict, SubtitleLine, Consensus,
]
MESSAGE_TYPES = [StructuredMessage[c] for c in CONTENT_TYPES]
_BY_NAME = {c.__name__: c for c in CONTENT_TYPES}


def say(content: Content, source: str, **kwargs) -> StructuredMessage:
    """A structured message whose readable text is `content.describe()`."""
    text = content.describe().replace("{", "{{").replace("}", "}}")
    return StructuredMessage[type(content)](content=content, source=source, format_string=text, **kwargs)


def content_of(message, kind: type[Content]):
    """The content of `message` if it carries a `kind`, else None."""
    content = getattr(message, "content", None)
    return content if isinstance(content, kind) else None


def revive(kind: str, payload: dict, source: str) -> StructuredMessage:
    """Rebuild a stored message (for resuming a scene's chat)."""
    return say(_BY_NAME[kind].model_validate(payload), source)
