"""The base of every role in a scene's group chat.

A role keeps the whole thread it has heard, decides what to say in `act()`, and calls
its tools through `use_tool`, which emits AutoGen's tool-call events so the transcript
shows which tool ran, with what, for how long, and whether it failed.
"""

from __future__ import annotations

import asyncio
import json
import time
from abc import abstractmethod
from typing import Any, AsyncGenerator, Callable, Sequence

from autogen_agentchat.agents import BaseChatAgent
from autogen_agentchat.base import Response
from autogen_agentchat.messages import (
    BaseAgentEvent,
    BaseChatMessage,
    ToolCallExecutionEvent,
    ToolCallRequestEvent,
)
from autogen_core import CancellationToken, FunctionCall
from autogen_core.models import FunctionExecutionResult

from animdirector.agents.messages import MESSAGE_TYPES, Content


class ToolError(Exception):
    """A tool that raised; the scene can retry or give up on it."""


class RoleAgent(BaseChatAgent):
    """A studio role: hears the whole scene thread, speaks one structured message per turn."""

    def __init__(self, name: str, description: str, setup: Any):
        super().__init__(name=name, description=description)
        self.setup = setup
        self.thread: list[BaseChatMessage] = []
        self._call_seq = 0

    @property
    def produced_message_types(self) -> Sequence[type[BaseChatMessage]]:
        return MESSAGE_TYPES

    def last(self, kind: type[Content]) -> Content | None:
        """The latest content of `kind` in the thread."""
        for message in reversed(self.thread):
            content = getattr(message, "content", None)
            if isinstance(content, kind):
                return content
        return None

    def all(self, kind: type[Content]) -> list[Content]:
        return [m.content for m in self.thread if isinstance(getattr(m, "content", None), kind)]

    async def on_messages(self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken) -> Response:
        response = None
        async for item in self.on_messages_stream(messages, cancellation_token):
            if isinstance(item, Response):
                response = item
        assert response is not None
        return response

    async def on_messages_stream(
        self, messages: Sequence[BaseChatMessage], cancellation_token: CancellationToken
    ) -> AsyncGenerator[BaseAgentEvent | BaseChatMessage | Response, None]:
        self.thread.extend(messages)
        events: list[BaseAgentEvent] = []
        try:
            message = await self.act(events, cancellation_token)
        except Exception:
            for event in events:  # the transcript keeps the tool calls that led to the failure
                yield event
            raise
        for event in events:
            yield event
        self.thread.append(message)
        yield Response(chat_message=message, inner_messages=events)

    @abstractmethod
    async def act(self, events: list[BaseAgentEvent], cancellation_token: CancellationToken) -> BaseChatMessage:
        """Say this role's next message; append tool-call events to `events`."""

    async def use_tool(
        self, events: list[BaseAgentEvent], name: str, arguments: dict[str, Any], fn: Callable[[], Any], retries: int = 1
    ) -> Any:
        """Run a tool in a worker thread (the event loop stays responsive), recording the call.

        A tool that raises is retried `retries` times, then `ToolError` carries its message.
        """
        self._call_seq += 1
        call_id = f"{self.name}-{self._call_seq}"
        events.append(
            ToolCallRequestEvent(
                source=self.name, content=[FunctionCall(id=call_id, name=name, arguments=json.dumps(arguments, default=str))]
            )
        )
        error = ""
        for _ in range(retries + 1):
            start = time.perf_counter()
            try:
                result = await asyncio.to_thread(fn)
            except Exception as exc:  # a tool's failure is data for the transcript, not a crash
                error = f"{type(exc).__name__}: {exc}"
                continue
            summary = {"seconds": round(time.perf_counter() - start, 3), "result": _summarise(result)}
            events.append(
                ToolCallExecutionEvent(
                    source=self.name,
                    content=[FunctionExecutionResult(call_id=call_id, name=name, content=json.dumps(summary, default=str), is_error=False)],
                )
            )
            return result
        events.append(
            ToolCallExecutionEvent(
                source=self.name,
                content=[FunctionExecutionResult(call_id=call_id, name=name, content=error, is_error=True)],
            )
        )
        raise ToolError(f"{name} failed: {error}")

    async def on_reset(self, cancellation_token: CancellationToken) -> None:
        self.thread.clear()


def _summarise(result: Any) -> Any:
    """A short, JSON-friendly picture of a tool's result for the transcript."""
    import dataclasses

    from PIL import Image

    if isinstance(result, (list, tuple)):
        if result and isinstance(result[0], Image.Image):
            return f"{len(result)} frames of {result[0].size[0]}x{result[0].size[1]}"
        if result and dataclasses.is_dataclass(result[0]) and hasattr(result[0], "describe"):
            return [r.describe() for r in result]  # e.g. the facts checked on a clip, each in words
        return [_summarise(r) for r in result[:8]]
    if hasattr(result, "best_index") and hasattr(result, "reports"):  # the critic's ranking
        return {"best": result.best_index, "mean_alignment": [round(r.mean, 3) for r in result.reports],
                "passed": [r.passed_count for r in result.reports]}
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in dataclasses.asdict(result).items()
                if isinstance(v, (int, float, str, type(None)))}
    for attr in ("image_path", "path"):
        if hasattr(result, attr):
            return str(getattr(result, attr))
    if hasattr(result, "model_dump"):
        return result.model_dump()
    return str(result)[:300]
