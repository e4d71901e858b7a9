"""Loading paths of the critic: bundled weights, any open_clip architecture from a local file, bad files."""

import json

import open_clip
import pytest
import torch
from PIL import Image
from safetensors.torch import save_file

from animdirector.config import CriticConfig, OpenClipCritic
from animdirector.tools.critic import BUNDLED_ARCH, Critic, CriticWeightsError, get_critic, load_bundled, load_open_clip
from animdirector.tools.critic.arch import BUNDLED_META, BUNDLED_WEIGHTS
from animdirector.tools.critic.loading import write_random_bundled

torch.set_num_threads(1)


def _picture() -> Image.Image:
    return Image.new("RGB", (160, 90), (200, 60, 50))


@pytest.mark.skipif(not BUNDLED_WEIGHTS.exists(), reason="bundled critic not trained yet")
def test_bundled_critic_loads_by_default_config():
    critic = get_critic(CriticConfig(), threads=1)
    assert critic.name == BUNDLED_ARCH
    assert critic is get_critic(CriticConfig(), threads=1)  # loaded once, shared
    assert critic.thresholds.presence is not None  # calibrated
    assert BUNDLED_WEIGHTS.stat().st_size <= 20 * 1024 * 1024
    assert "vocab" in json.loads(BUNDLED_META.read_text())
    report = critic.alignment(_picture(), ["a red ball"])
    assert len(report.phrases) == 1


def test_standard_open_clip_architecture_from_a_local_checkpoint(tmp_path):
    """A randomly initialised ViT-S-32 (the smallest standard ViT) saved to a file, loaded by config."""
    torch.manual_seed(0)
    model = open_clip.create_model("ViT-S-32")
    path = tmp_path / "vit-s-32.safetensors"
    save_file({k: v.half().contiguous() for k, v in model.state_dict().items()}, str(path))
    config = CriticConfig(backend="open_clip", open_clip=OpenClipCritic(architecture="ViT-S-32", checkpoint=str(path)))
    critic = get_critic(config, threads=1)
    assert critic.name == "ViT-S-32"
    assert critic.loaded.image_size == (224, 224)
    assert critic.thresholds.presence is None  # uncalibrated: the absent negative is an empty-scene caption
    report = critic.alignment(_picture(), ["a red ball", "a cat"])
    assert len(report.phrases) == 2
    absent = [n for n in report.phrases[0].negatives if n.kind == "absent"]
    assert absent and -1 <= absent[0].score <= 1
    # The same weights through torch.save: an ordinary .pt checkpoint works too.
    pt = tmp_path / "vit-s-32.pt"
    torch.save({"state_dict": model.state_dict()}, pt)
    loaded = load_open_clip("ViT-S-32", pt)
    assert loaded.name == "ViT-S-32"


def test_architecture_from_a_model_config_file(tmp_path):
    cfg = {
        "embed_dim": 64,
        "vision_cfg": {"image_size": 64, "layers": 2, "width": 64, "patch_size": 16, "head_width": 32},
        "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 64, "heads": 2, "layers": 2},
    }
    cfg_path = tmp_path / "TinyViT-test.json"
    cfg_path.write_text(json.dumps(cfg))
    open_clip.add_model_config(cfg_path)
    model = open_clip.create_model("TinyViT-test")
    ckpt = tmp_path / "tiny.safetensors"
    save_file(model.state_dict(), str(ckpt))
    critic = Critic(load_open_clip(str(cfg_path), ckpt))
    assert critic.name == "TinyViT-test"
    assert critic.rank([_picture(), _picture()], ["a red ball"]).best_index in (0, 1)


def test_bundled_architecture_through_the_open_clip_backend(tmp_path):
    path = write_random_bundled(tmp_path / "mine.safetensors")
    config = CriticConfig(backend="open_clip", open_clip=OpenClipCritic(architecture=BUNDLED_ARCH, checkpoint=str(path)))
    critic = get_critic(config)
    assert critic.name == BUNDLED_ARCH


def test_missing_checkpoint_is_named(tmp_path):
    missing = tmp_path / "nowhere.safetensors"
    with pytest.raises(CriticWeightsError, match="nowhere.safetensors"):
        load_open_clip("ViT-S-32", missing)
    with pytest.raises(CriticWeightsError, match="not found"):
        load_bundled(missing, tmp_path / "nowhere.json")


def test_checkpoint_not_set_says_no_download():
    with pytest.raises(CriticWeightsError, match="checkpoint is not set"):
        load_open_clip("ViT-S-32", None)


def test_corrupt_checkpoints_are_named(tmp_path):
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"\x00\x01 not a tensor file" * 10)
    meta = tmp_path / "junk.json"
    meta.write_text(json.dumps({"vocab": ["red", "ball"]}))
    with pytest.raises(CriticWeightsError, match="junk.safetensors"):
        load_bundled(junk, meta)
    junk_pt = tmp_path / "junk.pt"
    junk_pt.write_bytes(b"garbage" * 100)
    with pytest.raises(CriticWeightsError, match="junk.pt"):
        load_open_clip("ViT-S-32", junk_pt)
    # Right format, wrong architecture.
    wrong = tmp_path / "wrong.safetensors"
    save_file({"foo": torch.zeros(3)}, str(wrong))
    with pytest.raises(CriticWeightsError, match="wrong.safetensors"):
        load_bundled(wrong, meta)
    bad_meta = tmp_path / "bad.json"
    bad_meta.write_text("{not json")
    good = write_random_bundled(tmp_path / "good.safetensors")
    with pytest.raises(CriticWeightsError, match="bad.json"):
        load_bundled(good, bad_meta)


def test_unknown_architecture_lists_what_is_allowed(tmp_path):
    ckpt = tmp_path / "x.safetensors"
    save_file({"a": torch.zeros(1)}, str(ckpt))
    with pytest.raises(CriticWeightsError, match="ViT-Q-99.*list_models"):
        load_open_clip("ViT-Q-99", ckpt)


def test_the_critic_loads_without_the_app_config(tmp_path):
    """The critic is a library of its own: its settings live beside it, not in the app's config."""
    import subprocess
    import sys

    code = ("import sys; from animdirector.tools.critic import get_critic; "
            "from animdirector.tools.critic.settings import CriticConfig; "
            "print('animdirector.config' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
