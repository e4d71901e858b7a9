"""A batch's stories as Ray tasks (`animdirector batch --ray ADDRESS`): Ray places them on the
cluster's CPUs and starts a task again when its worker process dies.

Each task films one story with `batch.film_story`, which names the story's run in the store before
any work: a task that Ray starts again finds that run and resumes it from what was saved, so the
run ends with nothing lost and nothing twice. The tasks write to the batch's state directory, so
the cluster's nodes must share it (one machine, or a shared folder; see docs/scale.md for what a
cluster of many machines needs).
"""

from __future__ import annotations

import os
from typing import Callable

from animdirector.batch import ClientFactory, StatusCallback, film_story, record_lost_story, threads_per_job
from animdirector.config import Config, ConfigError
from animdirector.memory.store import BatchStory

# Ray starts a task again this many times when its worker process dies.
TASK_RETRIES = 3


def film_on_ray(config: Config, batch_id: str, todo: list[int], address: str, jobs: int,
                on_status: StatusCallback | None, on_story: Callable[[BatchStory], None] | None,
                client_factory: ClientFactory | None) -> None:
    """Film the stories at `todo` as Ray tasks, each reserving its share of the config's threads as
    CPUs (threads / jobs), on the cluster at `address`: Ray's own words, 'auto' (the cluster this
    machine runs), 'local' (start one here for this batch) or host:port. The tasks' status lines
    come back through a Ray queue."""
    try:
        import ray
    except ImportError:
        raise ConfigError("--ray needs Ray: pip install 'animdirector[ray]' (ray==2.60.0)") from None
    threads = threads_per_job(config.threads, jobs)
    worker_config = config.model_copy(update={"threads": threads}).model_dump(mode="json")
    try:
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    except ConnectionError as exc:
        raise ConfigError(f"--ray {address}: no Ray cluster there ({exc}); start one with `ray start --head`, "
                          "or use --ray local") from None
    try:
        from ray.util.queue import Queue

        statuses = Queue(actor_options={"num_cpus": 0})  # a status line is no work: it takes no CPU from a story
        task = ray.remote(num_cpus=threads, max_retries=TASK_RETRIES)(_film_story_task)
        pending = {task.remote(worker_config, str(config.home()), batch_id, position, client_factory, statuses):
                   position for position in todo}
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1, timeout=0.5)
            for position, text in statuses.get_nowait_batch(statuses.qsize()):
                if on_status:
                    on_status(position, text)
            if not done:
                continue
            position = pending.pop(done[0])
            try:
                row = ray.get(done[0])
            except ray.exceptions.RayError:  # its workers died more often than Ray retries
                row = record_lost_story(config, batch_id, position)
            if on_story:
                on_story(row)
    finally:
        ray.shutdown()


def _film_story_task(config_json: dict, home: str, batch_id: str, position: int,
                     client_factory: ClientFactory | None, statuses) -> BatchStory:
    """One story on a Ray worker: the batch's state directory, the task's share of threads."""
    os.environ["ANIMDIRECTOR_HOME"] = home
    return film_story(Config.model_validate(config_json), batch_id, position, client_factory=client_factory,
                      on_status=lambda pos, text: statuses.put_nowait((pos, text)))
