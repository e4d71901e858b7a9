"""`animdirector runs` in a terminal: its tables fit the width $COLUMNS gives (80 is the usual one)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from animdirector import cli
from animdirector.commands.runs import format_when
from animdirector.config import load_config
from animdirector.memory import RunStore


@pytest.fixture
def run_ids():
    """Runs as a user has them: a finished one with a revision, one that was cut short, one from a story file."""
    with RunStore.at_home(load_config().home()) as store:
        kite = store.create_run("Mia and the Lost Kite", scenario_path="scenarios/lost-kite.yaml")
        store.add_version(kite.id, "give Rex a blue collar and make the kite green",
                          changes={"edits": ["Rex now looks: blue collar, brown fur", "the kite is green"]})
        store.set_run_status(kite.id, "done")
        snow = store.create_run("The Snow Day", scenario_path="scenarios/snow-day.yaml")
        store.set_run_status(snow.id, "partial")
        story = store.create_run("Max and the Ball", scenario_path="my-story.txt")
        store.set_run_status(story.id, "failed")
        return [kite.id, snow.id, story.id]


def lines_of(capsys) -> list[str]:
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("columns", [80, 100])
def test_the_runs_table_fits_the_width_and_keeps_each_id_on_one_line(run_ids, monkeypatch, capsys, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    assert cli.main(["runs"]) == 0
    lines = lines_of(capsys)
    assert max(len(line) for line in lines) <= columns, "\n".join(lines)
    text = "\n".join(lines)
    for run_id in run_ids:  # whole, so it can be copied into the next command
        assert run_id in text
    for shown in ["Mia and the Lost Kite", "(lost-kite.yaml)", "partial", "failed", "versions", "tokens"]:
        assert shown in text


def test_one_runs_versions_fit_80_columns(run_ids, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    assert cli.main(["runs", run_ids[0]]) == 0
    lines = lines_of(capsys)
    assert max(len(line) for line in lines) <= 80, "\n".join(lines)
    assert "give Rex a blue collar" in "\n".join(lines)


def test_without_columns_captured_output_keeps_a_run_on_one_line(run_ids, monkeypatch, capsys):
    monkeypatch.delenv("COLUMNS", raising=False)
    assert cli.main(["runs"]) == 0
    assert any(run_ids[0] in line and "done" in line for line in lines_of(capsys))


def test_dates_are_shown_as_ls_shows_them():
    now = datetime(2026, 12, 7, 17, 0, tzinfo=timezone.utc)
    assert len(format_when(datetime(2026, 3, 1, 9, 5, tzinfo=timezone.utc), now)) == 12
    assert format_when(datetime(2025, 3, 1, 9, 5, tzinfo=timezone.utc), now).endswith("2025")
