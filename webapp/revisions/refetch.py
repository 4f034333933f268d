"""Fetching an article's address again: a new revision when its main text differs, *removed*
when the page is gone (issue 12).

``check_article`` goes through the one guarded fetcher (``services.fetch``), keeps the
exchange as a WARC record (``capture``) when it brought a new revision or found the page gone
(not when the page is unchanged: the latest revision's capture stands), and records what it found:
a new revision with the claims re-anchored (``store.add_revision``), the page unchanged, the
page gone (404 or 410, or its main text reduced to a stub — see ``vanished``: *removed on* the date, with the reason in
words), or a fetch that failed (refused, unreachable, too big: nothing recorded but the note).
A page found gone that answers again with text is no longer marked removed. Each result is one
transaction, which the caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from ..extensions import db
from ..models import Article, User
from ..models._time import utcnow
from ..services.assignments import record as record_article_event
from ..services.errors import Invalid
from . import capture
from .store import Outcome, add_revision
from .texts import latest

GONE = (404, 410)
STUB_WORDS = 25
RESULTS = {"revision": "a new revision", "unchanged": "unchanged", "removed": "removed",
           "failed": "not fetched"}


@dataclass
class Check:
    result: str                 # a key of RESULTS
    note: str                   # in words, for the article page, the queue and the terminal
    outcome: Outcome | None = None


def check_article(article: Article, user: User, how: str = "fetch") -> Check:
    """Fetch ``article.url`` again and record what it found (see the module's docstring)."""
    from ..services import url_imports
    from ..services.fetch import FetchRefused, StatusRefused, Undecodable, fetch_page

    if not article.url:
        return Check("failed", "this article has no address to fetch")
    try:
        page = fetch_page(article.url)
    except StatusRefused as refusal:
        if refusal.status not in GONE:
            return Check("failed", f"Not fetched: {refusal.message}.")
        capture.store_capture(article, refusal.exchange, None, how)
        return _removed(article, user, refusal.message)
    except Undecodable as refusal:
        return Check("failed", f"Fetched, but its text could not be read: {refusal.message}")
    except FetchRefused as refusal:
        return Check("failed", f"Not fetched: {refusal.message}.")
    limit = current_app.config["MAX_HTML_CHARS"]
    if page.media_type != "text/plain" and len(page.text) > limit:
        return Check("failed", f"Fetched, but the page is larger than {limit // 1_000_000} MB "
                               "of HTML, more than its text can be taken from")
    try:
        text, _found = url_imports.main_text(page)
    except Invalid:
        text = ""
    if vanished(text, latest(article).text):
        capture.store_capture(article, page.exchange, None, how)
        return _removed(article, user, "its main text vanished from the page")
    try:
        outcome = add_revision(article, text, user, how, captured_at=page.exchange.started_at)
    except Invalid as exc:
        return Check("failed", f"Fetched, but not stored: {exc.message}")
    if outcome is None:   # nothing new to prove: the revision's own capture stands
        _back(article, user)
        return Check("unchanged", f"unchanged since revision {article.revision}")
    capture.store_capture(article, page.exchange, outcome.revision.number, how)
    _back(article, user)
    article.attention = "changed"
    return Check("revision", f"revision {outcome.revision.number}: {outcome.summary()}", outcome)


def vanished(text: str, before: str) -> bool:
    """The page answers, but what is left of its main text is a stub ("This story is no longer
    available", a menu): fewer than ``STUB_WORDS`` words where the latest revision had at least
    four times as many. A page that was short to begin with is never called vanished."""
    words = len(text.split())
    return words == 0 or (words < STUB_WORDS and len(before.split()) >= 4 * words)


def _removed(article: Article, user: User, reason: str) -> Check:
    if article.removed_at is None:
        article.removed_at, article.removed_reason = utcnow(), reason
        article.attention = "removed"
        record_article_event(article, user, "removed", {"removed": [None, reason]}, reason)
    db.session.flush()
    on = article.removed_at.strftime("%-d %b %Y")
    return Check("removed", f"removed on {on}: {reason}")


def _back(article: Article, user: User) -> None:
    """A page found gone that answers again with its text."""
    if article.removed_at is None:
        return
    record_article_event(article, user, "restored", {"removed": [article.removed_reason, None]},
                         "the page answers again")
    article.removed_at, article.removed_reason = None, ""
    if article.attention == "removed":
        article.attention = ""
