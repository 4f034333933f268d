"""Clusters leave the tool (issue 11, 8): each claim's cluster, its number of reports and of
independent origins, its grade and the figure range over its reports in the CSV, XLSX and JSON
Lines exports; the cluster's reports as ClaimReview ``appearance``; a ``linking`` body in the
W3C export. A claim in no cluster leaves those cells empty."""
import io
from datetime import date

from openpyxl import load_workbook

from tests.exports.helpers import csv_rows, download_xlsx, jsonl_rows, signed_in, start_xlsx
from tests.factories import make_claim, make_project, make_user
from webapp.corroboration import clusters
from webapp.extensions import db
from webapp.services import articles as article_service

REPORTS = [  # (outlet, day, text, quote, figure)
    ("ANHA", 12, "Thus far, 26 ISIS militants have been killed in western Raqqa, the SDF said.",
     "26 ISIS militants have been killed", "26 killed"),
    ("SOHR", 11, "The Observatory counted 30 ISIS militants killed in western Raqqa on Thursday.",
     "30 ISIS militants killed", "30 killed"),
    ("Hawar", 13, "Elsewhere, the price of bread rose again in Qamishli markets this week.",
     "the price of bread rose again", ""),
]


def world(app) -> dict:
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena)
        ids = []
        for n, (outlet, day, text, quote, figure) in enumerate(REPORTS):
            article = article_service.import_text(project.id, lena, text, article_service.Provenance(
                title=f"Report {n}", site_name=outlet, url=f"https://{outlet.lower()}.example/{n}",
                published_on=date(2017, 5, day)))
            db.session.commit()
            data = {"kind": "casualty_figure", "structured_figures": [{"text": figure}]} if figure else {}
            ids.append(make_claim(article, lena, quote, **data).id)
        from webapp.models import Claim
        anha, sohr, _bread = (db.session.get(Claim, i) for i in ids)
        cluster = clusters.link(anha, sohr, lena)
        db.session.commit()
        return {"project": project.id, "claims": ids, "cluster": cluster.id}


RANGE = "killed · unknown: 26–30 (most conservative 26)"


def test_csv_and_jsonl_carry_the_cluster_its_counts_grade_and_range(app, browser):
    ids = world(app)
    browser = signed_in(browser)
    anha, sohr, bread = ids["claims"]
    rows = {int(r["claim_id"]): r for r in csv_rows(
        browser.get(f"/projects/{ids['project']}/export/claims.csv"))}
    for claim_id in (anha, sohr):
        row = rows[claim_id]
        assert (row["cluster_id"], row["cluster_reports"], row["cluster_origins"]) == \
            (str(ids["cluster"]), "2", "2")
        assert row["cluster_grade"] == "corroborated"
        assert row["cluster_grade_reason"] == "2 independent origins whose figures agree"
        assert row["cluster_range"] == RANGE
    assert [rows[bread][k] for k in ("cluster_id", "cluster_reports", "cluster_origins",
                                     "cluster_grade", "cluster_range")] == ["", "", "", "", ""]
    lines = {r["claim_id"]: r for r in jsonl_rows(
        browser.get(f"/projects/{ids['project']}/export/claims.jsonl"))}
    cluster = lines[anha]["cluster"]
    assert (lines[anha]["cluster_id"], lines[anha]["cluster_origins"]) == (ids["cluster"], 2)
    assert [m["claim_id"] for m in cluster["members"]] == [sohr, anha]   # oldest article first
    assert cluster["ranges"]["killed · unknown"] == {
        "min": 26, "max": 30, "min_by": [anha], "max_by": [sohr], "conservative": 26,
        "conservative_by": [anha]}
    assert lines[bread]["cluster"] is None and lines[bread]["cluster_id"] is None


def test_xlsx_carries_the_cluster_columns(app, browser):
    ids = world(app)
    anha = ids["claims"][0]
    browser = signed_in(browser)
    response = download_xlsx(browser, start_xlsx(browser, ids["project"]))
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = [c.value for c in sheet[1]]
    by_claim = {r[0]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    row = by_claim[anha]
    assert (row["cluster_id"], row["cluster_reports"], row["cluster_origins"]) == (ids["cluster"], 2, 2)
    assert row["cluster_grade"] == "corroborated" and row["cluster_range"] == RANGE
    assert by_claim[ids["claims"][2]]["cluster_id"] is None


def test_claimreview_gives_the_cluster_its_reports_as_appearance(app, browser):
    import json
    ids = world(app)
    anha, sohr, _bread = ids["claims"]
    with app.app_context():
        from webapp.models import Claim
        from webapp.services import claims as claim_service
        from webapp.models import User
        from sqlalchemy import select
        lena = db.session.scalar(select(User))
        claim = db.session.get(Claim, anha)
        claim_service.update_claim(claim, lena, {"status": "unverifiable", "rationale": "One side."},
                                   claim.version)
        db.session.commit()
    doc = json.loads(signed_in(browser).get(
        f"/projects/{ids['project']}/export/claimreview.jsonld").data)
    [review] = doc["@graph"]
    item = review["itemReviewed"]
    assert [a["url"] for a in item["appearance"]] == ["https://sohr.example/1", "https://anha.example/0"]
    assert [a["publisher"]["name"] for a in item["appearance"]] == ["SOHR", "ANHA"]
    assert item["firstAppearance"] == item["appearance"][0]
    assert item["firstAppearance"]["datePublished"] == "2017-05-11"


def test_web_annotations_of_one_cluster_share_a_linking_body(app, browser):
    import json
    ids = world(app)
    anha, sohr, bread = ids["claims"]
    doc = json.loads(signed_in(browser).get(
        f"/projects/{ids['project']}/export/annotations.jsonld").data)
    items = {int(a["id"].rstrip("/").rsplit("/", 1)[1]): a for a in doc["first"]["items"]}
    linking = {n: [b for b in a["body"] if b.get("purpose") == "linking"] for n, a in items.items()}
    assert linking[bread] == [] and "claimtrail:cluster" not in items[bread]
    assert linking[anha] == linking[sohr] and len(linking[anha]) == 1
    body = linking[anha][0]
    assert body["type"] == "SpecificResource" and body["source"].endswith(f"/projects/{ids['project']}/clusters/{ids['cluster']}")
    assert body["claimtrail:reports"] == [items[sohr]["id"], items[anha]["id"]]
    cluster = items[anha]["claimtrail:cluster"]
    assert (cluster["id"], cluster["grade"], cluster["reports"], cluster["origins"]) == \
        (ids["cluster"], "corroborated", 2, 2)
    assert cluster["range"]["killed · unknown"]["conservative"] == 26


def _linked_pairs(app, project_id: int, pairs: int, start: int) -> None:
    from webapp.models import Project, User
    from sqlalchemy import select
    with app.app_context():
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        project = db.session.get(Project, project_id)
        for n in range(start, start + pairs):
            made = []
            for outlet in ("Wire", "Post"):
                article = article_service.import_text(
                    project.id, lena, f"{outlet} {n}: 12 civilians were killed near the dam.",
                    article_service.Provenance(title=f"{outlet} {n}", site_name=f"{outlet} {n}"))
                db.session.commit()
                made.append(make_claim(article, lena, "12 civilians were killed",
                                       structured_figures=[{"text": "12 civilians killed"}]))
            clusters.link(*made, lena)
        db.session.commit()


def test_the_exports_read_clusters_in_the_same_number_of_queries_whatever_their_number(app, browser):
    from sqlalchemy import event
    ids = world(app)
    browser = signed_in(browser)
    with app.app_context():
        engine = db.engine

    def statements(path: str) -> int:
        seen = []
        listener = lambda *args: seen.append(args[2])   # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert browser.get(f"/projects/{ids['project']}/export/{path}").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    _linked_pairs(app, ids["project"], 2, 0)
    small = {p: statements(p) for p in ("claims.csv", "annotations.jsonld", "claimreview.jsonld")}
    _linked_pairs(app, ids["project"], 8, 100)
    large = {p: statements(p) for p in small}
    assert large == small
