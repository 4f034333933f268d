"""A watch's state in words, for the reading view: "Checked 2 h ago (unchanged), next in 3 h",
"First check in 30 min", "Not watched" (the page's removal has its own line there)."""
from datetime import datetime

from ..extensions import db
from ..models._time import aware, utcnow
from ..models.revision import ArticleWatch
from .refetch import RESULTS
from .schedule import in_words


def watch_view(article_id: int) -> dict:
    """What the reading view shows: whether the article is watched, and its state in words."""
    row = db.session.get(ArticleWatch, article_id)
    words = state_words(row)
    return {"active": bool(row and row.active), "words": words[:1].upper() + words[1:]}


def state_words(row: ArticleWatch | None, now: datetime | None = None) -> str:
    now = now or utcnow()
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
