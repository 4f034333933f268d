"""A job queued while the worker is idle starts within a second, with the worker settings of
``make run`` (the Makefile's WORKER_POLL): the consumer's polling backs off while the queue is
empty, and its ceiling decides how long the first job after a quiet spell waits."""
import time
from datetime import datetime, timezone

from tests.factories import PASSWORD
from tests.imports.helpers import jsonl, project_with_annotator, row, upload
from webapp.extensions import db
from webapp.models import Job

from .worker import job_state, make_run_poll, wait_for


def quiet_spell(poll: list[str]) -> float:
    """Seconds of an empty queue after which the worker polls only at its ceiling: twice the
    time its back-off takes to get there (with Huey's defaults, 0.1 s × 1.15 up to 10 s, that
    ramp alone is over a minute), and at least three seconds."""
    delay, backoff, ceiling = (float(poll[poll.index(o) + 1]) for o in ("--delay", "--backoff", "--max-delay"))
    ramp = 0.0
    while delay < ceiling:
        ramp, delay = ramp + delay, delay * backoff
    return max(3.0, 2 * ramp)


def _queue_import(browser, project_id: int, n: int) -> tuple[int, datetime]:
    """An import job and the moment just before it was asked for (so the wait measured
    includes the request itself)."""
    asked = datetime.now(timezone.utc)
    response = upload(browser, project_id, f"batch-{n}.jsonl", jsonl([row(n)]))
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(response.headers["Location"].rsplit("/", 1)[1]), asked


def _waited(app, job_id: int, asked: datetime) -> float:
    with app.test_request_context():
        started = db.session.get(Job, job_id).started_at
        db.session.remove()
    started = started if started.tzinfo else started.replace(tzinfo=timezone.utc)
    return (started - asked).total_seconds()


def test_the_first_job_after_a_quiet_spell_starts_within_a_second(app, browser, worker):
    poll = make_run_poll()
    assert float(poll[poll.index("--max-delay") + 1]) < 1
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    running = worker(poll)
    first, _ = _queue_import(browser, project_id, 1)      # the worker loads the app once
    wait_for(lambda: job_state(app, first)[0] == "done", timeout=120, what="the first import",
             worker=running)                               # booting is not what is measured
    for n in (2, 3):
        time.sleep(quiet_spell(poll))                      # nothing queued: the worker backs off
        job_id, asked = _queue_import(browser, project_id, n)
        wait_for(lambda: job_state(app, job_id)[0] == "done", timeout=60, what="the next import",
                 worker=running)
        assert _waited(app, job_id, asked) < 1.0, running.output()
