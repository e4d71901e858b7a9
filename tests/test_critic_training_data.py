"""The critic's training pictures: twin crops (an entity, and the same spot with it recoloured or
swapped for another kind) and how a batch uses them."""

import random

import numpy as np

from animdirector.tools.critic.captions import true_facts
from animdirector.tools.critic.data import TWIN_ID_OFFSET, build_twins, fact_space, join_datasets
from animdirector.tools.critic.train import BatchMaker


def test_twin_crops_differ_in_the_one_fact_a_planted_defect_changes(tmp_path):
    data = build_twins(7, 10, 12, tmp_path)
    assert len(data.truths) >= 10 and len(data.truths) % 2 == 0
    for i in range(0, len(data.truths), 2):
        a, b = data.truths[i], data.truths[i + 1]
        assert (data.twin[i], data.twin[i + 1]) == (i + 1, i)
        assert a.is_crop and b.is_crop and not a.place
        if a.chars:
            (ca,), (cb,) = a.chars, b.chars
            # swapped for another kind (a person's shirt becomes an animal's fur), or recoloured
            assert ca.kind != cb.kind or (ca.colour_a != cb.colour_a and ca.colour_b == cb.colour_b)
            assert data.design_ids[i + 1] == data.design_ids[i] + TWIN_ID_OFFSET  # another character to identity
        else:
            (pa,), (pb,) = a.props, b.props
            assert (pa.noun != pb.noun) != (pa.colour != pb.colour)  # one of them changed
    assert not np.array_equal(data.images[0], data.images[1])
    again = build_twins(7, 10, 12, tmp_path)  # from the cache, the same
    assert np.array_equal(again.images, data.images) and np.array_equal(again.twin, data.twin)


def test_a_batch_asks_each_twin_pair_what_tells_them_apart(tmp_path):
    twins = build_twins(7, 10, 12, tmp_path)
    data = join_datasets([twins, twins])  # twin rows stay paired after joining
    assert all(data.twin[data.twin[i]] == i for i in range(len(data.truths)))
    maker = BatchMaker(data, fact_space(), random.Random(0), batch=16, scene_share=0.0, twin_share=0.5)
    idx, texts, labels, groups, design, image_groups = maker.make()
    assert image_groups
    for col, (row, twin_row) in image_groups:
        assert data.twin[idx[row]] == idx[twin_row]
        # the text is true of its own crop and false of the twin: the defect it must notice
        assert labels[row, col] == 1 and labels[twin_row, col] == 0
    facts = [set(true_facts(data.truths[i])) for i in idx]
    assert any(facts[r] != facts[t] for _, (r, t) in image_groups)


def test_a_tiny_training_run_writes_weights_the_critic_loads(tmp_path, capsys):
    """`python -m animdirector.tools.critic.train`, end to end at toy size: rendered at the size asked
    for, cached, trained, and loadable as the bundled architecture."""
    import json

    import pytest

    from animdirector.tools.critic.loading import load_bundled
    from animdirector.tools.critic.score import Critic
    from animdirector.tools.critic.train import main

    out = tmp_path / "w" / "critic.safetensors"
    main(["--seed", "3", "--scenes", "4", "--designs", "4", "--steps", "2", "--batch", "8", "--threads", "1",
          "--render-size", "320x180", "--calibrate-scenes", "0", "--checkpoint-every", "0",
          "--cache-dir", str(tmp_path / "cache"), "--out", str(out)])
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["critic-data-s3-n4-d4-320x180.npz"]
    meta = json.loads(out.with_suffix(".json").read_text())
    assert meta["training"]["render_size"] == [320, 180] and meta["training"]["steps_total"] == 2
    # the note's command remakes the weights: it names the options the run changed from their defaults
    assert "--threads 1 --render-size 320x180`" in (out.parent / "TRAINING.md").read_text()
    report = Critic(load_bundled(out, out.with_suffix(".json"))).alignment(np.zeros((90, 160, 3), np.uint8), ["a red ball"])
    assert len(report.phrases) == 1
    with pytest.raises(SystemExit):
        main(["--render-size", "768by432", "--out", str(out)])
    assert "--render-size: '768by432': expected WIDTHxHEIGHT, e.g. 768x432" in capsys.readouterr().err


def test_prop_crops_kept_and_the_props_share_of_a_batch(tmp_path):
    """`--prop-crops-kept 1 --prop-share 0.5`: every prop in the scenes has its crop, cached under its own
    name, and half of a batch's crops are props."""
    from animdirector.tools.critic.data import build_dataset

    data = build_dataset(5, 12, 6, tmp_path, (320, 180), prop_crops_kept=1.0)
    props_in_scenes = sum(len(t.props) for t, src in zip(data.truths, data.source) if src == 0)
    assert props_in_scenes > 0 and int((data.source == 2).sum()) == props_in_scenes
    assert [p.name for p in tmp_path.iterdir()] == ["critic-data-s5-n12-d6-320x180-p1.npz"]
    maker = BatchMaker(data, fact_space(), random.Random(0), batch=24, scene_share=0.0, prop_share=0.5)
    idx = maker.make()[0]
    assert len(idx) == 24 and int((data.source[idx] == 2).sum()) == 12
