"""Train the bundled critic on our own renders: ``python -m animdirector.tools.critic.train --seed 0``.

Steps:
1. render (or load from the cache) training pictures: whole scenes, character crops from the
   manifest boxes, prop crops and reference-sheet views, each with its `Truth`;
2. build the word vocabulary from every wording of every fact;
3. train the tiny open_clip CLIP with three losses per batch:
   - sigmoid loss (SigLIP) over every (picture, phrase) pair, labelled exactly from the truths, so
     a phrase's score means "true of this picture" whoever else is in the batch;
   - a ranking loss: each true phrase against its hard negatives (the same fact with the colour,
     kind, binding, place, time, expression or side changed), softmax over the group;
   - identity: crops and sheet views of the same character design pulled together (SupCon);
4. calibrate the pass/fail thresholds on separately seeded scenes with planted defects;
5. write weights/critic.safetensors + critic.json (vocab, thresholds, training record) atomically.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from animdirector.memory.artifacts import atomic_write_text

from .arch import BUNDLED_ARCH, BUNDLED_WEIGHTS, WordTokenizer, arch_config, register_bundled_arch
from .captions import FactSpace, Truth, perturb, phrase, true_facts
from .data import PROP_CROPS_KEPT, TRAIN_RENDER_SIZE, Dataset, build_dataset, build_twins, fact_space, join_datasets
from .loading import save_critic

log = logging.getLogger("animdirector.tools.critic.train")

MEAN = (0.48145466, 0.4578275, 0.40821073)
STD = (0.26862954, 0.26130258, 0.27577711)
# Expressions and left/right are hard at 112x192 and matter less to the checklists: asked less often.
PROP_SHARE = 1 / 3  # share of a batch's crops that are props (chunks 1-2)
_FACT_WEIGHT = {"char": 3.0, "prop": 2.5, "place": 1.5, "expr": 0.3, "rel": 0.7}
EXTRA_WORDS = ("no", "an", "empty", "scene", "there", "is", "the", "of", "left", "right", "and", "in", "at")


def build_vocab(space: FactSpace, rng: random.Random) -> list[str]:
    """Every word any wording of any fact uses, plus every class word the negatives may swap in."""
    texts = []
    for _ in range(20000):
        kind = rng.choice(space.kinds)
        a, b = rng.sample(space.colours, 2)
        facts = [
            ("char", kind, a, b), ("char", kind, a, None), ("char", kind, None, b), ("char", kind, None, None),
            ("char", "boy", a, b), ("prop", rng.choice(space.props), a, rng.choice(space.shapes)),
            ("place", rng.choice(space.places), rng.choice(space.times), rng.choice(space.weathers)),
            ("expr", kind, rng.choice(space.expressions)), ("rel", kind, rng.choice(space.props)),
        ]
        style = rng.choice(("trousers", "shorts", "skirt", "dress"))
        texts += [phrase(f, rng, style) for f in facts]
    extra = [*space.colours, *space.kinds, *space.props, *space.shapes, *space.places, *space.times,
             *space.weathers, *space.expressions, *EXTRA_WORDS, "gray", "golden", "silver", "cream"]
    return WordTokenizer.build_vocab(texts, extra)


def to_tensor(images: np.ndarray) -> torch.Tensor:
    x = torch.from_numpy(images).float().div_(255.0).permute(0, 3, 1, 2)
    mean = torch.tensor(MEAN).view(1, 3, 1, 1)
    std = torch.tensor(STD).view(1, 3, 1, 1)
    return (x - mean) / std


class BatchMaker:
    """Samples pictures, their true phrases, hard negatives, and the exact label matrix."""

    def __init__(self, data: Dataset, space: FactSpace, rng: random.Random, batch: int,
                 scene_share: float = 0.44, hard_negatives: int = 3, twin_share: float = 0.0, prop_share: float = PROP_SHARE):
        self.data, self.space, self.rng, self.batch, self.prop_share = data, space, rng, batch, prop_share
        self.scene_share, self.hard_negatives, self.twin_share = scene_share, hard_negatives, twin_share
        self.twin = data.twins()
        self.twin_firsts = [int(i) for i in np.flatnonzero(self.twin > np.arange(len(self.twin)))]
        self.facts = [true_facts(t) for t in data.truths]
        self.fact_sets = [set(f) for f in self.facts]
        self.scenes = np.flatnonzero(data.source == 0)
        self.prop_crops = np.flatnonzero(data.source == 2)
        by_design: dict[int, list[int]] = {}
        for i in np.flatnonzero(data.source != 0):
            d = int(data.design_ids[i])
            if d >= 0:
                by_design.setdefault(d, []).append(int(i))
        self.designs = [v for v in by_design.values() if len(v) >= 2]

    def _label(self, fact: tuple, i: int) -> int:
        if fact in self.fact_sets[i]:
            return 1
        truth: Truth = self.data.truths[i]
        if truth.is_crop and fact[0] in ("place", "rel"):
            return -1
        if fact[0] == "expr" and any(c.kind == fact[1] and c.expression == "?" for c in truth.chars):
            return -1
        return 0

    def _pick_facts(self, i: int, k: int) -> list[tuple]:
        facts = self.facts[i]
        if not facts:
            return []
        weights = [_FACT_WEIGHT[f[0]] * (2.0 if f[0] == "char" and f[2] is not None else 1.0) for f in facts]
        return list(dict.fromkeys(self.rng.choices(facts, weights, k=k)))

    def make(self):
        rng = self.rng
        # The checklist judges characters and props on their crops: crops are most of each batch,
        # character crops and sheet views (in pairs, for identity) and, `prop_share` of them, prop crops.
        # Twin pairs (a crop, and the same spot with its entity recoloured or swapped) come out of the
        # crops' share: each pair is a planted defect and its intact original side by side.
        n_twin = min(round(self.batch * self.twin_share) // 2, len(self.twin_firsts))
        crops = self.batch - round(self.batch * self.scene_share) - 2 * n_twin
        n_id = min(round(crops * (1 - self.prop_share)) // 2, len(self.designs))
        idx: list[int] = []
        for i in rng.sample(self.twin_firsts, n_twin):
            idx += [i, int(self.twin[i])]
        for group in rng.sample(self.designs, n_id):
            idx += rng.sample(group, 2)
        n_prop = crops - 2 * n_id
        idx += [int(rng.choice(self.prop_crops)) for _ in range(n_prop)] if len(self.prop_crops) else []
        idx += [int(rng.choice(self.scenes)) for _ in range(self.batch - len(idx))]
        texts: dict[str, tuple] = {}
        groups = []  # (image row, positive text, [negative texts])
        row_of = {i: row for row, i in enumerate(idx)}
        pairs = []  # (positive text, its image's row, its twin's row): the text must fit its own crop better
        for row, i in enumerate(idx):
            truth = self.data.truths[i]
            twin = int(self.twin[i])
            if twin in row_of:
                # what tells this crop from its twin comes first: that is what the defect changed
                own = [f for f in self.facts[i] if f not in self.fact_sets[twin]]
                facts = list(dict.fromkeys(own[:1] + self._pick_facts(i, 1)))
            else:
                facts = self._pick_facts(i, 2)
            for fact in facts:
                style = next((c.bottom_style for c in truth.chars if c.kind == fact[1] and c.bottom_style), None)
                shape = next((p.shape for p in truth.props if p.noun == fact[1] and p.shape), None)
                shape = shape if rng.random() < 0.5 else None
                pos = phrase(fact, rng, style, shape)
                texts[pos] = fact
                negs = []
                for _ in range(self.hard_negatives):
                    nf = perturb(fact, self.space, rng)
                    t = phrase(nf, rng, style, shape)
                    if self._label(nf, i) == 0 and t not in negs:
                        texts[t] = nf
                        negs.append(t)
                if twin in row_of and self._label(fact, twin) == 0:
                    pairs.append((pos, row, row_of[twin]))
                    # and the twin's version of this fact is a negative on this crop
                    for tf in self.facts[twin]:
                        if tf[0] == fact[0] and tf not in self.fact_sets[i]:
                            t = phrase(tf, rng, style, shape)
                            texts[t] = tf
                            negs.append(t)
                            break
                if negs:
                    groups.append((row, pos, negs))
        text_list = list(texts)
        col = {t: j for j, t in enumerate(text_list)}
        labels = np.array([[self._label(texts[t], i) for t in text_list] for i in idx], dtype=np.float32)
        rank_groups = [(row, [col[pos]] + [col[n] for n in negs]) for row, pos, negs in groups]
        image_groups = [(col[pos], [row, twin_row]) for pos, row, twin_row in pairs]
        design = np.array([int(self.data.design_ids[i]) if self.data.source[i] != 0 else -1 for i in idx])
        return idx, text_list, torch.from_numpy(labels), rank_groups, torch.from_numpy(design), image_groups


def supcon(emb: torch.Tensor, ids: torch.Tensor, temperature: float = 0.1) -> torch.Tensor:
    """Supervised contrastive loss over the rows with an id >= 0."""
    keep = ids >= 0
    if keep.sum() < 2:
        return emb.new_zeros(())
    e, y = emb[keep], ids[keep]
    sim = e @ e.T / temperature
    eye = torch.eye(len(e), dtype=torch.bool)
    sim = sim.masked_fill(eye, -1e9)
    pos = (y[:, None] == y[None, :]) & ~eye
    has = pos.any(1)
    if not has.any():
        return emb.new_zeros(())
    logp = sim - torch.logsumexp(sim, dim=1, keepdim=True)
    return -(logp.masked_fill(~pos, 0).sum(1)[has] / pos.sum(1)[has]).mean()


def train(args: argparse.Namespace) -> dict:
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    cache = Path(args.cache_dir)
    t0 = time.time()
    seeds = args.data_seeds or [args.seed]
    size = args.render_size
    parts = [build_dataset(s, args.scenes, args.designs, cache, size, args.prop_crops_kept) for s in seeds]
    if args.twin_scenes:
        parts += [build_twins(s, args.twin_scenes, args.designs, cache, size) for s in seeds]
    data = join_datasets(parts)
    render_s = data.render_seconds or (time.time() - t0)
    space = fact_space()
    vocab = build_vocab(space, random.Random(args.seed))
    cfg = arch_config()
    tok = WordTokenizer(vocab, cfg["text_cfg"]["vocab_size"], cfg["text_cfg"]["context_length"])
    log.info("data: %d pictures (%d scenes), %.0f MB; vocab %d words", len(data.truths), int((data.source == 0).sum()),
             data.images.nbytes / 1e6, len(vocab))

    import open_clip

    register_bundled_arch()
    model = open_clip.create_model(BUNDLED_ARCH, pretrained=None)
    if args.resume:
        from .loading import _load_safetensors_into

        _load_safetensors_into(model, Path(args.resume))
        log.info("resumed from %s", args.resume)
    model.train()
    temperature = [model.logit_scale, model.logit_bias]
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2 and "embedding" not in n]
    no_decay = [p for n, p in model.named_parameters()
                if not (p.ndim >= 2 and "embedding" not in n) and not any(p is t for t in temperature)]
    # The logit scale and bias start far from where they end up: they learn 10x faster than the weights.
    groups = [{"params": decay, "weight_decay": 0.05, "mult": 1.0}, {"params": no_decay, "weight_decay": 0.0, "mult": 1.0},
              {"params": temperature, "weight_decay": 0.0, "mult": 10.0}]
    opt = torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.98))
    maker = BatchMaker(data, space, rng, args.batch, args.scene_share, args.hard_negatives, args.twin_share,
                       args.prop_share)
    warmup = min(300, args.steps // 10)
    t1 = time.time()
    history = []
    for step in range(args.steps):
        lr = args.lr * (step + 1) / warmup if step < warmup else \
            args.lr * 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, args.steps - warmup)))
        for g in opt.param_groups:
            g["lr"] = lr * g["mult"]
        idx, texts, labels, groups, design, image_groups = maker.make()
        img = F.normalize(model.encode_image(to_tensor(data.images[idx])), dim=-1)
        txt = F.normalize(model.encode_text(tok(texts)), dim=-1)
        logits = model.logit_scale.exp() * img @ txt.T + model.logit_bias
        mask = labels >= 0
        sig = F.binary_cross_entropy_with_logits(logits[mask], labels[mask], reduction="sum") / len(idx)
        rank_terms = [F.cross_entropy(logits[row, cols][None], torch.zeros(1, dtype=torch.long)) for row, cols in groups]
        # and, for twins, the same phrase across the pair: it fits the intact crop, not the defective one
        rank_terms += [F.cross_entropy(logits[rows, col][None], torch.zeros(1, dtype=torch.long)) for col, rows in image_groups]
        rank = torch.stack(rank_terms).mean() if rank_terms else logits.new_zeros(())
        ident = supcon(img, design)
        loss = sig + rank + 0.5 * ident
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        with torch.no_grad():
            model.logit_scale.clamp_(0, math.log(100))
        if args.checkpoint_every and step and step % args.checkpoint_every == 0:
            # A mid-run snapshot (vocab included, thresholds uncalibrated) so a run can be cut short.
            save_critic(model, {"vocab": vocab, "mean": list(MEAN), "std": list(STD), "step": step},
                        Path(args.out).with_name("checkpoint.safetensors"))
        if step % 50 == 0 or step == args.steps - 1:
            history.append((step, round(sig.item(), 4), round(rank.item(), 4), round(ident.item(), 4)))
            log.info("step %d/%d lr %.2e sig %.3f rank %.3f id %.3f scale %.1f bias %.2f (%.0f s)", step, args.steps, lr,
                     *history[-1][1:], model.logit_scale.exp().item(), model.logit_bias.item(), time.time() - t1)
    train_s = time.time() - t1
    previous_s, previous_steps = 0.0, 0
    if args.resume:
        before = json.loads(Path(args.resume).with_suffix(".json").read_text()).get("training", {})
        previous_s = before.get("train_seconds_total", before.get("train_seconds", 0.0))
        previous_steps = before.get("steps_total", before.get("steps", 0))
    model.eval()
    meta = {
        "architecture": BUNDLED_ARCH,
        "vocab": vocab,
        "mean": list(MEAN),
        "std": list(STD),
        "thresholds": {"margin": 0.0, "presence": float(-model.logit_bias.item() / model.logit_scale.exp().item()),
                       "identity": 0.85},
        "training": {
            "seed": args.seed, "data_seeds": args.data_seeds or [args.seed], "scenes": args.scenes, "designs": args.designs, "pictures": len(data.truths),
            "steps": args.steps, "batch": args.batch, "resumed_from": args.resume, "threads": args.threads, "lr": args.lr,
            "scene_share": args.scene_share, "hard_negatives": args.hard_negatives,
            "twin_scenes": args.twin_scenes, "twin_share": args.twin_share, "render_size": list(args.render_size),
            "prop_share": args.prop_share, "prop_crops_kept": args.prop_crops_kept,
            "render_seconds": round(render_s, 1), "train_seconds": round(train_s, 1),
            "train_seconds_total": round(previous_s + train_s, 1), "steps_total": previous_steps + args.steps,
            "data_mb": round(data.images.nbytes / 1e6, 1),
            "loss_history": history[-5:],
        },
    }
    out = Path(args.out)
    save_critic(model, meta, out)
    if args.calibrate_scenes > 0:
        from .evaluate import calibrate_bundled

        t2 = time.time()
        meta["thresholds"] = calibrate_bundled(out, seed=args.seed + 5000, scenes=args.calibrate_scenes, cache_dir=cache)
        meta["training"].update(calibrate_seconds=round(time.time() - t2, 1), calibrate_scenes=args.calibrate_scenes)
        save_critic(model, meta, out)
    log.info("wrote %s (%.1f MB); thresholds %s", out, out.stat().st_size / 1e6, meta["thresholds"])
    write_training_note(out.parent / "TRAINING.md", meta, out.stat().st_size)
    return meta


def describe_arch(cfg: dict) -> str:
    """One line for TRAINING.md from the open_clip model config."""
    v, t = cfg["vision_cfg"], cfg["text_cfg"]
    h, w = v["image_size"]
    if "timm_model_name" in v:
        image = f"timm {v['timm_model_name']}, {v.get('timm_pool', 'avg')} pool, at {h}x{w} px"
    else:
        image = f"ViT {v['layers']} layers x {v['width']} wide at {h}x{w} px, patch {v['patch_size']}"
    return (f"open_clip CLIP: {image}; text {t['layers']} x {t['width']}, {t['vocab_size']}-id word vocabulary, "
            f"{t['context_length']} tokens; embed {cfg['embed_dim']}")


def write_training_note(path: Path, meta: dict, weights_bytes: int) -> None:
    """weights/TRAINING.md: how these weights were made, how long it took, on what data."""
    import platform

    t = meta["training"]
    th = meta["thresholds"]
    seeds = t.get("data_seeds") or [t["seed"]]
    # the options a run changed from their defaults, so the command below remakes these weights
    changed = [(flag, value) for flag, value, default in (
        ("render-size", "x".join(map(str, t.get("render_size", TRAIN_RENDER_SIZE))), "x".join(map(str, TRAIN_RENDER_SIZE))),
        ("prop-crops-kept", f"{t.get('prop_crops_kept', PROP_CROPS_KEPT):g}", f"{PROP_CROPS_KEPT:g}"),
        ("prop-share", f"{t.get('prop_share', PROP_SHARE):g}", f"{PROP_SHARE:g}"),
        ("twin-scenes", str(t.get("twin_scenes", 0)), "0"),
    ) if value != default]
    if t.get("twin_scenes"):
        changed.append(("twin-share", f"{t['twin_share']:g}"))
    more = "".join(f" --{flag} {value}" for flag, value in changed)
    text = f"""# The bundled critic's weights

Made by `python -m animdirector.tools.critic.train --seed {t['seed']} --data-seeds {' '.join(map(str, seeds))} \\
    --scenes {t['scenes']} --designs {t['designs']} --steps {t['steps']} --batch {t['batch']} --lr {t['lr']} \\
    --scene-share {t.get('scene_share', 0.44)} --hard-negatives {t.get('hard_negatives', 3)} --threads {t['threads']}{more}`
(everything follows from the seeds){' after earlier weights: ' + t['resumed_from'] if t.get('resumed_from') else ''}.

| | |
|---|---|
| architecture | `{BUNDLED_ARCH}` ({describe_arch(arch_config())}) |
| weights | `critic.safetensors`, {weights_bytes / 1e6:.1f} MB float32; `critic.json` holds vocabulary and thresholds |
| training data | {len(seeds)} x {t['scenes']} rendered scenes over {len(seeds)} x {t['designs']} character designs, plus their character crops, prop crops and reference-sheet views: {t['pictures']} pictures, {t['data_mb']} MB as uint8 112x192 (cached as .npz) |
| render time | {t['render_seconds']:.0f} s (one process) |
| training time | {t['train_seconds_total']:.0f} s in all ({t['steps_total']} steps of {t['batch']} pictures, {t['threads']} torch thread(s)); the last run {t['train_seconds']:.0f} s for {t['steps']} steps |
| calibration | {t.get('calibrate_seconds', 0):.0f} s on separately seeded scenes with planted defects |
| thresholds | margin {th['margin']:.3f}, presence {th['presence']:.3f}, identity {th['identity']:.3f} |
| machine | {platform.machine()}, {os.cpu_count()} cores shared with other work, torch {torch.__version__} |

Losses: sigmoid loss over every (picture, phrase) pair with exact labels from the specs, a ranking loss
of each true phrase against its hard negatives (colour / kind / binding / place / time / expression /
side changed), and a supervised-contrastive identity loss over crops and sheet views of the same design.
See `tools/critic/train.py` and `bench/critic_eval.py` for the numbers on fresh renders.
"""
    atomic_write_text(path, text)


def recalibrate(weights: Path, seed: int, scenes: int) -> dict:
    """New thresholds for existing weights (their .json is rewritten; the weights stay as they are)."""
    from .evaluate import calibrate_bundled

    meta_path = weights.with_suffix(".json")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    t = time.time()
    meta["thresholds"] = calibrate_bundled(weights, seed=seed + 5000, scenes=scenes)
    meta.setdefault("training", {}).update(calibrate_seconds=round(time.time() - t, 1), calibrate_scenes=scenes)
    atomic_write_text(meta_path, json.dumps(meta, indent=1, sort_keys=True))
    log.info("recalibrated %s in %.0f s: %s", weights, time.time() - t, meta["thresholds"])
    return meta["thresholds"]


def render_size(text: str) -> tuple[int, int]:
    """'768x432' -> (768, 432), for argparse."""
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected WIDTHxHEIGHT, e.g. 768x432") from None
    if w < 64 or h < 64:
        raise argparse.ArgumentTypeError(f"{text!r}: at least 64x64")
    return w, h


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m animdirector.tools.critic.train",
        description="Train the bundled CLIP critic on procedural renders.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  python -m animdirector.tools.critic.train --seed 0 --threads 2\n"
               "  python -m animdirector.tools.critic.train --calibrate-only    # new thresholds for the bundled weights",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scenes", type=int, default=3000, help="training scenes to render")
    parser.add_argument("--data-seeds", type=int, nargs="+",
                        help="render (or load) one dataset per seed and train on them all (default: --seed)")
    parser.add_argument("--designs", type=int, default=400, help="character designs in the pool")
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--scene-share", type=float, default=0.44, help="fraction of each batch that is whole scenes (the rest: crops)")
    parser.add_argument("--hard-negatives", type=int, default=3, help="negatives per true phrase in the ranking loss")
    parser.add_argument("--prop-share", type=float, default=PROP_SHARE, help="fraction of each batch's crops that are props")
    parser.add_argument("--prop-crops-kept", type=float, default=PROP_CROPS_KEPT,
                        help="share of the rendered scenes' prop crops kept in the training data")
    parser.add_argument("--twin-scenes", type=int, default=0,
                        help="scenes per data seed rendered as twin crop pairs: an entity, and it recoloured or swapped")
    parser.add_argument("--twin-share", type=float, default=0.25, help="fraction of each batch that is twin pairs")
    parser.add_argument("--render-size", type=render_size, default=TRAIN_RENDER_SIZE, metavar="WxH",
                        help="size the training scenes are rendered at (default: %(default)s)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--checkpoint-every", type=int, default=100, help="save a snapshot every N steps (0: never)")
    parser.add_argument("--resume", help="start from these weights (same vocabulary) instead of random ones")
    parser.add_argument("--calibrate-scenes", type=int, default=400,
                        help="scenes (each with a defective twin) the thresholds are calibrated on")
    parser.add_argument("--calibrate-only", action="store_true",
                        help="do not train: recalibrate the thresholds of the weights at --out")
    parser.add_argument("--cache-dir", default=None, help="rendered-data cache (default: <state dir>/models/critic-data)")
    parser.add_argument("--out", default=str(BUNDLED_WEIGHTS))
    args = parser.parse_args(argv)
    if args.cache_dir is None:
        from animdirector.config import Config

        args.cache_dir = str(Config().model_cache() / "critic-data")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.calibrate_only:
        recalibrate(Path(args.out), args.seed, args.calibrate_scenes)
        return
    train(args)


if __name__ == "__main__":
    main()
