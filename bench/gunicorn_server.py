"""gunicorn as `make serve` starts it: `python -OO -m gunicorn`, 2 threaded workers of 4 threads
(gthread), no control socket, the web app without its migration tooling, on a free port of
127.0.0.1. The benchmark (bench/run.py) and the server tests (tests/server/conftest.py) both
start it from here.

Threaded workers, because a download lasts as long as the person's connection needs: a sync
worker answers the arbiter's heartbeat only between requests, so an export longer than
``--timeout`` (30 s) was killed with the file cut short, and held one of the two workers
until then. A gthread worker's main thread keeps the heartbeat and its other threads keep
answering while one streams; the timeout still stops a worker that is stuck as a whole."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
APP = "webapp:create_app(migrations=False)"
BARE_APP = "bench.bare_app:app"   # the bare Flask app the benchmark compares with
# How `make serve` runs the workers (tests/server/test_long_exports.py holds the Makefile to it).
WORKERS = ["--workers", "2", "--threads", "4"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(env: dict, graceful_timeout: int, timeout: int | None = None,
          wait: float = 60, app: str = APP, workers: list[str] | None = None,
          ready: str = "/login") -> tuple[subprocess.Popen, int]:
    """Start ``app`` with ``env`` and wait until a worker answers ``ready`` (any answer below
    500); the process (the master, in a session of its own with its workers) and its port. If
    it does not answer in ``wait`` seconds, it is stopped and the error carries the end of
    gunicorn's output. ``workers`` replaces ``WORKERS`` (only to compare settings)."""
    port = free_port()
    limits = ["--graceful-timeout", str(graceful_timeout)] + (["--timeout", str(timeout)] if timeout else [])
    workers = WORKERS if workers is None else workers
    proc = subprocess.Popen(
        [sys.executable, "-OO", "-m", "gunicorn", *workers, "--bind", f"127.0.0.1:{port}",
         "--limit-request-line", "8190",
         *limits, "--no-control-socket", app],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}{ready}", timeout=2).status_code < 500:
                return proc, port
        except requests.RequestException:   # not listening yet, or no worker booted
            time.sleep(0.1)
    stop(proc)
    raise RuntimeError("gunicorn did not start: " + proc.stderr.read().decode()[-2000:])


def stop(proc: subprocess.Popen, wait: float = 10) -> None:
    """SIGTERM the master and its workers; SIGKILL them if they are not gone after ``wait`` s."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            kill(proc)


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL the master and its workers at once: nothing gets to clean up."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
