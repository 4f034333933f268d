"""gunicorn as `make serve` starts it: `python -OO -m gunicorn`, 2 sync workers, no control
socket, the web app without its migration tooling, on a free port of 127.0.0.1. The benchmark
(bench/run.py) and the server tests (tests/server/conftest.py) both start it from here."""
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(env: dict, graceful_timeout: int, timeout: int | None = None,
          wait: float = 60) -> tuple[subprocess.Popen, int]:
    """Start it with ``env`` and wait until /login answers; the process (the master, in a
    session of its own with its workers) and its port. If it does not answer in ``wait``
    seconds, it is stopped and the error carries the end of gunicorn's output."""
    port = free_port()
    limits = ["--graceful-timeout", str(graceful_timeout)] + (["--timeout", str(timeout)] if timeout else [])
    proc = subprocess.Popen(
        [sys.executable, "-OO", "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--limit-request-line", "8190",
         *limits, "--no-control-socket", APP],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
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
