"""Clusters in the API (issue 11, 8): a claim's annotation names its cluster; a cluster is read
with its grade, reports, independent origins and range; two reports are linked and one is taken
out again, each an event in the claims' trails; viewers may read and not write."""
from sqlalchemy import select

from tests.exports.test_clusters_in_exports import world
from tests.factories import add_member, make_user
from webapp.extensions import db
from webapp.models import ClaimCluster, ClaimEvent, ClusterMember, Project, User

from .conftest import make_token


def _tokens(app, project_id) -> dict:
    with app.app_context():
        vera = make_user("vera")
        add_member(db.session.get(Project, project_id), vera, "viewer")
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        return {"lena": make_token(lena), "vera": make_token(vera)}


def _h(token):
    return {"Authorization": f"Bearer {token}"}


def test_read_link_and_unlink_clusters(app):
    ids = world(app)
    project, cluster_id = ids["project"], ids["cluster"]
    anha, sohr, bread = ids["claims"]
    tokens = _tokens(app, project)
    client = app.test_client()
    base = f"/api/v1/projects/{project}"

    found = client.get(f"{base}/clusters/{cluster_id}", headers=_h(tokens["vera"]))
    assert found.status_code == 200
    doc = found.get_json()
    assert (doc["grade"], doc["reports"], doc["origins"]) == ("corroborated", 2, 2)
    assert [i["claim_id"] for i in doc["items"]] == [sohr, anha]
    assert doc["range"]["killed · unknown"]["min"] == 26 and doc["range"]["killed · unknown"]["max"] == 30
    assert [o["reports"] for o in doc["independent_origins"]] == [[anha], [sohr]]

    annotation = client.get(doc["items"][1]["annotation"], headers=_h(tokens["vera"])).get_json()
    assert annotation["claimtrail:cluster"]["id"] == cluster_id
    assert annotation["claimtrail:cluster"]["origins"] == 2
    [linking] = [b for b in annotation["body"] if b.get("purpose") == "linking"]
    assert linking["source"] == doc["self"]

    marked = client.put(f"{base}/clusters/{cluster_id}/reports/{anha}", json={"admission": True},
                        headers=_h(tokens["lena"]))
    assert marked.status_code == 200 and marked.get_json()["grade"] == "admitted"
    assert [i["admission"] for i in marked.get_json()["items"]] == [False, True]
    assert client.put(f"{base}/clusters/{cluster_id}/reports/{anha}", json={"admission": "yes"},
                      headers=_h(tokens["lena"])).status_code == 422
    assert client.put(f"{base}/clusters/{cluster_id}/reports/{anha}", json={"admission": False},
                      headers=_h(tokens["vera"])).status_code == 403
    unmarked = client.put(f"{base}/clusters/{cluster_id}/reports/{anha}", json={"admission": False},
                          headers=_h(tokens["lena"]))
    assert unmarked.get_json()["grade"] == "corroborated"

    refused = client.post(f"{base}/clusters", json={"claims": [anha, bread]}, headers=_h(tokens["vera"]))
    assert refused.status_code == 403
    linked = client.post(f"{base}/clusters", json={"claims": [bread, anha], "reason": "Same day."},
                         headers=_h(tokens["lena"]))
    assert linked.status_code == 201 and linked.headers["Location"] == doc["self"]
    assert linked.get_json()["reports"] == 3
    assert client.post(f"{base}/clusters", json={"claims": [anha, anha]},
                       headers=_h(tokens["lena"])).status_code == 422
    assert client.post(f"{base}/clusters", json={"claims": [anha]},
                       headers=_h(tokens["lena"])).status_code == 422

    assert client.delete(f"{base}/clusters/{cluster_id}/reports/{bread}",
                         headers=_h(tokens["vera"])).status_code == 403
    gone = client.delete(f"{base}/clusters/{cluster_id}/reports/{bread}", headers=_h(tokens["lena"]))
    assert gone.status_code == 204
    assert client.delete(f"{base}/clusters/{cluster_id}/reports/{bread}",
                         headers=_h(tokens["lena"])).status_code == 422
    assert client.get(f"{base}/clusters/{cluster_id}", headers=_h(tokens["lena"])).get_json()["reports"] == 2
    with app.app_context():
        actions = list(db.session.scalars(select(ClaimEvent.action).where(
            ClaimEvent.claim_id == bread).order_by(ClaimEvent.id)))
    assert actions[-2:] == ["cluster_linked", "cluster_unlinked"]


def test_an_annotation_sent_back_with_its_cluster_is_accepted(app):
    ids = world(app)
    project, anha = ids["project"], ids["claims"][0]
    token = _tokens(app, project)["lena"]
    client = app.test_client()
    with app.app_context():
        from webapp.models import Claim
        article_id = db.session.get(Claim, anha).article_id
    url = f"/api/v1/projects/{project}/articles/{article_id}/annotations/{anha}"
    got = client.get(url, headers=_h(token))
    doc = got.get_json()
    assert "claimtrail:cluster" in doc
    put = client.put(url, json=doc, headers={**_h(token), "If-Match": got.headers["ETag"]})
    assert put.status_code == 200, put.get_json()


# --- split and merge -----------------------------------------------------------------------

FOUR = [  # (outlet, day, text, quote): two reports from ANHA, two from SOHR
    ("ANHA", 11, "Thus far, 26 ISIS militants have been killed in western Raqqa, the SDF said.",
     "26 ISIS militants have been killed"),
    ("SOHR", 12, "The Observatory counted 27 ISIS militants killed in western Raqqa on Thursday.",
     "27 ISIS militants killed"),
    ("ANHA", 13, "ANHA later repeated that 26 ISIS militants had been killed near Raqqa.",
     "26 ISIS militants had been killed"),
    ("SOHR", 14, "SOHR said again that 27 ISIS militants were killed west of Raqqa.",
     "27 ISIS militants were killed"),
]


def _reports(project, lena, rows, kind="casualty_figure") -> list:
    from datetime import date

    from tests.factories import make_claim
    from webapp.services import articles as article_service
    found = []
    for n, (outlet, day, text, quote) in enumerate(rows):
        article = article_service.import_text(project.id, lena, text, article_service.Provenance(
            title=f"{outlet} {n}", site_name=outlet, url=f"https://{outlet.lower()}.example/{day}",
            published_on=date(2017, 5, day)))
        db.session.commit()
        found.append(make_claim(article, lena, quote, kind=kind,
                                structured_figures=[{"text": quote.split(" ISIS")[0] + " killed"}]))
    return found


def split_world(app) -> dict:
    """Project "Raqqa": a cluster of four reports (two ANHA, two SOHR: corroborated), a report
    in no cluster; project "Bravo" with a cluster of its own. Tokens for lena (lead), anna
    (annotator) and vera (viewer)."""
    from webapp.corroboration import clusters
    from tests.factories import make_project
    with app.app_context():
        lena, anna, vera, oscar = (make_user(n) for n in ("lena", "anna", "vera", "oscar"))
        project = make_project(lena, "Raqqa")
        add_member(project, anna, "annotator")
        add_member(project, vera, "viewer")
        claims = _reports(project, lena, FOUR)
        loose = _reports(project, lena, [("Hawar", 15, "Hawar: 26 ISIS militants died in Raqqa.",
                                          "26 ISIS militants died")])[0]
        first = clusters.link(claims[0], claims[1], lena)
        clusters.link(claims[0], claims[2], lena)
        clusters.link(claims[0], claims[3], lena)
        bravo = make_project(oscar, "Bravo")
        theirs = _reports(bravo, oscar, FOUR[:2])
        elsewhere = clusters.link(theirs[0], theirs[1], oscar)
        db.session.commit()
        return {"project": project.id, "cluster": first.id, "claims": [c.id for c in claims],
                "loose": loose.id, "bravo_cluster": elsewhere.id, "bravo_claim": theirs[0].id,
                "tokens": {u.username: make_token(u) for u in (lena, anna, vera)}}


def _stored(app, cluster_id):
    with app.app_context():
        cluster = db.session.get(ClaimCluster, cluster_id)
        if cluster is None:
            return None
        members = sorted(db.session.scalars(select(ClusterMember.claim_id).where(
            ClusterMember.cluster_id == cluster_id)))
        return cluster.grade, cluster.reports, cluster.origins, members


def _last_event(app, claim_id) -> tuple:
    with app.app_context():
        event = db.session.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == claim_id)
                                   .order_by(ClaimEvent.id.desc())).first()
        return event.action, event.changes, event.reason, event.actor.username


def test_split_moves_the_reports_into_a_new_cluster_with_an_event_each(app):
    w = split_world(app)
    a1, s1, a2, s2 = w["claims"]
    assert _stored(app, w["cluster"]) == ("corroborated", 4, 2, sorted(w["claims"]))
    response = app.test_client().post(
        f"/api/v1/projects/{w['project']}/clusters/{w['cluster']}/split",
        json={"claims": [s2, s1], "reason": "SOHR's own count."}, headers=_h(w["tokens"]["anna"]))
    assert response.status_code == 201, response.get_json()
    doc = response.get_json()
    new_id = doc["id"]
    assert new_id != w["cluster"] and response.headers["Location"] == doc["self"]
    assert doc["self"].endswith(f"/projects/{w['project']}/clusters/{new_id}")
    assert sorted(i["claim_id"] for i in doc["items"]) == [s1, s2]
    assert (doc["grade"], doc["reports"], doc["origins"]) == ("single_origin", 2, 1)
    assert _stored(app, new_id) == ("single_origin", 2, 1, sorted([s1, s2]))
    assert _stored(app, w["cluster"]) == ("single_origin", 2, 1, sorted([a1, a2]))
    for claim_id in (s1, s2):
        assert _last_event(app, claim_id) == (
            "cluster_split", {"cluster": [w["cluster"], new_id]}, "SOHR's own count.", "anna")
    for claim_id in (a1, a2):
        assert _last_event(app, claim_id)[0] == "cluster_linked"   # they stayed: no event


def test_merge_moves_every_report_of_the_other_cluster_with_an_event_each(app):
    w = split_world(app)
    a1, s1, a2, s2 = w["claims"]
    base, client = f"/api/v1/projects/{w['project']}/clusters", app.test_client()
    other = client.post(f"{base}/{w['cluster']}/split", json={"claims": [s1, s2]},
                        headers=_h(w["tokens"]["lena"])).get_json()["id"]
    response = client.post(f"{base}/{w['cluster']}/merge",
                           json={"cluster": other, "reason": "One incident after all."},
                           headers=_h(w["tokens"]["anna"]))
    assert response.status_code == 200, response.get_json()
    doc = response.get_json()
    assert doc["id"] == w["cluster"] and doc["self"].endswith(f"/clusters/{w['cluster']}")
    assert sorted(i["claim_id"] for i in doc["items"]) == sorted(w["claims"])
    assert (doc["grade"], doc["reports"], doc["origins"]) == ("corroborated", 4, 2)
    assert _stored(app, w["cluster"]) == ("corroborated", 4, 2, sorted(w["claims"]))
    assert _stored(app, other) is None                      # the merged cluster ended
    assert client.get(f"{base}/{other}", headers=_h(w["tokens"]["lena"])).status_code == 404
    for claim_id in (s1, s2):
        assert _last_event(app, claim_id) == (
            "cluster_merged", {"cluster": [other, w["cluster"]]}, "One incident after all.", "anna")
    assert _last_event(app, a1)[0] == "cluster_linked"      # already here: no event


def test_split_and_merge_refusals_change_nothing(app):
    w = split_world(app)
    a1, s1, a2, s2 = w["claims"]
    base, client = f"/api/v1/projects/{w['project']}/clusters", app.test_client()
    cid, lena, vera = w["cluster"], _h(w["tokens"]["lena"]), _h(w["tokens"]["vera"])
    split, merge = f"{base}/{cid}/split", f"{base}/{cid}/merge"
    before = _stored(app, cid), _stored(app, w["bravo_cluster"])
    refusals = [
        (split, {"claims": [s1, s2]}, vera, 403),                     # viewers read only
        (merge, {"cluster": w["bravo_cluster"]}, vera, 403),
        (f"{base}/{w['bravo_cluster']}/split", {"claims": [s1, s2]}, lena, 404),  # another project's
        (f"{base}/{w['bravo_cluster']}/merge", {"cluster": cid}, lena, 404),
        (f"{base}/987654/split", {"claims": [s1, s2]}, lena, 404),
        (f"{base}/987654/merge", {"cluster": cid}, lena, 404),
        (split, {"claims": w["claims"]}, lena, 422),                  # all of them
        (split, {"claims": []}, lena, 422),                           # none
        (split, {"claims": [s1]}, lena, 422),                         # one: that is unlinking
        (split, {"claims": [a1, a2, s1]}, lena, 422),                 # would leave one behind
        (split, {"claims": [s1, w["loose"]]}, lena, 422),             # not a report of this cluster
        (split, {"claims": [s1, w["bravo_claim"]]}, lena, 404),       # another project's claim
        (split, {"claims": [s1, 987654]}, lena, 404),
        (split, {"claims": [s1, "x"]}, lena, 422),
        (split, {"claims": [s1, s2], "colour": "red"}, lena, 422),
        (split, {"claims": [s1, s2], "reason": 5}, lena, 422),
        (merge, {"cluster": cid}, lena, 422),                         # into itself
        (merge, {"cluster": w["bravo_cluster"]}, lena, 404),          # another project's
        (merge, {"cluster": 987654}, lena, 404),
        (merge, {"cluster": True}, lena, 422),
        (merge, {}, lena, 422),
        (merge, {"cluster": w["bravo_cluster"], "also": 1}, lena, 422),
    ]
    for url, doc, headers, status in refusals:
        response = client.post(url, json=doc, headers=headers)
        assert response.status_code == status, (url, doc, response.get_json())
        assert response.get_json()["detail"]
    bad_json = client.post(split, data="{", headers={**lena, "Content-Type": "application/json"})
    assert bad_json.status_code == 400
    assert (_stored(app, cid), _stored(app, w["bravo_cluster"])) == before
    for claim_id in w["claims"]:
        assert _last_event(app, claim_id)[0] == "cluster_linked"
