"""A generated project for the dashboard tests, made through the services with a seeded
random: articles from several outlets and dates, assignments in every state, claims with
random statuses, sourcing, grades, reviewers and second reviews."""
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from tests.factories import add_member, make_project, make_user
from webapp.extensions import db
from webapp.models import Article, Assignment, Claim, ClaimEvent, Source
from webapp.models.claim import CREDIBILITY, FINAL_STATUSES, STATUSES
from webapp.services import articles as article_service
from webapp.services import assignments, reviews, sources
from webapp.services import claims as claim_service
from webapp.services.lists import DEFAULT_LISTS

OUTLETS = ["Alpha News", "Beta Post", "Gamma Wire"]
SENTENCES = ["Thus far, 26 ISIS militants have been killed, a fighter said.",
             "The SDF took the village of Hamrat on Thursday.",
             "Coalition aircraft struck two bridges overnight.",
             "Over 500 families fled Tabqa, a resident reported."]
EVIDENCE = {"stance": "supports", "url": "https://example.org/evidence"}
MONITOR = "Independent monitor"


@dataclass
class Team:
    project: object
    lead: object
    anna: object
    ben: object
    vera: object

    @property
    def workers(self):
        return [self.lead, self.anna, self.ben]


def make_team() -> Team:
    lead, anna, ben, vera = (make_user(n) for n in ("lena", "anna", "ben", "vera"))
    project = make_project(lead, "Raqqa")
    for user, role in ((anna, "annotator"), (ben, "annotator"), (vera, "viewer")):
        add_member(project, user, role)
    assignments.update_settings(project, False, True)   # final statuses wait for a second review
    for reliability in "ACE":
        sources.create_source(project.id, lead, f"Source {reliability}", reliability=reliability,
                              reason="graded for the test")
    # Where the evidence comes from: "confirmed" needs corroboration from an origin other
    # than the claim's own (issue 11); no claim cites it.
    sources.create_source(project.id, lead, MONITOR, "organisation", reliability="B",
                          reason="graded for the test")
    db.session.commit()
    return Team(project, lead, anna, ben, vera)


def _choice(rng, name):
    return rng.choice([""] + [k for k, _ in DEFAULT_LISTS[name]])


def add_articles(team: Team, n: int, seed: int, start: int = 0) -> None:
    """``n`` articles with 0–5 claims each (about 2.5 on average), committed once."""
    rng = random.Random(seed)
    source_ids = list(db.session.scalars(select(Source.id).where(Source.project_id == team.project.id,
                                                                 Source.name != MONITOR)))
    for i in range(start, start + n):
        published = None if rng.random() < 0.1 else date(2026, 1, 1) + timedelta(days=rng.randrange(90))
        outlet = rng.choice(OUTLETS)
        article = article_service.import_text(
            team.project.id, team.lead, f"Report {i}. " + " ".join(SENTENCES),
            article_service.Provenance(title=f"Report {i}", site_name=outlet, published_on=published,
                                       original_outlet=rng.choice(["", "Delta Agency"])))
        _assign(team, article, rng)
        for _ in range(rng.randrange(6)):
            _claim(team, article, rng, source_ids)
    db.session.commit()


def _assign(team: Team, article, rng) -> None:
    draw = rng.random()
    if draw < 0.2:
        return
    people = [team.anna, team.ben] if draw > 0.85 else [rng.choice([team.anna, team.ben])]
    for person in people:
        assignments.assign_article(team.project, article, person, team.lead)
        for action in rng.choice([[], ["start"], ["done"], ["start", "done"]]):
            assignments.change_state(article, person.id, action, team.lead, "lead")


def _claim(team: Team, article, rng, source_ids) -> None:
    quote = rng.choice(SENTENCES)
    start = article.text.index(quote)
    status = rng.choice(list(STATUSES))
    data = {"status": status, "kind": rng.choice(["casualty_figure", "casualty_figure", _choice(rng, "kind")]),
            "source_type": _choice(rng, "source_type"), "named": _choice(rng, "named"),
            "party": _choice(rng, "party"), "independent_sources": rng.choice(["", "0", "1", "2+"]),
            "credibility": rng.choice(list(CREDIBILITY)),
            "source_id": rng.choice(source_ids + [None])}
    if status in FINAL_STATUSES:
        data["rationale"] = "Checked against the wire reports."
    author = rng.choice(team.workers)
    claim = claim_service.create_claim(article, author, start, start + len(quote), quote, data,
                                       new_evidence=_evidence(team) if status in FINAL_STATUSES else None)
    if claim.review_state == "pending" and rng.random() < 0.5:
        reviewer = rng.choice([p for p in team.workers if p.id != author.id])
        reviews.accept(claim, reviewer, "lead" if reviewer is team.lead else "annotator", claim.version)
    if rng.random() < 0.05:
        claim_service.delete_claim(claim, team.lead, claim.version, "duplicate")


def _evidence(team: Team) -> dict:
    monitor = db.session.scalar(select(Source.id).where(Source.project_id == team.project.id,
                                                        Source.name == MONITOR))
    return {**EVIDENCE, "origin_source_id": monitor}


def rows(project_id: int):
    """Everything the expected figures are computed from, read back as plain objects."""
    claims = list(db.session.scalars(select(Claim).where(Claim.project_id == project_id)))
    articles = {a.id: a for a in db.session.scalars(select(Article).where(Article.project_id == project_id))}
    work = list(db.session.scalars(select(Assignment).where(Assignment.project_id == project_id)))
    events = list(db.session.scalars(select(ClaimEvent).where(ClaimEvent.project_id == project_id)))
    grades = {s.id: s.reliability for s in db.session.scalars(select(Source))}
    return claims, articles, work, events, grades


def claims_shown(browser, url: str) -> tuple[int, bool]:
    """The dashboard's claim count, and whether it says its figures are old."""
    html = browser.get(url).get_data(as_text=True)
    stale = "has changed since these figures were counted" in html
    return int(re.search(r'id="stat-claims">(\d+)<', html).group(1)), stale
