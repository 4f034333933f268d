"""T31: the fetcher is the only way out — by reading the app's source, and at run time."""
import ast
import socket
from pathlib import Path

import pytest

import webapp
from tests import socket_guard

APP = Path(webapp.__file__).parent
FETCHER = APP / "services" / "fetch.py"
NETWORK_MODULES = {"httpx", "httpcore", "requests", "urllib3", "aiohttp", "urllib.request",
                   "http.client", "ftplib", "smtplib", "telnetlib", "pycurl"}
NETWORK_CALLS = {("socket", "create_connection"), ("trafilatura", "fetch_url"),
                 ("trafilatura", "fetch_response")}


def outbound_uses(source: str) -> list[str]:
    """The network modules a module imports and the network calls it names."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if _network(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if _network(node.module):
                found.append(node.module)
            found += [f"{node.module}.{a.name}" for a in node.names
                      if _network(f"{node.module}.{a.name}")
                      or (node.module.split(".")[0], a.name) in NETWORK_CALLS]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in NETWORK_CALLS:
                found.append(f"{node.value.id}.{node.attr}")
    return found


def _network(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in NETWORK_MODULES)


def test_only_the_fetcher_opens_outbound_connections():
    offenders = {str(path.relative_to(APP)): uses for path in sorted(APP.rglob("*.py"))
                 if path != FETCHER and (uses := outbound_uses(path.read_text(encoding="utf-8")))}
    assert offenders == {}
    assert "httpx" in outbound_uses(FETCHER.read_text(encoding="utf-8"))


@pytest.mark.parametrize("source", [
    "import httpx", "import requests as r", "from urllib.request import urlopen",
    "import http.client", "from http import client", "import socket\nsocket.create_connection(('a', 1))",
    "from socket import create_connection", "import trafilatura\ntrafilatura.fetch_url('http://x')",
    "from trafilatura import fetch_url", "import urllib3.poolmanager",
])
def test_the_scan_sees_each_way_out(source):
    """Positive controls: the scan is not vacuous."""
    assert outbound_uses(source)


def test_the_runtime_guard_blocks_beyond_loopback_and_lets_loopback_through():
    sock = socket.socket()
    try:
        with pytest.raises(socket_guard.OutboundConnectionBlocked):
            sock.connect(("192.0.2.1", 80))   # TEST-NET-1: never routed, never reached
        assert socket_guard.VIOLATIONS == ["192.0.2.1:80"]
    finally:
        socket_guard.VIOLATIONS.clear()   # this test's own attempt must not fail it
        sock.close()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    client = socket.socket()
    try:
        client.connect(listener.getsockname())
    finally:
        client.close()
        listener.close()
