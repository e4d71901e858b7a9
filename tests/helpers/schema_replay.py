"""A ReplayChatCompletionClient that answers by the JSON schema asked for.

The number of model calls in a production depends on the critic's verdicts (revision
rounds), so a fixed replay order would drift; answering by schema name keeps tests exact.
"""

from __future__ import annotations

from autogen_core.models import CreateResult, RequestUsage
from autogen_ext.models.replay import ReplayChatCompletionClient


class SchemaReplay(ReplayChatCompletionClient):
    def __init__(self, answers: dict[str, list]):
        """answers: schema name -> answers in order (the last repeats); an answer may be a
        function of the request's messages that returns the JSON text."""
        super().__init__(["unused"])
        self.answers = {k: list(v) for k, v in answers.items()}
        self.asked: list[str] = []  # schema names, in order
        self.prompts: list[list] = []

    def _next(self, messages, json_output) -> str:
        name = getattr(json_output, "__name__", "text")
        self.asked.append(name)
        self.prompts.append(list(messages))
        queue = self.answers.get(name)
        if not queue:
            raise AssertionError(f"no scripted answer for schema {name}")
        answer = queue.pop(0) if len(queue) > 1 else queue[0]  # the last answer repeats
        return answer(messages) if callable(answer) else answer

    async def create(self, messages, *, tools=(), tool_choice="auto", json_output=None, extra_create_args={}, cancellation_token=None):
        text = self._next(messages, json_output)
        usage = RequestUsage(prompt_tokens=len(str(messages)) // 4, completion_tokens=len(text) // 4)
        self._total_usage = RequestUsage(
            prompt_tokens=self._total_usage.prompt_tokens + usage.prompt_tokens,
            completion_tokens=self._total_usage.completion_tokens + usage.completion_tokens,
        )
        return CreateResult(finish_reason="stop", content=text, usage=usage, cached=False)

    async def create_stream(self, messages, *, tools=(), tool_choice="auto", json_output=None, extra_create_args={}, cancellation_token=None):
        result = await self.create(messages, json_output=json_output)
        for i in range(0, len(result.content), 8):
            yield result.content[i : i + 8]
        yield result
