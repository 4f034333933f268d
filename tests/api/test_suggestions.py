"""The suggestions API (issue 13), read only, on SQLite and PostgreSQL: an article's suggestions
and the project's, by status, a page at a time; members only, by token; who decided shown to
leads alone."""
from sqlalchemy import select

from tests.factories import make_article
from tests.suggestions.helpers import TEXT
from webapp.extensions import db
from webapp.models import Article, Project, Suggestion, User
from webapp.suggestions import store


def _suggest(app, team, reject: bool = True) -> list[int]:
    """Suggestions in a second article of the project (team.article_id then names it), and in
    the other project's article."""
    with app.app_context():
        article = make_article(db.session.get(Project, team.project_id),
                               db.session.get(User, team.user_ids["lead"]), TEXT, "Raqqa 2")
        other = make_article(db.session.get(Project, team.other_project_id),
                             db.session.get(User, team.user_ids["outsider"]), TEXT, "Bravo 2")
        team.article_id = article.id
        store.make_for_articles([article.id, other.id])
        found = db.session.scalars(select(Suggestion).where(Suggestion.article_id == article.id)
                                   .order_by(Suggestion.start_offset)).all()
        assert found
        if reject:
            found[-1].status, found[-1].decided_by_id = "rejected", team.user_ids["annotator"]
        db.session.commit()
        return [s.id for s in found]


def test_an_article_s_suggestions_carry_what_the_rules_read(app, team, api):
    ids = _suggest(app, team)
    response = api.get(team.article_url() + "/suggestions", role="viewer")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["total"] == len(ids) and [s["id"] for s in doc["items"]] == ids
    for item in doc["items"]:
        assert TEXT[item["start"]:item["end"]] == item["quote"]
        assert {"kind", "figures", "attribution", "speaker", "source_type", "named", "hedging",
                "parts", "status", "rules_version", "revision"} <= set(item)
        assert "decided_by" not in item and "claim" not in item   # a viewer's view
    assert doc["items"][-1]["status"] == "rejected"


def test_a_lead_sees_who_decided_and_filters_by_status(app, team, api):
    ids = _suggest(app, team)
    doc = api.get(team.article_url() + "/suggestions?status=rejected").get_json()
    assert [s["id"] for s in doc["items"]] == [ids[-1]]
    assert doc["items"][0]["decided_by"] == "anna" and doc["first"].endswith("?status=rejected&page=0")
    assert api.get(team.article_url() + "/suggestions?status=maybe").status_code == 400


def test_the_project_s_list_pages_through_every_article(app, team, api):
    ids = _suggest(app, team, reject=False)
    app.config["API_SUGGESTIONS_PER_PAGE"] = 1
    url = f"/api/v1/projects/{team.project_id}/suggestions"
    seen, page = [], api.get(url).get_json()
    while True:
        seen += [s["id"] for s in page["items"]]
        if not page["next"]:
            break
        page = api.get(page["next"]).get_json()
    assert seen == ids and page["total"] == len(ids)     # the other project's are not listed
    assert api.get(url + "?page=x").status_code == 400


def test_members_only_and_by_token(app, team, api):
    _suggest(app, team)
    url = team.article_url() + "/suggestions"
    assert api.get(url, role=None).status_code == 401
    assert api.get(url, role="outsider").status_code == 404
    assert api.get(team.article_url(article_id=team.other_article_id) + "/suggestions").status_code == 404
    assert api.get(f"/api/v1/projects/{team.other_project_id}/suggestions").status_code == 404
    with app.app_context():
        assert db.session.get(Article, team.article_id) is not None
