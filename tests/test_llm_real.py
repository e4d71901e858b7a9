"""The real 0.5B model: in-process and behind llama-cpp-python's OpenAI-compatible server.

Skipped where the 0.5B part packages are not installed. One thread, short replies.
"""

import asyncio
from typing import Literal

import llama_cpp
import pytest
from autogen_agentchat.agents import AssistantAgent
from autogen_agentchat.messages import StructuredMessage
from autogen_core import CancellationToken
from autogen_core.models import CreateResult, SystemMessage, UserMessage
from autogen_core.tools import FunctionTool
from pydantic import BaseModel, Field

from animdirector.agents.llm import EmbeddedLlamaClient, llama_server, make_model_client
from animdirector.config import Config

pytestmark = pytest.mark.real_model


class Character(BaseModel):
    """One character of a story, as the screenwriter lists it."""

    name: str = Field(max_length=30)
    kind: Literal["person", "animal", "object"]


class CastList(BaseModel):
    characters: list[Character] = Field(min_length=1, max_length=4)


STORY = "Mia, a girl in a yellow raincoat, flies a red kite with her dog Pepper."
INSTRUCTION = "List the characters of the story the user gives you. Objects such as toys are not characters."


def small_config(**embedded) -> Config:
    config = Config(threads=1)
    config.llm.embedded.model = "qwen2.5-0.5b"
    config.llm.embedded.context_tokens = 2048
    config.llm.embedded.max_tokens = 96
    config.llm.embedded.temperature = 0.0
    for key, value in embedded.items():
        setattr(config.llm.embedded, key, value)
    return config


async def one_structured_turn(client) -> CastList:
    agent = AssistantAgent("screenwriter", model_client=client, system_message=INSTRUCTION, output_content_type=CastList)
    result = await agent.run(task=STORY)
    reply = result.messages[-1]
    assert isinstance(reply, StructuredMessage), reply
    assert isinstance(reply.content, CastList)
    return reply.content


@pytest.fixture(scope="module")
def client(small_model_path):
    """One in-process client for the tests below (loading takes a second)."""
    c = EmbeddedLlamaClient(small_model_path, model_name="qwen2.5-0.5b", n_ctx=2048, n_threads=1, max_tokens=48, temperature=0.0)
    yield c
    asyncio.run(c.close())


def test_openai_backend_against_a_real_llama_cpp_server(small_model_path, monkeypatch):
    """A real server process on 127.0.0.1, the openai backend pointed at it, one AssistantAgent turn."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with llama_server(small_model_path, n_threads=1, n_ctx=2048) as base_url:
        config = small_config()
        config.llm.backend = "openai"
        config.llm.openai.base_url = base_url
        config.llm.openai.model = "local"
        config.llm.openai.temperature = 0.0
        # llama.cpp's server constrains decoding by {"type": "json_object", "schema": ...}.
        config.llm.openai.model_info.structured_output = False
        client = make_model_client(config)
        cast = asyncio.run(one_structured_turn(client))
        assert any("mia" in c.name.lower() for c in cast.characters)


def test_embedded_backend_structured_turn(small_model_home):
    client = make_model_client(small_config())
    assert isinstance(client, EmbeddedLlamaClient)
    cast = asyncio.run(one_structured_turn(client))
    assert any("mia" in c.name.lower() for c in cast.characters)
    assert client.stats[-1].json_schema == "CastList"
    assert client.total_usage().prompt_tokens > 0
    asyncio.run(client.close())


def test_streaming_yields_chunks_then_the_result(client):
    async def collect():
        return [item async for item in client.create_stream([UserMessage(content="Name three colours.", source="user")])]

    items = asyncio.run(collect())
    chunks, result = items[:-1], items[-1]
    assert isinstance(result, CreateResult)
    assert len(chunks) > 1 and all(isinstance(c, str) for c in chunks)
    assert "".join(chunks) == result.content
    assert client.stats[-1].streamed and result.usage.completion_tokens == client.stats[-1].completion_tokens


def test_kv_cache_reuses_a_shared_prefix(client):
    """The second call evaluates only what follows the shared ~500-token prefix."""
    rules = " ".join(f"Rule {i}: every scene shows the {c} kite." for i, c in enumerate(["red", "blue", "green"] * 12))
    system = SystemMessage(content="You write subtitles for an animated film. " + rules)
    first = [system, UserMessage(content="Scene 1: Mia runs up the hill.", source="user")]
    second = [system, UserMessage(content="Scene 2: the string snaps.", source="user")]
    prefix = client.count_tokens([system])
    assert prefix >= 400

    async def two_calls():
        await client.create(first, extra_create_args={"max_tokens": 8})
        llama_cpp.llama_perf_context_reset(client.llm.ctx)
        await client.create(second, extra_create_args={"max_tokens": 8})
        return llama_cpp.llama_perf_context(client.llm.ctx)

    perf = asyncio.run(two_calls())
    stats = client.stats[-1]
    assert stats.prompt_tokens == client.count_tokens(second)
    assert stats.cached_prompt_tokens >= 0.9 * prefix
    # The stats agree with llama.cpp's own count of prompt tokens it evaluated.
    assert abs(perf.n_p_eval - stats.evaluated_prompt_tokens) <= 1


def test_forced_tool_call_is_valid(client):
    def set_camera(move: Literal["pan", "zoom", "static"], seconds: float) -> str:
        """Choose the camera move of the shot."""
        return "ok"

    tool = FunctionTool(set_camera, description="Choose the camera move of the shot.")
    result = asyncio.run(
        client.create([UserMessage(content="Zoom in slowly over 3 seconds.", source="user")], tools=[tool], tool_choice="required")
    )
    assert result.finish_reason == "function_calls"
    call = result.content[0]
    assert call.name == "set_camera"
    import json

    args = json.loads(call.arguments)
    assert args["move"] in ("pan", "zoom", "static") and isinstance(args["seconds"], (int, float))


def test_cancellation_stops_decoding(client):
    async def cancel_after_first_chunk():
        token = CancellationToken()
        count = 0
        with pytest.raises(asyncio.CancelledError):
            async for item in client.create_stream(
                [UserMessage(content="Count from 1 to 100.", source="user")],
                extra_create_args={"max_tokens": 200},
                cancellation_token=token,
            ):
                count += 1
                if count == 2:
                    token.cancel()
        # The worker notices at the next token; wait for it to record the call.
        for _ in range(100):
            if client.stats and client.stats[-1].cancelled:
                break
            await asyncio.sleep(0.05)

    before = len(client.stats)
    asyncio.run(cancel_after_first_chunk())
    assert len(client.stats) == before + 1
    stats = client.stats[-1]
    assert stats.cancelled and stats.completion_tokens < 20


def test_same_prompt_same_reply(client):
    messages = [UserMessage(content="Give a name for a brave dog.", source="user")]
    a = asyncio.run(client.create(messages, extra_create_args={"temperature": 0.8}))
    b = asyncio.run(client.create(messages, extra_create_args={"temperature": 0.8}))
    assert a.content == b.content


def test_client_serialises_as_an_autogen_component(client):
    model = client.dump_component()
    assert model.provider == "animdirector.agents.llm.EmbeddedLlamaClient"
    assert model.config["n_threads"] == 1 and model.config["model_path"].endswith(".gguf")


def test_count_tokens_matches_what_a_call_sends(client):
    messages = [SystemMessage(content="Be brief."), UserMessage(content="Name one fruit.", source="user")]
    asyncio.run(client.create(messages, extra_create_args={"max_tokens": 4}))
    assert client.stats[-1].prompt_tokens == client.count_tokens(messages)
    assert client.remaining_tokens(messages) == 2048 - client.count_tokens(messages)


def test_agents_taking_turns_keep_their_prefixes(client, small_model_path):
    """Two agents alternate on one client: saved KV states bring each one's prefix back,
    and the replies are exactly those of a client that evaluates everything afresh."""
    from autogen_core.models import AssistantMessage

    writer = SystemMessage(content="You are the screenwriter of a film about a red kite. " + "Answer in one line. " * 30)
    critic = SystemMessage(content="You are the critic of a film about a red kite. " + "Name one fault. " * 30)

    async def dialog(c):
        histories, replies, stats = {"w": [writer], "c": [critic]}, [], []
        for scene in (1, 2):
            for name, history in histories.items():
                history.append(UserMessage(content=f"Scene {scene}: what happens?", source="user"))
                result = await c.create(history, extra_create_args={"max_tokens": 8, "temperature": 0.0})
                history.append(AssistantMessage(content=result.content, source=name))
                replies.append(result.content)
                stats.append(c.stats[-1])
        return replies, stats

    replies, stats = asyncio.run(dialog(client))
    for second_turn in stats[2:]:
        assert second_turn.restored_tokens > 0
        assert second_turn.cached_prompt_tokens >= 0.85 * second_turn.prompt_tokens
    plain = EmbeddedLlamaClient(small_model_path, n_ctx=2048, n_threads=1, temperature=0.0, kv_cache_mb=0)
    plain_replies, plain_stats = asyncio.run(dialog(plain))
    asyncio.run(plain.close())
    assert replies == plain_replies
    assert plain_stats[2].cached_prompt_tokens < 20  # without saved states the prefix is lost
