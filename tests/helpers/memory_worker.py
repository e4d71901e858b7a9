"""A stand-in for a production run, for the crash and concurrency tests (run as a real process).

Each step i: "render" an artifact (atomic write, content a pure function of the step's
inputs), record it, "ask the LLM" (a short sleep), then record a message, a tool call and
two scores, all with idem_keys. Re-running the same command resumes: finished steps are
skipped, replayed appends are ignored.

    python memory_worker.py HOME RUN_ID STEPS [--create-title T] [--crash STEP:PHASE] [--delay S]

--crash kills this process with SIGKILL at one point of one step: PHASE is one of
artifact-half (half the bytes written to the temporary file), artifact-unrecorded (file in
place, not yet recorded), llm (during the simulated LLM call), message-tx (inside an open
database transaction that inserted the message), after-message (message recorded, tool
call not), scores-half (one score of two recorded).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from animdirector.memory import ArtifactCache, RunStore, artifacts_dir, idem_key


def die_here(crash: str | None, step: int, phase: str) -> None:
    if crash == f"{step}:{phase}":
        os.kill(os.getpid(), signal.SIGKILL)


def payload_for(step: int) -> bytes:
    """Deterministic content big enough to take a few writes (like a small PNG)."""
    return (f"frame {step} ".encode() * 20_000)[: 150_000 + step]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("home")
    parser.add_argument("run_id")
    parser.add_argument("steps", type=int)
    parser.add_argument("--create-title")
    parser.add_argument("--crash")
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()

    store = RunStore.at_home(args.home)
    if args.create_title:
        run_id = store.create_run(args.create_title).id
        print(run_id, flush=True)
    else:
        run_id = args.run_id
        try:
            store.get_run(run_id)
            store.set_run_status(run_id, "running")  # resuming: claim it
        except LookupError:
            store.create_run("Crash test", run_id=run_id)
    cache = ArtifactCache(artifacts_dir(args.home, run_id))
    cache.clean_temporaries()
    crash = args.crash

    for step in range(args.steps):
        scene, rnd = step // 5 + 1, 1
        msg_key = idem_key(run_id, 1, scene, rnd, f"msg-{step}")
        tool_key = idem_key(run_id, 1, scene, rnd, f"tool-{step}")
        if store.has_event(msg_key) and store.has_event(tool_key) and len(
            store.scores(run_id, 1, scene, rnd, candidate=step)
        ) == 2:
            continue  # the whole step is done

        # "render": content keyed by its inputs, written atomically, found again on resume
        inputs = {"step": step, "seed": 7}
        data = payload_for(step)

        def writer(tmp: Path) -> None:
            with open(tmp, "wb") as fh:
                half = len(data) // 2
                fh.write(data[:half])
                fh.flush()
                os.fsync(fh.fileno())
                die_here(crash, step, "artifact-half")
                fh.write(data[half:])

        path, key, _made = cache.get_or_make("frame", inputs, ".bin", writer)
        die_here(crash, step, "artifact-unrecorded")
        store.add_artifact(run_id, path, "frame", inputs_hash=key)

        # "LLM call"
        die_here(crash, step, "llm")
        if args.delay:
            time.sleep(args.delay)

        if crash == f"{step}:message-tx":
            with store._tx() as conn:
                conn.execute(
                    "INSERT INTO events (run, version, agent, text, created, idem_key) VALUES (?, 1, 'x', 'x', 'now', ?)",
                    (run_id, msg_key),
                )
                os.kill(os.getpid(), signal.SIGKILL)
        store.add_message(
            run_id, 1, "writer", f"step {step}", idem_key=msg_key, scene=scene, round=rnd,
            tokens_in=10, tokens_out=step,
        )
        die_here(crash, step, "after-message")
        store.add_tool_call(
            run_id, 1, "render", inputs, idem_key=tool_key, result={"path": str(path)},
            agent="art_director", scene=scene, round=rnd, duration_s=0.01,
        )
        store.add_score(run_id, 1, "alignment", step / 100, scene=scene, round=rnd, candidate=step)
        die_here(crash, step, "scores-half")
        store.add_score(run_id, 1, "identity", 1 - step / 100, scene=scene, round=rnd, candidate=step)
        print(f"done {step}", flush=True)  # lets a test kill us at a known point of progress

    store.set_run_status(run_id, "done")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
