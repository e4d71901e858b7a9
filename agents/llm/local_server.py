"""Start llama-cpp-python's OpenAI-compatible server as a child process (tests and bench/llm.py).

The openai backend is exercised against a real HTTP server on 127.0.0.1, so that what is
tested is what a user gets when they point ``llm.openai.base_url`` at a llama.cpp server.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def llama_server(
    model_path: str | Path,
    *,
    n_threads: int = 1,
    n_ctx: int = 4096,
    model_alias: str = "local",
    startup_timeout_s: float = 120.0,
    log_path: Path | None = None,
) -> Iterator[str]:
    """Run ``python -m llama_cpp.server`` on a free port; yields its base_url (``http://127.0.0.1:PORT/v1``).

    The server is stopped (SIGTERM, then SIGKILL) when the block ends.
    """
    port = free_port()
    cmd = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model_path),
        "--model_alias", model_alias,
        "--host", "127.0.0.1",
        "--port", str(port),
        "--n_threads", str(n_threads),
        "--n_threads_batch", str(n_threads),
        "--n_ctx", str(n_ctx),
        # The server defaults to logits for every prompt token (for logprobs): with Qwen's
        # 151k-token vocabulary that costs ~25% of prompt speed. Nothing here asks for logprobs.
        "--logits_all", "False",
        "--verbose", "False",
    ]  # fmt: skip
    out = open(log_path, "wb") if log_path else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_ready(proc, base_url, startup_timeout_s)
        yield base_url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log_path:
            out.close()  # type: ignore[union-attr]


def _wait_ready(proc: subprocess.Popen[bytes], base_url: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited with code {proc.returncode} before it was ready")
        try:
            with urllib.request.urlopen(base_url + "/models", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"llama_cpp.server did not answer at {base_url} within {timeout_s:.0f} s")
