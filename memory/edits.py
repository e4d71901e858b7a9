"""Edits the director makes to a run's story bible and script, applied by code.

The director (a language model) only chooses edits from this small vocabulary; applying
them, checking them and saying what they will change is done here, reliably. Every edit
yields a new version of the bible and script; nothing is changed in place.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from animdirector.memory.bible import StoryBible
from animdirector.memory.script import PropSpec, SceneSpec, Script

Action = Literal[
    "change_look", "change_object", "rename", "change_setting", "edit_scene", "add_scene",
    "remove_scene", "move_scene", "change_style", "remake", "revert", "change_voice", "change_words",
    "about_film", "nothing", "question", "cannot",
]
# Edits of the sound alone: the pictures are kept and only the speech (and its subtitles) is made again.
SOUND_ONLY = {"change_voice", "change_words"}
NARRATOR = "Narrator"
# How a voice changes when asked to sound another way (semitones of pitch, factor on Piper's length scale).
VOICE_CHANGES: dict[str, tuple[float, float]] = {
    "deeper": (-3.0, 1.0), "higher": (3.0, 1.0), "slower": (0.0, 1.15), "faster": (0.0, 0.87),
}
DESTRUCTIVE = {"remove_scene", "revert", "change_style"}
# Edits of how something looks: the scenes are made again with the same shot and cast.
LOOK_ONLY = {"change_look", "change_object"}

# Words that name one part of a look; a new look phrase replaces the old phrase about the same part.
PARTS = {
    "top": {"shirt", "top", "t-shirt", "tshirt", "sweater", "jumper", "jacket", "coat", "blouse", "hoodie", "vest"},
    "bottom": {"trousers", "pants", "shorts", "skirt", "jeans", "dress"},
    "shoes": {"shoes", "boots", "sneakers", "sandals"},
    "hair": {"hair", "ponytail", "pigtails", "braids", "bun", "curls", "bald"},
    "fur": {"fur", "coat-colour", "spots", "stripes"},
    "eyes": {"eyes"},
}


class Edit(BaseModel):
    """One edit. Which fields matter depends on `action` (see `apply_edit`)."""

    action: Action
    character: str = Field("", description="a character's name (looks, rename)")
    object: str = Field("", description="an object's noun (change_object)")
    scene: int = Field(0, ge=0, description="a scene number; 0 means every scene or none")
    text: str = Field("", max_length=200, description="new look, name, action, place or the question to ask")
    line: str = Field("", max_length=120, description="new subtitle line (edit_scene)")
    time_of_day: Literal["", "morning", "noon", "sunset", "night"] = ""
    weather: Literal["", "clear", "rain", "snow"] = ""
    to: int = Field(0, ge=0, description="new position (move_scene, add_scene: after this scene) or version (revert)")


class EditError(ValueError):
    """An edit that cannot be carried out; the message says why in plain words."""


def merge_look(old: str, new: str) -> str:
    """The old look with the parts the new words talk about replaced: 'green shirt' on
    'red shirt, short black hair' gives 'green shirt, short black hair'."""
    def parts_of(phrase: str) -> set[str]:
        words = set(re.findall(r"[a-z-]+", phrase.lower()))
        return {part for part, names in PARTS.items() if words & names}

    new_items = [p.strip() for p in new.split(",") if p.strip()]
    touched = set().union(*(parts_of(p) for p in new_items)) if new_items else set()
    kept = [p.strip() for p in old.split(",") if p.strip() and not (parts_of(p) & touched)]
    return ", ".join(new_items + kept)


def _a(phrase: str) -> str:
    return ("an " if phrase[:1] in "aeiou" else "a ") + phrase


def _rename_in(text: str, old: str, new: str) -> str:
    return re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new, text)


def _renumber(scenes: list[SceneSpec]) -> list[SceneSpec]:
    return [s.model_copy(update={"index": i}) for i, s in enumerate(scenes, start=1)]


def _scene(script: Script, number: int) -> SceneSpec:
    if not 1 <= number <= len(script.scenes):
        raise EditError(f"there is no scene {number}; the film has scenes 1 to {len(script.scenes)}")
    return script.scenes[number - 1]


def _character(bible: StoryBible, name: str) -> str:
    for key in bible.characters:
        if key.lower() == name.strip().lower():
            return key
    known = ", ".join(bible.characters) or "none"
    raise EditError(f"there is no character called {name!r} (the characters are: {known})")


def design_changed(design: dict, before: dict, after: dict) -> dict:
    """`design` with only what a look edit changes: the fields where the design of the new look
    (`after`) differs from that of the old one (`before`). Everything else pre-production gave the
    character stays: a king's crown, the coat the story tells, a boy's short hair."""
    out = dict(design)
    for key, value in after.items():
        old = before.get(key)
        if value == old:
            continue
        if isinstance(value, list) and isinstance(old, list):  # accessories: add and drop what the edit does
            kept = [v for v in design.get(key, []) if v not in old or v in value]
            out[key] = kept + [v for v in value if v not in old and v not in kept]
        else:
            out[key] = value
    return out


def apply_edit(
    edit: Edit, bible: StoryBible, script: Script, style: str, *, design_of, styles: tuple[str, ...], places: list[str],
    is_colour=None,
) -> tuple[StoryBible, Script, str, str]:
    """Apply one edit to copies of the bible and script; returns (bible, script, style, summary).

    `design_of(name, kind, look)` gives the renderer's design (as a dict) for a look.
    Raises EditError with a plain reason when the edit cannot be done.
    """
    bible = bible.model_copy(deep=True)
    script = script.model_copy(deep=True)
    a = edit.action
    if a == "change_look":
        name = _character(bible, edit.character)
        entry = bible.characters[name]
        look = merge_look(entry.look, edit.text)
        entry.design = design_changed(entry.design, design_of(name, entry.kind, entry.look), design_of(name, entry.kind, look))
        entry.look = look
        entry.reference_sheet = None
        return bible, script, style, f"{name} now looks: {look}"
    if a == "change_object":
        noun = edit.object.strip().lower()
        if noun not in script.props:
            raise EditError(f"there is no object called {edit.object!r} (the objects are: {', '.join(script.props) or 'none'})")
        words = edit.text.lower().split()
        old = script.props[noun]
        colour = " ".join(w for w in words if w not in (noun, "a", "an", "the") and w not in _SHAPES) or old.colour
        if is_colour is not None and colour and not is_colour(colour):
            raise EditError(f"{colour!r} is not a colour I can paint")
        shape = next((w for w in words if w in _SHAPES), old.shape)
        script.props[noun] = PropSpec(noun=noun, colour=colour, shape=shape)
        return bible, script, style, f"the {noun} is now {_a(script.props[noun].phrase())}"
    if a == "rename":
        name = _character(bible, edit.character)
        new = edit.text.strip()
        if not new or len(new) > 40:
            raise EditError("a new name needs 1 to 40 characters")
        entry = bible.characters.pop(name)
        entry.name = new
        entry.design = {**entry.design, "name": new}
        entry.reference_sheet = None
        bible.characters[new] = entry
        script.scenes = [
            s.model_copy(update={
                "characters": [new if c == name else c for c in s.characters],
                "action": _rename_in(s.action, name, new), "line": _rename_in(s.line, name, new),
                "said": {new if who == name else who: words for who, words in s.said.items()},
            })
            for s in script.scenes
        ]
        return bible, script, style, f"{name} is now called {new}"
    if a == "change_setting":
        targets = [_scene(script, edit.scene)] if edit.scene else script.scenes
        place = edit.text.strip().lower()
        if place and place not in places:
            raise EditError(f"I can't film at {edit.text!r}; places I can draw: {', '.join(places)}")
        update = {k: v for k, v in (("place", place), ("time_of_day", edit.time_of_day), ("weather", edit.weather)) if v}
        if not update:
            raise EditError("say which place, time of day or weather to change to")
        numbers = {s.index for s in targets}
        script.scenes = [s.model_copy(update=update) if s.index in numbers else s for s in script.scenes]
        which = f"scene {edit.scene}" if edit.scene else "every scene"
        return bible, script, style, f"{which}: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in update.items())
    if a == "edit_scene":
        s = _scene(script, edit.scene)
        update = {k: v for k, v in (("action", edit.text.strip()), ("line", edit.line.strip())) if v}
        if not update:
            raise EditError(f"say what scene {edit.scene} should show or say instead")
        script.scenes[s.index - 1] = s.model_copy(update=update)
        return bible, script, style, f"scene {s.index} rewritten"
    if a == "add_scene":
        after = min(edit.to, len(script.scenes))
        action = edit.text.strip()
        if not action:
            raise EditError("say what happens in the new scene")
        like = script.scenes[after - 1] if after else script.scenes[0]
        names = [n for n in bible.characters if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", action, re.I)]
        props = [p for p in script.props if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", action, re.I)]
        new = SceneSpec(index=after + 1, place=like.place, time_of_day=edit.time_of_day or like.time_of_day,
                        weather=edit.weather or like.weather, characters=names or like.characters[:2], props=props,
                        action=action, line=edit.line.strip(), source=action)
        script.scenes = _renumber(script.scenes[:after] + [new] + script.scenes[after:])
        return bible, script, style, f"new scene {after + 1}: {action}"
    if a == "remove_scene":
        s = _scene(script, edit.scene)
        if len(script.scenes) == 1:
            raise EditError("a film needs at least one scene")
        script.scenes = _renumber([x for x in script.scenes if x.index != s.index])
        return bible, script, style, f"scene {s.index} removed"
    if a == "move_scene":
        s = _scene(script, edit.scene)
        if not 1 <= edit.to <= len(script.scenes):
            raise EditError(f"scene {edit.scene} can move to a place from 1 to {len(script.scenes)}")
        rest = [x for x in script.scenes if x.index != s.index]
        script.scenes = _renumber(rest[: edit.to - 1] + [s] + rest[edit.to - 1 :])
        return bible, script, style, f"scene {s.index} is now scene {edit.to}"
    if a == "change_style":
        new_style = edit.text.strip().lower()
        if new_style not in styles:
            raise EditError(f"style {edit.text!r} is not one I have; styles: {', '.join(styles)}")
        return bible, script, new_style, f"style is now {new_style}"
    if a == "change_voice":
        return bible, script, style, _change_voice(bible, script, edit)
    if a == "change_words":
        s = _scene(script, edit.scene)
        who = NARRATOR if edit.character.strip().lower() == NARRATOR.lower() else _character(bible, edit.character)
        words = " ".join(edit.text.split())
        if not words:
            raise EditError(f"say what {who} should say in scene {s.index}")
        script.scenes[s.index - 1] = s.model_copy(update={"said": {**s.said, who: words}})
        return bible, script, style, (f"in scene {s.index} {'the narrator' if who == NARRATOR else who} says "
                                      f"\"{words}\" (only that scene's sound and subtitles are made again)")
    if a == "remake":
        s = _scene(script, edit.scene)
        script.scenes[s.index - 1] = s.model_copy(update={"take": s.take + 1})
        return bible, script, style, f"scene {s.index} will be made again (take {s.take + 1})"
    raise EditError(f"{a} is not an edit of the story")


_SHAPES = {"round", "square", "long", "tall", "flat", "small", "big", "star", "heart", "diamond", "triangle", "oval"}


def _change_voice(bible: StoryBible, script: Script, edit: Edit) -> str:
    """A character's or the narrator's voice made deeper, higher, slower or faster, in the bible,
    so it is the same in every scene; says whose scenes get new sound."""
    from animdirector.tools.speech.voice import NARRATOR as BASE_NARRATOR, PITCH_RANGE, Voice

    change = edit.text.strip().lower()
    if change not in VOICE_CHANGES:
        raise EditError(f"a voice can be made {', '.join(VOICE_CHANGES)}; not {edit.text!r}")
    narrator = edit.character.strip().lower() in ("", NARRATOR.lower())
    who = NARRATOR if narrator else _character(bible, edit.character)
    stored = bible.narrator_voice if narrator else bible.characters[who].voice
    voice = Voice.from_dict(stored) if stored else BASE_NARRATOR
    semitones, rate = VOICE_CHANGES[change]
    pitch = min(max(voice.pitch_semitones + semitones, PITCH_RANGE[0]), PITCH_RANGE[1])
    if semitones and pitch == voice.pitch_semitones:
        raise EditError(f"{who}'s voice is as {change[:-2]} as the bundled voice can go")
    new = Voice(**{**voice.to_dict(), "pitch_semitones": pitch, "length_scale": round(voice.length_scale * rate, 3)})
    if narrator:
        bible.narrator_voice = new.to_dict()
        where = "every scene"
    else:
        bible.characters[who].voice = new.to_dict()
        scenes = [str(s.index) for s in script.scenes if who in s.characters]
        where = f"scene{'s' if len(scenes) > 1 else ''} {', '.join(scenes)}" if scenes else "no scene"
    return f"{'the narrator' if narrator else who} sounds {change} (only the sound of {where} is made again)"


def text_follows(before_bible: StoryBible, before_script: Script, bible: StoryBible, script: Script
                 ) -> tuple[Script, list[str]]:
    """Scene text that names what an edit changed, said the new way: "yellow dress" becomes
    "green dress" and "Mia" becomes "Zoe" in each scene's action and line, and in the narration
    when the narrator speaks the whole scene. Returns the script and a note per scene whose
    text that changed, and of each whose spoken words are left as the story has them (they mix
    the narrator with someone's lines)."""
    swaps = _changed_phrases(before_bible, before_script, bible, script)
    if not swaps:
        return script, []
    script = script.model_copy(deep=True)
    notes = []
    will_say: dict[str, list[str]] = {}  # new words -> the scenes whose narration now says them
    for i, s in enumerate(script.scenes):
        update = {f: _swap(getattr(s, f), swaps) for f in ("action", "line")}
        narration = " ".join(s.source.split())
        told = _swap(narration, swaps)
        if told != narration:
            if NARRATOR in s.said or any(q in narration for q in ('"', "\u201c")):
                notes.append(f"scene {s.index}'s narration still says \"{_first_change(narration, swaps)}\": "
                             "its words mix the narrator with a character's lines, so I keep the story's words")
            else:
                update["said"] = {**s.said, NARRATOR: told}
                will_say.setdefault(_first_change(told, [(n, o) for o, n in swaps]), []).append(str(s.index))
        script.scenes[i] = s.model_copy(update={k: v for k, v in update.items() if v != getattr(s, k)})
    for words, scenes in will_say.items():
        which = f"scenes {', '.join(scenes[:-1])} and {scenes[-1]}" if len(scenes) > 1 else f"scene {scenes[0]}"
        notes.insert(0, f"the narration of {which} will say \"{words}\" too")
    return script, notes


def _changed_phrases(before_bible: StoryBible, before_script: Script, bible: StoryBible, script: Script) -> list[tuple[str, str]]:
    """(old words, new words) for each look item, object phrase and name an edit changed."""
    swaps: list[tuple[str, str]] = []
    for name, entry in before_bible.characters.items():
        after = bible.characters.get(name)
        if after is None:  # renamed: the one new name in the new bible
            new = [n for n in bible.characters if n not in before_bible.characters]
            if len(new) == 1:
                swaps.append((name, new[0]))
            continue
        if after.look != entry.look:
            old_items = [p.strip() for p in entry.look.split(",") if p.strip()]
            for item in (p.strip() for p in after.look.split(",") if p.strip()):
                words = set(re.findall(r"[a-z-]+", item.lower()))
                for old in old_items:
                    old_words = set(re.findall(r"[a-z-]+", old.lower()))
                    if old != item and words & old_words & set().union(*PARTS.values()):
                        swaps.append((old, item))
    texts = [t for s in before_script.scenes for t in (s.action, s.line, s.source)]
    for noun, prop in before_script.props.items():
        new = script.props.get(noun)
        if new is not None and prop.colour and new.colour != prop.colour:
            # the colour where the text says it: "red kite", "red diamond kite", "red and white kite"
            said = rf"(?<!\w){re.escape(prop.colour)}((?:\s+[a-z]+){{0,2}}?\s+{re.escape(noun)})(?!\w)"
            for text in texts:
                for m in re.finditer(said, text, flags=re.I):
                    swaps.append((m.group(0), new.colour + m.group(1)))
    swaps = list(dict.fromkeys(swaps))
    return sorted(swaps, key=lambda sw: -len(sw[0]))  # longer phrases first: "red diamond kite" before "red kite"


def _swap(text: str, swaps: list[tuple[str, str]]) -> str:
    for old, new in swaps:
        text = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", lambda m, new=new: _same_case(m.group(0), new), text, flags=re.I)
    return text


def _same_case(old: str, new: str) -> str:
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


def _first_change(text: str, swaps: list[tuple[str, str]]) -> str:
    return next((old for old, _ in swaps if re.search(rf"(?<!\w){re.escape(old)}(?!\w)", text, re.I)), "")
