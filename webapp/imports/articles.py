"""One article of a bulk import, stored through the same services as a single import."""
from datetime import date

from ..models import Job
from ..services import articles as article_service
from ..services.errors import Invalid
from .items import Item


def provenance(fields: dict) -> article_service.Provenance:
    """The provenance of a row; ``Invalid`` for a date that is not YYYY-MM-DD."""
    values = {k: v for k, v in fields.items() if k != "published_on"}
    published = fields.get("published_on", "").strip()
    try:
        day = date.fromisoformat(published) if published else None
    except ValueError:
        raise Invalid({"published_on": f"published_on {published[:40]!r} is not a date "
                                       "(write it as YYYY-MM-DD)."}) from None
    return article_service.Provenance(**values, published_on=day)


def store_article(job: Job, item: Item):
    """A row's text verbatim, or a zip member imported like an uploaded .txt/.html file."""
    if item.filename:
        return article_service.import_upload(job.project_id, job.created_by, item.filename,
                                             item.data, article_service.Provenance())
    return article_service.import_text(job.project_id, job.created_by, item.text,
                                       provenance(item.fields))
