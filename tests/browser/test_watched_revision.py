"""A watched page changes (issue 12, the browser test): the article is imported from a local
news server and watched; the page is edited — a sentence added at the top, the figure 26 became
23, the sentence about the bread queues removed — and the watch fetches it again. The assigned
researcher finds it in their queue, opens what changed, sees one claim moved, one changed and
one orphaned, and re-attaches the orphan by selecting its new words in the new revision."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import drag_select, sign_in, stored_claims
from tests.factories import PASSWORD, add_member, make_claim, make_project, make_user
from tests.fetch.conftest import ALLOWED_HOST, LocalServer, reply
from webapp.extensions import db
from webapp.models import Article
from webapp.models._time import utcnow
from webapp.revisions import capture
from webapp.revisions import watch as watching
from webapp.services import assignments as assignment_service
from webapp.services import url_imports
from webapp.services.fetch import fetch_page

pytestmark = pytest.mark.browser
FIGURE = "26 ISIS militants have been killed near Raqqa"
BREAD = "Residents described long queues for bread at the only open bakery"
ROAD = "The road to the Tabqa dam remains closed to all traffic"


def _page(*paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Raqqa: the counter-offensive</title>"
            f"</head><body><article><h1>Raqqa: the counter-offensive</h1>{body}</article></body></html>").encode()


BEFORE = _page(f"Thus far, {FIGURE}, a Swedish foreign fighter operating in SDF ranks said on Thursday.",
               f"{BREAD}, witnesses told reporters by telephone from the city.",
               f"{ROAD}, according to aid groups working in the area north of the river.")
AFTER = _page("Update: this report was revised on Friday after the monitor corrected its account of events.",
              "Thus far, 23 ISIS militants have been killed near Raqqa, a Swedish foreign fighter "
              "operating in SDF ranks said on Thursday.",
              "People waited all day for flour at the only open bakery, one resident said.",
              f"{ROAD}, according to aid groups working in the area north of the river.")


@pytest.fixture
def news():
    routes = {"/raqqa": reply(body=BEFORE)}
    server = LocalServer(routes, ALLOWED_HOST)
    yield server, routes
    server.close()


def test_a_watched_page_changes_and_the_researcher_resolves_what_it_did(app, page, watch, news):
    server, routes = news
    app.config["FETCH_ALLOWED_NETWORKS"] = (ALLOWED_HOST,)
    with app.app_context():
        lena, anna = make_user("lena"), make_user("anna")
        project = make_project(lena, "Raqqa")
        add_member(project, anna, "annotator")
        fetched = fetch_page(server.url("/raqqa"))
        article = url_imports.import_page(project.id, lena, fetched, {})
        capture.store_capture(article, fetched.exchange, 1, "fetch")
        claims = {name: make_claim(article, lena, quote).id
                  for name, quote in (("figure", FIGURE), ("bread", BREAD), ("road", ROAD))}
        assignment_service.assign_article(project, article, anna, lena)
        watching.watch(article, lena)
        db.session.commit()
        project_id, article_id = project.id, article.id

        routes["/raqqa"] = reply(body=AFTER)          # the outlet edits its page
        results = watching.check_due(utcnow() + timedelta(days=1))   # the worker's periodic check
        assert results == {"revision": 1}

    sign_in(page, "anna", PASSWORD)
    page.goto("/queue")
    changed = page.locator("#queue-changed").locator("xpath=..")
    expect(changed).to_contain_text("changed in revision 2")
    changed.get_by_role("link", name="Raqqa: the counter-offensive").click()
    page.wait_for_url(f"**/articles/{article_id}/revisions/diff**")
    expect(page.locator("#diff del").first).to_be_visible()
    expect(page.locator(f"#followed-{claims['road']}")).to_have_attribute("data-state", "moved")
    expect(page.locator(f"#followed-{claims['figure']}")).to_have_attribute("data-state", "changed")
    expect(page.locator(f"#followed-{claims['figure']}")).to_contain_text("became")
    expect(page.locator(f"#followed-{claims['bread']}")).to_have_attribute("data-state", "orphaned")

    page.locator(f"#followed-{claims['bread']}").get_by_role("link", name="Re-attach…").click()
    page.wait_for_url(f"**/orphans/{claims['bread']}/reattach")
    drag_select(page, "People waited all day for flour at the only open bakery")
    expect(page.locator("[data-selected]")).to_have_text("People waited all day for flour at the only open bakery")
    page.get_by_role("button", name="Re-attach here").click()
    expect(page.locator(".flash-success")).to_contain_text(f"Claim #{claims['bread']} re-attached")

    stored = {c.id: c for c in stored_claims(app)}
    assert (stored[claims["bread"]].quote, stored[claims["bread"]].revision) == (
        "People waited all day for flour at the only open bakery", 2)
    assert stored[claims["figure"]].quote.startswith("23 ISIS militants")
    page.goto("/queue")                                # opening what changed took it off the list
    expect(page.locator("#queue-changed")).to_have_count(0)
    with app.app_context():
        assert db.session.get(Article, article_id).attention == ""
    assert watch.errors == [] and watch.csp_violations == []
