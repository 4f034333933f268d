"""Discussion through the browser's requests: who may comment, mentions of members only, text
shown escaped, replies threaded in the history, mentions marked seen when the claim is opened."""
import re

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Claim, ClaimEvent, Mention
from tests.security.conftest import diff, snapshot
from tests.views.test_reviews import as_, claim_of, team  # noqa: F401 (team: a fixture)


def comment(browser, team, text, reply_to=None):
    data = {"text": text}
    if reply_to is not None:
        data["reply_to"] = str(reply_to)
    return browser.post(f"{team['url']}/comments", data, form_url=team["url"])


def comment_ids(app, team) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(ClaimEvent.id).where(
            ClaimEvent.claim_id == team["claim_id"], ClaimEvent.action == "commented")
            .order_by(ClaimEvent.id)))


def mentions(app) -> list[tuple[int, bool]]:
    with app.app_context():
        return [(m.user_id, m.seen_at is not None)
                for m in db.session.scalars(select(Mention).order_by(Mention.id))]


@pytest.mark.parametrize("role", ["author", "annotator", "lead"])
def test_annotators_and_leads_comment_without_changing_the_claim(app, team, role):
    version = claim_of(app, team).version
    response = comment(as_(app, role), team, "Is this the fighter from the May report?")
    assert response.status_code == 302
    [event_id] = comment_ids(app, team)
    assert response.headers["Location"].endswith(f"#comment-{event_id}")
    assert claim_of(app, team).version == version


@pytest.mark.parametrize("role,status", [("viewer", 403), ("outsider", 404)])
def test_viewers_and_outsiders_cannot_comment(app, team, role, status):
    browser = as_(app, role)
    before = snapshot(app)
    assert comment(browser, team, "@lena hello").status_code == status
    assert diff(before, snapshot(app)) == {}


def test_viewers_read_the_discussion_but_get_no_comment_box(app, team):
    comment(as_(app, "annotator"), team, "A remark for everyone.")
    html = as_(app, "viewer").get(team["url"]).get_data(as_text=True)
    assert "A remark for everyone." in html
    assert f'action="{team["url"]}/comments"' not in html


def test_mentions_reach_members_only_and_the_text_is_kept_verbatim_and_escaped(app, team):
    text = "@vera @oscar @nobody look: <script>alert(1)</script> & \"quotes\""
    assert comment(as_(app, "annotator"), team, text).status_code == 302
    assert mentions(app) == [(team["ids"]["viewer"], False)]  # oscar is not in the project
    with app.app_context():
        assert db.session.get(ClaimEvent, comment_ids(app, team)[0]).reason == text
    for url in (team["url"], f"{team['url']}/history"):
        html = as_(app, "lead").get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;" in html
        assert "Mentions Vera" in html


def test_opening_the_claim_marks_the_mention_seen(app, team):
    comment(as_(app, "annotator"), team, "@vera and @lena, please check")
    assert sorted(mentions(app)) == sorted([(team["ids"]["viewer"], False),
                                            (team["ids"]["lead"], False)])
    assert as_(app, "viewer").get(f"{team['url']}/history").status_code == 200
    assert (team["ids"]["viewer"], False) in mentions(app)  # the history alone does not
    assert as_(app, "viewer").get(team["url"]).status_code == 200
    assert sorted(mentions(app)) == sorted([(team["ids"]["viewer"], True),
                                            (team["ids"]["lead"], False)])


def test_replies_are_threaded_under_their_comment_in_the_history(app, team):
    anna, omar, lena = as_(app, "author"), as_(app, "annotator"), as_(app, "lead")
    comment(anna, team, "FIRST comment")
    comment(omar, team, "SECOND comment")
    first, second = comment_ids(app, team)
    comment(lena, team, "REPLY to first", first)
    comment(anna, team, "ANSWER to the reply", comment_ids(app, team)[-1])
    comment(omar, team, "LATER reply to first", first)
    history = lena.get(f"{team['url']}/history").get_data(as_text=True)
    order = [history.index(t) for t in ("FIRST comment", "REPLY to first", "ANSWER to the reply",
                                        "LATER reply to first", "SECOND comment")]
    assert order == sorted(order)
    # The replies sit inside the first comment's item, before the second comment starts.
    first_item = history[history.index(f'id="comment-{first}"'):history.index(f'id="comment-{second}"')]
    assert first_item.count('class="comments replies"') == 2
    assert "LATER reply to first" in first_item
    assert re.search(r"<strong>Reply</strong>\s*by Lena", first_item)
    # The claim page shows the same thread, with a reply form for each comment.
    page = anna.get(team["url"]).get_data(as_text=True)
    assert page.index("REPLY to first") < page.index("LATER reply to first") < page.index("SECOND comment")
    assert page.count('name="reply_to" value="') >= 5


@pytest.mark.parametrize("text,reply_to,message", [
    ("   ", None, "Write a comment first."),
    ("x" * 5001, None, "at most 5000 characters"),
    ("Bad reply", "created", "You can only reply to a comment on this claim."),
    ("Bad reply", "nonsense", "You can only reply to a comment on this claim."),
])
def test_bad_comments_are_refused_and_nothing_is_written(app, team, text, reply_to, message):
    browser = as_(app, "annotator")
    if reply_to == "created":
        with app.app_context():
            reply_to = db.session.scalar(select(ClaimEvent.id).where(
                ClaimEvent.claim_id == team["claim_id"]))
    before = snapshot(app)
    response = comment(browser, team, text, reply_to)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert diff(before, snapshot(app)) == {}


def test_a_reply_to_a_comment_on_another_claim_is_refused(app, team):
    from webapp.models import User
    from webapp.services import comments as comment_service
    from tests.factories import make_claim
    with app.app_context():
        claim = db.session.get(Claim, team["claim_id"])
        other = make_claim(claim.article, db.session.get(User, team["ids"]["lead"]), "a fighter said")
        foreign = comment_service.add_comment(other, db.session.get(User, team["ids"]["lead"]), "There")
        db.session.commit()
        foreign_id = foreign.id
    browser = as_(app, "annotator")
    before = snapshot(app)
    response = comment(browser, team, "Here", foreign_id)
    assert response.status_code == 422 and diff(before, snapshot(app)) == {}
