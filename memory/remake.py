"""What a new version will make again, said before any work: reference sheets, scenes made
again, scenes kept, scenes that get new sound only; and how long that took on this machine.

It mirrors what decides a scene's cache key (agents/director.py: picture_inputs and
sound_inputs) on the parts an edit can change: the scene's spec, its characters' designs, its
objects, the style, and the voices and words. Plain Python: the chat shows it, the pipeline
decides for real.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from animdirector.memory.bible import StoryBible
from animdirector.memory.script import SceneSpec, Script


@dataclass
class Forecast:
    sheets: list[str] = field(default_factory=list)
    made: list[int] = field(default_factory=list)
    kept: list[int] = field(default_factory=list)
    new_sound: list[int] = field(default_factory=list)
    seconds: float | None = None  # from this machine's past versions; None: no history yet

    def sentences(self) -> list[str]:
        """The forecast in plain words, one sentence each."""
        out = [f"Reference sheets made again: {and_list(self.sheets) or 'none'}.",
               f"Scenes made again: {and_list(map(str, self.made)) or 'none'}.",
               f"Scenes kept as they are: {and_list(map(str, self.kept)) or 'none'}."]
        if self.new_sound:
            out.append(f"Scenes that keep their picture and get new sound only: {and_list(map(str, self.new_sound))}.")
        if self.seconds is not None:
            out.append(f"This should take about {duration(self.seconds)} (from this machine's past runs).")
        return out


def and_list(items) -> str:
    items = list(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


def duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(5, round(seconds / 5) * 5):.0f} seconds"
    return f"{round(seconds / 60):.0f} minutes"


def _picture(spec: SceneSpec, bible: StoryBible, script: Script, style: str) -> str:
    return json.dumps({
        "scene": spec.model_dump(exclude={"index", "source", "said"}),
        "designs": {n: bible.characters[n].design for n in spec.characters if n in bible.characters},
        "props": {p: script.props[p].model_dump() for p in spec.props if p in script.props},
        "style": style,
    }, sort_keys=True)


def _sound(spec: SceneSpec, bible: StoryBible) -> str:
    return json.dumps({
        "voices": {n: bible.characters[n].voice for n in spec.characters if n in bible.characters},
        "narrator": bible.narrator_voice, "said": spec.said,
    }, sort_keys=True)


def forecast(before: tuple[StoryBible, Script, str], after: tuple[StoryBible, Script, str]) -> Forecast:
    """Which sheets and scenes of `after` are new, kept, or new in sound only, against `before`."""
    old_bible, old_script, old_style = before
    bible, script, style = after
    pictures = {_picture(s, old_bible, old_script, old_style): _sound(s, old_bible) for s in old_script.scenes}
    sounds = {(_picture(s, old_bible, old_script, old_style), _sound(s, old_bible)) for s in old_script.scenes}
    out = Forecast()
    for name, entry in bible.characters.items():
        old = old_bible.characters.get(name)
        if old is None or old.design != entry.design or style != old_style:
            out.sheets.append(name)
    for s in script.scenes:
        picture = _picture(s, bible, script, style)
        if (picture, _sound(s, bible)) in sounds:
            out.kept.append(s.index)
        elif picture in pictures:
            out.new_sound.append(s.index)
        else:
            out.made.append(s.index)
    return out


def seconds_per_scene(store) -> tuple[float, float] | None:
    """(seconds per scene made, seconds per scene given new sound) on this machine: each finished
    version's time over the scenes it made (a scene is made when no earlier version of its run
    had its inputs). Versions made by the chat count first; full runs (with pre-production) are
    the fallback. None when nothing has been finished here yet."""
    revisions, firsts, sound = [], [], []
    for run in store.list_runs():
        seen: set[str] = set()
        for v in store.versions(run.id):
            scenes = store.scenes(run.id, v.number)
            hashes = {s.inputs_hash for s in scenes if s.inputs_hash}
            made = len(hashes - seen)
            seen |= hashes
            if v.status != "done" or v.finished is None:
                continue
            secs = (v.finished - v.created).total_seconds()
            if made:
                (revisions if v.number > 1 else firsts).append((secs, made))
            elif v.number > 1 and scenes:
                sound.append((secs, len(scenes)))
    pairs = revisions or firsts
    if not pairs:
        return None
    per_scene = sum(s for s, _ in pairs) / sum(n for _, n in pairs)
    per_sound = sum(s for s, _ in sound) / sum(n for _, n in sound) if sound else per_scene / 10
    return per_scene, per_sound
