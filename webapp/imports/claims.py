"""Claims from another tool's annotations: match the target to an article, anchor, create.

The target's ``source`` (or Claimtrail's own ``claimtrail:articleUrl``) is matched to the
project's articles by their URL; its selectors are anchored against the stored text. Each claim
is created unreviewed, with the statement the annotation carries (and the sourcing codes, when
they are values of this project's lists), and one submission id per job and annotation, so
running the job again never makes a claim twice.
"""
from sqlalchemy import select

from ..extensions import db
from ..interop.annotation import AnchorError, anchor, fields_from_annotation
from ..models import Article, Job
from ..services import claims as claim_service
from ..services.errors import Invalid
from ..services.lists import fetch_lists
from .annotations import AnnotationItem

TEXT_FIELDS = ("figures", "hedging", "attribution_text", "attribution_chain")


class Importer:
    def __init__(self, job: Job):
        self.job = job
        self.lists = {name: {i.key for i in values if not i.retired}
                      for name, values in fetch_lists(job.project_id).items()}
        self.by_url: dict[str, list[int]] = {}

    def add(self, item: AnnotationItem):
        doc = item.doc
        if not isinstance(doc, dict):
            raise Invalid({"": "Not an annotation (each item must be a JSON object)."})
        target = doc.get("target")
        if isinstance(target, list) and len(target) == 1:
            target = target[0]
        article, start, end = self._anchor(target)
        index = item.where.split()[1]
        return claim_service.create_claim(article, self.job.created_by, start, end,
                                          article.text[start:end], self._data(doc),
                                          submission_id=f"import-{self.job.id}-{index}")

    def _anchor(self, target) -> tuple[Article, int, int]:
        urls = _urls(target)
        if not urls:
            raise Invalid({"": "The annotation's target names no source (the article's URL)."})
        articles = [a for url in urls for a in self._articles(url)]
        if not articles:
            raise Invalid({"": f"No article of this project has the URL {urls[0][:200]}."})
        problems = []
        for article in articles:
            try:
                start, end = anchor(target, article.text)
                return article, start, end
            except AnchorError as exc:
                problems.append(exc.message)
        raise Invalid({"": f"Does not anchor in the article: {problems[0]}"})

    def _articles(self, url: str) -> list[Article]:
        if url not in self.by_url:
            self.by_url[url] = list(db.session.scalars(select(Article.id).where(
                Article.project_id == self.job.project_id,
                Article.url.in_([url, url.rstrip("/"), url.rstrip("/") + "/"])).order_by(Article.id)))
        return [db.session.get(Article, i) for i in self.by_url[url]]

    def _data(self, doc: dict) -> dict:
        fields = fields_from_annotation(doc)
        data = {"status": "unreviewed", "statement": fields.get("statement", "")}
        for name in claim_service.LIST_FIELDS:
            if fields.get(name) in self.lists.get(name, ()):
                data[name] = fields[name]
        data.update({f: fields[f] for f in TEXT_FIELDS if isinstance(fields.get(f), str)})
        return data


def _urls(target) -> list[str]:
    if isinstance(target, str):
        return [target]
    if not isinstance(target, dict):
        return []
    found = [target.get("source"), target.get("claimtrail:articleUrl")]
    return [u.strip() for u in found if isinstance(u, str) and u.strip()]
