"""Every command line in the README's bash blocks runs as written, so an example can never go stale.

The lines run in the README's order, in one state directory (ANIMDIRECTOR_HOME in a temporary
folder), from a working folder that holds what the README's lines name: the repo's scenarios/,
a my-story.txt, and a config.yaml that picks the 0.5B model (`models verify` runs it for real).

- Lines that make a film (`run`, `chat`) run in-process through the CLI's `main()`, with the
  language model replayed (answers by schema, as in test_production_replay.py) and each scenario
  shrunk to two small scenes: the command line and the path through the code are the README's,
  only the film is smaller and the model scripted.
- The other lines run as a user runs them: in bash, pipes included.
- `RUN` stands for the run the README's first line made (the lost kite).
- The set-up commands (`./dev film`, `./dev test`) and `source .venv/bin/activate` are not run
  here (they install the machine, and `./dev test` runs this test): the test checks they are there.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.schema_replay import SchemaReplay
from test_production_replay import edit, shot, staging

from animdirector.cli import build_parser, main
from animdirector.config import REPO_ROOT
from animdirector.memory.store import RunStore

README = REPO_ROOT / "README.md"
SET_UP = ["./dev film", "./dev test"]
NOT_RUN = SET_UP + ["source .venv/bin/activate"]

# The story a user keeps in my-story.txt: its first line is the title.
MY_STORY = """Max and the Ball
Max was a little brown dog. He found a red ball in the park and ran after it.
At sunset his friend Lily threw the ball, and Max caught it and wagged his tail.
"""
# Small films: what the README's scenarios and stories become in this test.
SMALL = {"scenes": 2, "size": (320, 180), "fps": 12, "seconds_per_scene": 1.5}
SMALL_TEAM = {"candidates": 2, "max_rounds": 2}
# The 0.5B model, one thread: what `models verify` runs here.
TEST_CONFIG = "threads: 1\nllm:\n  embedded:\n    model: qwen2.5-0.5b\n"


def bash_lines(markdown: str) -> list[str]:
    """The lines of every ```bash block, in order, without blank lines."""
    blocks = re.findall(r"^```bash\n(.*?)^```", markdown, flags=re.M | re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def without_comment(line: str) -> list[str]:
    """The line's words as the shell splits them, the trailing `# ...` comment dropped."""
    return shlex.split(line, comments=True)


# --- the scripted model: answers for the README's two stories ---------------------------------------

CASTS = {  # a word of the story -> the writer's cast notes and the screenwriter's looks
    "Mia": ('{"characters": [{"name": "Mia", "kind": "girl"}, {"name": "Rex", "kind": "dog"}],'
            ' "objects": [{"noun": "kite", "colour": "red", "shape": "diamond"}]}',
            '{"characters": [{"name": "Mia", "look": "yellow dress, short black hair"},'
            ' {"name": "Rex", "look": "brown fur"}]}'),
    "Max": ('{"characters": [{"name": "Max", "kind": "dog"}, {"name": "Lily", "kind": "girl"}],'
            ' "objects": [{"noun": "ball", "colour": "red", "shape": "round"}]}',
            '{"characters": [{"name": "Max", "look": "brown fur"}, {"name": "Lily", "look": "pink dress"}]}'),
}


def _asked(messages) -> str:
    return next(m.content for m in messages if type(m).__name__ == "UserMessage")


def _cast_of(messages, which: int) -> str:
    story = _asked(messages)
    return next(answer[which] for word, answer in CASTS.items() if word in story)


def scene_draft(messages) -> str:
    """A scene at the first place offered, with everyone and everything its part of the story names."""
    asked = _asked(messages)
    listed = lambda label: [x for x in re.search(rf"^{label}: (.*)$", asked, re.M).group(1).split(", ") if x != "none"]
    part = asked.split("This scene's part of the story:\n", 1)[1]
    cast = [c for c in listed("Characters") if c in part] or listed("Characters")[:1]
    return json.dumps({"place": listed("Places")[0], "time_of_day": "morning", "characters": cast[:4],
                       "props": [o for o in listed("Objects") if o in part][:3],
                       "action": " ".join(part.split())[:140]})


def replayed_model(*_args, **_kwargs) -> SchemaReplay:
    """Stands in for `make_model_client`: the model every film-making line talks to."""
    return SchemaReplay({
        "CastNotes": [lambda m: _cast_of(m, 0)], "Looks": [lambda m: _cast_of(m, 1)],
        "SceneDraft": [scene_draft], "Staging": [staging], "ShotPlan": [shot],
        **edit("nothing"),  # the README's requests say their edits plainly: code reads them
    })


# --- running one line -----------------------------------------------------------------------------

class TerminalInput(io.StringIO):
    """What a person types at a terminal (chat asks only a terminal to go ahead)."""

    def isatty(self) -> bool:
        return True


def run_in_process(argv: list[str], monkeypatch) -> int:
    """A film-making line through the CLI's main(), with the model replayed and the film small."""
    from animdirector.commands import run as run_command

    load = run_command.load_scenario

    def small(path):
        scenario = load(path)
        return scenario.model_copy(update={**SMALL, "team": scenario.team.model_copy(update=SMALL_TEAM)})

    monkeypatch.setattr(run_command, "load_scenario", small)
    monkeypatch.setattr("animdirector.agents.llm.make_model_client", replayed_model)
    if argv[1] == "chat" and "--message" not in argv:
        # the conversation: one request, yes to the plan, then the end
        monkeypatch.setattr(sys, "stdin", TerminalInput("make Mia's dress green\ny\nquit\n"))
    return main(argv[1:])


def run_in_bash(line: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "100"}
    return subprocess.run(["bash", "-o", "pipefail", "-c", line], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def as_shell(words: list[str]) -> str:
    """Words back into a shell line, pipes kept as pipes."""
    return " ".join(w if w == "|" else shlex.quote(w) for w in words)


def flags_parse(argv: list[str]) -> None:
    build_parser().parse_args(argv[1:])  # argparse exits (SystemExit) on a flag it does not know


def help_examples() -> list[tuple[str, str]]:
    """(command, example line) for every example in every command's --help (indented lines that
    run animdirector; a pipe's animdirector part)."""

    def parsers(parser):
        yield parser
        for action in parser._actions:  # subcommands: an action whose choices map names to parsers
            choices = action.choices if isinstance(action.choices, dict) else {}
            for sub in choices.values():
                if isinstance(sub, type(parser)):
                    yield from parsers(sub)

    found = []
    for parser in parsers(build_parser()):
        for line in (parser.epilog or "").splitlines():
            if line.startswith("  ") and "animdirector " in line:
                found.append((parser.prog, next(part for part in line.split(" | ") if "animdirector " in part)))
    return found


# --- the tests ------------------------------------------------------------------------------------

def test_the_set_up_is_the_two_commands_and_everything_else_is_animdirector():
    commands = [" ".join(without_comment(line)) for line in bash_lines(README.read_text())]
    assert commands[:2] == SET_UP  # the README's first code: exactly the two set-up commands
    assert [c for c in commands if c.startswith("./dev")] == SET_UP
    assert "source .venv/bin/activate" in commands
    others = [c for c in commands if c not in NOT_RUN]
    assert others and all(c.startswith("animdirector ") for c in others), others


def test_every_readme_command_runs_as_written(tmp_path, monkeypatch, capsys, request):
    home = Path(os.environ["ANIMDIRECTOR_HOME"])
    try:  # the 0.5B model, linked into this test's state directory, for `models verify`
        request.getfixturevalue("small_model_home")
        have_small_model = True
    except pytest.skip.Exception:
        have_small_model = False
    work = tmp_path / "work"
    work.mkdir()
    (work / "scenarios").symlink_to(REPO_ROOT / "scenarios")
    (work / "my-story.txt").write_text(MY_STORY)
    (work / "config.yaml").write_text(TEST_CONFIG)
    monkeypatch.chdir(work)
    store = RunStore.at_home(home)

    run_id = None
    lines = [line for line in bash_lines(README.read_text()) if " ".join(without_comment(line)) not in NOT_RUN]
    for line in lines:
        words = without_comment(line)
        if run_id:
            words = [run_id if w == "RUN" else w for w in words]
        assert "RUN" not in words, f"{line}: RUN is used before a line that makes a run"
        command = words[1]
        if command in ("run", "chat"):
            versions_before = len(store.versions(run_id)) if run_id and command == "chat" else 0
            status = run_in_process(words, monkeypatch)
            out = capsys.readouterr()
            assert status == 0, f"{line}\n{out.out}\n{out.err}"
            if command == "run" and run_id is None:
                run_id = store.list_runs()[0].id  # the first film is the README's RUN
            if command == "chat":  # each request the README shows makes a new version
                assert len(store.versions(run_id)) == versions_before + 1, f"{line}\n{out.out}"
        elif command == "batch":
            # batch films every story in worker processes, which cannot be handed the replayed
            # model: only its flags are checked here (tests/test_batch.py films with it).
            flags_parse(words)
        elif command == "models" and words[2:3] == ["verify"] and not have_small_model:
            flags_parse(words)  # no 0.5B model installed to verify (the 1.5B is too slow for a test)
        else:
            done = run_in_bash(as_shell(words), work)
            assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
            assert done.stdout.strip(), f"{line} printed nothing"
    assert run_id is not None, "the README makes no film"
    runs = store.list_runs()
    assert {r.title for r in runs} == {"Mia and the Lost Kite", "Max and the Ball"}
    assert all(r.status == "done" for r in runs)
    # the gallery line wrote its contact sheets where it said
    assert any((work / "gallery").glob("*.png"))


def test_every_example_in_every_help_parses():
    """A newcomer copies these too: each must be a command line animdirector accepts."""
    examples = help_examples()
    assert len(examples) > 20 and {"animdirector", "animdirector run", "animdirector chat"} <= {p for p, _ in examples}
    for prog, line in examples:
        words = without_comment(line)
        words = words[words.index("animdirector"):]
        try:
            flags_parse(words)
        except SystemExit:
            pytest.fail(f"the example in `{prog} --help` does not parse: {line.strip()}")
