"""T46: the review trail cannot be rewritten; T47: one event per successful write, none per
refused one."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from webapp.extensions import db
from webapp.models import Claim, ClaimEvent

from .conftest import body, diff, event_count, login, snapshot, token_of
from .test_access import claim_fields, version_of


def events_of(app, claim_id: int) -> list[ClaimEvent]:
    with app.app_context():
        events = list(db.session.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == claim_id)
                                         .order_by(ClaimEvent.id)))
        db.session.expunge_all()
        return events


@pytest.mark.parametrize("statement", [
    "UPDATE claim_events SET reason = 'rewritten'",
    "UPDATE claim_events SET actor_id = actor_id, action = 'edited'",
    "DELETE FROM claim_events",
    "DELETE FROM claim_events WHERE id = (SELECT MIN(id) FROM claim_events)",
])
def test_database_refuses_to_change_or_delete_events(app, world, statement):
    before = snapshot(app)["claim_events"]
    assert before, "the world has events to protect"
    with app.app_context():
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
            db.session.flush()
        db.session.rollback()
        # Positive control: the same connection may still insert (the app writes events).
        event = db.session.scalars(select(ClaimEvent)).first()
        db.session.add(ClaimEvent(claim_id=event.claim_id, project_id=event.project_id,
                                  actor_id=event.actor_id, action="edited", version=event.version,
                                  changes={}, reason="control"))
        db.session.commit()
    after = snapshot(app)["claim_events"]
    assert set(before) <= set(after) and len(after) == len(before) + 1


def test_orm_cannot_change_or_delete_events(app, world):
    before = snapshot(app)["claim_events"]
    with app.app_context():
        event = db.session.scalars(select(ClaimEvent)).first()
        event.reason = "rewritten through the ORM"
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.scalars(select(ClaimEvent)).first())
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.commit()
        db.session.rollback()
    assert snapshot(app)["claim_events"] == before


def test_deleting_a_claim_adds_an_event_and_keeps_its_history(app, world):
    lead = login(app, "lead")
    project, claim_id = world.a.project_id, world.a.ids["claim_id"]
    events = events_of(app, claim_id)
    response = lead.client.post(f"/projects/{project}/claims/{claim_id}/delete", data={
        "csrf_token": token_of(lead), "version": version_of(app, claim_id),
        "reason": "Duplicate of another claim"})
    assert response.status_code == 302
    after = events_of(app, claim_id)
    assert len(after) == len(events) + 1
    assert after[-1].action == "deleted" and after[-1].reason == "Duplicate of another claim"
    assert after[-1].actor_id == world.user_ids["lead"]
    with app.app_context():
        assert db.session.get(Claim, claim_id).deleted_at is not None
    history = lead.get(f"/projects/{project}/claims/{claim_id}/history")
    assert history.status_code == 200
    page = body(history)
    assert "26 ISIS militants have been killed" in page and "Duplicate of another claim" in page
    assert "Deleted" in page and "Created" in page
    assert lead.get(f"/projects/{project}/claims/{claim_id}").status_code == 404
    assert "ALPHA-STATEMENT" not in body(lead.get(f"/projects/{project}/export/claims.csv"))


def test_a_successful_edit_writes_exactly_one_event(app, world):
    lead = login(app, "lead")
    project, claim_id = world.a.project_id, world.a.ids["claim_id"]
    events = events_of(app, claim_id)
    total = event_count(app)
    started = datetime.now(timezone.utc)
    response = lead.client.post(f"/projects/{project}/claims/{claim_id}", data={
        "csrf_token": token_of(lead), **claim_fields(version=version_of(app, claim_id),
                                                     statement="Restated", reason="clearer")})
    assert response.status_code == 302
    after = events_of(app, claim_id)
    assert len(after) == len(events) + 1 and event_count(app) == total + 1
    event = after[-1]
    assert event.action == "edited" and event.reason == "clearer"
    assert event.actor_id == world.user_ids["lead"]
    assert event.changes["statement"] == ["ALPHA-STATEMENT", "Restated"]
    created = event.created_at if event.created_at.tzinfo else event.created_at.replace(tzinfo=timezone.utc)
    assert started - timedelta(seconds=5) <= created <= datetime.now(timezone.utc) + timedelta(seconds=5)
    assert event.version == version_of(app, claim_id)


def test_refused_edits_write_no_event(app, world):
    lead = login(app, "lead")
    project, claim_id = world.a.project_id, world.a.ids["claim_id"]
    url = f"/projects/{project}/claims/{claim_id}"
    current = version_of(app, claim_id)
    attempts = {
        "final status without a rationale": (
            {"csrf_token": token_of(lead), **claim_fields(version=current, status="confirmed")},
            422, "needs a rationale"),
        "stale version": (
            {"csrf_token": token_of(lead), **claim_fields(version=current - 1, statement="Late")},
            409, "You saved this claim in another tab or window"),  # the lead's own newer save
        "missing CSRF token": (claim_fields(version=current, statement="No token"),
                               400, "security token"),
        "another session's token": (
            {"csrf_token": token_of(login(app, "annotator")),
             **claim_fields(version=current, statement="Foreign token")}, 400, "security token"),
    }
    for name, (data, status, message) in attempts.items():
        before, events = snapshot(app), event_count(app)
        response = lead.client.post(url, data=data)
        assert response.status_code == status, name
        assert message in body(response), name
        assert event_count(app) == events, name
        assert diff(before, snapshot(app)) == {}, name
    for action, data in (("delete", {"version": current - 1, "reason": "late"}),
                         ("evidence", {"version": current - 1, "evidence_url": "https://e.org/x",
                                       "evidence_stance": "supports"})):
        before = snapshot(app)
        response = lead.client.post(f"{url}/{action}", data={"csrf_token": token_of(lead), **data})
        assert response.status_code == 302, action
        assert diff(before, snapshot(app)) == {}, action
    # Positive control: the same edit on the current version is saved with one event.
    events = event_count(app)
    response = lead.client.post(url, data={"csrf_token": token_of(lead),
                                           **claim_fields(version=current, statement="Now")})
    assert response.status_code == 302 and event_count(app) == events + 1
