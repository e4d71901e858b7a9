"""The story bible: the single source of truth for a run's characters and settings.

Agents read it (through the AutoGen Memory adapter in agents/bible_memory.py), the art
director writes designs and reference sheets into it, and the director edits it when the
user asks for a change. Each entry has a stable `digest`, so the pipeline can tell which
scenes depend on what changed: giving Tim a green shirt changes Tim's digest only.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from animdirector.memory.artifacts import atomic_write_bytes, canonical_json


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class CharacterEntry(_Entry):
    """One character: who they are, how they look, and the renderer's design for them."""

    name: str = Field(..., min_length=1, max_length=80)
    kind: str = Field("person", description="e.g. girl, boy, dog, robot")
    profile: str = Field("", description="personality and role in the story")
    look: str = Field("", description="free text the critic checks, e.g. 'red shirt, blue shorts'")
    aliases: list[str] = Field(default_factory=list, description="other names the story uses, e.g. 'Grandpa'")
    design: dict[str, Any] = Field(default_factory=dict, description="the renderer's CharacterDesign as plain data")
    reference_sheet: str | None = Field(None, description="path of the rendered reference sheet (an artifact)")
    embedding: list[float] | None = Field(None, description="critic embedding of the reference sheet")
    voice: dict[str, Any] = Field(default_factory=dict, description="tools.speech.Voice as plain data")


class SettingEntry(_Entry):
    """One place where scenes happen, at a time of day and in some weather."""

    name: str = Field(..., min_length=1, max_length=80)
    place: str = ""
    time_of_day: str = "day"
    weather: str = "clear"
    description: str = ""
    aliases: list[str] = Field(default_factory=list)
    plate: str | None = Field(None, description="path of the rendered background plate (an artifact)")


# What a digest covers: what was authored, not what was derived from it (the reference sheet,
# the plate and the embedding are made *from* these fields; including them would make a
# digest change when a render finishes, which is not a change of the story).
_CHARACTER_DIGEST_FIELDS = ("name", "kind", "profile", "look", "design")
_SETTING_DIGEST_FIELDS = ("name", "place", "time_of_day", "weather", "description")


@lru_cache(maxsize=1024)
def _word_pattern(name: str) -> re.Pattern[str]:
    """`name` as whole words, any case, any run of whitespace between its words ("Tim's" matches Tim)."""
    words = [re.escape(w) for w in name.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def mentions(text: str, name: str) -> bool:
    """Whether `text` mentions `name` as a word (case-insensitive): 'Tim' is in "Tim's kite", not in 'Timber'."""
    return bool(name.strip()) and _word_pattern(name.strip()).search(text) is not None


class StoryBible(BaseModel):
    """Characters and settings of one run, saved with each version of the run."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    title: str
    narrative: str = ""
    characters: dict[str, CharacterEntry] = Field(default_factory=dict)
    settings: dict[str, SettingEntry] = Field(default_factory=dict)
    narrator_voice: dict[str, Any] = Field(default_factory=dict, description="tools.speech.Voice as plain data")

    # --- editing --------------------------------------------------------------------------------

    def put_character(self, entry: CharacterEntry) -> None:
        """Add or replace a character (keyed by its name)."""
        self.characters[entry.name] = entry

    def put_setting(self, entry: SettingEntry) -> None:
        """Add or replace a setting (keyed by its name)."""
        self.settings[entry.name] = entry

    def character(self, name: str) -> CharacterEntry:
        """The character called `name` (exact, else case-insensitive, else by alias); KeyError lists the known ones."""
        found = self._find(self.characters, name)
        if found is None:
            raise KeyError(f"no character {name!r} in the story bible; known: {', '.join(self.characters) or 'none'}")
        return found

    def setting(self, name: str) -> SettingEntry:
        """The setting called `name` (exact, else case-insensitive, else by alias); KeyError lists the known ones."""
        found = self._find(self.settings, name)
        if found is None:
            raise KeyError(f"no setting {name!r} in the story bible; known: {', '.join(self.settings) or 'none'}")
        return found

    @staticmethod
    def _find(entries: dict[str, Any], name: str) -> Any:
        if name in entries:
            return entries[name]
        folded = name.strip().casefold()
        for entry in entries.values():
            if entry.name.casefold() == folded or any(a.casefold() == folded for a in entry.aliases):
                return entry
        return None

    # --- reading --------------------------------------------------------------------------------

    def relevant(self, text: str) -> tuple[list[CharacterEntry], list[SettingEntry]]:
        """The characters and settings that `text` mentions by name or alias (whole words, any case),
        in bible order."""
        chars = [c for c in self.characters.values() if any(mentions(text, n) for n in (c.name, *c.aliases))]
        sets = [s for s in self.settings.values() if any(mentions(text, n) for n in (s.name, *s.aliases))]
        return chars, sets

    def digest(self, name: str) -> str:
        """A stable SHA-256 (hex) of one character's or setting's authored fields.

        Characters are looked up first, then settings; the kind is part of the hash so a
        character and a setting with the same fields never share a digest."""
        found = self._find(self.characters, name)
        if found is not None:
            fields = {"entry": "character", **found.model_dump(include=set(_CHARACTER_DIGEST_FIELDS))}
        else:
            found = self._find(self.settings, name)
            if found is None:
                raise KeyError(
                    f"no character or setting {name!r} in the story bible; known: "
                    f"{', '.join([*self.characters, *self.settings]) or 'none'}"
                )
            fields = {"entry": "setting", **found.model_dump(include=set(_SETTING_DIGEST_FIELDS))}
        return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()

    def digests(self) -> dict[str, str]:
        """Every entry's digest by name (characters, then settings)."""
        return {name: self.digest(name) for name in [*self.characters, *self.settings]}

    def describe(self, characters: list[CharacterEntry], settings: list[SettingEntry]) -> str:
        """Short readable lines for an agent's context (design dicts and embeddings left out: they are long)."""
        lines: list[str] = []
        if characters:
            lines.append("Characters:")
            for c in characters:
                text = f"- {c.name} ({c.kind})"
                if c.look:
                    text += f": looks: {c.look}"
                if c.profile:
                    text += f". {c.profile}"
                lines.append(text)
        if settings:
            lines.append("Settings:")
            for s in settings:
                parts = [p for p in (s.place, s.time_of_day, s.weather) if p]
                text = f"- {s.name}: {', '.join(parts)}"
                if s.description:
                    text += f". {s.description}"
                lines.append(text)
        return "\n".join(lines)

    # --- files ----------------------------------------------------------------------------------

    def to_json(self) -> str:
        """Deterministic JSON (sorted keys): the same bible always gives the same text."""
        return json.dumps(self.model_dump(mode="json"), indent=2, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "StoryBible":
        return cls.model_validate_json(text)

    def save(self, path: str | Path) -> Path:
        """Write the bible atomically to `path` (e.g. runs/<id>/v2/bible.json)."""
        return atomic_write_bytes(Path(path), self.to_json().encode("utf-8"))

    @classmethod
    def load(cls, path: str | Path) -> "StoryBible":
        path = Path(path)
        try:
            return cls.from_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise FileNotFoundError(f"{path}: no story bible there") from None
        except ValueError as exc:
            raise ValueError(f"{path}: not a valid story bible: {exc}") from None
