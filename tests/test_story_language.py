"""The story's language: stories in other languages are named, and `run` stops on them before any work."""

import logging
from pathlib import Path

import pytest
import yaml

from animdirector.cli import main
from animdirector.config import Config, ConfigError, load_yaml_model
from animdirector.tools.story.language import (
    LanguageGuess,
    StoryLanguageError,
    check_readable,
    detect_language,
    foreign_language,
    require_readable,
    unchecked_note,
)

# English that must never be stopped: names alone, one short sentence, many names, whole stories.
ENGLISH = [
    "Mia and Rex",
    "Tom and Anna",
    "The end.",
    "Tim kicked the red ball.",  # 5 words
    "Mia runs home fast.",
    "Rex barks.",
    "Juan, Sofía, Mateo and Lucía played in the park.",
    "Lena, Omar, Kenji and Priya built a sandcastle. Kenji's bucket was blue.",
    "A boy named Kofi Mensah and a girl named Ama Serwaa lived in Kumasi with Nana Yaw, "
    "Auntie Efua, Grandpa Kwame and their goat Bisi.",
    "Sven, Ingrid, Lars and Astrid went skating on the frozen lake. Ingrid fell down, and Lars helped "
    "her up. They drank hot cocoa with Oma Gerda after.",
    "Mia and her dog Rex went to the park on a sunny morning. The wind took her red kite up into a "
    "tall oak tree. Rex barked and barked until Grandpa came with a ladder. Grandpa climbed up, "
    "found the kite and gave it back to Mia, and they all laughed together on the way home.",
]

# Children's stories in other languages, with the code the detector must give.
FOREIGN = [
    ("es", "Había una vez un gatito llamado Tomás. Le gustaba jugar en el jardín con su pelota roja. "
           "Un día la pelota rodó hasta el río y Tomás lloró."),
    ("es", "Mia y Rex fueron al parque. El perro ladró al gato y el gato subió a un árbol."),
    ("fr", "Il était une fois une petite fille qui s'appelait Léa. Elle aimait se promener dans la "
           "forêt avec son chien. Un matin, elle trouva un oiseau blessé sous un arbre."),
    ("de", "Es war einmal ein kleiner Bär, der im Wald wohnte. Jeden Morgen suchte er Honig bei den "
           "Bienen. Eines Tages fand er einen roten Ballon im Baum."),
    ("zh", "有一只小猫住在花园里。它每天都追蝴蝶。有一天，小猫找到了一个红色的球，它高兴地玩了一整天。"),
    ("zh", "小明和他的小狗去公园玩。小狗看见一只鸟，就跑过去了。小明笑了。"),
    ("ja", "むかしむかし、小さな子猫がいました。子猫は毎日お庭で遊びました。ある日、赤いボールを見つけました。"),
    ("ja", "はなちゃんは犬のポチと公園へ行きました。ポチはボールを追いかけました。二人はとても楽しかったです。"),
    ("ru", "Жил-был маленький ёжик. Каждое утро он гулял по лесу и собирал грибы. Однажды он нашёл "
           "красный мяч под старой ёлкой."),
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_readable(text):
    assert check_readable(text) is None
    assert foreign_language(text) is None
    assert unchecked_note(text) is None


@pytest.mark.parametrize("text", [ENGLISH[3], ENGLISH[-2], ENGLISH[-1]])
def test_english_sentences_read_as_english(text):
    # Sentences made mostly of names can read as another language at a low confidence (the
    # Kumasi one as Nigerian Pidgin, 0.5): check_readable lets those through (above).
    assert detect_language(text).code == "en"


@pytest.mark.parametrize("code, text", FOREIGN)
def test_other_languages_are_named(code, text):
    guess = detect_language(text)
    assert isinstance(guess, LanguageGuess)
    assert guess.code == code and 0.0 <= guess.confidence <= 1.0
    assert foreign_language(text) == guess
    message = check_readable(text)
    assert message is not None and "\n" not in message
    assert f"{guess.name} ({code}, " in message and "English only" in message
    assert "story.other_languages: model" in message  # says how to go on
    assert "not checked" in unchecked_note(text)


def test_detection_is_deterministic():
    text = FOREIGN[1][1]
    assert len({detect_language(text) for _ in range(5)}) == 1


def test_long_stories_are_sure():
    guess = detect_language(FOREIGN[0][1])
    assert (guess.name, guess.code) == ("Spanish", "es") and guess.confidence > 0.9
    assert detect_language(ENGLISH[-1]).confidence > 0.99


def test_short_latin_text_is_not_judged():
    # Too few letters to be sure: a Spanish sentence of three words passes (as a name list would),
    # while a short text in another script cannot be English and is stopped.
    assert check_readable("El perro corre.") is None
    assert foreign_language("小猫在花园里玩。").code == "zh"
    assert check_readable("Кот спит.") is not None


def test_no_letters_is_not_judged():
    assert check_readable("1, 2, 3... 42!") is None


def test_require_readable_stops_or_warns(caplog):
    spanish = FOREIGN[0][1]
    with pytest.raises(StoryLanguageError, match=r"^story\.yaml: This story reads as Spanish \(es, "):
        require_readable(spanish, "stop", source="story.yaml")
    with caplog.at_level(logging.WARNING, logger="animdirector.tools.story.language"):
        guess = require_readable(spanish, "model")
    assert guess.code == "es"
    assert any("Spanish" in r.getMessage() and "not checked" in r.getMessage() for r in caplog.records)
    assert require_readable(ENGLISH[-1], "stop") is None


# --- config ---------------------------------------------------------------------------------------


def test_story_config_default_and_model(tmp_path):
    assert Config().story.other_languages == "stop"
    path = tmp_path / "config.yaml"
    path.write_text("story:\n  other_languages: model\n")
    assert load_yaml_model(path, Config).story.other_languages == "model"


def test_story_config_bad_value_names_allowed_values(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("threads: 1\nstory:\n  other_languages: translate\n")
    with pytest.raises(ConfigError) as err:
        load_yaml_model(path, Config)
    msg = str(err.value)
    assert str(path) in msg and ":3:" in msg and "story.other_languages" in msg
    assert "'stop'" in msg and "'model'" in msg and "translate" in msg


def test_story_config_unknown_key_lists_allowed(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("story:\n  other_language: model\n")
    with pytest.raises(ConfigError, match="allowed here: other_languages"):
        load_yaml_model(path, Config)


# --- the run command ------------------------------------------------------------------------------


def scenario_file(tmp_path: Path, narrative: str) -> Path:
    path = tmp_path / "story.yaml"
    path.write_text(yaml.safe_dump({"title": "A story", "narrative": narrative, "scenes": 2}, allow_unicode=True),
                    encoding="utf-8")
    return path


def config_file(tmp_path: Path, other_languages: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(f"threads: 1\nstory:\n  other_languages: {other_languages}\n")
    return path


@pytest.fixture
def no_work(monkeypatch):
    """Fail the test if `run` opens the store or starts the production."""
    import animdirector.memory.store as store
    import animdirector.production as production

    def refuse(*args, **kwargs):
        raise AssertionError("work started")

    monkeypatch.setattr(store.RunStore, "at_home", classmethod(refuse))
    monkeypatch.setattr(production, "run_scenario", refuse)


def test_run_stops_on_a_spanish_story_before_any_work(tmp_path, capsys, no_work, _state_dir):
    scenario = scenario_file(tmp_path, FOREIGN[0][1])
    code = main(["--config", str(config_file(tmp_path, "stop")), "run", str(scenario)])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err  # one line
    assert err.startswith(f"animdirector: {scenario}: This story reads as Spanish (es, ")
    assert "story.other_languages: model" in err
    assert list(_state_dir.iterdir()) == []  # no database, no run folder


def test_run_with_model_warns_and_goes_on(tmp_path, monkeypatch, caplog):
    import animdirector.memory.store as store

    class Started(Exception):
        pass

    def started(*args, **kwargs):
        raise Started

    monkeypatch.setattr(store.RunStore, "at_home", classmethod(started))  # the first piece of work
    scenario = scenario_file(tmp_path, FOREIGN[0][1])
    with caplog.at_level(logging.WARNING), pytest.raises(Started):
        main(["--config", str(config_file(tmp_path, "model")), "run", str(scenario)])
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("Spanish" in w and "not checked" in w for w in warnings)


def test_run_goes_on_with_an_english_story(tmp_path, monkeypatch):
    import animdirector.memory.store as store

    class Started(Exception):
        pass

    def started(*args, **kwargs):
        raise Started

    monkeypatch.setattr(store.RunStore, "at_home", classmethod(started))
    with pytest.raises(Started):
        main(["--config", str(config_file(tmp_path, "stop")), "run", str(scenario_file(tmp_path, ENGLISH[-1]))])


def test_a_story_in_another_language_filmed_by_the_model_is_silent_and_its_facts_unchecked(tmp_path, caplog):
    """With story.other_languages: model, the film is made, but the English voice does not read it
    and the reader's rules and fact checks are off (they would read nonsense)."""
    from animdirector.config import REPO_ROOT, load_scenario
    from animdirector.memory.store import RunStore
    from animdirector.production import build_studio

    spanish = next(text for code, text in FOREIGN if code == "es")
    scenario = load_scenario(REPO_ROOT / "scenarios" / "lost-kite.yaml").model_copy(update={"narrative": spanish})
    config = Config(threads=1, state_dir=str(tmp_path), story={"other_languages": "model"})
    with RunStore.at_home(config.home()) as store, caplog.at_level("WARNING"):
        run = store.create_run(scenario.title)
        studio = build_studio(config, scenario, store, run.id, 1, client=object())
    assert (studio.audio, studio.story_rules) == (False, "off")
    assert "the bundled voice speaks English" in caplog.text
