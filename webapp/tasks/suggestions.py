"""Suggestions in the worker (issue 13): made for articles a page or a bulk import handed over,
and made again for a whole project when a lead asks (the "suggest" job, with its progress).

The rules run in read transactions and each batch's suggestions are written in a short write
transaction of their own (``database.writing``), so that on SQLite the write lock is held for
the insert alone, not while spaCy reads 500 articles."""
import logging

from .. import database
from . import app_context, handler
from .queue import huey

log = logging.getLogger("claimtrail.tasks")


@huey.task()
def make_suggestions(article_ids: list[int] | None = None, project_id: int | None = None,
                     after_id: int = 0) -> None:
    """These articles' suggestions, or those of the project's articles above ``after_id``
    (a bulk import's) that have none by these rules yet."""
    from ..suggestions import store
    with app_context():
        database.reads_first()
        try:
            if article_ids is not None:
                counts = store.make_for_articles(article_ids, writes=database.writing)
            else:
                counts = store.make_for_project(project_id, force=False, after_id=after_id,
                                                writes=database.writing)
        finally:
            database.end_request()
        log.info("suggestions %s", " ".join(f"{k}={v}" for k, v in counts.as_dict().items()))


@handler("suggest")
def remake_suggestions(job) -> None:
    """A lead's Re-run: every article's open suggestions made again, each batch written with
    the job's progress; a job run again (its worker stopped) goes on after the last article it
    wrote."""
    from ..extensions import db
    from ..services import jobs as job_service
    from ..suggestions import store
    report = dict(job.report or {})
    after, done = int(report.get("after_id", 0)), int(report.get("done", 0))
    earlier = store.Counts(**report.get("counts", {}))
    total = done + store.count_articles(job.project_id, after)
    job_service.progress(job, done, total, "Suggesting likely claims…")
    db.session.commit()

    def written(so_far: store.Counts, read: int, last_id: int) -> None:
        counts = store.Counts(**earlier.as_dict())
        counts += so_far
        with database.writing():
            job.report = {"after_id": last_id, "done": done + read, "counts": counts.as_dict()}
            job_service.progress(job, min(done + read, total), total)

    database.reads_first()
    try:
        made = store.make_for_project(job.project_id, force=True, after_id=after,
                                      on_batch=written, writes=database.writing)
    finally:
        database.end_request()
    earlier += made
    job_service.finish(job, {"summary": summary(earlier), "counts": earlier.as_dict()}, message(earlier))


def summary(counts) -> dict:
    return {"Articles": f"{counts.articles:,}", "Suggestions": f"{counts.suggestions:,}",
            "With a figure": f"{counts.figures:,}", "With an attribution": f"{counts.attributions:,}",
            "With a hedge": f"{counts.hedges:,}"}


def message(counts) -> str:
    return (f"Suggested {counts.suggestions:,} likely claims in {counts.articles:,} articles "
            f"({counts.figures:,} with a figure, {counts.attributions:,} with an attribution, "
            f"{counts.hedges:,} with a hedge).")
