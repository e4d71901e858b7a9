"""The cinematographer: plans each scene's shot and motion, and renders the clip."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Literal

from autogen_core import CancellationToken
from pydantic import BaseModel, Field, create_model

from animdirector.agents.messages import ClipVerdict, ImageVerdict, LayoutProposal, ShotProposal, SubtitleLine, say
from animdirector.agents.team_state import kept, layout_for, round_seed, scene_designs
from animdirector.memory.bible import mentions
from animdirector.memory.artifacts import slugify
from animdirector.tools.image import candidate_seed
from animdirector.agents.role import RoleAgent
from animdirector.agents.structured import ask_json
from animdirector.agents.studio import Studio, prompt
from animdirector.tools import render
from animdirector.tools.render.motions import AIRBORNE, VERB_MOTIONS, match_motion_scored
from animdirector.tools.story.doings import item_of
from animdirector.tools.story.scenes import SceneReading, scene_reading
from animdirector.tools.story.vocabulary import COMING_GOING_VERBS, SPEECH_VERBS, STATIVE_VERBS, flies

CAMERAS = ("static", "pan-left", "pan-right", "zoom-in", "zoom-out", "follow")
# Motions that travel get a destination; the rest happen on the spot.
TRAVELLING = {"walk", "run", "ride", "enter-left", "enter-right", "exit-left", "exit-right"}


def shot_schema(characters: list[str]) -> type[BaseModel]:
    return create_model(
        "ShotPlan",
        framing=(Literal["wide", "medium", "close-up"], "wide"),
        camera=(Literal[CAMERAS], "static"),
        mover=(Literal[tuple(characters + ["none"])], "none"),  # type: ignore[valid-type]
        motion=(str, Field(max_length=60, description="how the mover moves, in a few words")),
    )


# Things tall and firm enough to climb: a climb goes up one of them, or it does not go up at all.
CLIMBABLE = frozenset({"tree", "ladder", "rock", "slide", "fence"})


def _climb_or_not(name: str, who: str, layout: render.Layout) -> str:
    """A climb where something climbable stands by the climber; else arms up on the ground (a girl
    who "climbed onto the lowest branch" with no tree drawn floated up into the air)."""
    if name != "climb":
        return name
    me = next((p for p in layout.placements if p.character == who), None)
    beside = me is not None and any(
        p.prop is not None and _item(p.prop.noun) in CLIMBABLE and abs(p.x - me.x) <= 0.2 for p in layout.placements)
    return "climb" if beside else "reach"


def motion_for(name: str, who: str, layout: render.Layout, seconds: float) -> render.Motion:
    """A library motion over most of the shot; travelling motions cross towards the frame's other side."""
    start, end = _span(seconds)
    name = _climb_or_not(name, who, layout)
    to_x = None
    if name in TRAVELLING or name.startswith(("walk", "run")):
        here = next((p.x for p in layout.placements if p.character == who), 0.5)
        to_x = 0.75 if here < 0.5 else 0.25
    return render.Motion(name=name, who=who, to_x=to_x, start_s=start, end_s=end)


# What someone may do in a shot whose text has nobody do anything ("They were best friends"):
# nothing that tells a story of its own (the model's picks were digging and climbing).
CALM_MOTIONS = frozenset({"idle", "nod", "wave", "look-around", "turn", "talk", "tremble", "cry"})


def calm_motion(reading, who: str) -> str:
    """A doing for someone the text has do nothing: as they feel, else standing still."""
    return {"scared": "tremble", "sad": "cry"}.get(reading.feelings.get(who, ""), "idle")


RIDDEN = frozenset({"bike", "sled"})  # things one rides, sitting on them (the renderer's seats)


def rides_along(motions: list[render.Motion], layout: render.Layout) -> list[render.Motion]:
    """What a rider sits on goes where the rider goes ("Omar rode his bike": the bike stood still
    while he sat in the air and slid away)."""
    x = {p.character: p.x for p in layout.placements if p.character}
    seats = [p for p in layout.placements if p.prop is not None and (_item(p.prop.noun) or p.prop.noun) in RIDDEN]
    out = list(motions)
    for m in motions:
        seat = next((p for p in seats if m.name == "ride" and m.who in x and abs(p.x - x[m.who]) < 0.03), None)
        if seat is not None:
            out.append(m.model_copy(update={"who": seat.prop.noun}))
            seats.remove(seat)
    return out


WALKING = frozenset({"walk", "run", "skip"})
GROUP_SHIFT = 0.25  # how far a row walks together, at most (frame widths)
ROW_GAP = 0.3  # two who stand closer than this are one row (staged TALK_GAP or CONTACT_GAP apart)


def in_formation(motions: list[render.Motion], layout: render.Layout) -> list[render.Motion]:
    """Who walks off from the row they stand in takes the row along, leading it, everyone in step
    ("They liked to play together": walking across the frame, the mover went through the friend
    beside her). The row goes the way the mover is at its end, as far as the frame allows; who has
    a doing of their own keeps it."""
    x = {p.character: p.x for p in layout.placements if p.character}
    busy = {m.who for m in motions}
    led: set[str] = set()
    out = list(motions)
    for k, m in enumerate(motions):
        if m.name not in WALKING or m.to_x is None or m.who not in x or m.who in led:
            continue
        led.add(m.who)
        row = _row_of(m.who, x)
        followers = [c for c in row if c != m.who and c not in busy]
        if not followers:
            continue
        lead = 1 if x[m.who] >= sum(x[c] for c in row) / len(row) else -1
        room = {1: 0.92 - max(x[c] for c in row), -1: min(x[c] for c in row) - 0.08}
        if room[lead] < 0.1:  # the row stands at the frame's edge: it goes the other way
            lead = -lead
        shift = lead * max(0.0, min(GROUP_SHIFT, room[lead]))
        out[k] = m.model_copy(update={"to_x": x[m.who] + shift})
        out += [m.model_copy(update={"who": c, "to_x": x[c] + shift}) for c in followers]
        busy |= set(followers)
    return out


def _row_of(who: str, x: dict[str, float]) -> list[str]:
    """`who` and everyone standing in one row with them (each within ROW_GAP of the next)."""
    row, grew = {who}, True
    while grew:
        near = {c for c in x if c not in row and any(abs(x[c] - x[r]) < ROW_GAP for r in row)}
        row |= near
        grew = bool(near)
    return sorted(row, key=x.get)


def words_about_mover(motion_text: str, mover: str, others: list[str]) -> str:
    """The motion words about the mover alone: the model often describes everyone ("Mia sits, Rex
    runs to the river"), and matched whole, that text made Mia swim. A clause (between commas or
    semicolons) that names someone else and not the mover is left out."""
    clauses = [c.strip() for c in re.split(r"[,;]", motion_text) if c.strip()]
    own = [c for c in clauses if mentions(c, mover) or not any(mentions(c, o) for o in others)]
    return ", ".join(own) or motion_text


def framing_for(framing: str, touching: bool, characters: list[str], present: Collection[str] = ()) -> str:
    """The framing the scene allows: a medium or close shot frames the mover alone, so when the
    text has two characters touching (a hug, holding hands), or puts two or more in the scene
    (`present`), it is shot wide, which keeps them all in view (a close-up of the mover left the
    one beside them out of every frame)."""
    if framing != "wide" and len(characters) > 1 and (touching or len(set(present) & set(characters)) > 1):
        return "wide"
    return framing


# How a thing the text has move by itself moves: blown away, or along the ground.
THING_MOTIONS = {"fly": "fly-away", "blow": "fly-away", "float": "fly-away", "drift": "fly-away", "soar": "fly-away",
                 "sail": "fly-away", "roll": "roll", "slide": "roll", "bounce": "roll", "tumble": "roll", "spin": "roll"}


def things_moving(reading, layout: render.Layout, seconds: float) -> list[render.Motion]:
    """The motions of things the text has move by themselves ("the kite flew far away", "the ball
    rolled"): each one the layout has standing free (not in someone's hands) moves so."""
    motions = []
    for p in layout.placements:
        verb = reading.moving.get(_item(p.prop.noun) or p.prop.noun) if p.prop is not None else None
        if verb in THING_MOTIONS:
            start, end = _span(seconds)
            to_x = None if THING_MOTIONS[verb] == "fly-away" else (0.85 if p.x < 0.5 else 0.15)
            motions.append(render.Motion(name=THING_MOTIONS[verb], who=p.prop.noun, to_x=to_x, start_s=start, end_s=end))
    return motions


# -- things that take part in the action -------------------------------------------------------------------

# What someone does to a thing, by the verb whose object it is (or, for play, the "with" phrase):
PLAY_VERBS = frozenset({"play", "bounce", "dribble", "juggle"})  # it bounces by the player
SEND_ALONG_VERBS = frozenset({"kick", "roll"})  # it rolls along the ground, away from them
THROW_VERBS = frozenset({"throw", "toss", "fling", "hurl", "lob", "pitch"})  # an arc out of the hand
GIVE_VERBS = frozenset({"give", "hand", "pass", "offer", "share", "lend", "bring"})  # to the recipient
TAKE_VERBS = frozenset({"take", "get", "receive", "borrow", "grab", "accept"})  # from the source
# Things small enough to pick up, throw and hand over (world units; a ball is 0.24, a box 0.32)
HAND_SIZED = 0.3
NOT_THINGS = frozenset({"hole"})  # library props that are a place in the ground, not a thing to lift
# A hand-over or a throw takes this long at most (s): stretched over a long shot it crawled.
HAND_OVER_S, THROW_S = 3.0, 2.5
# A giver further than this (frame widths) from the receiver walks up to them first: reaching
# children 0.24 apart met hand to hand in a wide shot; and stops this far from them.
NEAR = 0.26
STEP = 0.2


def _item(word: str | None) -> str | None:
    return item_of(word) if word else None  # as the reader has it: "toy rabbit" is the teddy bear


def _movable(item: str | None) -> bool:
    from animdirector.tools.render.props import PROPS

    return item is not None and item in PROPS and item not in NOT_THINGS and PROPS[item].height <= HAND_SIZED


def _span(seconds: float, most: float | None = None) -> tuple[float, float]:
    """A motion's start and end in a shot: most of it; or for a hand-over or a throw, from the
    first frame (the frames say whose the thing is to be from then on) for `most` seconds."""
    start, end = min(0.3, seconds * 0.1), max(seconds - 0.3, seconds * 0.9)
    return (start, end) if most is None else (0.0, min(end, most))


def _where(layout: render.Layout, item: str) -> render.Placement | None:
    """The placement that has the thing: standing free, or holding it."""
    return next((p for p in layout.placements
                 if (p.prop is not None and _item(p.prop.noun) == item) or
                 (p.holding is not None and _item(p.holding.noun) == item)), None)


def _in_hand(layout: render.Layout, item: str, who: str) -> render.Layout | None:
    """The layout with the thing in `who`'s hand where the action starts (a thrown or handed thing
    starts in the thrower's or giver's hand), taken from where it stood or from whoever held it;
    None when `who` is not drawn or already holds something else."""
    holder = next((p for p in layout.placements if p.character == who), None)
    there = _where(layout, item)
    if holder is None or there is None:
        return None
    if there is holder:
        return layout
    if holder.holding is not None:
        return None  # one thing in a hand: what they hold stays
    thing = there.prop if there.prop is not None and _item(there.prop.noun) == item else there.holding
    placements = []
    for p in layout.placements:
        if p is there and p.prop is not None:
            continue  # the free-standing thing goes into the hand
        if p is there:
            p = p.model_copy(update={"holding": None, "pose": "stand" if p.pose == "hold" else p.pose})
        if p is holder:
            p = p.model_copy(update={"holding": thing})
        placements.append(p)
    return layout.model_copy(update={"placements": placements})


def _x_of(layout: render.Layout, who: str) -> float | None:
    return next((p.x for p in layout.placements if p.character == who), None)


def _away(x: float, toward: float | None = None, far: float = 0.35) -> float:
    """Where a thing sent off from x lands: at `toward` (someone's feet), else across the open side."""
    if toward is not None:
        return toward - 0.06 if toward > x else toward + 0.06
    return min(0.92, max(0.08, x + (far if x < 0.5 else -far)))


def things_in_play(reading, layout: render.Layout, characters: list[str],
                   seconds: float) -> tuple[render.Layout, list[render.Motion], list[str]]:
    """What the text has someone do to a thing, shown with the thing taking part: a thing handed
    over ("Tom gave Mia the apple", "Mia took the apple from Tom") passes from the giver's hand to
    the receiver's; a thrown one arcs from the hand to a catcher or the ground; a kicked or rolled
    one rolls away; one played with or bounced bounces by the player (from the hand, if held).

    Returns the layout as the action starts (a thrown or given thing in the thrower's or giver's
    hand), the motions (those of the people involved replace whatever else they were to do), and
    one line per thing for the log."""
    motions: list[render.Motion] = []
    said: list[str] = []
    busy: set[str] = set()  # people and things already given a part
    actions = [a for s in reading.sentences for a in s.actions if not a.negated and a.subject in characters]
    catchers = [a.subject for a in actions if a.verb == "catch"]

    def things_of(a) -> list[str]:
        """The library things an action is done to: its object, or for play, the thing in the
        player's hands in that sentence ("played with the ball")."""
        item = _item(a.object)
        if item:
            return [item]
        if a.verb in PLAY_VERBS:
            return [t.item for s in reading.sentences if a in s.actions for t in s.things
                    if t.item and t.holder == a.subject]
        return []

    for a in actions:
        for item in things_of(a):
            if item in busy or not _movable(item) or _where(layout, item) is None:
                continue
            giver = receiver = None
            if a.verb in GIVE_VERBS and a.recipient in characters:
                giver, receiver = a.subject, a.recipient
            elif a.verb in TAKE_VERBS and a.source in characters:
                giver, receiver = a.source, a.subject
            if giver and receiver and giver not in busy and receiver not in busy:
                moved = _in_hand(layout, item, giver)
                gx, rx = _x_of(layout, giver), _x_of(layout, receiver)
                if moved is None or gx is None or rx is None:
                    continue
                layout = moved
                walk = abs(rx - gx) > NEAR  # far apart: the giver walks up to them first
                start, end = _span(seconds, HAND_OVER_S + (1.5 if walk else 0.0))
                to_x = (rx - STEP if rx > gx else rx + STEP) if walk else None
                motions += [render.Motion(name="give", who=giver, receiver=receiver, to_x=to_x, start_s=start, end_s=end),
                            render.Motion(name="receive", who=receiver, start_s=start, end_s=end)]
                busy |= {giver, receiver, item}
                said.append(f"{giver} hands the {item} to {receiver}")
            elif a.verb in THROW_VERBS and a.subject not in busy:
                moved = _in_hand(layout, item, a.subject)
                if moved is None:
                    continue
                layout = moved
                catcher = a.recipient if a.recipient in characters else next(
                    (c for c in catchers if c != a.subject and c not in busy), None)
                start, end = _span(seconds, THROW_S)
                x = _x_of(layout, a.subject) or 0.5
                motions.append(render.Motion(name="throw", who=a.subject, receiver=catcher, start_s=start, end_s=end,
                                             to_x=_away(x, _x_of(layout, catcher) if catcher else None)))
                if catcher:
                    motions.append(render.Motion(name="receive", who=catcher, start_s=start, end_s=end))
                busy |= {a.subject, item} | ({catcher} if catcher else set())
                said.append(f"{a.subject} throws the {item}" + (f" to {catcher}" if catcher else ""))
            elif a.verb in SEND_ALONG_VERBS | PLAY_VERBS and a.subject not in busy:
                there = _where(layout, item)
                x = _x_of(layout, a.subject) or 0.5
                start, end = _span(seconds)
                held = there.prop is None  # in someone's hands
                if a.verb in SEND_ALONG_VERBS and not held:
                    to = a.recipient if a.recipient in characters else None
                    motions += [render.Motion(name="kick" if a.verb == "kick" else "reach", who=a.subject,
                                              start_s=start, end_s=min(end, start + 0.8)),
                                render.Motion(name="roll", who=there.prop.noun, start_s=start + 0.3, end_s=end,
                                              to_x=_away(there.x, _x_of(layout, to) if to else None))]
                    said.append(f"the {item} rolls away from {a.subject}")
                elif a.verb in PLAY_VERBS and held and there.character == a.subject:
                    name = "dribble" if item == "ball" and a.verb != "juggle" else "juggle"
                    motions.append(render.Motion(name=name, who=a.subject, start_s=start, end_s=end))
                    said.append(f"{a.subject} {'bounces' if name == 'dribble' else 'tosses'} the {item}")
                elif a.verb in PLAY_VERBS and not held:
                    # by the player: a thing across the picture comes bouncing over to them
                    side = 0.1 if there.x >= x else -0.1
                    to_x = x + side if abs(there.x - x) > 0.2 else None
                    motions.append(render.Motion(name="bounce", who=there.prop.noun, to_x=to_x, start_s=start, end_s=end))
                    said.append(f"the {item} bounces by {a.subject}")
                else:
                    continue
                busy |= {a.subject, item}
    return layout, motions, said


def with_things_in_play(motions: list[render.Motion], in_play: list[render.Motion]) -> list[render.Motion]:
    """The shot's motions with those of things in play: whoever takes part in a hand-over, a throw
    or a game does that and nothing else (two motions at once fight over the pose), and a thing
    moved by someone is not also moved by itself."""
    taken = {m.who for m in in_play}
    return [m for m in motions if m.who not in taken] + in_play


# Below this similarity a doing is not shown by the nearest library motion: right matches scored
# 0.41-0.58, wrong ones ("thanks" -> nod, "puts the things" -> dance) 0.15-0.31.
MIN_TEXT_MOTION_SCORE = 0.38
SOUND_VERBS = frozenset({"laugh", "giggle", "sing", "cheer", "scream", "cry", "shout", "yell"})
# Verbs of saying words (not smiling, barking or wondering): who does only these gestures as they talk.
TALKING_VERBS = SPEECH_VERBS - SOUND_VERBS - {"smile", "bark", "chirp", "squeak", "wonder", "agree"}


def text_motions(reading, who: str) -> list[tuple[str, str]]:
    """(library motion, the words) for each doing the text gives `who` in the scene, in order ("Tom
    ran to the tree and climbed it": run, climb): the model's motion words often wave or run
    instead. What the body does wins over the sounds that go with it ("Mia laughed and hugged Rex":
    a hug); a doing the library shows nothing near is left out, and one motion is not repeated."""
    doings = [(a, s.text) for s in reading.sentences for a in s.actions
              if a.subject == who and not a.negated and a.verb not in STATIVE_VERBS]
    body = [(a, text) for a, text in doings if a.verb not in SOUND_VERBS] or doings[:1]
    out: list[tuple[str, str]] = []
    for a, text in body:
        told = ("sleep", f"{who} falls asleep") if a.verb == "fall" and _FALL_ASLEEP.search(text) else _motion_of(a, who)
        if told and (not out or out[-1][0] != told[0]):
            out.append(told)
    speaks = any(a.subject == who and a.verb in TALKING_VERBS and not a.negated for s in reading.sentences
                 for a in s.actions) or any(q.speaker == who for s in reading.sentences for q in s.quotes)
    return out or ([("talk", f"{who} talks")] if speaks else [])  # who only speaks gestures as they speak


_FALL_ASLEEP = re.compile(r"\bf[ae]ll(?:s|ing)?\s+(?:fast\s+|sound\s+)?asleep\b", re.IGNORECASE)  # not a fall


def text_motion(reading, mover: str) -> tuple[str, str] | None:
    """The first of `text_motions`: what the text has the mover do first."""
    told = text_motions(reading, mover)
    return told[0] if told else None


def _motion_of(a, who: str) -> tuple[str, str] | None:
    # "Tom goes", not "Tom go": the bare stem alone reads as other words to the embedder
    verb = (a.verb[:-1] + "ies" if a.verb.endswith("y") and a.verb[-2:-1] not in "aeiou" else
            a.verb + ("es" if a.verb.endswith(("o", "s", "sh", "ch")) else "s"))
    words = " ".join(w for w in (who, verb, a.object if a.object and a.object != who else "") if w)
    flying_a_thing = a.verb == "fly" and a.object and a.object != who  # flies a kite: runs holding it
    motion = VERB_MOTIONS.get(a.verb) if not flying_a_thing else None
    if motion is None:
        motion, score = match_motion_scored(words)  # with its rules for sides and kites
        if score < MIN_TEXT_MOTION_SCORE and not flying_a_thing:
            return None  # nothing the library shows is near this doing ("thanked", "packed"): leave it be
    # walking in or off the picture is the text's to say (arrive, leave), not a nearest match's
    if motion.startswith(("enter-", "exit-")) and a.verb not in COMING_GOING_VERBS:
        return None
    return motion, words


# At most this many doings one after another in a shot, each at least this long: a doing shorter
# than a second and a bit does not read.
MAX_DOINGS, MIN_DOING_S = 3, 1.4


def doings_in_turn(names: list[str], who: str, layout: render.Layout, seconds: float) -> list[render.Motion]:
    """The mover's doings one after another over the shot, each in its share of it; who travels
    twice goes on from where the first way ended."""
    start, end = _span(seconds)
    names = [_climb_or_not(n, who, layout) for n in names[: max(1, min(MAX_DOINGS, int((end - start) / MIN_DOING_S)))]]
    span = (end - start) / len(names)
    here = next((p.x for p in layout.placements if p.character == who), 0.5)
    out = []
    for k, name in enumerate(names):
        to_x = None
        if name in TRAVELLING:
            to_x = 0.75 if here < 0.5 else 0.25
            here = to_x
        out.append(render.Motion(name=name, who=who, to_x=to_x, start_s=start + k * span, end_s=start + (k + 1) * span))
    return out


# What someone other than the mover may do in the same shot: on the spot, so that nobody crosses
# the mover's path or walks off the picture the text keeps them in.
IN_PLACE_MOTIONS = frozenset(render.motion_library()) - TRAVELLING - AIRBORNE - {"skip", "roll", "swim"}


def others_doing(reading, characters: list[str], mover: str, can_fly) -> list[tuple[str, str, str]]:
    """(who, library motion, the words) for everyone but the mover whom the text has do something
    on the spot ("Jenny knelt and pointed while Bo dug": Jenny kneels as Bo digs), or go along
    with the mover ("Mia and Rex ran into the forest": Rex runs with her); nobody else travels."""
    along = {b for a, b in reading.together if a == mover} | {a for a, b in reading.together if b == mover}
    mover_does = {m for m, _ in text_motions(reading, mover)} if mover != "none" else set()
    out = []
    for who in characters:
        if who == mover:
            continue
        told = text_motion(reading, who)
        going_along = told and who in along and told[0] in mover_does and told[0] in TRAVELLING
        if told and (told[0] in IN_PLACE_MOTIONS or going_along or (told[0] == "fly" and can_fly(who))):
            out.append((who, told[0], told[1]))
    return out


def along_with(motion: render.Motion, leader: render.Motion | None) -> render.Motion:
    """Someone who goes with the mover ends beside them, a step behind, not across their path."""
    if leader is None or leader.to_x is None or motion.to_x is None:
        return motion
    behind = -0.1 if leader.to_x > 0.5 else 0.1
    return motion.model_copy(update={"to_x": min(0.95, max(0.05, leader.to_x + behind))})


def text_mover(reading, characters: list[str]) -> str | None:
    """Who the text has do something: the first who goes somewhere, else the first at work (the
    model's mover stands still in the text as often as not)."""
    told = [(who, text_motion(reading, who)) for who in characters]
    doers = [(who, t[0]) for who, t in told if t]
    return next((who for who, m in doers if m in TRAVELLING), None) or next((who for who, _ in doers), None)


def keeps_everyone(verdict: ClipVerdict | None) -> bool:
    """Whether the last clip lost someone the text puts in the scene: then the next one is shot
    wide with a still camera, which keeps the whole set in view."""
    return verdict is not None and not verdict.ok and any(f.get("kind") == "present" and not f.get("passed")
                                                          for f in verdict.facts)


def camera_for(camera: str, framing: str, mover: str, motions: list[render.Motion],
               start_x: dict[str, float] | None = None) -> str:
    """The camera the shot needs: nobody to follow, no follow; a mover who travels in a medium or
    close shot is followed (the shot is framed on where the mover starts, so a fixed camera or a
    zoom loses the mover after a few frames); a pan goes the way the mover goes, else it is no pan
    (panning over people who stand still pushed them to the frame's edge). `start_x`: where each
    one stands as the shot starts."""
    if camera == "follow" and mover == "none":
        return "static"
    if framing != "wide" and any(m.to_x is not None for m in motions):
        return "follow"
    if camera in ("pan-left", "pan-right") and start_x is not None:
        way = next((m.to_x - start_x[m.who] for m in motions if m.who == mover and m.to_x is not None
                    and m.who in start_x), 0.0)
        if (camera == "pan-right" and way <= 0.02) or (camera == "pan-left" and way >= -0.02):
            return "static"
    return camera


class Cinematographer(RoleAgent):
    def __init__(self, studio: Studio, setup=None):
        super().__init__("cinematographer", "Plans the shot, camera move and motion, and renders the clip.", setup)
        self.studio = studio

    async def act(self, events, cancellation_token: CancellationToken):
        setup, scene, sc = self.setup, self.setup.scene, self.studio.scenario
        round_no, best, *_ = kept(self.all(ImageVerdict))
        proposal = next(p for p in self.all(LayoutProposal) if p.round == round_no)
        layout = layout_for(self.studio, scene, proposal.staging)
        characters = [p.character for p in layout.placements if p.character]
        usage = None
        if characters:
            answer = await ask_json(
                self.studio.client, step=f"scene {scene.index} shot", system=prompt("cinematographer"),
                user=f"Scene {scene.index}: {scene.action}\nCharacters: {', '.join(characters)}." + _faults(self.last(ClipVerdict)),
                schema=shot_schema(characters), retries=1, on_token=self.studio.on_token,
            )
            plan, usage = answer.value, answer.usage()
            framing, camera, mover, motion_text = plan.framing, plan.camera, plan.mover, plan.motion
            if mover == "none":  # "no one moves" but the words name someone moving: believe the words
                mover = next((c for c in characters if mentions(motion_text, c)), "none")
        else:
            framing, camera, mover, motion_text = "wide", "pan-right", "none", "the camera looks around"
        setup.llm_done.set()  # from here on the scene only renders and checks
        # the shot lasts as long as the scene's speech needs (the motions stretch with it)
        line = self.last(SubtitleLine)
        seconds = min(60.0, max(sc.seconds_per_scene, line.seconds if line else 0.0))
        reading = (scene_reading(self.studio.scenario.narrative, scene.source) if self.studio.story_rules != "off"
                   else SceneReading(sentences=[]))  # off: nothing the text says changes the shot
        framing = framing_for(framing, bool(reading.touches), characters, reading.present)
        if keeps_everyone(self.last(ClipVerdict)):
            framing, camera = "wide", "static"
            self.studio.rule(self.name, "wide shot, static camera",
                             "the last clip lost a character the text puts in the scene", scene.index)
        if self.studio.story_rules == "enforce" and (mover == "none" or not text_motion(reading, mover)):
            doer = text_mover(reading, characters)
            if doer and doer != mover:
                self.studio.rule(self.name, f"{doer} moves, not {mover}",
                                 f"the text has {doer} do something{'' if mover == 'none' else f' and not {mover}'}",
                                 scene.index)
                mover, motion_text = doer, text_motion(reading, doer)[1]
        others = [c for c in characters if c != mover]
        motion_name = render.match_motion(words_about_mover(motion_text, mover, others)) if mover != "none" else "none"
        told = text_motion(reading, mover) if mover != "none" and self.studio.story_rules == "enforce" else None
        if told and told[0] != motion_name:
            self.studio.rule(self.name, f"{mover} does '{told[0]}', not '{motion_name}'",
                             f"the text says '{told[1]}'", scene.index)
            motion_name = told[0]
        if (mover != "none" and self.studio.story_rules == "enforce" and not told
                and motion_name not in CALM_MOTIONS and not text_mover(reading, characters)):
            calm = calm_motion(reading, mover)
            self.studio.rule(self.name, f"{mover} does '{calm}', not '{motion_name}'",
                             "the text has nobody do anything: a doing of the model's own would be a story of its own",
                             scene.index)
            motion_name = calm
        if motion_name in AIRBORNE and not flies(self.studio.designs[mover].kind):
            self.studio.rule(self.name, f"{mover} runs instead of '{motion_name}'",
                             f"a {self.studio.designs[mover].kind} does not fly", scene.index)
            motion_name = "run"
        if motion_name.startswith(("enter-", "exit-")) and mover in reading.present and mover not in reading.coming_going:
            self.studio.rule(self.name, f"{mover} walks instead of '{motion_name}'",
                             f"the text has {mover} in the scene and says nothing of arriving or leaving", scene.index)
            motion_name = "walk"
        motions = [motion_for(motion_name, mover, layout, seconds)] if mover != "none" else []
        in_turn = [m for m, _ in text_motions(reading, mover)] if told and told[0] == motion_name else []
        if len(in_turn) > 1:  # what the text has the mover do, one after another
            motions = doings_in_turn(in_turn, mover, layout, seconds)
            self.studio.rule(self.name, f"{mover} does {', then '.join(repr(m.name) for m in motions)}",
                             "the text has them do these in turn", scene.index)
        if self.studio.story_rules == "enforce":
            for who, motion, words in others_doing(reading, characters, mover,
                                                   lambda c: flies(self.studio.designs[c].kind)):
                self.studio.rule(self.name, f"{who} does '{motion}' too", f"the text says '{words}'", scene.index)
                # who goes along goes when the mover goes ("hugged Rex, then they walked home")
                leader = next((m for m in motions if m.who == mover and m.name == motion), motions[0] if motions else None)
                own = motion_for(motion, who, layout, seconds)
                if leader is not None and leader.name == motion:
                    own = own.model_copy(update={"start_s": leader.start_s, "end_s": leader.end_s})
                motions.append(along_with(own, leader))
        motions += things_moving(reading, layout, seconds)
        if self.studio.story_rules == "enforce":
            layout, in_play, said = things_in_play(reading, layout, characters, seconds)
            for line in said:
                self.studio.rule(self.name, line, "the text has the thing take part in the action", scene.index)
            motions = with_things_in_play(motions, in_play)
            motion_name = next((m.name for m in in_play if m.who == mover), motion_name)
            walking = in_formation(motions, layout)
            for who in {m.who for m in walking[len(motions):]}:
                self.studio.rule(self.name, f"{who} goes along with {mover}",
                                 "they stand together, so they go together", scene.index)
            motions = rides_along(walking, layout)
        camera = camera_for(camera, framing, mover, motions, {p.character: p.x for p in layout.placements if p.character})
        shot = render.Shot(
            framing=framing, subject=mover if mover != "none" else None, camera=camera,
            duration_s=seconds, fps=sc.fps,
        )
        cand_seed = candidate_seed(round_seed(setup.seed, round_no), best)
        out = setup.out_dir / f"clip-r{round_no}-c{best + 1}-{framing}-{camera}-{motion_name}-{slugify(mover)}.mp4"
        clip = await self.use_tool(
            events, "animate_clip",
            {"scene": scene.index, "round": round_no, "candidate": best + 1, "shot": shot.model_dump(), "motion": motion_name, "who": mover},
            lambda: _existing(out) or self.studio.video.clip(
                layout, shot, motions, characters=scene_designs(self.studio, scene, characters),
                out_path=out, style=sc.style, size=tuple(sc.size), seed=cand_seed,
                first_frame=Path(proposal.candidates[best]), prompt=scene.action,
            ),
        )
        proposal = ShotProposal(
            framing=framing, camera=camera, motion=motion_name, motion_text=motion_text, mover=mover,
            clip=str(clip.path), poster=str(clip.poster_path),
        )
        return say(proposal, self.name, models_usage=usage)


class _Existing:
    def __init__(self, path):
        self.path = path
        self.poster_path = path.with_suffix(".png")


def _existing(path):
    """A clip rendered before (same inputs, same name): found, not redone."""
    return _Existing(path) if path.exists() and path.with_suffix(".png").exists() else None


def _faults(verdict) -> str:
    if verdict is None or verdict.ok:
        return ""
    return "\nThe critic's faults with the last clip:\n- " + "\n- ".join(verdict.faults)
