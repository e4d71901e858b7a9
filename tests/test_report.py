"""The HTML run report: everything a model wrote shows as text, never as markup, in a real browser."""

from __future__ import annotations

import base64
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from animdirector.report import (
    ReportData,
    SceneReport,
    TimelineEntry,
    VersionLink,
    relative_path,
    render_report,
    write_report,
)

XSS = "<script>alert(1)</script>"
# A payload that would leave a trace in the DOM if it ever ran (alert() leaves none in headless mode).
XSS_TRACE = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
BAD = XSS + XSS_TRACE


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def scene_image(path: Path, colour: tuple[int, int, int]) -> str:
    img = Image.new("RGB", (320, 180), colour)
    draw = ImageDraw.Draw(img)
    draw.ellipse([120, 40, 200, 120], fill=(250, 236, 190))
    draw.rectangle([0, 140, 320, 180], fill=(86, 130, 70))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)
    return path.name


def hostile_report(folder: Path) -> ReportData:
    """Model text in every text field is hostile; the paths are ordinary relative paths."""
    scenes = []
    for i, colour in enumerate([(120, 180, 220), (230, 170, 90), (140, 190, 120)], start=1):
        scene_image(folder / "scenes" / f"scene{i}.png", colour)
        scenes.append(SceneReport(
            index=i, title=f"Scene title {i} {BAD}", action=f"Action {BAD}", subtitle=f"Subtitle {i} {BAD}",
            image=f"scenes/scene{i}.png", clip=f"scenes/scene{i}.mp4", verdict=BAD, resolved=i != 3,
            rounds=i, scores={"alignment": 0.5 + i / 10, "subject_consistency": 0.9, BAD: 0.25}, faults=[BAD] if i == 3 else [],
            facts=[{"fact": f"Mia is in the picture {BAD}", "passed": True, "share": 1.0},
                   {"fact": "Mia hugs Rex: in contact", "passed": i != 3, "share": 0.25}],
            substitutions=[f"town square -> street, 0.73 {BAD}"],
            spoken=[("Narrator", f"Mia ran. {BAD}"), ("Mia", f"Look! {BAD}")] if i == 1 else [],
        ))
    timeline = [
        TimelineEntry(time="04:31:02", agent="writer", type="narrative", text=f"Mia finds a kite. {BAD}"),
        TimelineEntry(time=BAD, agent=BAD, type=BAD, scene=1, round=1, text=BAD, details=BAD),
        TimelineEntry(time="04:33:09", agent="art_director", type="tool_call", scene=1, round=1,
                      text="render_candidates(k=3)", details='{"k": 3}'),
        TimelineEntry(time="04:33:20", agent="critic", type="scores", scene=2, round=2, text="alignment 0.71"),
    ]
    return ReportData(
        title=f"The Lost Kite {BAD}", run_id=f"run-{BAD}", version=2, created="2026-11-22T04:45:00+00:00",
        film="film.mp4", poster="poster.png", storyboard="storyboard.png", scenes=scenes, timeline=timeline,
        versions=[VersionLink(version=1, path="../v1/report.html", reason=BAD),
                  VersionLink(version=2, path="report.html", reason=BAD)],
        stats={"wall time": "7 min", BAD: BAD},
        voices={"Narrator": "(base pitch, even pace)", BAD: BAD},
        subtitles_vtt=f"WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nMia ran. {BAD}\n",
    )


def test_all_model_text_is_escaped(tmp_path):
    page = render_report(hostile_report(tmp_path))
    assert XSS not in page and "<img src=x" not in page
    assert page.count("<script") == 1  # the report's own static filter script
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    own_script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    assert "alert" not in own_script


def test_paths_cannot_become_markup_or_a_scheme(tmp_path):
    data = hostile_report(tmp_path).model_copy(update={"film": 'javascript:alert(1)"><b>x', "poster": None})
    page = render_report(data)
    assert 'src="javascript:' not in page and "<b>x" not in page
    assert "javascript%3Aalert%281%29%22%3E%3Cb%3Ex" in page


def test_write_report_is_atomic_and_shows_badges(tmp_path):
    out = write_report(hostile_report(tmp_path), tmp_path / "report.html")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count('class="badge ok"') == 2 and page.count('class="badge warn"') == 1
    assert 'href="../v1/report.html"' in page and "v2 (this report)" in page
    assert "2026-11-22 04:45 UTC" in page
    assert 'class="ev minor"' in page  # tool calls and scores are folded in as smaller rows
    assert '<span class="sk">subject consistency</span>' in page  # a score's name reads as words
    # each scene's facts from the text, with how much of the clip shows them; a failed one opens the list
    assert page.count("The text says: 2 of 2 facts shown") == 2 and page.count("The text says: 1 of 2 facts shown") == 1
    assert page.count('<details class="facts" open>') == 1 and "25% of frames" in page
    assert page.count("Drawn as: town square -&gt; street, 0.73") == 3
    # the film's subtitles ride along as its <track> (inlined: a track file beside a report opened
    # from disk is refused by browsers), the voices are listed, and scene 1 shows who says what
    track = re.search(r'<track kind="subtitles" srclang="en" label="English" default src="data:text/vtt;base64,([^"]+)">', page)
    assert track and base64.b64decode(track.group(1)).decode().startswith("WEBVTT")
    assert "<b>Narrator</b> (base pitch, even pace)" in page
    assert '<span class="who">Mia:</span> Look!' in page
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert "http://" not in page and "https://" not in page  # no external resources


def test_relative_path_is_from_the_report_folder(tmp_path):
    report = tmp_path / "run" / "v2" / "report.html"
    assert relative_path(tmp_path / "run" / "v2" / "film.mp4", report) == "film.mp4"
    assert relative_path(tmp_path / "run" / "v1" / "report.html", report) == "../v1/report.html"


def test_empty_report_renders(tmp_path):
    data = ReportData(title="Nothing yet", run_id="r", version=1, created="not a date")
    page = render_report(data)
    assert "No film was made" in page and "No scenes." in page and "not a date" in page


def _chromium(args: list[str], profile: Path, timeout_s: float = 60) -> subprocess.CompletedProcess:
    """Runs headless chromium in its own process group, so a hung browser is killed whole.

    A page whose injected alert() ran never finishes loading in headless mode (the dialog
    blocks it): a timeout therefore fails the test as "a script ran".
    """
    binary = chromium_binary()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}"]
    proc = subprocess.Popen([binary, *flags, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"chromium did not finish in {timeout_s:.0f} s: a dialog from an injected script "
                    "(alert) is the usual cause")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.skipif(chromium_binary() is None,
                    reason="chromium is not installed (Debian: apt-get install chromium; ./dev test installs it)")
def test_report_in_headless_chromium(tmp_path):
    report = write_report(hostile_report(tmp_path), tmp_path / "report.html")
    url = report.resolve().as_uri()

    # 1. A screenshot that is not blank: the images and the warm page actually rendered.
    shot = tmp_path / "shot.png"
    done = _chromium([f"--screenshot={shot}", "--window-size=1280,2000", url], tmp_path / "profile1")
    assert shot.is_file(), done.stderr[-2000:]
    pixels = np.asarray(Image.open(shot).convert("RGB"), dtype=np.float32)
    assert pixels.shape[:2] == (2000, 1280)
    assert pixels.std() > 20, "the screenshot is (nearly) one colour"
    # The scene images (sky blue, orange, green) are on the page.
    flat = pixels.reshape(-1, 3)
    for colour in [(120, 180, 220), (230, 170, 90), (140, 190, 120)]:
        near = np.abs(flat - np.array(colour, np.float32)).max(axis=1) < 6
        assert near.sum() > 2000, f"scene image {colour} not visible in the screenshot"

    # 2. The DOM after load: the hostile text is text, no injected element exists or ran.
    dom = _chromium(["--dump-dom", url], tmp_path / "profile2").stdout
    assert "<main>" in dom, "chromium printed no DOM"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", dom, re.S)
    assert len(scripts) == 1 and "alert" not in scripts[0]
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0], "an injected onerror handler ran"
    assert "<img src=\"x\"" not in dom and "onerror" not in re.sub(r"&lt;img[^<]*", "", dom)
