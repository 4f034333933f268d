"""The seed as promised: ``flask bootstrap`` on a fresh install makes the demo project with the
Raqqa article and its provenance, the six claims of the demo table (offsets, sourcing, status and
rationale, field by field) and the registry's fighter on the two claims that rest on him; the
admin sees them on the pages; a second bootstrap, or one on an install that has projects,
changes nothing."""
import re
from datetime import date

from sqlalchemy import func, select

from webapp.corroboration import chains
from webapp.extensions import db
from webapp.models import Article, Claim, ClaimEvent, Project, Source
from webapp.services.demo import demo_text

CHAIN = "Islamic Invitation Turkey (republication) → original outlet (not named on the page)"
FIGHTER_CHAIN = CHAIN + " → Swedish foreign fighter in SDF ranks"
FIGHTER_SAID = "a Swedish foreign fighter operating in SDF ranks said"
NO_SOURCE = dict(source_type="none", named="no_source", party="unknown", access="unknown",
                 independent_sources="0", credibility="6", attribution_text="", hedging="",
                 attribution_chain=CHAIN, fighter=False)
# The demo table (../shared/demo/README.md), with the offsets of each quote in the article.
EXPECTED = [
    dict(quote="26 ISIS militants have been killed and dozens more injured", start=924, end=982,
         kind="casualty_figure", figures="26 — ISIS militants killed\ndozens — injured",
         attribution_text=FIGHTER_SAID, source_type="combatant", named="unnamed", party="party",
         access="unknown", hedging="", independent_sources="1", credibility="3",
         attribution_chain=FIGHTER_CHAIN, fighter=True, status="unconfirmed",
         rationale="single unnamed source"),
    dict(quote="The source did not specify Kurdish casualties from the ISIS attacks.",
         start=1073, end=1141, kind="other", figures="",
         attribution_text="The source (the same Swedish foreign fighter)",
         source_type="combatant", named="unnamed", party="party", access="unknown", hedging="",
         independent_sources="1", credibility="6", attribution_chain=FIGHTER_CHAIN,
         fighter=True, status="unverifiable", rationale="does not name the outlet"),
    dict(NO_SOURCE, quote="forcing them to call upon US air support to repel the attack",
         start=704, end=764, kind="event_occurrence", figures="", status="unconfirmed",
         rationale="outlet's own assertion"),
    dict(NO_SOURCE, quote="ISIS commanders reportedly hope to drive US allies back across Lake Assad",
         start=1393, end=1466, kind="intention", figures="", hedging="reportedly",
         status="unverifiable", rationale="no source given"),
    dict(NO_SOURCE, quote="Phase four of the Euphrates Wrath offensive has already resulted in the "
                          "death of over 500 ISIS militants",
         start=1622, end=1726, kind="casualty_figure",
         figures="over 500 — ISIS militants killed (phase four of Euphrates Wrath)",
         status="unconfirmed", rationale="unattributed casualty figure"),
    dict(NO_SOURCE, quote="diverted thousands of jihadists from Raqqa city to elsewhere in the country",
         start=1926, end=2001, kind="quantity", figures="thousands — jihadists diverted from Raqqa city",
         status="unconfirmed", rationale="unattributed estimate"),
]
SOURCING = ("kind", "figures", "attribution_text", "source_type", "named", "party", "access",
            "hedging", "independent_sources", "credibility", "attribution_chain", "status")


def bootstrap(app) -> str:
    result = app.test_cli_runner().invoke(args=["bootstrap"])
    assert result.exit_code == 0, result.output
    return result.output


def sign_in_as_admin(browser, output: str) -> None:
    password = re.search(r"password: (\S+)", output).group(1)
    assert browser.login("admin", password).status_code == 302


def test_a_fresh_install_holds_the_demo_article_with_its_provenance(app, browser):
    output = bootstrap(app)
    assert "Demo project created." in output
    with app.app_context():
        project = db.session.scalar(select(Project))
        article = db.session.scalar(select(Article))
        assert project.name == "Demo: Raqqa counter-offensive, May 2017"
        assert "Islamic Invitation Turkey" in project.description
        assert "does not name the outlet" in project.description
        assert article.text == demo_text()           # exactly as captured
        assert (article.title, article.site_name, article.original_outlet, article.url, article.author,
                article.published_on) == (
            "Huge ISIS casualties in rural Raqqa as counter-offensive ends in disaster",
            "Islamic Invitation Turkey", "", "", "", date(2017, 5, 11))
        assert article.text[article.body_start:].startswith("Huge ISIS casualties")
        ids = project.id, article.id
    sign_in_as_admin(browser, output)
    page = browser.get(f"/projects/{ids[0]}/articles/{ids[1]}").get_data(as_text=True)
    assert "<dt>Read on</dt><dd>Islamic Invitation Turkey</dd>" in page
    assert "<dt>Published</dt><dd>2017-05-11</dd>" in page
    assert "First published by" not in page            # the page does not name it
    assert page.count('class="hl ') == 6                # six highlighted claims


def test_the_six_claims_of_the_demo_table_field_by_field(app):
    bootstrap(app)
    with app.app_context():
        text = demo_text()
        fighter = db.session.scalar(select(Source).where(Source.entry_kind == "person"))
        # The fighter, and the republishing outlet as the first hop of every chain.
        assert list(db.session.execute(select(Source.name, Source.entry_kind).order_by(Source.id))) == [
            ("Unnamed Swedish foreign fighter in SDF ranks", "person"),
            ("Islamic Invitation Turkey", "outlet")]
        assert (fighter.name, fighter.entry_kind, fighter.affiliation, fighter.reliability) == (
            "Unnamed Swedish foreign fighter in SDF ranks", "person",
            "Syrian Democratic Forces (SDF)", "F")
        assert "party to the conflict (the SDF)" in fighter.notes
        assert [g.reason for g in fighter.grades] == ["Anonymous; no track record can be established."]
        claims = db.session.scalars(select(Claim).order_by(Claim.id)).all()
        assert len(claims) == len(EXPECTED)
        for claim, expected in zip(claims, EXPECTED):
            quote = expected["quote"]
            assert (claim.quote, claim.start_offset, claim.end_offset) == (
                quote, expected["start"], expected["end"])
            assert text[claim.start_offset:claim.end_offset] == quote and text.count(quote) == 1
            assert claim.prefix == text[claim.start_offset - 32:claim.start_offset]
            assert claim.suffix == text[claim.end_offset:claim.end_offset + 32]
            for field in SOURCING:
                assert getattr(claim, field) == expected[field], (quote, field)
            assert claim.source_id == (fighter.id if expected["fighter"] else None), quote
            assert expected["rationale"] in claim.rationale.lower(), quote
            assert claim.statement and claim.deleted_at is None and claim.review_state == ""
            assert claim.status != "confirmed" and not claim.evidence_links
            events = db.session.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == claim.id)).all()
            assert [e.action for e in events] == ["created", "chain_changed"]
            assert chains.chain_text(chains.chain_of(claim)) == (
                "Islamic Invitation Turkey (republished) → outlet not named"
                + (" (citing) → Unnamed Swedish foreign fighter in SDF ranks"
                   if expected["fighter"] else "")), quote


def test_the_admin_sees_the_claims_and_who_they_rest_on(app, browser):
    output = bootstrap(app)
    sign_in_as_admin(browser, output)
    with app.app_context():
        project_id = db.session.scalar(select(Project.id))
        fighter_id = db.session.scalar(select(Source.id).where(Source.entry_kind == "person"))
        first = db.session.scalar(select(Claim.id).order_by(Claim.id))
    sources = browser.get(f"/projects/{project_id}/sources/").get_data(as_text=True)
    assert "Unnamed Swedish foreign fighter in SDF ranks" in sources
    assert '<td class="num">2</td>' in sources      # cited by two claims
    page = browser.get(f"/projects/{project_id}/claims/{first}").get_data(as_text=True)
    assert "Unnamed Swedish foreign fighter in SDF ranks" in page and "F3" in page
    # Issue 11: "26 ISIS militants have been killed" rests on one origin, its chain as data,
    # its figures structured.
    assert 'class="chip grade grade-single_origin"' in page and "This report alone" in page
    assert "Islamic Invitation Turkey</a>" in page and "outlet not named" in page
    assert "26 · killed · combatants" in page
    assert browser.get(f"/projects/{project_id}/sources/{fighter_id}").status_code == 200


def test_bootstrap_again_changes_nothing(app):
    bootstrap(app)
    output = bootstrap(app)
    assert "Demo project created." not in output and "password" not in output
    with app.app_context():
        counts = [db.session.scalar(select(func.count()).select_from(m))
                  for m in (Project, Article, Claim, Source)]
    assert counts == [1, 1, 6, 2]   # sources: the fighter and the republishing outlet


def test_an_install_with_projects_gets_no_demo(app):
    """An older install (its demo of two claims, or a renamed one) is left as it is."""
    from tests.factories import make_project, make_user
    with app.app_context():
        make_project(make_user("lena"), "Our own project")
    output = bootstrap(app)
    assert "Demo project created." not in output
    with app.app_context():
        assert db.session.scalars(select(Project.name)).all() == ["Our own project"]
        assert db.session.scalar(select(func.count()).select_from(Claim)) == 0
