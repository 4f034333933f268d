"""The demo project of a fresh install: the Raqqa report and the claims a reviewer would mark."""
from importlib import resources

from sqlalchemy import select

from ..extensions import db
from ..models import Project, User
from . import articles as article_service
from . import claims as claim_service
from . import projects as project_service
from . import sources as source_service

DEMO_NAME = "Demo: Raqqa counter-offensive, May 2017"
DEMO_FILE = "raqqa-counter-offensive-2017-05-11.txt"


def demo_text() -> str:
    return resources.files("webapp.demo").joinpath(DEMO_FILE).read_text("utf-8")


def seed_demo(lead: User) -> Project | None:
    """Create the demo project once; None if it exists already."""
    if db.session.scalar(select(Project.id).where(Project.name == DEMO_NAME)):
        return None
    project = project_service.create_project(DEMO_NAME, lead, "A real scraped page, as captured.")
    text = demo_text()
    article = article_service.import_text(project.id, lead, text, article_service.Provenance(
        title="Huge ISIS casualties in rural Raqqa as counter-offensive ends in disaster",
        site_name="Islamic Invitation Turkey", url="", author=""))
    fighter = source_service.create_source(
        project.id, lead, "Unnamed Swedish foreign fighter in SDF ranks", "person",
        "Syrian Democratic Forces (SDF)", reliability="F",
        reason="Anonymous; no track record can be established.")
    quote = "26 ISIS militants have been killed and dozens more injured"
    start = text.index(quote)
    claim_service.create_claim(article, lead, start, start + len(quote), quote, {
        "statement": "26 ISIS militants were killed in fighting in western Raqqa on 10–11 May 2017.",
        "kind": "casualty_figure", "figures": "26 — ISIS militants killed\ndozens — injured",
        "attribution_text": "a Swedish foreign fighter operating in SDF ranks said",
        "source_type": "combatant", "named": "unnamed", "party": "party", "access": "unknown",
        "independent_sources": "1", "source_id": fighter.id, "credibility": "3",
        "attribution_chain": "Islamic Invitation Turkey (republication) → original report → "
                             "Swedish foreign fighter in SDF ranks",
        "status": "unreviewed"})
    quote = "ISIS commanders reportedly hope to drive US allies back across Lake Assad"
    start = text.index(quote)
    claim_service.create_claim(article, lead, start, start + len(quote), quote, {
        "statement": "ISIS commanders intend to push US-allied forces back across Lake Assad.",
        "kind": "intention", "source_type": "none", "named": "no_source", "party": "unknown",
        "access": "unknown", "hedging": "reportedly", "independent_sources": "0",
        "credibility": "6", "status": "unreviewed"})
    return project
