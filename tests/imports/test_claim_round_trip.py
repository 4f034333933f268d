"""Exported claims imported into another project come back with equal figures (every form:
exact, about, at least, over, at most, up to, range, vague) and an equal three-hop chain: CSV,
XLSX (saved as CSV), JSON Lines and W3C Web Annotations, on both databases."""
import io

import openpyxl
from sqlalchemy import select

from tests.exports.helpers import csv_rows, download_xlsx, signed_in, start_xlsx
from webapp.extensions import db
from webapp.models import ClaimEvent, Job, Source, SourceGrade, User

from .claim_world import FIGHTER, anna, claims_of, csv_text, two_projects
from .helpers import import_file, refused_rows, summary


def _export(browser, project_id: int, name: str) -> bytes:
    response = browser.get(f"/projects/{project_id}/export/{name}")
    assert response.status_code == 200
    return response.data


def _import(app, ids, name: str, data: bytes) -> dict:
    page = import_file(anna(app), ids["target"], name, data)
    assert refused_rows(page) == []
    return summary(page)


def test_json_lines_round_trip_keeps_figures_and_chain(app, browser):
    ids = two_projects(app)
    data = _export(signed_in(browser), ids["source"], "claims.jsonl")
    report = _import(app, ids, "claims.jsonl", data)
    assert (report["Format"], report["Claims in the file"], report["Claims created"]) == (
        "JSON Lines of claims", "3", "3")
    assert claims_of(app, ids["target"]) == claims_of(app, ids["source"])
    _registered_by_anna(app, ids["target"], {"Islamic Invitation Turkey": "outlet",
                                             "Anadolu Agency": "organisation"})


def test_web_annotation_round_trip_keeps_figures_and_chain(app, browser):
    ids = two_projects(app)
    data = _export(signed_in(browser), ids["source"], "annotations.jsonld")
    report = _import(app, ids, "claims.jsonld", data)
    assert (report["Annotations"], report["Claims created"]) == ("3", "3")
    before, after = claims_of(app, ids["source"]), claims_of(app, ids["target"])
    assert after == before
    assert len(after[0][6]) == 8 and [h[2] for h in after[0][7]] == ["republished", "citing", None]
    _registered_by_anna(app, ids["target"], {"Islamic Invitation Turkey": "outlet",
                                             "Anadolu Agency": "organisation"})


def test_csv_round_trip_keeps_figures_and_chain(app, browser):
    """The spreadsheet has no figure's own words and no kind for a named hop: every other key
    comes back; a hop is the registry's entry of its name (the fighter, a person), the site an
    outlet, and a name new to the registry is registered as "other"."""
    ids = two_projects(app)
    browser = signed_in(browser)
    data = _export(browser, ids["source"], "claims.csv")
    assert "dozens (12) · abducted · women" in data.decode()
    report = _import(app, ids, "claims.csv", data)
    assert (report["Format"], report["Claims created"]) == ("CSV of claims", "3")
    with app.app_context():
        assert db.session.scalar(select(Job.title)) == "Import claims from claims.csv"
    _same_but_the_new_name(claims_of(app, ids["source"], figure_text=False),
                           claims_of(app, ids["target"], figure_text=False))


def test_xlsx_saved_as_csv_round_trip_keeps_figures_and_chain(app, browser):
    ids = two_projects(app)
    browser = signed_in(browser)
    sheet = openpyxl.load_workbook(io.BytesIO(
        download_xlsx(browser, start_xlsx(browser, ids["source"])).data)).active
    cells = [["" if c.value is None else c.value for c in row] for row in sheet.iter_rows()]
    figures = cells[0].index("structured_figures")
    assert [row[figures].splitlines()[-1:] for row in cells[1:4]] == [
        ["dozens (12) · abducted · women"], [], ["dozens (12) · displaced · unknown"]]
    _import(app, ids, "claims.csv", csv_text(cells))
    _same_but_the_new_name(claims_of(app, ids["source"], figure_text=False),
                           claims_of(app, ids["target"], figure_text=False))


def _same_but_the_new_name(before: list, after: list) -> None:
    assert after[:2] == before[:2]
    assert after[2][:7] == before[2][:7]
    assert before[2][7][1] == ("Anadolu Agency", "organisation", None)
    assert after[2][7] == [before[2][7][0], ("Anadolu Agency", "other", None)]


def _registered_by_anna(app, project_id: int, expected: dict[str, str]) -> None:
    """New names are registry entries made by the importing person, with their grading, and
    the chain is one "chain_changed" event of hers, as when she sets a chain on the page."""
    with app.app_context():
        anna = db.session.scalar(select(User).where(User.username == "anna"))
        made = db.session.execute(select(Source.name, Source.entry_kind).where(
            Source.project_id == project_id, Source.created_by_id == anna.id)).all()
        assert dict(made) == expected
        assert db.session.scalar(select(db.func.count()).select_from(SourceGrade).where(
            SourceGrade.graded_by_id == anna.id)) == len(expected)
        actions = db.session.execute(select(ClaimEvent.action, ClaimEvent.actor_id).where(
            ClaimEvent.project_id == project_id).order_by(ClaimEvent.id)).all()
        assert [a for a, _ in actions].count("chain_changed") == 2
        assert {actor for _, actor in actions} == {anna.id}


def test_csv_export_shape_is_what_the_import_reads(app, browser):
    """The cells the round trip depends on, as the export writes them."""
    ids = two_projects(app)
    rows = csv_rows(signed_in(browser).get(f"/projects/{ids['source']}/export/claims.csv"))
    first = next(r for r in rows if r["quote"].startswith("26 ISIS"))
    assert first["attribution_chain"] == (
        f"Islamic Invitation Turkey (republished) → outlet not named (citing) → {FIGHTER}")
    assert first["structured_figures"].splitlines()[-3:] == [
        "up to 40 · displaced · civilians", "10–1,500 · killed · children",
        "dozens (12) · abducted · women"]
    assert first["chain_note"] == "Via a republication"
