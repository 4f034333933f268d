"""The attribution chain as data (issue 11, part 2): the chain a claim shows before anyone sets
it (from its article's provenance and its source), setting it on the claim page as registry
entries (new names registered, "not named" hops kept), one "chain_changed" event in the trail,
stale and bad input refused with nothing stored, and the free-text chain kept as a note."""
import re

from sqlalchemy import select

from tests.conftest import Browser
from tests.factories import PASSWORD, add_member, make_claim, make_project, make_user
from webapp.corroboration import chains
from webapp.extensions import db
from webapp.models import Claim, ClaimEvent, ClaimHop, Source, User
from webapp.services import articles as article_service
from webapp.services import sources as source_service

TEXT = "Thus far, 26 ISIS militants have been killed, a Swedish fighter in SDF ranks said."
QUOTE = "26 ISIS militants have been killed"
FIGHTER = "Unnamed Swedish foreign fighter in SDF ranks"


def _world(app, original_outlet="Anadolu Agency", note=""):
    with app.app_context():
        lena, vera = make_user("lena"), make_user("vera")
        project = make_project(lena)
        add_member(project, vera, "viewer")
        article = article_service.import_text(project.id, lena, TEXT, article_service.Provenance(
            title="Raqqa", site_name="Islamic Invitation Turkey", original_outlet=original_outlet))
        fighter = source_service.create_source(project.id, lena, FIGHTER, "person")
        db.session.commit()
        claim = make_claim(article, lena, QUOTE, source_id=fighter.id, attribution_chain=note)
        return project.id, claim.id, fighter.id


def _as(app, username) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(username, PASSWORD).status_code == 302
    return browser


def _page(browser, project_id, claim_id) -> str:
    return browser.get(f"/projects/{project_id}/claims/{claim_id}").get_data(as_text=True)


def _hops_shown(html: str) -> list[str]:
    chain = html[html.index('<ol class="hops"'):html.index("</ol>", html.index('<ol class="hops"'))]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", li)).strip()
            for li in re.findall(r'<li class="hop[^"]*">(.*?)</li>', chain, re.S)]


def _post_chain(browser, project_id, claim_id, rows, version, reason=""):
    data = {"version": str(version), "reason": reason}
    for i, row in enumerate(rows):
        data.update({f"hops-{i}-{key}": value for key, value in row.items()})
    url = f"/projects/{project_id}/claims/{claim_id}"
    return browser.post(f"{url}/chain", data, form_url=url)


def test_before_anyone_sets_it_the_chain_comes_from_the_provenance_and_the_source(app):
    project_id, claim_id, fighter_id = _world(app)
    html = _page(_as(app, "vera"), project_id, claim_id)
    assert _hops_shown(html) == ["Islamic Invitation Turkey outlet republished",
                                 "Anadolu Agency outlet citing", f"{FIGHTER} person"]
    assert f'/sources/{fighter_id}"' in html
    assert "not yet set by hand" in html
    with app.app_context():
        assert chains.chain_text(chains.chain_of(db.session.get(Claim, claim_id))) == (
            f"Islamic Invitation Turkey (republished) → Anadolu Agency (citing) → {FIGHTER}")


def test_an_article_read_where_it_was_first_published_starts_with_that_outlet(app):
    project_id, claim_id, _ = _world(app, original_outlet="")
    assert _hops_shown(_page(_as(app, "lena"), project_id, claim_id)) == [
        "Islamic Invitation Turkey outlet citing", f"{FIGHTER} person"]


def test_setting_the_chain_stores_registry_hops_and_is_one_event(app):
    project_id, claim_id, fighter_id = _world(app, original_outlet="")
    lena = _as(app, "lena")
    response = _post_chain(lena, project_id, claim_id, [
        {"name": "Islamic Invitation Turkey", "kind": "outlet", "relation": "republished"},
        {"not_named": "y", "kind": "outlet", "relation": "citing"},
        {"name": FIGHTER.lower(), "kind": "person", "relation": "quoting"},  # the last hop: none
        {"name": "", "kind": "outlet", "relation": ""},                # an empty row: ignored
    ], version=1, reason="The page republishes an unnamed outlet's report")
    assert response.status_code == 302 and response.headers["Location"].endswith("#chain")
    html = _page(lena, project_id, claim_id)
    assert "Attribution chain saved." in html
    assert _hops_shown(html) == ["Islamic Invitation Turkey outlet republished",
                                 "outlet not named outlet citing", f"{FIGHTER} person"]
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert claim.version == 2
        hops = list(db.session.scalars(select(ClaimHop).where(ClaimHop.claim_id == claim_id)
                                       .order_by(ClaimHop.position)))
        outlet = db.session.scalar(select(Source).where(Source.name == "Islamic Invitation Turkey"))
        # A new name is registered with the kind given; a known one (any case) is the entry.
        assert outlet is not None and outlet.entry_kind == "outlet"
        assert [(h.source_id, h.entry_kind, h.relation) for h in hops] == [
            (outlet.id, "outlet", "republished"), (None, "outlet", "citing"),
            (fighter_id, "person", "")]
        event = db.session.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == claim_id)
                                   .order_by(ClaimEvent.id.desc())).first()
        assert event.action == "chain_changed" and event.version == 2
        assert event.reason == "The page republishes an unnamed outlet's report"
        assert event.changes["chain"] == [
            f"Islamic Invitation Turkey (citing) → {FIGHTER}",
            f"Islamic Invitation Turkey (republished) → outlet not named (citing) → {FIGHTER}"]
    history = lena.get(f"/projects/{project_id}/claims/{claim_id}/history").get_data(as_text=True)
    assert "Attribution chain" in history and "outlet not named (citing)" in history


def test_the_same_chain_again_changes_nothing_and_an_empty_one_goes_back_to_the_provenance(app):
    project_id, claim_id, fighter_id = _world(app)
    lena = _as(app, "lena")
    same = [{"name": "Islamic Invitation Turkey", "kind": "outlet", "relation": "republished"},
            {"name": "Anadolu Agency", "kind": "outlet", "relation": "citing"},
            {"name": FIGHTER, "kind": "person"}]
    _post_chain(lena, project_id, claim_id, same, version=1)
    assert "The chain is unchanged." in _page(lena, project_id, claim_id)
    _post_chain(lena, project_id, claim_id, same[:1] + same[2:], version=1)
    _post_chain(lena, project_id, claim_id, [], version=2)
    with app.app_context():
        assert db.session.scalar(select(ClaimHop.id).where(ClaimHop.claim_id == claim_id)) is None
        actions = list(db.session.scalars(select(ClaimEvent.action).where(
            ClaimEvent.claim_id == claim_id).order_by(ClaimEvent.id)))
        assert actions == ["created", "chain_changed", "chain_changed"]
    assert len(_hops_shown(_page(lena, project_id, claim_id))) == 3


def test_a_stale_or_bad_chain_is_refused_and_nothing_is_stored(app):
    project_id, claim_id, _ = _world(app)
    lena = _as(app, "lena")
    _post_chain(lena, project_id, claim_id, [{"name": "A", "kind": "outlet"}], version=1)
    stale = _post_chain(lena, project_id, claim_id, [{"name": "B", "kind": "outlet"}], version=1)
    assert stale.status_code == 302
    # The earlier save was this person's own: the refusal says so (and that nothing was saved).
    assert "Nothing was saved here" in _page(lena, project_id, claim_id)
    bad = _post_chain(lena, project_id, claim_id,
                      [{"name": "C", "kind": "satellite", "relation": ""}], version=2)
    assert bad.status_code == 302
    assert "The chain was not saved. Hop 1, kind: Not a valid choice" in _page(lena, project_id, claim_id)
    with app.app_context():
        names = list(db.session.scalars(select(Source.name).order_by(Source.id)))
        assert names == [FIGHTER, "A"]          # neither B nor C was registered
        assert db.session.get(Claim, claim_id).version == 2


def test_parse_hops_names_the_hop_that_is_wrong():
    import pytest
    from webapp.services.errors import Invalid
    with pytest.raises(Invalid, match="Hop 2: how it passed the claim"):
        chains.parse_hops([{"name": "A"}, {"name": "B", "relation": "rumour"}])
    with pytest.raises(Invalid, match="at most 12 hops"):
        chains.parse_hops([{"name": str(i)} for i in range(13)])
    assert chains.parse_hops([{"name": " A ", "relation": "citing"}]) == [chains.Hop("A", "outlet")]


def test_the_chain_text_reads_back_as_its_hops():
    hops = [chains.Hop("Islamic Invitation Turkey", "outlet", "republished"),
            chains.Hop("", "outlet", "citing"), chains.Hop("", "person", "quoting"),
            chains.Hop(FIGHTER, "person")]
    read = chains.hops_from_text(chains.chain_text(hops))
    assert [(h["name"], h["kind"], h["relation"], h["not_named"]) for h in read] == [
        ("Islamic Invitation Turkey", None, "republished", False), ("", "outlet", "citing", True),
        ("", "person", "quoting", True), (FIGHTER, None, "", False)]
    assert chains.parse_hops(read)[1:3] == hops[1:3]
    assert chains.hops_from_text("") == []
    assert chains.hops_from_text("A (republished) → original outlet not named (citing) → B")[1] == {
        "name": "", "kind": "outlet", "relation": "citing", "not_named": True}


def test_a_hop_takes_the_entry_of_its_name_and_kind_else_of_its_name(app):
    project_id, claim_id, fighter_id = _world(app)
    with app.app_context():
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        outlet = source_service.create_source(project_id, lena, FIGHTER, "outlet").id
        claim = db.session.get(Claim, claim_id)
        chains.set_chain(claim, lena, "lead", [chains.Hop(FIGHTER.upper(), "outlet", "citing"),
                                               chains.Hop(FIGHTER, "person", "citing"),
                                               chains.Hop("Anadolu Agency", "organisation")], 1)
        stored = list(db.session.scalars(select(ClaimHop.source_id).where(
            ClaimHop.claim_id == claim_id).order_by(ClaimHop.position)))
        agency = db.session.scalars(select(Source).where(Source.name == "Anadolu Agency")).one()
        assert stored == [outlet, fighter_id, agency.id] and agency.entry_kind == "organisation"
        chains.set_chain(claim, lena, "lead", [chains.Hop("anadolu agency", "outlet")], 2)
        assert db.session.scalar(select(ClaimHop.source_id).where(
            ClaimHop.claim_id == claim_id)) == agency.id     # no second "Anadolu Agency"


def test_viewers_cannot_set_a_chain(app):
    project_id, claim_id, _ = _world(app)
    vera = _as(app, "vera")
    assert "Edit the chain" not in _page(vera, project_id, claim_id)
    response = _post_chain(vera, project_id, claim_id, [{"name": "X", "kind": "outlet"}], version=1)
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(ClaimHop.id)) is None


def test_the_free_text_chain_stays_as_the_claims_note(app):
    project_id, claim_id, _ = _world(app, note="IIT → unnamed outlet → fighter (per the page)")
    html = _page(_as(app, "lena"), project_id, claim_id)
    record = html[html.index('<div class="record">'):html.index('id="chain"')]
    assert "<dt>Chain note</dt>" in record and "IIT → unnamed outlet → fighter (per the page)" in record
