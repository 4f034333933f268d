"""Proof of capture: a fetch kept as received, as a WARC record (issue 12).

``warc_file(exchange)`` writes the request and the response — status line, headers in the
order received, and the body before its content encoding was undone — as a gzipped WARC file
with warcio (Webrecorder's library, read by pywb, ReplayWeb.page and the Internet Archive's
tools). The response's payload digest is SHA-256; ``ArticleCapture`` keeps it in hex beside the
SHA-256 of the whole file, so what was downloaded can be checked against what was stored.
The body as received lost only its transfer framing (chunks) on the way: a ``Transfer-Encoding``
header is kept as ``X-Archive-Orig-Transfer-Encoding``, as web archives do, so that readers do
not try to undo chunking that is no longer there.
"""
from __future__ import annotations

import base64
import hashlib
from datetime import timezone
from io import BytesIO
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import defer

from ..extensions import db
from ..models import Article
from ..models.revision import ArticleCapture

if TYPE_CHECKING:   # only named in annotations; importing fetch loads httpx
    from ..services.fetch import Exchange

MEDIA_TYPE = "application/warc"


def warc_file(exchange: Exchange) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import BufferWARCWriter

    writer = BufferWARCWriter(gzip=True, warc_version="1.1")
    date = exchange.started_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    headers = [("X-Archive-Orig-Transfer-Encoding" if name.lower() == "transfer-encoding" else name, value)
               for name, value in exchange.response_headers]
    response = writer.create_warc_record(
        exchange.url, "response", payload=BytesIO(exchange.body), length=None,
        warc_headers_dict={"WARC-Date": date,
                           "WARC-Payload-Digest": "sha256:" + _base32(exchange.body)},
        http_headers=StatusAndHeaders(f"{exchange.status} {exchange.reason}".strip(), headers,
                                      protocol=exchange.http_version))
    request = writer.create_warc_record(
        exchange.url, "request", payload=BytesIO(b""),
        warc_headers_dict={"WARC-Date": date,
                           "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
        http_headers=StatusAndHeaders(exchange.request_line, exchange.request_headers,
                                      is_http_request=True))
    writer.write_record(request)
    writer.write_record(response)
    return writer.get_contents()


def _base32(data: bytes) -> str:
    return base64.b32encode(hashlib.sha256(data).digest()).decode("ascii")


def store_capture(article: Article, exchange: Exchange, revision: int | None,
                  how: str = "fetch") -> ArticleCapture:
    """The exchange kept for ``article`` (``revision``: the revision its text became, if any).
    The caller commits."""
    data = warc_file(exchange)
    capture = ArticleCapture(article_id=article.id, revision=revision, url=exchange.url[:2000],
                             status=exchange.status, captured_at=exchange.started_at, how=how,
                             warc=data, warc_sha256=hashlib.sha256(data).hexdigest(),
                             payload_sha256=hashlib.sha256(exchange.body).hexdigest())
    db.session.add(capture)
    return capture


def captures_of(article_id: int) -> list[ArticleCapture]:
    """The article's captures, newest first, without their WARC bytes (loaded on download)."""
    return list(db.session.scalars(select(ArticleCapture).where(ArticleCapture.article_id == article_id)
                                   .options(defer(ArticleCapture.warc))
                                   .order_by(ArticleCapture.id.desc())))


def get_capture(article_id: int, capture_id: int) -> ArticleCapture | None:
    return db.session.scalar(select(ArticleCapture).where(ArticleCapture.id == capture_id,
                                                          ArticleCapture.article_id == article_id))


def filename(article: Article, capture: ArticleCapture) -> str:
    return f"article-{article.id}-capture-{capture.id}.warc.gz"
