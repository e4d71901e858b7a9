"""From a scenario to a film: set up the studio, let the director run it, cut the film, write the report.

This is the one place that wires the backends, the store and the agents together; the CLI's
`run` and `chat` commands and the tests all go through `produce_version`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from animdirector.config import Config, Scenario
from animdirector.memory.layout import artifacts_dir, version_dir
from animdirector.memory.store import RunStore, idem_key

log = logging.getLogger(__name__)


@dataclass
class Progress:
    """Callbacks the CLI shows (stage text, tokens as they arrive)."""

    on_status: Callable[[str], None] | None = None
    on_token: Callable[[str], None] | None = None


@dataclass
class VersionResult:
    run_id: str
    version: int
    out_dir: Path
    film: Path | None
    report: Path
    status: str  # done | partial
    seconds: dict[str, float]
    scenes_reused: list[int]
    scenes_made: list[int]
    sheets_made: list[str]
    scenes_new_sound: list[int] = field(default_factory=list)  # kept pictures whose speech was made again


def set_threads(threads: int) -> None:
    """One thread count for torch and the BLAS pools: two busy libraries on two cores slow each other."""
    import torch

    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    torch.set_num_threads(threads)
    # Offline by design, and no library progress bars inside ours.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def build_studio(config: Config, scenario: Scenario, store: RunStore, run_id: str, version: int,
                 progress: Progress | None = None, client=None):
    """Everything the roles need for one version of a run."""
    from animdirector.agents.llm import make_model_client
    from animdirector.agents.recorder import Recorder
    from animdirector.agents.studio import Studio
    from animdirector.tools.critic import get_critic
    from animdirector.tools.image import make_image_backend
    from animdirector.tools.story.language import require_readable
    from animdirector.tools.video import make_video_backend

    set_threads(config.threads)
    progress = progress or Progress()
    home = config.home()
    if client is None:
        client = make_model_client(config, seed=scenario.seed)
    model_name = config.llm.embedded.model if config.llm.backend == "embedded" else config.llm.openai.model
    foreign = require_readable(scenario.narrative, config.story.other_languages)
    audio = config.output.audio and not foreign
    if config.output.audio and foreign:
        log.warning("the bundled voice speaks English: this %s story's film is silent, with subtitles", foreign.name)
    if audio:  # before any work: a missing or altered voice names the package to reinstall
        from animdirector.tools.speech.tts import verify, voice_files

        verify(*voice_files())
    return Studio(
        config=config, scenario=scenario, team=scenario.team_config(config.team), client=client,
        critic=get_critic(config.critic, threads=config.threads), images=make_image_backend(config.images),
        video=make_video_backend(config.video),
        recorder=Recorder(store, run_id, version, model_name), artifacts=artifacts_dir(home, run_id),
        out_dir=version_dir(home, run_id, version), on_token=progress.on_token, on_status=progress.on_status,
        story_rules="off" if foreign else config.story.rules,  # the reader's facts of a story it cannot read mean nothing
        audio=audio,
    )


async def produce_version(studio, *, bible=None, script=None) -> VersionResult:
    """Film one version: pre-production (unless a bible and script are given), every scene, the cut, the report."""
    from animdirector.agents.director import Director

    from animdirector.memory.artifacts import atomic_write_text

    director = Director(studio)
    rec = studio.recorder
    started = time.perf_counter()
    atomic_write_text(studio.out_dir / "scenario.json", studio.scenario.model_dump_json(indent=1))
    if bible is not None and script is not None:
        atomic_write_text(studio.out_dir / "script.json", script.model_dump_json(indent=1))
        bible.save(studio.out_dir / "bible.json")
    production = await director.produce()
    studio.status("cutting the film")
    t0 = time.perf_counter()
    film = cut_film(studio, production)
    production.seconds["final cut"] = time.perf_counter() - t0
    status = "partial" if production.partial else "done"
    production.seconds["total"] = time.perf_counter() - started
    report = write_version_report(studio, production, film)
    rec.store.set_version_status(rec.run_id, rec.version, status)
    rec.store.set_run_status(rec.run_id, status)
    return VersionResult(
        rec.run_id, rec.version, studio.out_dir, film.film if film else None, report, status, production.seconds,
        [s.spec.index for s in production.scenes if s.reused_from is not None],
        [s.spec.index for s in production.scenes if s.reused_from is None and s.consensus is not None],
        production.sheets_made,
        [s.spec.index for s in production.scenes if s.new_sound],
    )


def cut_film(studio, production):
    from animdirector.tools.film import ClipSpec, assemble_film

    sc, out = studio.scenario, studio.config.output
    clips = []
    for s in production.scenes:
        if s.consensus is not None:
            c = s.consensus
            clips.append(ClipSpec(path=Path(c.clip), subtitle=c.subtitle, scene_index=s.spec.index,
                                  speech=Path(c.speech) if c.speech and Path(c.speech).exists() else None,
                                  cues=tuple(tuple(cue) for cue in c.cues)))
        else:
            clips.append(ClipSpec(path=Path(""), subtitle="", scene_index=s.spec.index,
                                  card_text=f"Scene {s.spec.index} could not be made: {s.error}"))
    result = assemble_film(
        clips, title=sc.title, out_dir=studio.out_dir, size=tuple(sc.size), fps=sc.fps,
        transition_s=out.transition_seconds, title_card_s=out.title_card_seconds,
        burn_subtitles=out.burn_subtitles, style=sc.style, threads=studio.config.threads,
    )
    store, rec = studio.recorder.store, studio.recorder
    for kind, path in (("film", result.film), ("subtitles", result.srt), ("subtitles", result.vtt),
                       ("poster", result.poster), ("storyboard", result.storyboard)):
        store.add_artifact(rec.run_id, path, kind)
    return result


def scene_substitutions(story: str, part: str, manifest_path: str | None) -> list[str]:
    """Every word of a scene drawn as something else: the story reader's groundings by meaning
    ("town square -> street, 0.73") and the renderer's own ("kite: drawn as ...")."""
    from animdirector.tools.render import Manifest
    from animdirector.tools.story.scenes import scene_reading

    notes = [p.grounding.note() for s in scene_reading(story, part).sentences for p in s.places
             if p.grounding.substituted]
    if manifest_path and Path(manifest_path).exists():
        notes += Manifest.model_validate_json(Path(manifest_path).read_text(encoding="utf-8")).substitutions
    return list(dict.fromkeys(notes))


def voices_in_words(bible) -> dict[str, str]:
    """Each speaker's voice as a reader of the report would say it: 'higher, quicker'."""
    if bible is None or not bible.narrator_voice:
        return {}

    def words(v: dict) -> str:
        pitch, pace = v.get("pitch_semitones", 0.0), v.get("length_scale", 1.0)
        tone = f"{abs(pitch):.0f} semitones {'higher' if pitch > 0 else 'lower'}" if abs(pitch) >= 0.5 else "base pitch"
        speed = "slower" if pace > 1.08 else "quicker" if pace < 0.94 else "even pace"
        return f"({tone}, {speed})"

    out = {"Narrator": words(bible.narrator_voice)}
    out |= {n: words(c.voice) for n, c in bible.characters.items() if c.voice}
    return out


def write_version_report(studio, production, film) -> Path:
    from animdirector.report import ReportData, SceneReport, TimelineEntry, VersionLink, relative_path, write_report

    rec, out_dir = studio.recorder, studio.out_dir
    store = rec.store

    report_path = out_dir / "report.html"

    def rel(path) -> str | None:
        return relative_path(path, report_path) if path else None

    scenes = []
    for s in production.scenes:
        c = s.consensus
        scenes.append(SceneReport(
            index=s.spec.index, title=s.spec.title, action=s.spec.action,
            subtitle=c.subtitle if c else "", image=rel(c.image) if c else None, clip=rel(c.clip) if c else None,
            verdict=("consensus" if c.resolved else "unresolved") + (f" (kept from version {s.reused_from})" if s.reused_from and s.reused_from != rec.version else "") if c else f"failed: {s.error}",
            resolved=bool(c and c.resolved), rounds=c.rounds if c else 0, scores=c.scores if c else {},
            faults=c.faults if c else [s.error or ""], facts=c.facts if c else [],
            spoken=[tuple(x) for x in c.lines] if c else [],
            substitutions=scene_substitutions(studio.scenario.narrative, s.spec.source, c.manifest if c else None),
        ))
    timeline = []
    for item in store.timeline(rec.run_id, rec.version):
        if item.kind == "event":
            timeline.append(TimelineEntry(time=item.created.strftime("%H:%M:%S"), agent=item.agent, type=item.type,
                                          scene=item.scene, round=item.round, text=item.text))
        elif item.kind == "tool_call":
            detail = f"{item.arguments}" + (f" -> error: {item.error}" if item.error else "")
            timeline.append(TimelineEntry(time=item.created.strftime("%H:%M:%S"), agent=item.agent, type="tool",
                                          scene=item.scene, round=item.round,
                                          text=f"{item.name} ({item.duration_s or 0:.2f} s)", details=detail[:2000]))
    versions = [
        VersionLink(version=v.number, path=f"../v{v.number}/report.html", reason=v.reason)
        for v in store.versions(rec.run_id) if v.number != rec.version
    ]
    stats = {
        **({"story facts": "not checked (story.rules: off)"} if studio.story_rules == "off" else {}),
        "LLM": rec.model, "tokens in / out": f"{rec.tokens_in} / {rec.tokens_out}",
        **{k: f"{v:.1f} s" for k, v in production.seconds.items()},
    }
    run = store.get_run(rec.run_id)
    data = ReportData(
        title=studio.scenario.title, run_id=rec.run_id, version=rec.version, created=run.created,
        film=rel(film.film) if film else None, poster=rel(film.poster) if film else None,
        subtitles_vtt=film.vtt.read_text(encoding="utf-8") if film and film.vtt else None,
        voices=voices_in_words(studio.bible),
        storyboard=rel(film.storyboard) if film else None, scenes=scenes, timeline=timeline,
        versions=versions, stats=stats,
    )
    return write_report(data, report_path)


def run_scenario(config: Config, scenario: Scenario, scenario_path: Path | None, *, resume: str | None = None,
                 progress: Progress | None = None, client=None) -> VersionResult:
    """Make a film from a scenario (a new run, or `resume` an interrupted one)."""
    store = RunStore.at_home(config.home())
    if resume:
        run = store.get_run(resume)
        version = store.latest_version(run.id)
        store.set_run_status(run.id, "running")
    else:
        run = store.create_run(scenario.title, scenario=scenario, config=config, scenario_path=scenario_path)
        version = 1
    try:
        studio = build_studio(config, scenario, store, run.id, version, progress, client)
        return asyncio.run(produce_version(studio))
    except BaseException:
        store.set_run_status(run.id, "failed")
        raise
    finally:
        store.close()


@dataclass
class ChatTurn:
    """One turn of the conversation with the director."""

    reply: str
    summaries: list[str]
    needs_confirmation: bool = False
    result: VersionResult | None = None
    plan_text: str = ""  # the plan as shown before any work: edits, what is made again, the time


def load_version(home: Path, run_id: str, version: int):
    """The bible, script and scenario a version was made from."""
    from animdirector.memory.bible import StoryBible
    from animdirector.memory.script import Script

    folder = version_dir(home, run_id, version)
    missing = [n for n in ("bible.json", "script.json", "scenario.json") if not (folder / n).exists()]
    if missing:
        raise FileNotFoundError(f"version {version} of run {run_id} has no {', '.join(missing)} in {folder} "
                                "(was it interrupted before its script was written? resume it first)")
    return (StoryBible.load(folder / "bible.json"), Script.model_validate_json((folder / "script.json").read_text()),
            Scenario.model_validate_json((folder / "scenario.json").read_text()))


def chat_turn(config: Config, run_id: str, request: str, *, yes: bool = False,
              confirm: Callable[[str], bool] | None = None, progress: Progress | None = None, client=None,
              conversation=None, show_plan: Callable[[str], None] | None = None) -> ChatTurn:
    """Answer one request: plan the edits, say what will be made again and how long it should
    take (`show_plan`), ask (`confirm`; without it only destructive edits need `yes`), and make
    the new version. `conversation` (agents.director_chat.Conversation) carries the session's
    memory from turn to turn."""
    from animdirector.agents.director_chat import Conversation, plan_request
    from animdirector.agents.llm import make_model_client
    from animdirector.memory.remake import forecast, seconds_per_scene

    store = RunStore.at_home(config.home())
    run = store.get_run(run_id)
    version = store.latest_version(run.id)
    bible, script, scenario = load_version(config.home(), run.id, version)
    progress = progress or Progress()
    conversation = conversation if conversation is not None else Conversation()
    set_threads(config.threads)
    if client is None:
        client = make_model_client(config, seed=scenario.seed)
    versions = [v.number for v in store.versions(run.id)]
    if progress.on_status:
        progress.on_status("director: reading your request")
    plan, answers = asyncio.run(plan_request(client, request, bible, script, scenario.style, version, versions,
                                            seed=scenario.seed, on_token=progress.on_token,
                                            conversation=conversation))
    turn_no = sum(1 for e in store.messages(run.id) if e.type == "request") + 1

    def key(step: str) -> str:
        return idem_key(run.id, version, None, None, f"chat-turn-{turn_no}/{step}")

    reply = plan.reply
    plan_text = reply
    if plan.changes:
        if plan.revert_to is not None:
            target = load_version(config.home(), run.id, plan.revert_to)
            after = (target[0], target[1], target[2].style)
        else:
            after = (plan.bible, plan.script, plan.style)
        coming = forecast((bible, script, scenario.style), after)
        old_scenes = {r.index for r in store.scenes(run.id, version) if r.picture_hash is None}
        if set(coming.new_sound) & old_scenes:  # made before pictures were kept apart from their sound
            coming.made = sorted(set(coming.made) | (set(coming.new_sound) & old_scenes))
            coming.new_sound = [i for i in coming.new_sound if i not in old_scenes]
            reply += (" This version was made before an older animdirector kept pictures apart from their sound, "
                      "so those scenes are made again in full.")
        timing = seconds_per_scene(store)
        if timing:
            coming.seconds = len(coming.made) * timing[0] + len(coming.new_sound) * timing[1]
        plan_text = " ".join([reply, *coming.sentences()])
    conversation.remember(request, plan)
    store.add_message(run.id, version, "user", request, idem_key=key("request"), type="request")
    store.add_message(run.id, version, "director", plan_text, idem_key=key("reply"),
                      type="reply", payload={"edits": [e.model_dump() for e in plan.edits], "summaries": plan.summaries,
                                             "refusals": plan.refusals, "questions": plan.questions},
                      # None when code planned it all: no model was asked
                      tokens_in=sum(a.prompt_tokens for a in answers) if answers else None,
                      tokens_out=sum(a.completion_tokens for a in answers) if answers else None,
                      latency_s=sum(a.seconds for a in answers) if answers else None)
    if not plan.changes:
        return ChatTurn(reply, [], plan_text=plan_text)
    if show_plan:
        show_plan(plan_text)
    if not yes:
        asked = confirm is not None or plan.destructive
        if asked and (confirm is None or not confirm(plan_text)):
            store.add_message(run.id, version, "director", "Not done: the plan was not confirmed.",
                              idem_key=key("declined"), type="declined")
            return ChatTurn(reply + " (not done: confirm with --yes)", plan.summaries, needs_confirmation=True,
                            plan_text=plan_text)
    if plan.revert_to is not None:
        bible, script, scenario = load_version(config.home(), run.id, plan.revert_to)
    else:
        bible, script = plan.bible, plan.script
        scenario = scenario.model_copy(update={"style": plan.style})
    new_version = store.add_version(run.id, reason=request, changes={"edits": plan.summaries}, parent=version)
    try:
        studio = build_studio(config, scenario, store, run.id, new_version, progress, client)
        result = asyncio.run(produce_version(studio, bible=bible, script=script))
        store.add_message(run.id, new_version, "director", describe_result(result), idem_key=key("result"), type="result",
                          payload={"version": result.version, "made": result.scenes_made,
                                   "kept": result.scenes_reused, "sheets": result.sheets_made})
    finally:
        store.close()
    return ChatTurn(reply, plan.summaries, result=result, plan_text=plan_text)


def describe_result(result: VersionResult) -> str:
    """What a new version made, as a sentence."""
    from animdirector.memory.remake import and_list

    kept = [n for n in result.scenes_reused if n not in result.scenes_new_sound]
    parts = [f"Version {result.version} is {'ready' if result.status == 'done' else result.status}.",
             f"Scenes made again: {and_list(map(str, result.scenes_made)) or 'none'}.",
             f"Kept: {and_list(map(str, kept)) or 'none'}."]
    if result.scenes_new_sound:
        parts.append(f"New sound only: {and_list(map(str, result.scenes_new_sound))}.")
    parts.append(f"Reference sheets made again: {and_list(result.sheets_made) or 'none'}.")
    return " ".join(parts)
