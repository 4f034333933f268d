"""``make serve`` (what ``make run`` ends with) on the port and address given by PORT and HOST:
"Claimtrail is at …" is printed once, and only when the server answers."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from .conftest import ROOT, gunicorn_server

VENV = Path(sys.executable).parent.parent     # the tests' virtualenv is the one make uses


def test_make_serve_says_where_claimtrail_is_once_it_answers(db_url, tmp_path):
    port = gunicorn_server.free_port()
    env = {**os.environ, "CLAIMTRAIL_INSTANCE": str(tmp_path), "DATABASE_URL": db_url}
    env.pop("CLAIMTRAIL_TASKS_IMMEDIATE", None)
    proc = subprocess.Popen(["make", "-s", "serve", f"VENV={VENV}", "HOST=127.0.0.1", f"PORT={port}"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, start_new_session=True)
    try:
        line = proc.stdout.readline()
        assert line == f"Claimtrail is at http://127.0.0.1:{port}/  (Ctrl+C stops it)\n"
        assert requests.get(f"http://127.0.0.1:{port}/login", timeout=5).status_code == 200
        time.sleep(2)                      # the second worker has booted by now
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        rest, _ = proc.communicate(timeout=20)
    assert "Claimtrail is at" not in rest
