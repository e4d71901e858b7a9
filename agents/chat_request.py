"""Reading a chat request in code: its clauses, and what each clause names.

A small model plans one short clause far better than a whole message, and code finds the
names, scene numbers, colours and times a clause says more reliably than a model does. So
a request is split here into clauses ("make it night in scene 2" / "give Rex a blue
collar"), and each clause's words are what its edit is grounded in: an edit may only touch
a character, object or scene its clause names or clearly refers to. Plain Python, no AutoGen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from animdirector.memory.bible import StoryBible, mentions
from animdirector.memory.edits import NARRATOR, PARTS
from animdirector.memory.script import Script
from animdirector.tools import render

# Words that start a new request inside a sentence ("... and give Rex a hat"): imperatives of editing.
_EDIT_VERBS = {
    "make", "give", "change", "turn", "put", "add", "remove", "cut", "delete", "drop", "move", "swap", "call",
    "rename", "use", "redo", "remake", "go", "revert", "undo", "let", "set", "paint", "colour", "color", "dress",
    "have", "switch", "replace", "show", "film", "bring",
}
_JOINERS = r"(?:,?\s+and then\s+|,?\s+and also\s+|,?\s+and\s+|,?\s+then\s+|,?\s+also\s+)"
_POSSESSIVE = r"(?!(?:it|that|there|what|he|she|who|let)'s\b)[a-z]+'s\b"  # "Ben's", not "it's"
# "give Mia a crown and Rex a bow": a name and a new object after "and" share the verb before them
_SHARED_VERB = rf"(?:{_POSSESSIVE}|(?-i:[A-Z][a-z]+)\s+(?:a|an|some)\b)"
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|(?<!\w)'[^']*'(?!\w)")
_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "they", "them", "their"}  # "it" is a thing or a scene

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "opening": 1}
TIMES = {"night": "night", "nighttime": "night", "midnight": "night", "dark": "night", "evening": "sunset",
         "sunset": "sunset", "dusk": "sunset", "sundown": "sunset", "morning": "morning", "dawn": "morning",
         "sunrise": "morning", "noon": "noon", "midday": "noon", "afternoon": "noon", "daytime": "noon", "day": "noon"}
WEATHERS = {"rain": "rain", "raining": "rain", "rainy": "rain", "snow": "snow", "snowing": "snow", "snowy": "snow",
            "sunny": "clear", "clear": "clear", "dry": "clear", "cloudy": "cloudy", "overcast": "cloudy",
            "fog": "fog", "foggy": "fog", "mist": "fog", "misty": "fog"}
ACCESSORY_WORDS = set(render.ACCESSORIES) | {"tie", "ribbon", "cap", "spectacles", "rucksack", "tiara", "cloak"}
LOOK_WORDS = set().union(*PARTS.values()) | ACCESSORY_WORDS | {"look", "wear", "wears", "wearing", "clothes"}
SHAPES = {"round", "square", "long", "tall", "flat", "star", "heart", "diamond", "triangle", "oval"}


def split_clauses(request: str) -> list[str]:
    """One clause per edit: sentences, ';', and 'and' / 'then' / 'also' / ',' before a new
    imperative ("and give ...") or a new subject that should do something ("and Rex should ...").
    Quoted words are never split."""
    quotes: list[str] = []

    def keep(m: re.Match) -> str:
        quotes.append(m.group(0))
        return f"\x00{len(quotes) - 1}\x00"

    text = _QUOTED.sub(keep, " ".join(request.split()))
    verbs = "|".join(sorted(_EDIT_VERBS))
    new_request = rf"(?:please\s+)?(?:{verbs})\b"
    clauses: list[str] = []
    for sentence in re.split(r"(?<=[.!?;])\s+|;\s*", text):
        # 'and', 'then', 'also' before an imperative, 'in scene N', or someone who should do something;
        # a bare comma only before an imperative ("make it night, give Rex a hat")
        pieces = re.split(rf"{_JOINERS}(?={new_request}|in\s+scene\s+\d|scenes?\s+\d+\s+(?!and\b|or\b)[a-z]|(?:the\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:should|must|needs\s+to)\b"
                          rf"|{_SHARED_VERB})|,\s+(?={new_request})", sentence, flags=re.I)
        prefix = ""
        for piece in (p for p in pieces if p and p.strip(" ,.;")):
            if not set(re.findall(r"[a-z]+", piece.lower())) - {"in", "scene", "scenes", "and", "the", "too", "also"}:
                if clauses:  # "... in scene 2 and in scene 3": one clause
                    clauses[-1] += " and " + piece.strip()
                else:  # "in scene 3, Mia should ...": the scene belongs to what follows
                    prefix = piece.strip(" ,") + " "
                continue
            if clauses and re.match(_SHARED_VERB, piece, re.I) and not re.search(r"\b(?:should|must|needs|is|are|be|will)\b", piece):  # "make Lucy's scarf green and Ben's coat red":
                verb = re.match(rf"\s*((?:please\s+)?(?:{verbs}))\b", clauses[-1], re.I)  # the verb is shared
                piece = f"{verb.group(1)} {piece}" if verb else piece
            clauses.append(prefix + piece)
            prefix = ""

    def restore(clause: str) -> str:
        return re.sub(r"\x00(\d+)\x00", lambda m: quotes[int(m.group(1))], clause)

    cleaned = [re.sub(r"^(?:and|then|also|please)\s+", "", restore(c).strip(" ,;"), flags=re.I) for c in clauses]
    return [c for c in cleaned if re.search(r"\w", c)] or [request.strip()]


@dataclass
class Named:
    """What one clause names: characters (by name, by kind word, or by a pronoun for the one
    just talked about), objects, scene numbers, and whether it speaks of the narrator."""

    characters: list[str] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)
    scenes: list[int] = field(default_factory=list)
    narrator: bool = False
    by_pronoun: bool = False
    every_scene: bool = False
    ambiguous: list[str] = field(default_factory=list)  # the characters a kind word could mean ("the cat": two cats)


def scene_numbers(clause: str, count: int) -> list[int]:
    """'scene 2', 'scenes 2 and 3', 'the first scene', 'the last scene' -> scene numbers."""
    text = clause.lower()
    found: list[int] = []
    for m in re.finditer(r"\bscenes?\s+((?:\d+)(?:\s*(?:,|and|&|or)\s*\d+)*)", text):
        found += [int(n) for n in re.findall(r"\d+", m.group(1))]
    for word, n in ORDINALS.items():
        if re.search(rf"\b{word} scene\b", text):
            found.append(n)
    if re.search(r"\b(?:last|final) scene\b", text):
        found.append(count)
    return list(dict.fromkeys(found))


def named_in(clause: str, bible: StoryBible, script: Script, last: list[str] | None = None) -> Named:
    """What `clause` names in this film. `last`: the characters the conversation was just about
    (a pronoun refers to them)."""
    named = Named()
    kinds = render.kind_words()
    by_kind: dict[str, list[str]] = {}  # kind word said ("the dog") -> the characters of that kind
    for name, entry in bible.characters.items():
        kind = kinds.get(entry.kind.lower(), entry.kind.lower())
        for w in {entry.kind.lower(), kind} | {w for w, k in kinds.items() if k == kind}:
            if re.search(rf"\b(?:the|his|her|their) {re.escape(w)}\b", clause, re.I):
                by_kind.setdefault(w, []).append(name)
        parts = [p for p in name.split() if len(p) > 2] if len(name.split()) > 1 else []  # "Joe" is Grandpa Joe
        said = [m for w in [name, *parts] for m in re.finditer(rf"(?<!\w){re.escape(w)}(?!\w)", clause, re.I)]
        # a name takes no article: "the cat" speaks of a cat, even if a character is called Cat
        if any(not re.search(r"\b(?:the|a|an)\s+$", clause[:m.start()], re.I) for m in said):
            named.characters.append(name)
    # the longest name said wins ("Grandpa Joe" is not also "Grandpa"), and a whole name wins over
    # a part of another's ("Grandpa" is Grandpa, not Grandpa Joe)
    named.characters = [n for n in named.characters
                        if not any(o != n and mentions(o, n) and mentions(clause, o) for o in named.characters)
                        and (mentions(clause, n) or not any(o != n and mentions(n, o) for o in named.characters))]
    # "the dog" names a character if just one character is a dog; with two cats "the cat" is a question
    for names in by_kind.values():
        if len(names) == 1 and names[0] not in named.characters:
            named.characters.append(names[0])
        elif len(names) > 1 and not set(names) & set(named.characters):
            named.ambiguous = names
    named.objects = [o for o in script.props if mentions(clause, o) or mentions(clause, o + "s")]
    named.scenes = scene_numbers(clause, len(script.scenes))
    named.narrator = bool(re.search(r"\bnarrat(?:or|ion)\b", clause, re.I))
    named.every_scene = bool(re.search(r"\b(?:every|all|each)(?: the)? scenes?\b|\beverywhere\b|\bwhole film\b", clause, re.I))
    words = set(re.findall(r"[a-z]+", clause.lower()))
    if not named.characters and last and words & _PRONOUNS:
        named.characters, named.by_pronoun = list(last), True
    return named


def colour_words(clause: str) -> list[str]:
    """The colours a clause says ('light blue', 'green'), in order."""
    words = re.findall(r"[a-z]+", clause.lower())
    found, i = [], 0
    while i < len(words):
        pair = " ".join(words[i:i + 2])
        if i + 1 < len(words) and words[i] in ("light", "dark", "pale", "bright") and is_colour(pair):
            found.append(pair)
            i += 2
            continue
        if words[i] not in _NOT_COLOURS and is_colour(words[i]):
            found.append(words[i])
        i += 1
    return found


# Words parse_colour may take that, in a request, name something else.
_NOT_COLOURS = {"sky", "night", "dark", "light", "day", "snow", "rain", "a", "the", "it", "tan", "rose", "orange-"}


def is_colour(words: str) -> bool:
    try:
        render.parse_colour(words)
        return True
    except ValueError:
        return False


def look_from_words(clause: str) -> str:
    """The look a clause asks for, when its words say it plainly: 'blue collar' for "give Rex a
    blue collar", 'green dress' for "make Mia's dress green", 'hat' for "give Mia a hat"."""
    words = re.findall(r"[a-z-]+", clause.lower())
    items = []
    for i, w in enumerate(words):
        if w not in LOOK_WORDS - {"look", "wear", "wears", "wearing", "clothes"}:
            continue
        before = " ".join(words[max(0, i - 2):i])
        colours = colour_words(before)
        after = colour_words(" ".join(words[i + 1:i + 4])) if not colours else []  # "coat should be red"
        colour = (colours or after or [""])[-1] if (colours or after) else ""
        items.append(f"{colour} {w}".strip())
    return ", ".join(dict.fromkeys(items))


def setting_from_words(clause: str) -> dict[str, str]:
    """Place, time of day and weather a clause names ('in the kitchen', 'at night', 'snowing')."""
    text = clause.lower()
    words = re.findall(r"[a-z]+", text)
    out: dict[str, str] = {}
    times = [TIMES[w] for w in words if w in TIMES]
    weathers = [WEATHERS[w] for w in words if w in WEATHERS]
    if times:
        out["time_of_day"] = times[-1]
    if weathers:
        out["weather"] = weathers[-1]
    for place in sorted(render.known_places(), key=len, reverse=True):
        if re.search(rf"\b(?:in|at|to|into|on|by|near)(?: the| a)? {re.escape(place)}\b", text):
            out["place"] = place
            break
    return out


def style_from_words(clause: str) -> str:
    return next((s for s in render.STYLE_PRESETS if re.search(rf"\b{re.escape(s)}\b", clause, re.I)), "")


def quoted(clause: str) -> str:
    m = _QUOTED.search(clause)
    return m.group(0)[1:-1].strip() if m else ""


def speaker_of(named: Named) -> str:
    if named.narrator:
        return NARRATOR
    return named.characters[0] if len(named.characters) == 1 else ""
