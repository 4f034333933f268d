"""The attribution chain through the API (issue 11): every representation carries the chain in
one line, its hops and the chain note in ``claimtrail:sourcing``; a POST or PUT that sends
``chain`` sets it (one event), the same chain sent back changes nothing, a bad hop is 422 with
nothing saved, and an annotation without ``chain`` leaves the claim's as it is."""
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Claim, ClaimEvent, ClaimHop, Source

from .conftest import TEXT, new_annotation, problem

FIGHTER_HOPS = [{"name": "Hawar News Agency", "kind": "outlet", "relation": "quoting"},
                {"name": None, "kind": "unit", "relation": "citing"},
                {"name": "A fighter in SDF ranks", "kind": "person", "relation": None}]


def _sourcing(doc: dict) -> dict:
    return next(b for b in doc["body"] if b["purpose"] == "classifying")["claimtrail:sourcing"]


def _actions(app, claim_id) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(ClaimEvent.action).where(
            ClaimEvent.claim_id == claim_id).order_by(ClaimEvent.id)))


def test_a_claim_without_a_set_chain_reads_as_its_provenance_gives_it(api, team):
    sourcing = _sourcing(api.get(team.annotation()).get_json())
    assert sourcing["chain"] == [] and sourcing["attribution_chain"] == ""   # no outlet, no source
    assert sourcing["chain_note"] == ""


def test_post_with_a_chain_sets_it_and_answers_what_a_get_reads(app, api, team):
    doc = new_annotation(TEXT, "The SDF took the village of Hamrat")
    doc["body"].append({"type": "TextualBody", "purpose": "classifying", "value": "sourcing",
                        "claimtrail:sourcing": {"chain": FIGHTER_HOPS, "chain_note": "per ANHA"}})
    created = api.post(team.container, doc)
    assert created.status_code == 201, created.get_data(as_text=True)
    sourcing = _sourcing(created.get_json())
    assert sourcing["attribution_chain"] == ("Hawar News Agency (quoting) → unit not named "
                                             "(citing) → A fighter in SDF ranks")
    assert sourcing["chain_note"] == "per ANHA"
    claim_id = int(created.headers["Location"].rsplit("/", 1)[1])
    read = api.get(team.annotation(claim_id))
    assert read.get_json() == created.get_json() and read.headers["ETag"] == created.headers["ETag"]
    assert _actions(app, claim_id) == ["created", "chain_changed"]
    with app.app_context():
        assert db.session.get(Claim, claim_id).attribution_chain == "per ANHA"
        kinds = dict(db.session.execute(select(Source.name, Source.entry_kind)).all())
        assert kinds == {"Hawar News Agency": "outlet", "A fighter in SDF ranks": "person"}


def test_put_sets_the_chain_and_the_same_chain_sent_back_changes_nothing(app, api, team):
    got = api.get(team.annotation())
    doc = got.get_json()
    _sourcing(doc)["chain"] = FIGHTER_HOPS
    saved = api.put(team.annotation(), doc, headers={"If-Match": got.headers["ETag"]})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert [h["name"] for h in _sourcing(saved.get_json())["chain"]] == [
        "Hawar News Agency", None, "A fighter in SDF ranks"]
    again = api.put(team.annotation(), saved.get_json(), headers={"If-Match": saved.headers["ETag"]})
    assert again.status_code == 200 and again.headers["ETag"] == saved.headers["ETag"]
    assert _actions(app, team.claim_id) == ["created", "chain_changed"]
    without = saved.get_json()
    del _sourcing(without)["chain"]
    api.put(team.annotation(), without, headers={"If-Match": saved.headers["ETag"]})
    with app.app_context():
        assert db.session.scalar(select(ClaimHop.id).where(ClaimHop.claim_id == team.claim_id))


def test_a_bad_chain_is_422_and_nothing_is_saved(app, api, team):
    got = api.get(team.annotation())
    for chain, words in (([{"name": "X", "kind": "satellite"}], "Hop 1: choose what kind"),
                         ([{"name": "X", "relation": "rumour"}, {"name": "Y"}], "Hop 1: how it passed"),
                         ("X → Y", "a list of hops")):
        doc = got.get_json()
        _sourcing(doc)["chain"] = chain
        doc["body"][0]["value"] = "changed statement"
        response = api.put(team.annotation(), doc, headers={"If-Match": got.headers["ETag"]})
        assert response.status_code == 422 and words in problem(response)["detail"], chain
    assert _actions(app, team.claim_id) == ["created"]
    with app.app_context():
        assert db.session.get(Claim, team.claim_id).statement == "26 militants were killed."
        assert db.session.scalar(select(Source.id)) is None
