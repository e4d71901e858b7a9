"""Everything the agents say and do goes into the run store, as it happens.

Each append carries an idempotency key made from where it happened (version, scene,
round, position in the chat), so a resumed run that replays a step records nothing twice.
"""

from __future__ import annotations

import json
import time
from typing import Any

from autogen_agentchat.messages import (
    BaseAgentEvent,
    BaseChatMessage,
    ToolCallExecutionEvent,
    ToolCallRequestEvent,
)

from animdirector.agents.messages import ClipVerdict, Consensus, ImageVerdict, LayoutProposal
from animdirector.agents.structured import Answer
from animdirector.memory.store import RunStore, idem_key


class Recorder:
    def __init__(self, store: RunStore, run_id: str, version: int, model: str):
        self.store, self.run_id, self.version, self.model = store, run_id, version, model
        self._pending: dict[str, tuple[Any, float]] = {}
        self._last_time = time.perf_counter()
        self.tokens_in = self.tokens_out = 0

    def key(self, scene: int | None, round: int | None, step: str) -> str:
        return idem_key(self.run_id, self.version, scene, round, step)

    def message(
        self, agent: str, text: str, *, step: str, type: str = "message", payload: Any = None,
        scene: int | None = None, round: int | None = None, tokens: tuple[int, int] | None = None,
        latency: float | None = None, model: str | None = None,
    ) -> None:
        if tokens:
            self.tokens_in += tokens[0]
            self.tokens_out += tokens[1]
        self.store.add_message(
            self.run_id, self.version, agent, text, idem_key=self.key(scene, round, step), scene=scene, round=round,
            type=type, payload=payload, tokens_in=tokens[0] if tokens else None,
            tokens_out=tokens[1] if tokens else None, latency_s=latency, model=model,
        )

    def answer(self, agent: str, step: str, answer: Answer, readable: str, *, scene: int | None = None) -> None:
        """A pre-production step: every attempt, the critic's faults on each, then the accepted answer."""
        for i, attempt in enumerate(answer.attempts):
            last = i == len(answer.attempts) - 1
            self.message(
                agent, readable if last else f"(draft {i + 1}) {attempt.raw[:400]}", step=f"{step}/attempt-{i}",
                type="proposal", payload=_json_or_text(attempt.raw), scene=scene,
                tokens=(attempt.prompt_tokens, attempt.completion_tokens), latency=attempt.seconds, model=self.model,
            )
            if attempt.faults:
                verdict = "Sent back: " if not last else "Accepted with faults left: "
                self.message(
                    "critic", verdict + "; ".join(attempt.faults), step=f"{step}/check-{i}", type="verdict",
                    payload={"faults": attempt.faults}, scene=scene,
                )
            elif last:
                self.message("critic", f"Checked {step}: no faults.", step=f"{step}/check-{i}", type="verdict", scene=scene)

    def chat_item(self, item: BaseAgentEvent | BaseChatMessage, *, scene: int, seq: int, round: int | None) -> None:
        """One message or event of a scene's group chat (tool calls paired request -> result)."""
        now = time.perf_counter()
        latency, self._last_time = now - self._last_time, now
        if isinstance(item, ToolCallRequestEvent):
            for call in item.content:
                self._pending[call.id] = (call, now)
            return
        if isinstance(item, ToolCallExecutionEvent):
            for i, result in enumerate(item.content):
                call, started = self._pending.pop(result.call_id, (None, now))
                summary = _json_or_text(result.content)
                self.store.add_tool_call(
                    self.run_id, self.version, result.name, json.loads(call.arguments) if call else {},
                    idem_key=self.key(scene, round, f"chat-{seq}/{result.name}-{i}"),  # by position: ids restart per process
                    result=None if result.is_error else summary, error=result.content if result.is_error else None,
                    duration_s=summary.get("seconds") if isinstance(summary, dict) else now - started,
                    agent=item.source, scene=scene, round=round,
                )
            return
        if not isinstance(item, BaseChatMessage):
            return  # streaming chunks and the like: shown live, not stored
        content = getattr(item, "content", None)
        usage = item.models_usage
        self.message(
            item.source, item.to_text(), step=f"chat-{seq}", type=type(content).__name__ if content is not None else item.type,
            payload=content.model_dump(mode="json") if hasattr(content, "model_dump") else None,
            scene=scene, round=round, tokens=(usage.prompt_tokens, usage.completion_tokens) if usage else None,
            latency=latency, model=self.model if usage else None,
        )
        self._scores(content, scene)

    def _scores(self, content: Any, scene: int) -> None:
        if isinstance(content, ImageVerdict):
            for s in content.scores:
                for metric, value in (("alignment", s.alignment), ("identity", s.identity)):
                    if value is not None:
                        self.store.add_score(self.run_id, self.version, metric, value, scene=scene, round=content.round, candidate=s.index)
        elif isinstance(content, ClipVerdict):
            for metric, value in content.metrics.items():
                self.store.add_score(self.run_id, self.version, metric, value, scene=scene)
        elif isinstance(content, Consensus):
            self.store.add_score(self.run_id, self.version, "resolved", float(content.resolved), scene=scene)
            self.store.add_score(self.run_id, self.version, "rounds", float(content.rounds), scene=scene)


def round_of(thread_contents: list[Any]) -> int:
    """The round a message belongs to: the number of layouts proposed so far (at least 1)."""
    return max(1, sum(isinstance(c, LayoutProposal) for c in thread_contents))


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text
