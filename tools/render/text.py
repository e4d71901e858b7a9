"""Free text to the scene language: "red shirt, curly brown hair, glasses" -> a CharacterDesign.

What the text leaves out is filled deterministically from the seed and the name, so the same
character always comes out the same and different characters come out different.
"""

from __future__ import annotations

import random
import re

from animdirector.tools.render.colours import parse_colour
from animdirector.tools.render.kinds import KIND_ALIASES, KINDS, resolve_kind
from animdirector.tools.render.props import PROP_ALIASES, PROPS
from animdirector.tools.render.scene import ACCESSORIES, CharacterDesign, Prop

SKIN_TONES = ["#fde0c8", "#f6d0b1", "#eab78f", "#d69e72", "#b97a4f", "#8d5a3b", "#6b4329"]
HAIR_COLOURS = ["black", "dark brown", "brown", "chestnut", "ginger", "blonde", "auburn"]
OLD_HAIR = ["silver", "white", "light grey"]
CLOTHES = ["red", "blue", "green", "yellow", "orange", "purple", "pink", "teal", "coral", "sky blue", "mustard",
           "lilac", "mint", "navy", "tomato", "turquoise"]
BOTTOMS = ["blue", "navy", "brown", "denim", "khaki", "dark grey", "green", "purple", "black"]

_HAIR_STYLE_WORDS = {
    "curly": "curly", "curls": "curly", "afro": "curly", "frizzy": "curly", "wavy": "long", "long": "long",
    "short": "short", "ponytail": "ponytail", "pony tail": "ponytail", "pigtails": "pigtails", "bunches": "pigtails",
    "bun": "bun", "bob": "bob", "spiky": "spiky", "braids": "braids", "plaits": "braids", "braided": "braids",
    "bald": "bald", "straight": "long",
}
_TOP = ("shirt", "t-shirt", "tshirt", "top", "jumper", "sweater", "jacket", "coat", "hoodie", "blouse", "vest",
        "cardigan", "pullover", "tunic", "overalls", "raincoat", "uniform", "jersey")
_ALL_IN_ONE = ("pyjamas", "pajamas", "onesie", "overalls", "dungarees", "tracksuit", "suit", "nightgown", "nightie",
               "nightdress", "costume", "uniform")
_BOTTOM = {"shorts": "shorts", "trousers": "trousers", "pants": "trousers", "jeans": "trousers",
           "leggings": "trousers", "skirt": "skirt", "dress": "dress", "gown": "dress", "frock": "dress"}
_SHOES = ("shoes", "boots", "sneakers", "trainers", "wellies", "wellingtons", "sandals", "slippers")
ACCESSORY_WORDS = {
    "spectacles": "glasses", "specs": "glasses", "glasses": "glasses", "bow tie": "bowtie", "bowtie": "bowtie",
    "ribbon": "bow", "bow": "bow", "baseball cap": "cap", "cap": "cap", "hat": "hat", "bonnet": "hat",
    "rucksack": "backpack", "backpack": "backpack", "school bag": "backpack", "satchel": "backpack",
    "tiara": "crown", "crown": "crown", "walking stick": "cane", "cane": "cane", "beard": "beard",
    "moustache": "moustache", "mustache": "moustache", "scarf": "scarf", "collar": "collar", "necklace": "necklace",
    "apron": "apron", "headband": "headband", "hairband": "headband", "flower": "flower", "earrings": "earrings",
    "cape": "cape", "cloak": "cape", "headscarf": "headband", "tie": "bowtie",
    "pointed hat": "pointed hat", "pointy hat": "pointed hat", "wizard hat": "pointed hat",
    "wizard's hat": "pointed hat", "witch hat": "pointed hat", "witch's hat": "pointed hat",
    "tricorn": "tricorn", "tricorne": "tricorn", "pirate hat": "tricorn", "eye patch": "eyepatch",
    "eyepatch": "eyepatch", "helmet": "helmet", "chef hat": "chef hat", "chef's hat": "chef hat",
    "toque": "chef hat", "fire helmet": "fire helmet", "firefighter's helmet": "fire helmet",
    "police cap": "police cap", "police hat": "police cap", "captain's hat": "captain hat",
    "captain hat": "captain hat", "sailor hat": "captain hat", "sailor's hat": "captain hat",
    "straw hat": "straw hat", "nurse cap": "nurse cap", "nurse's cap": "nurse cap", "stethoscope": "stethoscope",
    "fairy wings": "wings",
}
# what is worn on the head: one at a time, and a role's hat never replaces one the look gives
HEADWEAR = frozenset({"hat", "cap", "crown", "headband", "pointed hat", "tricorn", "helmet", "chef hat", "fire helmet",
                      "police cap", "captain hat", "straw hat", "nurse cap"})

# A person known by their role ("the king", "a wizard named Zed", "Hook the pirate") wears what names
# the role at scene size; the look the story or the user gives wins over each part of it (see _dress).
ROLE_LOOKS: dict[str, dict] = {
    "king": {"acc": ["crown", "cape"], "accessory_colour": "#b3202a"},
    "queen": {"acc": ["crown", "cape"], "accessory_colour": "#7b3fa8", "bottom_style": "dress"},
    "prince": {"acc": ["crown"], "accessory_colour": "#2a56b8"},
    "princess": {"acc": ["crown"], "bottom_style": "dress", "top_colour": "pink"},
    "wizard": {"acc": ["pointed hat", "beard"], "accessory_colour": "#3d4db7", "top_colour": "#3d4db7",
               "bottom_style": "dress"},
    "witch": {"acc": ["pointed hat", "cape"], "accessory_colour": "#2a2330", "top_colour": "#5b2d7a",
              "bottom_style": "dress"},
    "pirate": {"acc": ["tricorn", "eyepatch"], "top_colour": "#c62828", "bottom_colour": "#2b2b2b"},
    "knight": {"acc": ["helmet"], "top_colour": "#b8c0cc", "bottom_colour": "#8a93a0", "shoes_colour": "#6c7480"},
    "chef": {"acc": ["chef hat", "scarf"], "accessory_colour": "#d62f2f", "top_colour": "white"},
    "doctor": {"acc": ["stethoscope"], "top_colour": "white"},
    "nurse": {"acc": ["nurse cap"], "top_colour": "white"},
    "firefighter": {"acc": ["fire helmet"], "top_colour": "#e0a526", "bottom_colour": "#3a3a3a"},
    "police": {"acc": ["police cap"], "top_colour": "#27407f", "bottom_colour": "#1c2540"},
    "farmer": {"acc": ["straw hat"], "top_colour": "#c0392b", "bottom_colour": "denim"},
    "sailor": {"acc": ["captain hat"], "top_colour": "white", "bottom_colour": "navy"},
    "captain": {"acc": ["captain hat"], "top_colour": "navy", "bottom_colour": "navy"},
    "fairy": {"acc": ["wings"], "accessory_colour": "#b57be0", "top_colour": "#f59ac4", "bottom_style": "dress"},
}
for _same, _role in (("cook", "chef"), ("baker", "chef"), ("fireman", "firefighter"), ("policeman", "police"),
                     ("policewoman", "police"), ("police officer", "police"), ("officer", "police"), ("cop", "police"),
                     ("sorcerer", "wizard"), ("sorceress", "witch")):
    ROLE_LOOKS[_same] = ROLE_LOOKS[_role]
_SIZE = {"tall": 1.12, "big": 1.1, "large": 1.12, "huge": 1.25, "giant": 1.3, "small": 0.9, "little": 0.9,
         "tiny": 0.78, "short": 0.92, "chubby": 1.0}


# words that parse_colour forgives but that never start or end a colour here; "|" ends a clause
_NOT_COLOUR = {"a", "an", "the", "with", "and", "of", "very", "skin", "|", "colour", "color", "shade"}
FACIAL_HAIR = ("beard", "moustache")  # grown on the face: its colour is no accessory colour


def _colour_before(words: list[str], i: int) -> str | None:
    """The longest colour phrase ending just before words[i] ("light blue", "blue")."""
    for n in (3, 2, 1):
        if i - n < 0:
            continue
        if any(w in _NOT_COLOUR for w in words[i - n:i]):
            continue
        phrase = " ".join(words[i - n:i])
        try:
            parse_colour(phrase)
            return phrase
        except ValueError:
            continue
    return None


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z#0-9]+(?:-[a-z]+)?", text.lower())


def _covers(word: str, plan: str) -> bool:
    """Whether a body of this plan has that covering: a squirrel's "white feathers" are no coat of
    its (a model's look gave a brown squirrel white feathers, and it was drawn white)."""
    if word in ("feathers", "feathered"):
        return plan == "bird"
    if word in ("fur", "furred", "wool"):
        return plan not in ("bird", "fish")
    if word == "scales":
        return plan in ("fish", "bird")  # fish, and the dragon drawn on the bird plan
    return True


def design_from_text(name: str, kind: str, look: str, seed: int = 0) -> CharacterDesign:
    """A CharacterDesign from free text; unknown kinds keep their word (drawn as the nearest plan, noted)."""
    canonical, note = resolve_kind(kind)
    kind_word = canonical if canonical != "animal" else kind.strip().lower()
    spec = KINDS[canonical]
    rng = random.Random(f"{name.strip().lower()}|{canonical}|{seed}")
    person = spec.plan == "person"
    age = spec.params.get("age", "")
    female = canonical in ("girl", "woman", "old woman")
    # defaults from the seed and name
    skin_i = rng.randrange(len(SKIN_TONES))
    hair_pool = OLD_HAIR if age == "old" else (HAIR_COLOURS if skin_i < 4 else ["black", "black", "dark brown"])
    d: dict = {
        "name": name, "kind": kind_word,
        "skin_colour": SKIN_TONES[skin_i],
        "hair_colour": rng.choice(hair_pool),
        "top_colour": rng.choice(CLOTHES),
        "bottom_colour": rng.choice(BOTTOMS),
        "shoes_colour": rng.choice(["brown", "black", "red", "white", "navy"]),
        "eye_colour": rng.choice(["dark brown", "dark brown", "#3b2a20", "#2a3b5a", "#2e4a2e"]),
        "fur_colour": spec.fur, "accent_colour": spec.accent,
        "accessory_colour": rng.choice(["gold", "red", "pink", "sky blue", "yellow", "purple"]),
        "accessories": [],
    }
    if female:
        d["hair_style"] = rng.choice(["long", "pigtails", "ponytail", "bob", "braids", "curly"] if age != "old"
                                     else ["bun", "bob", "curly"])
        # a skirt or a dress unless the look says otherwise: with trousers by default, graders read girls as boys
        d["bottom_style"] = rng.choice(["skirt", "dress"] if age != "old" else ["dress", "skirt"])
    elif canonical == "baby":
        d["hair_style"] = "short"
        d["bottom_style"] = "trousers"
    else:
        d["hair_style"] = rng.choice(["short", "curly", "spiky", "short"] if age != "old" else ["bald", "short"])
        d["bottom_style"] = rng.choice(["shorts", "trousers"] if age == "child" else ["trousers"])
    if not person:
        # animals keep their species colours unless told; their eyes are dark and shiny
        d["hair_style"] = "short"
        d["eye_colour"] = "#2a2420"
    low = look.lower()
    # clauses ("red shirt, blue shorts and a cap") never share a colour: "|" separates them
    words = []
    for clause in re.split(r"[,;.]|\band\b|\bwith\b|\bwearing\b|\bwears\b|\bhas\b|\bin\b", low):
        words += _tokens(clause) + ["|"]
    joined = " ".join(w for w in words if w != "|")
    # hair
    for i, w in enumerate(words):
        if w in ("hair", "haired"):
            col = _colour_before(words, i)
            if col:
                d["hair_colour"] = col
            for j in range(max(0, i - 4), i):
                if words[j] in _HAIR_STYLE_WORDS:
                    d["hair_style"] = _HAIR_STYLE_WORDS[words[j]]
        if w in ("ponytail", "pigtails", "bunches", "bun", "bob", "braids", "plaits", "afro", "bald", "curls"):
            d["hair_style"] = _HAIR_STYLE_WORDS[w]
            col = _colour_before(words, i)
            if col and w != "bald":
                d["hair_colour"] = col
        if w in ("blonde", "blond", "redhead", "brunette") and (i + 1 >= len(words) or words[i + 1] != "hair"):
            d["hair_colour"] = {"redhead": "ginger", "brunette": "dark brown"}.get(w, "blonde")
    if "pony tail" in joined:
        d["hair_style"] = "ponytail"
    # clothes
    for i, w in enumerate(words):
        if w in _TOP or w.rstrip("s") in _TOP:
            col = _colour_before(words, i)
            if col:
                d["top_colour"] = col
        if w in _ALL_IN_ONE:  # pyjamas, onesies, overalls: one colour top and bottom
            col = _colour_before(words, i)
            if col:
                d["top_colour"] = d["bottom_colour"] = col
            if w in ("nightgown", "nightie", "nightdress"):
                d["bottom_style"] = "dress"
            elif d["bottom_style"] in ("skirt", "dress") or w in ("pyjamas", "pajamas", "onesie"):
                d["bottom_style"] = "trousers"
        if w in _BOTTOM:
            d["bottom_style"] = _BOTTOM[w]
            col = _colour_before(words, i)
            if w == "jeans" and not col:
                col = "denim"
            if col:
                d["bottom_colour"] = col
                if w in ("dress", "gown", "frock"):
                    d["top_colour"] = col
        if w in _SHOES:
            col = _colour_before(words, i)
            if col:
                d["shoes_colour"] = col
        if w in ("skin", "skinned", "complexion"):
            tone = {"dark": "#6b4329", "brown": "#b97a4f", "black": "#5a3a26", "light": "#fde0c8", "pale": "#fde8d8",
                    "fair": "#fde0c8", "olive": "#d6a877", "tan": "#d69e72", "tanned": "#d69e72", "medium": "#d69e72",
                    "freckled": "#f6d0b1", "pink": "#f9d2c4", "deep": "#5a3a26", "golden": "#e0ac7a"}
            if i > 0 and words[i - 1] in tone:
                d["skin_colour"] = tone[words[i - 1]]
                continue
            col = _colour_before(words, i)
            if col:
                d["skin_colour"] = {"brown": "#b97a4f", "dark": "#6b4329", "light": "#fde0c8", "pale": "#fde8d8",
                                    "fair": "#fde0c8", "olive": "#d6a877", "tan": "#d69e72"}.get(col, col)
                if col.startswith("dark") and col != "dark":
                    d["skin_colour"] = "#6b4329"
        if w in ("eyes", "eyed"):
            col = _colour_before(words, i)
            if col:
                d["eye_colour"] = {"blue": "#2f5fa8", "green": "#3c8a4a", "brown": "#5a3a22"}.get(col, col)
        if w in ("fur", "furred", "coat", "feathers", "feathered", "scales", "body", "wool", "skin") and not person:
            col = _colour_before(words, i)
            if col and _covers(w, spec.plan):
                d["fur_colour"] = col
        if w in ("belly", "tummy", "paws", "spots", "patches", "muzzle", "chest", "tail", "stripes", "markings",
                 "beak", "bill", "ears") and not person:
            col = _colour_before(words, i)
            if col:
                d["accent_colour"] = col
    # accessories (two-word ones first)
    acc: list[str] = []
    unclaimed = joined
    for phrase, item in sorted(ACCESSORY_WORDS.items(), key=lambda kv: -len(kv[0])):
        m = re.search(rf"\b{re.escape(phrase)}s?\b", unclaimed)
        if m:  # a longer phrase claims its words ("straw hat" is not a plain "hat" as well)
            unclaimed = unclaimed[:m.start()] + "#" * (m.end() - m.start()) + unclaimed[m.end():]
        if m and item not in acc and item in ACCESSORIES:
            if phrase in ("flower",) and "flower" not in joined.split("hair")[0] + "hair":
                pass
            acc.append(item)
            before = joined[:m.start()].split()
            col = _colour_before(before + ["x"], len(before))
            if col and item not in FACIAL_HAIR:
                d["accessory_colour"] = col
    for face_hair in ("beard", "moustache", "mustache"):
        m = re.search(rf"\b{face_hair}\b", joined)
        if m:
            before = joined[:m.start()].split()
            col = _colour_before(before + ["x"], len(before))
            if col:
                d["hair_colour"] = col
    if "cap" in acc and "hat" in acc:
        acc.remove("hat")
    d["accessories"] = acc[:6]
    # bare colour for animals: "a small brown dog", "golden"
    if not person:
        told = any(w in words for w in ("fur", "furred", "coat", "feathers", "feathered", "scales", "body", "wool"))
        kind_words = {kind.strip().lower(), canonical} | {a for a, k in KIND_ALIASES.items() if k == canonical}
        parts = {"belly", "tummy", "paws", "paw", "spots", "collar", "hat", "bow", "scarf", "eyes", "beak", "tail",
                 "muzzle", "patches", "stripes", "chest", "markings", "bill", "ears", "ear", "nose", "feet", "wings",
                 "mane", "cap", "crown", "cape", "tie", "bowtie", "necklace", "ribbon", "spot", "socks", "face"}
        if not told:
            bare = [i for i in range(1, len(words) + 1) if _colour_before(words, i)]
            named = [i for i in bare if i < len(words) and words[i] in kind_words]
            free = [i for i in bare if i >= len(words) or words[i] not in parts]
            pick = named[0] if named else free[0] if free else None
            if pick is not None:
                d["fur_colour"] = _colour_before(words, pick)
    for w, f in _SIZE.items():
        if re.search(rf"\b{w}\b", joined) and not re.search(rf"\b{w} (hair|sleeves|skirt|shorts)", joined):
            d["height_scale"] = f
            break
    if canonical == "old man" and "beard" not in acc and rng.random() < 0.3 and not look.strip():
        d["accessories"] = ["glasses"]
    role = " ".join(kind.strip().lower().replace("_", " ").replace("-", " ").split())
    if person and role in ROLE_LOOKS:
        _dress(d, ROLE_LOOKS[role], words)
    return CharacterDesign(**d)


def _dress(d: dict, role: dict, words: list[str]) -> None:
    """Put on a role's costume, part by part, where the look says nothing of that part: a hat only on a
    bare head, a coat colour only if no top's colour was given (a user's locked look is never overridden)."""
    said = set(words)
    tops = set(_TOP) | set(_ALL_IN_ONE) | {"dress", "gown", "frock"}
    told_top = any((w in tops or w.rstrip("s") in tops) and _colour_before(words, i) for i, w in enumerate(words))
    told_bottom = bool(said & (set(_BOTTOM) | set(_ALL_IN_ONE)))
    acc = list(d["accessories"])
    for item in role.get("acc", []):
        if item in acc or (item in HEADWEAR and HEADWEAR & set(acc)):
            continue
        acc.append(item)
    d["accessories"] = acc[:6]
    if "accessory_colour" in role and not any(_colour_before(words, i) for i, w in enumerate(words)
                                              if w in ACCESSORY_WORDS or w.rstrip("s") in ACCESSORY_WORDS):
        d["accessory_colour"] = role["accessory_colour"]
    if "top_colour" in role and not told_top:
        d["top_colour"] = role["top_colour"]
    if "bottom_colour" in role and not told_bottom:
        d["bottom_colour"] = role["bottom_colour"]
    if "shoes_colour" in role and not said & set(_SHOES):
        d["shoes_colour"] = role["shoes_colour"]
    if "bottom_style" in role and not told_bottom:
        d["bottom_style"] = role["bottom_style"]


_SIZE_WORDS = {"big": "large", "large": "large", "huge": "large", "giant": "large", "enormous": "large",
               "great": "large", "small": "small", "little": "small", "tiny": "small", "mini": "small",
               "medium": "medium", "wee": "small"}
_SHAPE_WORDS = {"round": "round", "circular": "round", "spherical": "round", "square": "square", "cube": "square",
                "boxy": "square", "rectangular": "square", "long": "long", "thin": "long", "tall": "tall",
                "flat": "flat", "star": "star", "starry": "star", "star-shaped": "star", "heart": "heart",
                "heart-shaped": "heart", "triangle": "triangle", "triangular": "triangle", "oval": "oval",
                "pointy": "pointy", "shiny": "", "sparkly": "", "old": "", "new": "", "magic": "", "special": ""}
_ARTICLES = {"a", "an", "the", "some", "one", "his", "her", "their", "my", "its", "of", "with", "and"}


def prop_from_text(text: str) -> Prop:
    """"a big red round ball" -> Prop(noun="ball", colour="red", shape="round", size="large")."""
    words = _tokens(text)
    if not words:
        raise ValueError(f"prop text {text!r} names nothing")
    joined = " ".join(words)
    size, shape = "medium", ""
    noun = ""
    # a library noun anywhere wins, longest first ("teddy bear" before "bear")
    for candidate in sorted(list(PROPS) + list(PROP_ALIASES), key=lambda s: -len(s)):
        if re.search(rf"\b{re.escape(candidate)}s?\b", joined):
            noun = candidate
            break
    rest: list[str] = []
    colour = ""
    i = 0
    while i < len(words):
        w = words[i]
        if w in _SIZE_WORDS:
            size = _SIZE_WORDS[w]
        elif w in _SHAPE_WORDS:
            shape = _SHAPE_WORDS[w] or shape
        elif w not in _ARTICLES:
            rest.append(w)
        i += 1
    # colour: the longest colour phrase among the remaining words
    for n in (3, 2, 1):
        for j in range(len(rest) - n + 1):
            phrase = " ".join(rest[j:j + n])
            if noun and phrase in noun.split():
                continue
            try:
                parse_colour(phrase)
            except ValueError:
                continue
            colour = phrase
            rest = rest[:j] + rest[j + n:]
            break
        if colour:
            break
    if not noun:
        noun = " ".join(rest[-2:]) if len(rest) >= 2 and rest[-2] in ("toy", "teddy", "sand") else (rest[-1] if rest else words[-1])
    if noun.endswith("s") and noun[:-1] in PROPS:
        noun = noun[:-1]
    return Prop(noun=noun, colour=colour, shape=shape, size=size)  # type: ignore[arg-type]
