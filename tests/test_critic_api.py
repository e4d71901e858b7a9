"""The critic's scoring API on a randomly initialised bundled-architecture model (fast, no training)."""

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from animdirector.tools.critic import (
    AlignmentReport,
    Critic,
    CriticInputError,
    load_open_clip,
    make_negatives,
    sheet_views,
)
from animdirector.tools.critic.arch import BUNDLED_ARCH
from animdirector.tools.critic.loading import write_random_bundled

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def critic(tmp_path_factory) -> Critic:
    path = write_random_bundled(tmp_path_factory.mktemp("w") / "random.safetensors")
    return Critic(load_open_clip(BUNDLED_ARCH, path))


def _scene(colour="red", x=200) -> Image.Image:
    img = Image.new("RGB", (384, 216), (120, 190, 240))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 150, 384, 216), fill=(76, 170, 80))
    draw.ellipse((x, 120, x + 40, 160), fill=colour)
    return img


def test_alignment_scores_each_phrase_against_its_negatives(critic):
    phrases = ["a red round ball", "a garden at sunset", "the dog is left of the boy"]
    report = critic.alignment(_scene(), phrases)
    assert isinstance(report, AlignmentReport)
    assert [p.phrase for p in report.phrases] == phrases
    for p in report.phrases:
        assert -1.0 <= p.score <= 1.0
        assert p.margin == pytest.approx(p.score - p.best_negative.score)
        assert p.best_negative.score == max(n.score for n in p.negatives)
        assert p.passed == (p.margin > critic.thresholds.margin_for(p.best_negative.kind))
    # An object can be missing from the picture; the setting cannot.
    assert {"colour", "prop", "absent"} <= {n.kind for n in report.phrases[0].negatives}
    assert {n.kind for n in report.phrases[1].negatives} == {"place", "time"}
    assert "relation" in {n.kind for n in report.phrases[2].negatives}
    assert report.all_passed == all(p.passed for p in report.phrases)
    assert report.mean == pytest.approx(np.mean([p.score for p in report.phrases]))


def test_scores_are_deterministic_and_batched_equal_single(critic):
    phrases = ["a red round ball", "a blue box"]
    images = [_scene("red"), _scene("blue", 80)]
    ranked = critic.rank(images, phrases)
    single = critic.alignment(images[1], phrases)
    assert [p.score for p in ranked.reports[1].phrases] == pytest.approx([p.score for p in single.phrases], abs=1e-5)
    assert 0 <= ranked.best_index < 2


def test_empty_checklist_is_an_error_that_says_so(critic):
    with pytest.raises(ValueError, match="checklist"):
        critic.alignment(_scene(), [])
    with pytest.raises(CriticInputError, match="checklist"):
        critic.alignment(_scene(), ["  "])


def test_a_file_that_is_not_an_image_is_named(critic, tmp_path):
    bad = tmp_path / "notes.png"
    bad.write_text("this is not a picture")
    with pytest.raises(CriticInputError, match="notes.png"):
        critic.alignment(bad, ["a red ball"])
    with pytest.raises(CriticInputError, match="missing.png"):
        critic.alignment(tmp_path / "missing.png", ["a red ball"])


def test_image_paths_and_arrays_are_accepted(critic, tmp_path):
    path = tmp_path / "scene.png"
    _scene().save(path)
    a = critic.alignment(path, ["a red ball"]).phrases[0].score
    b = critic.alignment(np.asarray(_scene()), ["a red ball"]).phrases[0].score
    assert a == pytest.approx(b, abs=1e-5)


def test_identity_takes_the_best_view_of_the_sheet(critic):
    crop = _scene().crop((190, 100, 250, 170))
    sheet = Image.new("RGB", (300, 100), "white")
    sheet.paste(crop.resize((100, 100)), (100, 0))
    result = critic.identity_check(crop, sheet)
    assert result.view in (0, 1, 2)
    views = critic.embed_images(sheet_views(sheet))
    assert result.similarity == pytest.approx(float((views @ critic.embed_images([crop])[0]).max()), abs=1e-5)
    assert result.similarity == pytest.approx(critic.identity(crop, sheet))
    assert result.passed == critic.identity_passed(crop, sheet)


def test_clip_metrics_still_and_moving(critic):
    still = [_scene()] * 6
    m = critic.clip_metrics(still)
    assert m.dynamic_degree == 0.0
    assert m.motion_smoothness == pytest.approx(1.0)
    assert m.subject_consistency == pytest.approx(1.0, abs=1e-4)
    moving = [_scene(x=40 + 30 * i) for i in range(8)]
    boxes = [(40 + 30 * i, 120, 80 + 30 * i, 160) for i in range(8)]
    m2 = critic.clip_metrics(moving, boxes, reference=_scene())
    assert m2.dynamic_degree > 0.5
    assert 0.0 <= m2.motion_smoothness <= 1.0
    assert m2.reference_similarity is not None
    jerky = moving[:4] + [_scene(x=330)] + moving[4:]
    assert critic.clip_metrics(jerky).motion_smoothness < m2.motion_smoothness
    with pytest.raises(CriticInputError, match="subject_boxes"):
        critic.clip_metrics(moving, boxes[:3])


def test_negatives_swap_one_fact_at_a_time():
    negs = {n.text: n.kind for n in make_negatives("a boy in a red shirt and blue shorts")}
    assert negs["a boy in a green shirt and blue shorts"] == "colour"
    assert negs["a boy in a blue shirt and red shorts"] == "binding"
    assert negs["a girl in a red shirt and blue shorts"] == "kind"
    assert "an orange" in " ".join(negs)  # articles follow the new word
    rel = {n.text: n.kind for n in make_negatives("the dog is left of the boy")}
    assert rel["the dog is right of the boy"] == "relation"
    assert "the boy is left of the boy" not in rel


def test_a_negative_that_another_phrase_asserts_is_not_used(critic):
    report = critic.alignment(_scene(), ["a red round ball", "a blue round ball"])
    texts = {n.text for n in report.phrases[0].negatives}
    assert "a green round ball" in texts and "a blue round ball" not in texts


def test_regions_add_entity_crops_but_not_for_setting_phrases(critic):
    image = _scene()
    phrases = ["a red ball", "a garden at noon"]
    plain = critic.alignment(image, phrases)
    boxed = critic.alignment(image, phrases, regions=[(200, 120, 240, 160)])
    assert boxed.phrases[1].score == pytest.approx(plain.phrases[1].score, abs=1e-5)  # setting: whole picture
    assert boxed.phrases[0].score >= plain.phrases[0].score - 1e-5  # entity: the best of whole and crop
    with pytest.raises(CriticInputError, match="regions"):
        critic.rank([image, image], phrases, regions=[[]])


def test_a_phrase_with_a_subject_is_judged_on_that_entity_box(critic):
    from animdirector.tools.critic.score import crop_region
    from animdirector.tools.render import EntityBox

    img = _scene("red", 40)
    left = EntityBox(name="ball", category="prop", label="ball", bbox=(40, 120, 80, 160))
    right = EntityBox(name="Tim", category="character", label="boy", bbox=(250, 60, 330, 200))
    phrases = ["a red round ball", "a garden at noon"]
    for box in (left, right):
        judged = critic.rank([img], phrases, [[left, right]], [box.name, None]).reports[0].phrases[0]
        alone = critic.alignment(crop_region(img, box), phrases[:1]).phrases[0]
        assert judged.score == pytest.approx(alone.score, abs=1e-5)
    # A subject with no box in the picture: the phrase falls back to the view that fits it best.
    fallback = critic.rank([img], phrases, [[right]], ["ball", None]).reports[0].phrases[0]
    best_view = critic.rank([img], phrases, [[right]]).reports[0].phrases[0]
    assert fallback.score == pytest.approx(best_view.score, abs=1e-6)
    with pytest.raises(CriticInputError, match="one entity name"):
        critic.rank([img], phrases, [[left]], ["ball"])
