"""My queue: each section's contents (and what stays out of it), the visibility rule, the cap
with its count, a fixed number of queries, and the page's shortcuts.

The second-review and comment services are another part of issue 3: here a claim's
``review_state`` and a comment with its mention are set through the ORM directly, the way
those services will leave them (a "commented" claim event whose ``reason`` is the text, and a
``Mention`` row), so the queue can be tested on its own.
"""
import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Article, Claim, ClaimEvent, Mention, Project, User
from webapp.models._time import utcnow
from webapp.services import assignments as assignment_service
from webapp.services import projects as project_service
from tests.factories import PASSWORD, add_member, make_article, make_claim, make_project, make_user
from tests.views.test_query_counts import count_queries

TEXT = "Report {n}: thus far, 26 ISIS militants have been killed, a fighter said on Thursday."


def user(name):
    return db.session.scalar(select(User).where(User.username == name))


def article_in(project, n, title=None):
    return make_article(project, user("lena"), TEXT.format(n=n), title=title or f"Report {n}")


def claim_by(article, name, quote="26 ISIS militants", review_state="", last_reviewer=None):
    claim = make_claim(article, user(name), quote)
    # Set as the second-review service will (see the module docstring).
    claim.review_state = review_state
    claim.last_reviewed_by_id = user(last_reviewer).id if last_reviewer else None
    db.session.commit()
    return claim


def comment(claim, author, text, mentioned, seen=False):
    # A comment as the comments service will store it (see the module docstring).
    event = ClaimEvent(claim_id=claim.id, project_id=claim.project_id, actor_id=user(author).id,
                       action="commented", version=claim.version, changes={}, reason=text)
    db.session.add(event)
    db.session.flush()
    db.session.add(Mention(event_id=event.id, user_id=user(mentioned).id,
                           project_id=claim.project_id, seen_at=utcnow() if seen else None))
    db.session.commit()


@pytest.fixture
def queue_world(app):
    """anna annotates in Raqqa (with ben, lead lena, viewer vera) and is a viewer in Mosul."""
    with app.app_context():
        for name in ("lena", "anna", "ben", "vera"):
            make_user(name)
        raqqa = make_project(user("lena"), "Raqqa")
        mosul = make_project(user("lena"), "Mosul")
        add_member(raqqa, user("anna"), "annotator")
        add_member(raqqa, user("ben"), "annotator")
        add_member(raqqa, user("vera"), "viewer")
        add_member(mosul, user("anna"), "viewer")
        add_member(mosul, user("ben"), "annotator")
        return raqqa.id, mosul.id


def sign_in(browser, name):
    assert browser.login(name, PASSWORD).status_code == 302


def section(page: str, heading: str) -> str:
    """The HTML of one queue section, from its heading to the next section."""
    start = page.index(heading)
    end = page.find("<section", start)
    return page[start:end if end >= 0 else len(page)]


def test_articles_assigned_to_me_and_not_done(app, browser, queue_world):
    raqqa_id, _ = queue_world
    with app.app_context():
        raqqa = db.session.get(Project, raqqa_id)
        lena, anna = user("lena"), user("anna")
        waiting, started, done, bens = (article_in(raqqa, n, t) for n, t in enumerate(
            ["WAITING-ARTICLE", "STARTED-ARTICLE", "DONE-ARTICLE", "BENS-ARTICLE"]))
        for article in (waiting, started, done):
            assignment_service.assign_article(raqqa, article, anna, lena)
        assignment_service.assign_article(raqqa, bens, user("ben"), lena)
        assignment_service.change_state(started, anna.id, "start", anna, "annotator")
        assignment_service.change_state(done, anna.id, "done", anna, "annotator")
        db.session.commit()
        waiting_id = waiting.id
    sign_in(browser, "anna")
    page = browser.get("/queue").get_data(as_text=True)
    mine = section(page, "Articles assigned to me")
    assert "WAITING-ARTICLE" in mine and "STARTED-ARTICLE" in mine and "In progress" in mine
    assert "DONE-ARTICLE" not in page and "BENS-ARTICLE" not in page
    assert f'href="/projects/{raqqa_id}/articles/{waiting_id}"' in mine
    assert '<span class="count">2</span>' in mine


def test_assignments_in_a_project_i_left_are_not_in_my_queue(app, browser, queue_world):
    raqqa_id, _ = queue_world
    with app.app_context():
        raqqa = db.session.get(Project, raqqa_id)
        assignment_service.assign_article(raqqa, article_in(raqqa, 1, "FORMER-WORK"), user("anna"), user("lena"))
        project_service.remove_member(project_service.get_membership(raqqa_id, user("anna")))
        db.session.commit()
    sign_in(browser, "anna")
    assert "FORMER-WORK" not in browser.get("/queue").get_data(as_text=True)


def test_claims_waiting_for_my_second_review(app, browser, queue_world):
    raqqa_id, mosul_id = queue_world
    with app.app_context():
        raqqa, mosul = db.session.get(Project, raqqa_id), db.session.get(Project, mosul_id)
        claim_by(article_in(raqqa, 1), "ben", "26 ISIS", review_state="pending")          # shown
        claim_by(article_in(raqqa, 2), "anna", "26 ISIS", review_state="pending")         # mine
        claim_by(article_in(raqqa, 3), "ben", "26 ISIS", "pending", last_reviewer="anna")  # I reviewed it last
        claim_by(article_in(raqqa, 4), "ben", "26 ISIS", review_state="accepted")         # done
        claim_by(article_in(mosul, 5), "ben", "26 ISIS", review_state="pending")          # I only view Mosul
        deleted = claim_by(article_in(raqqa, 6), "ben", "26 ISIS", review_state="pending")
        deleted.deleted_at = utcnow()
        # Blind double review: ben's claim is hidden from anna until every assignment is done.
        blind = article_in(raqqa, 7)
        blind.double_review = True
        assignment_service.assign_article(raqqa, blind, user("anna"), user("lena"))
        assignment_service.assign_article(raqqa, blind, user("ben"), user("lena"))
        db.session.commit()
        claim_by(blind, "ben", "26 ISIS", review_state="pending")
        shown = db.session.scalar(select(Claim.id).join(Article).where(Article.title == "Report 1"))
        blind_claim = db.session.scalar(select(Claim.id).where(Claim.article_id == blind.id))
    sign_in(browser, "anna")
    reviews = section(browser.get("/queue").get_data(as_text=True), "waiting for my second review")
    assert '<span class="count">1</span>' in reviews
    assert f'href="/projects/{raqqa_id}/claims/{shown}"' in reviews and "by Ben" in reviews
    # The lead sees the blind claim too (leads see every claim): reports 1, 2, 3, 5 and 7.
    browser.client.post("/logout", data={"csrf_token": browser.token("/")})
    sign_in(browser, "lena")
    reviews = section(browser.get("/queue").get_data(as_text=True), "waiting for my second review")
    assert f"/claims/{blind_claim}" in reviews and '<span class="count">5</span>' in reviews


def test_viewers_review_nothing(app, browser, queue_world):
    raqqa_id, _ = queue_world
    with app.app_context():
        claim_by(article_in(db.session.get(Project, raqqa_id), 1), "ben", review_state="pending")
    sign_in(browser, "vera")
    reviews = section(browser.get("/queue").get_data(as_text=True), "waiting for my second review")
    assert '<span class="count">0</span>' in reviews and "No claim is waiting" in reviews


def test_claims_sent_back_to_me(app, browser, queue_world):
    raqqa_id, _ = queue_world
    with app.app_context():
        raqqa = db.session.get(Project, raqqa_id)
        mine = claim_by(article_in(raqqa, 1), "anna", review_state="sent_back").id
        claim_by(article_in(raqqa, 2), "ben", review_state="sent_back")
        claim_by(article_in(raqqa, 3), "anna", review_state="pending")
    sign_in(browser, "anna")
    sent_back = section(browser.get("/queue").get_data(as_text=True), "Claims sent back to me")
    assert '<span class="count">1</span>' in sent_back and f"/claims/{mine}" in sent_back


def test_comments_that_mention_me(app, browser, queue_world):
    raqqa_id, _ = queue_world
    with app.app_context():
        raqqa = db.session.get(Project, raqqa_id)
        claim = claim_by(article_in(raqqa, 1), "ben")
        comment(claim, "ben", "@anna can you check the figure?", "anna")
        comment(claim, "ben", "@anna OLD-NOTE already seen", "anna", seen=True)
        comment(claim, "anna", "@ben NOT-FOR-ANNA", "ben")
        claim_id = claim.id
    sign_in(browser, "anna")
    mentions = section(browser.get("/queue").get_data(as_text=True), "Comments that mention me")
    assert "Ben: @anna can you check the figure?" in mentions
    assert f"/claims/{claim_id}" in mentions and '<span class="count">1</span>' in mentions
    assert "OLD-NOTE" not in mentions and "NOT-FOR-ANNA" not in mentions


def test_each_section_is_capped_with_its_count(app, browser, queue_world):
    raqqa_id, _ = queue_world
    app.config["PAGE_SIZE"] = 2
    with app.app_context():
        raqqa = db.session.get(Project, raqqa_id)
        ids = [article_in(raqqa, n).id for n in range(3)]
        assignment_service.bulk_assign(raqqa, ids, user("anna"), user("lena"))
        db.session.commit()
    sign_in(browser, "anna")
    mine = section(browser.get("/queue").get_data(as_text=True), "Articles assigned to me")
    assert "Showing the first 2 of 3." in mine and mine.count("data-queue-item") == 2


def test_queue_makes_the_same_number_of_queries_whatever_its_size(app, browser, queue_world):
    raqqa_id, _ = queue_world
    sign_in(browser, "anna")
    measured = []
    for batch in (1, 8):
        with app.app_context():
            raqqa = db.session.get(Project, raqqa_id)
            for n in range(batch):
                article = article_in(raqqa, f"{batch}-{n}")
                assignment_service.assign_article(raqqa, article, user("anna"), user("lena"))
                db.session.commit()
                claim = claim_by(article, "ben", review_state="pending")
                comment(claim, "ben", "@anna look", "anna")
                claim_by(article, "anna", "Thursday", review_state="sent_back")
        with count_queries(app) as counter:
            assert browser.get("/queue").status_code == 200
        measured.append(counter["n"])
    assert measured[0] == measured[1], measured


def test_queue_is_for_signed_in_people_and_linked_with_its_shortcuts(app, browser, queue_world):
    response = browser.get("/queue")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    sign_in(browser, "vera")
    page = browser.get("/").get_data(as_text=True)
    assert '<a href="/queue">My queue</a>' in page
    queue = browser.get("/queue").get_data(as_text=True)
    assert "Next / previous item" in queue and "<kbd>Enter</kbd>" in queue and "queue.js" in queue
