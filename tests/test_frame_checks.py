"""A scene's facts, from its text, checked on the frames of a real clip: who is in view, who holds
what, who touches whom, what is not there, where and when."""

import pytest

from animdirector.tools.render import Layout, Motion, Placement, Prop, Setting, Shot, design_from_text, render_clip
from animdirector.tools.render.api import load_frame_manifests
from animdirector.tools.story.frame_checks import SceneFact, check_frames, scene_facts
from animdirector.tools.story.scenes import scene_reading

SIZE = (320, 180)
CAST = {"Mia": design_from_text("Mia", "girl", "a yellow dress", seed=0),
        "Rex": design_from_text("Rex", "dog", "a small brown dog", seed=0)}
KINDS = {"Mia": "girl", "Rex": "dog", "Tweet": "bird"}
STORY = "Mia was a little girl, and Rex was her dog. "


def facts_of(text, characters=("Mia", "Rex"), props=None, place="park", time="noon", weather="clear"):
    reading = scene_reading(STORY + text, text)
    return scene_facts(reading, characters=list(characters), props=props or {}, place=place, time_of_day=time,
                       weather=weather, kinds=KINDS)


@pytest.mark.parametrize("text,expected", [
    ("Mia flew her red kite in the park.",
     {("present", "Mia", ""), ("held", "Mia", "kite"), ("place", "", "park")}),
    ("Mia laughed and hugged Rex.", {("present", "Mia", ""), ("present", "Rex", ""), ("touch", "Mia", "Rex")}),
    ("They looked behind a rock, but the kite was not there.", {("absent", "", "kite")}),
    ("At sunset, Rex ran to the river.", {("present", "Rex", ""), ("place", "", "river"), ("time", "", "sunset")}),
    ("It was snowing when Mia went outside.", {("present", "Mia", ""), ("weather", "", "snow")}),
])
def test_the_facts_a_scene_states(text, expected):
    facts = {(f.kind, f.who, f.what) for f in facts_of(text, props={"kite": "kite"})}
    assert expected <= facts
    # nobody who walks is in the sky; a bird may be
    assert ("ground", "Mia", "") in facts and ("ground", "Tweet", "") not in {
        (f.kind, f.who, f.what) for f in facts_of(text, characters=("Mia", "Tweet"))}


def test_a_thing_held_by_someone_without_hands_is_no_fact():
    assert not [f for f in facts_of("Rex caught the ball.", props={"ball": "ball"}) if f.kind == "held"]


def clip(tmp_path, placements, shot, motions=(), name="c"):
    layout = Layout(setting=Setting(place="park", time_of_day="sunset"), placements=placements)
    r = render_clip(layout, shot, list(motions), characters=CAST, out_path=tmp_path / f"{name}.mp4", size=SIZE)
    frames = load_frame_manifests(r.path)
    assert frames == r.frames and len(frames) == 1 + (r.frame_count - 1) // 4 + ((r.frame_count - 1) % 4 > 0)
    return frames


def test_a_clip_that_keeps_both_in_contact_passes_and_one_that_loses_one_fails(tmp_path):
    facts = facts_of("Mia laughed and hugged Rex.", place="park", time="sunset")
    hug = [Placement(character="Mia", x=0.45, facing="right"), Placement(character="Rex", x=0.51, facing="left")]
    frames = clip(tmp_path, hug, Shot(duration_s=1.0, fps=12))
    assert all(r.passed for r in check_frames(facts, frames)), [r.describe() for r in check_frames(facts, frames)]
    # Rex runs off to the right: he is not in view for most of the clip, and no longer in contact
    frames = clip(tmp_path, hug, Shot(duration_s=1.0, fps=12),
                  [Motion(name="exit-right", who="Rex", start_s=0.0, end_s=0.4)], name="off")
    failed = {(r.fact.kind, r.fact.who) for r in check_frames(facts, frames) if not r.passed}
    assert failed == {("present", "Rex"), ("touch", "Mia")}
    # a close-up on Mia frames her alone
    frames = clip(tmp_path, [Placement(character="Mia", x=0.3), Placement(character="Rex", x=0.7)],
                  Shot(duration_s=0.5, fps=12, framing="close-up", subject="Mia"), name="close")
    assert {(r.fact.kind, r.fact.who) for r in check_frames(facts, frames) if not r.passed} >= {("present", "Rex")}


def test_held_absent_place_and_time_are_checked_on_the_frames(tmp_path):
    kite = Prop(noun="kite", colour="red")
    holding = clip(tmp_path, [Placement(character="Mia", x=0.5, holding=kite)], Shot(duration_s=0.5, fps=12))
    lying = clip(tmp_path, [Placement(character="Mia", x=0.3), Placement(prop=kite, x=0.7)],
                 Shot(duration_s=0.5, fps=12), name="lying")
    held = [SceneFact("held", who="Mia", what="kite")]
    absent = [SceneFact("absent", what="kite")]
    assert check_frames(held, holding)[0].passed and not check_frames(held, lying)[0].passed
    assert not check_frames(absent, lying)[0].passed
    assert check_frames(absent, clip(tmp_path, [Placement(character="Mia")], Shot(duration_s=0.3, fps=12), name="no"))[0].passed
    when = [SceneFact("place", what="park"), SceneFact("time", what="sunset"), SceneFact("weather", what="clear")]
    assert all(r.passed for r in check_frames(when, holding))
    wrong = [SceneFact("place", what="kitchen"), SceneFact("time", what="night")]
    assert not any(r.passed for r in check_frames(wrong, holding))


def test_no_frames_pass_no_fact():
    assert not check_frames([SceneFact("present", who="Mia")], [])[0].passed


def test_who_the_text_has_leave_needs_to_be_in_view_for_part_of_the_clip_only(tmp_path):
    leaving = [f for f in facts_of("Rex barked and left the park.") if f.kind == "present" and f.who == "Rex"]
    staying = [f for f in facts_of("Rex barked in the park.") if f.kind == "present" and f.who == "Rex"]
    frames = clip(tmp_path, [Placement(character="Rex", x=0.5)], Shot(duration_s=1.0, fps=12),
                  [Motion(name="exit-right", who="Rex", start_s=0.3, end_s=0.9)], name="leaves")
    share = check_frames(leaving, frames)[0].share
    assert 0.5 <= share < 0.9  # he walks off: in view for a part of it
    assert check_frames(leaving, frames)[0].passed and not check_frames(staying, frames)[0].passed


def test_a_settled_script_place_is_the_place_checked():
    # the text's "the water" of a beach scene: the script settled the beach, and the frames are checked for it
    reading = scene_reading(STORY + "Mia ran into the water.", "Mia ran into the water.")
    def place(settled):
        facts = scene_facts(reading, characters=["Mia"], props={}, place="beach", time_of_day="noon",
                            weather="clear", kinds=KINDS, settled=settled)
        return next(f.what for f in facts if f.kind == "place")
    assert (place(True), place(False)) == ("beach", "river")
