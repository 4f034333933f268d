"""T22: bodies over the limit are refused early, quickly, with a clear page, and cost no memory.

Served by gunicorn as a team runs it: a multipart upload one byte over MAX_CONTENT_LENGTH, the
same sent chunked (no Content-Length to trust), a form of 10 000 parts, and a 1 GB chunked body
whose refusal must not grow the workers' memory.
"""
import socket
import time

import psutil
import requests

from tests.factories import PASSWORD, make_project, make_user
from webapp.config import Defaults
from webapp.extensions import db
from webapp.models import Article

from .conftest import CSRF, signed_in_session

LIMIT = Defaults.MAX_CONTENT_LENGTH


def _setup(server, app):
    with app.app_context():
        lena = make_user("lena")
        project_id = make_project(lena, "Uploads").id
    server.start()
    session = signed_in_session(server.url, "lena", PASSWORD)
    url = f"{server.url}/projects/{project_id}/articles/new"
    token = CSRF.search(session.get(url).text).group(1)
    return session, url, token


def _articles(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Article))


def _workers_rss(server) -> int:
    master = psutil.Process(server.proc.pid)
    return sum(p.memory_info().rss for p in master.children(recursive=True))


def _raw_chunked_post(server, url_path: str, cookie: str, total: int, chunk: int = 1 << 20) -> tuple[int, float]:
    """Send ``total`` bytes chunked, stopping as soon as the server answers; (status, seconds)."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall((f"POST {url_path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
                      "Content-Type: multipart/form-data; boundary=xx\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n").encode())
        piece = f"{chunk:x}\r\n".encode() + b"a" * chunk + b"\r\n"
        sock.setblocking(False)
        sent, answer = 0, b""
        while sent < total:
            try:
                answer += sock.recv(65536)
            except BlockingIOError:
                pass
            if answer:
                break
            try:
                sock.setblocking(True)
                sock.sendall(piece)
                sock.setblocking(False)
                sent += chunk
            except (BrokenPipeError, ConnectionResetError):
                break
        sock.setblocking(True)
        sock.settimeout(10)
        while b"\r\n" not in answer:
            more = sock.recv(65536)
            if not more:
                break
            answer += more
    return int(answer.split(b" ", 2)[1]), time.monotonic() - started


def test_oversize_uploads_are_refused_quickly_and_nothing_is_stored(server, server_app):
    session, url, token = _setup(server, server_app)
    # One byte over the limit, as a normal multipart upload with a Content-Length.
    started = time.monotonic()
    response = session.post(url, data={"csrf_token": token, "title": "Big"},
                            files={"file": ("big.txt", b"a" * (LIMIT + 1), "text/plain")})
    assert response.status_code == 413 and time.monotonic() - started < 1
    assert "too large" in response.text and "Nothing was saved" in response.text
    assert "Traceback" not in response.text
    # The same refused without a Content-Length to trust (chunked).
    path = url.removeprefix(server.url)
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    status, seconds = _raw_chunked_post(server, path, cookie, LIMIT + (1 << 20))
    assert status == 413 and seconds < 1
    # A form of 10 000 parts.
    parts = {f"field{i}": "x" for i in range(10_000)}
    response = session.post(url, data={"csrf_token": token, **parts},
                            files={"file": ("a.txt", b"hello", "text/plain")})
    assert response.status_code in (400, 413) and "Traceback" not in response.text
    assert _articles(server_app) == 0


def test_refusing_a_gigabyte_does_not_grow_the_workers_memory(server, server_app):
    session, url, _token = _setup(server, server_app)
    path = url.removeprefix(server.url)
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    _raw_chunked_post(server, path, cookie, LIMIT + (1 << 20))   # warm both code paths
    before = _workers_rss(server)
    status, seconds = _raw_chunked_post(server, path, cookie, 1 << 30)
    grown = _workers_rss(server) - before
    assert status == 413 and seconds < 2
    assert grown < 50 * 1024 * 1024, f"workers grew by {grown / 1e6:.0f} MB"
    assert _articles(server_app) == 0
