"""The director runs the production: pre-production in small checked steps, a group chat per
scene, then the final cut. Scenes whose inputs did not change are found, not filmed again.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from autogen_agentchat.messages import BaseChatMessage

from animdirector.agents.art_director import ArtDirector, text_postures
from animdirector.agents.critic import check_cast, check_scene
from animdirector.agents.messages import Consensus, LayoutProposal, content_of, revive
from animdirector.agents.recorder import round_of
from animdirector.agents.role import ToolError
from animdirector.agents.screenwriter import Screenwriter
from animdirector.agents.studio import Studio
from animdirector.agents.team import run_scene_chat
from animdirector.agents.team_state import SceneSetup
from animdirector.agents.writer import Writer
from animdirector.memory.artifacts import atomic_write_text, inputs_hash
from animdirector.memory.bible import CharacterEntry, SettingEntry, StoryBible, mentions
from animdirector.memory.edits import PARTS
from animdirector.memory.script import PropSpec, SceneSpec, Script
from animdirector.tools import render
from animdirector.tools.story import StoryFacts
from animdirector.tools.render.kinds import resolve_kind
from animdirector.tools.render.props import resolve_prop
from animdirector.tools.render.text import FACIAL_HAIR, HAIR_COLOURS, HEADWEAR, OLD_HAIR
from animdirector.tools.story.doings import item_of
from animdirector.tools.story.scene_breaks import scene_breaks
from animdirector.tools.story.scenes import (
    opening_time, read_scene, sentences_of, settle_place, settle_time, settle_weather, story_facts,
)
from animdirector.tools.story.worn import STILL_WORN_VERBS, Worn, unworn_in, worn_things
from animdirector.tools.story.vocabulary import (
    YOUNG_WORDS, BUILT_IN, FEMALE_KINDS, INDOOR_PLACES, PEOPLE_KINDS, KIND_WORDS, MALE_KINDS, OUTDOOR_ONLY, PLACE_WORDS, PROP_WORDS, SHAPE_WORDS,
    SWAP_SEX, VEHICLE_PLACES, is_colour,
)
from animdirector.tools.speech.narrate import LONG_SCENE_S, LONG_SCENE_WORDS
from animdirector.tools.story_text import DETERMINER, chunk_story, split_long_parts, split_sentences

log = logging.getLogger(__name__)

# Words the writer lists as objects that are really part of a look or a shape.
WORN = set().union(*PARTS.values()) | {"clothes", "hat", "cap", "glasses", "scarf", "bow", "eyes", "face", "mittens",
                                       "mitten", "gloves", "glove"}
PEOPLE = {"boy", "girl", "man", "woman", "old man", "old woman", "baby", "person", "child"}


@dataclass
class SceneOutcome:
    spec: SceneSpec
    consensus: Consensus | None
    reused_from: int | None = None  # the version whose film of this scene was reused
    error: str | None = None
    new_sound: bool = False  # the picture was reused and the sound made again


@dataclass
class Production:
    bible: StoryBible
    script: Script
    scenes: list[SceneOutcome] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    sheets_made: list[str] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return any(s.consensus is None for s in self.scenes)


class Director:
    """The user's counterpart; during a run it hands each step to the role that owns it."""

    def __init__(self, studio: Studio):
        self.studio = studio
        self.writer = Writer(studio)
        self.screenwriter = Screenwriter(studio)
        self.art_director = ArtDirector(studio)

    # --- pre-production ----------------------------------------------------------------------

    async def preproduce(self) -> tuple[StoryBible, Script]:
        """Cast, looks, script and reference sheets; saved with the version, so a resumed run skips it."""
        st, sc = self.studio, self.studio.scenario
        bible_path, script_path = st.out_dir / "bible.json", st.out_dir / "script.json"
        if bible_path.exists() and script_path.exists():
            bible, script = StoryBible.load(bible_path), Script.model_validate_json(script_path.read_text())
        else:
            bible, script = await self._write_script()
            atomic_write_text(script_path, script.model_dump_json(indent=1))
            bible.save(bible_path)
        self.use(bible, script)
        self.sheets_made = await self.reference_sheets()
        return bible, script

    def use(self, bible: StoryBible, script: Script) -> None:
        """Make `bible` and `script` the ones every role works from (designs included)."""
        st = self.studio
        st.bible, st.script = bible, script
        st.designs = {n: render.CharacterDesign.model_validate(c.design) for n, c in bible.characters.items()}
        if not bible.narrator_voice or any(not c.voice for c in bible.characters.values()):
            # a bible from before voices, or a character added by an edit: everyone gets one
            cast_voices(bible, {n: c.sex for n, c in story_facts(st.scenario.narrative).cast.items()},
                        st.scenario.characters)

    async def _write_script(self) -> tuple[StoryBible, Script]:
        st, sc, rec = self.studio, self.studio.scenario, self.studio.recorder
        retries = st.team.preproduction_retries
        narrative = " ".join(sc.narrative.split())
        known_props = set(render.known_props())
        st.status("story reader: reading the story")
        facts = story_facts(sc.narrative)  # read once: every role's scene reading shares it

        st.status("writer: cast notes")
        def told(name: str, chosen: str) -> str | None:
            ch = facts.cast.get(name)
            return (ch.kind or _kind_by_sex(chosen, ch.sex)) if ch else None

        read_things = {t.word for s in facts.sentences for t in s.things}
        notes = await self.writer.cast_notes(narrative, render.known_kinds(), check_cast(narrative, known_props, told if st.story_rules == "advise" else None),
                                             retries)
        cast: dict[str, str] = {}
        objects: dict[str, PropSpec] = {}
        # kinds, places (and their other names: a hill is a meadow, not a thing) and colours are no objects
        not_objects = set(render.known_kinds()) | set(PLACE_WORDS) | (WORN - worn_things_in_play(facts)) | SHAPE_WORDS
        for o in notes.value.objects:
            noun = o.noun.strip().lower()
            # Code's rule: an object is a thing in the story, not a kind of character, a place or clothing.
            if noun in not_objects or not mentions(narrative, noun) or (is_colour(noun) and noun not in read_things):
                continue  # "bright orange" is a colour unless the reader found an orange
            if noun and noun not in objects:
                objects[noun] = PropSpec(noun=noun, colour=_colour_or_blank(o.colour), shape=o.shape.strip().lower())
        # Things the story names that the renderer can draw join the writer's list ("stuck on a bush"),
        # with the colour and shape the text gives them.
        coloured: set[str] = set()  # the things the text has given a colour
        for thing in (t for s in facts.sentences for t in s.things if st.story_rules != "off"):
            # a vehicle the reader read as a thing ("a big red bus came down the road") is one, though
            # riding in it ("sat on the bus") is a place
            vehicle = thing.item in VEHICLE_PLACES and thing.word not in render.known_kinds()
            if not vehicle and (thing.word in not_objects or thing.item in not_objects):
                continue
            spec = objects.setdefault(thing.word, PropSpec(noun=thing.word))
            colour = _colour_or_blank(thing.colour)
            if colour and thing.word not in coloured:  # the first colour the text gives a thing is its colour
                coloured.add(thing.word)
                if not spec.colour:
                    spec.colour = colour
                elif spec.colour != colour and st.story_rules == "enforce":  # not the model's ("his green hat" was red)
                    self.studio.rule("writer", f"the {thing.word} is {colour}", f"the story says '{colour} {thing.word}'")
                    spec.colour = colour
            spec.shape = spec.shape or thing.shape
        if st.story_rules == "enforce":
            for noun, why in objects_not_in_story(list(objects), facts).items():
                objects.pop(noun)
                self.studio.rule("writer", f"no object '{noun}'", why)
        for c in notes.value.characters:
            name = c.name.strip()
            if name.lower() in known_props or name.lower() in objects:
                continue  # the critic's rule: an object is never a character
            if mentions(narrative, name):  # "Mia", or a role word the story uses ("the man")
                cast.setdefault(cast_name(name), c.kind)
        cast = self._cast_from_reading(facts, cast)
        for name, locked in sc.characters.items():
            if locked.kind:
                cast[name] = locked.kind
            cast.setdefault(name, locked.kind or "boy")
        if not cast:
            cast["Narrator"] = "girl"
        rec.answer(
            "writer", "cast notes", notes,
            "Characters: " + ", ".join(f"{n} ({k})" for n, k in cast.items())
            + ". Objects: " + (", ".join(p.phrase() for p in objects.values()) or "none") + ".",
        )

        st.status("screenwriter: looks")
        looks_answer = await self.screenwriter.looks(narrative, cast, retries)
        things_colours = colours_of_things_only(narrative) if st.story_rules == "enforce" else set()
        looks = {l.name: clean_look(foreign_script_removed(_unlabelled(l.look, l.name), narrative), l.name, cast,
                                    set(objects) | known_props, things_colours)
                 for l in looks_answer.value.characters}
        for name, locked in sc.characters.items():
            looks[name] = locked.look  # the user's locked look wins
        rec.answer("screenwriter", "looks", looks_answer, "Looks: " + "; ".join(f"{n}: {looks.get(n, '')}" for n in cast))

        bible = StoryBible(title=sc.title, narrative=sc.narrative)
        worn = worn_things(facts) if st.story_rules == "enforce" else {}
        for name, kind in cast.items():
            # the story's role word dresses the person it names: "the king" is a man in a crown
            word = facts.cast[name].word if name in facts.cast else ""
            dressed = word if word and resolve_kind(word)[0] == resolve_kind(kind)[0] else kind
            design = self._looks_like_the_text(name, dressed, self.art_director.design(name, dressed, looks.get(name, "")))
            design = self._coat_from_the_text(name, kind, design, facts)
            design = self._wears_what_the_text_says(name, design, worn)
            design = _sized_by_the_text(name, kind, design, facts, cast)
            bible.put_character(CharacterEntry(name=name, kind=kind, look=looks.get(name, ""), design=design.model_dump()))
        cast_voices(bible, {n: c.sex for n, c in facts.cast.items()}, sc.characters)

        places = render.known_places()
        scenes: list[SceneSpec] = []
        # scenes are cut where the story moves on: its paragraphs, and (read) new places and times
        breaks = scene_breaks(sc.narrative, facts) if st.story_rules == "enforce" else None
        parts = chunk_story(sc.narrative, sc.scenes, breaks)
        if st.audio:
            parts = self._split_long(parts)
        # who has what off in each scene, read once over the scenes in order
        unworn = unworn_in(facts, [sentences_of(facts, p) for p in parts]) if worn else [{} for _ in parts]
        before: SceneSpec | None = None
        for i, part in enumerate(parts, start=1):
            st.status(f"screenwriter: scene {i} of {len(parts)}")
            reading = read_scene(facts, part)
            text_place = (reading.place, reading.place_word) if st.story_rules == "advise" and reading.place else None
            draft = await self.screenwriter.scene(
                narrative=narrative, index=i, total=len(parts), part=part, previous=before.place if before else None,
                places=places, cast=list(cast), props=list(objects), check=check_scene(part, list(cast), text_place),
                retries=retries,
            )
            spec = self._scene_from_reading(i, part, draft.value, facts, cast, objects, before, worn, unworn[i - 1])
            scenes.append(spec)
            before = spec
            rec.answer("screenwriter", f"scene {i} script", draft, _describe_scene(spec), scene=i)
            key = f"{spec.place}, {spec.time_of_day}"
            if key not in bible.settings:
                bible.put_setting(SettingEntry(name=key, place=spec.place, time_of_day=spec.time_of_day, weather=spec.weather))
        return bible, Script(title=sc.title, props=objects, scenes=scenes)

    def _split_long(self, parts: list[str]) -> list[str]:
        """A scene whose speech would run past LONG_SCENE_S becomes two (never shortened: every
        sentence is spoken), with a warning: more scenes in the scenario avoid it."""
        split = split_long_parts(parts, LONG_SCENE_WORDS)
        if len(split) > len(parts):
            msg = (f"{len(parts)} scenes would each speak up to {max(len(p.split()) for p in parts)} words (over "
                   f"{LONG_SCENE_S:.0f} s): made {len(split)} scenes instead; ask for more scenes to avoid this")
            log.warning("%s", msg)
            self.studio.rule("director", f"{len(split)} scenes instead of {len(parts)}", msg)
        return split

    def _looks_like_the_text(self, name: str, kind: str, design):
        """A boy or a man keeps his kind's hair and clothes unless the story gives him long hair or a
        skirt: the model's looks borrow words from anywhere in the story (a kite's "long purple
        tail" gave a boy long hair, and the bench's grader read him as a girl in every scene)."""
        if self.studio.story_rules != "enforce":
            return design
        said = " ".join(s for s in split_sentences(self.studio.scenario.narrative) if mentions(s, name)).lower()
        # a beard is a grown man's, unless the story gives one to someone else (a girl got Grandpa's)
        shaven = [a for a in design.accessories if a in FACIAL_HAIR and a not in said]
        if shaven and resolve_kind(kind)[0] not in ("man", "old man"):
            self.studio.rule("screenwriter", f"{name} has no {' or '.join(shaven)}", f"{name} is a {kind}")
            design = design.model_copy(update={"accessories": [a for a in design.accessories if a not in shaven]})
        plain = self.art_director.design(name, kind, "")
        # hair of a colour no hair grows is the story's to give ("blue shirt, blue pants, blue hair")
        told = re.search(rf"\b{re.escape(design.hair_colour)}\b", said)
        dyed = design.hair_colour not in NATURAL_HAIR and not told
        # and a grandma's is grey or white, unless the story gives her another ("brown hair" made her young)
        young = resolve_kind(kind)[0] in ("old man", "old woman") and design.hair_colour not in OLD_HAIR and not told
        if (dyed or young) and resolve_kind(kind)[0] in PEOPLE_KINDS:
            self.studio.rule("screenwriter", f"{name} has {plain.hair_colour} hair", f"the story never gives {name} {design.hair_colour} hair")
            design = design.model_copy(update={"hair_colour": plain.hair_colour})
        if resolve_kind(kind)[0] not in MALE_KINDS:
            return design
        update = {}
        hair_words = {"long": "long hair", "bob": "bob"}.get(design.hair_style, design.hair_style)
        if design.hair_style in GIRLISH_HAIR and hair_words not in said:
            update["hair_style"] = plain.hair_style
        if design.bottom_style in ("dress", "skirt") and design.bottom_style not in said:
            update["bottom_style"] = plain.bottom_style
        update = {k: v for k, v in update.items() if getattr(design, k) != v}  # a wizard's robe is his kind's own
        if update:
            self.studio.rule("screenwriter", f"{name} has {' and '.join(update.values())}",
                             f"the story never gives {name} {' or '.join(getattr(design, k) for k in update)}")
        return design.model_copy(update=update)

    def _coat_from_the_text(self, name: str, kind: str, design, facts: StoryFacts):
        """An animal has the coat the story gives it ("a gray cat", "a small brown bird"): the
        model's looks often left the kind's default (the bench's grader saw a brown bear drawn
        white and a gray cat red)."""
        coat = coat_from_text(facts.cast.get(name), kind) if self.studio.story_rules == "enforce" else None
        if coat is None or design.fur_colour == coat:
            return design
        self.studio.rule("screenwriter", f"{name} is {coat}", f"the story says '{coat} {facts.cast[name].word or kind}'")
        return design.model_copy(update={"fur_colour": coat})

    def _wears_what_the_text_says(self, name: str, design, worn: dict[str, Worn]):
        """Whoever the story puts in a hat, cap or scarf wears it, in the colour it gives ("wearing
        his favourite green hat": graders saw the hat lie on the grass and a bare head)."""
        for w in (w for w in worn.values() if w.wearer == name):
            acc = [a for a in design.accessories if not (w.accessory in HEADWEAR and a in HEADWEAR and a != w.accessory)]
            update = {"accessories": list(dict.fromkeys([*acc, w.accessory]))[:6]}
            if w.colour:
                update["accessory_colour"] = w.colour
            try:
                dressed = type(design).model_validate({**design.model_dump(), **update})
            except ValueError:  # a colour the renderer does not know: the thing, in the design's colour
                dressed = design.model_copy(update={"accessories": update["accessories"]})
            if dressed != design:
                self.studio.rule("screenwriter", f"{name} wears the {' '.join(filter(None, [w.colour, w.word]))}",
                                 f"the story puts {name} in it")
                design = dressed
        return design

    def _cast_from_reading(self, facts: StoryFacts, cast: dict[str, str]) -> dict[str, str]:
        """The writer's cast, corrected by what the story reader found: everyone the story names or
        keeps coming back to is in it ("a little girl" who speaks), and a kind the text tells (a
        puppy called Bo, "she") overrides the model's guess."""
        if self.studio.story_rules != "enforce":  # advise: the check sent the findings back; the model's cast stands
            return dict(cast)
        out = dict(cast)
        for name, why in not_characters(list(out), facts).items():
            out.pop(name)
            self.studio.rule("writer", f"no character '{name}'", why)
        for name, ch in facts.cast.items():
            chosen = next((k for n, k in cast.items() if n.lower() == name.lower()), None)
            told = ch.kind or _kind_by_sex(chosen, ch.sex)
            if told and chosen and told != chosen:
                self.studio.rule("writer", f"{name} is a {told}, not a {chosen}",
                           f"the story calls {name} " + (f"'{ch.word}'" if ch.word else "he" if ch.sex == "m" else "she"))
            out.pop(next((n for n in cast if n.lower() == name.lower()), name), None)
            out[name] = told or chosen or "boy"
        return out

    def _scene_from_reading(self, index: int, part: str, draft, facts: StoryFacts, cast: dict[str, str],
                            objects: dict[str, PropSpec], before: SceneSpec | None, worn: dict[str, Worn],
                            unworn: dict[str, list[str]]) -> SceneSpec:
        """One scene of the script: the model's draft, with what the text says (who, where, when,
        which things) taking precedence, each override recorded with its reason. `worn` is what the
        story puts on whom, `unworn` who has what off in this scene (tools/story/worn.py)."""
        if self.studio.story_rules != "enforce":  # the model's scene as it answered (advise: after the check's faults)
            return SceneSpec(index=index, place=draft.place, time_of_day=draft.time_of_day,
                             characters=[n for n in dict.fromkeys(draft.characters) if n in cast][:4],
                             props=[p for p in dict.fromkeys(getattr(draft, "props", [])) if p in objects][:3],
                             action=draft.action.strip() or part[:140], line=part, source=part)
        reading = read_scene(facts, part)
        place, why = settle_place(reading, draft.place, before.place if before else None, cast)
        if place != draft.place:
            self.studio.rule("screenwriter", f"scene {index} is at the {place}, not the {draft.place}", why, scene=index)
        characters = [n for n in reading.present if n in cast] or [
            n for n in dict.fromkeys(draft.characters) if n in cast and n not in reading.missing]
        if set(characters) != set(draft.characters):
            self.studio.rule("screenwriter", f"scene {index} shows {', '.join(characters) or 'nobody'}",
                       "the characters its sentences are about", scene=index)
        chosen_props = [p for p in dict.fromkeys(getattr(draft, "props", [])) if mentions(part, p) and p in objects]
        # the things the text names, also by another word ("the castle" of the sandcastle)
        named = {t.word for s in reading.sentences for t in s.things} & set(objects)
        props = chosen_props + [n for n in objects if (mentions(part, n) or n in named) and n not in chosen_props]
        props = [p for p in props if (item_of(p) or p) not in reading.absent]  # "no Hoppy anywhere": a toy rabbit
        taken_off = {w.word for w in worn.values() if w.accessory in unworn.get(w.wearer, [])}
        props = [p for p in props if p not in worn or p in taken_off]  # a hat on his head is no thing on the grass
        lying = any(pose == "lie" for who, pose in text_postures(reading).items() if who in characters)
        if place == "bedroom" and lying and not any(item_of(p) == "bed" for p in props):
            objects.setdefault("bed", PropSpec(noun="bed"))  # "she lay down" in her room: on her bed, not the floor
            props.insert(0, "bed")
        props = self._props_that_fit(index, props, place, reading)
        return SceneSpec(
            index=index, place=place,
            time_of_day=settle_time(reading, draft.time_of_day, before.time_of_day if before else None, opening_time(facts)),
            weather=settle_weather(reading, place, before.place if before else None, before.weather if before else None),
            characters=characters[:4], props=props[:3],
            action=foreign_script_removed(draft.action.strip(), self.studio.scenario.narrative) or part[:140],
            line=part, source=part, unworn={n: off for n, off in unworn.items() if n in characters[:4]},
        )

    def _props_that_fit(self, index: int, props: list[str], place: str, reading) -> list[str]:
        """The scene's things that belong in its place: no house, tree or bus stands in a room, a
        door or window is part of a room's walls (never a loose prop), and a word the library cannot
        draw is not drawn as a stand-in blob (the bench's grading counted 18 scenes with loose scenery
        and 21 with stray objects)."""
        keep = []
        for p in props:
            item = resolve_prop(p)[0]
            if place in INDOOR_PLACES and item in OUTDOOR_ONLY:
                why = f"a {p} does not stand inside a {place}"
            elif item in BUILT_IN:
                why = f"a {p} is part of the walls, not a thing standing in the scene"
            elif item is None:
                why = f"the library has no '{p}' to draw"
            else:
                keep.append(p)
                continue
            self.studio.rule("screenwriter", f"scene {index} does not draw the {p}", why, scene=index)
        return keep

    async def reference_sheets(self) -> list[str]:
        """The art director renders each character's reference sheet (found again if unchanged).
        Returns the names whose sheets were made now."""
        st = self.studio
        made = []
        for name, design in st.designs.items():
            st.status(f"art director: reference sheet of {name}")
            started = time.perf_counter()
            path, key, fresh = self.art_director.reference_sheet(design)
            if fresh:
                made.append(name)
            st.references[name] = path
            st.bible.characters[name].reference_sheet = str(path)
            st.recorder.store.add_artifact(st.recorder.run_id, path, "reference_sheet", inputs_hash=key)
            st.recorder.store.add_tool_call(
                st.recorder.run_id, st.recorder.version, "render_reference_sheet", {"character": name},
                idem_key=st.recorder.key(None, None, f"reference/{key[:16]}"), result={"path": str(path)},
                duration_s=time.perf_counter() - started, agent="art_director",
            )
        return made

    # --- scenes ------------------------------------------------------------------------------

    def scene_inputs(self, spec: SceneSpec) -> dict:
        """Everything that decides how a scene comes out: the hash of this is its cache key."""
        return self.picture_inputs(spec) | self.sound_inputs(spec)

    def sound_inputs(self, spec: SceneSpec) -> dict:
        """What decides a scene's sound and not its picture (a chat edit of a voice or of what
        someone says makes the sound again and keeps the clip)."""
        st = self.studio
        return {
            "audio": st.audio,
            "voices": {n: st.bible.characters[n].voice for n in spec.characters if n in st.bible.characters}
            | {"Narrator": st.bible.narrator_voice},
            **({"said": spec.said} if spec.said else {}),
        }

    def picture_inputs(self, spec: SceneSpec) -> dict:
        st, sc = self.studio, self.studio.scenario
        return {
            # (an empty `unworn` is left out: films made before it existed keep their pictures)
            "scene": spec.model_dump(exclude={"index", "source", "said"} | ({"unworn"} if not spec.unworn else set())),
            "designs": {n: st.designs[n].model_dump() for n in spec.characters if n in st.designs},
            "props": {p: st.script.props[p].model_dump() for p in spec.props if p in st.script.props},
            "style": sc.style, "size": list(sc.size), "fps": sc.fps, "seconds": sc.seconds_per_scene,
            "seed": sc.seed, "team": st.team.model_dump(exclude={"preproduction_retries"}),
            "images": st.config.images.model_dump(), "video": st.config.video.model_dump(),
            "critic": st.config.critic.model_dump(), "llm": _llm_identity(st.config),
        }

    async def film_scene(self, spec: SceneSpec, llm_done: asyncio.Event | None = None) -> SceneOutcome:
        """Film one scene (or find it filmed). `llm_done` is set once the scene needs the language
        model no more: when its shot is planned, or when it ends however it ends."""
        llm_done = llm_done or asyncio.Event()
        try:
            return await self._film_scene(spec, llm_done)
        finally:
            llm_done.set()

    async def _film_scene(self, spec: SceneSpec, llm_done: asyncio.Event) -> SceneOutcome:
        st, rec = self.studio, self.studio.recorder
        store = rec.store
        key = inputs_hash(self.scene_inputs(spec))
        earlier = store.find_scene(rec.run_id, key)
        if earlier is not None and earlier.result and Path(earlier.result.get("clip", "")).exists():
            consensus = Consensus.model_validate(earlier.result)
            if earlier.version != rec.version:
                rec.message("director", f"Scene {spec.index} is unchanged: keeping the film of version {earlier.version}.",
                            step="reused", type="reused", scene=spec.index, payload={"version": earlier.version})
            store.put_scene(rec.run_id, rec.version, spec.index, spec.model_dump(), status="done",
                            verdict=_verdict(consensus), inputs_hash=key, result=consensus.model_dump())
            return SceneOutcome(spec, consensus, reused_from=earlier.version)
        picture = inputs_hash(self.picture_inputs(spec))
        same_picture = store.find_scene(rec.run_id, picture, picture=True) if st.audio else None
        if same_picture is not None and same_picture.result and Path(same_picture.result.get("clip", "")).exists():
            consensus = await self._new_sound(spec, Consensus.model_validate(same_picture.result), key)
            rec.message("director", f"Scene {spec.index}: only its sound changed, so it keeps the picture of version "
                        f"{same_picture.version} and its speech is made again.", step="new-sound", type="reused",
                        scene=spec.index, payload={"version": same_picture.version, "sound": True})
            store.put_scene(rec.run_id, rec.version, spec.index, spec.model_dump(), status="done",
                            verdict=_verdict(consensus), inputs_hash=key, result=consensus.model_dump(),
                            picture_hash=picture)
            return SceneOutcome(spec, consensus, reused_from=same_picture.version, new_sound=True)

        setup = SceneSetup(
            scene=spec, k=st.team.candidates, max_rounds=st.team.max_rounds,
            seed=int(key[:8], 16) % 1_000_003,  # from the inputs: a moved scene keeps its look
            out_dir=st.artifacts / "scenes" / key[:16], llm_done=llm_done,
        )
        store.put_scene(rec.run_id, rec.version, spec.index, spec.model_dump(), status="running", inputs_hash=key)
        earlier_messages = self._stored_chat(spec.index)
        contents: list = [m.content for m in earlier_messages]
        seq = 0
        consensus = None
        try:
            async for item in run_scene_chat(st, setup, earlier_messages or None):
                if isinstance(item, BaseChatMessage):
                    if seq >= len(earlier_messages):  # replayed messages are in `contents` already
                        contents.append(getattr(item, "content", None))
                    # The round from the messages up to this one: a replayed message keeps its key.
                    rec.chat_item(item, scene=spec.index, seq=seq, round=round_of(contents[: seq + 1]))
                    seq += 1
                    st.status(f"scene {spec.index}: {item.source} - {item.to_text()[:70]}")
                    consensus = content_of(item, Consensus) or consensus
                elif not hasattr(item, "stop_reason"):
                    rec.chat_item(item, scene=spec.index, seq=seq, round=round_of(contents[:seq]))
        except (ToolError, RuntimeError, ValueError) as exc:  # a tool that kept failing: this scene gets a card
            error = str(exc).splitlines()[0][:300]
            log.warning("scene %d failed: %s", spec.index, error)
            rec.message("director", f"Scene {spec.index} failed: {error}", step=f"failed-{seq}", type="error", scene=spec.index)
            store.put_scene(rec.run_id, rec.version, spec.index, spec.model_dump(), status="failed", verdict=error, inputs_hash=key)
            return SceneOutcome(spec, None, error=error)
        if consensus is None:
            error = "the chat ended without consensus"
            store.put_scene(rec.run_id, rec.version, spec.index, spec.model_dump(), status="failed", verdict=error, inputs_hash=key)
            return SceneOutcome(spec, None, error=error)
        store.put_scene(rec.run_id, rec.version, spec.index, spec.model_dump(), status="done",
                        verdict=_verdict(consensus), inputs_hash=key, result=consensus.model_dump(),
                        picture_hash=picture)
        for kind, path in (("scene_image", consensus.image), ("clip", consensus.clip)):
            if path and Path(path).exists():
                store.add_artifact(rec.run_id, path, kind, inputs_hash=key)
        return SceneOutcome(spec, consensus)

    async def _new_sound(self, spec: SceneSpec, kept: Consensus, key: str) -> Consensus:
        """The writer speaks the scene again over a kept picture. Speech longer than the clip is
        fine: the film holds the clip's last frame until the words are said."""
        st, rec = self.studio, self.studio.recorder
        setup = SceneSetup(scene=spec, k=st.team.candidates, max_rounds=st.team.max_rounds, seed=0,
                           out_dir=st.artifacts / "scenes" / key[:16])
        setup.out_dir.mkdir(parents=True, exist_ok=True)
        events: list = []
        line = await Writer(st, setup).scene_line(events)
        for seq, event in enumerate(events):
            rec.chat_item(event, scene=spec.index, seq=seq, round=None)
        rec.message("writer", line.describe(), step="new-sound/line", type="SubtitleLine", scene=spec.index,
                    payload=line.model_dump())
        return kept.model_copy(update={"speech": line.speech, "cues": line.cues, "lines": line.lines,
                                       "subtitle": line.text})

    def _stored_chat(self, scene: int) -> list[BaseChatMessage]:
        """The messages of this scene's chat recorded by an interrupted run of this version."""
        rec = self.studio.recorder
        steps: dict[int, object] = {}
        for event in rec.store.messages(rec.run_id, rec.version, scene=scene):
            step = event.idem_key.split("/")[-1]
            if step.startswith("chat-") and step[5:].isdigit() and isinstance(event.payload, dict):
                steps.setdefault(int(step[5:]), event)  # one message per position, whatever happened
        out = []
        for n in sorted(steps):
            if n != len(out):
                break  # a gap: continue from the last message before it
            event = steps[n]
            try:
                out.append(revive(event.type, event.payload, event.agent))
            except (KeyError, ValueError):
                break
        return out

    async def produce(self) -> Production:
        st = self.studio
        timings: dict[str, float] = {}
        started = time.perf_counter()
        bible, script = await self.preproduce()
        timings["pre-production"] = time.perf_counter() - started
        production = Production(bible, script, seconds=timings, sheets_made=self.sheets_made)
        production.scenes = await self.film_scenes(script.scenes, timings)
        bible.save(st.out_dir / "bible.json")  # with the reference sheets' paths
        return production

    async def film_scenes(self, specs: list[SceneSpec], timings: dict[str, float]) -> list[SceneOutcome]:
        """Film the scenes in order. With `render_ahead`, the next scene's chat starts as soon as
        this one's shot is planned, so its clip renders and is checked while the model talks about
        the next scene; never more than one scene is left rendering behind the one talking."""
        st = self.studio
        ahead = st.config.render_ahead
        started = time.perf_counter()
        handed_over: list[float] = []  # seconds from the start of the scenes to each new scene's hand-over
        tasks: list[asyncio.Task] = []

        async def timed(spec: SceneSpec, llm_done: asyncio.Event) -> SceneOutcome:
            t0 = time.perf_counter()
            outcome = await self.film_scene(spec, llm_done)
            timings[f"scene {spec.index}"] = time.perf_counter() - t0
            return outcome

        try:
            for n, spec in enumerate(specs):
                if handed_over:  # the pace so far, from the scenes actually made (not found)
                    st.eta = f"  (about {handed_over[-1] / len(handed_over) * (len(specs) - n) / 60:.1f} min left)"
                st.status(f"scene {spec.index} of {len(specs)}")
                llm_done = asyncio.Event()
                tasks.append(asyncio.create_task(timed(spec, llm_done)))
                if ahead:
                    await llm_done.wait()
                    if len(tasks) >= 2:
                        await tasks[-2]
                else:
                    await tasks[-1]
                if not _found(tasks[-1]):  # a scene found filmed says nothing of the pace
                    handed_over.append(time.perf_counter() - started)
            outcomes = list(await asyncio.gather(*tasks))
        finally:
            for task in tasks:
                task.cancel()  # only the unfinished ones: a crash or Ctrl-C stops the scenes behind too
        timings["scenes"] = time.perf_counter() - started
        return outcomes


def _unlabelled(look: str, name: str) -> str:
    """'Mia: yellow dress' -> 'yellow dress'."""
    return look.split(":", 1)[1].strip() if look.lower().startswith(name.lower() + ":") else look


ANIMAL_PARTS = {"tail", "tails", "fur", "wing", "wings", "feather", "feathers", "beak", "paws", "whiskers", "mane",
                "hooves", "horns", "scales", "fins"}


def clean_look(look: str, name: str, cast: dict[str, str], props: set[str], things_colours: set[str] = frozenset()) -> str:
    """Keep the parts of a look that describe this character: small models drift into other
    characters and objects ("brown fur, red kite, yellow dress" for a dog), give a child the
    kite's "long purple tail", or dress someone in a colour the story gives only to things
    (`things_colours`)."""
    kind = cast.get(name, "")
    others = {n.lower() for n in cast if n != name} | {k for n, k in cast.items() if n != name and k != kind}
    kept: list[str] = []
    for item in (p.strip() for p in look.split(",")):
        words = set(item.lower().replace("-", " ").split())
        if not item or words & others or words & props or item.lower() in (k.lower() for k in kept):
            continue
        if kind not in PEOPLE and words & (PARTS["top"] | PARTS["bottom"] | PARTS["hair"] | PARTS["shoes"]):
            continue  # an animal in a dress is another character's look
        if kind in PEOPLE and words & ANIMAL_PARTS:
            continue  # a child with a tail is the kite's or the dog's look
        if words & things_colours:
            continue  # the story's colour for a thing ("a purple kite"), not for this one
        if kind and kind in words and kind not in PEOPLE:
            item = item.lower().replace(kind, "fur").strip()  # "brown dog" said of a dog: its fur
        kept.append(item)
    return ", ".join(kept[:4])


def objects_not_in_story(nouns: list[str], facts: StoryFacts) -> dict[str, str]:
    """The objects (the model's and the reader's) that are no thing the story reader found, or a
    second name for one, with why: "stone" of "a stone bridge" is no rock; "ball", "yarn" and
    "ball of yarn" are one yarn (graders saw three red balls). The reader's own words come first."""
    read = {t.word: t.item for s in facts.sentences for t in s.things}
    known = set(render.known_props())
    out: dict[str, str] = {}
    kept: dict[str, str] = {}  # library item -> the noun kept for it
    for noun in sorted(nouns, key=lambda n: (n not in read, read.get(n) != n)):  # the reader's own, exact word first
        item = read.get(noun) or PROP_WORDS.get(noun) or resolve_prop(noun)[0]
        if item in known and item not in read.values():
            out[noun] = "the story has no such thing (it may name another thing's material or part)"
        elif item in kept:
            out[noun] = f"it is the {kept[item]}"
        else:
            kept[item] = noun
    return out


def worn_things_in_play(facts: StoryFacts) -> set[str]:
    """Clothes the story does something with besides wearing them: "the wind blew his hat away",
    "the goat pulled the scarf off the line", "she lost her mitten". They are things to draw;
    a hat that is only worn is part of someone's look."""
    out = set()
    for s in facts.sentences:
        for t in s.things:
            if t.word not in WORN:
                continue
            done_to = [a.verb for a in s.actions if a.object and a.object in (t.word, t.item, t.word.rstrip("s"))]
            if t.moves or t.absent or any(verb not in STILL_WORN_VERBS for verb in done_to):
                out.add(t.word)
    return out


def _sized_by_the_text(name: str, kind: str, design, facts: StoryFacts, cast: dict[str, str]):
    """A big brother is taller than the other children and a little sister smaller ("her big brother
    Finn" was no bigger than Nora); a cub beside a grown one of its kind is smaller than she is."""
    ch = facts.cast.get(name)
    if ch is None:
        return design
    scale = design.height_scale
    if ch.size:
        scale = max(scale, KIN_SCALE[ch.size]) if ch.size == "big" else min(scale, KIN_SCALE[ch.size])
    grown = any(n != name and resolve_kind(k)[0] == resolve_kind(kind)[0] for n, k in cast.items())
    if ch.word in YOUNG_WORDS and kind not in PEOPLE_KINDS and grown:
        scale = min(scale, YOUNG_SCALE)
    return design if scale == design.height_scale else design.model_copy(update={"height_scale": scale})


def coat_from_text(ch, kind: str) -> str | None:
    """The coat colour the story gives an animal ("a gray cat"), None for people or when it says none."""
    return ch.colour if ch is not None and ch.colour and kind not in PEOPLE_KINDS else None


def not_characters(names: list[str], facts: StoryFacts) -> dict[str, str]:
    """The model's cast names that are nobody the story reader found, with why: another name for
    one it found ("Mother Duck" or "Gray Cat" beside Duck and Cat), or a colour ("Brown", from "a
    flash of brown")."""
    def plain(name: str) -> str:
        return " ".join(name.lower().replace(".", " ").split())  # "Mrs. Bell" is "Mrs Bell"

    read = {plain(n) for n in facts.cast}
    out = {}
    for name in names:
        words = set(plain(name).split())
        if plain(name) in read and name not in facts.cast:
            out[name] = f"the story's {next(n for n in facts.cast if plain(n) == plain(name))} is that one"
            continue
        if plain(name) in read or not words:
            continue
        same = next((n for n, ch in facts.cast.items() if plain(n) in words or ch.word in words
                     or plain(n).split()[-1] in words), None)
        if same:
            out[name] = f"the story's {same} is that one"
        elif all(is_colour(w) for w in words):
            out[name] = "a colour is nobody"
    return out


def colours_of_things_only(narrative: str) -> set[str]:
    """Colour words the story gives to things and never to someone, their clothes or body ("a red
    kite" and "her red hat": red is someone's; "a purple kite" alone: purple is a thing's)."""
    from animdirector.tools.story.parser import english

    own = set(PARTS["top"] | PARTS["bottom"] | PARTS["hair"] | PARTS["shoes"]) | ANIMAL_PARTS | WORN | set(PEOPLE) | set(FACIAL_HAIR)
    things, looks = set(), set()
    for doc in english().pipe(split_sentences(narrative)):
        for tok in doc:
            if tok.pos_ != "ADJ" or not is_colour(tok.lower_):
                continue
            owner = tok.head if tok.dep_ in ("amod", "compound", "conj") else next(
                (c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), tok.head)
            word = owner.lemma_.lower()
            if word in ANIMAL_PARTS:  # "a kite with a long purple tail": the tail is the kite's
                whole = owner.head.head if owner.dep_ == "pobj" else next(
                    (c for c in owner.children if c.dep_ == "poss"), owner)
                word, owner = (whole.lemma_.lower(), whole) if whole.lemma_.lower() in PROP_WORDS else (word, owner)
            is_someone = owner.pos_ in ("PROPN", "PRON") or word in own or word in KIND_WORDS or owner.lower_ in own
            (looks if is_someone else things).add(tok.lower_)
    return things - looks


def foreign_script_removed(text: str, narrative: str) -> str:
    """Drop letters of a script the story does not use (the coder model sometimes slips into Chinese)."""
    import unicodedata

    def script(ch: str) -> str:
        return unicodedata.name(ch, "").split(" ")[0]

    allowed = {script(ch) for ch in narrative if ch.isalpha()}
    return "".join(ch for ch in text if not ch.isalpha() or script(ch) in allowed).strip()


YOUNG_SCALE = 0.72  # a young animal's size beside a grown one of its kind
KIN_SCALE = {"big": 1.12, "little": 0.88}  # a big brother, a little sister, beside the other children

# The colours hair grows in (the renderer's own, and the words people use for them).
NATURAL_HAIR = frozenset(HAIR_COLOURS) | frozenset(OLD_HAIR) | {
    "grey", "gray", "red", "light brown", "golden", "dark", "fair", "sandy", "strawberry blonde", "blond", "bald"}
GIRLISH_HAIR = ("long", "pigtails", "ponytail", "braids", "bun", "bob")


def cast_voices(bible: StoryBible, sexes: dict[str, str], locked: dict) -> None:
    """A voice for the narrator and each character, kept apart in pitch (recorded in the bible, so
    every scene and version speaks alike); a scenario's `voice:` is kept as given."""
    from animdirector.tools.speech.voice import NARRATOR, Voice, VoiceRequest, distinct_voices

    names = list(bible.characters)
    narrator = Voice.from_dict(bible.narrator_voice) if bible.narrator_voice else NARRATOR
    requests = [VoiceRequest("Narrator", "narrator", voice=narrator)]
    for name in names:
        entry = bible.characters[name]
        own = locked.get(name).voice if name in locked and locked[name].voice else None
        kept = Voice(name=name, **own) if own else Voice.from_dict(entry.voice) if entry.voice else None
        requests.append(VoiceRequest(name, entry.kind, sex=sexes.get(name) or None, voice=kept))
    voices = distinct_voices(requests)
    bible.narrator_voice = voices[0].to_dict()
    for name, voice in zip(names, voices[1:]):
        bible.characters[name].voice = voice.to_dict()


def _describe_scene(s: SceneSpec) -> str:
    who = ", ".join(s.characters) or "nobody"
    return f"Scene {s.index} at the {s.place} ({s.time_of_day}, {s.weather}); {who}. {s.action} Line: \"{s.line}\""


def _found(task: asyncio.Task) -> bool:
    """Whether a scene's task ended by finding the scene filmed by an earlier version."""
    return task.done() and not task.cancelled() and task.exception() is None and task.result().reused_from is not None


def _verdict(c: Consensus) -> str:
    return "consensus" if c.resolved else "unresolved: " + "; ".join(c.faults)[:300]


def _colour_or_blank(colour: str) -> str:
    try:
        render.parse_colour(colour)
        return colour.strip().lower()
    except ValueError:
        return ""


def _kind_by_sex(kind: str | None, sex: str) -> str | None:
    """The model's kind with the sex the story's pronouns give it (a boy the story calls 'she' is a girl)."""
    if kind in SWAP_SEX and sex and (kind in FEMALE_KINDS) != (sex == "f"):
        return SWAP_SEX[kind]
    return kind


def cast_name(name: str) -> str:
    """The writer's description of someone the story does not name ("the nice cat")
    becomes the story's word for them, as the story reader names them: "Cat"."""
    return name.split()[-1].title() if re.match(rf"{DETERMINER}\s", name, re.IGNORECASE) else name


def _llm_identity(config) -> dict:
    if config.llm.backend == "embedded":
        return {"backend": "embedded", "model": config.llm.embedded.model}
    return {"backend": "openai", "model": config.llm.openai.model, "base_url": config.llm.openai.base_url}
