"""One real production: the 0.5B model, the procedural renderer and the bundled critic, two scenes."""

import json

import av
import pytest

from animdirector.cli import main
from animdirector.config import REPO_ROOT, Config, load_scenario
from animdirector.memory.store import RunStore
from animdirector.production import run_scenario

pytestmark = [pytest.mark.real_model, pytest.mark.slow]

ROLES = {"director", "screenwriter", "art_director", "critic", "cinematographer", "writer"}


@pytest.fixture
def config(small_model_home):
    return Config(threads=1, llm={"embedded": {"model": "qwen2.5-0.5b", "max_tokens": 256}})


def test_two_scene_film_end_to_end(config, capsys):
    scenario = load_scenario(REPO_ROOT / "tests/data/two-scenes.yaml")
    result = run_scenario(config, scenario, REPO_ROOT / "tests/data/two-scenes.yaml")

    # A film with both scenes, subtitles and a report.
    assert result.status == "done", result
    with av.open(str(result.film)) as film:
        stream = film.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (320, 180)
        assert sum(1 for _ in film.decode(video=0)) > 2 * 12  # title card + two 1.5 s scenes at 12 fps
    srt = (result.out_dir / "film.srt").read_text()
    assert "00:00:" in srt
    report = result.report.read_text()
    assert "Max and the Ball" in report

    # The transcript: every role spoke, every scene reached a recorded consensus, tools and scores are there.
    store = RunStore.at_home(config.home())
    events = store.messages(result.run_id)
    assert ROLES <= {e.agent for e in events}
    consensus = [e for e in events if e.type == "Consensus"]
    assert sorted(e.scene for e in consensus) == [1, 2]
    tools = {t.name for t in store.tool_calls(result.run_id)}
    assert {"render_candidates", "critique_images", "animate_clip", "critique_clip", "render_reference_sheet"} <= tools
    assert any(s.metric == "alignment" for s in store.scores(result.run_id))
    # Every scene's characters and props were drawn (the render manifest lists them).
    script = json.loads((result.out_dir / "script.json").read_text())
    for scene, event in zip(script["scenes"], sorted(consensus, key=lambda e: e.scene)):
        drawn = {e["name"] for e in json.loads(open(event.payload["manifest"]).read())["entities"]}
        assert set(scene["characters"]) <= drawn

    # The transcript command shows it.
    assert main(["transcripts", result.run_id, "--scene", "1"]) == 0
    out = capsys.readouterr().out
    assert "art_director" in out and "critic" in out


def test_one_real_edit_remakes_only_its_scene(config):
    from animdirector.production import chat_turn

    scenario = load_scenario(REPO_ROOT / "tests/data/two-scenes.yaml")
    first = run_scenario(config, scenario, REPO_ROOT / "tests/data/two-scenes.yaml")
    turn = chat_turn(config, first.run_id, "scene 2 should happen at night", yes=True)
    assert turn.result is not None, turn.reply
    assert turn.result.scenes_made == [2] and turn.result.scenes_reused == [1] and turn.result.sheets_made == []
    script = json.loads((turn.result.out_dir / "script.json").read_text())
    assert script["scenes"][1]["time_of_day"] == "night"
