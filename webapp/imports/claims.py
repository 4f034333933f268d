"""Claims from another tool's annotations, or from rows of claims (Claimtrail's CSV or JSON
Lines export): match the target to an article, anchor, create.

The target's ``source`` (or Claimtrail's own ``claimtrail:articleUrl``; a row's
``article_url``) is matched to the project's articles by their URL; its selectors (a row's
quote, prefix, suffix, start and end) are anchored against the stored text
(``webapp.interop.anchoring``: position in code points, then in UTF-16 units, then the quote),
and the report says how. Each claim is created unreviewed, with the statement it carries (and
the sourcing codes, when they are values — or labels — of this project's lists), its figures
as data and its attribution chain (``webapp.imports.claim_data``). Figures or a chain that do
not read refuse the claim, with the field and what is wrong: nothing of it is stored.

An annotation already imported makes no second claim: one whose ``id`` was imported into the
same article before, or whose span a live claim of the article already has, is reported as
"already imported". A run of a job again (after a killed worker) is duplicate-free the same way,
and one submission id per job and annotation keeps two runs at once from both making it.
"""
import hashlib

from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError

from ..corroboration import chains
from ..extensions import db
from ..interop.anchoring import Anchor, AnchorError, anchor
from ..models import Article, Claim, ImportedAnnotation, Job
from ..models.imported_annotation import MAX_ID_CHARS
from ..services import claims as claim_service
from ..services import visibility
from ..services.errors import Duplicate, Invalid
from ..services.projects import role_in
from ..services.text_checks import check_storable
from ..revisions.texts import current_text
from .claim_data import ClaimData
from .items import Incoming
from .tally import Outcome


class Importer:
    def __init__(self, job: Job):
        self.job = job
        self.by_url: dict[str, list[int]] = {}
        self.role = role_in(job.project_id, job.created_by)
        self.read = ClaimData(job.project_id)

    def add(self, item) -> Outcome:
        """Store one annotation or claim row (an item with ``incoming()``)."""
        incoming: Incoming = item.incoming()
        article, found = self._anchor(incoming.target)
        external_id = annotation_key(incoming.external_id)
        known = already_imported(article, external_id, found,
                                 visibility.seen_by(self.job.created_by, self.role))
        if known is not None:
            return known
        data, hops = self.read.data(incoming), self.read.hops(incoming, article)
        index = item.where.split()[1]
        claim = claim_service.create_claim(article, self.job.created_by, found.start, found.end,
                                           current_text(article)[found.start:found.end], data,
                                           submission_id=f"import-{self.job.id}-{index}")
        if external_id:
            self._remember(article, external_id, claim)
        if hops:
            chains.set_chain(claim, self.job.created_by, self.role, hops, claim.version)
        return Outcome("stored", claim.id, found.how, found.by)

    def _remember(self, article: Article, external_id: str, claim: Claim) -> None:
        db.session.add(ImportedAnnotation(project_id=article.project_id, article_id=article.id,
                                          annotation_id=external_id, claim_id=claim.id,
                                          job_id=self.job.id))
        try:
            db.session.flush()
        except IntegrityError:   # another import, at the same moment: its claim stays, not ours
            raise Duplicate("Imported a moment ago by another import.") from None

    def _anchor(self, target) -> tuple[Article, Anchor]:
        urls = _urls(target)
        if not urls:
            raise Invalid({"": "The annotation's target names no source (the article's URL)."})
        articles = [a for url in urls for a in self._articles(url)]
        if not articles:
            raise Invalid({"": f"No article of this project has the URL {urls[0][:200]}."})
        problems = []
        for article in articles:
            try:
                return article, anchor(target, current_text(article))
            except AnchorError as exc:
                problems.append(exc.message)
        raise Invalid({"": f"Does not anchor in the article: {problems[0]}"})

    def _articles(self, url: str) -> list[Article]:
        if url not in self.by_url:
            self.by_url[url] = list(db.session.scalars(select(Article.id).where(
                Article.project_id == self.job.project_id,
                Article.url.in_([url, url.rstrip("/"), url.rstrip("/") + "/"])).order_by(Article.id)))
        return [db.session.get(Article, i) for i in self.by_url[url]]

def annotation_key(value) -> str:
    """The annotation's ``id`` as remembered: verbatim, or its SHA-256 when it is very long or
    holds what no database can keep (a lone surrogate, a NUL)."""
    if not isinstance(value, str) or not value.strip():
        return ""
    try:
        check_storable("id", value)
        if len(value) <= MAX_ID_CHARS:
            return value
    except Invalid:
        pass
    return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def already_imported(article: Article, external_id: str, found: Anchor,
                     seen: ColumnElement[bool]) -> Outcome | None:
    """The claim an earlier import made of this annotation (same id, in this article), or a
    live claim of the article with exactly this span; None if there is neither. Only claims the
    importing person may see (``seen``) are named or matched by span: during blind double
    review another annotator's claims stay out of sight."""
    if external_id:
        row = db.session.execute(select(ImportedAnnotation.claim_id, seen).join(
            Claim, Claim.id == ImportedAnnotation.claim_id).where(
            ImportedAnnotation.article_id == article.id,
            ImportedAnnotation.annotation_id == external_id)).first()
        if row is not None:
            return Outcome("skipped", row[0] if row[1] else None, "already imported (same annotation id)")
    claim_id = db.session.scalar(select(Claim.id).where(
        Claim.article_id == article.id, Claim.start_offset == found.start,
        Claim.end_offset == found.end, visibility.live(), seen).order_by(Claim.id).limit(1))
    if claim_id is not None:
        return Outcome("skipped", claim_id, "already imported (a claim of the article has this span)")
    return None


def _urls(target) -> list[str]:
    if isinstance(target, str):
        return [target]
    if not isinstance(target, dict):
        return []
    found = [target.get("source"), target.get("claimtrail:articleUrl")]
    return [u.strip() for u in found if isinstance(u, str) and u.strip()]
