"""Importing an article from a fetched web page: main text extracted, the original kept.

The fetch itself happens in ``services/fetch.py`` (in a background job, ``tasks/fetches.py``);
this module turns its ``Page`` into an article through ``articles.import_text``, like an
uploaded file: what the person typed in the form wins over what the page says about itself.
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sqlalchemy import select

from ..extensions import db
from ..models import Article, ArticleOriginal, Job, User
from .articles import Provenance, content_hash, extract_html, import_text, safe_filename
from .errors import Duplicate

if TYPE_CHECKING:   # only named in annotations; importing it loads httpx in every web worker
    from .fetch import Page

FORM_FIELDS = ("title", "site_name", "original_outlet")


class AlreadyImported(Duplicate):
    """The page's text is already an article of the project."""

    def __init__(self, article: Article):
        super().__init__(f"This text is already in the project, as “{article.title}”.")
        self.article = article


def import_page(project_id: int, user: User, page: Page, typed: dict) -> Article:
    """Store the page's text (its main text, for HTML) with provenance and the original."""
    text, found = main_text(page)
    provenance = Provenance(url=page.final_url[:2000])
    for field in ("title", "site_name", "original_outlet", "author", "published_on"):
        value = (typed.get(field) or "").strip() if field in FORM_FIELDS else ""
        setattr(provenance, field, value or found.get(field) or getattr(provenance, field))
    if not provenance.title:
        provenance.title = _first_line(text) or page.final_url[:500]
    existing = find_same_text(project_id, text)
    if existing is not None:
        raise AlreadyImported(existing)
    original = ArticleOriginal(filename=_filename(page), media_type=page.media_type,
                               data=page.data)
    return import_text(project_id, user, text, provenance, original)


def main_text(page: Page) -> tuple[str, dict]:
    """The page's main text (all of it, for plain text) and what its metadata says; raises
    ``Invalid`` when an HTML page has no article text."""
    if page.media_type == "text/plain":
        return page.text, {}
    text, found = extract_html(page.text)
    found["published_on"] = _published_on(page.text)
    return text, found


def find_same_text(project_id: int, text: str) -> Article | None:
    return db.session.scalar(select(Article).where(Article.project_id == project_id,
                                                   Article.content_hash == content_hash(text)))


def recent_fetches(project_id: int, limit: int = 10) -> list[Job]:
    return list(db.session.scalars(select(Job).where(Job.project_id == project_id, Job.kind == "fetch")
                                   .order_by(Job.id.desc()).limit(limit)))


def _published_on(html: str) -> date | None:
    """The page's publication date, when its metadata gives one (no network: a string in)."""
    from trafilatura.metadata import extract_metadata
    try:
        found = extract_metadata(html, extensive=False).date
        return date.fromisoformat(found[:10]) if found else None
    except (ValueError, TypeError, AttributeError):
        return None


def _filename(page: Page) -> str:
    parts = urlsplit(page.final_url)
    name = parts.path.rstrip("/").rsplit("/", 1)[-1] or parts.hostname or "page"
    extension = ".txt" if page.media_type == "text/plain" else ".html"
    return safe_filename(name if name.endswith(extension) else name + extension)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if len(line.split()) >= 4:
            return line.strip()[:500]
    return ""
