"""The bundled critic, trained on our renders, on a few fresh renders it has never seen."""

import pytest
import torch

from animdirector.config import CriticConfig
from animdirector.tools.critic import get_critic
from animdirector.tools.critic.arch import BUNDLED_WEIGHTS

pytestmark = pytest.mark.skipif(not BUNDLED_WEIGHTS.exists(), reason="bundled critic not trained yet")
torch.set_num_threads(1)


def _scene(seed: int, top: str, ball: str):
    from animdirector.tools.render import CharacterDesign, Layout, Placement, Prop, Setting, render_scene

    boy = CharacterDesign(name="Tim", kind="boy", top_colour=top, bottom_colour="blue", bottom_style="shorts")
    layout = Layout(
        setting=Setting(place="garden", time_of_day="noon"),
        placements=[
            Placement(character="Tim", x=0.3, expression="happy"),
            Placement(prop=Prop(noun="ball", colour=ball, shape="round"), x=0.72, y=0.9),
        ],
    )
    return render_scene(layout, None, characters={"Tim": boy}, size=(768, 432), seed=seed)


def _negative(report_phrase, text):
    return next(n for n in report_phrase.negatives if n.text == text)


@pytest.mark.parametrize("seed,top,ball", [
    (101, "red", "yellow"),
    (202, "green", "red"),
    (303, "yellow", "blue"),
])
def test_prefers_the_true_caption_over_its_colour_swap(seed, top, ball):
    critic = get_critic(CriticConfig(), threads=1)
    render = _scene(seed, top, ball)
    boy, ball_phrase = f"a boy in a {top} shirt and blue shorts", f"a {ball} ball"
    report = critic.alignment(render.image, [boy, ball_phrase], regions=render.manifest.entities)
    other_top = "purple" if top != "purple" else "orange"
    other_ball = "green" if ball != "green" else "pink"
    swapped_boy = _negative(report.phrases[0], f"a boy in a {other_top} shirt and blue shorts")
    swapped_ball = _negative(report.phrases[1], f"a {other_ball} ball")
    assert swapped_boy.kind == swapped_ball.kind == "colour"
    assert report.phrases[0].score > swapped_boy.score
    assert report.phrases[1].score > swapped_ball.score


def test_ranking_prefers_the_picture_with_the_right_ball():
    critic = get_critic(CriticConfig(), threads=1)
    phrases = ["a boy in a red shirt and blue shorts", "a yellow ball", "a garden at noon"]
    good, wrong = _scene(404, "red", "yellow"), _scene(404, "red", "blue")
    ranked = critic.rank([wrong.image, good.image], phrases, [wrong.manifest.entities, good.manifest.entities])
    assert ranked.best_index == 1
    assert ranked.reports[1].phrases[1].score > ranked.reports[0].phrases[1].score


def test_a_character_in_a_scene_matches_its_own_reference_sheet_not_another():
    """As the critic agent checks identity: the manifest box cut with `crop_region`, against the sheets."""
    from animdirector.tools.critic.score import crop_region
    from animdirector.tools.render import Layout, Placement, Setting, design_from_text, render_reference_sheet, render_scene

    critic = get_critic(CriticConfig(), threads=1)
    sofia = design_from_text("Sofia", "girl", "yellow shirt, blue dress, long brown hair")
    man = design_from_text("Man", "man", "green shirt, grey trousers, backpack")
    layout = Layout(setting=Setting(place="bedroom", time_of_day="morning"), placements=[
        Placement(character="Sofia", x=0.2, pose="sit"), Placement(character="Man", x=0.85, pose="stand"),
    ])
    scene = render_scene(layout, None, characters={"Sofia": sofia, "Man": man}, size=(768, 432), seed=5)
    sheets = {d.name: render_reference_sheet(d).image for d in (sofia, man)}
    for name, other in (("Sofia", "Man"), ("Man", "Sofia")):
        crop = crop_region(scene.image, scene.manifest.entity(name))
        own, theirs = critic.identity_check(crop, sheets[name]), critic.identity_check(crop, sheets[other])
        assert own.passed, (name, own.similarity)
        assert own.similarity > theirs.similarity
