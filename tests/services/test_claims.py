"""Claims: exact offsets, the sourcing rules, the event trail and edit conflicts."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.extensions import db
from webapp.models import Claim, ClaimEvent
from webapp.services import claims as claim_service
from webapp.services.text_checks import check_span, locate_quote
from webapp.services.errors import EditConflict, Invalid
from tests.factories import make_article, make_claim, make_project, make_user, other_origin

UNICODE_TEXT = ("مقاتل سويدي قال: Évreux café e\u0301t\u00e9 — 😀 𝔘nicode\u00a0and\u00a0NBSP. "
                "Thus far, 26 ISIS militants have been killed, a fighter said.")


def _events(claim_id):
    return list(db.session.scalars(
        db.select(ClaimEvent).where(ClaimEvent.claim_id == claim_id).order_by(ClaimEvent.id)))


def test_offsets_count_code_points_across_arabic_emoji_and_combining_marks(ctx):
    lead = make_user("lena")
    article = make_article(make_project(lead), lead, UNICODE_TEXT)
    quote = "26 ISIS militants have been killed"
    claim = make_claim(article, lead, quote)
    assert claim.start_offset == UNICODE_TEXT.index(quote)
    # The browser would count more units: the emoji and 𝔘 are two UTF-16 units each.
    assert len(UNICODE_TEXT[:claim.start_offset].encode("utf-16-le")) // 2 == claim.start_offset + 2
    assert article.text[claim.start_offset:claim.end_offset] == quote


@pytest.mark.parametrize("start,end,quote,message", [
    (0, 5, "wrong", "does not match"),
    (-1, 3, "abc", "outside the article"),
    (5, 5, "", "outside the article"),
    (0, 10_000, "x", "outside the article"),
])
def test_span_must_be_the_quote(start, end, quote, message):
    with pytest.raises(Invalid, match=message):
        check_span("Some article text here.", start, end, quote)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60),
       st.data())
def test_span_accepted_iff_text_matches(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    check_span(text, start, end, text[start:end])
    wrong = text[start:end] + "x"
    with pytest.raises(Invalid):
        check_span(text, start, end, wrong)


def test_locate_quote_for_keyboard_users():
    assert locate_quote("one two three", "two") == (4, 7)
    with pytest.raises(Invalid, match="more than once"):
        locate_quote("two two", "two")
    with pytest.raises(Invalid, match="do not occur"):
        locate_quote("one", "four")


def test_creation_is_an_event_with_every_field(ctx):
    lead = make_user("lena")
    article = make_article(make_project(lead), lead)
    claim = make_claim(article, lead, "26 ISIS militants", statement="26 killed",
                       source_type="combatant", named="unnamed", status="unreviewed")
    [event] = _events(claim.id)
    assert event.action == "created" and event.actor_id == lead.id and event.version == 1
    assert event.changes["statement"] == [None, "26 killed"]
    assert event.changes["source_type"] == [None, "combatant"]


def test_edit_records_before_and_after_and_reason(ctx):
    lead = make_user("lena")
    article = make_article(make_project(lead), lead)
    claim = make_claim(article, lead, "26 ISIS militants", statement="old")
    claim_service.update_claim(claim, lead, {"statement": "new", "hedging": "said"}, 1, "clearer")
    db.session.commit()
    event = _events(claim.id)[-1]
    assert event.action == "edited" and event.reason == "clearer"
    assert event.changes == {"statement": ["old", "new"], "hedging": ["", "said"]}
    assert claim.version == 2 and event.version == 2


def test_saving_without_changes_writes_no_event(ctx):
    lead = make_user("lena")
    claim = make_claim(make_article(make_project(lead), lead), lead, "26 ISIS militants")
    assert claim_service.update_claim(claim, lead, {"statement": ""}, 1) is None
    assert len(_events(claim.id)) == 1


def test_stale_version_is_refused_with_the_newer_changes(ctx):
    lead, other = make_user("lena"), make_user("omar")
    claim = make_claim(make_article(make_project(lead), lead), lead, "26 ISIS militants")
    claim_service.update_claim(claim, lead, {"statement": "first"}, 1)
    db.session.commit()
    with pytest.raises(EditConflict) as conflict:
        claim_service.update_claim(claim, other, {"statement": "second"}, 1)
    db.session.rollback()
    assert conflict.value.current_version == 2
    assert [e.changes for e in conflict.value.newer_events] == [{"statement": ["", "first"]}]
    assert db.session.get(Claim, claim.id).statement == "first"
    assert len(_events(claim.id)) == 2


@pytest.mark.parametrize("status", ["confirmed", "partly_confirmed", "disputed", "false"])
def test_final_status_needs_rationale_and_evidence(ctx, status):
    lead = make_user("lena")
    claim = make_claim(make_article(make_project(lead), lead), lead, "26 ISIS militants")
    with pytest.raises(Invalid, match="rationale"):
        claim_service.update_claim(claim, lead, {"status": status}, 1)
    db.session.rollback()
    with pytest.raises(Invalid, match="evidence"):
        claim_service.update_claim(claim, lead, {"status": status, "rationale": "why"}, 1)
    db.session.rollback()
    claim_service.update_claim(claim, lead, {"status": status, "rationale": "why"}, 1,
                               new_evidence={"stance": "supports", "url": "https://example.org/r",
                                             "origin_source_id": other_origin(claim.project_id, lead)})
    db.session.commit()
    assert [e.action for e in _events(claim.id)] == ["created", "status_changed", "evidence_added"]
    assert claim.last_reviewed_by_id == lead.id


def test_unconfirmed_needs_rationale_only(ctx):
    lead = make_user("lena")
    claim = make_claim(make_article(make_project(lead), lead), lead, "26 ISIS militants")
    claim_service.update_claim(claim, lead, {"status": "unconfirmed", "rationale": "looked"}, 1)
    db.session.commit()
    assert claim.status == "unconfirmed"


def test_last_evidence_of_a_confirmed_claim_cannot_be_removed(ctx):
    lead = make_user("lena")
    claim = make_claim(make_article(make_project(lead), lead), lead, "26 ISIS militants")
    claim_service.update_claim(claim, lead, {"status": "confirmed", "rationale": "two sources"}, 1,
                               new_evidence={"stance": "supports", "reference": "UN report",
                                             "origin_source_id": other_origin(claim.project_id, lead)})
    db.session.commit()
    link = claim.evidence_links[0]
    with pytest.raises(Invalid, match="change its status"):
        claim_service.remove_evidence(claim, lead, link.id, claim.version)
    db.session.rollback()
    assert len(db.session.get(Claim, claim.id).evidence_links) == 1


def test_values_outside_the_project_lists_are_refused(ctx):
    lead = make_user("lena")
    article = make_article(make_project(lead), lead)
    with pytest.raises(Invalid, match="project's list"):
        make_claim(article, lead, "26 ISIS militants", source_type="made_up")


def test_retired_values_stay_on_old_claims_but_not_new_ones(ctx):
    from webapp.services import lists
    lead = make_user("lena")
    project = make_project(lead)
    article = make_article(project, lead)
    claim = make_claim(article, lead, "26 ISIS militants", kind="other")
    item = next(i for i in lists.fetch_lists(project.id)["kind"] if i.key == "other")
    lists.set_retired(item, True)
    db.session.commit()
    claim_service.update_claim(claim, lead, {"statement": "still fine"}, 1)  # kind unchanged
    db.session.commit()
    with pytest.raises(Invalid):
        make_claim(article, lead, "a fighter said", kind="other")


def test_delete_keeps_the_claim_and_its_history(ctx):
    lead = make_user("lena")
    article = make_article(make_project(lead), lead)
    claim = make_claim(article, lead, "26 ISIS militants")
    claim_service.delete_claim(claim, lead, 1, "duplicate")
    db.session.commit()
    assert claim_service.fetch_article_claims(article.id, lead, "lead") == []
    assert [e.action for e in claim_service.fetch_history(claim.id)] == ["created", "deleted"]
    assert claim_service.fetch_history(claim.id)[-1].reason == "duplicate"


def test_source_from_another_project_is_refused(ctx):
    from webapp.services import sources
    lead = make_user("lena")
    other_project = make_project(lead, "Other")
    foreign = sources.create_source(other_project.id, lead, "Foreign source")
    db.session.commit()
    article = make_article(make_project(lead, "Mine"), lead)
    with pytest.raises(Invalid, match="registry"):
        make_claim(article, lead, "26 ISIS militants", source_id=foreign.id)


def test_the_same_form_sent_twice_makes_one_claim(ctx):
    lead = make_user("lena")
    article = make_article(make_project(lead), lead)
    quote = "26 ISIS militants"
    start = article.text.index(quote)
    first = claim_service.create_claim(article, lead, start, start + len(quote), quote, {},
                                       submission_id="3f1c9a52-0000-4000-8000-000000000001")
    db.session.commit()
    with pytest.raises(claim_service.AlreadySaved) as twin:
        claim_service.create_claim(article, lead, start, start + len(quote), quote, {},
                                   submission_id="3f1c9a52-0000-4000-8000-000000000001")
    db.session.rollback()
    assert twin.value.claim.id == first.id
    assert db.session.scalar(db.select(db.func.count()).select_from(Claim)) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(ClaimEvent)) == 1
    # Someone else replaying the id learns nothing about the claim behind it.
    other = make_user("omar")
    with pytest.raises(Invalid, match="already used"):
        claim_service.create_claim(article, other, start, start + len(quote), quote, {},
                                   submission_id="3f1c9a52-0000-4000-8000-000000000001")


def test_a_new_claim_without_a_status_has_no_reviewer_yet(ctx):
    lena = make_user("lena")
    article = make_article(make_project(lena), lena)
    claim = make_claim(article, lena, "26 ISIS militants", statement="No status given")
    assert claim.status == "unreviewed" and claim.last_reviewed_by_id is None
    reviewed = make_claim(article, lena, "a fighter said", status="in_progress")
    assert reviewed.last_reviewed_by_id == lena.id


@pytest.mark.parametrize("field, limit", [("hedging", 500), ("statement", 100_000)])
def test_text_longer_than_its_field_is_refused_by_the_service(ctx, field, limit):
    lena = make_user("lena")
    article = make_article(make_project(lena), lena)
    make_claim(article, lena, "26 ISIS militants", **{field: "x" * limit})
    with pytest.raises(Invalid, match=f"At most {limit:,} characters"):
        make_claim(article, lena, "a fighter said", **{field: "x" * (limit + 1)})


def test_a_new_claim_is_stored_in_two_inserts_and_holds_what_the_database_holds(app, ctx):
    """``database.insert_row``: the claim and its "created" event are one INSERT each, and the
    claim then holds every stored value, so reading it asks the database nothing more."""
    from sqlalchemy import event, inspect
    lead = make_user("lena")
    article = make_article(make_project(lead), lead, UNICODE_TEXT)
    quote = "26 ISIS militants have been killed"
    start = UNICODE_TEXT.index(quote)
    statements = []

    def seen(_conn, _cursor, statement, *_rest):
        statements.append(statement.split()[0].upper())

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        claim = claim_service.create_claim(article, lead, start, start + len(quote), quote,
                                           {"statement": "26 killed", "status": "unreviewed"})
        held = {c.key: getattr(claim, c.key) for c in inspect(Claim).column_attrs}
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    # (the checks before it read the article and the lists) then nothing is read back: the
    # defaults and the new id are known
    assert statements[statements.index("INSERT"):] == ["INSERT", "INSERT"]
    assert held["version"] == 1 and held["credibility"] == "6" and held["deleted_at"] is None
    db.session.commit()
    db.session.expunge_all()
    stored = db.session.get(Claim, held["id"])
    for key, value in held.items():
        again = getattr(stored, key)
        if key.endswith("_at") and value is not None:   # SQLite gives back naive UTC
            value, again = value.replace(tzinfo=None), again.replace(tzinfo=None)
        assert again == value, key
    assert [(e.action, e.version) for e in _events(held["id"])] == [("created", 1)]
