"""The embedded client's model-free pieces: message conversion, tool-call parsing, schemas, streaming filter."""

import json

from autogen_core import FunctionCall
from autogen_core.models import AssistantMessage, FunctionExecutionResult, FunctionExecutionResultMessage, SystemMessage, UserMessage
from llama_cpp.llama_grammar import json_schema_to_gbnf
from pydantic import BaseModel, Field

from animdirector.agents.llm.llama_client import (
    EmbeddedLlamaClient,
    _any_of,
    _call_schema,
    _calls_from_json_object,
    _ChunkFilter,
    _strip_code_fence,
    _tool_params,
)


def weather(city: str) -> str:
    """Weather in a city."""
    return "sunny"


class Shot(BaseModel):
    camera: str = Field(max_length=20)
    seconds: float


class Scene(BaseModel):
    shots: list[Shot] = Field(min_length=1, max_length=3)


def test_history_with_tool_calls_becomes_template_messages():
    chat = EmbeddedLlamaClient._convert_messages(
        [
            SystemMessage(content="sys"),
            UserMessage(content="weather in Oslo?", source="user"),
            AssistantMessage(content=[FunctionCall(id="c1", name="weather", arguments='{"city": "Oslo"}')], source="a"),
            FunctionExecutionResultMessage(content=[FunctionExecutionResult(content="rain", name="weather", call_id="c1")]),
        ]
    )
    assert [m["role"] for m in chat] == ["system", "user", "assistant", "tool"]
    # The Qwen template writes arguments with `tojson`: they must be an object, not a JSON string.
    assert chat[2]["tool_calls"][0]["function"]["arguments"] == {"city": "Oslo"}
    assert chat[3]["content"] == "rain"


def test_forced_call_schema_accepts_only_known_tools():
    from autogen_core.tools import FunctionTool

    params = _tool_params([FunctionTool(weather, description="Weather in a city.")])
    schema = _any_of([_call_schema(p) for p in params])
    assert schema["properties"]["name"] == {"const": "weather"}
    assert "weather" in json_schema_to_gbnf(json.dumps(schema))
    calls = _calls_from_json_object('{"name": "weather", "arguments": {"city": "Oslo"}}', ["weather"], 3)
    assert calls == [FunctionCall(id="call_3_0", name="weather", arguments='{"city": "Oslo"}')]
    assert _calls_from_json_object('{"name": "other", "arguments": {}}', ["weather"], 3) == []
    assert _calls_from_json_object('{"camera": "wide", "seconds": 2}', ["weather"], 3) == []


def test_any_of_hoists_defs_so_refs_resolve():
    from autogen_core.tools import FunctionTool

    params = _tool_params([FunctionTool(weather, description="Weather in a city.")])
    schema = _any_of([Scene.model_json_schema(), _call_schema(params[0])])
    assert "Shot" in schema["$defs"] and len(schema["anyOf"]) == 2
    json_schema_to_gbnf(json.dumps(schema))  # converts without unresolved refs


def test_code_fenced_call_is_recognised():
    assert _strip_code_fence('```json\n{"a": 1}\n```') == '{"a": 1}'
    assert _strip_code_fence('{"a": 1}') == '{"a": 1}'


def test_chunk_filter_holds_back_tool_call_text():
    out: list[str] = []
    f = _ChunkFilter(out.append, "auto")
    for piece in ["<tool", "_call>", '{"name"', "}"]:
        f(piece)
    f.flush()
    assert out == []
    out.clear()
    f = _ChunkFilter(out.append, "auto")
    for piece in ["<", "b>Hello", " there"]:
        f(piece)
    f.flush()
    assert "".join(out) == "<b>Hello there"
    out.clear()
    f = _ChunkFilter(out.append, "auto")
    for piece in ["```", "json", "\n", "{\n", ' "', "name", '":', ' "weather"}', "\n```"]:
        f(piece)
    f.flush()
    assert out == []  # a fenced JSON call
    f = _ChunkFilter(out.append, "auto")
    for piece in ["```", "python", "\nprint(1)"]:
        f(piece)
    assert "".join(out) == "```python\nprint(1)"  # code is not a call: released once that is clear
    out.clear()
    f = _ChunkFilter(out.append, "none")
    f("Hi")
    assert out == ["Hi"]
    out.clear()
    f = _ChunkFilter(out.append, "forced")
    f('{"name": "weather"}')
    f.flush()
    assert out == []
