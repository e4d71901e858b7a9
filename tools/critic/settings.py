"""The critic's own settings, so it can be loaded without the app (the app's config.yaml embeds them
under `critic:`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class OpenClipCritic(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    architecture: str = "ViT-B-32"
    checkpoint: str | None = None


class CriticConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    backend: Literal["bundled", "open_clip"] = "bundled"
    open_clip: OpenClipCritic = OpenClipCritic()
