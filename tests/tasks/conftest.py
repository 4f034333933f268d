"""Fixtures for tests that need a real worker: ``worker`` (SQLite queue in the instance folder)
and ``redis_worker`` (a Redis queue of the test's own). Each yields a ``start()`` function so a
test can start a worker again after killing one; all are stopped cleanly at the end."""
import pytest

from .worker import Worker, real_queue


def _workers(app, redis: bool):
    started: list[Worker] = []
    with real_queue(app, redis) as queue:
        def start(poll: list[str] | None = None) -> Worker:
            worker = Worker(queue, poll)
            started.append(worker)
            return worker
        yield start
        for worker in started:
            if worker.proc.poll() is None:
                assert worker.stop() == 0, worker.output()


@pytest.fixture
def worker(app):
    yield from _workers(app, redis=False)


@pytest.fixture
def redis_worker(app):
    yield from _workers(app, redis=True)
