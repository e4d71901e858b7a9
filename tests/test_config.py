from pathlib import Path

import pytest
import yaml

from animdirector.config import (
    REPO_ROOT,
    Config,
    ConfigError,
    Scenario,
    load_config,
    load_scenario,
    load_yaml_model,
)
from animdirector.cli import main


def test_repo_config_equals_builtin_defaults():
    # A wheel install outside the repo uses the defaults: they must equal config.yaml.
    assert load_config(REPO_ROOT / "config.yaml") == Config()


def test_every_shipped_scenario_loads():
    files = sorted((REPO_ROOT / "scenarios").glob("*.yaml"))
    assert files, "no scenarios shipped"
    for path in files:
        assert isinstance(load_scenario(path), Scenario)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    return path


def test_unknown_key_names_file_line_key_and_allowed(tmp_path):
    path = write(tmp_path, "threads: 1\nllm:\n  backend: embedded\n  bakend: openai\n")
    with pytest.raises(ConfigError) as err:
        load_yaml_model(path, Config)
    msg = str(err.value)
    assert str(path) in msg and ":4:" in msg and "llm.bakend" in msg
    assert "backend" in msg and "embedded" in msg  # what is allowed here


def test_bad_value_lists_allowed_values(tmp_path):
    path = write(tmp_path, "llm:\n  backend: ollama\n")
    with pytest.raises(ConfigError) as err:
        load_yaml_model(path, Config)
    msg = str(err.value)
    assert ":2:" in msg and "llm.backend" in msg and "'embedded'" in msg and "'openai'" in msg


def test_yaml_syntax_error_gives_line(tmp_path):
    path = write(tmp_path, "threads: 1\nllm: [unclosed\n")
    with pytest.raises(ConfigError) as err:
        load_yaml_model(path, Config)
    assert "not valid YAML" in str(err.value) and str(path) in str(err.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "nope.yaml")


def test_home_env_moves_state_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ANIMDIRECTOR_HOME", str(tmp_path / "state"))
    assert Config().home() == tmp_path / "state"
    assert Config().model_cache().is_dir()


def test_config_found_in_working_folder(tmp_path, monkeypatch):
    (tmp_path / "config.yaml").write_text("threads: 1\n")
    monkeypatch.chdir(tmp_path)
    assert load_config().threads == 1


@pytest.mark.parametrize(
    "narrative, fragment",
    [("   ", "empty"), ("word " * 2500, "limit is 2000")],
)
def test_scenario_narrative_limits(narrative, fragment):
    with pytest.raises(Exception, match=fragment):
        Scenario(title="t", narrative=narrative)


@pytest.mark.parametrize("size", [(767, 432), (0, 0), (800, 600)])
def test_scenario_size_must_encode(size):
    with pytest.raises(Exception, match="size"):
        Scenario(title="t", narrative="A cat.", size=size)


def test_scenario_team_overrides_config():
    s = Scenario(title="t", narrative="A cat.", team={"max_rounds": 5})
    team = s.team_config(Config().team)
    assert team.max_rounds == 5 and team.candidates == Config().team.candidates


def test_cli_bad_config_prints_one_clear_line(tmp_path, capsys):
    path = write(tmp_path, "threads: many\n")
    assert main(["--config", str(path), "models"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "threads" in err[0] and str(path) in err[0]


@pytest.mark.parametrize("text,title,narrative", [
    ("The Red Ball\nTom found a red ball. He kicked it.\n", "The Red Ball", "Tom found a red ball. He kicked it."),
    ("Tom found a red ball.\nHe kicked it.\n", "My story", "Tom found a red ball.\nHe kicked it."),  # no title line
    ("# Snow Day\n\nIt snowed all night.", "Snow Day", "It snowed all night."),
])
def test_a_plain_text_story_is_a_scenario_with_the_defaults(tmp_path, text, title, narrative):
    from animdirector.config import Scenario, load_scenario

    path = tmp_path / "my-story.txt"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    assert (scenario.title, scenario.narrative) == (title, narrative)
    assert scenario.scenes == Scenario.model_fields["scenes"].default


def test_a_story_from_standard_input_and_an_empty_one(tmp_path, monkeypatch):
    import io

    from animdirector.config import ConfigError, load_scenario

    monkeypatch.setattr("sys.stdin", io.StringIO("Mia flew her kite."))
    assert (load_scenario("-").title, load_scenario.__module__) == ("A story", "animdirector.config")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="empty.txt"):
        load_scenario(tmp_path / "empty.txt")
