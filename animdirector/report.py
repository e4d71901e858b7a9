"""The run report: one static HTML file per run version, readable offline in any browser.

It shows the film, the poster, a storyboard of the scenes (image, subtitle, clip), each
scene's scores and verdict, and the whole transcript as a timeline. Everything a model
wrote is escaped (`html.escape`) before it reaches the page, and every path is
URL-quoted, so model text can never add markup, scripts or links. No external resources:
the CSS is inline and the only script is a small static filter for the timeline.
"""

from __future__ import annotations

import hashlib
import html
import base64
import math
import os
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VersionLink(_Model):
    """Another version of the same run; path is relative to this report file."""

    version: int
    path: str
    reason: str = ""


class SceneReport(_Model):
    index: int
    title: str = ""
    action: str = ""
    subtitle: str = ""
    spoken: list[tuple[str, str]] = Field(default_factory=list)  # (speaker, words) as the film says them
    image: str | None = None  # relative to the report file
    clip: str | None = None  # relative to the report file
    verdict: str = ""
    resolved: bool = False
    rounds: int = 0
    scores: dict[str, float] = Field(default_factory=dict)
    faults: list[str] = Field(default_factory=list)
    facts: list[dict] = Field(default_factory=list)  # the text's facts as the clip shows them (fact, passed, share)
    substitutions: list[str] = Field(default_factory=list)  # words drawn as something else ("square -> street, 0.61")


class TimelineEntry(_Model):
    """One transcript event: a message, a tool call, a score, a consensus."""

    time: str
    agent: str
    type: str
    scene: int | None = None
    round: int | None = None
    text: str = ""
    details: str | None = None  # arguments, results, raw JSON: folded away by default


class ReportData(_Model):
    title: str
    run_id: str
    version: int
    created: datetime | str
    film: str | None = None
    # The film's WebVTT cues, inlined as the <track>'s data: URL (a browser refuses a track file
    # next to a report opened from disk: file:// is cross-origin for tracks).
    subtitles_vtt: str | None = None
    poster: str | None = None
    storyboard: str | None = None
    voices: dict[str, str] = Field(default_factory=dict)  # speaker -> how the voice is made, in words
    scenes: list[SceneReport] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    versions: list[VersionLink] = Field(default_factory=list)
    stats: dict[str, str] = Field(default_factory=dict)


# --- helpers -------------------------------------------------------------------------------------


def _e(text: object) -> str:
    """Escapes any text for element content and quoted attributes."""
    return html.escape("" if text is None else str(text), quote=True)


def _url(path: str | None) -> str:
    """A relative path as a safe URL: quoted, so 'javascript:' or '"' cannot become markup or a scheme."""
    if not path:
        return ""
    return _e(quote(path.replace(os.sep, "/"), safe="/-_.~"))


# Fixed colours for the team; any other speaker gets one of the spare colours by name hash.
AGENT_COLOURS = {
    "director": "#8e4a2c",
    "writer": "#b5651d",
    "screenwriter": "#6a7f2a",
    "art_director": "#b0416b",
    "cinematographer": "#2f6f8f",
    "critic": "#6b4fa0",
    "user": "#3d5a80",
    "system": "#7a6a58",
    "tool": "#7a6a58",
}
SPARE_COLOURS = ["#a05a2c", "#4f7a55", "#9a4d8f", "#2c6e7a", "#8a6d1f", "#5d5fa8"]


def agent_colour(agent: str) -> str:
    key = agent.strip().lower().replace(" ", "_").replace("-", "_")
    if key in AGENT_COLOURS:
        return AGENT_COLOURS[key]
    digest = hashlib.sha1(key.encode("utf-8")).digest()
    return SPARE_COLOURS[digest[0] % len(SPARE_COLOURS)]


def _is_minor(entry: TimelineEntry) -> bool:
    """Tool calls, tool results and scores are folded in as smaller rows under the messages."""
    kind = entry.type.lower()
    return any(word in kind for word in ("tool", "score", "render", "metric"))


def _fmt_score(value: float) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.2f}"


def _fmt_created(created: datetime | str) -> str:
    if isinstance(created, str):
        try:  # ISO strings from the run store read better as dates; anything else is shown as given
            created = datetime.fromisoformat(created.strip())
        except ValueError:
            return created
    if isinstance(created, datetime):
        if created.tzinfo is None:  # no zone given: show the clock time as recorded
            return created.strftime("%Y-%m-%d %H:%M")
        return created.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return str(created)


# --- sections ------------------------------------------------------------------------------------


def _header(data: ReportData) -> str:
    chips = "".join(
        f'<div class="stat"><span class="stat-k">{_e(k)}</span><span class="stat-v">{_e(v)}</span></div>'
        for k, v in data.stats.items()
    )
    resolved = sum(1 for s in data.scenes if s.resolved)
    summary = (f"{len(data.scenes)} scene{'s' if len(data.scenes) != 1 else ''}, "
               f"{resolved} by consensus") if data.scenes else "no scenes"
    return f"""
<header class="top">
  <div class="eyebrow">animdirector · run report</div>
  <h1>{_e(data.title)}</h1>
  <div class="meta">
    <span>run <code>{_e(data.run_id)}</code></span>
    <span class="ver">version {_e(data.version)}</span>
    <span>{_e(_fmt_created(data.created))}</span>
    <span>{_e(summary)}</span>
  </div>
  {f'<div class="stats">{chips}</div>' if chips else ''}
</header>"""


def _versions(data: ReportData) -> str:
    if not data.versions:
        return ""
    items = []
    for v in sorted(data.versions, key=lambda v: v.version):
        current = v.version == data.version
        label = f"v{v.version}"
        link = (f'<span class="vcur">{_e(label)} (this report)</span>' if current
                else f'<a href="{_url(v.path)}">{_e(label)}</a>')
        reason = f' <span class="vreason">{_e(v.reason)}</span>' if v.reason else ""
        items.append(f"<li>{link}{reason}</li>")
    return f'<nav class="card versions" aria-label="versions"><h2>Versions</h2><ol>{"".join(items)}</ol></nav>'


def _film(data: ReportData) -> str:
    if data.film:
        poster = f' poster="{_url(data.poster)}"' if data.poster else ""
        player = (f'<video class="film" controls preload="metadata"{poster}>'
                  f'<source src="{_url(data.film)}" type="video/mp4">'
                  + (f'<track kind="subtitles" srclang="en" label="English" default src="data:text/vtt;base64,'
                     f'{base64.b64encode(data.subtitles_vtt.encode("utf-8")).decode("ascii")}">'
                     if data.subtitles_vtt else "") +
                  f'Your browser cannot play this video: <a href="{_url(data.film)}">download the film</a>.'
                  f"</video>")
    elif data.poster:
        player = f'<img class="film" src="{_url(data.poster)}" alt="poster">'
    else:
        player = '<div class="film empty">No film was made in this version.</div>'
    links = []
    for label, path in (("film", data.film), ("poster", data.poster), ("storyboard sheet", data.storyboard)):
        if path:
            links.append(f'<a href="{_url(path)}">{_e(label)}</a>')
    files = f'<div class="files">Files: {" · ".join(links)}</div>' if links else ""
    voices = ""
    if data.voices:
        voices = ('<div class="voices">Voices: ' + "; ".join(f"<b>{_e(who)}</b> {_e(how)}" for who, how in data.voices.items())
                  + "</div>")
    return f'<section class="card filmcard"><h2>The film</h2>{player}{files}{voices}</section>'


def _score_rows(scores: dict[str, float]) -> str:
    rows = []
    for name, value in scores.items():
        bar = ""
        if value is not None and not math.isnan(value) and 0.0 <= value <= 1.0:
            bar = f'<span class="bar"><span style="width:{value * 100:.0f}%"></span></span>'
        # score keys are identifiers ("subject_consistency"): shown as words, so they wrap between them
        rows.append(f'<div class="score"><span class="sk">{_e(name.replace("_", " "))}</span>{bar}'
                    f'<span class="sv">{_e(_fmt_score(value))}</span></div>')
    return f'<div class="scores">{"".join(rows)}</div>' if rows else ""


def _scene(scene: SceneReport) -> str:
    badge = ('<span class="badge ok">consensus</span>' if scene.resolved
             else '<span class="badge warn">unresolved</span>')
    if scene.image:
        media = f'<img src="{_url(scene.image)}" alt="scene {_e(scene.index)}" loading="lazy">'
    else:
        media = '<div class="noimg">no image</div>'
    clip = ""
    if scene.clip:
        poster = f' poster="{_url(scene.image)}"' if scene.image else ""
        clip = (f'<details class="clip"><summary>Play clip</summary>'
                f'<video controls muted loop preload="none"{poster}>'
                f'<source src="{_url(scene.clip)}" type="video/mp4"></video></details>')
    faults = ""
    if scene.faults:
        faults = ('<ul class="faults">' + "".join(f"<li>{_e(f)}</li>" for f in scene.faults) + "</ul>")
    facts = ""
    if scene.facts:
        rows = "".join(
            f'<li class="{"pass" if f.get("passed") else "fail"}"><span class="mark">{"✓" if f.get("passed") else "✗"}</span>'
            f'{_e(f.get("fact", ""))} <span class="share">{f.get("share", 0):.0%} of frames</span></li>'
            for f in scene.facts)
        facts = f'<details class="facts"{"" if all(f.get("passed") for f in scene.facts) else " open"}><summary>' \
                f'The text says: {sum(bool(f.get("passed")) for f in scene.facts)} of {len(scene.facts)} facts shown' \
                f'</summary><ul>{rows}</ul></details>'
    subs = ""
    if scene.substitutions:
        subs = ('<p class="subs">Drawn as: ' + "; ".join(_e(x) for x in scene.substitutions) + "</p>")
    title = f'<span class="stitle">{_e(scene.title)}</span>' if scene.title else ""
    if scene.spoken:
        subtitle = '<div class="spoken">' + "".join(
            f'<p class="subtitle"><span class="who">{_e(who)}:</span> {_e(words)}</p>' for who, words in scene.spoken) + "</div>"
    else:
        subtitle = f'<p class="subtitle">{_e(scene.subtitle)}</p>' if scene.subtitle else ""
    action = f'<p class="action">{_e(scene.action)}</p>' if scene.action else ""
    verdict = f'<span class="verdict">{_e(scene.verdict)}</span>' if scene.verdict else ""
    rounds = f'{scene.rounds} round{"s" if scene.rounds != 1 else ""}'
    return f"""
<article class="scene" id="scene-{_e(scene.index)}">
  <div class="media">{media}<span class="num">{_e(scene.index)}</span></div>
  <div class="body">
    <div class="shead">{title}</div>
    {subtitle}
    {action}
    <div class="vline">{badge}<span class="rounds">{_e(rounds)}</span>{verdict}</div>
    {_score_rows(scene.scores)}
    {faults}
    {facts}
    {subs}
    {clip}
  </div>
</article>"""


def _storyboard(data: ReportData) -> str:
    if not data.scenes:
        return '<section class="card"><h2>Storyboard</h2><p class="muted">No scenes.</p></section>'
    cards = "".join(_scene(s) for s in sorted(data.scenes, key=lambda s: s.index))
    return f'<section class="card"><h2>Storyboard</h2><div class="grid">{cards}</div></section>'


def _timeline(data: ReportData) -> str:
    if not data.timeline:
        return '<section class="card"><h2>Transcript</h2><p class="muted">No transcript recorded.</p></section>'
    scenes = sorted({e.scene for e in data.timeline if e.scene is not None})
    agents = sorted({e.agent for e in data.timeline})
    options = '<option value="">all scenes</option><option value="none">pre-production</option>' + "".join(
        f'<option value="{_e(s)}">scene {_e(s)}</option>' for s in scenes)
    agent_opts = '<option value="">all agents</option>' + "".join(
        f'<option value="{_e(a)}">{_e(a)}</option>' for a in agents)
    rows = []
    current_scene: object = object()
    for entry in data.timeline:
        if entry.scene != current_scene:
            current_scene = entry.scene
            label = "Pre-production" if entry.scene is None else f"Scene {entry.scene}"
            scene_key = "none" if entry.scene is None else str(entry.scene)
            rows.append(f'<li class="divider" data-scene="{_e(scene_key)}">{_e(label)}</li>')
        minor = _is_minor(entry)
        colour = agent_colour(entry.agent)
        tags = []
        if entry.scene is not None:
            tags.append(f'<span class="tag">scene {_e(entry.scene)}</span>')
        if entry.round is not None:
            tags.append(f'<span class="tag">round {_e(entry.round)}</span>')
        text = f'<div class="text">{_e(entry.text)}</div>' if entry.text else ""
        details = (f'<details class="more"><summary>details</summary><pre>{_e(entry.details)}</pre></details>'
                   if entry.details else "")
        scene_key = "none" if entry.scene is None else str(entry.scene)
        rows.append(f"""
<li class="ev{' minor' if minor else ''}" style="--agent:{colour}" data-scene="{_e(scene_key)}" data-agent="{_e(entry.agent)}">
  <div class="when">{_e(entry.time)}</div>
  <div class="what">
    <div class="who"><span class="agent">{_e(entry.agent)}</span><span class="type">{_e(entry.type)}</span>{''.join(tags)}</div>
    {text}{details}
  </div>
</li>""")
    return f"""
<section class="card" id="transcript">
  <h2>Transcript <span class="count">{len(data.timeline)} events</span></h2>
  <div class="filters">
    <label>Scene <select id="f-scene">{options}</select></label>
    <label>Agent <select id="f-agent">{agent_opts}</select></label>
    <label><input type="checkbox" id="f-minor" checked> tool calls and scores</label>
  </div>
  <ol class="timeline">{''.join(rows)}</ol>
</section>"""


# A static script (no model text inside): filters the timeline by scene, agent and row kind.
_SCRIPT = """
(function () {
  var s = document.getElementById('f-scene'), a = document.getElementById('f-agent'),
      m = document.getElementById('f-minor');
  if (!s) return;
  function apply() {
    document.querySelectorAll('.timeline > li').forEach(function (li) {
      var ok = (!s.value || li.dataset.scene === s.value);
      if (li.classList.contains('ev')) {
        ok = ok && (!a.value || li.dataset.agent === a.value) && (m.checked || !li.classList.contains('minor'));
      } else {
        ok = ok && !a.value;
      }
      li.hidden = !ok;
    });
  }
  [s, a, m].forEach(function (el) { el.addEventListener('change', apply); });
})();
"""

_CSS = """
:root {
  --paper: #fdf3de; --paper-2: #f6e2bd; --card: #fffaf0; --ink: #4a2c17; --ink-2: #7a5a40;
  --accent: #d67848; --accent-2: #f2b880; --line: #ecd3ad; --ok: #4f8a4b; --warn: #c4811a; --bad: #b5473a;
}
* { box-sizing: border-box; }
html { background: var(--paper-2); }
body {
  margin: 0; min-height: 100vh; color: var(--ink); line-height: 1.5;
  font: 16px/1.5 "DejaVu Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif;
  background: linear-gradient(180deg, var(--paper) 0%, var(--paper-2) 100%) fixed;
}
main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 64px; }
h1, h2 { font-family: "DejaVu Serif", Georgia, "Times New Roman", serif; color: var(--ink); }
h1 { font-size: 40px; line-height: 1.15; margin: 4px 0 10px; overflow-wrap: anywhere; }
h2 { font-size: 22px; margin: 0 0 14px; }
code { font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: .9em; background: var(--paper-2);
  padding: 1px 6px; border-radius: 6px; }
a { color: #a4502a; }
.muted { color: var(--ink-2); }
.top { padding: 8px 0 18px; border-bottom: 3px double var(--accent); margin-bottom: 22px; }
.eyebrow { text-transform: uppercase; letter-spacing: .14em; font-size: 12px; color: var(--accent); font-weight: 700; }
.meta { display: flex; flex-wrap: wrap; gap: 8px 18px; color: var(--ink-2); font-size: 14px; }
.meta .ver { background: var(--accent); color: #fff; border-radius: 999px; padding: 0 10px; font-weight: 700; }
.stats { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 14px; }
.stat { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 4px 12px;
  font-size: 13px; display: flex; gap: 8px; }
.stat-k { color: var(--ink-2); } .stat-v { font-weight: 700; overflow-wrap: anywhere; }
.layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(220px, 1fr); gap: 22px; align-items: start; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 18px; padding: 20px 22px;
  box-shadow: 0 2px 0 var(--line), 0 10px 24px rgba(120, 70, 20, .08); margin-bottom: 22px; }
.film { width: 100%; display: block; border-radius: 12px; background: #2b1a0e; aspect-ratio: 16 / 9; object-fit: contain; }
.film.empty { display: flex; align-items: center; justify-content: center; color: var(--paper); font-size: 18px; }
.files { margin-top: 10px; font-size: 14px; color: var(--ink-2); }
.versions ol { list-style: none; margin: 0; padding: 0; }
.versions li { padding: 7px 0; border-bottom: 1px dashed var(--line); font-size: 14px; }
.versions li:last-child { border-bottom: 0; }
.versions a, .vcur { font-weight: 700; }
.vcur { color: var(--accent); }
.vreason { color: var(--ink-2); display: block; overflow-wrap: anywhere; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 20px; }
.scene { background: #fff; border: 1px solid var(--line); border-radius: 14px; overflow: hidden;
  display: flex; flex-direction: column; }
.media { position: relative; background: var(--paper-2); aspect-ratio: 16 / 9; }
.media img { width: 100%; height: 100%; object-fit: cover; display: block; }
.noimg { display: flex; height: 100%; align-items: center; justify-content: center; color: var(--ink-2); }
.num { position: absolute; left: 10px; top: 10px; background: var(--accent); color: #fff; font-weight: 700;
  border-radius: 999px; min-width: 30px; height: 30px; display: flex; align-items: center; justify-content: center;
  padding: 0 8px; box-shadow: 0 2px 6px rgba(0,0,0,.25); }
.body { padding: 12px 14px 14px; display: flex; flex-direction: column; gap: 8px; }
.stitle { font-weight: 700; font-size: 17px; overflow-wrap: anywhere; }
.subtitle { margin: 0; font-family: "DejaVu Serif", Georgia, serif; font-style: italic; color: var(--ink);
  border-left: 3px solid var(--accent-2); padding-left: 10px; overflow-wrap: anywhere; }
.action { margin: 0; font-size: 14px; color: var(--ink-2); overflow-wrap: anywhere; }
.vline { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; font-size: 13px; }
.badge { border-radius: 999px; padding: 1px 10px; font-weight: 700; font-size: 12px; text-transform: uppercase;
  letter-spacing: .05em; color: #fff; }
.badge.ok { background: var(--ok); } .badge.warn { background: var(--warn); }
.rounds { color: var(--ink-2); }
.verdict { color: var(--ink-2); font-style: italic; overflow-wrap: anywhere; }
.scores { display: grid; gap: 4px; }
.score { display: grid; grid-template-columns: minmax(0, 1.4fr) minmax(32px, 1fr) 40px; align-items: center; gap: 8px; font-size: 13px; }
.sk { color: var(--ink-2); overflow-wrap: break-word; } .sv { text-align: right; font-variant-numeric: tabular-nums; font-weight: 700; }
.bar { height: 8px; background: var(--paper-2); border-radius: 99px; overflow: hidden; }
.bar > span { display: block; height: 100%; background: linear-gradient(90deg, var(--accent-2), var(--accent)); }
.faults { margin: 0; padding-left: 18px; font-size: 13px; color: var(--bad); }
.faults li { overflow-wrap: anywhere; }
.spoken .who { font-style: normal; font-weight: 700; color: var(--ink-2); font-family: "DejaVu Sans", sans-serif; font-size: 13px; }
.voices { margin-top: 8px; font-size: 13px; color: var(--ink-2); overflow-wrap: anywhere; }
.facts summary { cursor: pointer; font-size: 13px; color: var(--ink-2); }
.facts ul { margin: 6px 0 0; padding: 0; list-style: none; font-size: 13px; }
.facts li { overflow-wrap: anywhere; } .facts .mark { display: inline-block; width: 1.3em; font-weight: 700; }
.facts .pass .mark { color: var(--ok); } .facts .fail { color: var(--bad); }
.facts .share { color: var(--ink-2); font-size: 12px; }
.subs { margin: 0; font-size: 13px; color: var(--ink-2); overflow-wrap: anywhere; }
.clip summary { cursor: pointer; color: #a4502a; font-size: 14px; font-weight: 700; }
.clip video { width: 100%; margin-top: 8px; border-radius: 8px; background: #2b1a0e; }
.count { font-family: "DejaVu Sans", sans-serif; font-size: 13px; color: var(--ink-2); font-weight: 400; margin-left: 8px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 18px; margin-bottom: 14px; font-size: 14px; color: var(--ink-2); }
.filters input { accent-color: var(--accent); }
.filters select { font: inherit; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 2px 6px; color: var(--ink); }
.timeline { list-style: none; margin: 0; padding: 0; position: relative; }
.timeline::before { content: ""; position: absolute; left: 92px; top: 0; bottom: 0; width: 2px; background: var(--line); }
.divider { margin: 18px 0 8px 110px; font-family: "DejaVu Serif", Georgia, serif; font-weight: 700;
  color: var(--accent); font-size: 15px; }
.ev { display: grid; grid-template-columns: 80px minmax(0, 1fr); gap: 30px; padding: 6px 0; position: relative; }
.ev::before { content: ""; position: absolute; left: 87px; top: 14px; width: 12px; height: 12px; border-radius: 50%;
  background: var(--agent); border: 2px solid var(--card); }
.when { text-align: right; font-size: 12px; color: var(--ink-2); padding-top: 6px; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.what { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--agent); border-radius: 10px; padding: 8px 12px; min-width: 0; }
.who { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: baseline; font-size: 13px; }
.agent { color: var(--agent); font-weight: 700; font-size: 14px; overflow-wrap: anywhere; }
.type { color: var(--ink-2); font-family: "DejaVu Sans Mono", monospace; font-size: 12px; overflow-wrap: anywhere; }
.tag { background: var(--paper); border: 1px solid var(--line); border-radius: 999px; padding: 0 8px; font-size: 11px; color: var(--ink-2); }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin-top: 4px; }
.ev.minor { padding: 2px 0; }
.ev.minor::before { width: 8px; height: 8px; left: 89px; top: 10px; }
.ev.minor .what { background: transparent; border: 0; border-left: 2px dotted var(--agent); border-radius: 0; padding: 2px 10px; font-size: 13px; }
.ev.minor .text { color: var(--ink-2); margin-top: 0; }
.more summary { cursor: pointer; color: var(--ink-2); font-size: 12px; }
.more pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--paper); border-radius: 8px; padding: 8px 10px;
  font: 12px/1.45 "DejaVu Sans Mono", Menlo, monospace; max-height: 320px; overflow: auto; margin: 6px 0 0; }
footer { text-align: center; color: var(--ink-2); font-size: 13px; margin-top: 30px; }
@media (max-width: 860px) {
  .layout { grid-template-columns: 1fr; }
  .timeline::before, .ev::before { display: none; }
  .ev { grid-template-columns: 1fr; gap: 2px; } .when { text-align: left; padding: 0; }
  .divider { margin-left: 0; }
}
"""


def render_report(data: ReportData) -> str:
    """The report as one HTML string (write_report writes it atomically)."""
    side = _versions(data)
    body = (f'<div class="layout"><div>{_film(data)}</div><aside>{side}</aside></div>' if side
            else _film(data))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; media-src 'self'">
<title>{_e(data.title)} · v{_e(data.version)}</title>
<style>{_CSS}</style>
</head>
<body>
<main>
{_header(data)}
{body}
{_storyboard(data)}
{_timeline(data)}
<footer>Made by animdirector · run {_e(data.run_id)} · version {_e(data.version)}</footer>
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def relative_path(target: Path | str, report_path: Path | str) -> str:
    """target's path as seen from the report file (for ReportData's film, image, clip... fields)."""
    return Path(os.path.relpath(Path(target).resolve(), Path(report_path).resolve().parent)).as_posix()


def write_report(data: ReportData, out_path: Path) -> Path:
    """Writes the report to out_path atomically (temp file in the same folder, then os.replace).

    Paths inside `data` (film, poster, images, clips, other versions) must be relative to
    out_path's folder, so the run folder can be moved or zipped and still open offline.
    """
    from animdirector.memory.artifacts import atomic_write_text

    return atomic_write_text(Path(out_path), render_report(data))
