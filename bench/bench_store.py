"""How fast the run store records and reads a transcript (prints numbers; not a test).

    .venv/bin/python bench/bench_store.py [--messages 5000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from animdirector.memory import ArtifactCache, RunStore, idem_key


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=5000)
    args = parser.parse_args()
    n = args.messages
    with tempfile.TemporaryDirectory() as home:
        t0 = time.perf_counter()
        store = RunStore.at_home(home)
        t_open = time.perf_counter() - t0
        run = store.create_run("Bench")
        text = "The critic checks the kite colour and the light. " * 8  # ~400 characters, like a real message
        t0 = time.perf_counter()
        for i in range(n):
            scene, rnd = i // 100, (i // 20) % 5
            store.add_message(run.id, 1, "critic", text, idem_key=idem_key(run.id, 1, scene, rnd, f"msg-{i}"),
                              scene=scene, round=rnd, payload={"i": i, "faults": ["x"] * 3}, tokens_in=500, tokens_out=60)
            store.add_score(run.id, 1, "alignment", 0.3, scene=scene, round=rnd, candidate=i % 3)
        t_append = time.perf_counter() - t0
        t0 = time.perf_counter()
        for i in range(n):
            store.add_message(run.id, 1, "critic", text, idem_key=idem_key(run.id, 1, i // 100, (i // 20) % 5, f"msg-{i}"))
        t_replay = time.perf_counter() - t0
        t0 = time.perf_counter()
        items = store.timeline(run.id)
        t_timeline = time.perf_counter() - t0
        t0 = time.perf_counter()
        one = store.messages(run.id, scene=7, round=2)
        t_filter = time.perf_counter() - t0
        store.close()
        t0 = time.perf_counter()
        RunStore.at_home(home).close()
        t_reopen = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in Path(home).glob("animdirector.db*"))
        cache = ArtifactCache(Path(home) / "artifacts")
        blob = b"x" * 200_000
        t0 = time.perf_counter()
        for i in range(50):
            cache.get_or_make("frame", {"i": i}, ".bin", lambda p: p.write_bytes(blob))
        t_art = (time.perf_counter() - t0) / 50
    print(f"open new db            {t_open * 1000:8.1f} ms")
    print(f"append message+score   {t_append / n * 1e6:8.1f} us each ({n} of each)")
    print(f"replayed append        {t_replay / n * 1e6:8.1f} us each (ignored)")
    print(f"timeline of {len(items):5d} items {t_timeline * 1000:8.1f} ms")
    print(f"filtered query         {t_filter * 1000:8.1f} ms ({len(one)} messages)")
    print(f"reopen existing db     {t_reopen * 1000:8.1f} ms (includes quick_check)")
    print(f"database size          {size / 1e6:8.2f} MB")
    print(f"atomic 200 KB artifact {t_art * 1000:8.2f} ms each (fsync included)")


if __name__ == "__main__":
    main()
