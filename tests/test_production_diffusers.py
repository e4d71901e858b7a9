"""A production on the diffusers backends: tiny seeded pipelines saved to folders, loaded
through the same config a GPU user writes, scenes made by the team with replayed answers."""

from pathlib import Path

import av
import pytest
import torch
from helpers.schema_replay import SchemaReplay
from helpers.tiny_diffusers import build_tiny_sd, build_tiny_svd
from test_production_replay import SCENARIO, answers

from animdirector.config import Config, load_scenario
from animdirector.memory.store import RunStore
from animdirector.production import run_scenario


@pytest.fixture(scope="module")
def pipelines(tmp_path_factory):
    torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("pipelines")
    return build_tiny_sd(root / "sd"), build_tiny_svd(root / "svd")


def test_scenes_made_by_diffusers_images_and_video(pipelines):
    sd, svd = pipelines
    config = Config(
        threads=1,
        images={"backend": "diffusers", "diffusers": {"model": str(sd), "steps": 2, "size": [32, 32]}},
        video={"backend": "diffusers", "diffusers": {"model": str(svd), "steps": 2, "num_frames": 3,
                                                    "decode_chunk_size": 3, "size": [32, 32]}},
    )
    result = run_scenario(config, load_scenario(SCENARIO), SCENARIO, client=SchemaReplay(answers()))
    assert result.status == "done"
    store = RunStore.at_home(config.home())
    calls = store.tool_calls(result.run_id)
    renders = [c for c in calls if c.name == "render_candidates"]
    assert renders and all(c.arguments["backend"] == "diffusers" for c in renders)
    for scene in store.scenes(result.run_id):
        # the clip lasts as long as the scene's speech needs (the scenario's 1.5 s at least)
        said = next(m for m in store.messages(result.run_id, scene=scene.index) if m.type == "SubtitleLine")
        seconds = max(1.5, said.payload["seconds"])
        assert said.payload["seconds"] > 1.5 and Path(said.payload["speech"]).exists()
        with av.open(scene.result["clip"]) as clip:
            stream = clip.streams.video[0]
            assert (stream.codec_context.width, stream.codec_context.height) == (320, 180)  # fitted to the scenario
            assert sum(1 for _ in clip.decode(video=0)) == round(seconds * 12)
    with av.open(str(result.film)) as film:
        assert sum(1 for _ in film.decode(video=0)) > 24
