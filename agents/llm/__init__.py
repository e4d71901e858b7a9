"""The LLM backends as AutoGen ChatCompletionClients: embedded llama.cpp or any OpenAI-compatible endpoint.

    from animdirector.agents.llm import make_model_client
    client = make_model_client(load_config())          # what config.yaml says
    client.stats[-1].cached_prompt_tokens              # (embedded) prompt tokens taken from the KV cache

Names are imported lazily: `animdirector models` reads the weights' status without loading
llama.cpp, AutoGen and openai.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "MODELS": "weights",
    "ModelSpec": "weights",
    "ModelStatus": "weights",
    "ModelWeightsError": "weights",
    "ensure_model": "weights",
    "model_path": "weights",
    "model_status": "weights",
    "CallStats": "llama_client",
    "EmbeddedLlamaClient": "llama_client",
    "LLMError": "factory",
    "OpenAICompatibleClient": "factory",
    "make_model_client": "factory",
    "llama_server": "local_server",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from .factory import LLMError, OpenAICompatibleClient, make_model_client
    from .llama_client import CallStats, EmbeddedLlamaClient
    from .local_server import llama_server
    from .weights import MODELS, ModelSpec, ModelStatus, ModelWeightsError, ensure_model, model_path, model_status


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
