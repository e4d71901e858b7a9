"""Code reads what a scene's text states plainly: the things it names, and who holds them."""

import tempfile
from pathlib import Path

import pytest


def test_things_the_story_names_are_found_with_the_words_that_describe_them():
    from animdirector.tools.story import read_story

    story = ("Max played a big white drum. Later the kite was stuck on a bush by the water. "
             "She will present it to her mom, and he was present too. Tom liked the boats.")
    things = [(t.word, t.colour, t.size) for s in read_story(story).sentences for t in s.things]
    # in story order; the verb and the adjective 'present' are no present
    assert things == [("drum", "white", "big"), ("kite", "", ""), ("bush", "", ""), ("boat", "", "")]


CAST = "Mia was a little girl, and Rex was her dog. "


def staged(text, staging, props, hands):
    from animdirector.agents.art_director import staged_by_reading
    from animdirector.tools.story.scenes import scene_reading

    story = CAST + text
    return staged_by_reading(staging, scene_reading(story, text), {p: None for p in props}, hands)


@pytest.mark.parametrize("text,chose,expected", [
    ("Mia flies her kite in the park.", {}, {"Mia": "kite"}),
    ("Rex runs while Mia flies the red kite.", {}, {"Mia": "kite"}),  # the subject of the verb of holding
    ("Mia laughs and carries a basket. Rex barks.", {}, {"Mia": "basket"}),
    ("Mia flies the kite.", {"Mia": "ball"}, {"Mia": "ball"}),  # what the model chose stands
    ("Mia sits under the tree with her ball.", {}, {"Mia": "ball"}),  # 'with': she has it
    ("Mia sees a ball under the tree.", {}, {}),  # seeing is not holding
    ("Mia pushes the swing.", {}, {}),  # scenery is never held
    ("Mia lost her kite.", {}, {}),  # what is lost is not in hand
    ("Mia hugs Rex. At sunset they walked home, holding the kite.", {}, {"Mia": "kite"}),  # Rex has no hands
    ("Rex picks up the ball.", {}, {}),  # nor does he here
])
def test_what_the_text_puts_in_a_characters_hands_is_held(text, chose, expected):
    from animdirector.agents.messages import Staging

    staging = [Staging(who="Mia", position="left", holding=chose.get("Mia", "nothing")),
               Staging(who="Rex", position="right"),
               *[Staging(who=thing, position="centre") for thing in ("kite", "basket", "ball", "swing")]]
    held = {s.who: s.holding for s in staged(text, staging, ["kite", "basket", "ball", "swing"], hands=["Mia"])
            if s.holding != "nothing"}
    assert held == expected


@pytest.mark.parametrize("text,contact", [
    ("Mia laughed and hugged Rex.", {"Rex": "Mia"}),  # the one touched comes to the one who touches
    ("Rex licked Mia's face.", {}),  # a face is not Mia: no verb of contact with her
    ("Mia and Rex cuddled on the sofa.", {"Rex": "Mia"}),  # a reciprocal verb with two subjects
    ("Mia did not hug Rex.", {}),  # what is not done is not staged
    ("Mia waved at Rex.", {}),  # waving is no contact
])
def test_who_touches_whom_is_staged_in_contact(text, contact):
    from animdirector.agents.messages import Staging

    staging = [Staging(who="Mia", position="left"), Staging(who="Rex", position="right")]
    assert {s.who: s.next_to for s in staged(text, staging, [], hands=["Mia"]) if s.next_to} == contact


def test_two_who_hug_are_drawn_touching_facing_each_other():
    from types import SimpleNamespace

    from animdirector.agents.art_director import layout_from_staging
    from animdirector.agents.messages import Staging
    from animdirector.tools import render

    designs = {"Mia": render.design_from_text("Mia", "girl", "a girl in a yellow dress", seed=0),
               "Rex": render.design_from_text("Rex", "dog", "a small brown dog", seed=0)}
    staging = staged("Mia laughed and hugged Rex.", [Staging(who="Mia", position="left"),
                                                   Staging(who="Rex", position="right")], [], hands=["Mia"])
    scene = SimpleNamespace(place="park", time_of_day="sunset", weather="clear")
    layout = layout_from_staging(scene, staging, {}, designs)
    manifest = render.render_scene(layout, None, characters=designs, size=(384, 216)).manifest
    assert manifest.touching == [("Mia", "Rex")]
    facing = {p.character: p.facing for p in layout.placements}
    assert facing == {"Mia": "right", "Rex": "left"}
    apart = layout_from_staging(scene, [s.model_copy(update={"next_to": ""}) for s in staging], {}, designs)
    assert render.render_scene(apart, None, characters=designs, size=(384, 216)).manifest.touching == []


def test_a_character_alone_holds_what_she_flies():
    from types import SimpleNamespace

    from animdirector.agents.art_director import layout_from_staging
    from animdirector.agents.messages import Staging
    from animdirector.tools import render

    staging = staged("She flies her kite.", [Staging(who="Mia", position="centre"),
                                            Staging(who="kite", position="right")], ["kite"], hands=["Mia"])
    scene = SimpleNamespace(place="park", time_of_day="morning", weather="clear")
    layout = layout_from_staging(scene, staging, {"kite": render.prop_from_text("a red kite")},
                                 {"Mia": render.design_from_text("Mia", "girl", "a girl in a yellow dress", seed=0)})
    # the kite is in her hand, not standing on the grass beside her
    assert [(p.character, p.holding.noun if p.holding else None, p.prop) for p in layout.placements] == [("Mia", "kite", None)]


@pytest.mark.parametrize("text,expected", [
    ("The red kite flew far away over the trees.", [("fly-away", "kite")]),
    ("A gust of wind blew the kite away.", []),  # the wind is the subject: the kite is its object
    ("The ball rolled under the bench.", [("roll", "ball")]),
    ("Mia flew her kite in the park.", []),  # a kite someone flies is in her hands
    ("The kite did not fly.", []),  # what is not done does not move
])
def test_things_the_text_has_move_by_themselves_move(text, expected):
    from animdirector.agents.cinematographer import things_moving
    from animdirector.tools import render
    from animdirector.tools.story.scenes import scene_reading

    layout = render.Layout(setting=render.Setting(place="park"), placements=[
        render.Placement(character="Mia", x=0.3), render.Placement(prop=render.Prop(noun="kite"), x=0.6),
        render.Placement(prop=render.Prop(noun="ball"), x=0.7)])
    moves = things_moving(scene_reading(CAST + text, text), layout, 4.0)
    assert [(m.name, m.who) for m in moves] == expected
    clip = render.render_clip(layout, render.Shot(duration_s=4.0, fps=4), moves, out_path=Path(tempfile.mkdtemp()) / "c.mp4",
                              characters={"Mia": render.design_from_text("Mia", "girl", "", seed=0)}, size=(320, 180))
    for name, who in expected:  # it leaves where it stood
        first, last = clip.frames[0].entity(who), clip.frames[-1].entity(who)
        assert first.bbox != last.bbox and (name != "fly-away" or last.visible == 0)


def test_who_or_what_the_text_puts_at_a_thing_is_drawn_there():
    from types import SimpleNamespace

    from animdirector.agents.art_director import layout_from_staging
    from animdirector.agents.messages import Staging
    from animdirector.tools import render
    from animdirector.tools.story.frame_checks import check_frames, scene_facts
    from animdirector.tools.story.scenes import scene_reading

    text = "Mia sat down under a tall tree. The kite was stuck on a bush."
    props = {"kite": render.Prop(noun="kite", colour="red"), "tree": render.Prop(noun="tree"),
             "bush": render.Prop(noun="bush")}
    staging = [Staging(who="Mia", position="left", pose="sit"), Staging(who="Rex", position="right"),
               Staging(who="kite", position="centre-left"), Staging(who="tree", position="right", distance="far"),
               Staging(who="bush", position="centre", distance="far")]
    staged_now = staged(text, staging, list(props), hands=["Mia"])
    assert {s.who: s.at for s in staged_now if s.at} == {"Mia": "tree", "kite": "bush"}
    designs = {"Mia": render.design_from_text("Mia", "girl", "a yellow dress", seed=0),
               "Rex": render.design_from_text("Rex", "dog", "a small brown dog", seed=0)}
    scene = SimpleNamespace(place="park", time_of_day="noon", weather="clear")
    facts = [f for f in scene_facts(scene_reading(CAST + text, text), characters=["Mia", "Rex"],
                                    props={p: p for p in props}, place="park", time_of_day="noon", weather="clear",
                                    kinds={"Mia": "girl", "Rex": "dog"}) if f.kind == "at"]
    assert [(f.who, f.verb, f.what) for f in facts] == [("Mia", "under", "tree"), ("kite", "on", "bush")]

    def shown(staging):
        layout = layout_from_staging(scene, staging, props, designs)
        frame = render.render_scene(layout, None, characters=designs, size=(384, 216)).manifest
        return [r.passed for r in check_frames(facts, [frame])]

    assert shown(staged_now) == [True, True]
    assert shown(staging) == [False, False]  # as the model placed them: far from the tree and the bush


def test_who_lies_down_in_a_room_with_a_bed_lies_on_it():
    from animdirector.agents.art_director import layout_from_staging
    from animdirector.agents.messages import Staging
    from animdirector.tools import render
    from types import SimpleNamespace

    text = "Mia lay down and fell asleep."
    staging = [Staging(who="Mia", position="left", pose="lie"), Staging(who="bed", position="right")]
    staged_now = staged(text, staging, ["bed"], hands=["Mia"])
    assert {s.who: s.at for s in staged_now if s.at} == {"Mia": "bed"}
    designs = {"Mia": render.design_from_text("Mia", "girl", "a yellow dress", seed=0)}
    scene = SimpleNamespace(place="bedroom", time_of_day="night", weather="clear")
    layout = layout_from_staging(scene, staged_now, {"bed": render.Prop(noun="bed")}, designs)
    frame = render.render_scene(layout, None, characters=designs, size=(384, 216)).manifest
    mia, bed = frame.entity("Mia").bbox, frame.entity("bed").bbox
    assert bed[0] <= (mia[0] + mia[2]) / 2 <= bed[2]  # on the bed, not on the floor beside it


@pytest.mark.parametrize("text,mover,expected", [
    ("Tom painted a red flower on the wall.", "Tom", "paint"),
    ("Mia felt sad and began to cry.", "Mia", "cry"),  # what she begins to do, she does
    ("Mia laughed and hugged Rex.", "Mia", "hug"),
    ("Tom climbed the ladder.", "Tom", "climb"),
    ("Mia ate her apple.", "Mia", "eat"),
    ("Tom read a book.", "Tom", "read"),
    ("Rex barked and ran to the river.", "Rex", "run"),  # barking shows nothing a body does
    ("Tom wanted to go home.", "Tom", None),  # a wish is not done
    ("Mia was happy.", "Mia", None),  # being shows no doing
    ("Mia hid behind the rock.", "Mia", None),  # a nearest match that walks her off: not the text's
    ("Tom felt Mia was right.", "Tom", None),  # nothing the library shows: not the nearest motion
    ("Tom thanked Mia.", "Tom", "nod"),
    ("Mia and Tom put the things in the box.", "Mia", "work"),  # hands at work
    ("Tom cooked soup for Mia.", "Tom", "work"),
    ("Tom pushed the cart.", "Tom", "push"),
    ("Mia pulled the sled up the hill.", "Mia", "pull"),
    ("Mia swung on the swing.", "Mia", "swing"),
    ("Tom went to the park.", "Tom", "walk"),
    ("Tom picked up a long stick.", "Tom", "reach"),  # the verb itself decides
    ("Mia drew a cat.", "Mia", "paint"),
    ("Rex dug a hole.", "Rex", "dig"),
    ("Mia flies her kite.", "Mia", "run"),  # flying a thing: running along with it
])
def test_the_mover_does_what_the_text_says(text, mover, expected):
    from animdirector.agents.cinematographer import text_motion
    from animdirector.tools.story.scenes import scene_reading

    story = CAST + "Tom was a boy. " + text
    told = text_motion(scene_reading(story, text), mover)
    assert (told[0] if told else None) == expected


@pytest.mark.parametrize("text,mover,expected", [
    ("Mia knelt and pointed at the hole while Rex dug.", "Rex", [("Mia", "kneel")]),  # both at work
    ("Mia threw the ball and Rex ran after it.", "Rex", [("Mia", "throw")]),
    ("Mia clapped as Tom climbed the tree.", "Tom", [("Mia", "clap")]),
    ("Mia ran home and Tom ran after her.", "Mia", [("Tom", "run")]),  # one doing: he goes along behind her
    ("Mia and Rex ran into the forest.", "Mia", [("Rex", "run")]),
    ("Mia ran to the river. Tom walked to the house.", "Mia", []),  # each his own way: only the mover travels
    ("Tom smiled at Mia.", "Mia", []),  # nothing a body does on the spot
    ("Mia hugged Rex. Then they walked home together.", "Mia", [("Tom", "walk"), ("Rex", "walk")]),  # along, later
])
def test_everyone_the_text_has_at_work_does_it_on_the_spot(text, mover, expected):
    from animdirector.agents.cinematographer import others_doing
    from animdirector.tools.story.scenes import scene_reading

    story = CAST + "Tom was a boy. " + text
    doing = others_doing(scene_reading(story, text), ["Mia", "Tom", "Rex"], mover, lambda who: False)
    assert [(who, motion) for who, motion, _ in doing] == expected


def test_action_motions_move_the_body():
    from animdirector.tools.render.motions import EntityState, apply_motion
    from animdirector.tools.render.scene import Motion

    start = EntityState(0.5, 0.85, 0.3, "front", "stand", "neutral")
    at = lambda name, t: apply_motion(start, Motion(name=name, who="x", start_s=0.0, end_s=2.0), t, 0.1)  # noqa: E731
    assert at("climb", 2.5).y < start.y - 0.2  # up the tree, and stays there
    assert at("sleep", 1.0).pose == "lie" and at("cry", 1.0).expression == "sad"
    assert {at("paint", t).pose for t in (0.1, 0.8, 1.5)} == {"reach", "hold"}  # the hand at work
    assert at("dig", 1.0).pose == "kneel" and at("hug", 1.0).pose == "reach" and at("eat", 1.0).pose == "hold"


def test_the_face_follows_the_feeling_the_text_says():
    from animdirector.agents.messages import Staging

    staging = [Staging(who="Mia", position="left", expression="happy"), Staging(who="Rex", position="right")]
    faces = {s.who: s.expression for s in staged("Mia felt sad and sat down.", staging, [], hands=["Mia"])}
    assert faces == {"Mia": "sad", "Rex": "neutral"}  # the model's smile gives way; Rex is as chosen


@pytest.mark.parametrize("text, expected", [
    ("Mia sat on the bench while Tom ran to the river.", "Tom"),  # the one who goes somewhere
    ("Tom smiled. Mia painted a flower.", "Mia"),  # else the one at work
    ("It was a sunny day.", None),
])
def test_the_one_the_text_has_move_is_the_mover(text, expected):
    from animdirector.agents.cinematographer import text_mover
    from animdirector.tools.story.scenes import scene_reading

    story = CAST + "Tom was a boy. " + text
    assert text_mover(scene_reading(story, text), ["Mia", "Tom", "Rex"]) == expected


@pytest.mark.parametrize("text, faces", [
    ('Mia said to Rex, "Let us play!"', {"Mia": "Rex"}),
    ("Mia talked to Rex and helped him.", {"Mia": "Rex"}),
    ("Mia hugged Rex.", {}),  # touching: in contact, not just near
    ("Mia did not talk to Rex.", {}),
])
def test_who_talks_to_someone_stands_near_them_face_to_face(text, faces):
    from animdirector.agents.art_director import TALK_GAP, layout_from_staging
    from animdirector.agents.messages import Staging
    from animdirector.memory.script import SceneSpec

    staging = [Staging(who="Mia", position="left"), Staging(who="Rex", position="right")]
    out = staged(text, staging, [], hands=["Mia"])
    assert {s.who: s.faces for s in out if s.faces} == faces
    if faces:
        scene = SceneSpec(index=1, place="park", action=text)
        layout = layout_from_staging(scene, out, {}, {"Mia": object(), "Rex": object()})
        mia, rex = (next(p for p in layout.placements if p.character == n) for n in ("Mia", "Rex"))
        assert abs(mia.x - rex.x) <= TALK_GAP + 1e-9 and (mia.facing, rex.facing) == ("right", "left")


def test_who_goes_along_ends_beside_the_mover_a_step_behind():
    from animdirector.agents.cinematographer import along_with
    from animdirector.tools.render.scene import Motion

    leader = Motion(name="run", who="Mia", to_x=0.75)
    assert along_with(Motion(name="run", who="Rex", to_x=0.25), leader).to_x == pytest.approx(0.65)
    assert along_with(Motion(name="clap", who="Tom"), leader).to_x is None  # on the spot stays on the spot


def test_who_does_one_thing_together_is_staged_near():
    from animdirector.agents.messages import Staging

    staging = [Staging(who="Mia", position="left"), Staging(who="Rex", position="right")]
    out = staged("Mia and Rex played in the park.", staging, [], hands=["Mia"])
    assert {s.who: s.faces for s in out if s.faces} == {"Rex": "Mia"}


@pytest.mark.parametrize("text, company", [
    ("Mia and Rex were in the park.", [("Mia", "Rex")]),  # one sentence's picture has both
    ("Mia sat on the grass. Rex barked.", []),  # two sentences, two pictures: nothing says together
    ("Mia was at home, far from Rex.", []),  # distance words keep them apart
    ("Rex ran away from Mia.", []),
    ("Mia did not play with Rex.", []),  # what is not done together is not staged together
    ("Mia looked at Rex and Tom.", [("Mia", "Rex"), ("Mia", "Tom")]),
])
def test_who_one_sentence_has_together_is_company(text, company):
    from animdirector.tools.story.scenes import scene_reading

    story = CAST + "Tom was a boy. " + text
    assert scene_reading(story, text).company == company


def test_a_group_is_staged_as_one_row_near_each_other_facing_in():
    from animdirector.agents.art_director import CONTACT_GAP, TALK_GAP, layout_from_staging
    from animdirector.agents.messages import Staging
    from animdirector.memory.script import SceneSpec

    text = "Mia, Rex and Tom were in the park. Tom hugged Rex."
    story = CAST + "Tom was a boy. " + text
    from animdirector.agents.art_director import staged_by_reading
    from animdirector.tools.story.scenes import scene_reading

    staging = [Staging(who="Mia", position="left"), Staging(who="Tom", position="centre"),
               Staging(who="Rex", position="right", distance="near")]
    out = staged_by_reading(staging, scene_reading(story, text), {}, ["Mia", "Tom"])
    layout = layout_from_staging(SceneSpec(index=1, place="park", action=text), out, {}, dict.fromkeys(("Mia", "Rex", "Tom")))
    at = {p.character: p for p in layout.placements}
    xs = sorted((p.x, n) for n, p in at.items())
    assert [n for _, n in xs] == ["Mia", "Tom", "Rex"]  # the model's order stands
    assert at["Rex"].x - at["Tom"].x == pytest.approx(CONTACT_GAP)  # the hug touches
    assert at["Tom"].x - at["Mia"].x == pytest.approx(TALK_GAP)
    assert len({(p.y, p.depth) for p in at.values()}) == 1  # one row, one depth
    assert (at["Mia"].facing, at["Rex"].facing) == ("right", "left")
    assert all(0.1 <= p.x <= 0.9 for p in at.values())


@pytest.mark.parametrize("text, chose, expected", [
    ("Mia ran to the park.", "kneel", "stand"),  # a crouch the text never asks for
    ("Mia sat under the tree.", "stand", "sit"),
    ("Mia sat down. Then she stood up and ran.", "sit", "stand"),  # the last posture the text gives
    ("Mia lay in bed and slept.", "stand", "lie"),
    ("Mia dug a hole.", "stand", "kneel"),
    ("Mia did not sit.", "sit", "stand"),
    ("Mia held the kite.", "hold", "hold"),  # not a posture: the model's pose stands
])
def test_only_the_text_puts_someone_sitting_kneeling_or_lying(text, chose, expected):
    from animdirector.agents.messages import Staging

    out = staged(text, [Staging(who="Mia", position="left", pose=chose)], [], hands=["Mia"])
    assert out[0].pose == expected


@pytest.mark.parametrize("text, mover, expected", [
    ("Tom ran to the tree and climbed it.", "Tom", ["run", "climb"]),
    ("Mia laughed and hugged Rex.", "Mia", ["hug"]),  # the body's doing, not its sound
    ("Mia sat down. She read a book. Then she fell asleep.", "Mia", ["sit-down", "read", "sleep"]),
    ("Tom walked and walked.", "Tom", ["walk"]),  # one motion is not repeated
    ("Mia did not run. She sat.", "Mia", ["sit-down"]),
])
def test_what_the_text_has_someone_do_in_turn(text, mover, expected):
    from animdirector.agents.cinematographer import text_motions
    from animdirector.tools.story.scenes import scene_reading

    story = CAST + "Tom was a boy. " + text
    assert [m for m, _ in text_motions(scene_reading(story, text), mover)] == expected


def test_doings_in_turn_share_the_shot_and_a_second_way_goes_on_from_the_first():
    from animdirector.agents.cinematographer import MIN_DOING_S, doings_in_turn
    from animdirector.tools import render

    layout = render.Layout(setting=render.Setting(place="park"),
                           placements=[render.Placement(character="Tom", x=0.2)])
    run, climb, walk = doings_in_turn(["run", "climb", "walk"], "Tom", layout, 8.0)
    assert run.end_s == pytest.approx(climb.start_s) and climb.end_s == pytest.approx(walk.start_s)
    assert (run.to_x, climb.to_x, walk.to_x) == (0.75, None, 0.25)
    assert all(m.end_s - m.start_s >= MIN_DOING_S for m in (run, climb, walk))
    assert len(doings_in_turn(["run", "climb", "walk"], "Tom", layout, 3.0)) == 1  # too short for more


@pytest.mark.parametrize("tree_x, motion", [(0.3, "climb"), (0.8, "reach"), (None, "reach")])
def test_a_climb_goes_up_only_something_climbable_beside_the_climber(tree_x, motion):
    """Nobody climbs the air: with no tree, ladder or rock by her, a climber reaches up from the ground."""
    from animdirector.agents.cinematographer import doings_in_turn, motion_for
    from animdirector.tools import render

    placements = [render.Placement(character="Ada", x=0.25)]
    if tree_x is not None:
        placements.append(render.Placement(prop=render.Prop(noun="tree"), x=tree_x))
    layout = render.Layout(setting=render.Setting(place="park"), placements=placements)
    assert motion_for("climb", "Ada", layout, 4.0).name == motion
    assert [m.name for m in doings_in_turn(["climb"], "Ada", layout, 4.0)] == [motion]


@pytest.mark.parametrize("name, moves", [("push", 1), ("pull", -1), ("swing", 0), ("work", 0)])
def test_pushing_goes_forward_pulling_backwards_and_swinging_stays_seated(name, moves):
    from animdirector.tools.render.motions import EntityState, apply_motion
    from animdirector.tools.render.scene import Motion

    start = EntityState(x=0.5, y=0.8, depth=0.35, facing="right", pose="stand", expression="neutral")
    m = Motion(name=name, who="Tom", start_s=0.0, end_s=2.0)
    mid, end = apply_motion(start, m, 1.0, 0.2), apply_motion(start, m, 2.5, 0.2)
    assert (end.x > 0.55, end.x < 0.45) == (moves > 0, moves < 0)
    if name == "swing":
        assert mid.pose == "sit" and end.pose == "sit"
    if name in ("push", "pull", "work"):
        assert mid.pose in ("reach", "hold")


def test_who_walks_off_from_a_row_leads_it_and_nobody_walks_through_a_friend():
    from animdirector.agents.cinematographer import in_formation
    from animdirector.tools import render

    layout = render.Layout(setting=render.Setting(place="park"), placements=[
        render.Placement(character="Lily", x=0.39), render.Placement(character="Tim", x=0.61),
        render.Placement(character="Rex", x=0.9)])
    walk = render.Motion(name="walk", who="Lily", to_x=0.75, start_s=0.3, end_s=4.0)  # across, through Tim
    lily, tim, *rest = in_formation([walk], layout)
    assert lily.to_x < 0.39 and tim.to_x == pytest.approx(0.61 - (0.39 - lily.to_x))  # Lily leads, to her side
    assert (tim.name, tim.start_s, tim.end_s) == ("walk", 0.3, 4.0)
    assert lily.to_x == pytest.approx(0.14)  # as far as GROUP_SHIFT goes
    # Rex stands within a row's gap of Tim: he comes too
    assert [(m.who, round(m.to_x, 2)) for m in rest] == [("Rex", 0.65)]
    alone = render.Layout(setting=render.Setting(place="park"), placements=[render.Placement(character="Lily", x=0.2)])
    assert in_formation([walk], alone) == [walk]  # nobody beside her: her way stands
    talking = render.Motion(name="talk", who="Tim", start_s=0.3, end_s=4.0)
    assert in_formation([walk, talking], layout)[1] == talking  # a doing of one's own is kept


def test_who_only_speaks_gestures_as_they_speak():
    from animdirector.agents.cinematographer import text_motions
    from animdirector.tools.story.scenes import scene_reading

    text = 'Tim had some scissors. Tom said, "We can share my scissors."'
    assert [m for m, _ in text_motions(scene_reading(CAST + "Tom was a boy. " + text, text), "Tom")] == ["talk"]


@pytest.mark.parametrize("text, who, calm", [
    ("Tom loved his dog.", "Tom", "idle"),
    ("Mia was scared of the storm.", "Mia", "tremble"),
    ("Mia felt sad.", "Mia", "cry"),
])
def test_who_the_text_has_do_nothing_does_nothing_of_the_models_own(text, who, calm):
    from animdirector.agents.cinematographer import CALM_MOTIONS, calm_motion, text_mover
    from animdirector.tools.story.scenes import scene_reading

    reading = scene_reading(CAST + "Tom was a boy. " + text, text)
    assert text_mover(reading, ["Mia", "Tom", "Rex"]) is None and calm_motion(reading, who) == calm in CALM_MOTIONS


@pytest.mark.parametrize("text, up", [
    ("Mia's kite landed in the tree.", True),  # up in its crown
    ("Mia's kite lay under the tree.", False),  # at its foot
])
def test_a_thing_in_a_tree_is_up_in_it(text, up):
    from animdirector.agents.art_director import layout_from_staging
    from animdirector.agents.messages import Staging
    from animdirector.memory.script import SceneSpec
    from animdirector.tools import render

    props = {"tree": render.prop_from_text("a tall tree"), "kite": render.prop_from_text("a red kite")}
    staging = staged(text, [Staging(who="Mia", position="left"), Staging(who="tree", position="centre", distance="far"),
                            Staging(who="kite", position="right")], ["tree", "kite"], hands=["Mia"])
    layout = layout_from_staging(SceneSpec(index=1, place="park", action=text), staging, props, {"Mia": object()})
    tree, kite = (next(p for p in layout.placements if p.prop and p.prop.noun == n) for n in ("tree", "kite"))
    assert kite.x == tree.x and (kite.y < tree.y - 0.2) == up


@pytest.mark.parametrize("text, holds", [
    ("Rex carried the ball back to Mia.", "ball"),  # a ball in a dog's mouth
    ("Rex ran to the fence with the purse.", "purse"),
    ("Rex pulled the umbrella.", "nothing"),  # too big for a mouth
])
def test_a_dog_carries_small_things_in_its_mouth(text, holds):
    from animdirector.agents.art_director import staged_by_reading
    from animdirector.agents.messages import Staging
    from animdirector.tools.story.scenes import scene_reading

    thing = next(w for w in ("ball", "purse", "umbrella") if w in text)
    staging = [Staging(who="Mia", position="left"), Staging(who="Rex", position="centre"),
               Staging(who=thing, position="right")]
    staging = staged_by_reading(staging, scene_reading(CAST + text, text), {thing: None}, ["Mia"], ["Rex"])
    assert next(s for s in staging if s.who == "Rex").holding == holds


@pytest.mark.parametrize("text, on", [
    ("There was Mia's teddy, sitting on the chair.", True),  # up on it
    ("Mia's teddy lay under the chair.", False),  # at its foot
    ("Mia put her teddy in the basket.", True),  # a thing in an open one shows over its rim
])
def test_a_thing_on_another_rests_on_it(text, on):
    from animdirector.agents.art_director import layout_from_staging
    from animdirector.agents.messages import Staging
    from animdirector.memory.script import SceneSpec
    from animdirector.tools import render

    support = "basket" if "basket" in text else "chair"
    props = {support: render.prop_from_text(f"a brown {support}"), "teddy": render.prop_from_text("a grey teddy")}
    staging = staged(text, [Staging(who="Mia", position="left"), Staging(who=support, position="centre"),
                            Staging(who="teddy", position="right")], [support, "teddy"], hands=["Mia"])
    layout = layout_from_staging(SceneSpec(index=1, place="kitchen", action=text), staging, props, {"Mia": object()})
    chair, teddy = (next(p for p in layout.placements if p.prop and p.prop.noun == n) for n in (support, "teddy"))
    assert teddy.x == chair.x and (teddy.on == chair.key) == on


@pytest.mark.parametrize("text, on", [
    ("Rex was lying in his basket.", True),  # an animal in it: on it
    ("Mia was standing in the basket.", False),  # a person in a basket is no picture we draw on top
    ("Mia stood on the basket.", True),
])
def test_an_animal_in_a_basket_lies_in_it(text, on):
    from animdirector.agents.art_director import staged_by_reading
    from animdirector.agents.messages import Staging
    from animdirector.tools.story.scenes import scene_reading

    who = "Rex" if "Rex" in text else "Mia"
    staging = [Staging(who=who, position="left"), Staging(who="basket", position="centre")]
    staging = staged_by_reading(staging, scene_reading(CAST + text, text), {"basket": None}, ["Mia"], ["Rex"])
    s = next(s for s in staging if s.who == who)
    assert s.at == "basket" and s.on == on


def test_who_has_no_hands_digs_standing():
    """"They dug the snow away": the children kneel to it, the horse with them does not sit down like a dog."""
    from animdirector.agents.art_director import staged_by_reading
    from animdirector.agents.messages import Staging
    from animdirector.tools.story.scenes import scene_reading

    text = "Mia and Rex dug in the snow."
    staging = [Staging(who="Mia", position="left"), Staging(who="Rex", position="right")]
    out = {s.who: s.pose for s in staged_by_reading(staging, scene_reading(CAST + text, text), {}, ["Mia"], ["Rex"])}
    assert out == {"Mia": "kneel", "Rex": "stand"}


def test_a_rider_sits_on_what_they_ride_and_it_goes_where_they_go():
    from animdirector.agents.art_director import layout_from_staging
    from animdirector.agents.cinematographer import doings_in_turn, rides_along, text_motions
    from animdirector.agents.messages import Staging
    from animdirector.memory.script import SceneSpec
    from animdirector.tools import render
    from animdirector.tools.story.scenes import scene_reading

    text = "Mia rode her bike in the park."
    reading = scene_reading(CAST + text, text)
    props = {"bike": render.prop_from_text("a blue bike")}
    staging = staged(text, [Staging(who="Mia", position="left"), Staging(who="bike", position="centre")], ["bike"],
                     hands=["Mia"])
    mia = next(s for s in staging if s.who == "Mia")
    assert (mia.at, mia.pose, mia.holding) == ("bike", "sit", "nothing")  # on it, not carrying it
    layout = layout_from_staging(SceneSpec(index=1, place="park", action=text), staging, props, {"Mia": object()})
    motions = rides_along(doings_in_turn([m for m, _ in text_motions(reading, "Mia")], "Mia", layout, 4.0), layout)
    assert [(m.name, m.who) for m in motions] == [("ride", "Mia"), ("ride", "bike")]
    assert motions[0].to_x == motions[1].to_x


def test_three_who_hold_hands_stand_in_one_chain_and_one_stands_at_the_thing():
    from animdirector.agents.art_director import CONTACT_GAP, layout_from_staging
    from animdirector.agents.messages import Staging
    from animdirector.memory.script import SceneSpec
    from animdirector.tools.story.scenes import scene_reading

    story = "Lena, Raj and Theo were friends. The three friends stood under the tree and held hands."
    reading = scene_reading(story, story.split(". ")[1])
    assert len(reading.at) == 1  # one at the tree, the others with them
    from animdirector.agents.art_director import staged_by_reading

    staging = [Staging(who=n, position=p) for n, p in (("Lena", "left"), ("Raj", "centre"), ("Theo", "right"))]
    out = staged_by_reading(staging, reading, {}, ["Lena", "Raj", "Theo"])
    layout = layout_from_staging(SceneSpec(index=1, place="garden", action=story), out, {}, dict.fromkeys(["Lena", "Raj", "Theo"]))
    xs = sorted(p.x for p in layout.placements)
    assert [round(b - a, 3) for a, b in zip(xs, xs[1:])] == [CONTACT_GAP, CONTACT_GAP]  # every hand held


def test_small_animals_who_touch_stand_closer_than_two_children():
    from animdirector.agents.art_director import CONTACT_GAP, contact_gap
    from animdirector.tools import render

    design = lambda kind: render.design_from_text("x", kind, "", seed=0)  # noqa: E731
    assert contact_gap(design("girl"), design("boy")) == pytest.approx(CONTACT_GAP, abs=0.005)
    assert contact_gap(design("crab"), design("frog")) < CONTACT_GAP / 2  # (a turtle is drawn bigger now)
    assert contact_gap(design("man"), design("woman")) <= CONTACT_GAP  # never further than two children
