"""The character library: which kinds exist, their body plan, size, and default colours.

Sizes are in world units where a grown man is 1.0 tall. Picture books draw small animals larger
than life so their faces read, and so do we.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class KindSpec:
    plan: str  # person | upright | quadruped | bird | fish
    height: float  # world units (man = 1.0)
    fur: str = "brown"
    accent: str = "cream"
    ears: str = "round"  # pointy, fox, squirrel, floppy, round, long, horns, small, none
    tail: str = "short"  # thin, upright, bushy, brush, plume, short, curly, stub, horse, tuft, none
    snout: float = 0.5  # relative snout length
    marks: str = ""  # stripes, patches, mane, wool, belly, tip
    params: dict = field(default_factory=dict)


PEOPLE = ("boy", "girl", "man", "woman", "old man", "old woman", "baby")

KINDS: dict[str, KindSpec] = {
    "boy": KindSpec("person", 0.70, params={"age": "child"}),
    "girl": KindSpec("person", 0.68, params={"age": "child", "female": True}),
    "man": KindSpec("person", 1.0, params={"age": "adult"}),
    "woman": KindSpec("person", 0.95, params={"age": "adult", "female": True}),
    "old man": KindSpec("person", 0.93, params={"age": "old"}),
    "old woman": KindSpec("person", 0.88, params={"age": "old", "female": True}),
    "baby": KindSpec("person", 0.40, params={"age": "baby"}),
    # four-legged
    "dog": KindSpec("quadruped", 0.42, "light brown", "cream", ears="floppy", tail="short", snout=0.6),
    # a grey tabby with its thin tail held up, so it is never taken for the fox (orange, white-tipped brush)
    "cat": KindSpec("quadruped", 0.34, "grey", "light grey", ears="pointy", tail="upright", snout=0.25,
                    marks="stripes-light"),
    "fox": KindSpec("quadruped", 0.38, "#e8702a", "white", ears="fox", tail="brush", snout=0.8, marks="tip",
                    params={"socks": True}),
    "lion": KindSpec("quadruped", 0.62, "golden", "cream", ears="round", tail="tuft", snout=0.45, marks="mane"),
    # a lioness, and a lion's cub: no mane (a mother licking her cub was drawn as a maned male)
    "lioness": KindSpec("quadruped", 0.56, "golden", "cream", ears="round", tail="tuft", snout=0.45, marks="belly"),
    "tiger": KindSpec("quadruped", 0.62, "orange", "white", ears="round", tail="thin", snout=0.45, marks="stripes"),
    "pig": KindSpec("quadruped", 0.42, "pink", "light pink", ears="pig", tail="curly", snout=0.3, marks="pig"),
    "horse": KindSpec("quadruped", 1.05, "brown", "dark brown", ears="small", tail="horse", snout=0.9, marks="horse",
                      params={"long_legs": True, "neck": True}),
    "cow": KindSpec("quadruped", 0.92, "white", "pink", ears="horns", tail="tuft", snout=0.6, marks="patches",
                    params={"neck": True}),
    "sheep": KindSpec("quadruped", 0.52, "white", "dark grey", ears="floppy", tail="stub", snout=0.35, marks="wool"),
    "elephant": KindSpec("quadruped", 1.15, "grey", "light grey", ears="elephant", tail="thin", snout=0.2,
                         marks="trunk", params={"long_legs": False}),
    "deer": KindSpec("quadruped", 0.9, "brown", "cream", ears="pointy", tail="stub", snout=0.7, marks="spots",
                     params={"long_legs": True, "neck": True, "antlers": True}),
    # sits up on its haunches under a plume of a tail taller than itself: what says squirrel at 40 px
    "squirrel": KindSpec("quadruped", 0.3, "rust", "cream", ears="squirrel", tail="plume", snout=0.3, marks="belly",
                         params={"squirrel": True}),
    "wolf": KindSpec("quadruped", 0.5, "grey", "light grey", ears="pointy", tail="bushy", snout=0.8, marks="belly"),
    # a barrel of a body on short legs, a wide muzzle
    "hippo": KindSpec("quadruped", 0.85, "#9b8aa8", "#e9b7c0", ears="round", tail="short", snout=0.5, marks="hippo",
                      params={"leg_h": 0.16, "body": (0.5, 0.28), "head_r": 0.27}),
    # a neck as long as its legs, blotches, and the two knobbed horns: a giraffe drawn as a horse was a horse
    "giraffe": KindSpec("quadruped", 0.95, "#f0bd4f", "#f6e2b4", ears="ossicones", tail="tuft", snout=0.6,
                        marks="giraffe", params={"long_legs": True, "neck": True, "long_muzzle": True,
                                                 "neck_len": 0.5, "leg_h": 0.44, "body": (0.34, 0.16)}),
    # the hump on its back is what a child looks for
    "camel": KindSpec("quadruped", 1.0, "#d6a466", "#eed6ae", ears="small", tail="tuft", snout=0.7, marks="hump",
                      params={"long_legs": True, "neck": True, "long_muzzle": True, "neck_len": 0.08}),
    # horns, a beard and a smooth coat: a goat drawn as a woolly sheep was a sheep
    "goat": KindSpec("quadruped", 0.48, "#c29a6b", "#f3ead8", ears="goat", tail="short", snout=0.6, marks="beard",
                     params={"long_legs": True, "neck": True, "long_muzzle": True, "body": (0.4, 0.18)}),
    # a dome of spines over a small pointed face
    "hedgehog": KindSpec("quadruped", 0.35, "#d8b48a", "#f1dcc0", ears="round", tail="none", snout=0.8,
                         marks="spines", params={"draw": "hedgehog"}),
    # long and low on short legs, a thick tapering tail, whiskers on a pale face
    "otter": KindSpec("quadruped", 0.38, "#7a5034", "#ead3ae", ears="round", tail="otter", snout=0.4, marks="belly",
                      params={"leg_h": 0.11, "body": (0.5, 0.15), "head_r": 0.2, "whiskers": True}),
    # black and white stripes from ears to hooves; black muzzle and mane
    "zebra": KindSpec("quadruped", 0.95, "white", "#2b2b2b", ears="small", tail="horse", snout=0.9, marks="horse",
                      params={"long_legs": True, "neck": True, "zebra": True}),
    # grey, long ears with dark tips, a pale muzzle and belly: a donkey drawn as a brown horse was a horse
    "donkey": KindSpec("quadruped", 0.72, "#9d958c", "#5b524b", ears="donkey", tail="tuft", snout=0.9, marks="horse",
                       params={"long_legs": True, "neck": True, "pale_muzzle": True}),
    # a black mask over the eyes and a ringed tail
    "raccoon": KindSpec("quadruped", 0.36, "#8f8b86", "#e9e5de", ears="pointy", tail="ringed", snout=0.45,
                        marks="mask", params={"whiskers": True}),
    # a white horse with a golden horn on its brow and a pastel mane: a plain horse was no unicorn
    "unicorn": KindSpec("quadruped", 1.0, "white", "#d98be8", ears="small", tail="horse", snout=0.9, marks="horse",
                        params={"long_legs": True, "neck": True, "horn": True}),
    # the friendly long-necked one of picture books: a small head high up, a long tail to the ground
    "dinosaur": KindSpec("quadruped", 0.9, "#7cb342", "#d7e8a0", ears="none", tail="dino", snout=0.35,
                         marks="belly", params={"neck": True, "neck_len": 0.3, "leg_h": 0.3, "body": (0.46, 0.25),
                                                "head_r": 0.16, "thick_neck": True}),
    "animal": KindSpec("quadruped", 0.45, "tan", "cream", ears="round", tail="short", snout=0.5),
    # standing on two legs, storybook style
    "bear": KindSpec("upright", 0.85, "brown", "tan", ears="round", snout=0.5),
    "monkey": KindSpec("upright", 0.5, "brown", "peach", ears="monkey", tail="thin", snout=0.35),
    "rabbit": KindSpec("upright", 0.4, "light grey", "white", ears="long", tail="stub", snout=0.25),
    "mouse": KindSpec("upright", 0.26, "grey", "pink", ears="mouse", tail="thin", snout=0.3),
    "frog": KindSpec("upright", 0.26, "green", "light green", ears="none", snout=0.0, params={"frog": True}),
    # hops on long hind feet, leans on a thick tail, a pouch on the belly
    "kangaroo": KindSpec("upright", 0.75, "#c08552", "#ecd2b0", ears="pointy", tail="kangaroo", snout=0.55,
                         params={"big_feet": True, "pouch": True}),
    # grey, big fluffy round ears and a big dark nose
    "koala": KindSpec("upright", 0.42, "#9a9a9e", "#e8e6e2", ears="koala", snout=0.0, marks="koala"),
    # dark velvet, a pink nose, tiny eyes and big pink digging hands
    "mole": KindSpec("upright", 0.34, "#4e4446", "#f0a3ae", ears="none", tail="thin", snout=0.45,
                     params={"paws": True, "eye_scale": 0.6}),
    # big front teeth and a flat scaly tail behind
    "beaver": KindSpec("upright", 0.4, "#8a5a30", "#d9b68c", ears="round", tail="paddle", snout=0.35,
                       params={"teeth": True}),
    # a box body and a box head with an antenna, metal grey with round lamp eyes
    "robot": KindSpec("upright", 0.8, "#aab4c0", "#5ec8e8", ears="none", snout=0.0, params={"robot": True}),
    # friendly: shaggy, bright, two little horns, big eyes and a toothy smile
    "monster": KindSpec("upright", 0.8, "#8a63d2", "#c9b3f0", ears="monster", snout=0.0,
                        params={"shaggy": True, "eye_scale": 1.5, "fangs": True}),
    # a floating sheet with two dark eyes and a wavy hem; it has little arms to hold a lantern
    "ghost": KindSpec("upright", 0.7, "white", "#dde4f2", ears="none", snout=0.0, params={"draw": "ghost"}),
    "penguin": KindSpec("bird", 0.42, "black", "white", params={"shape": "penguin"}),
    # birds and fish
    # insects are drawn on the bird plan: they have wings and fly by the same rule as birds
    "bee": KindSpec("bird", 0.24, "#f7c531", "black", params={"shape": "bee"}),
    "butterfly": KindSpec("bird", 0.26, "#f28c28", "#ffe07a", params={"shape": "butterfly"}),
    "bird": KindSpec("bird", 0.22, "sky blue", "yellow", params={"shape": "songbird"}),
    # four legs, bat wings, spikes down its back: on the bird plan, so it flies by the birds' rule
    "dragon": KindSpec("bird", 0.95, "#3fa34d", "#f3d36b", ears="dragon", tail="dragon", snout=0.6, marks="belly",
                       params={"shape": "dragon", "draw": "dragon", "leg_h": 0.2, "body": (0.42, 0.22),
                               "head_r": 0.2, "long_muzzle": True}),
    # white with grey wings, black wing tips and a yellow beak: a gull, not a blue songbird
    "seagull": KindSpec("bird", 0.3, "white", "#a9b0ba", params={"shape": "gull"}),
    "duck": KindSpec("bird", 0.3, "yellow", "orange", params={"shape": "duck"}),
    "chicken": KindSpec("bird", 0.32, "white", "red", params={"shape": "chicken"}),
    "owl": KindSpec("bird", 0.32, "brown", "cream", params={"shape": "owl"}),
    # fish and turtles fill a third of their box: at 0.2 they were specks beside a girl
    "fish": KindSpec("fish", 0.32, "orange", "yellow"),
    "turtle": KindSpec("fish", 0.55, "green", "olive", params={"turtle": True}),
    # drawn facing us with its claws up, whichever way it walks: that is how a crab is drawn in a book
    "crab": KindSpec("quadruped", 0.27, "#e0533a", "#f7c9a8", ears="none", tail="none", snout=0.0,
                     params={"draw": "crab"}),
    # a spiral shell on a soft foot, eyes on stalks
    "snail": KindSpec("quadruped", 0.3, "#a9b58a", "#d98c4a", ears="none", tail="none", snout=0.0,
                      params={"draw": "snail"}),
    # long S-curves on the ground, head up, a forked tongue
    "snake": KindSpec("quadruped", 0.4, "#5fae4e", "#e8d25a", ears="none", tail="none", snout=0.0,
                      params={"draw": "snake"}),
    # sleek, on its belly, front flippers and tail flippers, whiskers
    "seal": KindSpec("quadruped", 0.62, "#8e98a3", "#c9d0d6", ears="none", tail="none", snout=0.3,
                     params={"draw": "seal", "whiskers": True}),
}

# Words people write for a kind -> our kind. A kind not here and not in KINDS is drawn as the
# nearest body plan (see `resolve_kind`) and the substitution is noted.
KIND_ALIASES: dict[str, str] = {
    "puppy": "dog", "doggy": "dog", "doggie": "dog", "hound": "dog", "pup": "dog", "kitten": "cat", "kitty": "cat",
    "bunny": "rabbit", "hare": "rabbit", "piglet": "pig", "hog": "pig", "lamb": "sheep", "ram": "sheep",
    "pony": "horse", "foal": "horse", "calf": "cow",
    "bull": "cow", "ox": "cow", "duckling": "duck", "goose": "duck", "swan": "duck",
    "hen": "chicken", "rooster": "chicken", "chick": "chicken", "parrot": "bird", "robin": "bird",
    "sparrow": "bird", "crow": "bird", "bluebird": "bird", "eagle": "bird", "pigeon": "bird", "birdie": "bird",
    "toad": "frog", "teddy": "bear", "teddy bear": "bear", "panda": "bear", "cub": "bear", "ape": "monkey",
    "chimp": "monkey", "gorilla": "monkey", "rat": "mouse", "hamster": "mouse", "kitty cat": "cat",
    "lion cub": "lioness", "leopard": "tiger", "cheetah": "tiger", "jaguar": "tiger", "fawn": "deer",
    "reindeer": "deer", "moose": "deer", "goldfish": "fish", "shark": "fish", "whale": "fish", "dolphin": "fish",
    "tortoise": "turtle", "chipmunk": "squirrel", "coyote": "wolf", "husky": "dog",
    # birds whose names mean something else by meaning or by their parts ("kingfisher" was drawn as a fish)
    # (not those that are also names or other words: Wren, Jay, a crane, to swallow)
    **dict.fromkeys(("kingfisher", "heron", "stork", "magpie", "finch", "thrush", "blackbird", "starling",
                     "woodpecker", "hummingbird", "nightingale", "pelican", "puffin", "flamingo"), "bird"),
    # small fliers and crawlers by their look, not their name's meaning ("dragonfly" was a dragon, "ant" an elephant)
    **dict.fromkeys(("dragonfly", "moth", "firefly"), "butterfly"),
    **dict.fromkeys(("ladybug", "ladybird", "beetle", "ant", "bumblebee"), "bee"),
    # breeds and working dogs: a "sheepdog" is nearest a sheep in meaning, and was drawn as one
    **dict.fromkeys(("sheepdog", "sheep dog", "bulldog", "poodle", "terrier", "collie", "spaniel", "beagle", "labrador",
                     "dachshund", "sausage dog", "retriever", "dalmatian", "pug", "corgi"), "dog"),
    # people
    "grandma": "old woman", "granny": "old woman", "grandmother": "old woman", "nana": "old woman",
    "gran": "old woman", "grandpa": "old man", "grandfather": "old man", "granddad": "old man",
    "grandad": "old man", "old lady": "old woman", "elderly woman": "old woman", "elderly man": "old man",
    "mom": "woman", "mum": "woman", "mother": "woman", "mommy": "woman", "mummy": "woman", "lady": "woman",
    "aunt": "woman", "teacher": "woman", "queen": "woman", "witch": "old woman", "princess": "girl",
    "dad": "man", "father": "man", "daddy": "man", "uncle": "man", "king": "man", "farmer": "man",
    "gentleman": "man", "wizard": "old man", "prince": "boy", "son": "boy", "brother": "boy", "lad": "boy",
    "daughter": "girl", "sister": "girl", "lass": "girl", "toddler": "baby", "infant": "baby",
    "kid": "boy", "child": "boy", "person": "man", "human": "man", "adult": "man", "student": "boy",
    "pupil": "boy", "friend": "boy", "baker": "man", "doctor": "woman", "nurse": "woman", "police": "man",
    "policeman": "man", "fireman": "man", "firefighter": "man", "pirate": "man", "knight": "man",
    "fairy": "girl", "elf": "boy", "giant": "man", "musician": "man", "painter": "man", "barber": "man",
    "mule": "donkey", "burro": "donkey", "billy goat": "goat", "nanny goat": "goat", "billygoat": "goat",
    "dromedary": "camel", "hedgie": "hedgehog", "porcupine": "hedgehog", "sea otter": "otter", "river otter": "otter",
    "bumblebee": "bee", "honeybee": "bee", "bumble bee": "bee", "honey bee": "bee", "moth": "butterfly",
    "hippopotamus": "hippo", "wallaby": "kangaroo", "koala bear": "koala", "slug": "snail", "serpent": "snake", "python": "snake", "cobra": "snake",
    "hermit crab": "crab", "sea lion": "seal", "walrus": "seal", "seal pup": "seal", "racoon": "raccoon",
    # named by the 50 bench stories, and birds and people like them (story kinds, not drawings)
    "gull": "seagull", "hawk": "bird", "finch": "bird", "stork": "bird", "jay": "bird",
    "hummingbird": "bird", "woodpecker": "bird", "flamingo": "bird", "canary": "bird", "owlet": "owl",
    "librarian": "woman", "cook": "woman", "chef": "man", "mailman": "man", "postman": "man", "driver": "man",
    "shopkeeper": "man", "grandson": "boy", "granddaughter": "girl", "parent": "woman", "neighbour": "woman",
    "neighbor": "woman", "coach": "man", "captain": "man", "sailor": "man", "mayor": "man",
    # fantasy beings and their other names; a t-rex or a triceratops is drawn as the long-necked one (noted)
    "dino": "dinosaur", "brontosaurus": "dinosaur", "diplodocus": "dinosaur", "apatosaurus": "dinosaur",
    "t-rex": "dinosaur", "t rex": "dinosaur", "trex": "dinosaur", "tyrannosaurus": "dinosaur",
    "tyrannosaurus rex": "dinosaur", "triceratops": "dinosaur", "stegosaurus": "dinosaur",
    "dragonling": "dragon", "baby dragon": "dragon", "wyvern": "dragon",
    "robo": "robot", "android": "robot", "yeti": "monster", "spook": "ghost", "phantom": "ghost",
    "sorceress": "old woman", "sorcerer": "old man", "magician": "man",
    "policewoman": "woman", "police officer": "man", "officer": "man", "cop": "man",
}

# Crude body plan guesses for animals we do not draw, by what people usually say about them.
_PLAN_HINTS = {
    "bird": ("wing", "beak", "feather", "fly", "hawk", "owl", "jay", "finch", "gull", "stork", "bat"),
    "fish": ("fin", "sea", "ocean", "fish", "eel", "octopus", "shell"),
    "upright": ("bug", "beetle", "ant", "spider", "worm", "gnome", "goblin", "troll", "robot", "alien",
                "monster", "ghost", "snowman", "doll", "puppet", "meerkat"),
}


def known_kinds() -> list[str]:
    """Every kind the renderer draws directly (people first), excluding the generic 'animal'."""
    return [k for k in KINDS if k != "animal"]


def kind_words() -> dict[str, str]:
    """Every word the renderer takes for a kind ("puppy", "grandma", "dog") -> the kind it draws."""
    return {**KIND_ALIASES, **{k: k for k in known_kinds()}}


def resolve_kind(kind: str) -> tuple[str, str | None]:
    """Our kind for a word, and a substitution note if it is not drawn as itself."""
    word = " ".join(kind.strip().lower().replace("_", " ").replace("-", " ").split())
    if word in KINDS:
        return word, None
    if word in KIND_ALIASES:
        target = KIND_ALIASES[word]
        note = None if _is_same_kind(word) else f"kind '{word}' drawn as {target}"
        return target, note
    # plurals and "little dog", "big brown bear"
    for cand in (word.rstrip("s"), word[:-2] if word.endswith("es") else word, word.split()[-1] if word else word):
        if cand in KINDS:
            return cand, None if cand == word.split()[-1] else f"kind '{word}' drawn as {cand}"
        if cand in KIND_ALIASES:
            return KIND_ALIASES[cand], f"kind '{word}' drawn as {KIND_ALIASES[cand]}"
    for plan, hints in _PLAN_HINTS.items():
        if any(h in word for h in hints):
            target = {"bird": "bird", "fish": "fish", "upright": "bear"}[plan]
            return target, f"unknown kind '{word}' drawn as the nearest body plan ({target})"
    return "animal", f"unknown kind '{word}' drawn as a generic four-legged animal"


def has_hands(kind: str) -> bool:
    """Whether a kind stands on two legs with its hands free (people, bears): it can hold things,
    sit on a chair and wave from the front."""
    return KINDS[resolve_kind(kind)[0]].plan in ("person", "upright")


def carries_in_mouth(kind: str) -> bool:
    """Whether a kind has no hands but carries small things in its mouth or beak (a dog with a
    ball, a bird with a twig): four-legged animals and birds."""
    return KINDS[resolve_kind(kind)[0]].plan in ("quadruped", "bird")


def _is_same_kind(word: str) -> bool:
    """Aliases that are just other names for what we draw (no substitution worth noting)."""
    return word in {
        "puppy", "doggy", "doggie", "pup", "kitten", "kitty", "bunny", "piglet", "lamb", "pony", "calf",
        "duckling", "hen", "rooster", "chick", "teddy", "teddy bear", "cub", "lion cub", "fawn", "goldfish",
        "tortoise", "grandma", "granny", "grandmother", "nana", "gran", "grandpa", "grandfather", "granddad",
        "grandad", "old lady", "elderly woman", "elderly man", "mom", "mum", "mother", "mommy", "mummy", "lady",
        "aunt", "teacher", "dad", "father", "daddy", "uncle", "gentleman", "son", "brother", "lad", "daughter",
        "sister", "lass", "toddler", "infant", "kid", "child", "person", "human", "adult", "student", "pupil",
        "friend", "farmer", "baker", "doctor", "nurse", "queen", "king", "prince", "princess", "birdie", "kitty cat",
        "husky", "hound", "hog", "policeman", "fireman", "firefighter", "police", "gull",
        "burro", "billy goat", "nanny goat", "billygoat", "dromedary", "hedgie", "sea otter", "river otter",
        "hermit crab", "seal pup", "racoon", "bumblebee", "honeybee", "bumble bee", "honey bee", "serpent",
        "python", "cobra", "hippopotamus", "koala bear",
        # roles: drawn as a person in the costume that names the role (see text.ROLE_LOOKS)
        "pirate", "knight", "wizard", "witch", "chef", "cook", "captain", "sailor", "fairy", "sorceress", "sorcerer",
        "magician", "policewoman", "police officer", "officer", "cop",
        "dino", "brontosaurus", "diplodocus", "apatosaurus", "dragonling", "baby dragon", "robo", "spook",
    }
