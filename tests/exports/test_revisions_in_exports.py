"""Issue 12 (7), on SQLite and PostgreSQL: every export says which revision a claim's offsets
are in, how the last re-anchoring found it and the finding recorded about it; the W3C export
states the revision its selectors apply to, as a ``TimeState`` (capture time, and the
revision's read page as the cached copy), and still passes the conformance kit."""
import io
import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import event, select, update

from tests.exports.helpers import csv_rows, download_xlsx, jsonl_rows, signed_in, start_xlsx
from tests.factories import make_article, make_claim, make_project, make_user
from tests.revisions.test_store import FIRST, SECOND   # claims changed, orphaned and moved
from webapp.extensions import db
from webapp.models import Article, Claim, User
from webapp.revisions import store

CAPTURED = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
REVISED = datetime(2024, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
KIT = Path(__file__).resolve().parents[1] / "conformance"   # a copy of the shared kit
# claim → (revision, anchor_state, anchor_finding) as the CSV, XLSX and JSON Lines give them
EXPECTED = {"figure": (2, "Changed", "changed in revision 2"), "road": (2, "Moved", ""),
            "bread": (1, "Orphaned", "removed in revision 2"), "untouched": (1, "", "")}


def _project(app, revised_articles: int = 1) -> dict:
    """An article revised once (its claims changed, moved, orphaned; findings recorded on two),
    and one never revised; ``revised_articles`` more copies of the first for query counts."""
    with app.app_context():
        lena = db.session.scalar(select(User).where(User.username == "lena")) or make_user("lena")
        project = make_project(lena, f"Revised {revised_articles}")
        ids = {"project": project.id}
        for n in range(revised_articles):
            article = make_article(project, lena, FIRST + f" ({n})", title=f"Revised {n}")
            claims = {name: make_claim(article, lena, quote) for name, quote in (
                ("figure", "26 ISIS militants have been killed and dozens more injured"),
                ("bread", "Residents described long queues for bread"),
                ("road", "The road to Tabqa remains closed"))}
            store.add_revision(article, SECOND + f" ({n})", lena, "upload", captured_at=REVISED)
            claims["bread"].anchor_finding, claims["bread"].anchor_finding_revision = "removed", 2
            claims["figure"].anchor_finding, claims["figure"].anchor_finding_revision = "changed", 2
            if n == 0:
                ids.update({name: claim.id for name, claim in claims.items()}, article=article.id)
        other = make_article(project, lena, "Aid groups said the road was closed.", title="Other")
        ids["untouched"], ids["other"] = make_claim(other, lena, "the road was closed").id, other.id
        db.session.execute(update(Article).where(Article.project_id == project.id)
                           .values(captured_at=CAPTURED))
        db.session.commit()
        assert db.session.get(Claim, ids["bread"]).anchor_state == "orphaned"
        assert db.session.get(Claim, ids["figure"]).anchor_state == "changed"
        return ids


def _by_name(ids: dict, rows: list[dict], key=lambda row: int(row["claim_id"])) -> dict:
    names = {ids[name]: name for name in EXPECTED}
    return {names[key(row)]: row for row in rows if key(row) in names}


def test_csv_gives_each_claim_its_revision_state_and_finding(app, browser):
    ids = _project(app)
    rows = _by_name(ids, csv_rows(signed_in(browser).get(
        f"/projects/{ids['project']}/export/claims.csv")))
    header = list(rows["figure"])
    assert header[header.index("suffix") + 1:header.index("statement")] == [
        "revision", "anchor_state", "anchor_finding"]
    assert {name: (int(r["revision"]), r["anchor_state"], r["anchor_finding"])
            for name, r in rows.items()} == EXPECTED
    assert rows["figure"]["quote"].startswith("23 ISIS")      # the offsets are in revision 2
    assert rows["bread"]["quote"] == "Residents described long queues for bread"   # revision 1


def test_xlsx_gives_each_claim_its_revision_state_and_finding(app, browser):
    ids = _project(app)
    browser = signed_in(browser)
    data = download_xlsx(browser, start_xlsx(browser, ids["project"])).data
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    cells = [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2)]
    rows = _by_name(ids, cells, key=lambda row: row["claim_id"].value)
    assert {name: (r["revision"].value, r["anchor_state"].value or "", r["anchor_finding"].value or "")
            for name, r in rows.items()} == EXPECTED
    assert rows["road"]["revision"].data_type == "n"            # a number cell, like the offsets


def test_jsonl_gives_each_claim_its_revision_state_and_finding(app, browser):
    ids = _project(app)
    rows = _by_name(ids, jsonl_rows(signed_in(browser).get(
        f"/projects/{ids['project']}/export/claims.jsonl")))
    assert {name: (r["revision"], r["anchor_state"], r["anchor_finding"])
            for name, r in rows.items()} == EXPECTED
    assert rows["road"]["codes"]["anchor_state"] == "moved"
    assert rows["untouched"]["codes"]["anchor_state"] == ""
    assert rows["road"]["revision_captured_at"].startswith("2024-03-04T05:06:07")
    assert rows["bread"]["revision_captured_at"].startswith("2024-01-02T03:04:05")


def _collection(browser, project_id: int) -> dict:
    response = browser.get(f"/projects/{project_id}/export/annotations.jsonld")
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))


def test_w3c_targets_state_the_revision_their_selectors_apply_to(app, browser):
    ids = _project(app)
    browser = signed_in(browser)
    items = {item["id"].rsplit("/", 1)[-1]: item for item in _collection(browser, ids["project"])["first"]["items"]}
    base = f"http://localhost/projects/{ids['project']}/articles"
    for name, (revision, _state, _finding) in EXPECTED.items():
        target = items[str(ids[name])]["target"]
        article = ids["other"] if name == "untouched" else ids["article"]
        assert target["state"] == {
            "type": "TimeState",
            "sourceDate": "2024-03-04T05:06:07Z" if revision == 2 else "2024-01-02T03:04:05Z",
            "cached": f"{base}/{article}/revisions/{revision}"}, name
        assert "state" not in target["selector"][0]    # on the target, beside its selectors
    # The cached copy is the revision's read page, and it shows the words the selectors quote.
    for name in ("figure", "bread"):
        target = items[str(ids[name])]["target"]
        page = browser.get(target["state"]["cached"].replace("http://localhost", ""))
        assert page.status_code == 200
        assert target["selector"][0]["exact"] in page.get_data(as_text=True)


def test_w3c_selectors_select_the_quote_in_the_revision_they_state(app, browser):
    ids = _project(app)
    items = _collection(signed_in(browser), ids["project"])["first"]["items"]
    texts = {1: FIRST + " (0)", 2: SECOND + " (0)"}
    for item in items:
        target = item["target"]
        if not target["state"]["cached"].startswith(f"http://localhost/projects/{ids['project']}/articles/{ids['article']}/"):
            continue
        text = texts[int(target["state"]["cached"].rsplit("/", 1)[-1])]
        quote, position = target["selector"]
        assert text[position["start"]:position["end"]] == quote["exact"]


def test_the_w3c_export_with_states_passes_the_conformance_schemas(app, browser, tmp_path):
    ids = _project(app)
    path = tmp_path / "export.jsonld"
    path.write_text(json.dumps(_collection(signed_in(browser), ids["project"])), encoding="utf-8")
    done = subprocess.run([sys.executable, str(KIT / "validate_annotations.py"), str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "6 passed, 0 failed"   # collection, page, 4 claims


def test_revisions_cost_no_query_per_claim(app, browser):
    """The revision's capture time is joined into the rows' query: an export of six revised
    articles makes as many queries as one of one."""
    counts = []
    projects = [_project(app, revised)["project"] for revised in (1, 6)]
    browser = signed_in(browser)
    for project_id in projects:
        with app.app_context():
            engine = db.engine
            statements = []

            def count(conn, cursor, statement, *args):
                statements.append(statement)

            event.listen(engine, "before_cursor_execute", count)
            try:
                for path in ("claims.csv", "annotations.jsonld"):
                    assert browser.get(f"/projects/{project_id}/export/{path}").status_code == 200
            finally:
                event.remove(engine, "before_cursor_execute", count)
            counts.append(len(statements))
            assert not [s for s in statements if s.lstrip().startswith("SELECT article_revisions")]
    assert counts[0] == counts[1]
