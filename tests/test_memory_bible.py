"""The story bible and its AutoGen Memory adapter."""

from __future__ import annotations

import asyncio

import pytest
from autogen_core.memory import MemoryContent, MemoryMimeType
from autogen_core.model_context import BufferedChatCompletionContext, UnboundedChatCompletionContext
from autogen_core.models import AssistantMessage, SystemMessage, UserMessage

from animdirector.agents.bible_memory import NOTE_HEADER, BibleMemory
from animdirector.memory import CharacterEntry, SettingEntry, StoryBible


def make_bible() -> StoryBible:
    return StoryBible(
        title="Mia and the Lost Kite",
        narrative="Mia loses her yellow kite in the park. Tim helps her find it.",
        characters={
            "Mia": CharacterEntry(name="Mia", kind="girl", look="red coat, yellow boots", profile="brave",
                                  design={"body": "child", "colors": {"coat": "#d33"}}),
            "Tim": CharacterEntry(name="Tim", kind="boy", look="blue shirt", aliases=["Timmy"]),
            "Old Sam": CharacterEntry(name="Old Sam", kind="man", look="grey beard"),
        },
        settings={
            "park": SettingEntry(name="park", place="a green park with a pond", time_of_day="afternoon"),
            "attic": SettingEntry(name="attic", place="a dusty attic", time_of_day="night"),
        },
    )


def names(entries):
    return [e.name for e in entries]


def test_relevant_matches_whole_words_any_case():
    bible = make_bible()
    chars, sets = bible.relevant("MIA runs to Tim's house near the Park.")
    assert names(chars) == ["Mia", "Tim"] and names(sets) == ["park"]
    assert bible.relevant("Timber and Miami and parking") == ([], [])
    chars, _ = bible.relevant("old   sam waves; Timmy laughs")
    assert names(chars) == ["Tim", "Old Sam"]  # bible order, aliases and multi-word names


def test_digest_is_stable_and_changes_only_for_the_changed_entry():
    bible = make_bible()
    before = bible.digests()
    assert before == make_bible().digests()  # stable across objects (and processes: sha256 of canonical JSON)
    assert len(set(before.values())) == len(before)
    bible.put_character(bible.character("Tim").model_copy(update={"look": "green shirt"}))
    after = bible.digests()
    assert [n for n in before if before[n] != after[n]] == ["Tim"]
    # derived fields (renders, embeddings) are not story changes
    bible.character("Mia").reference_sheet = "/tmp/mia.png"
    bible.character("Mia").embedding = [0.1, 0.2]
    bible.setting("park").plate = "/tmp/park.png"
    assert bible.digests() == after
    bible.character("Mia").design = {"body": "child", "colors": {"coat": "#3d3"}}
    assert bible.digest("Mia") != after["Mia"]
    with pytest.raises(KeyError, match="known: Mia, Tim, Old Sam, park, attic"):
        bible.digest("Nobody")


def test_lookup_by_case_and_alias_and_clear_errors():
    bible = make_bible()
    assert bible.character("mia").name == "Mia"
    assert bible.character("timmy").name == "Tim"
    assert bible.setting("PARK").name == "park"
    with pytest.raises(KeyError, match="no character 'Zed'.*known: Mia, Tim, Old Sam"):
        bible.character("Zed")


def test_json_round_trip_and_atomic_save(tmp_path):
    bible = make_bible()
    bible.character("Mia").embedding = [0.25, -1.0]
    text = bible.to_json()
    assert StoryBible.from_json(text) == bible
    assert text == StoryBible.from_json(text).to_json()  # deterministic
    path = bible.save(tmp_path / "v1" / "bible.json")
    assert StoryBible.load(path) == bible
    assert [p.name for p in path.parent.iterdir()] == ["bible.json"]
    path.write_text("{not json")
    with pytest.raises(ValueError, match="bible.json: not a valid story bible"):
        StoryBible.load(path)


def test_describe_is_short_and_readable():
    bible = make_bible()
    text = bible.describe(*bible.relevant("Mia in the park"))
    assert "Mia (girl): looks: red coat, yellow boots. brave" in text
    assert "park: a green park with a pond, afternoon, clear" in text
    assert "#d33" not in text  # design dicts stay out of prompts


# --- the AutoGen Memory adapter -------------------------------------------------------------------


def run(coro):
    return asyncio.run(coro)


def test_update_context_adds_only_the_mentioned_entries():
    memory = BibleMemory(make_bible())
    ctx = UnboundedChatCompletionContext()

    async def go():
        await ctx.add_message(UserMessage(content="Scene 2: Mia searches the attic.", source="screenwriter"))
        result = await memory.update_context(ctx)
        return result, await ctx.get_messages()

    result, messages = run(go())
    note = messages[-1]
    assert isinstance(note, SystemMessage) and note.content.startswith(NOTE_HEADER)
    assert "Mia (girl)" in note.content and "attic" in note.content
    assert "Tim" not in note.content and "park" not in note.content
    assert [c.metadata["name"] for c in result.memories.results] == ["Mia", "attic"]
    assert "embedding" not in result.memories.results[0].content


def test_update_context_replaces_its_note_instead_of_piling_up():
    memory = BibleMemory(make_bible(), recent_messages=1)
    ctx = BufferedChatCompletionContext(buffer_size=10)

    async def go():
        await ctx.add_message(UserMessage(content="Mia flies the kite.", source="writer"))
        await memory.update_context(ctx)
        await ctx.add_message(AssistantMessage(content="Tim arrives.", source="writer"))
        await memory.update_context(ctx)
        return await ctx.get_messages()

    messages = run(go())
    notes = [m for m in messages if isinstance(m, SystemMessage)]
    assert len(notes) == 1 and "Tim (boy)" in notes[0].content and "Mia" not in notes[0].content
    assert [m.content for m in messages[:2]] == ["Mia flies the kite.", "Tim arrives."]


def test_update_context_adds_nothing_when_no_name_is_mentioned():
    memory = BibleMemory(make_bible())
    ctx = UnboundedChatCompletionContext()

    async def go():
        await ctx.add_message(UserMessage(content="Make it brighter.", source="user"))
        result = await memory.update_context(ctx)
        return result, await ctx.get_messages()

    result, messages = run(go())
    assert result.memories.results == [] and len(messages) == 1


def test_memory_follows_the_current_bible_and_add_query_clear():
    holder = {"bible": make_bible()}
    memory = BibleMemory(lambda: holder["bible"])

    async def go():
        found = await memory.query("where is Tim?")
        await memory.add(MemoryContent(
            content=CharacterEntry(name="Rex", kind="dog", look="brown").model_dump(),
            mime_type=MemoryMimeType.JSON, metadata={"entry": "character"}))
        await memory.add(MemoryContent(content="Rex is afraid of thunder.", mime_type=MemoryMimeType.TEXT))
        rex = await memory.query("Rex barks")
        await memory.clear()
        after_clear = await memory.query("Rex barks")
        await memory.close()
        return found, rex, after_clear

    found, rex, after_clear = run(go())
    assert [r.metadata["name"] for r in found.results if r.metadata] == ["Tim"]
    assert holder["bible"].character("Rex").kind == "dog"
    assert [r.content if isinstance(r.content, str) else r.content["name"] for r in rex.results] == [
        "Rex", "Rex is afraid of thunder."]
    assert len(after_clear.results) == 1  # notes cleared, the bible kept
    holder["bible"] = StoryBible(title="new")
    assert run(memory.query("Rex")).results == []
