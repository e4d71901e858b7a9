"""What is spoken in a scene: the narrator's words and the characters' quoted lines, in story order.

Every word of the scene's sentences is spoken, once, by someone: a quote by its speaker (the
reader finds who: "Tom said", "she asked", the one the story was just about), everything else by
the narrator. Nothing is invented and nothing is dropped, so the spoken script can be checked
against the story's own sentences (`dropped`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from animdirector.tools.story.scenes import SceneReading

NARRATOR = "Narrator"
_QUOTE = re.compile(r"[\"“]([^\"”]+)[\"”]")
_WORD = re.compile(r"[A-Za-z0-9']+")


@dataclass(frozen=True)
class SpokenLine:
    speaker: str  # NARRATOR or a cast name
    text: str


def spoken_lines(reading: SceneReading) -> list[SpokenLine]:
    """The scene's sentences as lines, each with its speaker; a quote with no known speaker is
    the narrator's to say."""
    lines: list[SpokenLine] = []
    for sentence in reading.sentences:
        speakers = [q.speaker for q in sentence.quotes]
        at = 0
        for i, m in enumerate(_QUOTE.finditer(sentence.text)):
            _add(lines, NARRATOR, sentence.text[at:m.start()])
            speaker = speakers[i] if i < len(speakers) and speakers[i] else NARRATOR
            _add(lines, speaker, m.group(1))
            at = m.end()
        _add(lines, NARRATOR, sentence.text[at:])
    return lines


def with_words_changed(lines: list[SpokenLine], said: dict[str, str]) -> list[SpokenLine]:
    """The lines with what someone says replaced (a user's edit, {speaker: new words}): the
    speaker's first line takes the new words and their other lines go; a speaker with no line
    here says the words last. Everyone else's lines stay as the story has them."""
    out: list[SpokenLine] = []
    done: set[str] = set()
    for line in lines:
        if line.speaker not in said:
            out.append(line)
        elif line.speaker not in done:
            out.append(SpokenLine(line.speaker, said[line.speaker]))
            done.add(line.speaker)
    out += [SpokenLine(who, words) for who, words in said.items() if who not in done and words.strip()]
    return out


def _add(lines: list[SpokenLine], speaker: str, text: str) -> None:
    text = " ".join(text.split()).strip(" ,")
    if not _WORD.search(text):
        return  # punctuation alone is not spoken
    if lines and lines[-1].speaker == speaker:  # one voice goes on: one line
        lines[-1] = SpokenLine(speaker, f"{lines[-1].text} {text}")
    else:
        lines.append(SpokenLine(speaker, text))


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def dropped(lines: list[SpokenLine], sentences: list[str]) -> list[str]:
    """The story's sentences whose words are not all spoken, in order, by the lines (empty: none)."""
    spoken = words(" ".join(line.text for line in lines))
    missing, at = [], 0
    for sentence in sentences:
        want = words(sentence)
        found = next((i for i in range(at, len(spoken) - len(want) + 1) if spoken[i:i + len(want)] == want), None)
        if found is None:
            missing.append(sentence)
        else:
            at = found + len(want)
    return missing
