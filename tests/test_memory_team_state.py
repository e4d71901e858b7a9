"""An AutoGen team's save_state() survives the run store (JSON with datetimes) and loads back."""

from __future__ import annotations

import asyncio
import json

from autogen_agentchat.agents import AssistantAgent
from autogen_agentchat.conditions import MaxMessageTermination
from autogen_agentchat.teams import RoundRobinGroupChat
from autogen_ext.models.replay import ReplayChatCompletionClient
from pydantic_core import to_jsonable_python

from animdirector.memory import RunStore


def make_team() -> RoundRobinGroupChat:
    writer = AssistantAgent("writer", model_client=ReplayChatCompletionClient(["Mia runs.", "Tim waves."]))
    critic = AssistantAgent("critic", model_client=ReplayChatCompletionClient(["Approved.", "Approved again."]))
    return RoundRobinGroupChat([writer, critic], termination_condition=MaxMessageTermination(3))


def test_team_state_round_trips_through_the_store(tmp_path):
    async def go():
        team = make_team()
        await team.run(task="Scene 1: Mia flies her kite.")
        state = await team.save_state()
        with RunStore.at_home(tmp_path) as store:
            run = store.create_run("Kite")
            store.save_team_state(run.id, 1, 1, state)
            loaded = store.load_team_state(run.id, 1, 1)
        fresh = make_team()
        await fresh.load_state(loaded)
        return state, await fresh.save_state()

    state, reloaded = asyncio.run(go())
    as_json = json.loads(json.dumps(to_jsonable_python(state)))
    assert json.loads(json.dumps(to_jsonable_python(reloaded))) == as_json
    assert "Approved." in json.dumps(as_json)
