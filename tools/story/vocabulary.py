"""The words the story reader knows, derived once from the renderer's library.

Everything the renderer can draw (kinds, props, places, motions, colours) is listed by the
renderer itself; this module only turns those lists into the lookups the reader needs, plus the
few closed classes of English the library cannot give (pronouns, time and weather words, the
person nouns that say nothing of sex)."""

from __future__ import annotations

from functools import lru_cache

from animdirector.tools.render.colours import parse_colour
from animdirector.tools.render.kinds import KINDS, kind_words
from animdirector.tools.render.motions import motion_library
from animdirector.tools.render.places import INDOOR, PLACE_ALIASES, PLACES
from animdirector.tools.render.props import PROP_ALIASES, PROPS
from animdirector.tools.render.scene import EXPRESSION_ALIASES, EXPRESSIONS

# --- from the library ----------------------------------------------------------------------------
KIND_WORDS: dict[str, str] = kind_words()  # "puppy" -> "dog", "mom" -> "woman", "girl" -> "girl"
PROP_WORDS: dict[str, str] = {**PROP_ALIASES, **{p: p for p in PROPS}}  # "gift" -> "present"
PLACE_WORDS: dict[str, str] = {**PLACE_ALIASES, **{p: p for p in PLACES}}  # "woods" -> "forest"
INDOOR_PLACES: frozenset[str] = frozenset(INDOOR)
DEFAULT_OUTDOORS = "backyard"  # "they went outside": just outside home
DEFAULT_INDOORS = "living room"
OUTDOOR_PLACES: tuple[str, ...] = tuple(p for p in PLACES if p not in INDOOR)
MOTIONS: dict[str, str] = motion_library()
PEOPLE_KINDS = tuple(k for k, spec in KINDS.items() if spec.plan == "person")
FEMALE_KINDS = {k for k, spec in KINDS.items() if spec.params.get("female")} | {"girl"}
MALE_KINDS = {"boy", "man", "old man"}
SWAP_SEX = {"girl": "boy", "boy": "girl", "woman": "man", "man": "woman", "old woman": "old man", "old man": "old woman"}


def flies(kind: str) -> bool:
    """Whether a kind is drawn with wings it flies by (the only ones the sky is a place for)."""
    spec = KINDS.get(kind)
    return bool(spec) and spec.plan == "bird" and spec.params.get("shape") not in ("penguin", "chicken")


@lru_cache(maxsize=4096)
def is_colour(word: str) -> bool:
    try:
        parse_colour(word)
        return True
    except ValueError:
        return False


# --- closed classes of English ------------------------------------------------------------------
# Person nouns that say nothing of sex: the pronouns, not the noun, tell whether a teacher is a man.
SEXLESS_PERSON_WORDS = frozenset({
    "teacher", "farmer", "baker", "doctor", "nurse", "musician", "painter", "barber", "pirate", "knight",
    "person", "friend", "kid", "child", "student", "pupil", "human", "adult", "police", "firefighter",
    "baby", "toddler", "infant", "wizard", "giant", "elf", "cousin", "neighbour", "neighbor", "librarian", "cook",
    "chef", "driver", "shopkeeper", "parent", "coach", "captain", "sailor", "mayor",
})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
FIRST_SECOND_PERSON = frozenset({"i", "me", "my", "mine", "we", "us", "our", "you", "your"})

TIME_WORDS: dict[str, str] = {
    **dict.fromkeys(("night", "midnight", "moon", "moonlight", "star", "bedtime", "nighttime", "dark", "tonight"), "night"),
    **dict.fromkeys(("sunset", "evening", "dusk", "twilight"), "sunset"),
    **dict.fromkeys(("morning", "sunrise", "dawn", "breakfast"), "morning"),
    **dict.fromkeys(("noon", "midday", "lunch", "afternoon"), "noon"),
}
WEATHER_WORDS: dict[str, str] = {
    **dict.fromkeys(("snow", "snowy", "snowman", "snowflake", "snowball", "winter", "sled", "sledge"), "snow"),
    **dict.fromkeys(("rain", "rainy", "raindrop", "storm", "stormy", "umbrella", "puddle", "thunder", "drizzle"), "rain"),
    **dict.fromkeys(("fog", "foggy", "mist", "misty"), "fog"),
    **dict.fromkeys(("cloudy", "overcast"), "cloudy"),
}
# Big things stand behind the characters (drawn far), so they never hide them.
SCENERY = frozenset({"tree", "house", "castle", "mountain", "boat", "car", "bus", "train", "swing", "slide", "tent",
                     "fence", "bush", "barn", "tower", "bridge", "door", "window", "table", "bed", "shelf", "tractor",
                     "market stall"})
# Things nobody holds: "a house with a tall tree in the yard" is no tree in the hand.
NEVER_HELD = SCENERY | {"bench", "hole", "snowman", "sandcastle", "grill", "sign", "painting", "scarecrow",
                        "paw prints", "campfire", "cart", "hay"}
# Words that say where someone is without naming a place.
OUTDOORS_WORDS = frozenset({"outside", "outdoors", "out"})
INDOORS_WORDS = frozenset({"inside", "indoors", "home", "house", "room"})
# Verbs whose object is not in the scene: "she missed her dad", "he dreamed of a dragon".
ABSENT_OBJECT_VERBS = frozenset({"miss", "remember", "imagine", "dream", "wish", "want", "think", "wonder",
                                 "forget", "call", "write", "tell", "hope", "wait"})
SPEECH_VERBS = frozenset({"say", "ask", "shout", "reply", "answer", "cry", "call", "whisper", "yell", "exclaim",
                          "tell", "giggle", "laugh", "scream", "sing", "add", "explain", "smile", "squeak",
                          "bark", "chirp", "beg", "agree", "announce", "respond", "wonder", "continue"})
# Verbs of bodily contact: who does them to someone is drawn touching them ("Mia hugged Rex").
TOUCH_VERBS = frozenset({"hug", "kiss", "cuddle", "embrace", "snuggle", "pat", "pet", "stroke", "tickle", "nuzzle", "rub",
                         "lick", "squeeze", "tackle", "hold", "carry", "lift", "rock", "shake", "comfort", "tag",
                         "stay close", "lean"})
# Words for a young animal, which the kind word before them says the kind of ("a lion cub").
YOUNG_WORDS = frozenset({"cub", "pup", "puppy", "kitten", "kit", "chick", "calf", "foal", "baby", "joey", "lamb",
                         "duckling", "fawn", "piglet", "kid", "hatchling", "youngster"})
# Parts of a body: someone's own ("her hands", "his long trunk") are no things to draw.
BODY_PARTS = frozenset({"hand", "arm", "leg", "foot", "head", "face", "lap", "nose", "ear", "eye", "back", "shoulder",
                        "finger", "paw", "tail", "wing", "cheek", "mouth", "knee", "neck", "tummy", "belly", "trunk",
                        "beak", "horn", "mane", "claw", "hoof", "whisker", "fin", "chin", "toe", "lip", "tooth"})
# Body parts someone rests in or against: "curled up in Anna's lap", "rubbed against her leg" is contact.
BODY_PLACES = frozenset({"arm", "arms", "lap", "hand", "hands", "shoulder", "shoulders", "leg", "legs", "back",
                         "side", "chest", "neck", "head", "feet", "foot"})
# Words of nearness to someone: "sat next to Rex", "stayed close to her mom", "beside Lily".
NEAR_WORDS = frozenset({"next", "close", "beside", "near", "against"})
# Objects that make a verb reciprocal: "Tom and Sue held hands", "they hugged each other".
RECIPROCAL_OBJECTS = frozenset({"hand", "hands", "each", "other", "one another"})
# Verbs whose object is someone alive, who the scene shows ("Sam patted the dog", "played with
# a cat"); not hug or hold, which children do to toys as often ("he hugged his bear").
MEETING_VERBS = frozenset({"pat", "pet", "stroke", "feed", "chase", "help", "follow", "kiss", "tickle", "thank",
                           "meet", "greet", "rescue", "save", "teach", "scold", "play", "talk", "speak", "walk",
                           "wave", "lick", "comfort", "invite", "ask", "join"})
# Prepositions that put someone or something at a thing: drawn at the thing's place in the frame.
SPATIAL_PREPS = frozenset({"under", "beneath", "below", "underneath", "near", "by", "beside", "behind", "on", "onto",
                           "in", "inside", "against", "up"})
# Verbs of someone coming into the scene or leaving it: only then do they walk in or off the picture.
COMING_GOING_VERBS = frozenset({"leave", "exit", "depart", "arrive", "enter", "disappear", "vanish", "escape",
                                "return"})
# Verbs whose "to ..." is not done: "she wanted to fly", "he decided to go".
WISH_VERBS = frozenset({"want", "wish", "hope", "decide", "plan", "promise", "need", "like", "love", "dream",
                        "mean", "ask", "tell", "forget", "refuse"})
# Verbs of searching: what someone looks for is not in sight (yet).
SEARCH_VERBS = frozenset({"look", "search", "hunt", "seek", "dig"})
# Verbs of trying: "he tried to get the ball" may be shown trying, but he does not have it.
ATTEMPT_VERBS = frozenset({"try", "attempt", "struggle", "reach"})
# Verbs that show no doing a picture can: being, having, knowing, wanting, saying.
STATIVE_VERBS = frozenset({"be", "have", "feel", "see", "want", "think", "know", "like", "love", "need", "decide",
                           "hear", "seem", "become", "get", "let", "make", "begin", "start", "try", "remember",
                           "forget", "hope", "wish", "notice", "realize", "realise", "learn", "miss", "can",
                           "will", "would", "could", "should", "must", "may", "keep", "stay", "live", "name",
                           "call", "wait", "find"}) | (SPEECH_VERBS - {"cry", "laugh", "giggle", "sing", "scream",
                                                                    "cheer"})
# How a face looks, from the words for feelings (the renderer's own words for its expressions first).
FEELING_WORDS: dict[str, str] = {
    **{e: e for e in EXPRESSIONS}, **{w: e for w, e in EXPRESSION_ALIASES.items() if w},
    **dict.fromkeys(("cry", "sob", "weep", "sorrow", "lonely", "gloomy", "unhappy", "miserable", "disappointed"), "sad"),
    **dict.fromkeys(("laugh", "smile", "giggle", "grin", "delighted", "pleased", "thrilled", "overjoyed"), "happy"),
    **dict.fromkeys(("scream", "shiver", "tremble", "terrified", "fearful", "shy", "anxious"), "scared"),
    **dict.fromkeys(("frown", "furious", "annoyed", "upset"), "angry"),
    **dict.fromkeys(("surprise", "astonished", "shocked", "amazed", "wonder"), "surprised"),
}
# Things that stand outdoors only, and parts of a room's walls (drawn by the place, never loose).
OUTDOOR_ONLY = frozenset({"tree", "house", "bush", "fence", "tent", "bridge", "swing", "slide", "snowman",
                          "sandcastle", "bus", "train", "car", "boat", "bike", "mushroom", "pumpkin", "hole", "sled",
                          "scarecrow", "campfire", "tractor", "hay"})
BUILT_IN = frozenset({"door", "window"})
# Verbs of a thing moving by itself (the wind, gravity): "the kite flew away", "the ball rolled".
THING_MOTION_VERBS = frozenset({"fly", "blow", "float", "drift", "roll", "fall", "bounce", "sail", "soar", "spin",
                                "slide", "tumble", "swing", "sink"})

# Family words: someone's mother is what they are ("Gus the seagull flew to his mother": a seagull).
FAMILY_WORDS = frozenset({
    "mother", "mom", "mommy", "mama", "mum", "mummy", "father", "dad", "daddy", "papa", "brother", "sister",
    "grandma", "grandpa", "grandmother", "grandfather", "granny", "aunt", "uncle", "son", "daughter", "baby",
})
# Family words of an older generation: whose mom or grandpa it is, is a child.
ELDER_WORDS = frozenset({"mother", "mom", "mommy", "mama", "mum", "mummy", "father", "dad", "daddy", "papa",
                         "grandma", "grandpa", "grandmother", "grandfather", "granny", "aunt", "uncle"})

# Library places drawn as a whole building: a room of one that the library has no word for ("the
# great hall", "the throne room") is that building, not the nearest room in meaning (a bedroom).
# Places whose other rooms are drawn as the place itself ("the dinosaur room" of a museum, "the back
# room" of a shop), not as whichever room their name is nearest to in meaning
BUILDINGS_WITH_ROOMS = ("castle", "museum", "library", "hospital", "classroom", "shop")

# Words of a thing's shape or pattern before its noun ("a star kite", "a spotted ball"): not colours,
# not things.
SHAPE_WORDS = frozenset({"round", "square", "star", "heart", "triangle", "oval", "diamond", "circle", "striped", "spotted"})

# Vehicles and where a ride on one is shown; verbs of riding ("rode the bus to school": the ride).
VEHICLE_PLACES = {"bus": "street", "train": "street", "car": "street", "bike": "street", "boat": "river"}
RIDE_VERBS = frozenset({"ride", "take", "drive", "sail", "travel", "go", "come", "return", "head"})
