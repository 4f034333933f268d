"""Pages and exports make the same number of SQL queries whatever the number of claims
(no query per row)."""
import contextlib

import pytest
from sqlalchemy import event

from webapp.extensions import db
from webapp.models import User
from webapp.services import claims as claim_service
from tests.factories import PASSWORD, make_article, make_project, make_user


@contextlib.contextmanager
def count_queries(app):
    counter = {"n": 0}

    def _count(*_args, **_kw):
        counter["n"] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", _count)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", _count)


def _project_with_claims(app, n):
    with app.app_context():
        lead = db.session.scalar(db.select(User).where(User.username == "lena")) or make_user("lena")
        text = " ".join(f"Sentence {i} says something." for i in range(60))
        project = make_project(lead, f"P{n}")
        article = make_article(project, lead, text, title=f"A{n}")
        from webapp.services import sources
        source = sources.create_source(project.id, lead, "A source")
        for i in range(n):
            quote = f"Sentence {i} says"
            start = text.index(quote)
            claim = claim_service.create_claim(article, lead, start, start + len(quote), quote,
                                               {"source_id": source.id, "status": "unreviewed"})
            claim_service.update_claim(claim, lead, {"statement": f"edited {i}"}, 1)
            claim_service.add_evidence(claim, lead, 2, stance="supports", url="https://example.org")
        db.session.commit()
        return project.id, article.id


@pytest.mark.parametrize("page", ["project", "reading", "csv", "jsonl"])
def test_query_count_does_not_grow_with_claims(app, browser, page):
    small = _project_with_claims(app, 1)
    large = _project_with_claims(app, 40)
    browser.login("lena", PASSWORD)
    urls = {
        "project": "/projects/{0}", "reading": "/projects/{0}/articles/{1}",
        "csv": "/projects/{0}/export/claims.csv", "jsonl": "/projects/{0}/export/claims.jsonl",
    }
    counts = []
    for project_id, article_id in (small, large):
        with count_queries(app) as counter:
            response = browser.get(urls[page].format(project_id, article_id))
            response.get_data()
        assert response.status_code == 200
        counts.append(counter["n"])
    assert counts[0] == counts[1], counts
