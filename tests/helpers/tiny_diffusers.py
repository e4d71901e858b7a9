"""Tiny seeded diffusers pipelines, saved to folders, for tests of the real-model backends.

Built the way diffusers' own fast tests build theirs (`get_dummy_components`): a few
thousand random weights per model, seeded, so a whole pipeline runs on a CPU in well under
a second. They are saved with `save_pretrained` and loaded back through the very code a
user's config goes through, which is the point: nothing here is a mock.

No hub is reachable, so the CLIP tokenizer is built from scratch too: a byte-level vocabulary
(every byte alone and as a word end) with a handful of merges, written as vocab.json +
merges.txt, which is all `CLIPTokenizer.from_pretrained` needs.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import torch

TINY_SIZE = 32  # pixels: the tiny UNets are built for 32x32 images


def _bytes_to_unicode() -> dict[int, str]:
    """GPT-2/CLIP's reversible byte -> printable character table."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, (chr(c) for c in cs)))


def write_tiny_clip_tokenizer(folder: Path) -> None:
    """vocab.json + merges.txt (+ the special tokens) of a tiny byte-level CLIP tokenizer."""
    folder.mkdir(parents=True, exist_ok=True)
    chars = list(_bytes_to_unicode().values())
    tokens = chars + [c + "</w>" for c in chars]
    merges = [("t", "h"), ("th", "e</w>"), ("a", "n"), ("an", "d</w>"), ("o", "n</w>")]
    tokens += [a + b for a, b in merges]
    tokens += ["<|startoftext|>", "<|endoftext|>"]
    vocab = {tok: i for i, tok in enumerate(tokens)}
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False))
    (folder / "merges.txt").write_text("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))
    (folder / "special_tokens_map.json").write_text(json.dumps({
        "bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>",
        "unk_token": "<|endoftext|>", "pad_token": "<|endoftext|>",
    }))
    (folder / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "CLIPTokenizer", "model_max_length": 77, "do_lower_case": True,
        "bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>",
        "unk_token": "<|endoftext|>", "pad_token": "<|endoftext|>",
    }))


def tiny_text_encoder_and_tokenizer(folder: Path):
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    write_tiny_clip_tokenizer(folder)
    tokenizer = CLIPTokenizer.from_pretrained(str(folder))
    torch.manual_seed(0)
    config = CLIPTextConfig(
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
        hidden_size=32, intermediate_size=37, layer_norm_eps=1e-05, num_attention_heads=4, num_hidden_layers=2,
        vocab_size=len(tokenizer), projection_dim=32,
    )
    return CLIPTextModel(config), tokenizer


def tiny_image_encoder():
    """A tiny CLIP vision tower (IP-Adapter's and SVD's image encoder) and its processor."""
    from transformers import CLIPImageProcessor, CLIPVisionConfig, CLIPVisionModelWithProjection

    torch.manual_seed(0)
    config = CLIPVisionConfig(
        hidden_size=32, projection_dim=32, num_hidden_layers=2, num_attention_heads=4, image_size=224,
        intermediate_size=37, patch_size=32,
    )  # 224 pixels like the real encoders (SVD resizes to 224 itself), in 7x7 patches: still tiny
    return CLIPVisionModelWithProjection(config), CLIPImageProcessor(crop_size=224, size=224)


def build_tiny_sd(folder: Path) -> Path:
    """A tiny Stable Diffusion 1.x-shaped pipeline saved at `folder` (text-to-image and image-to-image)."""
    from diffusers import AutoencoderKL, PNDMScheduler, StableDiffusionPipeline, UNet2DConditionModel

    with tempfile.TemporaryDirectory() as scratch:
        text_encoder, tokenizer = tiny_text_encoder_and_tokenizer(Path(scratch))
    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        block_out_channels=(32, 64), layers_per_block=1, sample_size=TINY_SIZE // 2, in_channels=4, out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"), up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=32, norm_num_groups=32,
    )
    torch.manual_seed(0)
    vae = AutoencoderKL(
        block_out_channels=[32, 64], in_channels=3, out_channels=3, latent_channels=4, layers_per_block=1,
        down_block_types=["DownEncoderBlock2D", "DownEncoderBlock2D"],
        up_block_types=["UpDecoderBlock2D", "UpDecoderBlock2D"], sample_size=TINY_SIZE,
    )
    pipe = StableDiffusionPipeline(
        unet=unet, scheduler=PNDMScheduler(skip_prk_steps=True, steps_offset=1), vae=vae, text_encoder=text_encoder,
        tokenizer=tokenizer, safety_checker=None, feature_extractor=None, image_encoder=None,
        requires_safety_checker=False,
    )
    pipe.save_pretrained(folder)
    return folder


def build_tiny_ip_adapter(folder: Path, sd_folder: Path) -> Path:
    """IP-Adapter weights for the tiny SD UNet, laid out like h94/IP-Adapter: models/<weight> + models/image_encoder."""
    from diffusers import UNet2DConditionModel
    from safetensors.torch import save_file

    unet = UNet2DConditionModel.from_pretrained(sd_folder, subfolder="unet")
    image_encoder, _ = tiny_image_encoder()
    models = folder / "models"
    image_encoder.save_pretrained(models / "image_encoder")
    torch.manual_seed(0)
    state: dict[str, torch.Tensor] = {}
    cross_dim = unet.config.cross_attention_dim
    proj_dim = image_encoder.config.projection_dim
    tokens = 4
    state["image_proj.proj.weight"] = torch.randn(cross_dim * tokens, proj_dim) * 0.02
    state["image_proj.proj.bias"] = torch.zeros(cross_dim * tokens)
    state["image_proj.norm.weight"] = torch.ones(cross_dim)
    state["image_proj.norm.bias"] = torch.zeros(cross_dim)
    # One to_k_ip / to_v_ip pair per cross-attention processor, numbered 1, 3, 5, ... in the UNet's
    # processor order (diffusers counts the self-attention processors between them).
    key_id = 1
    for name in unet.attn_processors.keys():
        if name.endswith("attn1.processor"):
            continue
        if name.startswith("mid_block"):
            hidden = unet.config.block_out_channels[-1]
        elif name.startswith("up_blocks"):
            block_id = int(name[len("up_blocks.")])
            hidden = list(reversed(unet.config.block_out_channels))[block_id]
        else:
            block_id = int(name[len("down_blocks.")])
            hidden = unet.config.block_out_channels[block_id]
        state[f"ip_adapter.{key_id}.to_k_ip.weight"] = torch.randn(hidden, cross_dim) * 0.02
        state[f"ip_adapter.{key_id}.to_v_ip.weight"] = torch.randn(hidden, cross_dim) * 0.02
        key_id += 2
    save_file(state, str(models / "ip-adapter_tiny.safetensors"))
    return folder


def build_tiny_svd(folder: Path) -> Path:
    """A tiny StableVideoDiffusionPipeline saved at `folder` (image-to-video)."""
    from diffusers import (
        AutoencoderKLTemporalDecoder, EulerDiscreteScheduler, StableVideoDiffusionPipeline,
        UNetSpatioTemporalConditionModel,
    )

    torch.manual_seed(0)
    unet = UNetSpatioTemporalConditionModel(
        block_out_channels=(32, 64), layers_per_block=1, sample_size=TINY_SIZE // 2, in_channels=8, out_channels=4,
        down_block_types=("CrossAttnDownBlockSpatioTemporal", "DownBlockSpatioTemporal"),
        up_block_types=("UpBlockSpatioTemporal", "CrossAttnUpBlockSpatioTemporal"),
        cross_attention_dim=32, num_attention_heads=8, projection_class_embeddings_input_dim=96,
        addition_time_embed_dim=32,
    )
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", interpolation_type="linear",
        num_train_timesteps=1000, prediction_type="v_prediction", sigma_max=700.0, sigma_min=0.002,
        steps_offset=1, timestep_spacing="leading", timestep_type="continuous", use_karras_sigmas=True,
    )
    torch.manual_seed(0)
    vae = AutoencoderKLTemporalDecoder(
        block_out_channels=[32, 64], in_channels=3, out_channels=3,
        down_block_types=["DownEncoderBlock2D", "DownEncoderBlock2D"], latent_channels=4, layers_per_block=1,
    )
    image_encoder, feature_extractor = tiny_image_encoder()
    pipe = StableVideoDiffusionPipeline(
        vae=vae, image_encoder=image_encoder, unet=unet, scheduler=scheduler, feature_extractor=feature_extractor,
    )
    pipe.save_pretrained(folder)
    return folder


def tiny_wan_flf_pipeline():
    """A tiny Wan 2.1 first-last-frame image-to-video pipeline (in memory; see `build_tiny_wan_flf`).

    Wan's text encoder is UMT5; a tiny T5 encoder reads the tiny CLIP tokenizer's ids just as well.
    `pos_embed_seq_len` makes it a first-last-frame model (two image embeddings), as in diffusers' tests.
    """
    from diffusers import AutoencoderKLWan, FlowMatchEulerDiscreteScheduler, WanImageToVideoPipeline, WanTransformer3DModel
    from transformers import (
        CLIPImageProcessor, CLIPTokenizer, CLIPVisionConfig, CLIPVisionModelWithProjection, T5Config, T5EncoderModel,
    )

    with tempfile.TemporaryDirectory() as scratch:
        write_tiny_clip_tokenizer(Path(scratch))
        tokenizer = CLIPTokenizer.from_pretrained(scratch)
    torch.manual_seed(0)
    vae = AutoencoderKLWan(base_dim=3, z_dim=16, dim_mult=[1, 1, 1, 1], num_res_blocks=1,
                           temperal_downsample=[False, True, True])
    torch.manual_seed(0)
    text_encoder = T5EncoderModel(T5Config(
        vocab_size=len(tokenizer), d_model=32, d_kv=8, d_ff=37, num_layers=2, num_heads=4,
        relative_attention_num_buckets=8,
    )).eval()
    torch.manual_seed(0)
    transformer = WanTransformer3DModel(
        patch_size=(1, 2, 2), num_attention_heads=2, attention_head_dim=12, in_channels=36, out_channels=16,
        text_dim=32, freq_dim=256, ffn_dim=32, num_layers=2, cross_attn_norm=True, qk_norm="rms_norm_across_heads",
        rope_max_seq_len=32, image_dim=4, pos_embed_seq_len=2 * (4 * 4 + 1),
    )
    torch.manual_seed(0)
    image_encoder = CLIPVisionModelWithProjection(CLIPVisionConfig(
        hidden_size=4, projection_dim=4, num_hidden_layers=2, num_attention_heads=2, image_size=4,
        intermediate_size=16, patch_size=1,
    ))
    return WanImageToVideoPipeline(
        transformer=transformer, vae=vae, scheduler=FlowMatchEulerDiscreteScheduler(shift=7.0),
        text_encoder=text_encoder, tokenizer=tokenizer, image_encoder=image_encoder,
        image_processor=CLIPImageProcessor(crop_size=4, size=4), transformer_2=None,
    )


def build_tiny_wan_flf(folder: Path) -> Path:
    """The tiny Wan first-last-frame pipeline saved at `folder` (loading it back needs accelerate)."""
    tiny_wan_flf_pipeline().save_pretrained(folder)
    return folder
