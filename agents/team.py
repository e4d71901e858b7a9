"""A scene's group chat: five roles, a selector that follows the protocol, consensus to end it.

The protocol (small models cannot be trusted to pick speakers, so code does):

    director's brief -> screenwriter states the beat
    -> art director stages the scene and renders K candidates
    -> critic scores them with CLIP, picks one, approves or lists faults
       -> (faults and rounds left) art director revises ...
    -> writer gives the subtitle line for the agreed picture
    -> cinematographer plans the shot and renders the clip
    -> critic checks sampled frames (one re-plan if they fail)
    -> critic records consensus (or, at the round limit, keeps the best candidate: unresolved)

The line comes before the shot, as dialogue comes before shooting: once the cinematographer has
planned the shot, what is left of the scene is rendering and checking, which needs no language
model, so the next scene's chat can start meanwhile (`SceneSetup.llm_done`, `Director.produce`).
"""

from __future__ import annotations

from typing import AsyncIterator, Sequence

from autogen_agentchat.base import TaskResult
from autogen_agentchat.conditions import FunctionalTermination, MaxMessageTermination
from autogen_agentchat.messages import BaseAgentEvent, BaseChatMessage
from autogen_agentchat.teams import SelectorGroupChat

from animdirector.agents.art_director import ArtDirector
from animdirector.agents.cinematographer import Cinematographer
from animdirector.agents.critic import Critic
from animdirector.agents.messages import (
    MESSAGE_TYPES,
    Content,
    Beat,
    ClipVerdict,
    Consensus,
    ImageVerdict,
    LayoutProposal,
    SceneBrief,
    ShotProposal,
    SubtitleLine,
    say,
)
from animdirector.agents.screenwriter import Screenwriter
from animdirector.agents.studio import Studio
from animdirector.agents.team_state import SceneSetup
from animdirector.agents.writer import Writer

MAX_CLIP_TRIES = 2


def next_speaker(thread: Sequence[BaseAgentEvent | BaseChatMessage], max_rounds: int) -> str:
    """Who speaks next, from the last message of the thread (see the module docstring)."""
    contents = [m.content for m in thread if isinstance(getattr(m, "content", None), Content)]
    last = contents[-1] if contents else None
    if isinstance(last, SceneBrief):
        return "screenwriter"
    if isinstance(last, Beat):
        return "art_director"
    if isinstance(last, (LayoutProposal, ShotProposal)):
        return "critic"
    if isinstance(last, ImageVerdict):
        return "writer" if last.approved or last.round >= max_rounds else "art_director"
    if isinstance(last, SubtitleLine):
        return "cinematographer"
    if isinstance(last, ClipVerdict):
        tries = sum(isinstance(c, ShotProposal) for c in contents)
        return "critic" if last.ok or tries >= MAX_CLIP_TRIES else "cinematographer"
    raise ValueError(f"no protocol step follows {type(last).__name__}")


def _has_consensus(messages: Sequence[BaseAgentEvent | BaseChatMessage]) -> bool:
    return any(isinstance(getattr(m, "content", None), Consensus) for m in messages)


def build_team(studio: Studio, setup: SceneSetup) -> SelectorGroupChat:
    roles = [cls(studio, setup) for cls in (Screenwriter, ArtDirector, Critic, Cinematographer, Writer)]
    # Each round is at most 4 messages, the clip part at most 2 tries of 2, then line + consensus.
    limit = 2 + 2 * setup.max_rounds + 2 * MAX_CLIP_TRIES + 3
    return SelectorGroupChat(
        roles,
        model_client=studio.client,  # unused: the selector function always answers
        selector_func=lambda thread: next_speaker(thread, setup.max_rounds),
        termination_condition=FunctionalTermination(_has_consensus) | MaxMessageTermination(limit),
        custom_message_types=MESSAGE_TYPES,
        allow_repeated_speaker=True,
    )


def scene_brief(setup: SceneSetup) -> BaseChatMessage:
    return say(
        SceneBrief(scene=setup.scene.index, title=setup.scene.title, max_rounds=setup.max_rounds, candidates=setup.k),
        "director",
    )


async def run_scene_chat(
    studio: Studio, setup: SceneSetup, earlier: list[BaseChatMessage] | None = None
) -> AsyncIterator[BaseAgentEvent | BaseChatMessage | TaskResult]:
    """Run one scene's chat, yielding every message and event as it happens.

    `earlier`: the messages of an interrupted run of this chat (the brief first); the chat
    continues after them instead of starting again.
    """
    team = build_team(studio, setup)
    task = earlier if earlier else scene_brief(setup)
    async for item in team.run_stream(task=task):
        yield item
