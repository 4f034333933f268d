"""Articles of a bulk import, checked by the same services as a single import.

Rows of a JSON Lines or CSV file are stored a batch at a time: each row is checked on its own
(a refused row is reported with its line and reason), then the batch is inserted with one
executemany; the unique content hash turns away texts already stored, and one query then finds
them. A savepoint, an ORM object and a duplicate query per row cost far more than the row itself
(issue 5: 2,000 articles). The checks run before the batch's transaction starts, so on SQLite
the write lock is held only for the insert.

A row whose address (``known_urls``: scheme and host in any case, without fragment or trailing
slash) is an article's of the project is, when the project's ``same_url_import`` is "revision"
(the default), a new revision of that article instead (issue 12): the project's addresses are read
once a job, and one query a batch — none when no address is known — finds the articles with
their latest text's hash, so a file imported again costs no more than before; each revision
re-anchors that article's claims in the batch's transaction.
"""
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from ..extensions import db
from ..models import Article, Job, Project, User
from ..revisions import store
from ..services import articles as article_service
from ..services.errors import Duplicate, Invalid
from ..services.text_checks import quoted
from . import known_urls
from .items import Item
from .tally import Tally, attempt

PREVIEW_LINES = 5


def provenance(fields: dict) -> article_service.Provenance:
    """The provenance of a row; ``Invalid`` for a date that is not YYYY-MM-DD."""
    values = {k: v for k, v in fields.items() if k != "published_on"}
    published = fields.get("published_on", "").strip()
    try:
        day = date.fromisoformat(published) if published else None
    except ValueError:
        raise Invalid({"published_on": f"published_on {quoted(published, 40)} is not a date "
                                       "(write it as YYYY-MM-DD)."}) from None
    return article_service.Provenance(**values, published_on=day)


class ZipFiles:
    """Zip members, each imported like an uploaded .txt/.html file (its original kept), read in
    the encoding chosen for the import or the one its bytes show; the report counts the
    encodings and shows lines of the files that hold non-ASCII text."""

    def __init__(self, job: Job):
        self.job, self.encoding = job, job.params.get("encoding", "")
        self.encodings: dict[str, int] = {}
        self.lines: list[str] = []

    def store(self, item: Item):
        article, decoded = article_service.import_file(
            self.job.project_id, self.job.created_by, item.filename, item.data,
            article_service.Provenance(), self.encoding, "chosen for every file of the zip")
        self.encodings[decoded.encoding] = self.encodings.get(decoded.encoding, 0) + 1
        if decoded.preview and len(self.lines) < PREVIEW_LINES:
            self.lines.append(f"{item.where} ({decoded.encoding}): {decoded.preview[0]}")
        return article

    def notes(self) -> tuple[dict, list[str]]:
        """What the report adds: the encodings the files were read in, and preview lines."""
        if not self.encodings:
            return {}, []
        counts = ", ".join(f"{name} ({count:,} {'file' if count == 1 else 'files'})"
                           for name, count in sorted(self.encodings.items(), key=lambda e: -e[1]))
        return {"Encodings of the files": counts}, self.lines


class Rows:
    """The rows read since the last commit, checked and waiting for ``flush``."""

    def __init__(self, job: Job):
        self.job_id, self.project_id, self.user_id = job.id, job.project_id, job.created_by_id
        self.pending: list[tuple[str, dict]] = []        # (where, values), in file order
        project = db.session.get(Project, job.project_id)
        self.addresses = known_urls.Addresses(job.project_id) \
            if project is not None and project.same_url_import == "revision" else None

    def add(self, item: Item, tally: Tally) -> None:
        """Check the row now (refusals are reported in file order); store it at ``flush``."""
        values = attempt(self.job_id, item.where, tally, lambda: article_service.article_values(
            self.project_id, self.user_id, item.text, provenance(item.fields)))
        if values is not None:
            self.pending.append((item.where, values))

    def flush(self, tally: Tally) -> None:
        """Store the batch in the caller's transaction: new articles with one insert, and —
        when the project makes a known address a revision — the rows whose address an article
        has as its revisions, in file order (one query finds those articles). A row whose
        address an earlier row of the batch brings for the first time waits for that one's
        article: another round, which only such a batch needs."""
        rows, self.pending = self.pending, []
        while rows:
            rows = self._round(rows, tally)

    def _round(self, rows: list[tuple[str, dict]], tally: Tally) -> list[tuple[str, dict]]:
        addresses = self.addresses
        known = addresses.find([v["url"] for _w, v in rows]) if addresses else {}
        new, revised, later, keys, hashes = [], [], [], set(), set()
        for where, values in rows:
            key = known_urls.url_key(values["url"]) if addresses else ""
            if key in known:
                revised.append((where, values, known[key]))
            elif key and key in keys:
                later.append((where, values))
            elif values["content_hash"] in hashes:     # the same text twice in one batch
                tally.counts["skipped"] += 1
            else:
                new.append((where, values))
                hashes.add(values["content_hash"])
                if key:
                    keys.add(key)
        self._insert(new, tally)
        for _where, values in new if addresses else ():
            addresses.stored(values["url"], values["content_hash"])
        self._revise(revised, tally)
        return later

    def _insert(self, rows: list[tuple[str, dict]], tally: Tally) -> None:
        """A batch of new texts (the usual case) costs one insert; one that meets the unique
        content hash is inserted again without the texts the project holds (one query finds
        them), and failing that, row by row."""
        if not rows or _inserted(rows):
            tally.counts["stored"] += len(rows)
            return
        stored = article_service.stored_hashes(self.project_id, [v["content_hash"] for _w, v in rows])
        new = [(where, values) for where, values in rows if values["content_hash"] not in stored]
        tally.counts["skipped"] += len(rows) - len(new)
        if not new or _inserted(new):
            tally.counts["stored"] += len(new)
            return
        # A page stored one of these texts since the query, or the database refuses a row the
        # checks let through: find which.
        for where, values in new:
            if attempt(self.job_id, where, tally, lambda v=values: _insert_one(v)) is not None:
                tally.counts["stored"] += 1

    def _revise(self, rows: list[tuple[str, dict, known_urls.Known]], tally: Tally) -> None:
        """Each row a new revision of the article at its address (its claims re-anchored), or
        nothing when it is that article's latest text already (counted as a duplicate). The
        row's other fields are not applied: the provenance is corrected on the article."""
        if not rows:
            return
        ids = {known.article_id for _w, _v, known in rows}
        articles = {a.id: a for a in db.session.scalars(select(Article).where(Article.id.in_(ids)))}
        user = db.session.get(User, self.user_id)
        for where, values, known in rows:
            if values["content_hash"] == known.latest_hash:
                tally.counts["skipped"] += 1
                continue
            article = articles[known.article_id]
            outcome = attempt(self.job_id, where, tally,
                              lambda a=article, v=values: _revision(a, v["text"], user))
            if outcome is False:
                tally.counts["skipped"] += 1
            elif outcome is not None:
                known.latest_hash = values["content_hash"]
                tally.revision(where, article.id, article.title, outcome.revision.number,
                               outcome.summary())


def _revision(article: Article, text: str, user: User):
    """The new revision's outcome, or False when the text is the latest one's already."""
    with db.session.begin_nested():
        return store.add_revision(article, text, user, how="import") or False


def _inserted(rows: list[tuple[str, dict]]) -> bool:
    """Whether the rows went in together; none did if not."""
    try:
        with db.session.begin_nested():
            article_service.insert_articles([values for _where, values in rows])
    except OperationalError:
        raise                              # the database is gone: stop, resumable
    except SQLAlchemyError:
        return False
    return True


def _insert_one(values: dict) -> dict:
    try:
        with db.session.begin_nested():
            article_service.insert_articles([values])
    except IntegrityError:
        raise Duplicate("This text is already in the project (same content hash).") from None
    return values
