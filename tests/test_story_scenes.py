"""A scene's facts from its sentences: the place (with continuity), time, weather, things absent,
and the cast the story names. Sentences are the ones earlier rules were written for, kept as tables."""

import pytest

from animdirector.tools.story import read_story
from animdirector.tools.story.scenes import opening_time, read_scene, settle_place, settle_time, settle_weather


def place_for(text, chosen, previous=None, kinds=None):
    facts = read_story(text)
    kinds = kinds if kinds is not None else {n: c.kind for n, c in facts.cast.items()}
    return settle_place(read_scene(facts, text), chosen, previous, kinds)[0]


@pytest.mark.parametrize("text,chosen,expected", [
    ("Tom ran to the river to find his boat.", "forest", "river"),
    ("They walked from the house into the woods.", "street", "forest"),
    ("Mia left the kitchen and went out to the garden.", "kitchen", "garden"),
    ("The boat sailed across the lake.", "beach", "lake"),
    ("Sam played with his ball all afternoon.", "park", "park"),  # no place named: the model's choice
    ("He came back from the school.", "classroom", "backyard"),  # only a place he leaves
    ("Lily looked up at the sky and smiled.", "meadow", "meadow"),  # the sky says little of where she is
    ("Max went home.", "park", "living room"),
    ("Ann and Ben met in the town centre.", "sky", "street"),  # not in the library: nearest by meaning
    ("They went outside to play.", "kitchen", "backyard"),
    ("Ella went to the market with her grandma.", "kitchen", "town square"),  # stalls in the open, no shop
    # a part of a place is that place; outside a building is not inside it; where they go wins
    ("She sat at the edge of the forest.", "park", "forest"),
    ("They walked to the top of the hill behind their house.", "living room", "meadow"),
    ("Tom played behind the school.", "classroom", "street"),
    ("Mia waited outside the house.", "living room", "backyard"),
    ("Between their houses stood an old oak tree.", "living room", "backyard"),
    ("Gus was a seagull. He flew in a big circle over the sea.", "street", "sky"),
    ("Ava was a quiet girl who loved the town library. It had a window over the river.", "river", "library"),
    # what a thing looks out on, or where a thing stands, is not where they are
    ("Ava loved the town library. It had a big window that looked out on the river.", "river", "library"),
    ("Tom looked out at the sea.", "bedroom", "bedroom"),
    ("They waved at a boat that sailed on the lake.", "meadow", "meadow"),  # a flier over a place is in the air
    ("Tom jumped over the fence into the garden.", "street", "garden"),  # over a thing: not where he is
    ("That night Tom lay in bed.", "park", "bedroom"),  # a bed stands in a bedroom
    ("A little blue kingfisher was sitting on a branch above the water.", "river", "river"),  # the branch's place
    ("Sue lay in her bed. The wind howled around the house.", "garden", "bedroom"),  # where the wind is: not hers
])
def test_the_place_the_text_names_wins(text, chosen, expected):
    assert place_for(text, chosen) == expected


@pytest.mark.parametrize("text,chosen,expected", [
    # a scene whose text names no place stays where the scene before was
    ("She asked her parent if she could play with the nice cat. Her parent said yes.", "living room", "park"),
    ("Sam played with his ball all afternoon.", "garden", "park"),
    ("Then Rex ran to the river.", "park", "river"),
    ("That night Tom sat down.", "bedroom", "park"),
    ("His mother jumped off the cliff and floated away.", "living room", "park"),  # leaving is shown where they were
])
def test_a_scene_stays_where_the_story_last_put_it(text, chosen, expected):
    """(Lying in bed is in a bedroom: see test_place_phrases_with_their_motion.)"""
    assert place_for(text, chosen, previous="park") == expected


def test_nobody_stands_in_the_sky_but_fliers():
    assert place_for("Ann walked on.", "sky", previous=None, kinds={"Ann": "girl"}) == "meadow"
    story = "A bird named Pip flew up into the sky."
    assert place_for(story, "meadow", kinds={"Pip": "bird"}) == "sky"


def test_time_and_weather_carry_over_until_the_text_changes_them():
    story = "That night the stars came out. Tom slept. In the morning it began to rain."
    facts = read_story(story)
    night, sleep, rain = (read_scene(facts, s.text) for s in facts.sentences)
    assert settle_time(night, "noon", None) == "night"
    assert settle_time(sleep, "noon", "night") == "night"
    assert settle_time(rain, "noon", "night") == "morning"
    assert settle_weather(rain, "park", None, None) == "rain"
    assert settle_weather(sleep, "park", "park", "rain") == "rain"  # same place: it still rains
    assert settle_weather(sleep, "kitchen", "park", "rain") == "clear"


@pytest.mark.parametrize("story, opening", [
    # the time comes later in the story: before it, daylight, whatever the model guesses
    ("Nora and Finn went camping. They put up a tent. Then the sun went down.", "noon"),
    ("Pip played all day. Night fell, and Pip slept.", "noon"),
    ("They built a fire. It grew dark.", "noon"),
    ("One night Pip looked at the stars. Pip smiled.", None),  # told at once: the text's own time
    ("Pip played. The moon was bright.", None),  # said, not coming
    ('Pip played. "Good night," said Mom.', None),  # in a quote: no time at all
])
def test_a_story_whose_sun_goes_down_later_opens_in_daylight(story, opening):
    facts = read_story(story)
    assert opening_time(facts) == opening
    assert settle_time(read_scene(facts, facts.sentences[0].text), "night", None, opening_time(facts)) == (opening or "night")


def test_a_thing_said_to_be_missing_is_absent_until_found():
    facts = read_story("They looked behind a big grey rock, but the kite was not there. Then Mia saw the kite on a bush.")
    first, both = read_scene(facts, facts.sentences[0].text), read_scene(facts, " ".join(s.text for s in facts.sentences))
    assert "kite" in first.absent and "rock" not in first.absent
    assert "kite" not in both.absent


# Openings of stories in ../shared/eval/stories-dev.json whose heroes have no names.
BIRD_AND_SQUIRREL = ("Once upon a time, a little bird lived in a small tree. The little bird loved to play with his "
                     "friend, the squirrel. One day, the little bird was upset. Just then, the squirrel jumped out.")
CAT_AND_DOG = "One day, a cat and a dog were playing in the park. The cat liked to tease the dog."
DOG_AND_GIRL = ("One day, a little dog named Max was playing in the park. A little girl saw Max and came over "
                "to help. Max licked the little girl's face.")
TEDDY = 'Mom said, "It\'s a cuddly bear." He hugged the bear and took it to his room. He loved his teddy bear.'


@pytest.mark.parametrize("story, expected", [
    (BIRD_AND_SQUIRREL, {"Bird": "bird", "Squirrel": "squirrel"}),
    (CAT_AND_DOG, {"Cat": "cat", "Dog": "dog"}),
    (DOG_AND_GIRL, {"Max": "dog", "Girl": "girl"}),  # the dog is Max: only the girl is new
    ("Once upon a time, there was a soft bunny named Bob. Bob wanted to show his friend, a little bird named Sue. "
     "A cat named Sam watched them.", {"Bob": "rabbit", "Sue": "bird", "Sam": "cat"}),
    ("There was a painter named Ann. She painted the sky and she smiled.", {"Ann": "woman"}),
])
def test_the_cast_and_kinds_the_story_tells(story, expected):
    cast = read_story(story).cast
    assert {n: cast[n].kind for n in expected if n in cast} == expected


def test_a_toy_and_a_passing_animal_are_not_cast():
    assert "Bear" not in read_story(TEDDY).cast
    assert "Bird" not in read_story("He saw a bird in the sky and went home.").cast


def test_he_or_she_is_read_from_sentences_about_that_character_alone():
    story = ("Once upon a time, there was a little girl named Jenny. Jenny had a big pocket in her dress. "
             "One day Jenny was walking in the forest with her friend, Tom. Tom noticed that Jenny's pocket was "
             "fat and he asked her why. Jenny smiled because she had found a dry leaf.")
    cast = read_story(story).cast
    assert (cast["Jenny"].sex, cast["Tom"].sex) == ("f", "m")
    cast = read_story("Sam liked red, and she smiled. She ran home, and she sang.").cast
    assert cast["Sam"].sex == "f"


@pytest.mark.parametrize("text, touches", [
    ("Rex curled up in Anna's lap.", [("Anna", "Rex", "hold")]),
    ("Anna held Rex in her arms.", [("Anna", "Rex", "hold")]),
    ("Rex rubbed his head against Anna's leg.", [("Rex", "Anna", "rub")]),
    ("Finn sat next to Rex.", [("Finn", "Rex", "stay close")]),
    ("Anna stayed close to Finn.", [("Anna", "Finn", "stay close")]),
    ("Finn sat beside Anna on the bench.", [("Finn", "Anna", "stay close")]),
    ("Finn put the ball in Anna's hands.", []),  # the ball is in her hands, not Finn
    ("Anna did not sit next to Finn.", []),
    ("Rex ran into the house.", []),
    # taking someone's hand is holding hands
    ("So Finn took her hand, and they ran.", [("Finn", "Anna", "hold")]),
    ("Anna squeezed Finn's hand.", [("Anna", "Finn", "hold")]),
    ("Anna washed her hands.", []),
])
def test_contact_a_preposition_tells(text, touches):
    story = "Anna was a girl. Rex was her dog. Finn was a boy. " + text
    assert read_scene(read_story(story), text).touches == touches


@pytest.mark.parametrize("text, previous, expected", [
    ("The king walked into the great hall.", "castle", "castle"),  # a room of the castle story
    ("They ran up to the throne room of the castle.", None, "castle"),
    ("The king walked into the great hall.", "street", "bedroom"),  # no castle: the nearest room stands
    ("The queen went to the kitchen.", "castle", "kitchen"),  # a room the library has is drawn
])
def test_a_room_of_a_castle_is_the_castle(text, previous, expected):
    assert place_for(text, "meadow", previous) == expected


@pytest.mark.parametrize("text, held", [
    ("He could not get the ball.", {}),  # not in hand
    ("He tried to get the ball with the stick.", {"stick": "Tim"}),  # trying: the stick is, the ball is not
    ("Tim wanted to hold the ball.", {}),
    ("He got the ball.", {"ball": "Tim"}),
    ("Mom got a longer stick and got the ball.", {"ball": "Mom"}),  # one thing in hand: the last
])
def test_what_is_in_hand_is_what_the_text_puts_there(text, held):
    story = "A little boy named Tim had a dog. Tim's mom was nice. " + text
    assert read_scene(read_story(story), text).held == held


@pytest.mark.parametrize("text, previous, expected", [
    ("He ran to the house and got a long stick. He came back to the fence.", "backyard", "backyard"),
    ("He ran to the house and got a long stick.", "backyard", "living room"),
    ("They went into the kitchen. Tim looked at the tree through the window.", "backyard", "kitchen"),
    ("Tim walked to the old tree and sat under it.", "living room", "backyard"),  # a tree stands outdoors
])
def test_where_a_scene_ends_up_is_where_it_is(text, previous, expected):
    story = "A little boy named Tim had a dog named Spot. They played near a fence in the yard. " + text
    facts = read_story(story)
    assert settle_place(read_scene(facts, text), "bedroom", previous, {})[0] == expected


@pytest.mark.parametrize("text, absent", [
    ("The crowns were lost.", {"crown"}),
    ("Lily looked for her hat everywhere.", {"hat"}),  # not found yet
    ("Lily looked for her hat and found it under the bed.", set()),
    ("Max buried the bone in the hole.", {"bone"}),  # out of sight
    ("The bird hid the shiny stone under a leaf.", {"gem"}),
    ("Max looked at the ball.", set()),
])
def test_things_out_of_sight(text, absent):
    story = "Lily was a girl. Max was a dog. " + text
    assert read_scene(read_story(story), text).absent == absent


@pytest.mark.parametrize("text, previous, expected", [
    ("A big wave hit the castle.", "beach", "beach"),  # the sandcastle, not a castle to be at
    ("A seagull landed on the tallest tower.", "beach", "beach"),  # its towers are the sandcastle's too
    ("They rode the bus to school.", "living room", "street"),  # the ride, not where it goes
    ("Sam took the train to the city.", None, "street"),
    ("Ada rode her bike to the park.", "living room", "park"),  # an open-air ride: where it goes
    ("They sat on the bus and sang.", "classroom", "bus"),  # in it
    ("They sailed the boat to the island.", "beach", "river"),
    ("Mia went to school.", None, "classroom"),
])
def test_a_ride_is_shown_on_its_way_and_a_things_last_word_is_that_thing(text, previous, expected):
    story = "Ella and her grandma went to the beach. Ella built a sandcastle on the beach. " + text
    assert place_for_scene(story, text, previous) == expected


def place_for_scene(story, text, previous):
    facts = read_story(story)
    return settle_place(read_scene(facts, text), "bedroom", previous, {n: c.kind for n, c in facts.cast.items()})[0]


def test_who_a_scene_names_but_never_shows_is_missing():
    from animdirector.tools.story.scenes import scene_reading

    story = "Sue had a horse named Daisy. One morning, Daisy was missing. Sue looked for Daisy in the barn."
    reading = scene_reading(story, "One morning, Daisy was missing. Sue looked for Daisy in the barn.")
    assert reading.present == ["Sue"] and reading.missing == {"Daisy"}


@pytest.mark.parametrize("text, at", [
    ("Mia climbed the tree.", {"Mia": "tree"}),  # what the verb works on is where the body is
    ("Mia opened the door.", {"Mia": "door"}),
    ("Mia did not climb the tree.", {}),
    ("Mia looked at the tree.", {}),  # seeing is from anywhere
    ("Mia climbed up the ladder.", {"Mia": "ladder"}),  # the preposition's case
    ("Mia climbed onto the lowest branch.", {"Mia": "tree"}),  # a branch one is on is the tree's, no stick
])
def test_who_works_on_a_thing_is_at_it(text, at):
    from animdirector.tools.story.scenes import scene_reading

    assert scene_reading("Mia was a girl. " + text, text).at == at


@pytest.mark.parametrize("story, part, previous, place", [
    ("Pip saw a ball floating away on the water.", "Pip saw a ball floating away on the water.", None, "river"),
    ("Tom went to the beach. Tom ran into the water.", "Tom ran into the water.", "beach", "beach"),  # the sea's water
    ("Pip pulled it back to the bank.", "Pip pulled it back to the bank.", "forest", "river"),
])
def test_the_water_is_a_river_unless_the_scene_is_at_the_sea(story, part, previous, place):
    from animdirector.tools.story.scenes import scene_reading, settle_place

    assert settle_place(scene_reading(story, part), "park", previous, {"Pip": "frog", "Tom": "boy"})[0] == place


# -- places the library grew (graders saw a desert story in a shop, a harbour on a palm beach) -----------------

@pytest.mark.parametrize("text,previous,expected", [
    ("They rode camels across the desert.", None, "desert"),
    ("The camel walked over the sand dunes.", None, "desert"),
    ("Dad tied the boat to the dock in the harbour.", None, "harbour"),
    ("The fishing boats came back to the harbor.", None, "harbour"),
    ("Tom walked along the pier.", None, "harbour"),
    ("They went to the zoo to see the lions.", None, "zoo"),
    ("The fish swam under the sea.", None, "underwater"),
    ("Finn the fish lived under the sea.", "beach", "underwater"),
    ("The turtle dived underwater.", "beach", "underwater"),
    ("Mia swam down to the coral reef.", None, "underwater"),
    ("Lily went to the library to find a book.", None, "library"),
    ("They went to the museum and saw a big dinosaur.", None, "museum"),
    ("In the museum there was a big dinosaur.", None, "museum"),
    ("Grandpa fixed the bike in his workshop.", None, "workshop"),
    ("Dad kept the tools in the garage.", None, "workshop"),
    ("Tom found a rake in the shed.", None, "workshop"),
    ("The ducks swam on the lake.", None, "lake"),
    ("The frog sat by the pond.", None, "lake"),  # still water with reeds, not a running river
    ("They sledged down the snowy hill.", None, "snowy hill"),
    ("They met by the fountain in the town square.", None, "town square"),
    ("Mia went to the hospital to see her grandma.", None, "hospital"),
    ("They sat on the train and looked out of the window.", None, "train"),
    # the water and the sea of a water place are its own, wherever it is
    ("The fish swam through the ocean.", "underwater", "underwater"),
    ("They swam in the sea.", "harbour", "harbour"),
    ("The frog jumped into the water.", "lake", "lake"),
    ("They swam in the sea.", "river", "beach"),
    # only the text's own words put them under water, and a thing named in passing is no place
    ('"Let\'s go under the sea!" said Mia.', "beach", "beach"),
    ("Sam hid under the bridge by the river.", None, "river"),
    ("Tom loved his toy train.", "bedroom", "bedroom"),
    # where a thing goes by itself is not where its people are (whose hands it left are there),
    # unless the scene is the thing's alone
    ("Mia flew her kite. The wind pulled it away, and the kite flew over the trees and landed in the forest.",
     "park", "park"),
    ("Mia smiled. A strong wind came and pulled the kite out of her hands. The red kite flew far away over the "
     "trees and landed in the forest.", "park", "park"),
    ("The red kite flew far away over the trees and landed in the forest.", "park", "forest"),
    ("The boat sailed across the lake.", "beach", "lake"),
    ("Tom kicked the ball. The ball rolled into the garden.", "street", "street"),
    # past an animal's den is wherever they were; over a place on foot is across it, jumping over it is not
    ("A line of camels walked past her den.", "desert", "desert"),
    ("The bear slept in his den.", "forest", "cave"),
    ("She trotted over dune after dune.", "street", "desert"),
    ("They walked over the hill.", "park", "meadow"),
    ("Tom jumped over the river.", "park", "park"),
    # where farm animals are kept is the farm
    ("Tobias collected eggs in the henhouse.", "living room", "farm"),
    ("The farmer counted the sheep in the sheep pen.", "living room", "farm"),
    ("Lily fed the hens in the chicken coop.", "kitchen", "farm"),
    # a place before the seeing verb is where they are; after it, what they see
    ("At the museum they saw a big dinosaur.", None, "museum"),
    ("In the library, Ava watched the rain.", None, "library"),
    ("Tom looked at the sea.", "bedroom", "bedroom"),
    # another room of a building with rooms is that building
    ("They walked into the dinosaur room.", "museum", "museum"),
    ("Rosa went into the back room.", "shop", "shop"),
    ("The nurse took Mia to a small room.", "hospital", "hospital"),
])
def test_new_places_settle_from_the_text(text, previous, expected):
    assert place_for(text, "meadow", previous) == expected


@pytest.mark.parametrize("text, weather", [
    ("It was a foggy morning on the hill.", "fog"),
    ("Mist lay over the lake.", "fog"),
    ("The sky was cloudy and grey.", "cloudy"),
    ("Tom flew into a cloud.", "clear"),  # a cloud is no cloudy day
])
def test_fog_and_clouds_are_weather(text, weather):
    facts = read_story(text)
    assert settle_weather(read_scene(facts, text), "meadow", None, None) == weather


def test_whose_hands_a_thing_leaves_are_there_when_it_flies_off():
    """The default film's scene 3 was drawn in the forest, where the kite lands, with Mia in it."""
    story = ("Mia flew her kite in the park. A strong wind came and pulled the kite out of her hands. "
             "The red kite flew far away over the trees and landed in the forest. Mia ran into the forest.")
    part = ("A strong wind came and pulled the kite out of her hands. The red kite flew far away over the trees "
            "and landed in the forest.")
    facts = read_story(story)
    reading = read_scene(facts, part)
    assert reading.present == ["Mia"]
    assert settle_place(reading, "meadow", "park", {"Mia": "girl"})[0] == "park"
