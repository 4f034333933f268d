"""A watch's state in words, for the reading view: "checked 2 h ago (unchanged), next in 3 h",
"removed on 2 May 2026"."""
from datetime import datetime

from ..extensions import db
from ..models import Article
from ..models._time import aware, utcnow
from ..models.revision import ArticleWatch
from .schedule import in_words

RESULTS = {"revision": "a new revision", "unchanged": "unchanged", "removed": "removed",
           "failed": "not fetched"}


def day(moment: datetime) -> str:
    """"2 May 2026" (no leading zero, on every platform)."""
    return f"{moment.day} {moment:%b %Y}"


def removed_words(article: Article) -> str:
    return f"removed on {day(aware(article.removed_at))}" if article.removed_at else ""


def watch_view(article: Article) -> dict:
    """What the reading view shows: whether it is watched, and its state in words."""
    row = db.session.get(ArticleWatch, article.id)
    words, removed = state_words(row, article), removed_words(article)
    return {"active": bool(row and row.active), "words": words[:1].upper() + words[1:],
            "removed": removed[:1].upper() + removed[1:], "reason": article.removed_reason}


def state_words(row: ArticleWatch | None, article: Article, now: datetime | None = None) -> str:
    now = now or utcnow()
    if article.removed_at and (row is None or not row.active):
        return removed_words(article)
    parts = []
    if row is not None and row.last_checked_at:
        parts.append(f"checked {in_words(now - aware(row.last_checked_at))} ago "
                     f"({RESULTS.get(row.last_result, row.last_result)})")
    if row is None or not row.active:
        return ", ".join(parts + ["not watched"])
    wait = aware(row.next_check_at) - now
    word = "next" if parts else "first check"
    parts.append(f"{word} in {in_words(wait)}" if wait.total_seconds() > 60 else f"{word} within a minute")
    if row.failures:
        parts.append(f"{row.failures} failed in a row")
    return ", ".join(parts)
