"""Evaluate the critic on fresh renders (seeds never used for training or calibration).

    .venv/bin/python bench/critic_eval.py                # the bundled critic
    .venv/bin/python bench/critic_eval.py --scenes 60    # quicker
    .venv/bin/python bench/critic_eval.py --weights /tmp/mine.safetensors   # weights you trained

Prints: phrase accuracy against contrastive negatives (pairwise, per negative kind, and strict: beats
every negative), planted-defect detection on whole scenes with false alarms on the intact ones,
identity ROC AUC (same character across poses and scenes vs other characters, look-alikes included),
and the time to score 4 candidates x 8 phrases on one core.
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch

from animdirector.config import CriticConfig, OpenClipCritic
from animdirector.tools.critic import get_critic
from animdirector.tools.critic.loading import load_bundled
from animdirector.tools.critic.score import Critic
from animdirector.tools.critic.data import fact_space, render_spec, sample_design, sample_scene
from animdirector.tools.critic.evaluate import (
    DEFECTS,
    checklist_for_truth,
    detection,
    flagged,
    identity_fails,
    phrase_fails,
    identity_scores,
    roc_auc,
    score_scenes,
)

EVAL_SEED = 424242  # training uses seeds 0.., calibration seed+5000: never this one


def timing(critic, seed: int, repeats: int = 5) -> tuple[float, float]:
    """Median seconds for critic.rank(4 images, 8 phrases): cold (new phrases) and warm (cached texts)."""
    rng = random.Random(seed)
    space = fact_space()
    pool = [sample_design(rng, 700000 + i, space) for i in range(12)]
    images, phrases = [], []
    while len(images) < 4:
        spec = sample_scene(rng, pool, space, seed=seed + len(images))
        images.append(render_spec(spec).image)
        phrases += checklist_for_truth(spec.truth)
    phrases = (phrases * 2)[:8]
    cold, warm = [], []
    for _ in range(repeats):
        critic._text_cache.clear()
        t = time.perf_counter()
        critic.rank(images, phrases)
        cold.append(time.perf_counter() - t)
        t = time.perf_counter()
        critic.rank(images, phrases)
        warm.append(time.perf_counter() - t)
    return statistics.median(cold), statistics.median(warm)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenes", type=int, default=400, help="intact scenes (each also gets one defective twin)")
    parser.add_argument("--identity-designs", type=int, default=24)
    parser.add_argument("--seed", type=int, default=EVAL_SEED)
    parser.add_argument("--weights", help="bundled-architecture weights made by critic.train (its .json beside it)")
    parser.add_argument("--architecture", help="evaluate an open_clip model instead of the bundled critic")
    parser.add_argument("--checkpoint")
    parser.add_argument("--no-regions", action="store_true",
                        help="score whole pictures only (default: also each planned entity's crop)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    torch.set_num_threads(1)
    config = CriticConfig()
    if args.architecture:
        config = CriticConfig(backend="open_clip", open_clip=OpenClipCritic(architecture=args.architecture, checkpoint=args.checkpoint))
    if args.weights:
        weights = Path(args.weights)
        critic = Critic(load_bundled(weights, weights.with_suffix(".json")))
    else:
        critic = get_critic(config, threads=1)
    th = critic.thresholds
    print(f"critic: {critic.name}; thresholds margin={th.margin:.3f} presence={th.presence} identity={th.identity:.3f}"
          f" class margins={th.class_margins}")

    t0 = time.time()
    scores = score_scenes(critic, args.seed, args.scenes, use_regions=not args.no_regions)
    print("views: whole picture only" if args.no_regions else
          "views: whole picture + each entity's crop where the plan put it (the intact scene's boxes)")
    intact = [s for s in scores if s.defect is None]
    pairs = [ok for s in intact for _, ok in s.pairwise]
    by_kind = defaultdict(list)
    for s in intact:
        for kind, ok in s.pairwise:
            by_kind[kind].append(ok)
    strict = [not f for s in intact for f in phrase_fails(s, th)]
    print(f"\nphrase accuracy vs negatives ({len(intact)} fresh scenes, {sum(len(s.own) for s in intact)} phrases, "
          f"{len(pairs)} phrase/negative pairs):")
    print(f"  pairwise (phrase beats negative): {np.mean(pairs):.1%}   target >= 95%")
    for kind, oks in sorted(by_kind.items()):
        print(f"    {kind:<11} {np.mean(oks):6.1%}  ({len(oks)} pairs)")
    print(f"  strict (phrase passes: beats every negative by its kind's calibrated margin): {np.mean(strict):.1%}")

    bad = [s for s in scores if s.defect is not None]
    det, fa = detection(scores, th)
    print(f"\nplanted defects ({len(bad)} defective scenes), judged as the critic agent judges a candidate:"
          " every phrase, and each character against its reference sheet")
    print(f"  flagged: {det:.1%}   target >= 90%")
    for mode in DEFECTS:
        sub = [s for s in bad if s.defect == mode]
        hit = np.mean([flagged(s, th) for s in sub])
        on_target = np.mean([phrase_fails(s, th)[s.target] for s in sub])
        split = "; ".join(f"{who} {np.mean(hits):.0%} of {len(hits)}" for who, hits in (
            ("on a character", [flagged(s, th) for s in sub if s.broke_a_character]),
            ("on a prop", [flagged(s, th) for s in sub if not s.broke_a_character])) if hits)
        print(f"    {mode:<13} {hit:6.1%}  ({split}; the broken phrase itself fails: {on_target:.1%})")
    print(f"  false alarms on intact scenes: {fa:.1%}   target <= 10%")
    phrases_only = [np.mean([bool(phrase_fails(s, th).any()) for s in group]) for group in (bad, intact)]
    identity_only = [np.mean([bool(identity_fails(s, th).any()) for s in group]) for group in (bad, intact)]
    print(f"  of which the phrases alone flag {phrases_only[0]:.1%} (false alarms {phrases_only[1]:.1%}), "
          f"identity alone {identity_only[0]:.1%} (false alarms {identity_only[1]:.1%})")
    print(f"  ({time.time() - t0:.0f} s)")

    ids = identity_scores(critic, args.seed + 1, designs=args.identity_designs)
    auc = roc_auc(ids.same, ids.different)
    same, diff = np.asarray(ids.same), np.asarray(ids.different)
    print(f"\nidentity ({args.identity_designs} fresh characters in look-alike pairs, {len(same)} same / {len(diff)} different pairs):")
    print(f"  ROC AUC: {auc:.3f}   target >= 0.95")
    print(f"  at threshold {th.identity:.3f}: same passes {np.mean(same >= th.identity):.1%}, different passes {np.mean(diff >= th.identity):.1%}")

    cold, warm = timing(critic, args.seed + 2)
    print(f"\ntime to score 4 candidates x 8 phrases on one core: {cold:.3f} s (new phrases), {warm:.3f} s (phrases cached)   target <= 1 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
