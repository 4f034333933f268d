"""T27: hostile HTML given to text extraction: bounded time, no markup kept, no network used."""
import socket
import time

import pytest

from webapp.services.articles import extract_html
from webapp.services.errors import Invalid

PARAGRAPHS = "".join(f"<p>Report {i}: fighters said on Thursday that {i} militants were killed "
                     f"near the dam.</p>" for i in range(40))


@pytest.fixture
def no_network(monkeypatch):
    """Any connection attempted during extraction fails the test."""
    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError("network use during extraction")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield attempts
    assert attempts == [], f"extraction tried to connect to {attempts}"


def _extract(html, seconds=5.0):
    started = time.monotonic()
    try:
        result = extract_html(html)
    finally:
        assert time.monotonic() - started < seconds, "extraction took too long"
    return result


def test_scripts_frames_forms_and_base_never_reach_the_text(app, no_network):
    html = ("<html><head><base href='http://evil.example/'><title>Dam report</title></head><body><article>"
            + PARAGRAPHS + "<script>window.__xss=1</script><iframe src='http://evil.example/'>frame text"
            "</iframe><form action='/steal'><input name=a value='FORMVALUE'></form>"
            "<img src=x onerror=alert(1)></article></body></html>")
    with app.app_context():
        text, found = _extract(html)
    assert "Report 39: fighters said" in text
    for bad in ("__xss", "frame text", "FORMVALUE", "onerror", "<", "evil.example"):
        assert bad not in text
    assert found.get("title") == "Dam report"


def test_deep_nesting_ends_quickly_with_text_or_a_clear_refusal(app, no_network):
    html = "<html><body>" + "<div>" * 100_000 + PARAGRAPHS + "</div>" * 100_000 + "</body></html>"
    with app.app_context():
        try:
            text, _ = _extract(html)
            assert "<div" not in text
        except Invalid as refused:
            assert refused.message == "No article text could be found in this HTML page."


def test_entity_declarations_are_not_expanded(app, no_network):
    html = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;'
            '&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><html><body><article>'
            + PARAGRAPHS + "<p>&c;</p></article></body></html>")
    with app.app_context():
        try:
            text, _ = _extract(html)
            assert "AAAAAAAAAAAAAAAAAAAA" not in text
        except Invalid as refused:
            assert "No article text" in refused.message


def test_a_page_without_main_text_is_refused_clearly(app, no_network):
    with app.app_context():
        with pytest.raises(Invalid, match="No article text could be found"):
            _extract("<html><head><title>Empty</title></head><body>   </body></html>")


def test_a_page_over_the_extraction_limit_is_refused_before_parsing(app, no_network):
    with app.app_context():
        limit = app.config["MAX_HTML_CHARS"]
        html = "<html><body><article>" + "x" * limit + "</article></body></html>"
        with pytest.raises(Invalid, match=r"larger than 10 MB"):
            _extract(html, seconds=0.5)
