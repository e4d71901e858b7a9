"""The scene protocol: who speaks after whom, revision rounds, the round limit."""

import pytest
from autogen_agentchat.messages import TextMessage

from animdirector.agents.messages import (
    Beat, CandidateScore, ClipVerdict, Consensus, ImageVerdict, LayoutProposal, SceneBrief,
    ShotProposal, SubtitleLine, say,
)
from animdirector.agents.team import next_speaker
from animdirector.agents.team_state import kept


def verdict(round_no, approved, alignment=0.5, complete=True, faults=None):
    score = CandidateScore(index=0, alignment=alignment, identity=None, complete=complete, passed=1, total=2)
    return ImageVerdict(round=round_no, scores=[score], best=0, approved=approved,
                        faults=[] if approved else (faults or ["the red kite is missing"]))


BRIEF = SceneBrief(scene=1, title="Park, morning", max_rounds=2, candidates=3)
BEAT = Beat(scene=1, place="park", time_of_day="morning", characters=["Mia"], props=["red kite"], action="Mia flies a kite.", line="Up it goes!")
LAYOUT = LayoutProposal(round=1, staging=[], candidates=["a.png"], manifests=["a.json"])
SHOT = ShotProposal(framing="wide", camera="static", motion="jump", motion_text="Mia jumps", mover="Mia", clip="c.mp4", poster="c.png")


def thread(*contents):
    return [say(c, "x") for c in contents]


LINE = SubtitleLine(text="Up!")


def test_happy_path_order():
    assert next_speaker(thread(BRIEF), 2) == "screenwriter"
    assert next_speaker(thread(BRIEF, BEAT), 2) == "art_director"
    assert next_speaker(thread(BRIEF, BEAT, LAYOUT), 2) == "critic"
    # the line is written for the agreed picture, before the shot: after the shot plan the
    # scene needs no more words, only rendering and checking
    assert next_speaker(thread(BRIEF, BEAT, LAYOUT, verdict(1, True)), 2) == "writer"
    assert next_speaker(thread(BRIEF, BEAT, LAYOUT, verdict(1, True), LINE), 2) == "cinematographer"
    assert next_speaker(thread(BRIEF, BEAT, LAYOUT, verdict(1, True), LINE, SHOT), 2) == "critic"
    ok = ClipVerdict(metrics={"subject_consistency": 0.9}, ok=True, faults=[])
    assert next_speaker(thread(BRIEF, BEAT, LAYOUT, verdict(1, True), LINE, SHOT, ok), 2) == "critic"


def test_faults_go_back_to_the_art_director_until_the_round_limit():
    assert next_speaker(thread(BRIEF, BEAT, LAYOUT, verdict(1, False)), 2) == "art_director"
    assert next_speaker(thread(BRIEF, BEAT, LAYOUT, verdict(1, False), LAYOUT, verdict(2, False)), 2) == "writer"


def test_a_failed_clip_is_replanned_once():
    bad = ClipVerdict(metrics={"subject_consistency": 0.2}, ok=False, faults=["drifts"])
    base = (BRIEF, BEAT, LAYOUT, verdict(1, True), LINE, SHOT, bad)
    assert next_speaker(thread(*base), 2) == "cinematographer"
    assert next_speaker(thread(*base, SHOT, bad), 2) == "critic"  # kept as it is: consensus


def test_plain_text_is_ignored_and_unknown_state_is_an_error():
    assert next_speaker([*thread(BRIEF), TextMessage(content="hi", source="user")], 2) == "screenwriter"
    with pytest.raises(ValueError):
        next_speaker(thread(Consensus(scene=1, resolved=True, rounds=1, image="", manifest="", clip="", poster="", subtitle="", scores={})), 2)


def test_kept_prefers_the_approved_round_else_the_best_scoring():
    assert kept([verdict(1, False, 0.9), verdict(2, True, 0.1)])[0] == 2
    round_no, _, _, faults, resolved = kept([verdict(1, False, 0.3), verdict(2, False, 0.8)])
    assert (round_no, resolved) == (2, False) and faults
    # an incomplete picture never beats a complete one
    assert kept([verdict(1, False, 0.1), verdict(2, False, 0.9, complete=False)])[0] == 1


def test_the_scene_keeps_the_clip_that_failed_the_fewest_facts():
    from animdirector.agents.critic import best_clip
    from animdirector.agents.messages import ClipVerdict, ShotProposal

    def shot(name):
        return ShotProposal(framing="wide", camera="static", motion="walk", motion_text="", mover="Tom",
                            clip=f"{name}.mp4", poster=f"{name}.png")

    def verdict(failed):
        return ClipVerdict(metrics={}, ok=not failed, faults=[],
                           facts=[{"fact": f"f{i}", "passed": i >= failed} for i in range(3)])

    wide, close = shot("wide"), shot("close")
    assert best_clip([wide, close], [verdict(1), verdict(2)])[0] is wide  # the retry lost someone: keep the first
    assert best_clip([wide, close], [verdict(1), verdict(1)])[0] is close  # equal: the latest
    assert best_clip([], []) == (None, None)
