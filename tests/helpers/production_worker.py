"""The real production (renderer, critic, store, film) with scripted model answers, in its own
process, killing itself with SIGKILL at a chosen point: for the resume tests.

    python production_worker.py HOME [--resume RUN] [--kill-at WHAT:N]

WHAT is where the N-th time (counted in this process) it happens:
  llm      inside a model call, before the answer comes back
  render   inside a scene render, before the image is written
  db       inside a message insert, with the transaction open and the row written
  replace  inside an atomic write, the temporary file complete but not yet renamed
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TESTS))

from helpers.schema_replay import SchemaReplay  # noqa: E402
from test_production_replay import SCENARIO, answers  # noqa: E402

from animdirector.config import Config, load_scenario  # noqa: E402
from animdirector.memory import store as store_module  # noqa: E402
from animdirector.production import run_scenario  # noqa: E402


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def arm(what: str, n: int, client: SchemaReplay) -> None:
    count = {"n": 0}

    def hit() -> bool:
        count["n"] += 1
        return count["n"] == n

    if what == "llm":
        create = client.create

        async def create_and_maybe_die(*args, **kwargs):
            if hit():
                die()
            return await create(*args, **kwargs)

        client.create = create_and_maybe_die
    elif what == "render":
        import animdirector.tools.image as image

        render_scene = image.render_scene

        def render_and_maybe_die(*args, **kwargs):
            result = render_scene(*args, **kwargs)
            if hit():
                die()
            return result

        image.render_scene = render_and_maybe_die
    elif what == "db":
        add_message = store_module.RunStore.add_message

        def add_and_maybe_die(self, run_id, version, agent, text, *, idem_key, **kwargs):
            if hit():
                with self._tx() as conn:
                    conn.execute(
                        "INSERT OR IGNORE INTO events (run, version, agent, text, created, idem_key)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        (run_id, version, agent, text, store_module.now_iso(), idem_key),
                    )
                    die()
            return add_message(self, run_id, version, agent, text, idem_key=idem_key, **kwargs)

        store_module.RunStore.add_message = add_and_maybe_die
    elif what == "replace":
        replace = os.replace

        def replace_and_maybe_die(src, dst, *args, **kwargs):
            if hit():
                die()
            return replace(src, dst, *args, **kwargs)

        os.replace = replace_and_maybe_die
    else:
        raise SystemExit(f"--kill-at {what}: expected llm, render, db or replace")


def make_config(home: Path) -> Config:
    """The same config as tests/test_production_replay.py's fixture."""
    from animdirector.tools.critic.arch import BUNDLED_ARCH, BUNDLED_WEIGHTS
    from animdirector.tools.critic.loading import write_random_bundled

    if BUNDLED_WEIGHTS.exists():
        return Config(threads=1)
    weights = write_random_bundled(home / "critic.safetensors")  # seeded: the same in every process
    return Config(threads=1, critic={"backend": "open_clip", "open_clip": {"architecture": BUNDLED_ARCH, "checkpoint": str(weights)}})


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("home", type=Path)
    parser.add_argument("--resume")
    parser.add_argument("--kill-at")
    args = parser.parse_args()
    os.environ["ANIMDIRECTOR_HOME"] = str(args.home)
    client = SchemaReplay(answers())
    if args.kill_at:
        what, n = args.kill_at.split(":")
        arm(what, int(n), client)
    result = run_scenario(make_config(args.home), load_scenario(SCENARIO), SCENARIO, resume=args.resume, client=client)
    print(result.run_id, result.status, flush=True)
    return 0 if result.status == "done" else 1


if __name__ == "__main__":
    sys.exit(main())
