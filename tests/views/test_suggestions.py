"""Machine suggestions in the reading view (issue 13): drawn apart from claims and listed;
rejected (roles, CSRF, not twice, remembered), or accepted by saving the claim form filled from
one (the claim made, the suggestion accepted, the claim's trail saying so)."""
import re

import pytest
from sqlalchemy import select

from tests.conftest import Browser
from tests.factories import PASSWORD, add_member, make_article, make_project, make_user
from tests.suggestion_rows import CASUALTIES, FIGHTER, INTENTION, make_suggestion, seed_suggestions
from tests.views.test_query_counts import count_queries
from webapp.extensions import db
from webapp.models import Article, Claim, ClaimEvent, Project, Suggestion, User
from webapp.services import assignments
from webapp.services.demo import demo_text


@pytest.fixture
def seed(app):
    """The seed article in a project of lena (lead), anna (annotator), vera (viewer), with the
    two suggestions a good rules engine makes of it."""
    with app.app_context():
        lena, anna, vera = make_user("lena"), make_user("anna"), make_user("vera")
        project = make_project(lena, "Raqqa")
        add_member(project, anna, "annotator")
        add_member(project, vera, "viewer")
        article = make_article(project, lena, demo_text(), title="Huge ISIS casualties")
        ids = seed_suggestions(article)
        return {"project_id": project.id, "article_id": article.id, "ids": ids,
                "read": f"/projects/{project.id}/articles/{article.id}"}


def signed_in(app, username):
    browser = Browser(app.test_client())
    assert browser.login(username, PASSWORD).status_code == 302
    return browser


def user_named(username):
    return db.session.scalar(select(User).where(User.username == username))


def other_article_suggestion(app, seed) -> int:
    with app.app_context():
        other = make_article(db.session.get(Project, seed["project_id"]), user_named("lena"),
                             "Another text: 3 killed.", "Other")
        return make_suggestion(other, "3 killed").id


def reject_url(seed, suggestion_id):
    return f"{seed['read']}/suggestions/{suggestion_id}/reject"


def status_of(app, suggestion_id):
    with app.app_context():
        s = db.session.get(Suggestion, suggestion_id)
        return s.status, s.decided_by_id, s.claim_id


def test_the_reading_view_draws_and_lists_the_open_suggestions(app, seed):
    page = signed_in(app, "lena").get(seed["read"]).get_data(as_text=True)
    casualties, intention = seed["ids"][CASUALTIES], seed["ids"][INTENTION]
    underlined = re.findall(rf'<span class="sg" data-start="\d+" data-suggestions="{casualties}">([^<]*)</span>', page)
    assert "".join(underlined) == CASUALTIES
    assert f'data-suggestions="{intention}"' in page
    card = page[page.index('id="suggestions"'):]
    assert "Suggestions" in card and "Casualty figure" in card and "Intention / plan" in card
    assert "26 · killed · combatants" in card and "dozens (12) · injured · combatants" in card
    assert f"“{FIGHTER} said”" in card and "Individual combatant, Unnamed / anonymous" in card
    assert "“reportedly”" in card
    assert card.count('data-reject form="reject-form" formaction=') == 2 and card.count("data-accept") == 2
    assert f"/suggestions/{casualties}/reject" in card


def test_a_viewer_sees_suggestions_without_accept_or_reject(app, seed):
    page = signed_in(app, "vera").get(seed["read"]).get_data(as_text=True)
    assert 'id="suggestions"' in page and "Casualty figure" in page
    assert "data-reject" not in page and "data-accept" not in page


def test_only_the_latest_revision_s_open_suggestions_show_and_only_where_the_project_uses_them(app, seed):
    with app.app_context():
        db.session.get(Suggestion, seed["ids"][INTENTION]).revision = 2   # an orphan of no revision shown
        db.session.commit()
    page = signed_in(app, "lena").get(seed["read"]).get_data(as_text=True)
    assert f'data-suggestions="{seed["ids"][INTENTION]}"' not in page
    assert f'data-suggestions="{seed["ids"][CASUALTIES]}"' in page
    with app.app_context():
        db.session.get(Project, seed["project_id"]).suggestions_enabled = False
        db.session.commit()
    page = signed_in(app, "lena").get(seed["read"]).get_data(as_text=True)
    assert 'id="suggestions"' not in page and "data-suggestions" not in page


def test_rejecting_removes_it_for_good_and_not_twice(app, seed):
    lena, sid = signed_in(app, "lena"), seed["ids"][INTENTION]
    response = lena.post(reject_url(seed, sid), form_url=seed["read"])
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{seed['read']}#suggestions")
    with app.app_context():
        lena_id = db.session.scalar(select(Suggestion.decided_by_id).where(Suggestion.id == sid))
    assert status_of(app, sid) == ("rejected", lena_id, None)
    page = lena.get(seed["read"]).get_data(as_text=True)
    assert "Suggestion rejected: it will not be suggested again for this article." in page
    assert f'data-suggestions="{sid}"' not in page and f"suggestion-{sid}" not in page
    again = lena.post(reject_url(seed, sid), form_url=seed["read"])
    assert again.status_code == 302
    assert "This suggestion was already rejected." in lena.get(seed["read"]).get_data(as_text=True)
    as_json = lena.post(reject_url(seed, sid), form_url=seed["read"], headers={"Accept": "application/json"})
    assert as_json.status_code == 409 and as_json.get_json() == {"message": "This suggestion was already rejected."}


def test_the_reading_view_s_script_rejects_with_json(app, seed):
    lena, sid = signed_in(app, "lena"), seed["ids"][CASUALTIES]
    response = lena.post(reject_url(seed, sid), form_url=seed["read"], headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.get_json() == {"id": sid, "message": "Suggestion rejected: it will not be suggested again for this article."}
    assert status_of(app, sid)[0] == "rejected"


def test_rejecting_needs_the_right_to_mark_claims_in_the_article(app, seed):
    sid = seed["ids"][INTENTION]
    vera = signed_in(app, "vera")
    assert vera.post(reject_url(seed, sid), form_url=seed["read"]).status_code == 403
    with app.app_context():
        db.session.get(Project, seed["project_id"]).annotators_edit_all = False
        db.session.commit()
    anna = signed_in(app, "anna")
    assert anna.post(reject_url(seed, sid), form_url=seed["read"]).status_code == 403
    assert anna.post(reject_url(seed, sid), form_url=seed["read"],
                     headers={"Accept": "application/json"}).status_code == 403
    assert status_of(app, sid) == ("open", None, None)
    with app.app_context():
        assignments.assign_article(db.session.get(Project, seed["project_id"]),
                                   db.session.get(Article, seed["article_id"]),
                                   user_named("anna"), user_named("lena"))
        db.session.commit()
    assert anna.post(reject_url(seed, sid), form_url=seed["read"]).status_code == 302
    assert status_of(app, sid)[0] == "rejected"


def test_rejecting_without_the_security_token_is_refused(app, seed):
    lena, sid = signed_in(app, "lena"), seed["ids"][INTENTION]
    response = lena.client.post(reject_url(seed, sid), data={})
    assert response.status_code == 400 and "without a valid security token" in response.get_data(as_text=True)
    assert status_of(app, sid) == ("open", None, None)


def test_a_suggestion_of_another_article_or_project_is_not_found(app, seed):
    elsewhere = other_article_suggestion(app, seed)
    browser = signed_in(app, "lena")
    assert browser.post(reject_url(seed, elsewhere), form_url=seed["read"]).status_code == 404
    assert browser.post(reject_url(seed, 987654), form_url=seed["read"]).status_code == 404
    assert status_of(app, elsewhere) == ("open", None, None)


def claim_form(seed, **fields):
    text = demo_text()
    start = text.index(CASUALTIES)
    return {"quote": CASUALTIES, "start": start, "end": start + len(CASUALTIES),
            "statement": "26 ISIS militants were killed.", "kind": "casualty_figure",
            "figure_rows-0-text": "26", "figure_rows-0-kind": "exact", "figure_rows-0-low": "26",
            "figure_rows-0-high": "26", "figure_rows-0-counts": "killed", "figure_rows-0-who": "combatants",
            "figure_rows-1-text": "dozens", "figure_rows-1-kind": "vague", "figure_rows-1-term": "dozens",
            "figure_rows-1-counts": "injured", "figure_rows-1-who": "combatants",
            "attribution_text": f"{FIGHTER} said", "source_type": "combatant", "named": "unnamed",
            "hedging": "", "party": "", "access": "", "independent_sources": "", "source_id": "",
            "credibility": "6", "status": "unreviewed", "evidence_stance": "supports",
            "suggestion_id": str(seed["ids"][CASUALTIES]), **fields}


def test_saving_the_form_filled_from_a_suggestion_accepts_it_and_the_trail_says_so(app, seed):
    lena, sid = signed_in(app, "lena"), seed["ids"][CASUALTIES]
    response = lena.post(f"{seed['read']}/claims", claim_form(seed), form_url=seed["read"])
    assert response.status_code == 302, re.findall(r"(?:class=\"error\"|flash-error)[^>]*>([^<]*)", response.get_data(as_text=True))
    with app.app_context():
        claim = db.session.scalars(select(Claim)).one()
        events = list(db.session.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == claim.id).order_by(ClaimEvent.id)))
        claim_id = claim.id
        assert [e.action for e in events] == ["created", "from_suggestion"]
        assert events[1].changes == {"suggestion_id": [None, sid]}   # saved as suggested
        assert [f["low"] for f in claim.structured_figures] == [26, None]
    status, decided_by, linked = status_of(app, sid)
    assert (status, linked) == ("accepted", claim_id) and decided_by is not None
    page = lena.get(f"{seed['read']}?claim={claim_id}").get_data(as_text=True)
    assert "Its history says it was made from a suggestion." in page
    assert f"suggestion-{sid}" not in page and f"suggestion-{seed['ids'][INTENTION]}" in page
    history = lena.get(f"/projects/{seed['project_id']}/claims/{claim_id}/history").get_data(as_text=True)
    assert "Made from a suggestion" in history and f"suggestion #{sid}" in history
    assert "Saved as suggested" in history


def test_what_the_person_changed_of_the_suggestion_is_in_the_trail(app, seed):
    lena, sid = signed_in(app, "lena"), seed["ids"][CASUALTIES]
    form = claim_form(seed, **{"hedging": "said", "figure_rows-1-text": "", "figure_rows-1-kind": "",
                               "figure_rows-1-term": "", "figure_rows-1-counts": "", "figure_rows-1-who": ""})
    assert lena.post(f"{seed['read']}/claims", form, form_url=seed["read"]).status_code == 302
    with app.app_context():
        event = db.session.scalar(select(ClaimEvent).where(ClaimEvent.action == "from_suggestion"))
        assert set(event.changes) == {"suggestion_id", "hedging", "structured_figures"}
        assert event.changes["hedging"] == ["", "said"]
        assert len(event.changes["structured_figures"][0]) == 2 and len(event.changes["structured_figures"][1]) == 1
        claim_id = event.claim_id
    history = lena.get(f"/projects/{seed['project_id']}/claims/{claim_id}/history").get_data(as_text=True)
    assert "Changed from what was suggested: figures, hedging." in history
    assert "Suggested" in history and "dozens · injured · combatants" in history


def test_a_claim_form_naming_another_article_s_suggestion_is_refused(app, seed):
    elsewhere = other_article_suggestion(app, seed)
    lena = signed_in(app, "lena")
    response = lena.post(f"{seed['read']}/claims", claim_form(seed, suggestion_id=str(elsewhere)),
                         form_url=seed["read"])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The suggestion this form was filled from is not one of this article&#39;s" in page
    assert 'name="suggestion_id" type="hidden" value=""' in page   # sent again, a claim of its own
    with app.app_context():
        assert db.session.scalars(select(Claim)).all() == []
    assert status_of(app, elsewhere)[0] == "open"
    assert lena.post(f"{seed['read']}/claims", claim_form(seed, suggestion_id="nonsense"),
                     form_url=seed["read"]).status_code == 422


def test_a_suggestion_decided_meanwhile_leaves_the_claim_saved_but_not_counted_from_it(app, seed):
    lena, sid = signed_in(app, "lena"), seed["ids"][CASUALTIES]
    assert signed_in(app, "anna").post(reject_url(seed, sid), form_url=seed["read"]).status_code == 302
    response = lena.post(f"{seed['read']}/claims", claim_form(seed), form_url=seed["read"])
    assert response.status_code == 302
    assert "decided by someone else meanwhile" in lena.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Claim)).one()
        assert db.session.scalar(select(ClaimEvent).where(ClaimEvent.action == "from_suggestion")) is None
    assert status_of(app, sid)[0] == "rejected"


def test_accept_without_javascript_opens_the_form_filled_in(app, seed):
    sid = seed["ids"][CASUALTIES]
    page = signed_in(app, "lena").get(f"{seed['read']}?accept={sid}").get_data(as_text=True)
    assert 'class="card claim-form open"' in page
    assert f'name="suggestion_id" type="hidden" value="{sid}"' in page
    assert f"{CASUALTIES}</textarea>" in page and f"{FIGHTER} said</textarea>" in page
    assert re.search(r'<option selected value="casualty_figure">', page)
    assert 'name="figure_rows-0-low" size="7" type="text" value="26"' in page.replace('inputmode="numeric" ', "")
    assert 'value="dozens"' in page
    viewer = signed_in(app, "vera").get(f"{seed['read']}?accept={sid}").get_data(as_text=True)
    assert "claim-form" not in viewer.split('id="suggestions"')[0].split("<aside")[1]


def test_the_reading_view_reads_suggestions_in_a_fixed_number_of_queries(app, seed):
    lena = signed_in(app, "lena")
    counts = []
    for extra in (0, 25):
        with app.app_context():
            article = db.session.get(Article, seed["article_id"])
            for _ in range(extra):
                make_suggestion(article, "over 500 ISIS militants", kind="casualty_figure",
                                figures=[{"kind": "more_than", "low": 500, "high": None, "term": "",
                                          "counts": "killed", "who": "combatants", "text": "over 500"}])
        with count_queries(app) as counter:
            response = lena.get(seed["read"])
            response.get_data()
        assert response.status_code == 200
        counts.append(counter["n"])
    assert counts[0] == counts[1], counts


def test_hostile_words_in_a_suggestion_stay_text(app, seed):
    hostile = 'He said </script><script>alert(1)</script> and <img src=x onerror=alert(2)> too.'
    with app.app_context():
        article = make_article(db.session.get(Project, seed["project_id"]), user_named("lena"), hostile, "Hostile")
        make_suggestion(article, hostile[:-1], attribution_text="<b onclick=alert(3)>he</b> said",
                        hedging="'\"&<>", figures=[{"kind": "exact", "low": "<x>", "text": "<x>"}])
        url = f"/projects/{seed['project_id']}/articles/{article.id}"
    page = signed_in(app, "lena").get(url).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<b onclick" not in page
    data = page[page.index('id="suggestion-data">'):]
    data = data[:data.index("</script>")]
    assert "\\u003c/script\\u003e" in data and "<" not in data.split(">", 1)[1]
    assert "&lt;b onclick=alert(3)&gt;he&lt;/b&gt; said" in page


def test_a_suggestion_on_words_a_claim_already_marks_is_not_shown(app, seed):
    from tests.factories import make_claim
    with app.app_context():
        article = db.session.get(Article, seed["article_id"])
        make_claim(article, db.session.get(User, user_named("lena").id), "26 ISIS militants have been killed")
    page = signed_in(app, "lena").get(seed["read"]).get_data(as_text=True)
    shown = set(re.findall(r'data-suggestion="(\d+)"', page))
    assert str(seed["ids"][CASUALTIES]) not in shown          # a person marked those words
    assert str(seed["ids"][INTENTION]) in shown                # the other one stays
