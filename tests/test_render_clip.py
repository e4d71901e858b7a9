"""Clips: decodable H.264 with the right frame count and rate, motions, keyframes, determinism."""

from __future__ import annotations

import hashlib

import av
import numpy as np
import pytest

from animdirector.tools.render import (
    Layout, Motion, Placement, Setting, Shot, design_from_text, match_motion, motion_library, render_clip,
)

SIZE = (320, 180)


@pytest.fixture(scope="module")
def cast():
    return {
        "Tim": design_from_text("Tim", "boy", "red shirt, blue shorts"),
        "Rex": design_from_text("Rex", "dog", "brown fur"),
    }


def layout() -> Layout:
    return Layout(setting=Setting(place="meadow", weather="snow"), placements=[
        Placement(character="Tim", x=0.2, y=0.85, facing="right"),
        Placement(character="Rex", x=0.75, y=0.9, facing="left"),
    ])


def decode(path):
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(s)]
        return frames, s.average_rate, s.codec_context.name, s.codec_context.pix_fmt


def test_clip_is_decodable_with_right_count_and_rate(tmp_path, cast):
    shot = Shot(duration_s=1.0, fps=12, camera="pan-right")
    motions = [Motion(name="walk", who="Tim", to_x=0.5, start_s=0.0, end_s=0.8),
               Motion(name="jump", who="Rex", start_s=0.2, end_s=0.7)]
    r = render_clip(layout(), shot, motions, characters=cast, out_path=tmp_path / "a.mp4", size=SIZE)
    frames, rate, codec, pix = decode(r.path)
    assert (len(frames), r.frame_count, r.fps) == (12, 12, 12)
    assert rate == 12 and codec == "h264" and pix == "yuv420p"
    assert frames[0].shape == (SIZE[1], SIZE[0], 3)
    assert r.poster_path.exists() and r.poster_path.suffix == ".png"
    first, last = r.manifests
    x_first = first.entity("Tim").bbox[0]
    x_last = last.entity("Tim").bbox[0]
    assert x_last > x_first  # Tim walked right (more than the camera panned)


def test_clip_is_deterministic(tmp_path, cast):
    shot = Shot(duration_s=0.5, fps=8)
    motions = [Motion(name="wave", who="Tim", start_s=0.0, end_s=0.5)]
    a = render_clip(layout(), shot, motions, characters=cast, out_path=tmp_path / "a.mp4", size=SIZE, seed=2)
    b = render_clip(layout(), shot, motions, characters=cast, out_path=tmp_path / "b.mp4", size=SIZE, seed=2)
    fa, fb = decode(a.path)[0], decode(b.path)[0]
    assert all(np.array_equal(x, y) for x, y in zip(fa, fb))
    assert hashlib.sha256(a.path.read_bytes()).digest() == hashlib.sha256(b.path.read_bytes()).digest()


def test_keyframes_and_animate_only(tmp_path, cast):
    last = Layout(setting=Setting(place="meadow", weather="snow"), placements=[
        Placement(character="Tim", x=0.6, y=0.85, facing="right"),
        Placement(character="Rex", x=0.3, y=0.9, facing="left"),
    ])
    shot = Shot(duration_s=0.5, fps=8)
    r = render_clip(layout(), shot, [], characters=cast, out_path=tmp_path / "k.mp4", size=SIZE, last_layout=last,
                    animate_only=["Tim"])
    first, end = r.manifests
    assert end.entity("Tim").bbox[0] > first.entity("Tim").bbox[0] + 40  # in-betweened to the last keyframe
    assert end.entity("Rex").bbox == first.entity("Rex").bbox  # held still


def test_odd_sizes_are_refused_for_video(tmp_path, cast):
    with pytest.raises(ValueError, match="even"):
        render_clip(layout(), Shot(duration_s=0.2, fps=5), [], characters=cast, out_path=tmp_path / "x.mp4",
                    size=(321, 180))


def test_motion_for_someone_absent_is_an_error(tmp_path, cast):
    with pytest.raises(ValueError, match="'Zed'"):
        render_clip(layout(), Shot(duration_s=0.2, fps=5), [Motion(name="walk", who="Zed")], characters=cast,
                    out_path=tmp_path / "x.mp4", size=SIZE)


def test_match_motion_keywords_and_library():
    assert set(motion_library()) >= {"walk", "run", "jump", "wave", "turn", "sit-down", "enter-left", "exit-right"}
    assert match_motion("walk") == "walk"
    assert match_motion("Tim sits down on the bench", use_embeddings=False) == "sit-down"
    assert match_motion("Rex runs to the gate", use_embeddings=False) == "run"
    assert match_motion("she leaves to the left", use_embeddings=False) == "exit-left"
    assert match_motion("Mia flies kite", use_embeddings=False) == "run"


@pytest.mark.slow
def test_match_motion_with_sentence_embeddings():
    import torch

    torch.set_num_threads(1)
    assert match_motion("Tim skips happily towards the swing") == "skip"
    assert match_motion("the bird flaps its wings and soars") == "fly"
    assert match_motion("Mia says hello to her friend with her hand") == "wave"
    # flying a kite is running with it, not flying (default film scene 2)
    assert match_motion("Mia flies kite") == "run"
    assert match_motion("Tom is flying his red kite in the wind") == "run"


def test_the_mover_moves_as_the_words_about_them_say_not_as_another_character_does():
    from animdirector.agents.cinematographer import words_about_mover

    # the default film's scene 5: matched whole, the cinematographer's words made Mia swim
    words = words_about_mover("Mia sits, Rex runs to the river", "Mia", ["Rex"])
    assert words == "Mia sits"
    assert match_motion(words) == "sit-down"
    assert match_motion(words_about_mover("Mia sits, Rex runs to the river", "Rex", ["Mia"])) == "run"
    # clauses about no one stay: they describe the mover
    assert words_about_mover("Tim runs to the swing, laughing", "Tim", ["Sue"]) == "Tim runs to the swing, laughing"
    assert words_about_mover("Sue waves", "Tim", ["Sue"]) == "Sue waves"  # nothing about the mover: all of it


def test_parallax_far_layer_moves_less_than_the_ground():
    from animdirector.tools.render.compose import PARALLAX, View, camera_view, layer_view

    shot = Shot(camera="pan-right", duration_s=2.0, fps=10)
    base = View(0.5, 0.5, 1.0)
    start, end = camera_view(base, shot, 0.0), camera_view(base, shot, 2.0)
    moved = {name: layer_view(end, f).cx - layer_view(start, f).cx for name, f in PARALLAX.items()}
    assert 0 < moved["back"] < moved["mid"] < moved["front"]


def test_zoom_in_makes_the_subject_bigger(tmp_path, cast):
    shot = Shot(duration_s=0.5, fps=8, camera="zoom-in")
    r = render_clip(layout(), shot, [], characters=cast, out_path=tmp_path / "z.mp4", size=SIZE)
    first, last = r.manifests
    h = lambda m: m.entity("Tim").bbox[3] - m.entity("Tim").bbox[1]  # noqa: E731
    assert h(last) > h(first) * 1.15


def test_enter_starts_off_screen_and_ends_at_the_placement(tmp_path, cast):
    shot = Shot(duration_s=1.0, fps=8)
    r = render_clip(layout(), shot, [Motion(name="enter-left", who="Tim", start_s=0.2, end_s=0.9)],
                    characters=cast, out_path=tmp_path / "e.mp4", size=SIZE)
    first, last = r.manifests
    assert first.entity("Tim").bbox[2] <= 2 and any("Tim" in n and "clamped" in n for n in first.notes)
    x0, _, x1, _ = last.entity("Tim").bbox
    assert abs((x0 + x1) / 2 - 0.2 * SIZE[0]) < 12


def test_keyframes_bring_characters_in_and_take_them_off(tmp_path, cast):
    first = Layout(setting=Setting(place="park"), placements=[Placement(character="Tim", x=0.3, y=0.85)])
    last = Layout(setting=Setting(place="park"), placements=[Placement(character="Rex", x=0.6, y=0.9)])
    r = render_clip(first, Shot(duration_s=1.0, fps=8), [], characters=cast, out_path=tmp_path / "k.mp4", size=SIZE,
                    last_layout=last)
    start, end = r.manifests
    assert [e.name for e in start.entities] == ["Tim", "Rex"]
    notes = " ".join(end.notes)
    assert "Rex arrives from the right" in notes and "Tim leaves to the left" in notes
    rx0, _, rx1, _ = end.entity("Rex").bbox
    assert abs((rx0 + rx1) / 2 - 0.6 * SIZE[0]) < 15


@pytest.mark.parametrize("framing", ["medium", "close-up"])
def test_a_mover_who_runs_across_a_closer_shot_stays_in_it(tmp_path, cast, framing):
    from animdirector.agents.cinematographer import camera_for, motion_for

    scene = layout()
    motions = [motion_for("run", "Tim", scene, 2.0)]  # from x 0.2 across to 0.75

    def last_box(camera):
        shot = Shot(framing=framing, subject="Tim", camera=camera, duration_s=2.0, fps=6)
        r = render_clip(scene, shot, motions, characters=cast, out_path=tmp_path / f"{camera}.mp4", size=SIZE)
        box = r.manifests[-1].entity("Tim")
        return box.bbox if box else None

    def in_frame(bbox):
        return bbox is not None and bbox[0] > 0 and bbox[2] < SIZE[0]

    assert not in_frame(last_box("zoom-in"))  # the shot a small model asked for: Tim runs out of it
    camera = camera_for("zoom-in", framing, "Tim", motions)
    assert camera == "follow" and in_frame(last_box(camera))
    assert camera_for("zoom-in", "wide", "Tim", motions) == "zoom-in"  # a wide shot holds the whole run


@pytest.mark.parametrize("camera, to_x, expected", [
    ("pan-right", 0.75, "pan-right"),  # the way the mover goes
    ("pan-left", 0.75, "static"),  # against it: the people are pushed to the frame's edge
    ("pan-right", None, "static"),  # nobody goes anywhere
])
def test_a_pan_goes_the_way_the_mover_goes(camera, to_x, expected):
    from animdirector.agents.cinematographer import camera_for
    from animdirector.tools.render.scene import Motion

    motions = [Motion(name="walk" if to_x else "wave", who="Tim", to_x=to_x)]
    assert camera_for(camera, "wide", "Tim", motions, {"Tim": 0.3}) == expected


def test_a_wide_shot_of_a_small_cast_keeps_where_it_goes_in_view(tmp_path):
    """Framed closer for a small cast (see test_render_scene), the wide shot still holds the whole walk."""
    mouse = {"Mo": design_from_text("Mo", "mouse", "grey fur")}
    scene = Layout(setting=Setting(place="meadow"), placements=[Placement(character="Mo", x=0.15, facing="right")])
    shot = Shot(framing="wide", duration_s=2.0, fps=6)
    r = render_clip(scene, shot, [Motion(name="walk", who="Mo", to_x=0.85, start_s=0.0, end_s=2.0)],
                    characters=mouse, out_path=tmp_path / "mo.mp4", size=SIZE)
    boxes = [m.entity("Mo").bbox for m in r.manifests]
    assert all(b[0] > 0 and b[2] < SIZE[0] for b in boxes)
    assert boxes[-1][0] - boxes[0][0] > SIZE[0] * 0.3  # it did walk across
    assert (boxes[0][3] - boxes[0][1]) / SIZE[1] > 0.1  # and is not a speck


def test_a_followed_small_cast_stays_close(tmp_path):
    """Followed by the camera, a small walker need not be framed with the whole path in view."""
    mouse = {"Mo": design_from_text("Mo", "mouse", "grey fur")}
    scene = Layout(setting=Setting(place="meadow"), placements=[Placement(character="Mo", x=0.15, facing="right")])
    walk = [Motion(name="walk", who="Mo", to_x=0.85, start_s=0.0, end_s=2.0)]

    def walker_height(camera):
        r = render_clip(scene, Shot(framing="wide", camera=camera, duration_s=2.0, fps=6), walk, characters=mouse,
                        out_path=tmp_path / f"{camera}.mp4", size=SIZE)
        b = r.manifests[-1].entity("Mo").bbox
        assert b[0] > 0 and b[2] < SIZE[0]
        return b[3] - b[1]

    assert walker_height("follow") > 1.3 * walker_height("static")


def test_two_characters_touching_are_shot_so_both_are_in_view(tmp_path, cast):
    """Story 159: the cinematographer chose close-ups of a hug, and a close-up frames the mover alone."""
    from animdirector.agents.cinematographer import framing_for

    hug = Layout(setting=Setting(place="park"), placements=[
        Placement(character="Tim", x=0.3, y=0.85, facing="right"),
        Placement(character="Rex", x=0.7, y=0.9, facing="left"),
    ])

    def whole_in_view(framing, name):
        r = render_clip(hug, Shot(duration_s=0.2, fps=5, framing=framing, subject="Tim"), [], characters=cast,
                        out_path=tmp_path / f"{framing}.mp4", size=SIZE)
        box = r.manifests[0].entity(name)
        return box is not None and box.bbox[0] > 0 and box.bbox[2] < SIZE[0]

    assert not whole_in_view("close-up", "Rex")  # what the fix is for
    framing = framing_for("close-up", touches("Tim hugs his dog Rex tightly."), ["Tim", "Rex"])
    assert framing == "wide" and whole_in_view(framing, "Rex") and whole_in_view(framing, "Tim")
    assert framing_for("close-up", touches("Tim and Rex hold hands."), ["Tim", "Rex"]) == "wide"
    # nobody touching, or one character alone: the framing stays as chosen
    assert framing_for("close-up", touches("Tim smiles at Rex."), ["Tim", "Rex"]) == "close-up"
    assert framing_for("medium", touches("Tim hugs his pillow."), ["Tim"]) == "medium"
    assert framing_for("close-up", touches("Tim plays with his pet dog Rex."), ["Tim", "Rex"]) == "close-up"
    # two the text puts in the scene: wide, whoever moves
    assert framing_for("close-up", False, ["Tim", "Rex"], present=["Tim", "Rex"]) == "wide"
    assert framing_for("close-up", False, ["Tim", "Rex"], present=["Tim"]) == "close-up"


def touches(text: str) -> bool:
    from animdirector.tools.story.scenes import scene_reading

    story = "Tim was a boy. Rex was his dog. " + text
    return bool(scene_reading(story, text).touches)
