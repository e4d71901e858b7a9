"""The real-model backends (diffusers images and video), on tiny seeded pipelines saved to folders.

The pipelines are built once per session (tests/helpers/tiny_diffusers.py, the way diffusers'
own fast tests build theirs) and loaded back through `make_image_backend` / `make_video_backend`
from a Config, exactly as a user's config.yaml would load a real model. What they draw is noise;
what is tested is everything around the model: loading offline, seeds, K candidates, the layout
as the starting picture, IP-Adapter from reference sheets, clips that decode, and the errors.
"""

from __future__ import annotations

import av
import numpy as np
import pytest
import torch
from helpers.tiny_diffusers import (
    build_tiny_ip_adapter, build_tiny_sd, build_tiny_svd, build_tiny_wan_flf, tiny_wan_flf_pipeline,
)
from PIL import Image

from animdirector.config import Config
from animdirector.tools.diffusers_loading import BackendError, has_accelerate, prepare
from animdirector.tools.image import candidate_seed, make_image_backend
from animdirector.tools.render import (
    CharacterDesign, Layout, Placement, Prop, Setting, Shot, render_reference_sheet, render_scene,
)
from animdirector.tools.video import DiffusersVideo, encode_frames, make_video_backend, stretch_frames

SIZE = (32, 32)


@pytest.fixture(scope="session", autouse=True)
def _one_thread():
    torch.set_num_threads(1)


@pytest.fixture(scope="session")
def tiny(tmp_path_factory):
    """Folders of the tiny pipelines: sd (text/image-to-image), ip (IP-Adapter for sd), svd (image-to-video)."""
    root = tmp_path_factory.mktemp("tiny-diffusers")
    sd = build_tiny_sd(root / "sd")
    return {"sd": sd, "ip": build_tiny_ip_adapter(root / "ip", sd), "svd": build_tiny_svd(root / "svd")}


def image_config(**diffusers) -> Config:
    return Config(threads=1, images={"backend": "diffusers", "diffusers": {"steps": 2, **diffusers}})


def video_config(**diffusers) -> Config:
    return Config(threads=1, video={"backend": "diffusers", "diffusers": {
        "steps": 2, "num_frames": 3, "decode_chunk_size": 3, **diffusers}})


MIA = CharacterDesign(name="Mia", kind="girl", top_colour="yellow", hair_colour="black")
LAYOUT = Layout(setting=Setting(place="park", time_of_day="morning"), placements=[
    Placement(character="Mia", x=0.3), Placement(prop=Prop(noun="ball", colour="red"), x=0.7),
])


def candidates(backend, out_dir, *, seed=3, k=2, references=None, layout=LAYOUT, size=SIZE):
    return backend.candidates(
        layout, characters={"Mia": MIA}, references=references or {}, prompt="Mia kicks the red ball.",
        style="storybook", size=size, seed=seed, k=k, out_dir=out_dir,
    )


def pixels(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"), dtype=np.int16)


# --- images --------------------------------------------------------------------------------------


def test_text2image_makes_k_seeded_candidates_from_a_saved_folder(tiny, tmp_path):
    backend = make_image_backend(image_config(model=str(tiny["sd"]), mode="text2image").images)
    assert backend.name == "diffusers"
    found = candidates(backend, tmp_path / "a", k=3)
    assert [c.index for c in found] == [0, 1, 2]
    assert [c.seed for c in found] == [candidate_seed(3, i) for i in range(3)]
    for c in found:
        assert Image.open(c.image_path).size == SIZE
        assert c.manifest.entity("Mia") is not None  # the critic's boxes come from the layout
        assert any("text2image" in note for note in c.manifest.notes)
    # each candidate its own seed, so the critic has a real choice
    assert np.abs(pixels(found[0].image_path) - pixels(found[1].image_path)).max() > 0
    # the same seed gives the same picture from a fresh load
    again = candidates(make_image_backend(image_config(model=str(tiny["sd"]), mode="text2image").images),
                       tmp_path / "b", k=1)
    assert np.array_equal(pixels(again[0].image_path), pixels(found[0].image_path))


def test_finished_candidates_are_found_not_redone(tiny, tmp_path):
    backend = make_image_backend(image_config(model=str(tiny["sd"]), mode="text2image").images)
    first = candidates(backend, tmp_path, k=2)
    stamps = [c.image_path.stat().st_mtime_ns for c in first]
    backend._pipe = None  # a second call must not even need the pipeline
    backend.pipeline = lambda: pytest.fail("the pipeline was loaded for finished candidates")
    second = candidates(backend, tmp_path, k=2)
    assert [c.image_path.stat().st_mtime_ns for c in second] == stamps
    assert [c.manifest for c in second] == [c.manifest for c in first]


def test_layout2image_starts_from_the_procedural_render_and_keeps_its_manifest(tiny, tmp_path):
    backend = make_image_backend(image_config(model=str(tiny["sd"]), mode="layout2image", strength=0.5).images)
    found = candidates(backend, tmp_path, k=2)
    assert len(found) == 2
    for c in found:
        layout_render = render_scene(LAYOUT, None, characters={"Mia": MIA}, style="storybook", size=SIZE, seed=c.seed)
        assert c.manifest.entities == layout_render.manifest.entities  # the layout says where things are
        assert (tmp_path / f"layout-{c.index + 1}.png").exists()
        assert Image.open(c.image_path).size == SIZE
        # repainted, not copied
        assert np.abs(pixels(c.image_path) - np.asarray(layout_render.image.convert("RGB"), dtype=np.int16)).max() > 0


def test_ip_adapter_conditions_on_the_reference_sheet(tiny, tmp_path):
    sheet = tmp_path / "mia-sheet.png"
    render_reference_sheet(MIA, size=(96, 64)).image.save(sheet)
    other = tmp_path / "other-sheet.png"
    render_reference_sheet(MIA.model_copy(update={"top_colour": "green", "kind": "boy"}), size=(96, 64)).image.save(other)
    cfg = image_config(model=str(tiny["sd"]), mode="layout2image", ip_adapter=str(tiny["ip"]),
                       ip_adapter_weight="ip-adapter_tiny.safetensors", ip_adapter_scale=1.0)
    backend = make_image_backend(cfg.images)
    with_mia = candidates(backend, tmp_path / "mia", k=1, references={"Mia": sheet})
    with_other = candidates(backend, tmp_path / "other", k=1, references={"Mia": other})
    assert type(backend.pipeline()).__name__ == "StableDiffusionImg2ImgPipeline"
    # same seed, different reference sheet: the sheet reached the model
    assert np.abs(pixels(with_mia[0].image_path) - pixels(with_other[0].image_path)).max() > 0
    # a scene whose characters have no sheet still renders (the adapter is off for it)
    empty = Layout(setting=Setting(place="park"), placements=[])
    assert len(candidates(backend, tmp_path / "none", k=1, layout=empty)) == 1


def test_a_size_the_model_cannot_take_is_refused_by_name(tiny, tmp_path):
    backend = make_image_backend(image_config(model=str(tiny["sd"]), mode="text2image").images)
    with pytest.raises(BackendError, match=r"multiples of 8; the scenario.s size 36x36 is not .*images\.diffusers\.size"):
        candidates(backend, tmp_path, k=1, size=(36, 36))


def test_the_model_can_draw_at_its_own_size_and_the_result_fits_the_scene(tiny, tmp_path):
    backend = make_image_backend(image_config(model=str(tiny["sd"]), mode="layout2image", size=[32, 32]).images)
    found = candidates(backend, tmp_path, k=1, size=(36, 36))
    assert Image.open(found[0].image_path).size == (36, 36)
    assert found[0].manifest.size == (36, 36)  # boxes stay in scene pixels
    bad = make_image_backend(image_config(model=str(tiny["sd"]), size=[30, 32]).images)
    with pytest.raises(BackendError, match=r"images\.diffusers\.size 30x32 is not"):
        candidates(bad, tmp_path / "bad", k=1)


def test_running_out_of_gpu_memory_says_what_to_turn_on(tiny, tmp_path):
    backend = make_image_backend(image_config(model=str(tiny["sd"]), mode="text2image").images)
    real = backend.pipeline()

    class OutOfMemory(type(real)):
        def __call__(self, **kwargs):
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    backend._pipe = OutOfMemory(**real.components)
    with pytest.raises(BackendError, match=r"ran out of memory.*cpu_offload: true.*attention_slicing"):
        candidates(backend, tmp_path, k=1)


@pytest.mark.parametrize("model, message", [
    (None, r"images\.diffusers\.model is not set"),
    ("/no/such/folder", r"no such folder: /no/such/folder"),
    ("./also/not/here", r"no such folder"),
])
def test_bad_image_model_settings_fail_before_anything_loads(model, message):
    with pytest.raises(BackendError, match=message):
        make_image_backend(image_config(model=model).images)


def test_a_folder_that_is_not_a_pipeline_is_named(tmp_path):
    with pytest.raises(BackendError, match="no model_index.json"):
        make_image_backend(image_config(model=str(tmp_path)).images)


def test_an_image_backend_pointed_at_a_video_pipeline_is_refused(tiny):
    with pytest.raises(BackendError, match="StableVideoDiffusionPipeline, which is not a text-to-image"):
        make_image_backend(image_config(model=str(tiny["svd"])).images)


def test_a_hub_id_without_network_says_how_to_get_it(tmp_path):
    with pytest.raises(BackendError, match=r"not in the Hugging Face cache, and downloads are off.*allow_download"):
        make_image_backend(image_config(model="nobody-here/tiny-sd-not-cached").images)
    with pytest.raises(BackendError, match=r"video\.diffusers\.model: 'nobody-here/svd'.*hf download"):
        make_video_backend(video_config(model="nobody-here/svd").video)
    # allowed to download, but there is no network: the load fails with the reason
    backend = make_image_backend(image_config(model="nobody-here/tiny-sd-not-cached", allow_download=True).images)
    with pytest.raises(BackendError, match=r"could not download 'nobody-here/tiny-sd-not-cached'"):
        candidates(backend, tmp_path, k=1)


def test_a_hub_id_in_the_local_cache_loads_offline(tiny, tmp_path, monkeypatch):
    """A model downloaded once (into the Hugging Face cache) is found by its id with downloads off."""
    import shutil

    cache = tmp_path / "hf-cache"
    snapshot = cache / "models--someone--tiny-sd" / "snapshots" / ("0" * 40)
    shutil.copytree(tiny["sd"], snapshot)
    (cache / "models--someone--tiny-sd" / "refs").mkdir()
    (cache / "models--someone--tiny-sd" / "refs" / "main").write_text("0" * 40)
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_CACHE", str(cache))
    backend = make_image_backend(image_config(model="someone/tiny-sd", mode="text2image").images)
    assert len(candidates(backend, tmp_path / "out", k=1)) == 1


def test_ip_adapter_needs_its_weight_name(tiny):
    with pytest.raises(BackendError, match="ip_adapter_weight is not"):
        make_image_backend(image_config(model=str(tiny["sd"]), ip_adapter=str(tiny["ip"])).images)


def test_a_gpu_device_without_a_gpu_is_refused():
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    with pytest.raises(BackendError, match="no CUDA GPU"):
        make_image_backend(image_config(model="someone/model", device="cuda").images)


# --- video ---------------------------------------------------------------------------------------


def decode(path):
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        codec, pix_fmt = stream.codec_context.name, stream.codec_context.pix_fmt
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    return codec, pix_fmt, frames


def test_image_to_video_makes_a_decodable_clip_of_the_shots_length(tiny, tmp_path):
    backend = make_video_backend(video_config(model=str(tiny["svd"])).video)
    assert isinstance(backend, DiffusersVideo) and not backend.takes_last_frame
    first = tmp_path / "kept.png"
    render_scene(LAYOUT, None, characters={"Mia": MIA}, size=SIZE, seed=1).image.save(first)
    shot = Shot(duration_s=1.0, fps=6)
    clip = backend.clip(LAYOUT, shot, [], characters={"Mia": MIA}, out_path=tmp_path / "clip.mp4",
                        style="storybook", size=SIZE, seed=11, first_frame=first, last_frame=first)
    codec, pix_fmt, frames = decode(clip.path)
    assert (codec, pix_fmt) == ("h264", "yuv420p")
    assert len(frames) == clip.frame_count == 6 and clip.fps == 6
    assert frames[0].shape == (32, 32, 3)
    assert Image.open(clip.poster_path).size == SIZE
    # seeded: the same inputs give the same clip
    again = backend.clip(LAYOUT, shot, [], characters={"Mia": MIA}, out_path=tmp_path / "again.mp4",
                         style="storybook", size=SIZE, seed=11, first_frame=first)
    assert all(np.array_equal(a, b) for a, b in zip(frames, decode(again.path)[2]))


def test_image_to_video_without_a_kept_image_animates_the_layout_render(tiny, tmp_path):
    backend = make_video_backend(video_config(model=str(tiny["svd"])).video)
    clip = backend.clip(LAYOUT, Shot(duration_s=0.5, fps=4), [], characters={"Mia": MIA},
                        out_path=tmp_path / "c.mp4", style="storybook", size=SIZE, seed=2)
    assert len(decode(clip.path)[2]) == 2


@pytest.mark.parametrize("pipeline, message", [
    ("NoSuchPipeline", r"'NoSuchPipeline' is not a diffusers pipeline class; image-to-video ones include"),
    ("StableDiffusionPipeline", r"StableDiffusionPipeline does not turn an image into video"),
    ("I2VGenXLPipeline", r"holds a StableVideoDiffusionPipeline"),
])
def test_unknown_or_wrong_video_pipeline_classes_are_named(tiny, pipeline, message):
    with pytest.raises(BackendError, match=message):
        make_video_backend(video_config(model=str(tiny["svd"]), pipeline=pipeline).video)


def test_video_size_and_missing_folder_errors(tiny, tmp_path):
    with pytest.raises(BackendError, match="no such folder"):
        make_video_backend(video_config(model=str(tmp_path / "gone")).video)
    backend = make_video_backend(video_config(model=str(tiny["svd"])).video)
    with pytest.raises(BackendError, match=r"video\.diffusers: .*multiples of 8.*44x36"):
        backend.clip(LAYOUT, Shot(duration_s=0.5, fps=4), [], characters={"Mia": MIA},
                     out_path=tmp_path / "c.mp4", style="storybook", size=(44, 36), seed=2)


def test_video_at_the_models_own_size_is_resized_to_the_scene(tiny, tmp_path):
    backend = make_video_backend(video_config(model=str(tiny["svd"]), size=[32, 32]).video)
    clip = backend.clip(LAYOUT, Shot(duration_s=0.5, fps=4), [], characters={"Mia": MIA},
                        out_path=tmp_path / "c.mp4", style="storybook", size=(48, 36), seed=2)
    frames = decode(clip.path)[2]
    assert len(frames) == 2 and frames[0].shape == (36, 48, 3)


def test_a_first_last_frame_pipeline_gets_both_keyframes(tmp_path):
    folder = build_tiny_wan_flf(tmp_path / "wan-flf")
    backend = make_video_backend(video_config(model=str(folder), pipeline="WanImageToVideoPipeline",
                                              num_frames=5, size=[32, 32]).video)
    assert backend.takes_last_frame
    if has_accelerate():
        backend.pipeline()
    else:
        # Wan keeps layers in float32, which diffusers loads only through accelerate: the user is told so,
        # and the test goes on with the same pipeline built in memory.
        with pytest.raises(BackendError, match="needs the accelerate package to load its models"):
            backend.pipeline()
        backend._pipe = prepare(tiny_wan_flf_pipeline(), device="cpu")
    first, red, blue = (tmp_path / f"{n}.png" for n in ("first", "red", "blue"))
    render_scene(LAYOUT, None, characters={"Mia": MIA}, size=SIZE, seed=1).image.save(first)
    Image.new("RGB", SIZE, (220, 30, 30)).save(red)
    Image.new("RGB", SIZE, (30, 30, 220)).save(blue)
    shot = Shot(duration_s=0.5, fps=6)

    def make(name, last):
        clip = backend.clip(LAYOUT, shot, [], characters={"Mia": MIA}, out_path=tmp_path / f"{name}.mp4",
                            style="storybook", size=(48, 36), seed=4, first_frame=first, last_frame=last)
        return decode(clip.path)[2]

    to_red, to_blue, looped = make("to-red", red), make("to-blue", blue), make("loop", None)
    assert len(to_red) == 3 and to_red[0].shape == (36, 48, 3)
    # the last keyframe reached the model: same seed and first frame, another ending, another clip
    assert max(np.abs(a.astype(int) - b.astype(int)).max() for a, b in zip(to_red, to_blue)) > 0
    assert len(looped) == 3  # no last keyframe: a first-last-frame model loops back to the first


def test_the_procedural_video_backend_is_the_default_and_ignores_keyframes(tmp_path):
    backend = make_video_backend(Config().video)
    assert backend.name == "procedural"
    clip = backend.clip(LAYOUT, Shot(duration_s=0.5, fps=4), [], characters={"Mia": MIA}, out_path=tmp_path / "p.mp4",
                        style="storybook", size=(48, 32), seed=1, first_frame=tmp_path / "unused.png")
    assert len(decode(clip.path)[2]) == clip.frame_count == 2 and clip.poster_path.exists()


def test_encode_frames_and_stretch_frames(tmp_path):
    frames = [np.full((16, 24, 3), v, dtype=np.uint8) for v in (0, 120, 240)]
    timeline = stretch_frames(frames, 7)
    assert [int(f[0, 0, 0]) for f in timeline] == [0, 0, 0, 120, 120, 240, 240]
    assert encode_frames(timeline, tmp_path / "x.mp4", fps=7) == 7
    codec, pix_fmt, decoded = decode(tmp_path / "x.mp4")
    assert (codec, pix_fmt, len(decoded)) == ("h264", "yuv420p", 7)
    assert not list(tmp_path.glob(".*tmp*"))  # written atomically, nothing left behind
