"""Facts, wordings and hard negatives used to train and check the critic."""

import random

from animdirector.tools.critic.captions import CharTruth, FactSpace, PropTruth, Truth, holds, perturb, phrase, true_facts

SPACE = FactSpace(colours=("red", "blue", "green"), kinds=("boy", "girl", "dog"), props=("ball", "kite"),
                  shapes=("round",), places=("garden", "beach"))
SCENE = Truth(
    chars=(CharTruth("boy", "red", "blue", "shorts", "happy", 0.2), CharTruth("dog", "green", None, None, "neutral", 0.8)),
    props=(PropTruth("ball", "red", "round", 0.5),),
    place="garden", time="sunset", weather="clear",
)


def test_true_facts_hold_and_their_perturbations_do_not():
    rng = random.Random(0)
    facts = true_facts(SCENE)
    assert ("rel", "boy", "dog") in facts and ("rel", "dog", "boy") not in facts
    assert ("char", "boy", "red", "blue") in facts
    for fact in facts:
        assert holds(fact, SCENE) == 1
    flipped = [perturb(f, SPACE, rng) for f in facts for _ in range(5)]
    assert sum(holds(f, SCENE) == 0 for f in flipped) / len(flipped) > 0.8


def test_crops_cannot_tell_the_setting():
    crop = Truth(chars=SCENE.chars[:1], is_crop=True)
    assert holds(("place", "garden", None, None), crop) == -1
    assert holds(("char", "boy", "red", None), crop) == 1


def test_wordings_vary_but_canonical_is_stable():
    fact = ("char", "boy", "red", "blue")
    assert phrase(fact, None, "shorts") == "a boy in a red shirt and blue shorts"
    rng = random.Random(1)
    assert len({phrase(fact, rng, "shorts") for _ in range(30)}) > 3
    assert phrase(("prop", "ball", "orange", None), None, None, "round") == "an orange round ball"
    assert phrase(("place", "garden", "sunset", None)) == "a garden at sunset"


def test_every_weather_the_renderer_draws_has_words():
    # a foggy scene's caption raised KeyError and the scene failed
    from typing import get_args

    from animdirector.tools.render.scene import Setting

    weathers = get_args(Setting.model_fields["weather"].annotation)
    assert {phrase(("place", "lake", None, w)) for w in weathers} == {
        "a lake", "a lake on a cloudy day", "a lake in the fog", "a lake in the rain", "a lake in the snow"}


def test_a_scene_checklist_says_only_the_colours_the_critic_can_judge():
    """In the critic's basic colour words ("navy blue" is blue, "golden" yellow), without colours the
    renderer draws far from any colour the critic learnt (turquoise, light blue), and props by the
    noun they are drawn as (none for a prop drawn as a generic object)."""
    from animdirector.tools.critic.evaluate import checklist_for_layout
    from animdirector.tools.render import CharacterDesign, Layout, Placement, Prop, Setting

    mia = CharacterDesign(name="Mia", kind="girl", top_colour="navy blue", bottom_colour="crimson", bottom_style="skirt")
    sofia = CharacterDesign(name="Sofia", kind="woman", top_colour="turquoise", bottom_colour="blue", bottom_style="dress")
    rex = CharacterDesign(name="Rex", kind="dog", fur_colour="golden")
    barber = CharacterDesign(name="Bob", kind="man", top_colour="purple", bottom_colour="purple")
    layout = Layout(setting=Setting(place="park", time_of_day="noon"), placements=[
        Placement(character="Mia", x=0.2), Placement(character="Sofia", x=0.4), Placement(character="Rex", x=0.6),
        Placement(character="Bob", x=0.7),
        Placement(prop=Prop(noun="kite", colour="scarlet", shape="diamond"), x=0.8),
        Placement(prop=Prop(noun="ball", colour="light blue"), x=0.9),
        Placement(prop=Prop(noun="stone", colour="grey"), x=0.1),  # drawn as a rock
        Placement(prop=Prop(noun="whisk", colour="grey"), x=0.5),  # drawn as a generic object
    ])
    checklist = checklist_for_layout(layout, {"Mia": mia, "Sofia": sofia, "Rex": rex, "Bob": barber})
    assert checklist == ["a girl in a blue shirt and red skirt", "a woman in blue dress", "a yellow dog",
                         "a man in purple trousers",  # one colour all over is said once
                         "a red diamond kite", "a ball", "a grey rock", "a park at noon"]


def test_calibration_keeps_false_alarms_within_budget_and_agrees_with_the_verdict_rule():
    """Calibrated on scenes with known defects, the thresholds flag at most the budget of intact
    scenes, and `flagged` (the rule the critic agent applies) counts exactly what calibration counted."""
    import numpy as np

    from animdirector.tools.critic.evaluate import SceneScore, calibrate_alignment, detection

    rng = np.random.default_rng(0)
    scores = []
    for n in range(300):
        for defect in (None, "recoloured"):
            own = rng.normal(0.15, 0.03, 3)
            colour = own - rng.normal(0.08, 0.03, 3)  # intact: phrases beat their colour swap by ~0.08
            ident = rng.normal(0.85, 0.05, 1)
            if defect:
                if n % 2:
                    colour[0] = own[0] + rng.normal(0.02, 0.03)  # the broken phrase loses to its true colour
                else:
                    ident[0] -= 0.3  # or the character no longer matches its sheet
            scores.append(SceneScore(defect, 0 if defect else -1, own, colour, best_by_kind={"colour": colour},
                                     identity=ident, entity=np.ones(3, bool)))
    th = calibrate_alignment(scores, max_false_alarm=0.05)
    det, fa = detection(scores, th)
    assert fa <= 0.05
    assert det >= 0.8
    # Each half of the defects is caught by its own signal.
    assert th.identity > 0.6 and th.margin_for("colour") > -0.05


def test_identity_is_a_verdict_only_for_designs_in_colours_the_critic_learnt():
    from animdirector.tools.critic.evaluate import identity_judgeable
    from animdirector.tools.render import CharacterDesign

    assert identity_judgeable(CharacterDesign(name="Rex", kind="dog", fur_colour="brown"))
    assert identity_judgeable(CharacterDesign(name="Mia", kind="girl", top_colour="navy blue", bottom_colour="red"))
    assert not identity_judgeable(CharacterDesign(name="Spot", kind="dog", fur_colour="light brown"))
    assert not identity_judgeable(CharacterDesign(name="Sofia", kind="girl", top_colour="turquoise", bottom_colour="blue"))


def test_the_critic_reads_only_the_words_it_was_trained_on():
    """A prop added to the library after the critic was trained (scissors) is a word it never saw:
    it makes no negative and the scene's checklist leaves it to the frame facts."""
    from animdirector.config import Config
    from animdirector.tools.critic import get_critic

    critic = get_critic(Config().critic, threads=1)
    assert critic.reads("a red kite") and not critic.reads("a grey scissors")
    assert critic.judges("a red diamond kite") and not critic.judges("a grey scissors")
    assert "kite" in critic.vocabulary.props and "scissors" not in critic.vocabulary.props
