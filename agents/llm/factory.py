"""Make the configured model client: the embedded llama.cpp model or an OpenAI-compatible endpoint.

This is the one place outside the agents that knows which backend runs; agents receive a
`ChatCompletionClient` and never ask.
"""

from __future__ import annotations

import os
from collections.abc import AsyncGenerator, Mapping, Sequence
from typing import Any, Literal
from urllib.parse import urlparse

import openai
from autogen_core import CancellationToken
from autogen_core.models import ChatCompletionClient, CreateResult, LLMMessage, ModelInfo, UserMessage
from autogen_core.tools import Tool, ToolSchema
from autogen_ext.models.openai import OpenAIChatCompletionClient
from pydantic import BaseModel

from animdirector.config import Config

from .llama_client import EmbeddedLlamaClient, _schema_instruction
from .weights import Progress, ensure_model

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}
# Local servers (llama.cpp, vLLM, Ollama) accept any key; the SDK insists on having one.
DUMMY_KEY = "not-needed"


class LLMError(Exception):
    """The LLM endpoint cannot be used (unreachable, key rejected, unknown model); one clear line."""


def is_local_url(base_url: str | None) -> bool:
    return bool(base_url) and (urlparse(base_url).hostname or "") in LOCAL_HOSTS


class OpenAICompatibleClient(OpenAIChatCompletionClient):
    """autogen-ext's OpenAI client, with errors a person can act on and JSON schemas for servers
    without OpenAI's structured output.

    - A connection failure or a rejected key raises `LLMError` naming the URL (and the
      environment variable the key came from), instead of a retry traceback.
    - With ``model_info.structured_output = False`` a ``json_output=Model`` call is sent as
      ``response_format={"type": "json_object", "schema": ...}`` (what llama.cpp's server
      constrains decoding with) and the schema is stated in the prompt, for servers that only
      promise some JSON. The reply is then JSON text that the caller validates (AssistantAgent's
      ``output_content_type`` does).
    """

    def __init__(self, *, api_key_env: str | None = None, **kwargs: Any) -> None:
        self._endpoint = kwargs.get("base_url") or "https://api.openai.com/v1"
        self._api_key_env = api_key_env
        self._model_name = kwargs["model"]
        super().__init__(**kwargs)

    def _adapt_json(
        self,
        messages: Sequence[LLMMessage],
        json_output: bool | type[BaseModel] | None,
        extra_create_args: Mapping[str, Any],
    ) -> tuple[Sequence[LLMMessage], bool | type[BaseModel] | None, Mapping[str, Any]]:
        if isinstance(json_output, type) and issubclass(json_output, BaseModel) and not self.model_info["structured_output"]:
            schema = json_output.model_json_schema()
            extra = {**extra_create_args, "response_format": {"type": "json_object", "schema": schema}}
            messages = _with_instruction(messages, _schema_instruction(schema, with_tools=False))
            return messages, None, extra
        return messages, json_output, extra_create_args

    def _translate(self, exc: Exception) -> LLMError:
        where = f"{self._endpoint} (model {self._model_name})"
        if isinstance(exc, openai.AuthenticationError):
            key = f"the key in ${self._api_key_env}" if self._api_key_env else "the API key"
            return LLMError(f"{where} rejected {key}: {exc.message}")
        if isinstance(exc, openai.APITimeoutError):
            return LLMError(f"{where} did not answer in time")
        if isinstance(exc, openai.APIConnectionError):
            return LLMError(f"cannot reach the LLM endpoint {where}: {exc.__cause__ or exc}")
        if isinstance(exc, openai.NotFoundError):
            return LLMError(f"{where} answered 404: wrong base_url or unknown model ({exc.message})")
        if isinstance(exc, openai.PermissionDeniedError):
            return LLMError(f"{where} refused access: {exc.message}")
        return LLMError(f"{where}: {exc}")

    async def create(
        self,
        messages: Sequence[LLMMessage],
        *,
        tools: Sequence[Tool | ToolSchema] = [],
        tool_choice: Tool | Literal["auto", "required", "none"] = "auto",
        json_output: bool | type[BaseModel] | None = None,
        extra_create_args: Mapping[str, Any] = {},
        cancellation_token: CancellationToken | None = None,
    ) -> CreateResult:
        messages, json_output, extra_create_args = self._adapt_json(messages, json_output, extra_create_args)
        try:
            return await super().create(
                messages,
                tools=tools,
                tool_choice=tool_choice,
                json_output=json_output,
                extra_create_args=extra_create_args,
                cancellation_token=cancellation_token,
            )
        except (openai.APIConnectionError, openai.AuthenticationError, openai.NotFoundError, openai.PermissionDeniedError) as exc:
            raise self._translate(exc) from exc

    async def create_stream(  # type: ignore[override]
        self,
        messages: Sequence[LLMMessage],
        *,
        tools: Sequence[Tool | ToolSchema] = [],
        tool_choice: Tool | Literal["auto", "required", "none"] = "auto",
        json_output: bool | type[BaseModel] | None = None,
        extra_create_args: Mapping[str, Any] = {},
        cancellation_token: CancellationToken | None = None,
        **kwargs: Any,
    ) -> AsyncGenerator[str | CreateResult, None]:
        messages, json_output, extra_create_args = self._adapt_json(messages, json_output, extra_create_args)
        try:
            async for item in super().create_stream(
                messages,
                tools=tools,
                tool_choice=tool_choice,
                json_output=json_output,
                extra_create_args=extra_create_args,
                cancellation_token=cancellation_token,
                **kwargs,
            ):
                yield item
        except (openai.APIConnectionError, openai.AuthenticationError, openai.NotFoundError, openai.PermissionDeniedError) as exc:
            raise self._translate(exc) from exc

    async def check(self) -> list[str]:
        """List the endpoint's models: a cheap way to fail early with a clear `LLMError`."""
        try:
            page = await self._client.models.list()
        except openai.APIError as exc:
            raise self._translate(exc) from exc
        return [m.id for m in page.data]


def _with_instruction(messages: Sequence[LLMMessage], instruction: str) -> list[LLMMessage]:
    """Add `instruction` at the end (the cached prefix stays intact), in the last user message:
    a trailing system message is refused by endpoints without multiple system messages."""
    out = list(messages)
    if out and isinstance(out[-1], UserMessage) and isinstance(out[-1].content, str):
        out[-1] = out[-1].model_copy(update={"content": f"{out[-1].content}\n\n{instruction}"})
    else:
        out.append(UserMessage(content=instruction, source="system"))
    return out


def make_model_client(
    config: Config,
    *,
    model_override: str | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> ChatCompletionClient:
    """The configured LLM as an AutoGen ChatCompletionClient.

    Args:
        config: the loaded config (``llm.backend`` picks embedded or openai; ``threads``).
        model_override: another model name (embedded: a key of ``weights.MODELS``;
            openai: the endpoint's model id).
        seed: sampling seed (embedded backend; a scenario's seed makes runs repeatable).
        progress: (done, total) bytes callback while the embedded weights are joined.

    Raises:
        ModelWeightsError: embedded weights missing or corrupt (names the package to reinstall).
        LLMError: openai backend without a key for a remote endpoint.
    """
    llm = config.llm
    if llm.backend == "embedded":
        emb = llm.embedded
        name = model_override or emb.model
        path = ensure_model(name, config.model_cache(), progress)
        return EmbeddedLlamaClient(
            path,
            model_name=name,
            n_ctx=emb.context_tokens,
            n_threads=config.threads,
            seed=seed,
            temperature=emb.temperature,
            max_tokens=emb.max_tokens,
            schema_in_prompt=emb.schema_in_prompt,
        )
    oa = llm.openai
    key = os.environ.get(oa.api_key_env)
    if not key:
        if not is_local_url(oa.base_url):
            raise LLMError(
                f"the environment variable {oa.api_key_env} (llm.openai.api_key_env) holds no API key "
                f"for {oa.base_url or 'https://api.openai.com/v1'}; set it, or point llm.openai.base_url at a local server"
            )
        key = DUMMY_KEY
    info = oa.model_info
    model_info = ModelInfo(
        vision=info.vision,
        function_calling=info.function_calling,
        json_output=info.json_output,
        structured_output=info.structured_output,
        family=info.family,
    )
    kwargs: dict[str, Any] = {
        "model": model_override or oa.model,
        "api_key": key,
        "model_info": model_info,
        "timeout": oa.timeout_s,
        "temperature": oa.temperature,
        "max_retries": 1,
        "seed": seed,
    }
    if oa.base_url:
        kwargs["base_url"] = oa.base_url
    return OpenAICompatibleClient(api_key_env=oa.api_key_env, **kwargs)
