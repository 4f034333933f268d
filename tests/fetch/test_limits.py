"""T30: slow, huge, lying, compressed and non-text answers; each limit tested at its edge."""
import gzip
import socket
import time
import zlib
from dataclasses import replace

import pytest

from webapp.services.fetch import FetchRefused, fetch_page

from .conftest import ALLOWED_HOST, page_html, reply

MB = 1024 * 1024
TOO_BIG = "the page is larger than the 10 MB size limit"
BOMB = gzip.compress(b"\0" * (50 * MB), compresslevel=9)   # about 50 KB on the wire


def dribble(seconds: float, then_end: bool = False):
    """Headers at once, then one byte a second (HTTP/1.0: the body ends when we close)."""
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain; charset=utf-8")
        handler.end_headers()
        handler.wfile.flush()
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(min(1.0, seconds / 4))
        if not then_end:
            time.sleep(30)   # stays silent; the fetcher must hang up at its deadline
    return answer


def flood(total: int, content_type: str = "text/plain; charset=utf-8", length=None):
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        if length is not None:
            handler.send_header("Content-Length", str(length))
        handler.end_headers()
        block, sent = b"a" * 65536, 0
        while sent < total:
            handler.wfile.write(block[:total - sent])
            sent += len(block[:total - sent])
    return answer


def refused(url, policy) -> str:
    with pytest.raises(FetchRefused) as caught:
        fetch_page(url, policy)
    return caught.value.message


def test_a_dribbling_server_is_cut_at_the_total_deadline(serve, policy):
    server = serve({"/slow": dribble(60)})
    started = time.monotonic()
    message = refused(server.url("/slow"), replace(policy, deadline=2))
    elapsed = time.monotonic() - started
    assert message == "the page took longer than the 2-second time limit"
    assert 1.9 <= elapsed < 3.5, elapsed   # the whole fetch, not each read (those come every second)


def test_a_slow_page_within_the_deadline_is_fetched(serve, policy):
    server = serve({"/slow": dribble(1.0, then_end=True)})
    page = fetch_page(server.url("/slow"), replace(policy, deadline=2))
    assert set(page.text) == {"x"}


def test_a_server_that_accepts_nothing_meets_the_connect_limit(policy):
    listener = socket.socket()
    listener.bind((ALLOWED_HOST, 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    queued = [socket.socket() for _ in range(3)]   # fill the accept queue: new SYNs are dropped
    for sock in queued:
        sock.setblocking(False)
        sock.connect_ex((ALLOWED_HOST, port))
    time.sleep(0.1)
    try:
        started = time.monotonic()
        message = refused(f"http://{ALLOWED_HOST}:{port}/", replace(policy, connect_timeout=0.5))
        assert message == "could not connect within the 0.5-second connect time limit"
        assert time.monotonic() - started < 1.5
    finally:
        for sock in queued + [listener]:
            sock.close()


def test_50_mb_without_content_length_is_cut_at_the_size_cap(serve, policy):
    server = serve({"/huge": flood(50 * MB)})
    started = time.monotonic()
    assert refused(server.url("/huge"), policy) == TOO_BIG
    assert time.monotonic() - started < 2


def test_the_size_cap_holds_to_the_byte(serve, policy):
    server = serve({"/at": flood(10 * MB), "/over": flood(10 * MB + 1)})
    assert len(fetch_page(server.url("/at"), policy).data) == 10 * MB
    assert refused(server.url("/over"), policy) == TOO_BIG


def test_a_lying_content_length_is_not_trusted(serve, policy):
    server = serve({"/lie": flood(50 * MB, length=10),
                    "/honest-but-huge": reply(body=b"x" * 100, content_type="text/plain",
                                              length=10 * MB + 1)})
    page = fetch_page(server.url("/lie"), policy)
    assert page.data == b"a" * 10   # the body HTTP defines, never the flood behind it
    assert refused(server.url("/honest-but-huge"), policy) == TOO_BIG


def test_a_gzip_bomb_is_cut_at_the_decoded_cap(serve, policy):
    server = serve({"/bomb": reply(body=BOMB, content_type="text/plain",
                                   headers={"Content-Encoding": "gzip"})})
    assert len(BOMB) < MB
    assert refused(server.url("/bomb"), policy) == TOO_BIG


def test_compressed_pages_are_counted_decoded_to_the_byte(serve, policy):
    small = replace(policy, max_bytes=100_000)
    at, over = b"b" * 100_000, b"b" * 100_001
    server = serve({"/at": reply(body=gzip.compress(at), headers={"Content-Encoding": "gzip"}),
                    "/over": reply(body=gzip.compress(over), headers={"Content-Encoding": "gzip"}),
                    "/deflate": reply(body=zlib.compress(at), headers={"Content-Encoding": "deflate"}),
                    "/br": reply(body=at, headers={"Content-Encoding": "br"}),
                    "/broken": reply(body=b"not gzip at all", headers={"Content-Encoding": "gzip"})})
    assert fetch_page(server.url("/at"), small).data == at
    assert fetch_page(server.url("/deflate"), small).data == at
    assert refused(server.url("/over"), small) == "the page is larger than the 100,000 bytes size limit"
    assert refused(server.url("/br"), small) == "the content encoding br is not supported"
    assert refused(server.url("/broken"), small) == "the page's compressed data is damaged"


@pytest.mark.parametrize("content_type", ["image/png", "application/pdf", "application/json", None])
def test_only_html_and_plain_text_are_accepted(serve, policy, content_type):
    server = serve({"/file": reply(body=b"\x89PNG\r\n\x1a\n", content_type=content_type)})
    assert refused(server.url("/file"), policy) == (
        f"the content type {content_type or '(none)'} is not allowed: "
        "only text/html, application/xhtml+xml or text/plain")


def test_error_statuses_are_refused(serve, policy):
    server = serve({"/gone": reply(410, b"gone")})
    assert refused(server.url("/gone"), policy) == "the server answered 410 Gone"
    assert refused(server.url("/missing"), policy).startswith("the server answered 404")


def test_charsets_from_headers_meta_or_detection(serve, policy):
    text = "Le député a déclaré « 26 morts » à Raqqa, selon l'agence."
    meta = f"<html><head><meta charset='windows-1252'></head><body><p>{text}</p></body></html>"
    server = serve({
        "/header": reply(body=text.encode("iso-8859-15"), content_type="text/plain; charset=iso-8859-15"),
        "/meta": reply(body=meta.encode("cp1252"), content_type="text/html"),
        "/none": reply(body=(text * 4).encode("cp1252"), content_type="text/plain"),
        "/xhtml": reply(body=page_html().replace(b"utf-8", b"UTF-8"), content_type="application/xhtml+xml"),
    })
    assert fetch_page(server.url("/header"), policy).text == text
    assert text in fetch_page(server.url("/meta"), policy).text
    assert fetch_page(server.url("/none"), policy).text == text * 4
    assert fetch_page(server.url("/xhtml"), policy).media_type == "application/xhtml+xml"
