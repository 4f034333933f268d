"""A real server for load and fault tests: gunicorn with 2 workers on 127.0.0.1, as a team runs it
(``make serve``: -OO, without docstrings or asserts; started by bench/gunicorn_server.py)."""
import os
import re
import sys
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import gunicorn_server  # noqa: E402


class Server:
    def __init__(self, db_url: str, instance: Path):
        self.db_url, self.instance = db_url, instance
        self.proc = None
        self.port = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: int | None = None, workers: list[str] | None = None):
        """``timeout``: gunicorn's worker timeout (its default, 30 s, without); ``workers``
        replaces make serve's worker options (only to show what another setting does)."""
        env = {**os.environ, "CLAIMTRAIL_INSTANCE": str(self.instance), "DATABASE_URL": self.db_url}
        self.proc, self.port = gunicorn_server.start(env, graceful_timeout=2, timeout=timeout,
                                                     wait=30, workers=workers)
        return self

    def kill(self):
        """SIGKILL the master and its workers at once: nothing gets to clean up."""
        if self.proc:
            gunicorn_server.kill(self.proc)

    def stop(self):
        if self.proc:
            gunicorn_server.stop(self.proc)


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
