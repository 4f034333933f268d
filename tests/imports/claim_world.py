"""Two projects for the claim round trips: "Source" with claims whose figures take every form
and whose chain has three hops, and "Target" holding the same article (by URL), where the
exports of Source are imported. Both code "dozens" as 12 (the defaults)."""
import csv
import io

from sqlalchemy import select

from tests.conftest import Browser
from tests.factories import PASSWORD, add_member, make_project, make_user
from webapp.corroboration import chains
from webapp.exports.rows import article_claim_rows
from webapp.extensions import db
from webapp.models import Article, Claim, User
from webapp.services import articles as article_service
from webapp.services import claims as claim_service
from webapp.services import sources as source_service

URL = "https://islamicinvitationturkey.example/raqqa"
FIGHTER = "Unnamed Swedish foreign fighter in SDF ranks"
TEXT = ("Thus far, 26 ISIS militants have been killed and dozens more injured, a Swedish "
        "foreign fighter operating in SDF ranks said. Over 500 militants died in phase four. "
        "Up to 40 civilians fled the villages.")
PROVENANCE = article_service.Provenance(title="Huge ISIS casualties in rural Raqqa",
                                        site_name="Islamic Invitation Turkey", url=URL)
# Every form a figure takes: exact, about, at least, over, at most, up to, range, vague.
EVERY_FORM = ["26 ISIS militants killed", "about 20 fighters captured",
              "at least 12 civilians injured", "over 500 militants killed",
              "nearly 30 women detained", "up to 40 civilians displaced",
              "between 10 and 1,500 children killed", "dozens of women abducted"]
QUOTES = ("26 ISIS militants have been killed and dozens more injured",
          "Over 500 militants died in phase four.", "Up to 40 civilians fled the villages.")
THREE_HOPS = [chains.Hop("Islamic Invitation Turkey", "outlet", "republished"),
              chains.Hop("", "outlet", "citing"), chains.Hop(FIGHTER, "person")]


def two_projects(app) -> dict:
    """Source (lead lena) with three claims: every figure form and the three-hop chain; a
    note only, with the chain its provenance gives; one vague figure and a two-hop chain.
    Target (lena lead, anna annotator) with the same article and the fighter registered."""
    with app.app_context():
        lena, anna = make_user("lena"), make_user("anna")
        source, target = make_project(lena, "Source"), make_project(lena, "Target")
        add_member(target, anna, "annotator")
        article = article_service.import_text(source.id, lena, TEXT, PROVENANCE)
        article_service.import_text(target.id, lena, TEXT, PROVENANCE)
        fighter = source_service.create_source(source.id, lena, FIGHTER, "person")
        source_service.create_source(target.id, lena, FIGHTER, "person")
        first = _claim(article, lena, QUOTES[0], structured_figures=[{"text": t} for t in EVERY_FORM],
                       figures="26 — ISIS militants killed\ndozens — injured",
                       attribution_chain="Via a republication", kind="casualty_figure",
                       source_type="combatant", hedging="thus far")
        chains.set_chain(first, lena, "lead", [*THREE_HOPS[:2], chains.Hop(
            FIGHTER, "person", "", fighter.id)], first.version)
        _claim(article, lena, QUOTES[1], figures="over 500 militants killed")
        third = _claim(article, lena, QUOTES[2], structured_figures=[{"text": "dozens displaced"}])
        chains.set_chain(third, lena, "lead", [chains.Hop("Islamic Invitation Turkey", "outlet",
                                                          "quoting"),
                                               chains.Hop("Anadolu Agency", "organisation")], 1)
        db.session.commit()
        return {"source": source.id, "target": target.id}


def _claim(article, user, quote, **data) -> Claim:
    start = article.text.index(quote)
    return claim_service.create_claim(article, user, start, start + len(quote), quote, data)


def claims_of(app, project_id: int, figure_text: bool = True) -> list[tuple]:
    """What must survive the round trip, claim by claim in text order: the quote, its fields,
    its figures (every key; their words too, where the format carries them) and its chain."""
    keys = ("kind", "low", "high", "term", "counts", "who") + (("text",) if figure_text else ())
    with app.app_context():
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        article_id = db.session.scalar(select(Article.id).where(Article.project_id == project_id))
        found = []
        for row in article_claim_rows(project_id, article_id, lena, "lead"):
            found.append((row["quote"], row["statement"], row["codes"]["kind"], row["hedging"],
                          row["figures"], row["chain_note"],
                          [tuple(f[k] for k in keys) for f in row["structured_figures"]],
                          [(h["name"], h["kind"], h["relation"]) for h in row["chain"]]))
        return found


def anna(app) -> Browser:
    """The Target's annotator, signed in: she imports."""
    browser = Browser(app.test_client())
    assert browser.login("anna", PASSWORD).status_code == 302
    return browser


def csv_text(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()
