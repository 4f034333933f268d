"""The demo project of a fresh install: the Raqqa report with its provenance and the six claims
a reviewer would mark in it (the table of the demo's README), each with its sourcing record
and a status that fits what is at hand. Nothing independent is at hand, so none is confirmed.

Everything is made through the real services, in the caller's one transaction. The demo is
made only on a fresh install (no project yet): an install that has projects — an older demo
of two claims included — is left as it is.
"""
from datetime import date
from importlib import resources

from sqlalchemy import select

from ..corroboration import chains
from ..extensions import db
from ..models import Article, Project, Source, User
from . import articles as article_service
from . import claims as claim_service
from . import projects as project_service
from . import sources as source_service
from . import text_checks

DEMO_NAME = "Demo: Raqqa counter-offensive, May 2017"
DEMO_FILE = "raqqa-counter-offensive-2017-05-11.txt"
DEMO_DESCRIPTION = (
    "A real scraped page, as captured: a report of 11 May 2017 (its dateline) read on "
    "“Islamic Invitation Turkey”. The page is a republication and does not name the outlet "
    "that first published it, so every claim's attribution chain starts with the republisher.")
PROVENANCE = article_service.Provenance(
    title="Huge ISIS casualties in rural Raqqa as counter-offensive ends in disaster",
    site_name="Islamic Invitation Turkey", original_outlet="", url="", author="",
    published_on=date(2017, 5, 11))
FIGHTER = {"name": "Unnamed Swedish foreign fighter in SDF ranks", "entry_kind": "person",
           "affiliation": "Syrian Democratic Forces (SDF)",
           "notes": "Individual combatant of a party to the conflict (the SDF). Known only as "
                    "“a Swedish foreign fighter operating in SDF ranks”; not named.",
           "reliability": "F", "reason": "Anonymous; no track record can be established."}
REPUBLISHED = "Islamic Invitation Turkey (republication) → original outlet (not named on the page)"
UNSOURCED = {"attribution_text": "", "source_type": "none", "named": "no_source",
             "party": "unknown", "access": "unknown", "independent_sources": "0",
             "credibility": "6", "attribution_chain": REPUBLISHED}
FROM_FIGHTER = {"attribution_text": "a Swedish foreign fighter operating in SDF ranks said",
                "source_type": "combatant", "named": "unnamed", "party": "party",
                "access": "unknown", "independent_sources": "1",
                "attribution_chain": REPUBLISHED + " → Swedish foreign fighter in SDF ranks"}
# (quote, fields); "fighter": the claim rests on the registry's fighter.
CLAIMS: tuple[tuple[str, dict], ...] = (
    ("26 ISIS militants have been killed and dozens more injured", {
        **FROM_FIGHTER, "fighter": True, "credibility": "3", "kind": "casualty_figure",
        "statement": "26 ISIS militants were killed and dozens injured in fighting in western "
                     "Raqqa on 10–11 May 2017.",
        "figures": "26 — ISIS militants killed\ndozens — injured",
        "structured_figures": [{"text": "26 ISIS militants killed"}, {"text": "dozens injured"}],
        "status": "unconfirmed",
        "rationale": "A single unnamed source, a combatant of a party to the fighting (the SDF), "
                     "relayed by a republication; no independent report of the casualties is "
                     "at hand."}),
    ("The source did not specify Kurdish casualties from the ISIS attacks.", {
        **FROM_FIGHTER, "fighter": True, "credibility": "6", "kind": "other",
        "attribution_text": "The source (the same Swedish foreign fighter)",
        "statement": "The SDF-side source gave no figure for Kurdish (SDF) casualties; "
                     "an omission the outlet notes.",
        "status": "unverifiable",
        "rationale": "What the source left out can only be checked against the original report, "
                     "and the page does not name the outlet that first published it."}),
    ("forcing them to call upon US air support to repel the attack", {
        **UNSOURCED, "kind": "event_occurrence",
        "statement": "SDF garrisons in Ayed al-Kabeer, Ibad and Al-Mashirfa called in US air "
                     "support to repel the ISIS attack.",
        "status": "unconfirmed",
        "rationale": "The outlet's own assertion, attributed to no one; no coalition or other "
                     "independent report of air support there is at hand."}),
    ("ISIS commanders reportedly hope to drive US allies back across Lake Assad", {
        **UNSOURCED, "kind": "intention", "hedging": "reportedly",
        "statement": "ISIS commanders intend to push US-allied forces back across Lake Assad.",
        "status": "unverifiable",
        "rationale": "A hedged (“reportedly”) claim about what ISIS commanders hope, with no "
                     "source given; their intentions cannot be checked from what is at hand."}),
    ("Phase four of the Euphrates Wrath offensive has already resulted in the death of over "
     "500 ISIS militants", {
        **UNSOURCED, "kind": "casualty_figure",
        "statement": "Over 500 ISIS militants have been killed in phase four of the Euphrates "
                     "Wrath offensive.",
        "figures": "over 500 — ISIS militants killed (phase four of Euphrates Wrath)",
        "structured_figures": [{"text": "over 500 ISIS militants killed"}],
        "status": "unconfirmed",
        "rationale": "An unattributed casualty figure; no SDF, coalition or monitoring-group "
                     "count is at hand to compare it with."}),
    ("diverted thousands of jihadists from Raqqa city to elsewhere in the country", {
        **UNSOURCED, "kind": "quantity",
        "statement": "Battles against the Syrian Arab Army near Aleppo and Palmyra have drawn "
                     "thousands of ISIS fighters away from Raqqa city.",
        "figures": "thousands — jihadists diverted from Raqqa city",
        "structured_figures": [{"text": "thousands of jihadists diverted"}],
        "status": "unconfirmed",
        "rationale": "An unattributed estimate; nothing independent about ISIS troop movements "
                     "is at hand."}),
)


def demo_text() -> str:
    return resources.files("webapp.demo").joinpath(DEMO_FILE).read_text("utf-8")


def seed_demo(lead: User) -> Project | None:
    """Create the demo project on a fresh install; None (nothing changed) if any project exists."""
    if db.session.scalar(select(Project.id).limit(1)) is not None:
        return None
    project = project_service.create_project(DEMO_NAME, lead, DEMO_DESCRIPTION)
    text = demo_text()
    article = article_service.import_text(project.id, lead, text, PROVENANCE)
    fighter = source_service.create_source(project.id, lead, **FIGHTER)
    for quote, fields in CLAIMS:
        _mark(article, lead, text, quote, fields, fighter)
    return project


def _mark(article: Article, lead: User, text: str, quote: str, fields: dict, fighter: Source) -> None:
    start, end = text_checks.locate_quote(text, quote)
    data = {k: v for k, v in fields.items() if k != "fighter"}
    data["source_id"] = fighter.id if fields.get("fighter") else None
    claim = claim_service.create_claim(article, lead, start, end, quote, data)
    # The chain as data: the republisher, the outlet it does not name, and the fighter if the
    # claim rests on him (issue 11: "Islamic Invitation Turkey (republished) → original outlet
    # not named → unnamed Swedish foreign fighter in SDF ranks").
    hops = [chains.Hop(PROVENANCE.site_name, "outlet", "republished"),
            chains.Hop("", "outlet", "citing" if fields.get("fighter") else "")]
    if fields.get("fighter"):
        hops.append(chains.Hop(fighter.name, fighter.entry_kind, "", fighter.id))
    chains.set_chain(claim, lead, "lead", hops, claim.version,
                     "The page is a republication and does not name the outlet it is from.")
