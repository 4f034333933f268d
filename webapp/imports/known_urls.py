"""Which articles of a project a bulk import's rows already have, by address (issue 12: a known
address with other text is a new revision of that article, when the project says so).

Two addresses are the same when they differ only in what does not change the page:
- the case of the scheme and the host (``HTTPS://Example.ORG/a`` is ``https://example.org/a``);
- a fragment (``…/a#comments`` is ``…/a``);
- trailing slashes of an address without a query (``…/a/`` is ``…/a``).
Everything else counts as written: the path's case, the port, and the query string, whose order
and values may choose other content (``?id=7``, ``?page=2``): ``…/a?id=7`` and ``…/a?id=8``
are two pages, and so are ``…/a/?id=7`` and ``…/a?id=7``.

Stored addresses are kept as written, so one query per batch narrows the project's articles in
SQL by a coarser key (lower case, fragment and trailing slashes removed: every address with the
same key has the same coarse key) and the exact rule is applied to what it finds.
"""
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import and_, func, literal, select

from ..extensions import db
from ..models import Article
from ..models.revision import ArticleRevision

KEYS_PER_QUERY = 500      # bound parameters per ``IN (...)``: a batch is at most 500 rows
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


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


def _coarse(url: str) -> set[str]:
    """What ``_coarse_sql`` gives for this address: lower() is ASCII-only on SQLite and full
    Unicode on PostgreSQL, so both spellings are asked for."""
    bare = url.split("#", 1)[0].rstrip("/")
    return {bare.translate(_ASCII_LOWER), bare.lower()}


def _coarse_sql(column):
    if db.session.get_bind().dialect.name == "postgresql":
        bare = func.split_part(column, "#", 1)
    else:
        bare = func.substr(column, 1, func.instr(column.concat("#"), "#") - 1)
    return func.lower(func.rtrim(bare, literal("/")))


def known_articles(project_id: int, urls) -> dict[str, Known]:
    """The project's articles at these addresses, by ``url_key`` (the first imported when
    several share one): one query for a batch."""
    wanted = {key for key in map(url_key, urls) if key}
    coarse = sorted(set().union(*map(_coarse, wanted))) if wanted else []
    found: dict[str, Known] = {}
    latest = ArticleRevision.__table__.alias("latest")
    expression = _coarse_sql(Article.url)
    for start in range(0, len(coarse), KEYS_PER_QUERY):
        rows = db.session.execute(
            select(Article.id, Article.url,
                   func.coalesce(latest.c.content_hash, Article.content_hash))
            .outerjoin(latest, and_(latest.c.article_id == Article.id,
                                    latest.c.number == Article.revision))
            .where(Article.project_id == project_id, Article.url != "",
                   expression.in_(coarse[start:start + KEYS_PER_QUERY]))
            .order_by(Article.id))
        for article_id, url, digest in rows:
            key = url_key(url)
            if key in wanted and (key not in found or article_id < found[key].article_id):
                found[key] = Known(article_id, digest)
    return found
