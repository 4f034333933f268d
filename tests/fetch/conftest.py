"""Local web servers for the fetch tests (plain ``http.server`` in threads, on loopback).

``serve(routes, host)`` starts a server whose paths answer with the given functions; each
function gets the request handler and writes the whole answer itself, so a test can lie,
dribble or flood. Servers bind 127.0.0.2 by default: the address the tests allowlist
(``FETCH_ALLOWED_NETWORKS``); 127.0.0.1 stays forbidden, as any private address.
"""
import http.server
import threading
from pathlib import Path

import pytest

from webapp.services.destinations import FetchPolicy

ALLOWED_HOST = "127.0.0.2"
FIXTURES = Path(__file__).parent / "fixtures"


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}
    hits: list = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.hits.append(self.path)
        answer = self.routes.get(self.path.split("?", 1)[0])
        try:
            if answer is None:
                self.send_error(404)
            else:
                answer(self)
        except (BrokenPipeError, ConnectionResetError):
            pass   # the fetcher hung up, as it should when a limit is reached

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        pass   # a client hanging up mid-answer or refusing our certificate is expected here


class LocalServer:
    def __init__(self, routes: dict, host: str, tls=None):
        handler = type("Handler", (_Handler,), {"routes": routes, "hits": []})
        self.server = _Server((host, 0), handler)
        self.scheme = "https" if tls else "http"
        if tls:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.host, self.port = host, self.server.server_address[1]
        self.hits = handler.hits
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://{self.host}:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def serve():
    servers = []

    def start(routes: dict, host: str = ALLOWED_HOST, tls=None) -> LocalServer:
        servers.append(LocalServer(routes, host, tls))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def policy():
    """The default limits, with the test servers' address allowlisted."""
    return FetchPolicy(allowed=(ALLOWED_HOST,))


def reply(status: int = 200, body: bytes = b"", content_type: str | None = "text/html; charset=utf-8",
          headers: dict | None = None, length: int | None = -1):
    """An answer: ``length=-1`` sends the true Content-Length, None sends none."""
    def answer(handler):
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        if length is not None:
            handler.send_header("Content-Length", str(len(body) if length == -1 else length))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)
    return answer


def page_html(words: str = "A plain report of events in the valley") -> bytes:
    paragraphs = "".join(f"<p>{words}, paragraph {n}, said a witness who saw it happen.</p>"
                         for n in range(6))
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{words}</title></head>"
            f"<body><article><h1>{words}</h1>{paragraphs}</article></body></html>").encode()
