"""Clusters in the API (issue 11, 8): a claim's annotation names its cluster; a cluster is read
with its grade, reports, independent origins and range; two reports are linked and one is taken
out again, each an event in the claims' trails; viewers may read and not write."""
from sqlalchemy import select

from tests.exports.test_clusters_in_exports import world
from tests.factories import add_member, make_user
from webapp.extensions import db
from webapp.models import ClaimEvent, Project, User

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
