"""Correcting an article's provenance after import (issue 12, 6): title, site, original outlet,
URL, author and published date. Each correction is one event in the article's history with
every field it changed (before → after) and the reason given; the text never changes (a new
text is a revision, ``webapp.revisions.store``)."""
from ..models import Article, User
from ..services.articles import Provenance, check_provenance
from ..services.assignments import record as record_article_event

FIELDS = ("title", "site_name", "original_outlet", "url", "author", "published_on")


def correct_provenance(article: Article, user: User, provenance: Provenance, reason: str = ""):
    """Apply the corrections (``Invalid`` names a refused field); the event, or None when
    nothing changed. The caller commits."""
    check_provenance(provenance)
    changes = {}
    for field in FIELDS:
        value = getattr(provenance, field)
        value = value.strip() if isinstance(value, str) else value
        if getattr(article, field) != value:
            before = getattr(article, field)
            changes[field] = [_shown(before), _shown(value)]
            setattr(article, field, value)
    if not changes:
        return None
    return record_article_event(article, user, "provenance_corrected", changes, reason[:2000])


def _shown(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
