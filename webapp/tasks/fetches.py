"""Import by URL in the background: fetch the page, extract its text, store the article; and
fetch an article's address again ("refetch"), which may make a new revision.

When the project watches every new article from an address (``watch_new``), the article is
watched from its import on. A refused or failed fetch ends the job with the rule or limit that
stopped it, and stores nothing. A page whose text is already in the project ends the job (done)
saying so. The exchange of a stored page is kept as a WARC record (``revisions.capture``).
"""
from .. import tasks
from ..corroboration import copies
from ..extensions import db
from ..models import Article, Project
from ..revisions import capture, refetch, watch
from ..services import url_imports
from ..services.errors import Duplicate, Invalid
from ..services.fetch import FetchRefused, Undecodable, fetch_page
from ..services.jobs import JobFailed, finish, progress
from ..suggestions import store as suggestion_store


@tasks.handler("fetch")
def fetch_article(job) -> None:
    url = job.params.get("url", "")
    progress(job, 0, 2, "Fetching the page…")
    db.session.commit()
    try:
        page = fetch_page(url, encoding=job.params.get("encoding", ""))
    except Undecodable as refusal:
        raise JobFailed(f"Fetched, but not imported: {refusal.message}") from None
    except FetchRefused as refusal:
        raise JobFailed(f"Not fetched: {refusal.message}.") from None
    progress(job, 1, 2, "Extracting the text…")
    db.session.commit()
    try:
        article = url_imports.import_page(job.project_id, job.created_by, page, job.params)
        db.session.flush()
        watched = db.session.get(Project, job.project_id).watch_new   # the project watches new ones
        if watched:
            watch.watch(article, job.created_by)
    except url_imports.AlreadyImported as duplicate:
        db.session.rollback()
        _already_there(job, page, duplicate.article)
        return
    except Duplicate:
        db.session.rollback()
        _already_there(job, page, None)
        return
    except Invalid as exc:
        raise JobFailed(f"Fetched, but not imported: {exc.message}") from None
    capture.store_capture(article, page.exchange, 1, "fetch")
    suggestions = suggestion_store.make_for_article(article)   # in the worker already: at once
    report = {"summary": {"Article": article.title, "Characters": f"{len(article.text):,}",
                          "Fetched from": page.final_url, "Content type": page.media_type,
                          "Encoding": f"{page.encoding} ({page.encoding_reason})",
                          "Suggested claims": f"{suggestions:,}",
                          **({"Watched": "yes: fetched again on the project's schedule"} if watched else {})},
              "article_id": article.id, "preview": page.preview}
    finish(job, report, f"Imported “{article.title}” ({len(article.text):,} characters). "
                        "Open it from the project's articles or from Import by URL.")
    copies.after_import(job.project_id)   # once the article is committed


def _already_there(job, page, article) -> None:
    summary = {"Fetched from": page.final_url, "Imported": 0}
    if article is not None:
        summary["Already in the project"] = article.title
    report = {"summary": summary, "article_id": article.id if article is not None else None}
    finish(job, report, "This page's text is already in the project"
           + (f", as “{article.title}”" if article is not None else "") + "; nothing new was stored.")


@tasks.handler("refetch")
def fetch_again(job) -> None:
    article = db.session.get(Article, job.params.get("article_id"))
    if article is None or article.project_id != job.project_id:
        raise JobFailed("This article is no longer in the project.")
    progress(job, 0, 1, f"Fetching {article.url}…")
    db.session.commit()
    check = refetch.check_article(article, job.created_by, "fetch")
    if check.result == "failed":
        db.session.rollback()
        raise JobFailed(check.note)
    report = {"summary": {"Article": article.title, "Fetched from": article.url,
                          "Result": refetch.RESULTS[check.result], "In words": check.note},
              "article_id": article.id}
    finish(job, report, f"“{article.title}”: {check.note}.")
