"""The director in conversation: a request becomes edits, the edits a plan, the plan a new version.

The model only picks edits from a closed vocabulary (memory/edits.py) with the film's real
names as enums; code applies them, says exactly what will be made again, and asks before
anything destructive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field, create_model

from animdirector.agents.structured import ask_json
from animdirector.agents.studio import prompt
from animdirector.memory.bible import StoryBible, mentions
from animdirector.agents.chat_request import (
    ACCESSORY_WORDS, LOOK_WORDS, SHAPES, Named, colour_words, is_colour, look_from_words, named_in, quoted, setting_from_words,
    speaker_of, split_clauses, style_from_words,
)
from animdirector.memory.edits import (
    DESTRUCTIVE, NARRATOR, PARTS, VOICE_CHANGES, Action, Edit, EditError, apply_edit, text_follows,
)
from animdirector.memory.script import Script
from animdirector.tools import render


class Kind(BaseModel):
    action: Action


def details_schema(action: str, characters: list[str], objects: list[str], scenes: int, versions: list[int],
                   places: list[str], styles: tuple[str, ...]) -> type[BaseModel] | None:
    """The fields one kind of edit needs, with the film's real names as enums (None: no details)."""
    who = (Literal[tuple(characters)], ...) if characters else (str, ...)
    speaker = (Literal[tuple(characters + [NARRATOR])], ...)
    what = (Literal[tuple(objects)], ...) if objects else (str, ...)
    scene = (int, Field(ge=1, le=max(scenes, 1)))
    text = lambda n: (str, Field(min_length=1, max_length=n))  # noqa: E731
    fields: dict[str, dict] = {
        "change_look": {"character": who, "look": text(60)},
        "change_object": {"object": what, "colour": text(20)},
        "rename": {"character": who, "new_name": text(30)},
        "change_setting": {
            "scene": (int, Field(0, ge=0, le=scenes, description="0: every scene")),
            "place": (Literal[tuple([""] + places)], ""),
            "time_of_day": (Literal["", "morning", "noon", "sunset", "night"], ""),
            "weather": (Literal["", "clear", "cloudy", "fog", "rain", "snow"], ""),
        },
        "edit_scene": {"scene": scene, "action": text(140), "line": (str, Field("", max_length=100))},
        "add_scene": {"after": (int, Field(ge=0, le=scenes)), "action": text(140)},
        "remove_scene": {"scene": scene},
        "move_scene": {"scene": scene, "to": (int, Field(ge=1, le=max(scenes, 1)))},
        "change_style": {"style": (Literal[styles], ...)},  # type: ignore[valid-type]
        "remake": {"scene": scene},
        "revert": {"version": (Literal[tuple(versions)], ...)},  # type: ignore[valid-type]
        "change_voice": {"character": speaker, "change": (Literal[tuple(VOICE_CHANGES)], ...)},  # type: ignore[valid-type]
        "change_words": {"scene": scene, "speaker": speaker, "words": text(200)},
        "question": {"question": text(160)},
        "cannot": {"reason": text(160)},
    }
    chosen = fields.get(action)
    return create_model(f"{''.join(w.capitalize() for w in action.split('_'))}Details", **chosen) if chosen else None


VOICE_WORDS = {"voice", "sound", "sounds", "speak", "speaks", "talk", "talks", "narrator", "narration"}
_VOICE_SYNONYMS = {"deeper": "deeper", "lower": "deeper", "higher": "higher", "slower": "slower",
                   "faster": "faster", "quicker": "faster", "squeakier": "higher"}


def voice_change_from_words(request: str) -> str | None:
    """'deeper' for "Rex should sound deeper", 'slower' for "the narrator should speak more slowly"."""
    words = re.findall(r"[a-z]+", request.lower())
    words = [("slower" if w == "slowly" and "more" in words else "faster" if w == "quickly" and "more" in words else w)
             for w in words]
    found = [_VOICE_SYNONYMS[w] for w in words if w in _VOICE_SYNONYMS]
    return found[0] if found else None


def complete_look(look: str, request: str) -> str:
    """'green' for "make Lily's dress green" becomes 'green dress': the part the user named."""
    words = set(re.findall(r"[a-z-]+", look.lower()))
    if words & set().union(*PARTS.values()):
        return look
    named = [w for w in re.findall(r"[a-z-]+", request.lower()) if any(w in p for p in PARTS.values())]
    return f"{look} {named[0]}" if named else look


def to_edit(action: str, d: dict) -> Edit:
    """The details as an Edit (memory/edits.py's vocabulary)."""
    g = d.get
    return Edit(
        action=action, character=g("character") or g("speaker") or "", object=g("object", ""),
        scene=g("scene", 0) or 0, to=g("to", g("after", g("version", 0))) or 0,
        text=g("look") or g("colour") or g("new_name") or g("place") or g("action") or g("style")
        or g("change") or g("words") or g("question") or g("reason") or "",
        line=g("line", ""), time_of_day=g("time_of_day", ""), weather=g("weather", ""),
    )


def film_summary(bible: StoryBible, script: Script, style: str, version: int) -> str:
    """What the director knows about the current version (short: small models pay per token)."""
    lines = [f"Film '{script.title}', version {version}, style {style}.", "Characters:"]
    lines += [f"- {c.name} ({c.kind}): {c.look}" for c in bible.characters.values()]
    if script.props:
        lines.append("Objects: " + ", ".join(p.phrase() for p in script.props.values()))
    lines.append("Scenes:")
    lines += [f"{s.index}. {s.place}, {s.time_of_day}: {s.action}" for s in script.scenes]
    return "\n".join(lines)


# A clause made only of these words asks for no change.
_PLEASED = {"thanks", "thank", "great", "perfect", "lovely", "nice", "good", "ok", "okay", "cool", "fine", "wonderful",
            "love", "awesome", "amazing", "beautiful", "brilliant", "excellent", "done", "nothing"}
_FILLER = {"you", "i", "s", "it", "it's", "its", "that", "that's", "this", "looks", "look", "is", "so", "very", "much",
           "well", "all", "for", "now", "really", "no", "changes", "change", "need", "needed", "the", "film", "a", "lot"}


def kind_from_words(clause: str, named: Named, request_has_quote: bool = False) -> str | None:
    """The kind of edit a clause's own words make certain, if any (the model is asked otherwise)."""
    text = " ".join(_unquoted(clause).lower().split())
    words = set(re.findall(r"[a-z-]+", text))
    if re.search(r"\b(?:go back|revert|undo|restore|return)\b", text) and re.search(r"\bversion\b|\bundo\b|\bbefore\b", text):
        return "revert"
    if re.match(r"(?:why|what|who|where|when|which|how)\b(?! about| if)", text) or (
            text.endswith("?") and re.match(r"(?:is|are|does|do|did|was|were|has|have)\b", text)):
        return "about_film"  # "can Tim's voice be higher?" is a request, "why is scene 4 at night?" a question
    if words & _PLEASED and not words - _PLEASED - _FILLER:
        return "nothing"  # "thanks, that looks lovely"
    if words & {"remove", "cut", "delete", "drop"} and named.scenes and "add" not in words:
        return "remove_scene"
    if re.search(r"\badd\b.*\bscene\b|\b(?:new|another|extra) scene\b", text):
        return "add_scene"
    if (words & {"move", "put", "swap", "switch", "exchange"} and named.scenes and "add" not in words
            and re.search(r"\b(?:first|last|before|after|start|beginning|end|swap|switch|exchange|to (?:position |place )?\d+)\b", text)):
        return "move_scene"
    if words & {"redo", "remake", "re-do", "re-make", "reshoot", "retake", "re-film", "refilm"} or (
            named.scenes and re.search(r"\b(?:again|another take|once more)\b", text)):
        return "remake"
    if style_from_words(text) or "style" in words:
        return "change_style"
    if re.search(r"\b(?:call|rename|called|named|name)\b", text) and (named.characters or "rename" in words):
        return "rename"
    if words & VOICE_WORDS and voice_change_from_words(text):
        return "change_voice"
    if re.search(r"\b(?:say|says|saying|said|read|reads|tell|tells)\b", text) and quoted(clause):
        return "change_words"
    looks = words & LOOK_WORDS or colour_words(text)
    if named.characters and looks and not named.objects:
        return "change_look"
    if named.objects and (colour_words(text) or words & SHAPES) and not (named.characters and words & LOOK_WORDS):
        return "change_object"
    said_nouns = set(re.findall(r"\b(?:the|a|an|his|her|their)\s+([a-z]+)", text))
    if looks and said_nouns & set(render.kind_words()):  # "give the cat a hat" in a film with no cat
        return "change_look"
    if words & ACCESSORY_WORDS and named.objects and not named.characters:  # "give the kite a hat"
        return "change_look"
    if colour_words(text) and said_nouns & set(render.known_props()):  # "make the car red" with no car
        return "change_object"
    if setting_from_words(text) and not named.characters and not named.objects and not words & LOOK_WORDS:
        return "change_setting"
    return None


# Kinds of edit that need their own words: a model that says "add a scene" for "in scene 2 Mia
# should jump" is overruled.
_KIND_WORDS = {
    "add_scene": r"\badd\b|\b(?:new|another|extra|more) scenes?\b",
    "remove_scene": r"\b(?:remove|cut|delete|drop|rid|without|lose)\b",
    "move_scene": r"\b(?:move|put|swap|switch|order|before|after|first|last)\b",
    "revert": r"\b(?:back|revert|undo|version|before|previous|restore)\b",
    "change_style": r"\bstyle\b|\blook of the (?:whole )?film\b|" + "|".join(map(re.escape, render.STYLE_PRESETS)),
    "rename": r"\b(?:call|calls|called|name|named|rename)\b",
    "change_words": r"\b(?:say|says|said|saying|line|lines|words|tell|tells|read|reads)\b|[\"“']",
    "about_film": r"\?|^\s*(?:why|what|who|where|when|which|how)\b",
}


def _words_allow(action: str, clause: str) -> bool:
    pattern = _KIND_WORDS.get(action)
    return pattern is None or re.search(pattern, clause, re.I) is not None


def _says_a_look(clause: str) -> bool:
    """Whether a clause speaks of looks at all: clothes, accessories, colours, 'look', or a
    comparative of appearance ('fluffier', 'older')."""
    text = clause.lower()
    words = set(re.findall(r"[a-z-]+", text))
    return bool(words & (LOOK_WORDS | {"looks", "looking", "appearance", "colour", "color"}) or colour_words(text)
                or re.search(r"\b(?:fluff|old|young|tall|short|big|small|fat|thin|bald|curl)\w*er\b", text))


def details_from_words(action: str, clause: str, named: Named, script: Script, version: int,
                       versions: list[int]) -> list[dict] | None:
    """The details of an edit when the clause says them plainly (one dict per edit: "scenes 2 and
    3 at night" is two); None when the model must fill them in."""
    text = _unquoted(clause)
    count = len(script.scenes)
    one_character = named.characters[0] if len(named.characters) == 1 else ""
    if action == "change_setting":
        setting = setting_from_words(text)
        if not setting:
            return None
        scenes = [] if named.every_scene else named.scenes
        return [{"scene": n, **setting} for n in scenes or [0]]
    if action in ("remove_scene", "remake"):
        return [{"scene": n} for n in named.scenes] or None
    if action == "move_scene" and named.scenes:
        return [{"scene": named.scenes[0], "to": _new_position(text, named.scenes, count)}]
    if action == "revert":
        asked = re.search(r"\bversion\s+(\d+)", text)
        earlier = [v for v in versions if v < version]
        target = int(asked.group(1)) if asked else (earlier[-1] if earlier else 0)
        return [{"version": target}] if target else None
    if action == "change_style":
        style = style_from_words(text)
        return [{"style": style}] if style else None
    if action == "change_voice":
        who = NARRATOR if named.narrator else one_character
        change = voice_change_from_words(text)
        return [{"character": who, "change": change}] if who and change else None
    if action == "change_words":
        who = speaker_of(named)
        words = quoted(clause)
        scenes = named.scenes
        return [{"scene": scenes[0], "speaker": who, "words": words}] if who and words and len(scenes) == 1 else None
    if action == "rename" and one_character:
        new = _new_name(clause, one_character)
        return [{"character": one_character, "new_name": new}] if new else None
    if action == "change_look" and one_character:
        look = look_from_words(text) or " ".join(colour_words(text)[-1:])  # "make Rex brown": his colour
        return [{"character": one_character, "look": look}] if look else None
    if action == "change_object" and len(named.objects) == 1:
        colours = colour_words(text)
        shape = next((w for w in re.findall(r"[a-z]+", text.lower()) if w in SHAPES), "")
        wanted = " ".join(p for p in (colours[-1] if colours else "", shape) if p)
        return [{"object": named.objects[0], "colour": wanted}] if wanted else None
    if action == "add_scene":
        where = re.search(r"\b(?:where|in which|showing|that shows|with)\s+(.+)$", text, re.I)
        if not where:
            return None
        what = where.group(1).strip(" .")
        return [{"after": _insert_after(text, count), "action": what[:1].upper() + what[1:] + "."}]
    return None


def _new_position(text: str, scenes: list[int], count: int) -> int:
    """Where "put scene 5 first", "move scene 2 after scene 4", "swap scenes 2 and 3" put the scene."""
    scene = scenes[0]
    other = scenes[1] if len(scenes) > 1 else None
    t = text.lower()
    if re.search(r"\b(?:swap|switch|exchange)\b", t) and other:
        return other
    if other and re.search(r"\bafter\b", t):
        return other if scene < other else other + 1
    if other and re.search(r"\bbefore\b", t):
        return other - 1 if scene < other else other
    if re.search(r"\b(?:first|start|beginning|opening)\b", t):
        return 1
    if re.search(r"\b(?:last|end)\b", t):
        return count
    m = re.search(r"\bto (?:position |place )?(\d+)\b", t)
    return int(m.group(1)) if m else scene


def _insert_after(text: str, count: int) -> int:
    """After which scene a new scene goes: "at the start" 0, "after scene 2" 2, else at the end."""
    t = text.lower()
    if m := re.search(r"\bafter (?:scene )?(\d+)\b", t):
        return min(int(m.group(1)), count)
    if m := re.search(r"\bbefore (?:scene )?(\d+)\b", t):
        return max(int(m.group(1)) - 1, 0)
    if re.search(r"\b(?:at the (?:start|beginning)|first|opening)\b", t):
        return 0
    return count


def _new_name(clause: str, old: str) -> str:
    """'Rex' in "call the dog Rex", "rename Mia to Zoe", "Mia should be called Zoe"."""
    m = re.search(r"\b(?:to|called|named|call (?:him|her|it|them|the \w+|\w+))\s+([A-Z][\w'-]*(?: [A-Z][\w'-]*)?)", clause)
    if m and m.group(1) not in old.split():
        return m.group(1)
    names = [w for w in re.findall(r"\b[A-Z][\w'-]*", clause)[1:] if w not in old.split()]
    return names[-1] if len(names) == 1 else ""


def _unquoted(text: str) -> str:
    """The clause without what it quotes (a name in someone's words is not the edit's target)."""
    return re.sub(r"\"[^\"]*\"|“[^”]*”|(?<!\w)'[^']*'(?!\w)", '""', text)


def ground(edit: Edit, clause: str, named: Named, bible: StoryBible, script: Script,
           last_scenes: list[int]) -> tuple[str, str] | None:
    """Check an edit against its clause's words, in code. The target the words name wins over
    the model's pick; an edit whose target the words do not name is refused with the reason
    ("refuse", why), or a question is asked back ("ask", question). None: the edit stands."""
    a = edit.action
    speaker_edit = a in ("change_voice", "change_words")
    if speaker_edit and named.narrator:
        edit.character = NARRATOR
    elif a in ("change_look", "rename") or speaker_edit:
        if not named.characters:
            return "refuse", _no_such_character(clause, bible, script, a)
        if edit.character not in named.characters:
            if len(named.characters) > 1:
                return "ask", f"Do you mean {' or '.join(named.characters)}?"
            edit.character = named.characters[0]
    if a == "change_object":
        if not named.objects:
            return "refuse", _no_such_object(clause, script, named)
        if edit.object not in named.objects:
            if len(named.objects) > 1:
                return "ask", f"Which do you mean: the {' or the '.join(named.objects)}?"
            edit.object = named.objects[0]
    if a in ("edit_scene", "remove_scene", "move_scene", "remake", "change_words", "add_scene") or (
            a == "change_setting" and edit.scene):
        if a == "add_scene":
            pass
        elif named.scenes:
            if edit.scene not in named.scenes:
                edit.scene = named.scenes[0]
        elif a == "change_setting":
            edit.scene = last_scenes[0] if len(last_scenes) == 1 else 0  # no scene named: the one just discussed, or all
        elif len(last_scenes) == 1:
            edit.scene = last_scenes[0]
        else:
            return "ask", f"Which scene do you mean (1 to {len(script.scenes)})?"
    if a in ("edit_scene", "add_scene"):
        invented = [n for n in bible.characters if mentions(edit.text, n) and n not in named.characters]
        if invented:  # the model put someone in the scene the user did not ask for: keep to the user's words
            own = re.sub(r"\b(?:in|for) scene \d+,?\s*|\badd a (?:new )?scene (?:where|in which|showing)\s*", "", _unquoted(clause), flags=re.I)
            edit.text = own.strip(" ,.")[:1].upper() + own.strip(" ,.")[1:] + "."
    return None


def _missing_target(action: str, clause: str, named: Named, bible: StoryBible, script: Script) -> str | None:
    """Why an edit of this kind has nothing to change in this clause, if so."""
    if action in ("change_look", "rename") or (action in ("change_voice", "change_words") and not named.narrator
                                                and action == "change_voice"):
        return None if named.characters else _no_such_character(clause, bible, script, action)
    if action == "change_object":
        return None if named.objects else _no_such_object(clause, script, named)
    return None


def _no_such_character(clause: str, bible: StoryBible, script: Script, action: str) -> str:
    cast = ", ".join(bible.characters) or "none"
    kinds = render.kind_words()
    said = [w for w in re.findall(r"\b(?:the|a|an|his|her|their)\s+([a-z]+)", clause.lower()) if w in kinds]
    if said:
        return f"there is no {said[0]} in this film (the characters are {cast})"
    if action == "change_look" and (objects := [o for o in script.props if mentions(clause, o)]):
        return f"only a character can wear that, and the {objects[0]} is an object"
    return f"the request names none of the characters ({cast})"


def _no_such_object(clause: str, script: Script, named: Named) -> str:
    things = ", ".join(script.props) or "none"
    words = re.findall(r"\b(?:the|a|an|his|her|their)\s+([a-z]+)", clause.lower())
    props = set(render.known_props())
    said = [w for w in words if w in props or w.rstrip("s") in props]
    if said:
        return f"there is no {said[0]} in this film (the objects are: {things})"
    if named.characters:
        return f"{named.characters[0]} is a character, not an object: say what to change about how they look"
    return f"the request names none of the film's objects ({things})"


def answer_about_film(clause: str, named: Named, bible: StoryBible, script: Script, style: str) -> str:
    """A question about the film, answered from its script and story bible (no model: the facts are here)."""
    out = []
    for n in named.scenes:
        if 1 <= n <= len(script.scenes):
            s = script.scenes[n - 1]
            who = " and ".join(s.characters) or "nobody"
            weather = f", {s.weather}" if s.weather and s.weather != "clear" else ""
            told = f" The story says: \"{' '.join(s.source.split())}\"" if s.source else ""
            out.append(f"Scene {n} is in the {s.place} at {s.time_of_day}{weather}, with {who}: {s.action}{told}")
    for name in named.characters:
        entry = bible.characters[name]
        scenes = [str(s.index) for s in script.scenes if name in s.characters]
        out.append(f"{name} is a {entry.kind} ({entry.look}), in scene{'s' if len(scenes) > 1 else ''} "
                   f"{', '.join(scenes) or 'none'}.")
    for noun in named.objects:
        scenes = [str(s.index) for s in script.scenes if noun in s.props]
        out.append(f"The {script.props[noun].phrase()} is in scenes {', '.join(scenes) or 'none'}.")
    if not out:
        cast = ", ".join(f"{n} ({c.kind})" for n, c in bible.characters.items())
        out.append(f"'{script.title}' has {len(script.scenes)} scenes in the {style} style, with {cast}.")
    return " ".join(out)


@dataclass
class Conversation:
    """What the interactive chat remembers of this session: the last requests and replies, and
    who and which scenes they were about (so "make it brighter" or "give her a hat" refers to them)."""

    turns: list[tuple[str, str]] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    scenes: list[int] = field(default_factory=list)
    keep: int = 3

    def prompt(self) -> str:
        if not self.turns:
            return ""
        said = "\n".join(f"- user: {q}\n- director: {a}" for q, a in self.turns[-self.keep:])
        return f"\n\nEarlier in this conversation:\n{said}"

    def remember(self, request: str, plan: "Plan") -> None:
        self.turns.append((request, plan.reply))
        who = [e.character for e in plan.edits if e.character and e.character != NARRATOR]
        where = [e.scene for e in plan.edits if e.scene]
        if who:
            self.characters = list(dict.fromkeys(who))
        if where:
            self.scenes = list(dict.fromkeys(where))


@dataclass
class Plan:
    """What a request amounts to, before anything is made: the edits in order (applied to copies),
    what cannot be done and why, questions back, answers, and notes on text left as it was."""

    reply: str = ""
    edits: list[Edit] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bible: StoryBible | None = None
    script: Script | None = None
    style: str = ""
    revert_to: int | None = None

    @property
    def question(self) -> bool:
        return bool(self.questions) and not self.changes

    @property
    def changes(self) -> bool:
        return bool(self.summaries) or self.revert_to is not None

    @property
    def destructive(self) -> bool:
        return any(e.action in DESTRUCTIVE for e in self.edits)

    def compose_reply(self) -> str:
        """The plan in plain sentences."""
        parts = []
        if self.summaries:
            parts.append("I will change this: " + "; ".join(x.rstrip(".") for x in self.summaries) + ".")
        if self.refusals:
            alone = not self.summaries and len(self.refusals) == 1 and not self.questions
            parts += ([f"I can't do that: {self.refusals[0].split(': ', 1)[-1]}. Nothing was changed."] if alone
                      else [f"I can't {r}." for r in self.refusals])
        parts += self.questions + self.answers + [n[:1].upper() + n[1:].rstrip(".") + "." for n in self.notes]
        return " ".join(parts) or "Nothing to change, then."


async def plan_request(
    client, request: str, bible: StoryBible, script: Script, style: str, version: int, versions: list[int],
    seed: int = 0, on_token=None, conversation: Conversation | None = None,
) -> tuple[Plan, list]:
    """Turn a request into a checked plan (nothing is made here). The request is split into
    clauses; each clause becomes its edits: the kind from the clause's words when they make it
    certain (else one small model step), the details from its words when they say them (else
    one model step with the film's names as enums), then checked against the words in code and
    applied to copies, in order. Returns (plan, the model's answers)."""
    conversation = conversation or Conversation()
    plan = Plan(bible=bible, script=script, style=style)
    answers: list = []
    last_characters = list(conversation.characters)
    for clause in split_clauses(request):
        named = named_in(_unquoted(clause), plan.bible, plan.script, last_characters)
        summary = film_summary(plan.bible, plan.script, plan.style, version) + conversation.prompt()
        action = kind_from_words(clause, named)
        if action is None:
            kind = await ask_json(client, step="director: kind of edit", system=prompt("director"),
                                  user=f"{summary}\n\nThe user says: {clause}", schema=Kind, retries=1,
                                  on_token=on_token)
            answers.append(kind)
            action = _overrule(kind.value.action, clause, named, plan)
        if action is None or action == "nothing":
            continue
        if action == "about_film":
            plan.answers.append(answer_about_film(clause, named, plan.bible, plan.script, plan.style))
            continue
        if named.ambiguous and not named.characters and action in ("change_look", "rename", "change_voice", "change_words"):
            plan.questions.append(f"Do you mean {' or '.join(named.ambiguous)}?")
            continue
        missing = _missing_target(action, clause, named, plan.bible, plan.script)
        if missing:  # the words name nobody and nothing this edit could change: say so, ask no model
            plan.refusals.append(f"{clause.rstrip(' .!?')}: {missing}")
            continue
        details = details_from_words(action, clause, named, plan.script, version, versions)
        if details is None and action == "change_object":  # "make the snowman bigger": no colour, no shape
            plan.refusals.append(f"{clause.rstrip(' .!?')}: I can change the {' or '.join(named.objects)}'s colour "
                                 "or shape, and the request names neither")
            continue
        if details is None:
            schema = details_schema(action, named.characters or list(plan.bible.characters),
                                    named.objects or list(plan.script.props), len(plan.script.scenes), versions,
                                    render.known_places(), render.STYLE_PRESETS)
            if schema is None:
                continue
            answer = await ask_json(client, step=f"director: {action}", system=prompt("director_details"),
                                    user=f"{summary}\n\nThe user says: {clause}\nThe change: {action.replace('_', ' ')}.",
                                    schema=schema, retries=1, on_token=on_token)
            answers.append(answer)
            details = [answer.value.model_dump()]
        for d in details:
            _plan_edit(plan, to_edit(action, d), clause, named, conversation, seed, version)
        last_characters = [e.character for e in plan.edits[-1:] if e.character and e.character != NARRATOR] or last_characters
    plan.reply = plan.compose_reply()
    return plan, answers


def _overrule(action: str, clause: str, named: Named, plan: Plan) -> str | None:
    """The model's kind of edit, checked against the clause's words: a kind they rule out becomes
    what happens in the scene they name, a refusal, or a question (recorded on the plan; None)."""
    if not _words_allow(action, clause):
        if action == "about_film":  # "write me a poem" is no question about the film
            plan.refusals.append(f"{clause.rstrip(' .!?')}: I can change this film or answer questions about it, "
                                 "nothing else")
            return None
        return "edit_scene" if named.scenes else "question"
    if action == "change_look" and not _says_a_look(clause):  # "Mia should dance" is not how she looks
        who = " and ".join(named.characters) or "they"
        plan.questions.append(f"Do you mean how {who} should look, or what {who} should do in a scene (say which scene)?")
        return None
    return action


def _plan_edit(plan: Plan, edit: Edit, clause: str, named: Named, conversation: Conversation, seed: int,
               version: int) -> None:
    """Check one edit against its clause and apply it to the plan's copies (or say why not)."""
    what = clause.rstrip(" .!?")
    if edit.action == "change_look":
        edit.text = complete_look(edit.text, clause)
    if edit.action == "change_voice":  # the request's own word wins over the model's pick
        edit.text = voice_change_from_words(clause) or edit.text
    if edit.action == "question":
        plan.questions.append(edit.text)
        return
    if edit.action == "cannot":
        plan.refusals.append(f"{what}: {edit.text}")
        return
    verdict = ground(edit, clause, named, plan.bible, plan.script, conversation.scenes)
    if verdict is not None:
        (plan.questions.append(verdict[1]) if verdict[0] == "ask" else plan.refusals.append(f"{what}: {verdict[1]}"))
        return
    if edit.action == "revert":
        if plan.edits:
            plan.refusals.append(f"{what}: going back to a version is asked on its own, not with other changes")
        elif edit.to not in (v for v in range(1, version)):
            plan.refusals.append(f"{what}: there is no earlier version {edit.to}")
        else:
            plan.edits.append(edit)
            plan.summaries.append(f"back to version {edit.to}")
            plan.revert_to = edit.to
        return
    if plan.revert_to is not None:
        plan.refusals.append(f"{what}: going back to a version is asked on its own, not with other changes")
        return
    try:
        bible, script, style, summary_line = apply_edit(
            edit, plan.bible, plan.script, plan.style, design_of=_design_of(seed), styles=render.STYLE_PRESETS,
            places=render.known_places(), is_colour=is_colour,
        )
    except EditError as exc:
        plan.refusals.append(f"{what}: {exc}")
        return
    if edit.action in ("change_look", "change_object", "rename"):
        script, notes = text_follows(plan.bible, plan.script, bible, script)
        plan.notes += notes
    if edit.action == "change_look" and edit.character in bible.characters and not _drawn_differently(
            plan.bible.characters[edit.character].design, bible.characters[edit.character].design, style, seed):
        plan.notes.append(f"{edit.character} will look the same on screen: what '{edit.text}' changes is hidden "
                          "under what they wear (say which garment shows, e.g. the dress)")
    if edit.action == "change_setting":
        plan.notes += _setting_words_kept(plan.script, script)
    plan.bible, plan.script, plan.style = bible, script, style
    plan.edits.append(edit)
    plan.summaries.append(summary_line)


def _setting_words_kept(before: Script, after: Script) -> list[str]:
    """A scene whose time changed but whose story words still say the old time: said, not rewritten
    (the story's sentence is the scene's narration)."""
    notes = []
    for old, new in zip(before.scenes, after.scenes):
        if old.time_of_day != new.time_of_day and re.search(rf"\b{re.escape(old.time_of_day)}\b", old.source, re.I):
            notes.append(f"scene {new.index}'s narration still says \"{old.time_of_day}\": it is the story's own "
                         f"sentence (change it with: in scene {new.index} the narrator should say '...')")
    return notes


def _drawn_differently(before: dict, after: dict, style: str, seed: int) -> bool:
    """Whether two designs draw differently: a shirt under a dress changes the design and no pixel."""
    if before == after:
        return False
    sheets = [render.render_reference_sheet(render.CharacterDesign(**d), style=style, size=(256, 144), seed=seed).image
              for d in (before, after)]
    return sheets[0].tobytes() != sheets[1].tobytes()


def _design_of(seed: int):
    # The scenario's seed, as in pre-production: what the look does not say stays as it was.
    def design_of(name: str, kind: str, look: str) -> dict:
        return render.design_from_text(name, kind, look, seed=seed).model_dump()

    return design_of
