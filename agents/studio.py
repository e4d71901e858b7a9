"""What every role can reach: the model, the critic, the backends, the bible, the recorder."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from autogen_core.models import ChatCompletionClient

from animdirector.config import Config, Scenario, TeamConfig
from animdirector.memory.bible import StoryBible
from animdirector.memory.script import Script


@cache
def prompt(name: str) -> str:
    """The system prompt in agents/prompts/<name>.md."""
    return resources.files("animdirector.agents").joinpath("prompts", f"{name}.md").read_text(encoding="utf-8").strip()


@dataclass
class Studio:
    """The shared workplace of one production (one version of one run)."""

    config: Config
    scenario: Scenario
    team: TeamConfig
    client: ChatCompletionClient
    critic: Any  # animdirector.tools.critic.Critic
    images: Any  # animdirector.tools.image.ImageBackend
    video: Any  # animdirector.tools.video.VideoBackend
    recorder: Any  # animdirector.agents.recorder.Recorder
    artifacts: Path  # the run's artifacts folder (content keyed by inputs hash)
    out_dir: Path  # this version's folder (film, report)
    bible: StoryBible | None = None
    script: Script | None = None
    designs: dict[str, Any] = field(default_factory=dict)  # name -> tools.render.CharacterDesign
    references: dict[str, Path] = field(default_factory=dict)  # name -> reference sheet PNG
    on_token: Callable[[str], None] | None = None
    on_status: Callable[[str], None] | None = None
    eta: str = ""  # the director's estimate of the time left, shown with every status
    # What the story reader's findings do (config story.rules; "off" for a story it cannot read).
    story_rules: str = "enforce"
    # Whether the film speaks (config output.audio, and a story in English: the voice speaks English).
    audio: bool = True

    def status(self, text: str) -> None:
        if self.on_status:
            self.on_status(text + self.eta)

    def rule(self, agent: str, decision: str, reason: str, scene: int | None = None) -> None:
        """Code overrode the model's answer: say so in the transcript, with the words that decided it."""
        self.recorder.message(
            "director", f"Story rule: {decision} ({reason}).", step=f"rule/{agent}/{decision[:60]}", type="rule",
            payload={"agent": agent, "decision": decision, "reason": reason}, scene=scene,
        )
