"""What a sentence has happen: the things in it (colour, size, shape, who holds them, said to be
absent), actions between the cast (verb, subject, object, a thing handed on), contact a phrase
tells ("in Anna's lap"), where someone is at a thing, and feelings."""

from __future__ import annotations

from animdirector.tools.render.kinds import has_hands
from animdirector.tools.render.props import SOFT_TOY_WORDS, resolve_prop
from animdirector.tools.render.text import ACCESSORY_WORDS
from animdirector.tools.story.cast import Cast
from animdirector.tools.story.facts import Action, SentenceFacts, Thing
from animdirector.tools.story.syntax import PLACE_PREPS, SUBJECTS, in_quote, is_subject, is_negated, noun_phrase
from animdirector.tools.story.vocabulary import ATTEMPT_VERBS, BODY_PARTS, BODY_PLACES, FEELING_WORDS, NEAR_WORDS, NEVER_HELD, PLACE_WORDS, PROP_WORDS, RECIPROCAL_OBJECTS, SEARCH_VERBS, SHAPE_WORDS, SPATIAL_PREPS, THING_MOTION_VERBS, TOUCH_VERBS, WISH_VERBS, is_colour


SIZE_WORDS = {"big", "small", "little", "tiny", "huge", "large", "giant", "enormous", "long", "tall", "short"}

HOLD_VERBS = {"hold", "carry", "have", "bring", "take", "pick", "grab", "fly", "hug", "catch", "get", "find",
              "keep", "wear", "lift", "throw", "give", "cuddle", "eat", "read", "drink", "push", "pull",
              "use", "wave"}  # a tool in use is in hand ("using the scissors", "waved a flag")

# Verbs by which an animal without hands has a thing in its mouth or beak: "the dog carried the
# ball", "the owl brought the scarf" (not "had", "got" or "found": a dog's bowl is on the floor).
CARRYING_VERBS = frozenset({"carry", "bring", "fetch", "grab", "take", "hold", "pick", "catch", "steal", "snatch",
                            "drag", "lift"})

# Parts of a tree: one that someone climbs onto or sits on is the tree's; in hand, a stick.
TREE_PARTS = frozenset({"branch", "bough", "limb", "twig"})


def item_of(phrase: str) -> str | None:
    """The library thing a phrase is drawn as: its own ("kite", "toy car", "doll"), else the
    renderer's pick for a soft toy ("toy rabbit": the teddy bear); None for a phrase that names none."""
    if PROP_WORDS.get(phrase):
        return PROP_WORDS[phrase]
    return resolve_prop(phrase)[0] if phrase.split()[0] in SOFT_TOY_WORDS else None


def _named_toy(tok, name: str, refs: dict[int, list[str]], found: Cast) -> list[Thing]:
    """The toy a name means ("There was Hoppy, sitting on a chair"), unless said in a quote or in the
    words that say what it is ("Hoppy was her toy rabbit": read at its noun)."""
    said = (tok.dep_ == "appos" or any(c.dep_ == "appos" for c in tok.children)
            or (tok.dep_ == "nsubj" and tok.head.lemma_ == "be" and any(c.dep_ == "attr" for c in tok.head.children)))
    if in_quote(tok) or said:
        return []
    toy = Thing(word=found.toys[name], item=item_of(found.toys[name]))
    toy.absent = _said_absent(tok)
    toy.holder = None if toy.absent else _holder(tok, refs, found)
    return [toy]


# Verbs that lend their sense to the noun after them: "gave the owl a hug" is hugging it.
LIGHT_VERBS = frozenset({"give"})


def read_actions_and_things(doc, sf: SentenceFacts, refs: dict[int, list[str]], found: Cast,
                            toy_at: dict[int, str] | None = None) -> None:
    """The things of a sentence, with who holds them, and its doings. `toy_at`: the tokens that
    mean a named toy, its name or a pronoun for it."""
    toy_at = toy_at or {}
    for tok in doc:
        if tok.i in toy_at:
            sf.things += _named_toy(tok, toy_at[tok.i], refs, found)
            continue
        # a lower-case word tagged as a name is the small tagger's slip ("a big green bush")
        something = tok.lower_ == "something"  # "something shiny": a shiny thing
        # and a thing's word it tags an adjective where a noun stands ("found an acorn")
        noun_slot = tok.pos_ == "ADJ" and tok.dep_ in ("dobj", "pobj", "nsubj") and tok.lemma_.lower() in PROP_WORDS
        if not (tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.text.islower()) or something or noun_slot) or refs.get(tok.i):
            continue
        if tok.dep_ in ("compound", "amod", "nmod") and is_colour(tok.lower_):
            continue  # "a bright orange collar": a colour, not an orange
        if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN"):
            continue  # "a stone bridge", "a toy car": the head names the thing
        if tok.lemma_.lower() in BODY_PARTS and any(c.dep_ == "poss" for c in tok.children):
            continue  # "his long trunk", "Tembo's trunk": part of someone, no box
        whole = _of_phrase(tok)
        if whole is not None and whole[0].i != tok.i:
            continue  # "a ball of yarn" is yarn, "a cup of tea" a cup: one thing, read at the word that names it
        role = whole[1] if whole is not None else tok  # whose place in the sentence says who holds it
        phrase = noun_phrase(tok)
        lemma = "thing" if something else tok.lemma_.lower()
        # "a shiny thing", "a magic wand": a word before the noun may name the library's thing
        described = [f"{c.lower_} {lemma}" for c in tok.children if c.dep_ == "amod"]
        phrase = next((d for d in described if d in PROP_WORDS), phrase)
        phrase = found.thing_heads.get(phrase, phrase)  # "the castle" of the sandcastle
        item = PROP_WORDS.get(phrase) or PROP_WORDS.get(lemma) or item_of(phrase)
        if not item or (phrase != lemma and phrase in PLACE_WORDS):
            continue  # "the sheep pen" is a place, no pen to write with
        if lemma in TREE_PARTS and tok.dep_ == "pobj" and tok.head.lower_ in ("on", "onto", "in", "into", "up", "along",
                                                                            "from", "off", "above"):
            # "climbed onto the lowest branch", "an owl sat on a branch": the tree's; a branch in hand is a stick
            item = phrase = lemma = "tree"
        mods = [c.lower_ for t in {tok, role} for c in t.lefts if c.dep_ in ("amod", "compound", "nmod")]
        mods += [g.lower_ for c in tok.lefts if c.dep_ == "compound" for g in c.lefts if g.dep_ == "amod"]  # "grey toy rabbit"
        thing = Thing(word=phrase if phrase in PROP_WORDS or item_of(phrase) else lemma, item=item,
                      colour=" ".join(m for m in mods if is_colour(m) and m not in SIZE_WORDS),
                      size=next((m for m in mods if m in SIZE_WORDS), ""),
                      shape=next((m for m in mods if m in SHAPE_WORDS), ""))
        thing.absent = _said_absent(role)
        thing.worn_by = None if thing.absent or thing.word.split()[-1] not in ACCESSORY_WORDS else _wearer(role, refs)
        thing.holder = (None if thing.absent or thing.worn_by or thing.item in NEVER_HELD
                        else _holder(role, refs, found))
        if is_subject(role) and role.head.pos_ == "VERB" and role.head.lemma_ in THING_MOTION_VERBS and not is_negated(role.head):
            thing.moves = role.head.lemma_.lower()
        sf.things.append(thing)
    for tok in doc:
        if tok.pos_ != "VERB" or in_quote(tok):
            continue
        subjects = _subjects(tok, refs)
        recipient, source = _hands_between(tok, refs)
        obj = None
        for c in tok.children:
            # "gave Kit the ball": the object is the ball, Kit the recipient
            if c.dep_ in ("dobj", "dative") and not (c.dep_ == "dative" and recipient and _has_thing_object(tok)):
                obj = refs[c.i][0] if refs.get(c.i) else found.toys[toy_at[c.i]] if c.i in toy_at else c.lemma_.lower()
                break
        if obj is None:  # "talked to Sue", "played with Rex"
            obj = next((refs[g.i][0] for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "with", "at")
                        for g in c.children if g.dep_ == "pobj" and refs.get(g.i)), None)
        # "he wanted to go": what is wished or planned is not done (yet)
        verb = tok.lemma_.lower()
        negated = is_negated(tok) or (tok.dep_ == "xcomp" and tok.head.lemma_ in WISH_VERBS)
        if verb in LIGHT_VERBS and recipient and obj in TOUCH_VERBS:
            verb, obj, recipient = obj, recipient, None  # "gave the owl a big hug": hugged the owl
        if len(subjects) >= 2 and verb in TOUCH_VERBS and (obj is None or obj in RECIPROCAL_OBJECTS):
            # "Tom and Sue held hands", "they hugged": each does it to the other
            sf.actions += [Action(verb=verb, subject=a, object=b, negated=negated)
                           for a, b in zip(subjects, subjects[1:])]
            continue
        for subj in subjects or [None]:
            if subj or obj:
                sf.actions.append(Action(verb=verb, subject=subj, object=obj, negated=negated,
                                         recipient=recipient if recipient != subj else None,
                                         source=source if source != subj else None))
    sf.actions += _contact_by_phrase(doc, refs) + _hands_held(doc, refs)
    _read_spatial(doc, sf, refs, {i: found.toys[name] for i, name in toy_at.items()})
    _read_feelings(doc, sf, refs)


# Verbs whose object someone has on: "wearing his green hat", "had a long blue scarf", "put on her cap".
WEARING_VERBS = frozenset({"wear", "have", "put", "pull", "don"})


def _wearer(tok, refs: dict[int, list[str]]) -> str | None:
    """Who has on the clothing `tok` names: the subject of a verb of wearing it, or the one it is
    in or with ("a girl in a yellow hat", "Tom, with his red cap")."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in ("in", "with"):
        if refs.get(head.head.i):
            return refs[head.head.i][0]  # "a girl in a yellow hat"
        return next(iter(_subjects(head.head, refs)), None) if head.lower_ == "in" else None
    if tok.dep_ == "pobj" and head.lower_ == "on" and head.head.lemma_ in WEARING_VERBS:
        verb = head.head  # "put on his red cap"
    elif tok.dep_ == "dobj" and head.lemma_ in WEARING_VERBS and (
            head.lemma_ in ("wear", "have", "don") or any(c.lower_ == "on" for c in head.children)):
        verb = head
    else:
        return None
    if is_negated(verb):
        return None
    names = _subjects(verb, refs)
    if not names and verb.dep_ in ("advcl", "acl") and verb.tag_ == "VBG":  # "ran behind her, wearing his hat"
        names = refs.get(verb.head.i, []) if verb.dep_ == "acl" else _subjects(verb.head, refs)
    return names[0] if names else None


def _has_thing_object(verb) -> bool:
    return any(c.dep_ == "dobj" for c in verb.children)


def _hands_between(verb, refs: dict[int, list[str]]) -> tuple[str | None, str | None]:
    """(recipient, source) of a verb that moves a thing between people: the dative ("gave Kit
    the ball"), or with a thing as the object, a "to" ("threw the ball to Kit"; spaCy tags that
    "to" dative or prep), a sharing "with" ("shared his apple with Kit") and a "from" ("took the
    apple from Tom"). Going to someone ("ran to Kit") moves no thing: no recipient."""
    recipient = source = None
    thing = _has_thing_object(verb)
    for c in verb.children:
        if c.dep_ == "dative" and refs.get(c.i):
            recipient = recipient or refs[c.i][0]
        elif c.dep_ in ("dative", "prep") and thing:
            person = next((refs[g.i][0] for g in c.children if g.dep_ == "pobj" and refs.get(g.i)), None)
            if c.lower_ == "to" or (c.lower_ == "with" and verb.lemma_.lower() == "share"):
                recipient = recipient or person
            elif c.lower_ == "from":
                source = source or person
    return recipient, source


# Taking someone's hand is holding hands: "Finn took her hand", "Nora squeezed Finn's hand".
HAND_TAKING = frozenset({"take", "hold", "grab", "squeeze", "clasp", "grip", "catch", "shake", "reach", "find"})


def _hands_held(doc, refs: dict[int, list[str]]) -> list[Action]:
    out = []
    for hand in doc:
        if hand.lemma_.lower() not in ("hand", "paw") or hand.dep_ != "dobj" or hand.head.lemma_ not in HAND_TAKING:
            continue
        owners = [n for c in hand.children if c.dep_ == "poss" for n in refs.get(c.i, [])]
        out += [Action(verb="hold", subject=s, object=o, negated=is_negated(hand.head))
                for o in owners for s in _subjects(hand.head, refs) if s != o]
    return out


def _contact_by_phrase(doc, refs: dict[int, list[str]]) -> list[Action]:
    """Contact a preposition tells: "Rex curled up in Anna's lap" (Anna holds Rex), "the kitten
    rubbed against her leg", "Finn sat next to Rex", "Mia stayed close to her mom"."""
    out = []
    for prep in doc:
        if prep.dep_ != "prep" or in_quote(prep):
            continue
        near = prep.lower_ in NEAR_WORDS or (prep.lower_ == "to" and prep.head.lower_ in NEAR_WORDS)
        if prep.lower_ not in ("in", "into", "on", "against") and not near:
            continue
        verb = prep.head.head if prep.head.lower_ in NEAR_WORDS and prep.head.dep_ == "advmod" else prep.head
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if pobj.lower_ in BODY_PLACES or pobj.lemma_.lower() in BODY_PLACES:
                if any(c.dep_ == "dobj" and not refs.get(c.i) and c.lemma_.lower() not in BODY_PLACES for c in verb.children):
                    continue  # "put the ball in Anna's hands": the ball is held, not the one who put it there
                owners = [n for c in pobj.children if c.dep_ == "poss" for n in refs.get(c.i, [])]
                # resting in someone's arms or lap is being held; leaning or rubbing against them, that
                held = prep.lower_ != "against"
                out += [Action(verb="hold", subject=o, object=s, negated=is_negated(verb)) if held else
                        Action(verb=verb.lemma_.lower() if verb.lemma_.lower() in TOUCH_VERBS else "lean", subject=s,
                               object=o, negated=is_negated(verb))
                        for o in owners for s in _subjects(verb, refs) if s != o]
            elif near:
                out += [Action(verb="stay close", subject=s, object=o, negated=is_negated(verb))
                        for o in refs.get(pobj.i, []) for s in _subjects(verb, refs) if s != o]
    return out


def _read_feelings(doc, sf: SentenceFacts, refs: dict[int, list[str]]) -> None:
    """'Mia felt sad', 'Tom was happy', 'Lily began to cry': the face they make."""
    for tok in doc:
        if in_quote(tok) or tok.pos_ not in ("VERB", "AUX", "ADJ"):
            continue
        if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "attr", "oprd"):
            verb, feeling = tok.head, FEELING_WORDS.get(tok.lower_)
        elif tok.pos_ == "VERB":
            verb, feeling = tok, FEELING_WORDS.get(tok.lemma_.lower())
        else:
            continue
        if feeling and not is_negated(verb):
            for name in _subjects(verb, refs):
                sf.feelings[name] = feeling


# "X of Y": a portion of a thing is that thing ("a ball of yarn", "a piece of cake"); a container
# of it is the container ("a cup of tea", "a bag of apples").
PORTION_WORDS = frozenset({"ball", "piece", "slice", "bunch", "bit", "pile", "handful", "lump", "loaf", "bar", "stack",
                           "heap", "drop", "scoop", "sheet"})

CONTAINER_WORDS = frozenset({"cup", "glass", "bag", "box", "basket", "bowl", "bottle", "jar", "plate", "bucket", "pot",
                             "mug", "sack", "can", "tin", "carton", "pail"})


def _of_phrase(tok):
    """(the token that names the thing, the token whose place in the sentence is the thing's) for
    a word of an "X of Y" phrase of a portion or a container, else None."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        outer = tok.head.head
    else:
        outer = tok
        inner = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                      if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")), None)
        if inner is None:
            return None
        tok = inner
    word = outer.lemma_.lower()
    if word in PORTION_WORDS and PROP_WORDS.get(tok.lemma_.lower()):
        return tok, outer
    if word in CONTAINER_WORDS and PROP_WORDS.get(word):
        return outer, outer
    return None


# Verbs whose "on" or "off" right after them works a thing: "switched on the lamp", "turned on the tap".
SWITCH_VERBS = frozenset({"switch", "turn", "flick", "click"})


def _read_spatial(doc, sf: SentenceFacts, refs: dict[int, list[str]], toy_words: dict[int, str]) -> None:
    """'Mia sat under a tree', 'the kite was stuck on a bush', 'there was Hoppy, sitting on a
    chair': who or what is at which thing."""
    items = {t.word: t.item for t in sf.things if t.item}
    toys = {i: items[word] for i, word in toy_words.items() if word in items}  # a toy's name or pronoun
    for prep in doc:
        if prep.dep_ != "prep" or prep.lower_ not in SPATIAL_PREPS or in_quote(prep):
            continue
        anchor = next((items.get(c.lemma_.lower()) or items.get(noun_phrase(c))
                       or (items.get("tree") if c.lemma_.lower() in TREE_PARTS else None) for c in prep.children
                       if c.dep_ == "pobj"), None)
        verb = prep.head
        if anchor is None or verb.pos_ not in ("VERB", "AUX") or is_negated(verb):
            continue  # "the bird was not in its nest": not there
        if verb.lemma_ in SWITCH_VERBS and prep.i == verb.i + 1:
            continue  # "switched on the lamp": a particle the parser took for a place
        # "she put the ball in the box": the place is the object's; else the subject's
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        who = ([items[obj.lemma_.lower()]] if obj is not None and obj.lemma_.lower() in items
               else [toys[obj.i]] if obj is not None and obj.i in toys
               else refs.get(obj.i, []) if obj is not None else _subjects(verb, refs))
        if not who and obj is None:  # a thing as the subject: "the kite was stuck on a bush"
            who = [items.get(c.lemma_.lower()) or toys[c.i] for c in verb.children
                   if is_subject(c) and (c.lemma_.lower() in items or c.i in toys)]
        if not who and (noun := _described(verb)) is not None:  # "there was Hoppy, sitting on a chair"
            who = refs.get(noun.i) or ([toys[noun.i]] if noun.i in toys else [items[noun.lemma_.lower()]]
                                       if noun.lemma_.lower() in items else [])
        sf.spatial += [(w, prep.lower_, anchor) for w in who if w != anchor]


def _described(verb):
    """The one a participle with no subject of its own tells of: the noun it hangs on ("a dog
    sitting by the door"), or what "there was" presents ("There was Hoppy, sitting on a chair")."""
    if verb.dep_ == "acl":
        return verb.head
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and any(c.dep_ == "expl" for c in verb.head.children):
        return next((c for c in verb.head.children if c.dep_ in ("attr", "acomp", "nsubj")), None)
    return None


def _subjects(verb, refs: dict[int, list[str]]) -> list[str]:
    """The cast a verb's subject refers to, conjoined subjects and plural pronouns included. A
    verb joined to another by "and" shares its subject only when it has none of its own ("She
    climbed the tree and hugged her mom"; not "she threw the ball and he caught it")."""
    own = [c for c in verb.children if is_subject(c)]
    if not own and verb.dep_ in ("conj", "xcomp"):  # "she began to cry": she cries
        return _subjects(verb.head, refs)
    names: list[str] = []
    for subj in own:
        for tok in [subj, *subj.conjuncts]:
            names += [n for n in refs.get(tok.i, []) if n not in names]
    return names


def _said_absent(tok) -> bool:
    """'no toys', 'without the kite', 'the kite was not there', 'could not find the kite', 'lost
    the ball', 'looked for the hat', 'buried the bone'."""
    if any(c.lower_ == "no" and c.dep_ == "det" for c in tok.children):
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "without":
        return True
    head = tok.head
    if tok.dep_ in SUBJECTS and head.dep_ in ("aux", "auxpass") and head.head.lower_ in ("gone", "missing"):
        return not is_negated(head.head)  # "but the snowman was gone": the parser hangs "was" on "gone"
    if tok.dep_ in SUBJECTS and head.lemma_ == "be":
        gone = any(c.lower_ in ("there", "here", "anywhere", "gone", "missing") for c in head.children)
        # "he was not on her pillow": not where it was looked for
        elsewhere = is_negated(head) and any(c.dep_ == "prep" and c.lower_ in PLACE_PREPS for c in head.children)
        return ((gone or elsewhere) and is_negated(head)) or any(c.lower_ in ("gone", "missing", "nowhere")
                                                                 for c in head.children)
    if tok.dep_ == "dobj" and head.lemma_ in ("find", "see") and is_negated(head):
        return True
    if tok.dep_ in SUBJECTS and head.lower_ in ("gone", "missing") and not is_negated(head):
        return True  # "the snowman was gone": the parser makes "gone" the verb
    if tok.dep_ == "nsubjpass" and head.lemma_ in ("lose", "hide", "bury"):
        return True  # "the crowns were lost", "it was hidden"
    if tok.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_ in SEARCH_VERBS:
        # "looked for her hat": not found yet ("... and found it": found)
        found_it = any(c.dep_ == "conj" and c.lemma_ == "find" for c in head.head.children)
        return not found_it
    return tok.dep_ == "dobj" and head.lemma_ in ("lose", "hide", "bury")


def _holder(tok, refs: dict[int, list[str]], found: Cast) -> str | None:
    """Who has the thing in hand: the subject of a holding verb whose object it is ('Mia flew her
    kite'), the receiver of 'give' ('gave Sam the ball', 'gave the ball to Sam'), or the subject
    of the verb a 'with' phrase hangs on ('walked home with the kite')."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "with":
        head = head.head
    elif tok.dep_ != "dobj":
        return None
    if head.lemma_ == "give":
        for c in head.children:
            if c.dep_ == "dative" and refs.get(c.i):
                return refs[c.i][0]
            if c.dep_ in ("dative", "prep") and c.lower_ == "to":
                for g in c.children:
                    if refs.get(g.i):
                        return refs[g.i][0]
        return None
    if tok.dep_ == "dobj" and head.lemma_ not in HOLD_VERBS:
        return None
    # "he could not get the ball", "he tried to get it", "wanted to hold it": not in hand
    if tok.dep_ == "dobj" and (is_negated(head) or (head.dep_ == "xcomp" and head.head.lemma_ in ATTEMPT_VERBS | WISH_VERBS)):
        return None
    subj = next((c for c in head.children if is_subject(c)), None)
    if subj is None and head.dep_ in ("conj", "advcl", "xcomp"):  # "they walked home, holding the kite"
        subj = next((c for c in head.head.children if is_subject(c)), None)
    if subj is None and head.dep_ == "acl":  # "found the dog sitting by the door with the purse in its mouth"
        subj = _described(head)
    if subj is None or not refs.get(subj.i):
        return None
    # of several ("they"), the first with hands to hold it
    holder = next((n for n in refs[subj.i] if has_hands(found.chars[n].kind or "")), refs[subj.i][0])
    kind = found.chars[holder].kind
    if kind and not has_hands(kind) and tok.dep_ == "dobj" and head.lemma_ not in CARRYING_VERBS:
        return None  # "the dog got a bowl too": his to eat from, not carried in his mouth
    return holder
