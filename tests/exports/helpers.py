"""Shared set-up for the export tests: the demo project with some history, bulk claims, reading."""
import csv
import io
import json
import re

from sqlalchemy import insert, select

from tests.factories import PASSWORD, make_user
from webapp.extensions import db
from webapp.models import Article, Claim, ClaimEvent
from webapp.models._time import utcnow
from webapp.services import claims as claim_service
from webapp.services import comments
from webapp.services.demo import seed_demo


def demo_with_history(app):
    """The demo project (lead lena) with a status set, evidence added and a comment, so every
    format has something in each field. Returns the project id."""
    with app.app_context():
        lead = make_user("lena")
        project = seed_demo(lead)
        db.session.commit()
        claims = db.session.scalars(select(Claim).order_by(Claim.id)).all()
        first, second = claims[0], next(c for c in claims if c.hedging == "reportedly")
        claim_service.update_claim(first, lead, {"status": "unverifiable",
                                                 "rationale": "Only the fighter's word."},
                                   first.version, "Looked for other reports.")
        claim_service.add_evidence(second, lead, second.version, stance="contradicts",
                                   url="https://example.org/report", summary="Denies it")
        claim_service.update_claim(second, lead, {"status": "false", "rationale": "Contradicted."},
                                   second.version)
        comments.add_comment(first, lead, "Anyone found a second source?")
        db.session.commit()
        return project.id


def signed_in(browser, username="lena"):
    assert browser.login(username, PASSWORD).status_code == 302
    return browser


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def jsonl_rows(response) -> list[dict]:
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


def bulk_claims(project_id: int, user_id: int, n: int, per_article: int = 100) -> None:
    """``n`` claims in articles of ``per_article`` claims, inserted in bulk (fast at scale)."""
    quote = "26 ISIS militants have been killed"
    made = 0
    while made < n:
        text = f"Article {made}: thus far, {quote} near the dam, a fighter said."
        article_id = db.session.execute(insert(Article).values(
            project_id=project_id, title=f"Bulk {made}", site_name="Bulk News", text=text,
            content_hash=f"{made:064d}", imported_by_id=user_id).returning(Article.id)).scalar_one()
        start = text.index(quote)
        count = min(per_article, n - made)
        rows = [{"project_id": project_id, "article_id": article_id, "quote": quote,
                 "start_offset": start, "end_offset": start + len(quote), "prefix": text[:start],
                 "suffix": text[start + len(quote):], "statement": f"Claim {made + i}",
                 "created_by_id": user_id, "created_at": utcnow(), "updated_at": utcnow(),
                 "version": 1} for i in range(count)]
        db.session.execute(insert(Claim), rows)
        made += count
    db.session.commit()


def events_of(claim_id: int) -> list[ClaimEvent]:
    return list(db.session.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == claim_id)
                                   .order_by(ClaimEvent.id)))


def start_xlsx(browser, project_id, **filters):
    form = f"/projects/{project_id}/export/"
    response = browser.post(f"/projects/{project_id}/export/xlsx", filters, form_url=form)
    assert response.status_code == 303 and "/jobs/" in response.headers["Location"]
    return response.headers["Location"]


def download_xlsx(browser, job_url):
    page = browser.get(job_url).get_data(as_text=True)
    assert "Done." in page
    link = re.search(r'href="([^"]+/download)"', page).group(1)
    response = browser.get(link)
    assert response.status_code == 200
    return response
