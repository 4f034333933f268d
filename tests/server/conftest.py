"""A real server for load and fault tests: gunicorn with 2 workers on 127.0.0.1, as a team runs it
(``make serve``: -OO, without docstrings or asserts)."""
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests


ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db_url: str, instance: Path):
        self.db_url, self.instance = db_url, instance
        self.proc = None
        self.port = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.port = free_port()
        env = {**os.environ, "CLAIMTRAIL_INSTANCE": str(self.instance), "DATABASE_URL": self.db_url}
        self.proc = subprocess.Popen(
            [sys.executable, "-OO", "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{self.port}",
             "--graceful-timeout", "2", "--no-control-socket", "webapp:create_app(migrations=False)"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/login", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:  # not listening yet, or no worker booted
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("gunicorn did not start: " + self.proc.stderr.read().decode()[-2000:])

    def kill(self):
        """SIGKILL the master and its workers at once: nothing gets to clean up."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def server(db_url, tmp_path):
    instance = tmp_path / "server-instance"
    instance.mkdir()
    # Fast password hashing for the test accounts; everything else as in production.
    (instance / "config.py").write_text('PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"\n')
    srv = Server(db_url, instance)
    yield srv
    srv.stop()


@pytest.fixture
def server_app(app):
    """An app on the server's database (emptied for this test), for making data and checking."""
    return app


CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
VERSION = re.compile(r'id="version" name="version" type="hidden" value="(\d+)"')


def signed_in_session(base_url: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    token = CSRF.search(session.get(base_url + "/login").text).group(1)
    response = session.post(base_url + "/login", data={
        "csrf_token": token, "username": username, "password": password}, allow_redirects=False)
    assert response.status_code == 302, response.text[:500]
    return session
