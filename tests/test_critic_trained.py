"""The bundled critic, trained on our renders, on a few fresh renders it has never seen."""

import random

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
    return render_scene(layout, None, characters={"Tim": boy}, size=(768, 432), seed=seed).image


@pytest.mark.parametrize("seed,top,ball", [(101, "red", "yellow"), (202, "green", "red"), (303, "yellow", "blue")])
def test_prefers_the_true_caption_over_its_colour_swap(seed, top, ball):
    critic = get_critic(CriticConfig(), threads=1)
    image = _scene(seed, top, ball)
    other_top = "purple" if top != "purple" else "orange"
    other_ball = "green" if ball != "green" else "pink"
    true_boy, swapped_boy = f"a boy in a {top} shirt and blue shorts", f"a boy in a {other_top} shirt and blue shorts"
    true_ball, swapped_ball = f"a {ball} ball", f"a {other_ball} ball"
    s = critic.embed_images([image]) @ critic.embed_texts([true_boy, swapped_boy, true_ball, swapped_ball]).T
    assert s[0, 0] > s[0, 1]
    assert s[0, 2] > s[0, 3]


def test_a_missing_ball_fails_its_phrase_and_ranking_prefers_the_right_picture():
    critic = get_critic(CriticConfig(), threads=1)
    phrases = ["a boy in a red shirt and blue shorts", "a yellow ball", "a garden at noon"]
    good = _scene(404, "red", "yellow")
    wrong = _scene(404, "red", "blue")
    ranked = critic.rank([wrong, good], phrases)
    assert ranked.best_index == 1
    assert not ranked.reports[0].phrases[1].passed
