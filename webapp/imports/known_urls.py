"""Which articles of a project a bulk import's rows already have, by address (issue 12: a known
address with other text is a new revision of that article, when the project says so).

Two addresses are the same when they differ only in what does not change the page:
- the case of the scheme and the host (``HTTPS://Example.ORG/a`` is ``https://example.org/a``);
- a fragment (``…/a#comments`` is ``…/a``);
- trailing slashes of an address without a query (``…/a/`` is ``…/a``).
Everything else counts as written: the path's case, the port, and the query string, whose order
and values may choose other content (``?id=7``, ``?page=2``): ``…/a?id=7`` and ``…/a?id=8``
are two pages, and so are ``…/a/?id=7`` and ``…/a?id=7``.

Stored addresses are kept as written and ``articles.url`` has no index, so any look-up in SQL
reads every article of the project: done once a batch, that made the import of a project of
20,000 articles several times slower. ``Addresses`` therefore reads the project's addresses once
a job (only if its rows carry any), keeps a hash of each key, adds the rows the job stores, and
checks a batch's candidates in one query by primary key or content hash (the exact rule applied
to what it finds); a batch with no known address makes no query at all.
"""
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import and_, func, or_, select

from ..extensions import db
from ..models import Article
from ..models.revision import ArticleRevision

SCAN_ROWS = 20_000        # addresses read at a time when a job first needs them


@dataclass
class Known:
    """The project's article at an address, and the hash of its latest revision's text."""
    article_id: int
    latest_hash: str


def url_key(url: str) -> str:
    """The address as compared (see the module's rule); "" for none."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    path = parts.path if parts.query else parts.path.rstrip("/")
    key = f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}"
    return f"{key}?{parts.query}" if parts.query else key


class Addresses:
    """The articles of one project by address, for one import job: the first imported where
    several share one. Articles others store meanwhile are not seen (they stay apart)."""

    def __init__(self, project_id: int):
        self.project_id = project_id
        self._ids: dict[int, int] | None = None   # hash of a key → article id
        self._stored: dict[int, str] = {}          # … → content hash of a row this job stored

    def _load(self) -> dict[int, int]:
        if self._ids is None:
            self._ids = {}
            rows = db.session.execute(select(Article.id, Article.url).where(
                Article.project_id == self.project_id, Article.url != "").order_by(Article.id)
                .execution_options(yield_per=SCAN_ROWS))
            for article_id, url in rows:
                self._ids.setdefault(hash(url_key(url)), article_id)
        return self._ids

    def stored(self, url: str, content_hash: str) -> None:
        """A row of this job stored as a new article: its address is known from now on."""
        key = url_key(url)
        if key and hash(key) not in self._load():
            self._stored[hash(key)] = content_hash

    def find(self, urls) -> dict[str, Known]:
        """The articles at these addresses, by ``url_key``: no query when none is known, else
        one (by id, or by content hash for the rows this job stored)."""
        keys = {key for key in map(url_key, urls) if key}
        if not keys:
            return {}
        ids, stored = self._load(), self._stored
        by_id = {ids[hash(k)] for k in keys if hash(k) in ids}
        by_hash = {stored[hash(k)] for k in keys if hash(k) in stored}
        if not by_id and not by_hash:
            return {}
        latest = ArticleRevision.__table__.alias("latest")
        rows = db.session.execute(
            select(Article.id, Article.url, func.coalesce(latest.c.content_hash, Article.content_hash))
            .outerjoin(latest, and_(latest.c.article_id == Article.id,
                                    latest.c.number == Article.revision))
            .where(Article.project_id == self.project_id,
                   or_(Article.id.in_(by_id), Article.content_hash.in_(by_hash)))
            .order_by(Article.id))
        found: dict[str, Known] = {}
        for article_id, url, digest in rows:
            key = url_key(url)
            if key in keys and key not in found:    # a hash's article really at this address
                found[key] = Known(article_id, digest)
                ids[hash(key)] = article_id
                stored.pop(hash(key), None)
        return found
