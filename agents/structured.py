"""Ask a model for JSON that fits a pydantic schema, feeding validation errors back.

On the embedded model the schema constrains decoding, so the JSON always parses; what
can still fail is meaning (a name not in the cast, a field too long), which code checks
and sends back as concrete faults, a bounded number of times.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Generic, TypeVar

from autogen_core.models import (
    AssistantMessage,
    ChatCompletionClient,
    CreateResult,
    LLMMessage,
    RequestUsage,
    SystemMessage,
    UserMessage,
)
from pydantic import BaseModel, ValidationError

T = TypeVar("T", bound=BaseModel)

# Checks run after schema validation; each returns a list of faults in plain words.
Check = Callable[[BaseModel], list[str]]


class StepFailed(Exception):
    """A model step that did not give acceptable output within its retries."""

    def __init__(self, step: str, faults: list[str], attempts: int):
        super().__init__(f"{step}: no acceptable answer after {attempts} attempt(s): {'; '.join(faults)}")
        self.step, self.faults, self.attempts = step, faults, attempts


@dataclass
class Attempt:
    raw: str
    faults: list[str]
    prompt_tokens: int
    completion_tokens: int
    seconds: float


@dataclass
class Answer(Generic[T]):
    value: T
    faults: list[str]  # faults left on the accepted value (empty unless retries ran out)
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def prompt_tokens(self) -> int:
        return sum(a.prompt_tokens for a in self.attempts)

    @property
    def completion_tokens(self) -> int:
        return sum(a.completion_tokens for a in self.attempts)

    @property
    def seconds(self) -> float:
        return sum(a.seconds for a in self.attempts)

    def usage(self) -> RequestUsage:
        """Tokens of all attempts, for the message's `models_usage`."""
        return RequestUsage(prompt_tokens=self.prompt_tokens, completion_tokens=self.completion_tokens)


async def _complete(
    client: ChatCompletionClient, messages: list[LLMMessage], schema: type[BaseModel], on_token: Callable[[str], None] | None
) -> CreateResult:
    if on_token is None:
        return await client.create(messages, json_output=schema)
    result: CreateResult | None = None
    async for chunk in client.create_stream(messages, json_output=schema):
        if isinstance(chunk, str):
            on_token(chunk)
        else:
            result = chunk
    assert result is not None, "create_stream ended without a result"
    return result


def _lenient(schema, raw: str, check):
    """The answer read as JSON that allows a raw newline or tab inside a string (the small model
    writes one now and then; strict JSON rejects it and every retry repeated it). (None, []) if
    that does not help."""
    import json

    try:
        value = schema.model_validate(json.loads(raw, strict=False))
    except (ValueError, ValidationError):
        return None, []
    return value, (check(value) if check else [])


async def ask_json(
    client: ChatCompletionClient,
    *,
    step: str,
    system: str,
    user: str,
    schema: type[T],
    check: Callable[[T], list[str]] | None = None,
    retries: int = 2,
    accept_faulty: bool = True,
    on_token: Callable[[str], None] | None = None,
) -> Answer[T]:
    """Ask for `schema`; on a validation error or a failed `check`, show the model its faults and ask again.

    After `retries` extra attempts the last valid answer is accepted with its faults listed
    (`accept_faulty`), or `StepFailed` is raised if no answer was even valid.
    """
    messages: list[LLMMessage] = [SystemMessage(content=system), UserMessage(content=user, source="director")]
    attempts: list[Attempt] = []
    best: tuple[T, list[str]] | None = None
    for _ in range(retries + 1):
        start = time.perf_counter()
        result = await _complete(client, messages, schema, on_token)
        raw = result.content if isinstance(result.content, str) else str(result.content)
        try:
            value = schema.model_validate_json(raw)
            faults = check(value) if check else []
        except ValidationError as exc:
            value, faults = _lenient(schema, raw, check)
            if value is None:
                faults = [f"{'.'.join(map(str, e['loc'])) or 'answer'}: {e['msg']}" for e in exc.errors()[:5]]
        attempts.append(
            Attempt(raw, faults, result.usage.prompt_tokens, result.usage.completion_tokens, time.perf_counter() - start)
        )
        if value is not None and (best is None or len(faults) <= len(best[1])):
            best = (value, faults)
        if value is not None and not faults:
            return Answer(value, [], attempts)
        messages += [
            AssistantMessage(content=raw, source="assistant"),
            UserMessage(content="Fix these faults and answer again in the same JSON form:\n- " + "\n- ".join(faults), source="critic"),
        ]
    if best is not None and accept_faulty:
        return Answer(best[0], best[1], attempts)
    raise StepFailed(step, attempts[-1].faults, len(attempts))
