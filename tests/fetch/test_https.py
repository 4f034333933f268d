"""HTTPS through the guard: certificates are verified against the host name in the URL even
though the connection goes to the checked address, never to the name."""
import socket
import ssl

import pytest

from webapp.services import fetch
from webapp.services.destinations import FetchPolicy
from webapp.services.fetch import FetchRefused, fetch_page

from .conftest import ALLOWED_HOST, FIXTURES, page_html, reply

CERT, KEY = FIXTURES / "test-server.pem", FIXTURES / "test-server.key"   # news.test, 127.0.0.2


@pytest.fixture
def secure(serve):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERT, KEY)
    return serve({"/": reply(body=page_html())}, tls=context)


@pytest.fixture
def trusting_the_test_certificate(monkeypatch):
    context = ssl.create_default_context(cafile=str(CERT))
    monkeypatch.setattr(fetch, "_ssl_context", lambda: context)


def test_an_unknown_certificate_is_refused(secure, policy):
    with pytest.raises(FetchRefused) as refused:
        fetch_page(secure.url("/"), policy)
    assert refused.value.message.startswith("could not connect to the server")
    assert "CERTIFICATE_VERIFY_FAILED" in refused.value.message


def test_a_trusted_certificate_is_checked_against_the_name(secure, policy, monkeypatch,
                                                           trusting_the_test_certificate):
    assert fetch_page(secure.url("/"), policy).text.startswith("<!DOCTYPE html>")
    real = socket.getaddrinfo

    def resolver(host, port, *args, **kwargs):
        if host in ("news.test", "other.test"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ALLOWED_HOST, port))]
        return real(host, port, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    page = fetch_page(f"https://news.test:{secure.port}/", policy)
    assert page.final_url == f"https://news.test:{secure.port}/"
    with pytest.raises(FetchRefused) as refused:   # same address, a name the certificate lacks
        fetch_page(f"https://other.test:{secure.port}/", FetchPolicy(allowed=(ALLOWED_HOST,)))
    assert "CERTIFICATE_VERIFY_FAILED" in refused.value.message
