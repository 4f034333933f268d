"""Importing articles (pasted text, .txt and .html files) and reading them back."""
import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from flask import current_app, has_app_context
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError

from ..config import Defaults
from ..extensions import db
from ..imports.decoding import DecodeError, Decoded, decode
from ..models import Article, ArticleOriginal, User
from .errors import Duplicate, Invalid, NotFound
from .text_checks import check_storable

TEXT_TYPES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html"}
HASHES_PER_QUERY = 500      # bound parameters per ``IN (...)``, well under every database's limit


@dataclass
class Provenance:
    title: str = ""
    site_name: str = ""
    original_outlet: str = ""
    url: str = ""
    author: str = ""
    published_on: date | None = None


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_provenance(p: Provenance) -> None:
    limits = {"title": 500, "site_name": 200, "original_outlet": 200, "url": 2000, "author": 200}
    for field, limit in limits.items():
        value = getattr(p, field)
        check_storable(field, value)
        if len(value) > limit:
            raise Invalid({field: f"At most {limit} characters."})
    if not p.title.strip():
        raise Invalid({"title": "Give the article a title."})
    if p.url and not re.match(r"^https?://", p.url, re.I):
        raise Invalid({"url": "The URL must start with http:// or https://."})


def _check_text(text: str) -> None:
    check_storable("text", text)
    if not text.strip():
        raise Invalid({"text": "The article has no text."})
    limit = current_app.config["MAX_ARTICLE_CHARS"]
    if len(text) > limit:
        raise Invalid({"text": f"The article is longer than {limit:,} characters."})


def article_values(project_id: int, user_id: int, text: str, provenance: Provenance) -> dict:
    """A new article's column values with its content hash, every field checked (``Invalid``
    names the refused one). The single import and the bulk import's batches share it, so both
    refuse exactly the same input."""
    check_provenance(provenance)
    _check_text(text)
    body_start, body_end = find_body(text)
    return {"project_id": project_id, "imported_by_id": user_id, "text": text,
            "content_hash": content_hash(text), "body_start": body_start, "body_end": body_end,
            **{k: (v.strip() if isinstance(v, str) else v) for k, v in vars(provenance).items()}}


def import_text(project_id: int, user: User, text: str, provenance: Provenance,
                original: ArticleOriginal | None = None) -> Article:
    """Store an article verbatim with its content hash; the same text twice is refused."""
    values = article_values(project_id, user.id, text, provenance)
    if stored_hashes(project_id, [values["content_hash"]]):
        raise Duplicate("This text is already in the project (same content hash).")
    article = Article(**values)
    try:
        with db.session.begin_nested():
            db.session.add(article)
            if original is not None:
                original.article = article
                db.session.add(original)
    except IntegrityError:
        # Another request stored the same text a moment ago.
        raise Duplicate("This text is already in the project (same content hash).") from None
    return article


def stored_hashes(project_id: int, hashes: Collection[str]) -> set[str]:
    """Which of these content hashes the project already holds: one query per few hundred,
    where a bulk import would otherwise ask once per article."""
    hashes, found = list(hashes), set()
    for start in range(0, len(hashes), HASHES_PER_QUERY):
        found.update(db.session.scalars(select(Article.content_hash).where(
            Article.project_id == project_id,
            Article.content_hash.in_(hashes[start:start + HASHES_PER_QUERY]))))
    return found


def insert_articles(rows: list[dict]) -> None:
    """Store checked articles (``article_values``) with one executemany: no ORM object per
    article, which a bulk import of thousands cannot afford. ``IntegrityError`` when one of
    the texts is in the project already (the unique content hash)."""
    db.session.execute(insert(Article.__table__), rows)


def decode_upload(data: bytes, encoding: str = "", chosen_where: str = "chosen on the form") -> Decoded:
    """Decode an uploaded file in the encoding chosen, or the one its bytes show for certain
    (``imports.decoding``), or refuse it clearly; never mangle it."""
    try:
        return decode(data, encoding, chosen_where)
    except DecodeError as exc:
        raise Invalid({"file": exc.message}) from None


def import_upload(project_id: int, user: User, filename: str, data: bytes,
                  provenance: Provenance) -> Article:
    """Import a .txt (kept verbatim) or .html file (main text extracted, original kept)."""
    return import_file(project_id, user, filename, data, provenance)[0]


def import_file(project_id: int, user: User, filename: str, data: bytes, provenance: Provenance,
                encoding: str = "", chosen_where: str = "chosen on the form") -> tuple[Article, Decoded]:
    """``import_upload``, read in ``encoding`` if one was chosen: the article, and how its
    bytes were read (the encoding, why, and lines to check it by)."""
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in TEXT_TYPES:
        raise Invalid({"file": "Upload a .txt or .html file."})
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")) and not encoding:
        raise Invalid({"file": "This is not a text file: it holds NUL bytes, as a binary file does."})
    decoded = decode_upload(data, encoding, chosen_where)
    raw = decoded.text
    if TEXT_TYPES[extension] == "text/html":
        text, found = extract_html(raw)
        for field, value in found.items():
            if not getattr(provenance, field):
                setattr(provenance, field, value)
    else:
        text = raw
    if not provenance.title:
        provenance.title = _first_line(text) or safe_filename(filename)
    original = ArticleOriginal(filename=safe_filename(filename),
                               media_type=TEXT_TYPES[extension], data=data)
    return import_text(project_id, user, text, provenance, original), decoded


def extract_html(html: str) -> tuple[str, dict[str, str]]:
    """Main text and metadata of an HTML page, with trafilatura (no network: a string in)."""
    import trafilatura

    limit = current_app.config["MAX_HTML_CHARS"] if has_app_context() else Defaults.MAX_HTML_CHARS
    if len(html) > limit:   # extraction takes about a second per megabyte
        raise Invalid({"file": f"This HTML page is larger than {limit // 1_000_000} MB; "
                               "save its text as a .txt file instead."})
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=True, favor_recall=True)
    text = (doc.text if doc else "") or ""
    if not text.strip():
        raise Invalid({"file": "No article text could be found in this HTML page."})
    found = {"title": doc.title or "", "author": doc.author or "", "site_name": doc.sitename or "",
             "url": doc.url or ""}
    if found["url"] and not re.match(r"^https?://", found["url"], re.I):
        found["url"] = ""
    return text, {k: v[:200] for k, v in found.items() if v}


def safe_filename(name: str) -> str:
    """A filename for display only; storage never uses it as a path."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]", "", name).strip() or "upload"
    return name[:200]


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if len(line.split()) >= 4:
            return line.strip()[:500]
    return ""


_PADDED = re.compile(r"\u00a0{2,}|^[\s\u00a0]{4,}\S")   # a banner padded with (no-break) spaces


def _is_chrome(line: str) -> bool:
    """A line of site chrome: very short, padded like a banner, or with no word in it. One
    no-break space in a sentence ("12\u00a0people") does not make a paragraph chrome."""
    return len(line.split(None, 3)) <= 3 or bool(_PADDED.search(line)) or not re.search(r"[a-z]{3}", line)


def find_body(text: str) -> tuple[int, int]:
    """Where the article body starts and ends in scraped text: leading and trailing lines
    that look like site chrome (very short lines, banners padded with non-breaking spaces,
    "Scroll Up") are left out of the body. Offsets into the text stay untouched."""
    lines = text.splitlines(keepends=True)
    first, last = 0, len(lines) - 1
    while first <= last and (not lines[first].strip() or _is_chrome(lines[first])):
        first += 1
    while last >= first and (not lines[last].strip() or _is_chrome(lines[last])):
        last -= 1
    if first > last:
        return 0, len(text)
    last_start = len(text) - sum(map(len, lines[last:]))
    return sum(map(len, lines[:first])), last_start + len(lines[last].rstrip("\r\n"))


# Every article page and API call reads one: built once (cheaper than ``Session.get``).
_ARTICLE = select(Article).where(Article.id == bindparam("article_id"))


def get_article(project_id: int, article_id: int) -> Article:
    article = db.session.execute(_ARTICLE, {"article_id": article_id}).scalar()
    if article is None or article.project_id != project_id:
        raise NotFound("No such article.")
    return article
