"""The story bible as an AutoGen `Memory`: each agent sees the characters and settings that
the conversation is about, not the whole bible in every prompt.

Before each model call an AssistantAgent calls `update_context`; we read the last few
messages, find the names they mention (whole words, any case, aliases too) and add one
short SystemMessage with those entries. The previous bible note is replaced rather than
piled up, so the context does not grow by one note per turn.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from autogen_core import CancellationToken
from autogen_core.memory import Memory, MemoryContent, MemoryMimeType, MemoryQueryResult, UpdateContextResult
from autogen_core.model_context import ChatCompletionContext
from autogen_core.models import LLMMessage, SystemMessage

from animdirector.memory.bible import CharacterEntry, SettingEntry, StoryBible

NOTE_HEADER = "Story bible (keep these names and looks exactly):"


def _message_text(message: LLMMessage) -> str:
    """The readable text of any LLM message (text parts, function-call arguments and results)."""
    content: Any = getattr(message, "content", "")
    if isinstance(content, str):
        return content
    parts: list[str] = []
    for part in content if isinstance(content, list) else [content]:
        if isinstance(part, str):
            parts.append(part)
        elif hasattr(part, "arguments"):  # FunctionCall
            parts.append(str(part.arguments))
        elif hasattr(part, "content") and isinstance(part.content, str):  # FunctionExecutionResult
            parts.append(part.content)
    return "\n".join(parts)


def _is_bible_note(message: LLMMessage | dict[str, Any]) -> bool:
    """Our own earlier note (as a message, or as a dict in the context's saved state)."""
    if isinstance(message, dict):
        content = message.get("content")
        return message.get("type") == "SystemMessage" and isinstance(content, str) and content.startswith(NOTE_HEADER)
    return isinstance(message, SystemMessage) and message.content.startswith(NOTE_HEADER)


def _entry_content(entry: CharacterEntry | SettingEntry) -> MemoryContent:
    kind = "character" if isinstance(entry, CharacterEntry) else "setting"
    data = entry.model_dump(mode="json", exclude={"embedding"})
    return MemoryContent(content=data, mime_type=MemoryMimeType.JSON, metadata={"entry": kind, "name": entry.name})


class BibleMemory(Memory):
    """An AutoGen Memory backed by a StoryBible.

    Args:
        bible: the bible, or a function returning the current one (the director may replace it
            mid-run; a function always gives the agents the latest).
        name: the memory's name (shown in AutoGen's MemoryQueryEvent).
        recent_messages: how many of the latest context messages decide what is relevant.
        max_chars: an upper bound on the note's length (small models pay for every prompt token).
    """

    def __init__(
        self,
        bible: StoryBible | Callable[[], StoryBible],
        name: str = "story_bible",
        recent_messages: int = 4,
        max_chars: int = 1200,
    ) -> None:
        self._bible = bible
        self._name = name
        self._recent = recent_messages
        self._max_chars = max_chars
        self._notes: list[MemoryContent] = []

    @property
    def name(self) -> str:
        return self._name

    @property
    def bible(self) -> StoryBible:
        return self._bible() if callable(self._bible) else self._bible

    def note_for(self, text: str) -> tuple[str, list[CharacterEntry], list[SettingEntry]]:
        """The system note for `text` and the entries in it ('' when nothing is mentioned)."""
        bible = self.bible
        characters, settings = bible.relevant(text)
        if not characters and not settings:
            return "", [], []
        note = f"{NOTE_HEADER}\n{bible.describe(characters, settings)}"
        if len(note) > self._max_chars:
            note = note[: self._max_chars - 3].rstrip() + "..."
        return note, characters, settings

    async def update_context(self, model_context: ChatCompletionContext) -> UpdateContextResult:
        messages = await model_context.get_messages()
        recent = [m for m in messages if not _is_bible_note(m)][-self._recent :]
        text = "\n".join(_message_text(m) for m in recent)
        note, characters, settings = self.note_for(text)
        # Drop our earlier note (it may name people no longer in the conversation), keep the rest.
        state = await model_context.save_state()
        kept = [m for m in state.get("messages", []) if not _is_bible_note(m)]
        if len(kept) != len(state.get("messages", [])):
            await model_context.load_state({**state, "messages": kept})
        if not note:
            return UpdateContextResult(memories=MemoryQueryResult(results=[]))
        await model_context.add_message(SystemMessage(content=note))
        results = [_entry_content(e) for e in (*characters, *settings)]
        return UpdateContextResult(memories=MemoryQueryResult(results=results))

    async def query(
        self,
        query: str | MemoryContent,
        cancellation_token: CancellationToken | None = None,
        **kwargs: Any,
    ) -> MemoryQueryResult:
        """The entries (and added notes) that the query text mentions."""
        text = query if isinstance(query, str) else (
            query.content if isinstance(query.content, str) else json.dumps(query.content, default=str)
        )
        characters, settings = self.bible.relevant(text)
        results = [_entry_content(e) for e in (*characters, *settings)]
        results += [n for n in self._notes if isinstance(n.content, str) and any(
            w and w.casefold() in n.content.casefold() for w in [c.name for c in characters] + [s.name for s in settings]
        )]
        return MemoryQueryResult(results=results)

    async def add(self, content: MemoryContent, cancellation_token: CancellationToken | None = None) -> None:
        """A dict with metadata entry='character'/'setting' updates the bible; anything else is kept as a note."""
        entry = (content.metadata or {}).get("entry")
        if entry in ("character", "setting") and isinstance(content.content, dict):
            bible = self.bible
            if entry == "character":
                bible.put_character(CharacterEntry.model_validate(content.content))
            else:
                bible.put_setting(SettingEntry.model_validate(content.content))
            return
        self._notes.append(content)

    async def clear(self) -> None:
        """Forget the added notes; the bible itself belongs to the run and is not erased."""
        self._notes = []

    async def close(self) -> None:
        return None
