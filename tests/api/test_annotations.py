"""The W3C Web Annotation Protocol container of an article's claims: paging, POST, GET with
ETag, PUT and DELETE with If-Match (412 stale, 428 missing), roles, and blind double review."""
from sqlalchemy import select

from tests.double_review_data import double, finish, mark
from tests.factories import add_member, make_claim, make_user
from webapp.api import annotations as api_annotations
from webapp.extensions import db
from webapp.models import Article, Claim, ClaimEvent
from webapp.services import claims as claim_service

from .conftest import LD, TEXT, make_token, new_annotation, problem


def _events(app, claim_id):
    with app.app_context():
        return [(e.action, e.actor_id, e.changes) for e in db.session.scalars(
            select(ClaimEvent).where(ClaimEvent.claim_id == claim_id).order_by(ClaimEvent.id))]


def _claim(app, claim_id):
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        db.session.expunge(claim)
        return claim


def test_container_is_an_ldp_basic_container_with_first_and_last_pages(app, api, team, monkeypatch):
    monkeypatch.setattr(api_annotations, "PAGE_SIZE", 2)
    with app.app_context():
        article = db.session.get(Article, team.article_id)
        lena = article.imported_by
        for quote in ("dozens more injured", "a fighter said", "The SDF took the village"):
            make_claim(article, lena, quote)
    response = api.get(team.container)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == LD + "; charset=utf-8"
    assert 'ldp#BasicContainer>; rel="type"' in response.headers["Link"]
    assert "POST" in response.headers["Allow"] and "anno.jsonld" in response.headers["Accept-Post"]
    doc = response.get_json(force=True)
    assert set(doc["type"]) == {"BasicContainer", "AnnotationCollection"} and doc["total"] == 4
    assert doc["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    first = doc["first"]
    assert first["type"] == "AnnotationPage" and len(first["items"]) == 2
    assert first["next"].endswith("?page=1") and doc["last"].endswith("?page=1")
    last = api.get(doc["last"].replace("http://localhost", "")).get_json(force=True)
    assert last["type"] == "AnnotationPage" and last["startIndex"] == 2 and "next" not in last
    assert last["partOf"]["total"] == 4 and last["prev"].endswith("?page=0")
    starts = [a["target"]["selector"][1]["start"] for a in first["items"] + last["items"]]
    assert starts == sorted(starts)   # text order across pages
    for item in first["items"] + last["items"]:
        quote, position = item["target"]["selector"]
        assert TEXT[position["start"]:position["end"]] == quote["exact"]
    assert api.get(team.container + "?page=x").status_code == 400


def test_empty_container_has_no_pages(api, team):
    doc = api.get(team.article_url(team.other_project_id, team.other_article_id) + "/annotations/",
                  role="outsider").get_json(force=True)
    assert doc["total"] == 0 and "first" not in doc


def test_post_creates_a_claim_with_location_etag_and_an_event_by_the_token_user(app, api, team):
    doc = new_annotation(TEXT, "dozens more injured", "Dozens were injured.")
    response = api.post(team.container, doc, role="annotator")
    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.get_json(force=True)
    assert response.headers["Location"] == created["id"]
    assert response.headers["ETag"].startswith('"') and response.headers["Content-Type"].startswith(
        "application/ld+json")
    claim_id = int(created["id"].rsplit("/", 1)[1])
    claim = _claim(app, claim_id)
    assert (claim.quote, claim.statement) == ("dozens more injured", "Dozens were injured.")
    assert claim.created_by_id == team.user_ids["annotator"]
    assert [(a, actor) for a, actor, _ in _events(app, claim_id)] == [
        ("created", team.user_ids["annotator"])]
    again = api.get(response.headers["Location"].replace("http://localhost", ""), role="annotator")
    assert again.status_code == 200 and again.headers["ETag"] == response.headers["ETag"]
    assert again.get_json(force=True)["body"][0]["value"] == "Dozens were injured."


def test_plain_json_and_quote_only_targets_are_accepted(app, api, team):
    doc = {"type": "Annotation", "bodyValue": "The village was taken.",
           "target": {"source": f"http://localhost{team.article_url()}",
                      "selector": {"type": "TextQuoteSelector", "exact": "took the village"}}}
    response = api.post(team.container, doc, content_type="application/json")
    assert response.status_code == 201, response.get_data(as_text=True)
    selector = response.get_json(force=True)["target"]["selector"][1]
    assert TEXT[selector["start"]:selector["end"]] == "took the village"


def test_get_has_etag_and_put_with_if_match_saves_and_changes_it(app, api, team):
    got = api.get(team.annotation())
    assert got.status_code == 200
    etag, doc = got.headers["ETag"], got.get_json(force=True)
    doc["body"][0]["value"] = "Twenty-six militants were killed, per a fighter."
    response = api.put(team.annotation(), doc, headers={"If-Match": etag})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["ETag"] != etag
    assert api.get(team.annotation()).headers["ETag"] == response.headers["ETag"]
    assert _claim(app, team.claim_id).statement == "Twenty-six militants were killed, per a fighter."
    action, actor, changes = _events(app, team.claim_id)[-1]
    assert (action, actor) == ("edited", team.user_ids["lead"]) and "statement" in changes


def test_stale_if_match_is_412_and_nothing_is_lost(app, api, team):
    got = api.get(team.annotation())
    stale, doc = got.headers["ETag"], got.get_json(force=True)
    first = dict(doc, body=[{**doc["body"][0], "value": "First editor's statement."}, *doc["body"][1:]])
    assert api.put(team.annotation(), first, headers={"If-Match": stale}).status_code == 200
    events = _events(app, team.claim_id)
    second = dict(doc, body=[{**doc["body"][0], "value": "Second editor's statement."}, *doc["body"][1:]])
    response = api.put(team.annotation(), second, role="annotator", headers={"If-Match": stale})
    assert response.status_code == 412
    body = problem(response)
    assert response.headers["ETag"] != stale and body["current_etag"] == response.headers["ETag"]
    assert _claim(app, team.claim_id).statement == "First editor's statement."
    assert _events(app, team.claim_id) == events


def test_missing_if_match_is_428_for_put_and_delete(app, api, team):
    doc = api.get(team.annotation()).get_json(force=True)
    before = _events(app, team.claim_id)
    assert problem(api.put(team.annotation(), doc))["status"] == 428
    assert problem(api.delete(team.annotation()))["status"] == 428
    assert _events(app, team.claim_id) == before and _claim(app, team.claim_id).deleted_at is None


def test_delete_with_if_match_then_get_is_gone(app, api, team):
    etag = api.get(team.annotation()).headers["ETag"]
    assert api.delete(team.annotation(), headers={"If-Match": '"stale"'}).status_code == 412
    response = api.delete(team.annotation(), headers={"If-Match": etag})
    assert response.status_code == 204 and not response.get_data()
    assert problem(api.get(team.annotation()))["status"] == 410
    assert _events(app, team.claim_id)[-1][:2] == ("deleted", team.user_ids["lead"])
    assert api.get(team.container).get_json(force=True)["total"] == 0


def test_etag_changes_when_a_review_action_changes_the_claim(app, api, team):
    etag = api.get(team.annotation()).headers["ETag"]
    with app.app_context():
        claim = db.session.get(Claim, team.claim_id)
        lead = claim.created_by
        claim_service.update_claim(claim, lead, {"status": "in_progress"}, claim.version)
        db.session.commit()
    assert api.get(team.annotation()).headers["ETag"] != etag


def test_viewer_reads_but_every_write_is_403_and_writes_nothing(app, api, team):
    assert api.get(team.container, role="viewer").status_code == 200
    got = api.get(team.annotation(), role="viewer")
    assert got.status_code == 200
    etag, doc = got.headers["ETag"], got.get_json(force=True)
    before = _events(app, team.claim_id)
    for response in (api.post(team.container, new_annotation(TEXT, "a fighter said"), role="viewer"),
                     api.put(team.annotation(), doc, role="viewer", headers={"If-Match": etag}),
                     api.delete(team.annotation(), role="viewer", headers={"If-Match": etag})):
        assert problem(response)["status"] == 403
    assert _events(app, team.claim_id) == before
    with app.app_context():
        assert db.session.query(Claim).count() == 1


def test_outsider_and_foreign_article_are_404(app, api, team):
    for role in ("outsider",):
        for url in (f"/api/v1/projects/{team.project_id}", team.container, team.annotation(),
                    team.article_url()):
            assert problem(api.get(url, role=role))["status"] == 404, url
    # B's lead asks through B's project for A's article and claim: 404, as for missing ids.
    foreign = team.article_url(team.other_project_id, team.article_id)
    assert problem(api.get(foreign + "/annotations/", role="outsider"))["status"] == 404
    assert problem(api.post(foreign + "/annotations/", new_annotation(TEXT, "a fighter said"),
                            role="outsider"))["status"] == 404
    assert problem(api.get(f"{foreign}/annotations/{team.claim_id}", role="outsider"))["status"] == 404
    # A's claim through A's project but another article of the project's URL: 404.
    wrong_article = team.article_url(team.other_project_id, team.other_article_id)
    assert api.get(f"{wrong_article}/annotations/{team.claim_id}", role="outsider").status_code == 404
    with app.app_context():
        assert db.session.query(Claim).count() == 1


def test_blind_double_review_hides_others_claims_from_the_api(app):
    with app.app_context():
        lena, anna, omar = make_user("lena"), make_user("anna"), make_user("omar")
        from tests.factories import make_project
        project = make_project(lena, "Blind")
        add_member(project, anna, "annotator")
        add_member(project, omar, "annotator")
        article = double(project, lena, anna, omar)
        theirs = mark(article, anna, "26 ISIS militants")
        mine = mark(article, omar, "dozens more injured")
        tokens = {"anna": make_token(anna), "omar": make_token(omar), "lena": make_token(lena)}
        ids = (project.id, article.id, theirs.id, mine.id)
    project_id, article_id, theirs_id, mine_id = ids
    client = app.test_client()
    base = f"/api/v1/projects/{project_id}/articles/{article_id}/annotations/"

    def ids_seen(who):
        doc = client.get(base, headers={"Authorization": f"Bearer {tokens[who]}"}).get_json(force=True)
        return {int(a["id"].rsplit("/", 1)[1]) for a in doc.get("first", {}).get("items", [])}

    assert ids_seen("omar") == {mine_id}
    assert ids_seen("lena") == {theirs_id, mine_id}
    hidden = client.get(f"{base}{theirs_id}", headers={"Authorization": f"Bearer {tokens['omar']}"})
    assert hidden.status_code == 404 and "26 ISIS" not in hidden.get_data(as_text=True)
    with app.app_context():
        finish(db.session.get(Article, article_id))
    assert ids_seen("omar") == {theirs_id, mine_id}
