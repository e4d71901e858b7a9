"""The `animdirector` console script: global options, then one subcommand per feature."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from animdirector import __version__
from animdirector.config import ConfigError

# Each names a module in animdirector.commands with a `register(subparsers)` function.
COMMANDS = ["models", "runs", "transcripts", "run", "chat", "gallery", "batch"]

EPILOG = """examples:
  animdirector run scenarios/lost-kite.yaml           # make a film (about 10 minutes on 2 cores)
  animdirector batch stories.json --jobs 2            # many films, two at a time
  animdirector runs                                   # what has been made
  animdirector transcripts RUN --scene 2 --agent critic
  animdirector chat RUN --message "make Mia's dress green"
  animdirector models verify                          # is the LLM ready, how fast is it
  animdirector gallery --out gallery/                 # the renderer's library at a glance
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="animdirector",
        description="A multi-agent studio that turns a short story into an animated film.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--config", metavar="PATH", help="config.yaml to use (default: ./config.yaml, else the repo's)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    parser.add_argument("--version", action="version", version=f"animdirector {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"animdirector.commands.{name}").register(sub)
    return parser


def user_errors() -> tuple[type[BaseException], ...]:
    """Errors that are about the user's input or machine, shown as one line, not a traceback."""
    found: list[type[BaseException]] = [ConfigError, FileNotFoundError]
    for module, names in (
        ("animdirector.agents.llm", ("LLMError", "ModelWeightsError")),
        ("animdirector.tools.critic", ("CriticWeightsError", "CriticInputError")),
        ("animdirector.memory.store", ("StoreError",)),
        ("animdirector.tools.film", ("FilmError",)),
        ("animdirector.agents.structured", ("StepFailed",)),
        ("animdirector.tools.story.language", ("StoryLanguageError",)),
        ("animdirector.tools.speech.tts", ("VoiceMissing",)),
    ):
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        found += [getattr(mod, n) for n in names if hasattr(mod, n)]
    return tuple(found)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except user_errors() as exc:
        print(f"animdirector: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("animdirector: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`... --json | head -1`): that is an ordinary end, not an error.
        # stdout is pointed at devnull so the interpreter's own flush at exit stays quiet too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
