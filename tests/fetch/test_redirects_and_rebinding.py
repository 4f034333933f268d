"""T29: every redirect hop is checked, and so is the address actually connected to."""
import socket

import httpcore
import pytest

from webapp.services.destinations import PRIVATE, FetchPolicy
from webapp.services.fetch import FetchRefused, fetch_page

from .conftest import ALLOWED_HOST, page_html, reply

SECRET = b"<html><body><p>internal secret page, never to be fetched</p></body></html>"


def redirect_to(location: str, status: int = 302):
    return reply(status, b"", headers={"Location": location})


def test_a_redirect_to_a_forbidden_address_is_refused(serve, policy, connection_attempts):
    inside = serve({"/": reply(body=SECRET)}, host="127.0.0.1")
    outside = serve({"/": redirect_to(inside.url("/"))})
    with pytest.raises(FetchRefused) as refused:
        fetch_page(outside.url("/"), policy)
    assert refused.value.message == PRIVATE
    assert inside.hits == [] and outside.hits == ["/"]
    assert {address[0] for _, address in connection_attempts} == {ALLOWED_HOST}


@pytest.mark.parametrize("location,message", [
    ("file:///etc/passwd", "only http:// and https:// addresses can be fetched"),
    ("http://169.254.169.254/latest/meta-data/", PRIVATE),
    ("http://admin:secret@example.org/", "a user name or password in the address is not allowed"),
])
def test_every_hop_is_checked(serve, policy, location, message):
    server = serve({"/": redirect_to(location, 301)})
    with pytest.raises(FetchRefused) as refused:
        fetch_page(server.url("/"), policy)
    assert refused.value.message == message


def _chain(length: int) -> dict:
    routes = {f"/hop/{n}": redirect_to(f"/hop/{n - 1}", 307 if n % 2 else 302) for n in range(1, length + 1)}
    routes["/hop/0"] = reply(body=page_html())
    return routes


def test_five_redirects_are_followed_six_are_refused(serve, policy):
    server = serve(_chain(6))
    page = fetch_page(server.url("/hop/5"), policy)
    assert page.final_url == server.url("/hop/0") and page.url == server.url("/hop/5")
    with pytest.raises(FetchRefused) as refused:
        fetch_page(server.url("/hop/6"), policy)
    assert refused.value.message == "more than 5 redirects"


def _rebinding_resolver(monkeypatch, public: str, private: str):
    """A resolver for news.example: a public address first, a loopback one afterwards."""
    real, calls = socket.getaddrinfo, []

    def resolver(host, port, *args, **kwargs):
        if host != "news.example":
            return real(host, port, *args, **kwargs)
        calls.append(host)
        address = public if len(calls) == 1 else private
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    return calls


def test_dns_rebinding_is_refused(serve, monkeypatch):
    inside = serve({"/": reply(body=SECRET)}, host="127.0.0.1")
    calls = _rebinding_resolver(monkeypatch, "93.184.216.34", "127.0.0.1")
    policy = FetchPolicy(ports=(80, 443, inside.port))
    with pytest.raises(FetchRefused) as refused:
        fetch_page(f"http://news.example:{inside.port}/", policy)
    assert refused.value.message == PRIVATE
    assert len(calls) == 2 and inside.hits == []


def test_the_connected_peer_is_checked(serve, monkeypatch, connection_attempts):
    """Even when every lookup says public, a connection that lands on loopback (a transparent
    proxy, a NAT rule) is closed before a byte of the request is sent."""
    inside = serve({"/": reply(body=SECRET)}, host="127.0.0.1")
    _rebinding_resolver(monkeypatch, "93.184.216.34", "93.184.216.34")
    connect = httpcore.SyncBackend.connect_tcp

    def lands_on_loopback(self, host, port, *args, **kwargs):
        return connect(self, "127.0.0.1", port, *args, **kwargs)
    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", lands_on_loopback)
    with pytest.raises(FetchRefused) as refused:
        fetch_page(f"http://news.example:{inside.port}/", FetchPolicy(ports=(80, 443, inside.port)))
    assert refused.value.message == PRIVATE
    assert inside.hits == []
    assert [address[0] for _, address in connection_attempts] == ["127.0.0.1"]
