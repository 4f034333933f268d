"""Watching in the worker (issue 12, 4): every minute Huey's scheduler runs ``watch_tick``,
which starts a chain of ``check_watches`` steps when none is going.

Other jobs are never stuck behind thousands of fetches: the chain is one task at a time.
Each step checks due watches (``revisions.watch.check_due``, a few at a time, each in its own
transaction) for about ``STEP_SECONDS``, then queues the next step at the back of the queue,
behind whatever was queued meanwhile. So at most one of the worker's threads is ever fetching
watched pages (``make run`` starts two: the other takes a new job at once), and with a single
thread a job waits for one step at most. A step heartbeats in Huey's storage; a chain whose
worker was killed is restarted by the tick once its heartbeat is ``STALE_SECONDS`` old.
"""
import logging
import time

from huey import crontab

from . import app_context
from .queue import huey

log = logging.getLogger("claimtrail.tasks")
STEP_SECONDS = 0.5
STEP_SIZE = 5
STALE_SECONDS = 120
ALIVE = "claimtrail:watching-chain"


def chain_alive(now: float | None = None) -> bool:
    beat = huey.get(ALIVE, peek=True)
    return beat is not None and (now or time.time()) - beat < STALE_SECONDS


@huey.periodic_task(crontab())   # every minute
def watch_tick() -> None:
    if not chain_alive():
        huey.put(ALIVE, time.time())
        check_watches()


@huey.task()
def check_watches() -> None:
    from ..revisions import watch
    with app_context():
        started, checked = time.monotonic(), 0
        while time.monotonic() - started < STEP_SECONDS:
            tally = watch.check_due(limit=STEP_SIZE)
            checked += sum(tally.values())
            if not tally:   # nothing due (or every project at its rate): the chain ends
                huey.delete(ALIVE)
                log.info("watching: %s checked, nothing more due", checked)
                return
    huey.put(ALIVE, time.time())
    check_watches()   # the next step, behind the jobs queued meanwhile
