"""Suggestions survive the project archive (issue 13): every status, the claim an accepted one
became, who decided when; the importer makes none again (on SQLite and PostgreSQL)."""
import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from tests.factories import make_article, make_claim, make_user
from tests.suggestions.helpers import HEDGED, TEXT, world
from webapp.extensions import db
from webapp.interop.archive import read_archive, write_archive
from webapp.models import Claim, Project, Suggestion, User
from webapp.services.errors import Invalid
from webapp.suggestions import store

KEPT = ("revision", "start_offset", "end_offset", "quote", "kind", "figures", "attribution_text",
        "speaker", "source_type", "named", "hedging", "parts", "language", "rules_version",
        "status", "created_at", "decided_at")


MORE = "\nOn Sunday 7 more fighters were killed, a commander told reporters.\n"


def _project_with_decisions(app):
    ids = world(app)
    lena = db.session.get(User, ids["lead_id"])
    project = db.session.get(Project, ids["project_id"])
    article = make_article(project, lena, TEXT + MORE)
    store.make_for_article(article)
    project.suggestions_enabled = False   # the setting travels too (the decided ones stay)
    first, second = db.session.scalars(select(Suggestion).order_by(Suggestion.start_offset)).all()[:2]
    claim = make_claim(article, lena, first.quote)
    anna = db.session.scalar(select(User).where(User.username == "anna"))
    moment = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    first.status, first.claim_id, first.decided_by_id, first.decided_at = "accepted", claim.id, anna.id, moment
    second.status, second.decided_by_id, second.decided_at = "rejected", lena.id, moment
    db.session.commit()
    return project, lena


def _rows(project_id: int) -> list[dict]:
    rows = db.session.scalars(select(Suggestion).where(Suggestion.project_id == project_id)
                              .order_by(Suggestion.start_offset)).all()
    return [{**{k: getattr(s, k) for k in KEPT},
             "claim": db.session.get(Claim, s.claim_id).quote if s.claim_id else None,
             "decided_by": db.session.get(User, s.decided_by_id).username if s.decided_by_id else None}
            for s in rows]


def _same_moments(row: dict) -> dict:
    return {k: (v.replace(tzinfo=timezone.utc) if isinstance(v, datetime) and v.tzinfo is None else v)
            for k, v in row.items()}


def test_suggestions_survive_the_archive_as_they_were(app, ctx, monkeypatch):
    project, lena = _project_with_decisions(app)
    before = _rows(project.id)
    assert {r["status"] for r in before} == {"open", "accepted", "rejected"}
    lines = list(write_archive(project.id, lena, "lead"))
    assert sum(json.loads(line)["type"] == "suggestion" for line in lines) == len(before)
    monkeypatch.setattr(store, "make_for_articles", pytest.fail)   # none made again
    monkeypatch.setattr(store, "make_for_article", pytest.fail)
    copy, _report = read_archive(lines, "Imported", make_user("ines"))
    db.session.commit()
    assert copy.suggestions_enabled is False
    after = _rows(copy.id)
    assert [_same_moments(r) for r in after] == [_same_moments(r) for r in before]
    assert {r["decided_by"] for r in after} == {None, "anna", "lena"}


def test_a_suggestion_whose_quote_is_not_its_article_s_is_refused(app, ctx):
    project, lena = _project_with_decisions(app)
    lines = [json.loads(line) for line in write_archive(project.id, lena, "lead")]
    for record in lines:
        if record["type"] == "suggestion":
            record["quote"] = HEDGED[:5] + "!"
            break
    with pytest.raises(Invalid, match="suggestion .* quote does not match"):
        read_archive([json.dumps(r) for r in lines], "Tampered", make_user("ivo"))
