"""The guarded fetcher: the only place in the app that opens an outbound HTTP connection.

``fetch_page(url)`` gets one web page for import, or raises ``FetchRefused`` saying which rule
or limit stopped it. Every hop is checked before any connection (``destinations.check_url``
and the addresses its host resolves to); the connection itself resolves the host again,
checks each address, connects to the checked address (never by name) and checks the peer it
got, so a resolver that answers differently the second time (DNS rebinding) gains nothing.
The time limit covers the whole fetch — connecting, TLS, every read, every redirect — by
shrinking each socket operation's timeout to the time left. The size limit counts decoded
bytes as they arrive (gzip is inflated here, never beyond the limit), whatever
``Content-Length`` says. Environment proxies are ignored: a proxy would connect for us.

Each ``Page`` carries its ``Exchange``: the final request and response as received (headers,
and the body before its content encoding is undone), which ``webapp.revisions.capture`` keeps
as a WARC record. A page that answers with an error status raises ``StatusRefused``, which
carries the exchange too (a 404 or 410 is how a watched page is found gone).
"""
import dataclasses
import functools
import re
import socket
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone

import httpcore
import httpx
from flask import current_app

from ..imports.decoding import DecodeError, Decoded
from ..imports.labelled import decode_labelled
from .destinations import FetchPolicy, FetchRefused, check_address, check_url, literal_ip

MEDIA_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
HEADERS = {"User-Agent": "Claimtrail/0.1 (article import)", "Accept-Encoding": "gzip, deflate",
           "Accept": "text/html, application/xhtml+xml, text/plain;q=0.9"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)

__all__ = ["Exchange", "FetchRefused", "Page", "StatusRefused", "Undecodable", "fetch_page"]


class Undecodable(FetchRefused):
    """The page arrived, but which characters its bytes are cannot be told for certain."""


@dataclass
class Exchange:
    """One request and its response as they went over the wire (for proof of capture)."""
    url: str
    started_at: datetime
    request_line: str                          # "GET /path?q HTTP/1.1"
    request_headers: list[tuple[str, str]]
    http_version: str                          # "HTTP/1.1"
    status: int
    reason: str
    response_headers: list[tuple[str, str]]    # in the order received, repeated ones kept
    body: bytes = b""                          # as received: content encoding not undone


class StatusRefused(FetchRefused):
    """The server answered, with a status other than 2xx."""

    def __init__(self, message: str, status: int, exchange: Exchange):
        super().__init__(message)
        self.status, self.exchange = status, exchange


@dataclass
class Page:
    url: str            # as asked for
    final_url: str      # after redirects
    status: int
    media_type: str
    encoding: str       # the character encoding the text was decoded with
    data: bytes         # the body as received (content-encoding undone)
    text: str
    encoding_reason: str = ""                       # how the encoding was decided, in words
    preview: list[str] = dataclasses.field(default_factory=list)   # lines with non-ASCII text
    exchange: Exchange | None = None


def fetch_page(url: str, policy: FetchPolicy | None = None, encoding: str = "") -> Page:
    """The page at ``url``, its text read in ``encoding`` if one was chosen (a key of
    ``imports.encodings.BY_KEY``), else as its labels and bytes say."""
    policy = policy or FetchPolicy.from_config(current_app.config)
    deadline = time.monotonic() + policy.deadline
    first = check_url(url, policy)   # a refusal costs nothing: no client, no connection
    resolve(first.host, first.port, policy)
    transport = _GuardedTransport(policy, deadline)
    with httpx.Client(transport=transport, trust_env=False, follow_redirects=False,
                      headers=HEADERS, timeout=httpx.Timeout(policy.deadline,
                                                             connect=policy.connect_timeout)) as client:
        current = url
        for hop in range(policy.max_redirects + 1):
            if hop:   # each redirect is checked like the first address
                target = check_url(current, policy)
                resolve(target.host, target.port, policy)
            started = datetime.now(timezone.utc)
            with _plain_errors(policy, deadline), client.stream("GET", current) as response:
                if not response.is_redirect:
                    return _read_page(response, url, policy, deadline, encoding, started)
                try:
                    current = str(response.url.join(response.headers["Location"]))
                except (httpx.InvalidURL, ValueError):
                    raise FetchRefused("the server redirected to an invalid address") from None
    raise FetchRefused(f"more than {policy.max_redirects} redirects")


def resolve(host: str, port: int, policy: FetchPolicy) -> list:
    """The host's addresses, each one checked; a name is looked up (once per call)."""
    ip = literal_ip(host)
    if ip is not None:
        addresses = [ip]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            raise FetchRefused(f"the host name {host} could not be found") from None
        addresses = list(dict.fromkeys(_as_ip(info[4][0]) for info in infos))
        if not addresses:
            raise FetchRefused(f"the host name {host} could not be found")
    for address in addresses:
        check_address(address, host, port, policy)
    return addresses


def _as_ip(text: str):
    ip = literal_ip(text.split("%", 1)[0])
    if ip is None:
        raise FetchRefused("the resolver gave something that is not an address")
    return ip


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every operation ends by the fetch's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: float):
        self._stream, self._deadline = stream, deadline

    def _left(self, timeout: float | None, error: type) -> float:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise error("the total time limit has passed")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        tls = self._stream.start_tls(ssl_context, server_hostname,
                                     self._left(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects only to checked addresses, and checks the peer it is connected to."""

    def __init__(self, policy: FetchPolicy, deadline: float):
        self._policy, self._deadline, self._inner = policy, deadline, httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        failure = None
        for address in resolve(host, port, self._policy):
            wait = min(self._policy.connect_timeout, self._deadline - time.monotonic())
            if wait <= 0:
                raise httpcore.ConnectTimeout("the total time limit has passed")
            try:   # by address: the name is not looked up again
                stream = self._inner.connect_tcp(str(address), port, timeout=wait,
                                                 socket_options=socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            try:
                peer = stream.get_extra_info("socket").getpeername()[0]
                check_address(_as_ip(peer), host, port, self._policy)
            except BaseException:
                stream.close()
                raise
            return _DeadlineStream(stream, self._deadline)
        raise failure or httpcore.ConnectError("no address to connect to")

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise FetchRefused("only http:// and https:// addresses can be fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport over a connection pool that uses the guarded backend (httpx
    takes no network backend; its transport only ever uses ``self._pool``)."""

    def __init__(self, policy: FetchPolicy, deadline: float):  # noqa: super() would build a pool we replace
        self._pool = httpcore.ConnectionPool(ssl_context=_ssl_context(), max_connections=4,
                                             retries=0, network_backend=_GuardedBackend(policy, deadline))


@functools.cache
def _ssl_context():
    """Certificates verified against certifi's roots; built once (it takes a while)."""
    return httpx.create_ssl_context(trust_env=False)


@contextmanager
def _plain_errors(policy: FetchPolicy, deadline: float):
    """Network failures as refusals that say what went wrong."""
    late = f"the page took longer than the {policy.deadline:g}-second time limit"
    try:
        yield
    except httpx.ConnectTimeout:
        if time.monotonic() >= deadline - 0.05:
            raise FetchRefused(late) from None
        raise FetchRefused(f"could not connect within the {policy.connect_timeout:g}-second "
                           "connect time limit") from None
    except httpx.TimeoutException:
        raise FetchRefused(late) from None
    except httpx.ConnectError as exc:
        raise FetchRefused(f"could not connect to the server ({exc})") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        raise FetchRefused("this is not a valid web address") from None
    except httpx.HTTPError as exc:
        raise FetchRefused(f"the server's answer could not be read ({exc.__class__.__name__})") from None


def _exchange(response: httpx.Response, started: datetime, body: bytes = b"") -> Exchange:
    request = response.request
    target = request.url.raw_path.decode("ascii", "replace") or "/"
    version = response.http_version or "HTTP/1.1"
    return Exchange(url=str(response.url), started_at=started,   # httpx asks in HTTP/1.1 here
                    request_line=f"{request.method} {target} HTTP/1.1",
                    request_headers=_text_headers(request.headers.raw), http_version=version,
                    status=response.status_code, reason=response.reason_phrase or "",
                    response_headers=_text_headers(response.headers.raw), body=body)


def _text_headers(raw) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in raw]


def _read_page(response: httpx.Response, url: str, policy: FetchPolicy, deadline: float,
               encoding: str = "", started: datetime | None = None) -> Page:
    started = started or datetime.now(timezone.utc)
    if not 200 <= response.status_code < 300:
        raise StatusRefused(f"the server answered {response.status_code} {response.reason_phrase}".strip(),
                            response.status_code, _exchange(response, started))
    content_type = response.headers.get("Content-Type", "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type not in MEDIA_TYPES:
        raise FetchRefused(f"the content type {media_type or '(none)'} is not allowed: only "
                           "text/html, application/xhtml+xml or text/plain")
    too_big = f"the page is larger than the {_size(policy.max_bytes)} size limit"
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:   # honest and too big
        raise FetchRefused(too_big)
    data, raw = _read_body(response, policy.max_bytes, deadline, too_big, policy)
    decoded = decode(data, _charset(content_type), encoding)
    return Page(url=url, final_url=str(response.url), status=response.status_code,
                media_type=media_type, encoding=decoded.encoding, data=data, text=decoded.text,
                encoding_reason=decoded.reason, preview=decoded.preview,
                exchange=_exchange(response, started, raw))


def _read_body(response, limit: int, deadline: float, too_big: str, policy) -> tuple[bytes, bytes]:
    """The body decoded, and as received (one copy when it came without a content encoding)."""
    content_encoding = response.headers.get("Content-Encoding", "")
    inflate = _inflater(content_encoding)
    plain = content_encoding.strip().lower() in ("", "identity")
    data, raw, received = bytearray(), bytearray(), 0
    for chunk in response.iter_raw():
        received += len(chunk)
        if received > limit:   # compressed or not, more than the limit is never read
            raise FetchRefused(too_big)
        if not plain:
            raw += chunk
        data += inflate(chunk, limit - len(data), too_big)
        if time.monotonic() > deadline:
            raise FetchRefused(f"the page took longer than the {policy.deadline:g}-second time limit")
    data = bytes(data)
    return data, (data if plain else bytes(raw))


def _inflater(content_encoding: str):
    """``feed(chunk, room, message)``: the decoded bytes, refusing more than ``room``."""
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        def identity(chunk, room, message):
            if len(chunk) > room:
                raise FetchRefused(message)
            return chunk
        return identity
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchRefused(f"the content encoding {encoding} is not supported")
    state = {"z": zlib.decompressobj(47 if encoding != "deflate" else 15), "first": True}

    def inflate(chunk, room, message):
        z = state["z"]
        if z.eof:
            return b""
        try:
            out = z.decompress(chunk, room + 1)   # never more than one byte past the limit
        except zlib.error:
            if not (state["first"] and encoding == "deflate"):
                raise FetchRefused("the page's compressed data is damaged") from None
            state["z"] = zlib.decompressobj(-15)   # "deflate" sent raw, without zlib header
            state["first"] = False
            return inflate(chunk, room, message)
        state["first"] = False
        if len(out) > room:
            raise FetchRefused(message)
        return out
    return inflate


def _charset(content_type: str) -> str:
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.I)
    return match.group(1) if match else ""


def decode(data: bytes, declared: str = "", encoding: str = "") -> Decoded:
    """The page's text: in the encoding chosen, or as the byte-order mark, the header's charset
    and the page's ``<meta>`` say, weighed by the bytes when they disagree or are wrong
    (``imports.labelled``); ``Undecodable`` when that is not certain."""
    meta = _META_CHARSET.search(data[:4096])
    labels = [("the Content-Type header", declared),
              ("the page's <meta>", meta.group(1).decode("ascii") if meta else "")]
    try:
        return decode_labelled(data, labels, encoding)
    except DecodeError as exc:
        raise Undecodable(exc.message) from None


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n % (1024 * 1024) == 0 else f"{n:,} bytes"
