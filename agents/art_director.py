"""The art director: character designs, reference sheets, and each scene's layout and candidates."""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from autogen_core import CancellationToken
from pydantic import BaseModel, Field, create_model

from animdirector.agents.messages import ImageVerdict, LayoutProposal, Staging, say
from animdirector.agents.role import RoleAgent
from animdirector.agents.structured import ask_json
from animdirector.agents.studio import Studio, prompt
from animdirector.agents.team_state import layout_for, round_seed, scene_designs
from animdirector.memory.artifacts import atomic_save, inputs_hash, slugify
from animdirector.tools import render
from animdirector.tools.render.compose import TOPS
from animdirector.tools.render.kinds import KINDS, carries_in_mouth, has_hands, resolve_kind
from animdirector.tools.render.props import PROPS
from animdirector.tools.render.motions import VERB_MOTIONS
from animdirector.tools.story.doings import item_of
from animdirector.tools.story.scenes import SceneReading, scene_reading
from animdirector.tools.story.vocabulary import NEVER_HELD, SCENERY

POSITIONS = {"left": 0.16, "centre-left": 0.33, "centre": 0.5, "centre-right": 0.67, "right": 0.84}
DISTANCES = {"near": (0.05, 0.9), "middle": (0.35, 0.8), "far": (0.7, 0.7)}  # depth, feet line


def staging_schema(characters: list[str], props: list[str]) -> type[BaseModel]:
    """Characters get a spot, pose, expression and what they hold; objects only a spot.
    Facing and depth are left to code: every field the model writes costs decode time."""
    fields: dict = {}
    if characters:
        person = create_model(
            "CharacterPlace",
            who=(Literal[tuple(characters)], ...),  # type: ignore[valid-type]
            position=(Literal[tuple(POSITIONS)], ...),
            pose=(Literal[render.POSES], "stand"),  # type: ignore[valid-type]
            expression=(Literal[render.EXPRESSIONS], "neutral"),  # type: ignore[valid-type]
            holding=(Literal[tuple(props + ["nothing"])], "nothing"),  # type: ignore[valid-type]
        )
        fields["characters"] = (list[person], Field(min_length=len(characters), max_length=len(characters)))  # type: ignore[valid-type]
    if props:
        thing = create_model(
            "ObjectPlace",
            what=(Literal[tuple(props)], ...),  # type: ignore[valid-type]
            position=(Literal[tuple(POSITIONS)], ...),
        )
        fields["objects"] = (list[thing], Field(min_length=len(props), max_length=len(props)))  # type: ignore[valid-type]
    return create_model("Staging", **fields)


def check_staging(characters: list[str], props: list[str]):
    def check(plan) -> list[str]:
        faults = []
        placed = [c.who for c in getattr(plan, "characters", [])] + [o.what for o in getattr(plan, "objects", [])]
        for name in characters + props:
            if placed.count(name) != 1:
                faults.append(f"place {name} exactly once (you placed it {placed.count(name)} times)")
        held = [c.holding for c in getattr(plan, "characters", []) if c.holding != "nothing"]
        if len(held) != len(set(held)):
            faults.append("two characters hold the same object")
        return faults

    return check


def staging_from_plan(plan) -> list[Staging]:
    """The model's plan as stagings; code picks depth and which way each character faces."""
    people = list(getattr(plan, "characters", []))
    things = list(getattr(plan, "objects", []))
    xs = [POSITIONS[c.position] for c in people] or [0.5]
    centre = sum(xs) / len(xs)
    out = []
    for c in people:
        x = POSITIONS[c.position]
        facing = "front" if len(people) == 1 or abs(x - centre) < 0.05 else ("right" if x < centre else "left")
        out.append(Staging(who=c.who, position=c.position, distance="middle", pose=c.pose,
                           expression=c.expression, facing=facing, holding=c.holding))
    out += [Staging(who=o.what, position=o.position, distance="far" if o.what in SCENERY else "middle") for o in things]
    return out


def staged_by_reading(staging: list[Staging], reading: SceneReading, props: dict, hands: Collection[str],
                      mouths: Collection[str] = ()) -> list[Staging]:
    """The staging with what the scene's text says about bodies: each thing it puts in someone's
    hands is held by them (the small model often leaves "holding" at nothing, and a flown kite then
    stands on the grass), and whoever touches someone (hugs, holds hands) stands against them,
    facing them; whoever or whatever the text puts at a thing ("sat under a tree", "stuck on a
    bush") is drawn there. Only characters with hands hold things, and those in `mouths` (a dog, a
    bird) small ones in the mouth or beak; scenery is never held."""
    people = {s.who for s in staging if s.who not in props}
    items = {noun: item_of(noun) or noun for noun in props}  # "toy rabbit": the teddy bear
    given: dict[str, str] = {}  # holder -> prop noun
    for noun, item in items.items():
        holder = reading.held.get(item)
        can_hold = holder in hands or (holder in mouths and item in PROPS and PROPS[item].height <= MOUTHFUL)
        if holder in people and can_hold and item not in NEVER_HELD and holder not in given:
            given[holder] = noun
    noun_of = {item: noun for noun, item in items.items()}
    at: dict[str, str] = {}  # who or what -> the prop noun it is at
    up: set[str] = set()  # who or what is up in the thing it is at
    on: set[str] = set()  # who or what is on top of the thing it is at (or, a thing or an animal, in it)
    for who, anchor in reading.at.items():
        entity = who if who in people else noun_of.get(who)
        if entity is not None and anchor in noun_of and entity not in given.values():
            at[entity] = noun_of[anchor]
            prep = next((p for s in reversed(reading.sentences) for w, p, a in s.spatial if w == who and a == anchor), "")
            if anchor in TALL_THINGS and prep in UP_PREPS:
                up.add(entity)
            elif anchor in TOPS and (prep in ON_PREPS or (prep in IN_PREPS and entity not in hands)):
                on.add(entity)
    # kneeling is for those with hands to work with: a horse or a dog that digs does it standing
    postures = {w: p for w, p in text_postures(reading).items() if p != "kneel" or w in hands or w not in people}
    bed = noun_of.get("bed")
    for who in (w for w, pose in postures.items() if pose == "lie" and bed and w in people and w not in at):
        at[who] = bed  # "she lay down": on the bed, when the room has one
    partner: dict[str, str] = {}
    for who, whom, _ in reading.touches:  # a chain may form: "the three held hands"
        if who in people and whom in people and whom not in partner and _group_root(who, partner, {}) != whom:
            partner[whom] = who  # the one touched comes to the one who touches
    facing: dict[str, str] = {}
    for who, whom in [*reading.meets, *((b, a) for a, b in reading.together)]:
        if who in people and whom in people and not {who, whom} & (set(partner) | set(partner.values()) | set(facing)):
            facing[who] = whom  # the one who talks goes to the one talked to; who goes along, to the first
    for who, whom in reading.company:  # one sentence's picture has them together: one group, not two edges
        if who in people and whom in people:
            root_a, root_b = _group_root(who, partner, facing), _group_root(whom, partner, facing)
            if root_a != root_b:
                facing[root_b] = who
    out = []
    for s in staging:
        update: dict = {}
        if s.who in postures and s.pose != postures[s.who]:
            update["pose"] = postures[s.who]  # "Rex sat by the door": seated from the first frame
        elif s.who in people and s.pose in LOW_POSES and s.who not in postures:
            update["pose"] = "stand"  # a crouch the text never asks for reads as the doing of the scene
        if s.who in given and s.holding in ("", "nothing"):
            update["holding"] = given[s.who]
        if s.who in reading.feelings and s.expression != reading.feelings[s.who]:
            update["expression"] = reading.feelings[s.who]  # "Lily felt sad": not the model's smile
        if s.who in partner:
            update["next_to"] = partner[s.who]
        elif s.who in facing:
            update["faces"] = facing[s.who]
        if "next_to" not in update and s.who in at and at[s.who] != s.who:
            update["at"] = at[s.who]
            update["up"] = s.who in up
            update["on"] = s.who in on
        out.append(s.model_copy(update=update) if update else s)
    return out


MOUTHFUL = 0.3  # the tallest thing (library height) a dog or a bird carries in its mouth: a ball, a purse, a scarf

# Things tall enough to be up in, and the words that put someone or something up there: "a nest
# high in the tree", "the kite landed in a tree" (not "under" or "by" it).
TALL_THINGS = frozenset({"tree"})
UP_PREPS = frozenset({"in", "on", "up", "into", "onto"})
UP_IN = 0.28  # how far above the tree's foot (frame heights) its crown holds what is up in it
# Words that put someone or something on top of a thing ("stood on the rock", "the cup on the
# table"), and those that put a thing in an open one ("apples in the basket", "the hat in the nest").
ON_PREPS = frozenset({"on", "onto", "upon"})
IN_PREPS = frozenset({"in", "into", "inside"})

# Poses that say what someone is doing: only the text's words put someone in them.
LOW_POSES = frozenset({"sit", "kneel", "lie"})
_POSTURE_OF_MOTION = {"sit-down": "sit", "kneel": "kneel", "dig": "kneel", "lie-down": "lie", "sleep": "lie",
                      "ride": "sit", "swing": "sit"}


def text_postures(reading: SceneReading) -> dict[str, str]:
    """Who the scene's text puts sitting, kneeling or lying ("Rex sat", "she lay in bed"): the last
    posture it gives each; "stood up" ends one."""
    out: dict[str, str] = {}
    for sentence in reading.sentences:
        for a in sentence.actions:
            if a.subject is None or a.negated:
                continue
            if a.verb == "stand":
                out.pop(a.subject, None)
            elif (pose := _POSTURE_OF_MOTION.get(VERB_MOTIONS.get(a.verb, ""))) is not None:
                out[a.subject] = pose
    return out


def _group_root(who: str, partner: dict[str, str], facing: dict[str, str]) -> str:
    """The one of `who`'s group who goes to nobody (every other member goes to one other)."""
    seen = {who}
    while (nxt := partner.get(who) or facing.get(who)) and nxt not in seen:
        seen.add(nxt)
        who = nxt
    return who


CONTACT_GAP = 0.08  # frame widths between two children who touch: their drawings overlap at this distance
CHILD_HEIGHT = 0.7  # the kind height (world units) CONTACT_GAP is for


def contact_gap(a, b) -> float:
    """How far apart two who touch stand: CONTACT_GAP for two children, closer for small animals
    (a crab and a turtle 0.08 apart did not touch), never further than for two children."""
    heights = [KINDS[resolve_kind(d.kind)[0]].height if getattr(d, "kind", None) else CHILD_HEIGHT for d in (a, b)]
    return CONTACT_GAP * max(0.3, min(1.0, sum(heights) / 2 / CHILD_HEIGHT))
TALK_GAP = 0.22  # at most this far apart, two who talk


def layout_from_staging(scene, staging: list[Staging], props: dict, designs: dict) -> render.Layout:
    """Positions in words become coordinates; held props go in hands, not on the ground."""
    held = {s.holding for s in staging if s.holding not in ("", "nothing")}
    taken: dict[float, int] = {}
    placements = []
    for s in staging:
        if s.who in held and s.who not in designs:
            continue
        depth, y = DISTANCES[s.distance]
        x = POSITIONS[s.position]
        n = taken.get(x, 0)
        taken[x] = n + 1
        x += 0.1 * n * (1 if x <= 0.5 else -1)  # two at one spot stand side by side
        on = _prop(props[s.at]).noun if s.on and s.at in props else None  # the placement's key it rests on
        if s.who in designs:
            holding = props.get(s.holding) if s.holding not in ("", "nothing") else None
            placements.append(render.Placement(
                character=s.who, x=x, y=y, depth=depth, facing=s.facing, pose=s.pose,
                expression=s.expression, holding=_prop(holding) if holding else None, on=on,
            ))
        elif s.who in props:
            placements.append(render.Placement(prop=_prop(props[s.who]), x=x, y=y, depth=depth, on=on))
    at = {s.who: s.at for s in staging if s.at}
    _at_things(placements, at, {s.who for s in staging if s.up})
    _in_groups(placements, {s.who: s.next_to for s in staging if s.next_to},
               {s.who: s.faces for s in staging if s.faces and not s.next_to}, set(at), designs)
    setting = render.Setting(place=scene.place, time_of_day=scene.time_of_day, weather=scene.weather)
    return render.Layout(setting=setting, placements=placements)


def _at_things(placements: list, at: dict[str, str], up: set[str] = frozenset()) -> None:
    """Move each character or thing that is at a thing to it: a character stands at its x (in
    front of a tree is under it); a thing goes where the thing it is on stands; who or what is
    `up` in it goes up into its crown, just in front of it."""
    where = {p.prop.noun: p for p in placements if p.prop is not None}
    for i, p in enumerate(placements):
        anchor = where.get(at.get(p.key, ""))
        if anchor is None:
            continue
        if p.key in up:
            update = {"x": anchor.x, "y": anchor.y - UP_IN, "depth": max(0.0, anchor.depth - 0.01)}
        elif p.on is not None:  # up on it: where it stands, drawn just after it (the renderer lifts it)
            update = {"x": anchor.x, "y": anchor.y + 0.002, "depth": anchor.depth}
        else:  # a thing on a thing: in front of it (drawn after it), where it stands
            update = {"x": anchor.x} if p.character else {"x": anchor.x, "y": anchor.y + 0.01, "depth": anchor.depth}
        placements[i] = p.model_copy(update=update)


def _in_groups(placements: list, next_to: dict[str, str], faces: dict[str, str], at_things: set[str],
               designs: dict | None = None) -> None:
    """Stage each group the text puts together as one row: who touches stands CONTACT_GAP from
    whom they touch, everyone else TALK_GAP from their neighbour, all at one depth, facing into
    the row. The row keeps the model's left-to-right order and centres where the model put the
    group (or on the one who is at a thing: under the tree stays under the tree); across the
    whole frame, two who play together read as two strangers."""
    at = {p.character: i for i, p in enumerate(placements) if p.character}
    links = {w: o for w, o in {**faces, **next_to}.items() if w in at and o in at and w != o}
    groups: dict[str, list[str]] = {}
    for who in at:
        groups.setdefault(_group_root(who, links, {}), []).append(who)
    for root, members in groups.items():
        if len(members) < 2:
            continue
        row = sorted(members, key=lambda n: placements[at[n]].x)
        for who, other in next_to.items():  # who touches someone stands beside them, on their own side
            if who in row and other in row and abs(row.index(who) - row.index(other)) > 1:
                right = placements[at[who]].x > placements[at[other]].x
                row.remove(who)
                row.insert(row.index(other) + (1 if right else 0), who)
        touching = {frozenset(pair) for pair in next_to.items()}
        designs = designs or {}
        gaps = [contact_gap(designs.get(a), designs.get(b)) if frozenset((a, b)) in touching else TALK_GAP
                for a, b in zip(row, row[1:])]
        offsets = [0.0]
        for gap in gaps:
            offsets.append(offsets[-1] + gap)
        width = offsets[-1]
        pinned = next((n for n in row if n in at_things), None)
        if pinned is not None:
            start = placements[at[pinned]].x - offsets[row.index(pinned)]
        else:
            start = sum(placements[at[n]].x for n in row) / len(row) - width / 2
        start = min(max(start, 0.12), 0.88 - width) if width <= 0.76 else 0.5 - width / 2
        anchor = placements[at[root]]
        middle = start + width / 2
        for i, (n, offset) in enumerate(zip(row, offsets)):
            x = start + offset
            touched = [j for j in (i - 1, i + 1) if 0 <= j < len(row) and frozenset((n, row[j])) in touching]
            if touched:  # who touch face each other
                facing = "right" if touched[0] > i else "left"
            else:
                facing = "right" if x < middle - 1e-6 else "left" if x > middle + 1e-6 else _towards(n, row, links)
            placements[at[n]] = placements[at[n]].model_copy(
                update={"x": x, "y": anchor.y, "depth": anchor.depth, "facing": facing})


def _towards(who: str, row: list[str], links: dict[str, str]) -> str:
    """Which way the one in the middle of a row faces: towards whom they go to, or who goes to them."""
    other = links.get(who) or next((w for w, o in links.items() if o == who), None)
    if other is None or other not in row:
        return "front"
    return "right" if row.index(other) > row.index(who) else "left"


def _prop(spec) -> render.Prop:
    try:
        return render.Prop(noun=spec.noun, colour=spec.colour, shape=spec.shape)
    except ValueError:  # a colour word the renderer does not know: keep the object, drop the colour
        return render.Prop(noun=spec.noun, shape=spec.shape)


class ArtDirector(RoleAgent):
    def __init__(self, studio: Studio, setup=None):
        super().__init__("art_director", "Designs characters and settings, stages and renders each scene.", setup)
        self.studio = studio

    def design(self, name: str, kind: str, look: str) -> render.CharacterDesign:
        """The renderer's design from the look in words (code parses; the seed fills what is unsaid)."""
        return render.design_from_text(name, kind, look, seed=self.studio.scenario.seed)

    def reference_sheet(self, design: render.CharacterDesign):
        """Render (or find) the reference sheet of one design; returns (path, inputs hash, made now)."""
        sc = self.studio.scenario
        key = inputs_hash({"design": design.model_dump(), "style": sc.style, "size": list(sc.size), "seed": sc.seed})
        path = self.studio.artifacts / "references" / f"{slugify(design.name)}-{key[:12]}.png"
        if path.exists():
            return path, key, False
        result = render.render_reference_sheet(design, style=sc.style, size=tuple(sc.size), seed=sc.seed)
        atomic_save(path, result.image.save)
        return path, key, True

    async def act(self, events, cancellation_token: CancellationToken):
        setup, scene = self.setup, self.setup.scene
        round_no = len(self.all(LayoutProposal)) + 1
        verdict = self.last(ImageVerdict)
        faults = verdict.faults if verdict and not verdict.approved else []
        props = {p: self.studio.script.props[p] for p in scene.props if p in self.studio.script.props}
        characters = [c for c in scene.characters if c in self.studio.designs]
        user = (
            f"Scene {scene.index}: {scene.action}\nPlace: {scene.place}, {scene.time_of_day}.\n"
            f"Characters: {', '.join(characters) or 'none'}. Objects: {', '.join(props) or 'none'}."
        )
        if faults:
            user += "\nThe critic's faults to fix:\n- " + "\n- ".join(faults)
        if characters or props:
            answer = await ask_json(
                self.studio.client, step=f"scene {scene.index} layout", system=prompt("art_director"),
                user=user, schema=staging_schema(characters, list(props)),
                check=check_staging(characters, list(props)), retries=1, on_token=self.studio.on_token,
            )
            hands = [c for c in characters if has_hands(self.studio.designs[c].kind)]
            mouths = [c for c in characters if carries_in_mouth(self.studio.designs[c].kind)]
            staging = staging_from_plan(answer.value)
            if self.studio.story_rules == "enforce":
                reading = scene_reading(self.studio.scenario.narrative, scene.source)
                before = {s.who: s.pose for s in staging}
                staging = staged_by_reading(staging, reading, props, hands, mouths)
                for s in staging:
                    if s.who in before and s.pose != before[s.who]:
                        self.studio.rule(self.name, f"{s.who}'s pose is '{s.pose}', not '{before[s.who]}'",
                                         "the text puts them so" if s.pose != "stand" else
                                         "the text does not have them sit, kneel or lie", scene.index)
            usage = answer.usage()
        else:
            staging, usage = [], None
        layout = layout_for(self.studio, scene, staging)
        sc = self.studio.scenario
        out_dir = setup.out_dir / f"round-{round_no}"
        candidates = await self.use_tool(
            events, "render_candidates",
            {"scene": scene.index, "round": round_no, "k": setup.k, "backend": self.studio.images.name},
            lambda: self.studio.images.candidates(
                layout, characters=scene_designs(self.studio, scene, characters),
                references={c: self.studio.references[c] for c in characters if c in self.studio.references},
                prompt=f"{scene.action} At the {scene.place}, {scene.time_of_day}.",
                style=sc.style, size=tuple(sc.size), seed=round_seed(setup.seed, round_no), k=setup.k, out_dir=out_dir,
            ),
        )
        proposal = LayoutProposal(
            round=round_no, staging=staging, revised_for=faults,
            candidates=[str(c.image_path) for c in candidates], manifests=[str(c.manifest_path) for c in candidates],
        )
        return say(proposal, self.name, models_usage=usage)
