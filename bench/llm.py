"""LLM speed: raw llama-cpp-python vs the embedded client vs the openai backend on a local server.

For one fixed prompt, on the same model and thread count, prints prompt tokens/s and decode
tokens/s of
  - raw llama-cpp-python (``Llama.create_chat_completion(stream=True)``),
  - the embedded AutoGen client (`EmbeddedLlamaClient.create_stream`),
  - the openai backend (`OpenAICompatibleClient`) against ``python -m llama_cpp.server`` on 127.0.0.1,
and their ratios to raw (target: embedded >= 0.95). Then two embedded calls sharing a
~500-token prefix: how much of the prefix the second call evaluated again (target <= 10%).

Times are wall clock as a caller sees them: prompt = until the first token, decode = the rest.
Each backend gets its own freshly loaded model; before each measured call a warm-up call with
another system prompt pages the weights in and evicts the measured prompt from the KV cache.
The best of --repeats rounds is kept (the machine is shared; noise only ever slows things down).

    .venv/bin/python bench/llm.py                          # 0.5B model, 1 thread
    .venv/bin/python bench/llm.py --model qwen2.5-coder-1.5b --threads 2
    .venv/bin/python bench/llm.py --skip-server --repeats 3
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import llama_cpp
from autogen_core.models import LLMMessage, SystemMessage, UserMessage
from rich.console import Console
from rich.table import Table

from animdirector.agents.llm import EmbeddedLlamaClient, ensure_model, llama_server, make_model_client
from animdirector.agents.llm.weights import MODELS
from animdirector.commands.models import VERIFY_STORY
from animdirector.config import load_config

SYSTEM = "You are the writer in a small animation studio. You answer briefly and plainly."
USER = "Retell this story in five short sentences, one per scene:\n\n" + VERIFY_STORY
WARMUP = [SystemMessage(content="Warm-up."), UserMessage(content="Say OK.", source="user")]
MESSAGES: list[LLMMessage] = [SystemMessage(content=SYSTEM), UserMessage(content=USER, source="user")]


@dataclass
class Timing:
    prompt_tokens: int  # evaluated (not taken from the KV cache)
    prompt_seconds: float
    completion_tokens: int
    decode_seconds: float
    prompt_cpu: float | None = None  # CPU seconds of this process (None: another process did the work)
    decode_cpu: float | None = None

    @property
    def prompt_rate(self) -> float:
        return self.prompt_tokens / self.prompt_seconds

    @property
    def decode_rate(self) -> float:
        return (self.completion_tokens - 1) / self.decode_seconds

    @property
    def prompt_cpu_rate(self) -> float:
        return self.prompt_tokens / self.prompt_cpu if self.prompt_cpu else 0.0

    @property
    def decode_cpu_rate(self) -> float:
        return (self.completion_tokens - 1) / self.decode_cpu if self.decode_cpu else 0.0


def as_chat(messages: list[LLMMessage]) -> list[dict]:
    return [{"role": "system" if isinstance(m, SystemMessage) else "user", "content": m.content} for m in messages]


def common_prefix(a, b) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


# --- the three backends ---------------------------------------------------------------------------


def run_raw(llm: llama_cpp.Llama, prompt_tokens: list[int], max_tokens: int) -> Timing:
    llm.create_chat_completion(as_chat(WARMUP), max_tokens=2, temperature=0.0)
    cached = common_prefix(llm._input_ids, prompt_tokens)
    start, cpu_start = time.perf_counter(), time.process_time()
    first = cpu_first = None
    finish = None
    for chunk in llm.create_chat_completion(as_chat(MESSAGES), max_tokens=max_tokens, temperature=0.0, seed=0, stream=True):
        choice = chunk["choices"][0]
        if first is None and choice["delta"].get("content"):
            first, cpu_first = time.perf_counter(), time.process_time()
        finish = choice.get("finish_reason") or finish
    end, cpu_end = time.perf_counter(), time.process_time()
    completion = llm.n_tokens - len(prompt_tokens) + (1 if finish == "length" else 0)
    return Timing(len(prompt_tokens) - cached, first - start, completion, end - first, cpu_first - cpu_start, cpu_end - cpu_first)


async def run_embedded(client: EmbeddedLlamaClient, max_tokens: int) -> Timing:
    await client.create(WARMUP, extra_create_args={"max_tokens": 2})
    async for _ in client.create_stream(MESSAGES, extra_create_args={"max_tokens": max_tokens, "temperature": 0.0}):
        pass
    st = client.stats[-1]
    return Timing(st.evaluated_prompt_tokens, st.prompt_seconds, st.completion_tokens, st.decode_seconds,
                  st.prompt_cpu_seconds, st.decode_cpu_seconds)


async def run_openai(client, prompt_tokens: int, max_tokens: int) -> Timing:
    await client.create(WARMUP, extra_create_args={"max_tokens": 2})
    start = time.perf_counter()
    first = None
    result = None
    async for item in client.create_stream(
        MESSAGES, extra_create_args={"max_tokens": max_tokens, "temperature": 0.0, "seed": 0}, include_usage=True
    ):
        if isinstance(item, str):
            first = first or time.perf_counter()
        else:
            result = item
    end = time.perf_counter()
    completion = result.usage.completion_tokens if result and result.usage.completion_tokens else max_tokens
    # The server reuses its KV prefix like we do: the warm-up shares ~3 template tokens.
    return Timing(prompt_tokens - 3, first - start, completion, end - first)


# --- the prefix-reuse check -----------------------------------------------------------------------


async def prefix_reuse(client: EmbeddedLlamaClient) -> tuple[int, int, int]:
    """(prefix tokens, prompt tokens of the 2nd call, prefix tokens the 2nd call evaluated again)."""
    rules = "\n".join(
        f"- Rule {i}: {c} things stay {c} in every scene; characters keep their clothes and names." for i, c in
        enumerate(["Red", "Blue", "Green", "Yellow"] * 6)
    )
    system = SystemMessage(content=SYSTEM + "\nStyle rules:\n" + rules)
    prefix = client.count_tokens([system])

    await client.create([system, UserMessage(content="Scene 1: Mia runs up the hill.", source="user")], extra_create_args={"max_tokens": 8})
    await client.create([system, UserMessage(content="Scene 2: the string snaps.", source="user")], extra_create_args={"max_tokens": 8})
    st = client.stats[-1]
    return prefix, st.prompt_tokens, max(prefix - st.cached_prompt_tokens, 0)


async def alternating_agents(client: EmbeddedLlamaClient) -> tuple[int, int]:
    """Two agents with their own system prompts take turns on one client; returns the second
    round's (prompt tokens, tokens taken from the cache), summed over both agents."""
    from autogen_core.models import AssistantMessage

    histories = {
        "writer": [SystemMessage(content=SYSTEM + " You are the writer. " + VERIFY_STORY)],
        "critic": [SystemMessage(content="You are the critic. You name one fault in each answer. " + VERIFY_STORY)],
    }
    prompt = cached = 0
    for scene in (1, 2):
        for name, history in histories.items():
            history.append(UserMessage(content=f"Scene {scene}: one line, please.", source="director"))
            result = await client.create(history, extra_create_args={"max_tokens": 8})
            history.append(AssistantMessage(content=result.content, source=name))
            if scene == 2:
                prompt += client.stats[-1].prompt_tokens
                cached += client.stats[-1].cached_prompt_tokens
    return prompt, cached


# --- main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(amain(argv))


async def amain(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="qwen2.5-0.5b", choices=list(MODELS), help="embedded model (default: the 0.5B)")
    parser.add_argument("--threads", type=int, default=1, help="CPU threads for every backend (default: 1)")
    parser.add_argument("--max-tokens", type=int, default=64, help="tokens to decode (default: 64)")
    parser.add_argument("--repeats", type=int, default=2, help="rounds; the best is kept (default: 2)")
    parser.add_argument("--skip-server", action="store_true", help="leave out the openai backend")
    parser.add_argument("--config", help="config.yaml (for the state directory)")
    args = parser.parse_args(argv)
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 110)

    config = load_config(args.config)
    config.threads = args.threads
    config.llm.embedded.model = args.model
    config.llm.embedded.context_tokens = 2048
    path = ensure_model(args.model, config.model_cache())
    console.print(f"[bold]{args.model}[/bold] ({path.name}), {args.threads} thread(s), {args.max_tokens} tokens decoded, "
                  f"best of {args.repeats}; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")

    raw = llama_cpp.Llama(str(path), n_ctx=2048, n_threads=args.threads, n_threads_batch=args.threads, seed=0, verbose=False)
    client = EmbeddedLlamaClient(path, n_ctx=2048, n_threads=args.threads, temperature=0.0, max_tokens=args.max_tokens)
    prompt_tokens = client._tokenize(client._render(client._convert_messages(MESSAGES), []))  # noqa: SLF001
    console.print(f"fixed prompt: {len(prompt_tokens)} tokens")

    async def raw_runner() -> Timing:
        return run_raw(raw, prompt_tokens, args.max_tokens)

    runners: dict[str, Callable[[], Awaitable[Timing]]] = {
        "raw llama-cpp-python": raw_runner,
        "embedded client": lambda: run_embedded(client, args.max_tokens),
    }
    results: dict[str, list[Timing]] = {name: [] for name in runners}
    server_cm = None
    if not args.skip_server:
        server_cm = llama_server(path, n_threads=args.threads, n_ctx=2048)
        base_url = server_cm.__enter__()
        config.llm.backend = "openai"
        config.llm.openai.base_url = base_url
        config.llm.openai.model = "local"
        openai_client = make_model_client(config)
        runners["openai backend (local server)"] = lambda: run_openai(openai_client, len(prompt_tokens), args.max_tokens)
        results["openai backend (local server)"] = []
    try:
        for _ in range(args.repeats):
            for name, run in runners.items():  # interleaved, so drifting load hits all alike
                results[name].append(await run())
    finally:
        if server_cm is not None:
            await openai_client.close()
            server_cm.__exit__(None, None, None)

    best = {name: (max(t.prompt_rate for t in ts), max(t.decode_rate for t in ts)) for name, ts in results.items()}
    raw_prompt, raw_decode = best["raw llama-cpp-python"]
    table = Table(title="prompt and decode speed (tokens/s, wall clock)", title_justify="left")
    for col in ("backend", "prompt tok/s", "decode tok/s", "prompt vs raw", "decode vs raw"):
        table.add_column(col, justify="right" if col != "backend" else "left")
    for name, (p, d) in best.items():
        table.add_row(name, f"{p:.1f}", f"{d:.1f}", f"{p / raw_prompt:.3f}", f"{d / raw_decode:.3f}")
    console.print(table)
    emb_p, emb_d = best["embedded client"]
    ok = min(emb_p / raw_prompt, emb_d / raw_decode) >= 0.95
    console.print(f"embedded / raw (wall): prompt {emb_p / raw_prompt:.3f}, decode {emb_d / raw_decode:.3f} "
                  f"(target >= 0.95: {'[green]met[/green]' if ok else '[red]missed[/red]'})")
    # Per CPU second of this process: what each path costs, whatever else the machine runs.
    cpu = {name: (max(t.prompt_cpu_rate for t in results[name]), max(t.decode_cpu_rate for t in results[name]))
           for name in ("raw llama-cpp-python", "embedded client")}
    (rp, rd), (ep, ed) = cpu["raw llama-cpp-python"], cpu["embedded client"]
    ok_cpu = min(ep / rp, ed / rd) >= 0.95
    console.print(f"embedded / raw (tokens per CPU second, immune to other processes' load): prompt {ep / rp:.3f} "
                  f"({ep:.1f} vs {rp:.1f}), decode {ed / rd:.3f} ({ed:.1f} vs {rd:.1f}) "
                  f"(target >= 0.95: {'[green]met[/green]' if ok_cpu else '[red]missed[/red]'})")

    prefix, second_prompt, again = await prefix_reuse(client)
    share = again / prefix
    console.print(f"shared prefix {prefix} tokens; the second call ({second_prompt} prompt tokens) evaluated "
                  f"{again} prefix tokens again = {share:.1%} (target <= 10%: "
                  f"{'[green]met[/green]' if share <= 0.10 else '[red]missed[/red]'})")
    prompt, cached = await alternating_agents(client)
    console.print(f"two agents taking turns on one client: their second turns took {cached} of {prompt} prompt "
                  f"tokens ({cached / prompt:.0%}) from the KV cache (saved states restored)")
    await client.close()
    raw.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
