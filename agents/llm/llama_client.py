"""The embedded LLM: llama-cpp-python in-process, as an AutoGen ChatCompletionClient.

Why not autogen-ext's LlamaCppChatCompletionClient: it has no streaming, cannot stop a
generation once started (cancelling only abandons the worker thread), drops tool results
and assistant tool calls from the history, and keeps no numbers about the KV cache. This
client replaces it; the calls it makes into llama-cpp-python are the ones the library's own
chat handler makes (render the GGUF's chat template, tokenize, ``create_completion``), so
it runs as fast as raw llama-cpp-python (see bench/llm.py).

How it works:
- calls run on one worker thread shared by all embedded clients of the process: a llama.cpp
  context is not thread-safe, two contexts decoding at once on two cores only slow each
  other, and the event loop never blocks;
- the worker streams tokens and checks a stop flag between tokens, so a cancelled call
  really stops decoding (a prompt already being evaluated finishes its batch first);
- llama-cpp-python keeps the previous call's tokens in the KV cache and re-evaluates only
  what follows the longest common prefix. Agents that keep a stable system prompt and
  append to their history therefore pay only for the new tokens; `stats` shows how many
  prompt tokens each call took from the cache. So that agents taking turns on one client do
  not evict each other's prefix, the KV state is saved after each call and the best match
  restored before the next (`kv_states`, ~10 ms); share one client among agents. (A second
  client of the 1.5B model would cost ~0.75 GB more: llama.cpp repacks the weights for the
  CPU, so they are not shared through the memory map.)
- ``json_output=Model`` builds a grammar from the model's JSON schema, so the reply always
  parses; the schema is also stated in the prompt (at the end, to keep the prefix cached),
  because a small model fills fields better when it knows what they mean;
- tools use the chat template's own format (Qwen2.5: ``<tool_call>{...}</tool_call>``);
  ``tool_choice="required"`` or a specific tool constrains the output to a call by grammar.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
import time
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import llama_cpp
from autogen_core import EVENT_LOGGER_NAME, CancellationToken, Component, FunctionCall
from autogen_core.logging import LLMCallEvent, LLMStreamEndEvent, LLMStreamStartEvent
from autogen_core.models import (
    AssistantMessage,
    ChatCompletionClient,
    CreateResult,
    FinishReasons,
    FunctionExecutionResultMessage,
    LLMMessage,
    ModelFamily,
    ModelInfo,
    RequestUsage,
    SystemMessage,
    UserMessage,
    validate_model_info,
)
from autogen_core.tools import Tool, ToolSchema
from llama_cpp.llama_chat_format import Jinja2ChatFormatter
from llama_cpp.llama_grammar import JSON_GBNF, LlamaGrammar
from pydantic import BaseModel
from typing_extensions import Self

from .kv_states import KVStateCache

log = logging.getLogger(__name__)
event_log = logging.getLogger(EVENT_LOGGER_NAME)

ToolChoice = Tool | Literal["auto", "required", "none"]

# Used when a GGUF carries no chat template (ours do: Qwen2.5's ChatML with tools).
CHATML_TEMPLATE = (
    "{% for message in messages %}{{ '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)
TOOL_CALL_RE = re.compile(r"<tool_call>\s*(\{.*?\})\s*(?:</tool_call>|$)", re.DOTALL)
TOOL_CALL_TAG = "<tool_call>"

# Sampling arguments a caller may pass in `extra_create_args`.
SAMPLING_ARGS = {
    "temperature",
    "max_tokens",
    "top_p",
    "top_k",
    "min_p",
    "seed",
    "stop",
    "repeat_penalty",
    "presence_penalty",
    "frequency_penalty",
}

DEFAULT_MODEL_INFO = ModelInfo(
    vision=False,
    function_calling=True,
    json_output=True,
    structured_output=True,
    family=ModelFamily.UNKNOWN,
    multiple_system_messages=True,
)


@dataclass
class CallStats:
    """What one call cost; `EmbeddedLlamaClient.stats` keeps one per call, in order."""

    prompt_tokens: int
    cached_prompt_tokens: int  # prompt tokens whose KV entries were reused, not evaluated
    completion_tokens: int
    prompt_seconds: float  # until the first token: evaluating the uncached part of the prompt
    decode_seconds: float  # the rest: generating the completion
    finish_reason: str
    streamed: bool = False
    cancelled: bool = False
    restored_tokens: int = 0  # of the cached tokens, how many came from a saved KV state
    state_seconds: float = 0.0  # restoring (part of prompt_seconds) and saving KV states
    # CPU time of this process in each phase: unlike wall time, not inflated by other processes.
    prompt_cpu_seconds: float = 0.0
    decode_cpu_seconds: float = 0.0
    json_schema: str | None = None  # title of the output schema, if any

    @property
    def seconds(self) -> float:
        return self.prompt_seconds + self.decode_seconds

    @property
    def evaluated_prompt_tokens(self) -> int:
        return self.prompt_tokens - self.cached_prompt_tokens

    @property
    def prompt_tokens_per_second(self) -> float:
        return self.evaluated_prompt_tokens / self.prompt_seconds if self.prompt_seconds > 0 else 0.0

    @property
    def decode_tokens_per_second(self) -> float:
        # The first token comes out of the prompt evaluation; the others each cost one decode.
        return (self.completion_tokens - 1) / self.decode_seconds if self.decode_seconds > 0 else 0.0


class EmbeddedLlamaClientConfig(BaseModel):
    """The constructor arguments, for AutoGen's component serialisation."""

    model_path: str
    model_name: str | None = None
    n_ctx: int = 4096
    n_threads: int = 1
    n_threads_batch: int | None = None
    n_batch: int = 512
    seed: int = 0
    temperature: float = 0.2
    max_tokens: int = 512
    schema_in_prompt: bool = True
    model_info: ModelInfo | None = None
    kv_cache_mb: int = 512


@dataclass
class _Job:
    """One prepared call: the prompt tokens and how to sample and read the output."""

    tokens: list[int]
    stop: list[str]
    grammar: LlamaGrammar | None
    sampling: dict[str, Any]
    tool_names: list[str] = field(default_factory=list)
    tool_mode: Literal["none", "auto", "forced", "auto_json"] = "none"
    schema_title: str | None = None
    messages_for_log: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Outcome:
    text: str
    finish_reason: str
    stats: CallStats


class _Cancelled:
    """Queue sentinel: the caller's cancellation token fired."""


class _Done:
    """Queue sentinel: the worker finished."""


_WORKER: ThreadPoolExecutor | None = None
_WORKER_LOCK = threading.Lock()


def _shared_worker() -> ThreadPoolExecutor:
    """The one thread all embedded clients of the process generate on.

    A llama.cpp context must not be used from two threads at once, and two contexts decoding
    at the same time on a small CPU slow each other down more than they gain (llama.cpp's
    threads spin-wait on each other), so every client queues its calls here.
    """
    global _WORKER
    with _WORKER_LOCK:
        if _WORKER is None:
            _WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llama")
        return _WORKER


class EmbeddedLlamaClient(ChatCompletionClient, Component[EmbeddedLlamaClientConfig]):
    """A GGUF model run in-process by llama-cpp-python.

    Args:
        model_path: the GGUF file (see `weights.ensure_model`).
        model_name: a name for logs and `CreateResult`s (default: the file name).
        n_ctx: context size in tokens (prompt + completion).
        n_threads: CPU threads for prompt evaluation and decoding.
        n_threads_batch: threads for prompt evaluation (default: n_threads).
        n_batch: prompt tokens evaluated per llama.cpp batch.
        seed: sampling seed; every call re-seeds with it, so equal prompts give equal replies.
        temperature: default sampling temperature (``extra_create_args`` may override).
        max_tokens: default completion limit (``extra_create_args`` may override).
        schema_in_prompt: also tell the model the JSON schema it must follow.
        model_info: what AutoGen may ask of the model (default: JSON, tools, no vision).
        kv_cache_mb: memory for saved KV states, so that several agents sharing this client
            keep their prompt prefixes (see `kv_states`); 0 keeps only the live context.
    """

    component_type = "model"
    component_config_schema = EmbeddedLlamaClientConfig
    component_provider_override = "animdirector.agents.llm.EmbeddedLlamaClient"

    def __init__(
        self,
        model_path: str | Path,
        *,
        model_name: str | None = None,
        n_ctx: int = 4096,
        n_threads: int = 1,
        n_threads_batch: int | None = None,
        n_batch: int = 512,
        seed: int = 0,
        temperature: float = 0.2,
        max_tokens: int = 512,
        schema_in_prompt: bool = True,
        model_info: ModelInfo | None = None,
        kv_cache_mb: int = 512,
    ) -> None:
        self._config = EmbeddedLlamaClientConfig(
            model_path=str(model_path),
            model_name=model_name,
            n_ctx=n_ctx,
            n_threads=n_threads,
            n_threads_batch=n_threads_batch,
            n_batch=n_batch,
            seed=seed,
            temperature=temperature,
            max_tokens=max_tokens,
            schema_in_prompt=schema_in_prompt,
            model_info=model_info,
            kv_cache_mb=kv_cache_mb,
        )
        if model_info is not None:
            validate_model_info(model_info)
        self._model_info: ModelInfo = model_info or DEFAULT_MODEL_INFO
        self.model_name = model_name or Path(model_path).name
        if not Path(model_path).is_file():
            raise FileNotFoundError(f"GGUF model file not found: {model_path}")
        self.llm = llama_cpp.Llama(
            model_path=str(model_path),
            n_ctx=n_ctx,
            n_threads=n_threads,
            n_threads_batch=n_threads_batch or n_threads,
            n_batch=n_batch,
            seed=seed,
            verbose=False,  # llama.cpp's load and timing logs would flood the terminal
        )
        self._formatter = self._make_formatter()
        self._grammars: dict[str, LlamaGrammar] = {}
        self.kv_states = KVStateCache(kv_cache_mb * 2**20)
        self._executor = _shared_worker()
        self.stats: list[CallStats] = []
        self._total = RequestUsage(prompt_tokens=0, completion_tokens=0)

    # --- AutoGen interface --------------------------------------------------------------------

    async def create(
        self,
        messages: Sequence[LLMMessage],
        *,
        tools: Sequence[Tool | ToolSchema] = [],
        tool_choice: ToolChoice = "auto",
        json_output: bool | type[BaseModel] | None = None,
        extra_create_args: Mapping[str, Any] = {},
        cancellation_token: CancellationToken | None = None,
    ) -> CreateResult:
        result: CreateResult | None = None
        async for item in self._run(
            messages, tools, tool_choice, json_output, extra_create_args, cancellation_token, streaming=False
        ):
            if isinstance(item, CreateResult):
                result = item
        assert result is not None
        return result

    def create_stream(
        self,
        messages: Sequence[LLMMessage],
        *,
        tools: Sequence[Tool | ToolSchema] = [],
        tool_choice: ToolChoice = "auto",
        json_output: bool | type[BaseModel] | None = None,
        extra_create_args: Mapping[str, Any] = {},
        cancellation_token: CancellationToken | None = None,
    ) -> AsyncGenerator[str | CreateResult, None]:
        """Text chunks as the model writes them, then one `CreateResult`.

        With tools and ``tool_choice="auto"``, text that turns out to be a tool call is not
        streamed (it arrives as `FunctionCall`s in the result); a forced call is never streamed.
        """
        return self._run(
            messages, tools, tool_choice, json_output, extra_create_args, cancellation_token, streaming=True
        )

    async def close(self) -> None:
        # Let a running generation finish before its context is freed.
        await asyncio.get_running_loop().run_in_executor(self._executor, self.llm.close)

    def actual_usage(self) -> RequestUsage:
        return RequestUsage(self._total.prompt_tokens, self._total.completion_tokens)

    def total_usage(self) -> RequestUsage:
        return RequestUsage(self._total.prompt_tokens, self._total.completion_tokens)

    def count_tokens(self, messages: Sequence[LLMMessage], *, tools: Sequence[Tool | ToolSchema] = []) -> int:
        """Tokens of the prompt exactly as it would be sent (chat template included)."""
        return len(self._tokenize(self._render(self._convert_messages(messages), _tool_params(tools))))

    def remaining_tokens(self, messages: Sequence[LLMMessage], *, tools: Sequence[Tool | ToolSchema] = []) -> int:
        return max(self.llm.n_ctx() - self.count_tokens(messages, tools=tools), 0)

    @property
    def capabilities(self) -> ModelInfo:  # type: ignore[override]  # deprecated in AutoGen
        return self._model_info

    @property
    def model_info(self) -> ModelInfo:
        return self._model_info

    def _to_config(self) -> EmbeddedLlamaClientConfig:
        return self._config.model_copy()

    @classmethod
    def _from_config(cls, config: EmbeddedLlamaClientConfig) -> Self:
        return cls(**config.model_dump())

    # --- one call -----------------------------------------------------------------------------

    async def _run(
        self,
        messages: Sequence[LLMMessage],
        tools: Sequence[Tool | ToolSchema],
        tool_choice: ToolChoice,
        json_output: bool | type[BaseModel] | None,
        extra_create_args: Mapping[str, Any],
        cancellation_token: CancellationToken | None,
        *,
        streaming: bool,
    ) -> AsyncGenerator[str | CreateResult, None]:
        job = self._prepare(messages, tools, tool_choice, json_output, extra_create_args)
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Any] = asyncio.Queue()
        stop = threading.Event()

        finished = False

        def put(item: Any) -> None:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, item)
            except RuntimeError:  # the caller's event loop is gone; nobody is listening
                stop.set()

        def on_cancel() -> None:
            # A token outlives the call it was given to: later cancellations are not ours.
            if not finished:
                stop.set()
                put(_Cancelled)

        if cancellation_token is not None:
            if cancellation_token.is_cancelled():
                raise asyncio.CancelledError("cancelled before the call started")
            cancellation_token.add_callback(on_cancel)

        emit = _ChunkFilter(put, job.tool_mode) if streaming else None
        future = loop.run_in_executor(self._executor, self._generate, job, stop, emit)
        future.add_done_callback(lambda _: put(_Done))
        if streaming:
            event_log.info(LLMStreamStartEvent(messages=job.messages_for_log))
        try:
            while True:
                item = await queue.get()
                if item is _Cancelled:
                    raise asyncio.CancelledError("cancelled by its CancellationToken")
                if item is _Done:
                    break
                yield item
            outcome = await future
        finally:
            finished = True
            stop.set()  # the caller stopped listening or cancelled: stop decoding
        result = self._to_result(job, outcome)
        if streaming:
            event_log.info(LLMStreamEndEvent(response=result.model_dump(), prompt_tokens=result.usage.prompt_tokens, completion_tokens=result.usage.completion_tokens))
        else:
            event_log.info(
                LLMCallEvent(
                    messages=job.messages_for_log,
                    response=result.model_dump(),
                    prompt_tokens=result.usage.prompt_tokens,
                    completion_tokens=result.usage.completion_tokens,
                )
            )
        yield result

    def _generate(self, job: _Job, stop: threading.Event, emit: Callable[[str], None] | None) -> _Outcome:
        """Runs in the worker thread: stream tokens until done, the limit, or `stop`."""
        start = time.perf_counter()
        cpu_start = time.process_time()
        restored = self.kv_states.restore_best(self.llm, job.tokens)
        restore_seconds = time.perf_counter() - start
        cached = self._reusable_prefix(job.tokens)
        first_token_at: float | None = None
        pieces: list[str] = []
        finish_reason = "unknown"
        cancelled = False
        stream = self.llm.create_completion(
            job.tokens, stream=True, stop=job.stop, grammar=job.grammar, **job.sampling
        )
        try:
            for chunk in stream:
                if first_token_at is None:
                    first_token_at = time.perf_counter()
                    cpu_first = time.process_time()
                choice = chunk["choices"][0]
                text = choice["text"]
                if text:
                    pieces.append(text)
                    if emit is not None:
                        emit(text)
                if choice.get("finish_reason"):
                    finish_reason = choice["finish_reason"]
                if stop.is_set():
                    cancelled, finish_reason = True, "unknown"
                    break
        finally:
            stream.close()  # type: ignore[attr-defined]  # ends the generator (and its token loop) now
        end = time.perf_counter()
        cpu_end = time.process_time()
        if emit is not None:
            emit.flush()  # type: ignore[attr-defined]
        self.kv_states.save(self.llm)
        state_seconds = restore_seconds + time.perf_counter() - end
        if first_token_at is None:
            first_token_at, cpu_first = end, cpu_end
        # Generated tokens are evaluated one by one after the prompt, except the last one
        # when decoding stopped at the limit or by cancellation (EOS is never evaluated).
        evaluated_after_prompt = max(self.llm.n_tokens - len(job.tokens), 0)
        completion_tokens = evaluated_after_prompt + (1 if finish_reason == "length" or cancelled else 0)
        stats = CallStats(
            prompt_tokens=len(job.tokens),
            cached_prompt_tokens=cached,
            completion_tokens=completion_tokens,
            prompt_seconds=first_token_at - start,
            decode_seconds=end - first_token_at,
            finish_reason=finish_reason,
            streamed=emit is not None,
            cancelled=cancelled,
            json_schema=job.schema_title,
            restored_tokens=min(restored, cached),
            state_seconds=state_seconds,
            prompt_cpu_seconds=cpu_first - cpu_start,
            decode_cpu_seconds=cpu_end - cpu_first,
        )
        log.debug("llama call: %s", asdict(stats))
        # Recorded here, in the worker, so that a cancelled call's cost is counted too.
        self.stats.append(stats)
        self._total.prompt_tokens += stats.prompt_tokens
        self._total.completion_tokens += stats.completion_tokens
        return _Outcome(text="".join(pieces), finish_reason=finish_reason, stats=stats)

    def _reusable_prefix(self, tokens: list[int]) -> int:
        """How many prompt tokens llama-cpp-python will take from the KV cache.

        Mirrors `Llama.generate`: the longest common prefix with the tokens already in the
        context, minus one when the whole prompt matches (its last token is evaluated again
        to get fresh logits).
        """
        previous = self.llm._input_ids  # noqa: SLF001 - the tokens in the context, by design public-ish
        common = 0
        for a, b in zip(previous, tokens):
            if a != b:
                break
            common += 1
        if common == len(tokens):
            common -= 1
        return max(common, 0)

    # --- preparing a call ---------------------------------------------------------------------

    def _prepare(
        self,
        messages: Sequence[LLMMessage],
        tools: Sequence[Tool | ToolSchema],
        tool_choice: ToolChoice,
        json_output: bool | type[BaseModel] | None,
        extra_create_args: Mapping[str, Any],
    ) -> _Job:
        unknown = set(extra_create_args) - SAMPLING_ARGS
        if unknown:
            raise ValueError(
                f"extra_create_args: unsupported {sorted(unknown)}; allowed: {', '.join(sorted(SAMPLING_ARGS))}"
            )
        sampling: dict[str, Any] = {
            "temperature": self._config.temperature,
            "max_tokens": self._config.max_tokens,
            "seed": self._config.seed,
        }
        sampling.update(extra_create_args)
        extra_stop = sampling.pop("stop", None) or []
        extra_stop = [extra_stop] if isinstance(extra_stop, str) else list(extra_stop)

        chat = self._convert_messages(messages)
        tool_params = [] if tool_choice == "none" else _tool_params(tools)
        if tool_params and not self._model_info["function_calling"]:
            raise ValueError(f"{self.model_name}: tools were given but model_info says function_calling=False")
        if tool_choice not in ("auto", "none") and not tool_params:
            raise ValueError("tool_choice asks for a tool call but no tools were given")

        output_schema: dict[str, Any] | None = None
        schema_title: str | None = None
        if isinstance(json_output, type) and issubclass(json_output, BaseModel):
            output_schema = json_output.model_json_schema()
            schema_title = json_output.__name__
        elif json_output not in (None, False, True):
            raise ValueError(f"json_output must be None, a bool or a pydantic model class, got {json_output!r}")

        grammar: LlamaGrammar | None = None
        tool_mode: Literal["none", "auto", "forced", "auto_json"] = "auto" if tool_params else "none"
        if tool_params and tool_choice != "auto":
            # "required" or one named tool: the output is a call, by grammar.
            allowed = tool_params if tool_choice == "required" else [_find_tool(tool_params, tool_choice)]
            grammar = self._grammar_for(_any_of([_call_schema(t) for t in allowed]))
            tool_mode = "forced"
        elif output_schema is not None:
            if tool_params:
                # Either a call or the structured answer; both are JSON objects.
                grammar = self._grammar_for(_any_of([output_schema, *(_call_schema(t) for t in tool_params)]))
                tool_mode = "auto_json"
            else:
                grammar = self._grammar_for(output_schema)
            if self._config.schema_in_prompt:
                chat.append({"role": "system", "content": _schema_instruction(output_schema, bool(tool_params))})
        elif json_output is True:
            grammar = self._json_grammar()

        prompt = self._render(chat, tool_params)
        tokens = self._tokenize(prompt)
        if len(tokens) >= self.llm.n_ctx():
            raise ValueError(
                f"{self.model_name}: the prompt has {len(tokens)} tokens but the context holds "
                f"{self.llm.n_ctx()} (raise llm.embedded.context_tokens or shorten the history)"
            )
        return _Job(
            tokens=tokens,
            stop=[self._eos_text, *extra_stop],
            grammar=grammar,
            sampling=sampling,
            tool_names=[t["function"]["name"] for t in tool_params],
            tool_mode=tool_mode,
            schema_title=schema_title,
            messages_for_log=chat,
        )

    def _make_formatter(self) -> Jinja2ChatFormatter:
        model = self.llm._model  # noqa: SLF001 - token texts are only exposed there
        eos_id, bos_id = self.llm.token_eos(), self.llm.token_bos()
        self._eos_text = model.token_get_text(eos_id) if eos_id != -1 else ""
        bos_text = model.token_get_text(bos_id) if bos_id != -1 else ""
        template = self.llm.metadata.get("tokenizer.chat_template") or CHATML_TEMPLATE
        return Jinja2ChatFormatter(template=template, eos_token=self._eos_text, bos_token=bos_text)

    def _render(self, chat: list[dict[str, Any]], tool_params: list[dict[str, Any]]) -> str:
        return self._formatter(messages=chat, tools=tool_params or None).prompt  # type: ignore[arg-type]

    def _tokenize(self, prompt: str) -> list[int]:
        # The template writes the special tokens itself (add_bos=False, special=True), as
        # llama-cpp-python's chat handler does.
        return self.llm.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)

    def _grammar_for(self, schema: dict[str, Any]) -> LlamaGrammar:
        key = json.dumps(schema, sort_keys=True)
        if key not in self._grammars:
            self._grammars[key] = LlamaGrammar.from_json_schema(key, verbose=False)
        return self._grammars[key]

    def _json_grammar(self) -> LlamaGrammar:
        if "*json*" not in self._grammars:
            self._grammars["*json*"] = LlamaGrammar.from_string(JSON_GBNF, verbose=False)
        return self._grammars["*json*"]

    @staticmethod
    def _convert_messages(messages: Sequence[LLMMessage]) -> list[dict[str, Any]]:
        """AutoGen messages -> the dicts the chat template reads."""
        chat: list[dict[str, Any]] = []
        for msg in messages:
            if isinstance(msg, SystemMessage):
                chat.append({"role": "system", "content": msg.content})
            elif isinstance(msg, UserMessage):
                chat.append({"role": "user", "content": _text_only(msg.content)})
            elif isinstance(msg, AssistantMessage):
                if isinstance(msg.content, str):
                    chat.append({"role": "assistant", "content": msg.content})
                else:
                    chat.append(
                        {
                            "role": "assistant",
                            "content": msg.thought or "",
                            "tool_calls": [
                                {
                                    "id": call.id,
                                    "type": "function",
                                    # The template writes arguments with `tojson`: give it the object.
                                    "function": {"name": call.name, "arguments": _json_or_text(call.arguments)},
                                }
                                for call in msg.content
                            ],
                        }
                    )
            elif isinstance(msg, FunctionExecutionResultMessage):
                for res in msg.content:
                    chat.append({"role": "tool", "content": res.content, "tool_call_id": res.call_id, "name": res.name})
            else:
                raise ValueError(f"unsupported message type {type(msg).__name__}")
        return chat

    # --- reading the output -------------------------------------------------------------------

    def _to_result(self, job: _Job, outcome: _Outcome) -> CreateResult:
        text = outcome.text
        calls: list[FunctionCall] = []
        thought: str | None = None
        call_number = len(self.stats)  # call ids are deterministic: call_<call number>_<index>
        if job.tool_mode in ("forced", "auto_json"):
            calls = _calls_from_json_object(text, job.tool_names, call_number)
        elif job.tool_mode == "auto" and TOOL_CALL_TAG in text:
            for i, match in enumerate(TOOL_CALL_RE.finditer(text)):
                call = _call_from_json(match.group(1), job.tool_names, f"call_{call_number}_{i}")
                if call is not None:
                    calls.append(call)
            if calls:
                thought = TOOL_CALL_RE.sub("", text).strip() or None
        elif job.tool_mode == "auto":
            # Small models sometimes write the call as a bare or fenced JSON object.
            calls = _calls_from_json_object(_strip_code_fence(text), job.tool_names, call_number)
        finish: FinishReasons = _finish_reason(outcome.finish_reason)
        usage = RequestUsage(prompt_tokens=outcome.stats.prompt_tokens, completion_tokens=outcome.stats.completion_tokens)
        if calls:
            return CreateResult(finish_reason="function_calls", content=calls, usage=usage, cached=False, thought=thought)
        return CreateResult(finish_reason=finish, content=text, usage=usage, cached=False)


class _ChunkFilter:
    """Passes streamed text on, holding back text that turns out to be a tool call.

    A call starts like one of `CALL_STARTS` (whitespace ignored): the Qwen tag, or the bare or
    fenced JSON object small models also write. Text is held until its start tells.
    """

    CALL_STARTS = (TOOL_CALL_TAG, '{"name"', '```json{"name"', '```{"name"')

    def __init__(self, put: Callable[[str], None], tool_mode: str) -> None:
        self._put = put
        self._held = ""
        self._decided = tool_mode != "auto"
        self._silent = tool_mode == "forced"

    def __call__(self, text: str) -> None:
        if self._silent:
            return
        if self._decided:
            self._put(text)
            return
        self._held += text
        head = re.sub(r"\s+", "", self._held)
        if any(start.startswith(head) for start in self.CALL_STARTS):
            return  # could still become a call
        self._decided = True
        if any(head.startswith(start) for start in self.CALL_STARTS):
            self._silent = True
        else:
            self._put(self._held)
        self._held = ""

    def flush(self) -> None:
        if self._held and not self._silent:
            self._put(self._held)
        self._held = ""


# --- helpers -----------------------------------------------------------------------------------


def _text_only(content: str | list[Any]) -> str:
    if isinstance(content, str):
        return content
    if any(not isinstance(part, str) for part in content):
        raise ValueError("the embedded model reads text only; this message contains an image")
    return "\n".join(content)


def _json_or_text(arguments: str) -> Any:
    try:
        return json.loads(arguments)
    except ValueError:
        return arguments


def _tool_params(tools: Sequence[Tool | ToolSchema]) -> list[dict[str, Any]]:
    """Tools as OpenAI-style function descriptions (what the chat template lists)."""
    params = []
    for tool in tools:
        schema = tool.schema if isinstance(tool, Tool) else tool
        params.append(
            {
                "type": "function",
                "function": {
                    "name": schema["name"],
                    "description": schema.get("description", ""),
                    "parameters": schema.get("parameters", {"type": "object", "properties": {}}),
                },
            }
        )
    return params


def _find_tool(tool_params: list[dict[str, Any]], choice: Tool) -> dict[str, Any]:
    for param in tool_params:
        if param["function"]["name"] == choice.name:
            return param
    raise ValueError(f"tool_choice names tool '{choice.name}', which is not among the tools given")


def _call_schema(tool_param: dict[str, Any]) -> dict[str, Any]:
    function = tool_param["function"]
    parameters = dict(function["parameters"])
    parameters.pop("$defs", None)  # hoisted to the root by _any_of
    return {
        "type": "object",
        "properties": {"name": {"const": function["name"]}, "arguments": parameters},
        "required": ["name", "arguments"],
    }


def _any_of(schemas: list[dict[str, Any]]) -> dict[str, Any]:
    """One schema accepting any of `schemas`, with their `$defs` moved to the root (refs are absolute)."""
    defs: dict[str, Any] = {}
    bodies = []
    for schema in schemas:
        schema = dict(schema)
        defs.update(schema.pop("$defs", {}))
        bodies.append(schema)
    root: dict[str, Any] = bodies[0] if len(bodies) == 1 else {"anyOf": bodies}
    if defs:
        root = {**root, "$defs": defs}
    return root


def _schema_instruction(schema: dict[str, Any], with_tools: bool) -> str:
    text = "Reply with one JSON object that follows this JSON schema:\n" + json.dumps(schema, separators=(",", ":"))
    if with_tools:
        text += '\nOr, to call a tool, reply with {"name": <tool name>, "arguments": {...}}.'
    return text


def _call_from_json(raw: str, tool_names: list[str], call_id: str) -> FunctionCall | None:
    try:
        data = json.loads(raw)
    except ValueError:
        log.warning("the model wrote a tool call that is not JSON: %.200s", raw)
        return None
    if not isinstance(data, dict) or data.get("name") not in tool_names:
        log.warning("the model called an unknown tool: %.200s", raw)
        return None
    arguments = data.get("arguments", {})
    return FunctionCall(
        id=call_id,
        name=data["name"],
        arguments=arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False),
    )


def _calls_from_json_object(text: str, tool_names: list[str], call_number: int) -> list[FunctionCall]:
    """A grammar-constrained reply that is a call object ({"name", "arguments"}) -> one call."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    if isinstance(data, dict) and set(data) == {"name", "arguments"} and data["name"] in tool_names:
        call = _call_from_json(text, tool_names, f"call_{call_number}_0")
        return [call] if call else []
    return []


def _strip_code_fence(text: str) -> str:
    text = text.strip()
    match = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", text, re.DOTALL)
    return match.group(1) if match else text


def _finish_reason(reason: str) -> FinishReasons:
    return reason if reason in ("stop", "length", "function_calls", "content_filter") else "unknown"  # type: ignore[return-value]
