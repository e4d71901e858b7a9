"""Things take part in the action: a thing handed over passes from hand to hand, a thrown one arcs,
a kicked one rolls away, one played with bounces; and the frames say who holds it when."""

from __future__ import annotations

from pathlib import Path

import pytest

from animdirector.agents.cinematographer import things_in_play, with_things_in_play
from animdirector.tools import render
from animdirector.tools.render.motions import EntityState, apply_motion
from animdirector.tools.story.frame_checks import check_frames, scene_facts
from animdirector.tools.story.scenes import scene_reading

CAST = "Ben was a boy and Ann was a girl. They were in the garden. "
SIZE = (320, 180)
BALL, APPLE = render.Prop(noun="ball", colour="red"), render.Prop(noun="apple", colour="red")


def layout(*placements: render.Placement) -> render.Layout:
    return render.Layout(setting=render.Setting(place="park"), placements=list(placements))


def ben(x: float = 0.38, **kw) -> render.Placement:
    return render.Placement(character="Ben", x=x, facing="right", **kw)


def ann(x: float = 0.62, **kw) -> render.Placement:
    return render.Placement(character="Ann", x=x, facing="left", **kw)


@pytest.fixture(scope="module")
def cast():
    return {"Ben": render.design_from_text("Ben", "boy", "a green shirt", seed=0),
            "Ann": render.design_from_text("Ann", "girl", "a yellow dress", seed=0)}


def plan(text: str, lay: render.Layout, seconds: float = 3.0):
    return things_in_play(scene_reading(CAST + text, text), lay, ["Ben", "Ann"], seconds)


def holders(lay: render.Layout) -> dict[str, str]:
    return {p.character: p.holding.noun for p in lay.placements if p.holding is not None}


# -- planning: which motions the text's verbs give the thing and the people ---------------------------------

@pytest.mark.parametrize("text, placements, motions, held_at_start", [
    # giving, either way round, and taking from someone: giver's hand to the receiver's
    ("Ben gave Ann the apple.", [ben(), ann(holding=APPLE)], {("give", "Ben", "Ann"), ("receive", "Ann", None)},
     {"Ben": "apple"}),
    ("Ben gave the apple to Ann.", [ben(), ann(), render.Placement(prop=APPLE, x=0.5)],
     {("give", "Ben", "Ann"), ("receive", "Ann", None)}, {"Ben": "apple"}),
    ("Ann took the apple from Ben.", [ben(holding=APPLE), ann()], {("give", "Ben", "Ann"), ("receive", "Ann", None)},
     {"Ben": "apple"}),
    ("Ben handed Ann the apple.", [ben(holding=APPLE), ann()], {("give", "Ben", "Ann"), ("receive", "Ann", None)},
     {"Ben": "apple"}),
    ("Ben shared his apple with Ann.", [ben(holding=APPLE), ann()], {("give", "Ben", "Ann"), ("receive", "Ann", None)},
     {"Ben": "apple"}),
    # a throw starts in the thrower's hand; a catcher named either way catches it
    ("Ben threw the ball to Ann.", [ben(holding=BALL), ann()], {("throw", "Ben", "Ann"), ("receive", "Ann", None)},
     {"Ben": "ball"}),
    ("Ben threw the ball and Ann caught it.", [ben(), ann(), render.Placement(prop=BALL, x=0.45)],
     {("throw", "Ben", "Ann"), ("receive", "Ann", None)}, {"Ben": "ball"}),
    ("Ben tossed the ball.", [ben(holding=BALL), ann()], {("throw", "Ben", None)}, {"Ben": "ball"}),
    # kicked: it rolls; played with: it bounces, from the hand when held
    ("Ben kicked the ball.", [ben(), render.Placement(prop=BALL, x=0.45)], {("kick", "Ben", None), ("roll", "ball", None)},
     {}),
    ("Ann played with the ball.", [ann(), render.Placement(prop=BALL, x=0.7)], {("bounce", "ball", None)}, {}),
    ("Ann played with her ball.", [ann(holding=BALL)], {("dribble", "Ann", None)}, {"Ann": "ball"}),
    ("Ann bounced the ball.", [ann(), render.Placement(prop=BALL, x=0.7)], {("bounce", "ball", None)}, {}),
    ("Ann juggled the apples.", [ann(holding=APPLE)], {("juggle", "Ann", None)}, {"Ann": "apple"}),
    # not a thing in play: a friend played with, a big thing, what is not done, a thing not drawn
    ("Ann played with Ben.", [ben(), ann(), render.Placement(prop=BALL, x=0.5)], set(), {}),
    ("Ann played on the swing.", [ann(), render.Placement(prop=render.Prop(noun="swing"), x=0.5)], set(), {}),
    ("Ben did not throw the ball.", [ben(holding=BALL), ann()], set(), {"Ben": "ball"}),
    ("Ben gave Ann the apple.", [ben(), ann()], set(), {}),
])
def test_the_text_s_verbs_give_the_thing_a_part(text, placements, motions, held_at_start):
    lay, planned, said = plan(text, layout(*placements))
    assert {(m.name, m.who, m.receiver) for m in planned} == motions
    assert holders(lay) == held_at_start
    assert len(said) == (len({m.who for m in planned if m.name not in ("receive", "kick")}) if motions else 0)


def test_a_giver_far_from_the_receiver_walks_up_to_them_first():
    _, planned, _ = plan("Ben gave Ann the apple.", layout(ben(0.1, holding=APPLE), ann(0.85)))
    give = next(m for m in planned if m.name == "give")
    assert give.to_x is not None and 0.5 < give.to_x < 0.85
    _, planned, _ = plan("Ben gave Ann the apple.", layout(ben(0.4, holding=APPLE), ann(0.6)))
    assert next(m for m in planned if m.name == "give").to_x is None  # near enough to reach


def test_whoever_takes_part_does_that_and_nothing_else():
    told = [render.Motion(name="run", who="Ben", to_x=0.8), render.Motion(name="wave", who="Ann"),
            render.Motion(name="roll", who="ball")]
    in_play = [render.Motion(name="give", who="Ben", receiver="Ann"), render.Motion(name="receive", who="Ann")]
    assert [(m.name, m.who) for m in with_things_in_play(told, in_play)] == [("roll", "ball"), ("give", "Ben"),
                                                                             ("receive", "Ann")]


# -- the motions themselves ------------------------------------------------------------------------------


def test_a_handed_thing_leaves_the_hand_at_the_middle_and_arrives_after_it():
    st = EntityState(0.4, 0.85, 0.0, "right", "stand", "happy")
    give = render.Motion(name="give", who="Ben", receiver="Ann", start_s=0.0, end_s=2.0)
    flights = [apply_motion(st, give, t, 0.1).release for t in (0.2, 0.9, 1.0, 1.1, 1.5, 2.5)]
    assert flights[0].flight == 0.0 and flights[0].to == "Ann"  # still in the hand, hers to take
    assert 0 < flights[1].flight < flights[2].flight < flights[3].flight < 1 and flights[2].flight == pytest.approx(0.5)
    assert flights[4].flight == flights[5].flight == 1.0 and flights[5].to == "Ann"  # and stays given


def test_a_bounced_thing_goes_up_and_down_on_the_spot():
    st = EntityState(0.5, 0.85, 0.0, "front", "stand", "neutral")
    bounce = render.Motion(name="bounce", who="ball", start_s=0.0, end_s=2.0)
    hops = [apply_motion(st, bounce, t / 10, 0.1).hop for t in range(21)]
    assert max(hops) > 0.8 and min(hops) == 0.0 and hops[-1] == 0.0
    assert {apply_motion(st, bounce, t / 10, 0.1).x for t in range(21)} == {0.5}


# -- rendered: the frames show it and say so ----------------------------------------------------------------


def centre(e: render.EntityBox) -> tuple[float, float]:
    return (e.bbox[0] + e.bbox[2]) / 2, (e.bbox[1] + e.bbox[3]) / 2


def thing(m: render.Manifest, noun: str) -> render.EntityBox:
    return next(e for e in m.entities if e.name == noun)


def test_a_given_apple_passes_from_the_giver_s_hand_to_the_receiver_s(tmp_path: Path, cast):
    text = "Ben gave Ann the apple."
    lay, planned, _ = plan(text, layout(ben(), ann(holding=APPLE)))
    clip = render.render_clip(lay, render.Shot(duration_s=3.0, fps=8), planned, characters=cast,
                              out_path=tmp_path / "give.mp4", size=SIZE)
    frames = clip.frames
    first, last = thing(frames[0], "apple"), thing(frames[-1], "apple")
    assert (first.held_by, last.held_by) == ("Ben", "Ann")
    assert (last.from_hand, last.to_hand) == ("Ben", "Ann")
    ben_box, ann_box = frames[-1].entity("Ben").bbox, frames[-1].entity("Ann").bbox
    assert ben_box[0] <= centre(first)[0] <= ben_box[2] + 4 and ann_box[0] - 4 <= centre(last)[0] <= ann_box[2]
    # on its way it is in nobody's hand, between the two
    between = [thing(m, "apple") for m in frames if thing(m, "apple").held_by == ""]
    assert between and all(centre(first)[0] < centre(e)[0] < centre(last)[0] for e in between)
    # what the critic reads: the reader has Ann hold it; she does from the hand-over on, and it is hers to take
    reading = scene_reading(CAST + text, text)
    facts = [f for f in scene_facts(reading, characters=["Ben", "Ann"], props={"apple": "apple"}, place="park",
                                    time_of_day="noon", weather="clear", kinds={"Ben": "boy", "Ann": "girl"})
             if f.kind == "held"]
    assert [(f.who, f.what) for f in facts] == [("Ann", "apple")]
    assert all(r.passed for r in check_frames(facts, frames))


def test_a_thrown_ball_arcs_from_the_hand_and_lands_away_or_in_the_catcher_s_hands(tmp_path: Path, cast):
    for text, catcher in (("Ben threw the ball to Ann.", "Ann"), ("Ben tossed the ball.", "")):
        lay, planned, _ = plan(text, layout(ben(0.25, holding=BALL), ann(0.75)))
        clip = render.render_clip(lay, render.Shot(duration_s=3.0, fps=8), planned, characters=cast,
                                  out_path=tmp_path / f"throw{bool(catcher)}.mp4", size=SIZE)
        balls = [thing(m, "ball") for m in clip.frames]
        start, end = centre(balls[0]), centre(balls[-1])
        top = min(centre(b)[1] for b in balls)
        assert balls[0].held_by == "Ben" and balls[-1].held_by == catcher  # it left the hand
        assert end[0] > start[0] + 60  # across the picture
        assert top < min(start[1], end[1]) - 15  # up through the air on the way
        if not catcher:  # on the ground by where it landed, nobody's
            assert balls[-1].bbox[3] > clip.frames[-1].entity("Ben").bbox[3] - 12


def test_a_ball_played_with_bounces_by_the_player(tmp_path: Path, cast):
    lay, planned, _ = plan("Ann played with the ball.", layout(ann(0.4), render.Placement(prop=BALL, x=0.8)))
    clip = render.render_clip(lay, render.Shot(duration_s=3.0, fps=8), planned, characters=cast,
                              out_path=tmp_path / "bounce.mp4", size=SIZE)
    balls = [thing(m, "ball") for m in clip.frames]
    floor = max(b.bbox[3] for b in balls)
    assert floor - min(b.bbox[3] for b in balls) > 15  # up off the ground and back
    ann_x = centre(clip.frames[-1].entity("Ann"))[0]
    assert abs(centre(balls[-1])[0] - ann_x) < abs(centre(balls[0])[0] - ann_x)  # it came over to her


def test_a_held_ball_bounced_goes_to_the_ground_and_back_to_the_hand(tmp_path: Path, cast):
    lay, planned, _ = plan("Ann played with her ball.", layout(ann(0.5, holding=BALL)))
    clip = render.render_clip(lay, render.Shot(duration_s=3.0, fps=24), planned, characters=cast,
                              out_path=tmp_path / "dribble.mp4", size=SIZE)
    feet = clip.frames[0].entity("Ann").bbox[3]  # her shoes' soles
    bottoms = [thing(m, "ball").bbox[3] for m in clip.frames]
    assert max(bottoms) >= feet - 8 and min(bottoms) < feet - 25  # down by her feet, and up at her hand
    assert {thing(m, "ball").held_by for m in clip.frames} == {"Ann", ""}


def test_a_rolling_thing_turns_as_it_goes_and_stops_turning_when_it_stops():
    st = EntityState(0.3, 0.85, 0.0, "front", "stand", "neutral")
    roll = render.Motion(name="roll", who="ball", to_x=0.7, start_s=0.0, end_s=2.0)
    spins = [apply_motion(st, roll, t / 4, 0.05).spin for t in range(13)]
    assert all(a < b for a, b in zip(spins[:8], spins[1:9])) and spins[8] > 1.0  # several turns, rolling right
    assert spins[8] == spins[12]
    back = render.Motion(name="roll", who="ball", to_x=0.1, start_s=0.0, end_s=2.0)
    assert apply_motion(st, back, 1.0, 0.05).spin < 0  # the other way round, rolling left


@pytest.mark.parametrize("weather", ["rain", "snow"])
def test_someone_holding_a_thing_in_the_rain_or_snow_is_drawn(weather):
    # the frame's loop over things in hand once shadowed its time: rain and snow moved by a thing
    from animdirector.tools import render

    design = render.design_from_text("Mia", "girl", "a girl in a yellow dress", seed=0)
    layout = render.Layout(setting=render.Setting(place="park", weather=weather), placements=[
        render.Placement(character="Mia", x=0.5, holding=render.Prop(noun="umbrella", colour="red"))])
    result = render.render_scene(layout, None, characters={"Mia": design}, size=(256, 144))
    assert any(e.name == "umbrella" and e.held_by == "Mia" for e in result.manifest.entities)
