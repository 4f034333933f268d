"""Files of claims whose figures or chain do not read: each such row is refused with its line,
the field and what is wrong, leaves nothing behind, and the rest of the file is imported; a
file without figures as data has its free-text figures read where every line reads as one."""
import csv
import io
import json

from sqlalchemy import func, select

from tests.exports.helpers import signed_in
from webapp.extensions import db
from webapp.models import Claim, ClaimEvent, ClaimFigure, Source

from .claim_world import QUOTES, URL, anna, two_projects
from .helpers import import_file, refused_rows, summary


def _exported(browser, project_id: int) -> tuple[list[str], dict[str, dict]]:
    text = browser.get(f"/projects/{project_id}/export/claims.csv").get_data(as_text=True)
    reader = csv.DictReader(io.StringIO(text))
    return reader.fieldnames, {row["quote"]: row for row in reader}


def _written(header: list[str], rows: list[dict]) -> tuple[bytes, list[int]]:
    """The CSV file, and the line each row starts on."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header)
    writer.writeheader()
    lines = []
    for row in rows:
        lines.append(buffer.getvalue().count("\n") + 1)
        writer.writerow(row)
    return buffer.getvalue().encode(), lines


def _stored(app, project_id: int) -> dict:
    with app.app_context():
        claims = db.session.scalars(select(Claim).where(Claim.project_id == project_id)
                                    .order_by(Claim.start_offset)).all()
        return {"quotes": [c.quote for c in claims],
                "sources": set(db.session.scalars(select(Source.name).where(
                    Source.project_id == project_id))),
                "events": db.session.scalar(select(func.count()).select_from(ClaimEvent).where(
                    ClaimEvent.project_id == project_id)),
                "figures": db.session.scalar(select(func.count()).select_from(ClaimFigure))}


def test_csv_rows_with_bad_figures_or_chain_are_refused_and_the_rest_imported(app, browser):
    ids = two_projects(app)
    header, rows = _exported(signed_in(browser), ids["source"])
    first, second, third = (rows[q] for q in QUOTES)
    long_chain = " → ".join(f"Outlet {n} (citing)" for n in range(13))
    bad = [
        {**second, "structured_figures": "lots · killed · civilians"},
        {**third, "structured_figures": "dozens (10) · displaced · unknown",
         "attribution_chain": "Brand New Outlet (citing) → Anadolu Agency"},
        {**second, "attribution_chain": long_chain},
        {**second, "structured_figures": "26 militants killed"},
        {**second, "structured_figures": "26 · slain · civilians"},
    ]
    data, lines = _written(header, [first, *bad, second, third])
    page = import_file(anna(app), ids["target"], "claims.csv", data)
    assert (summary(page)["Claims created"], summary(page)["Refused"]) == ("3", "5")
    refused = refused_rows(page)
    assert [where for where, _ in refused] == [f"line {n}" for n in lines[1:6]]
    reasons = [reason for _, reason in refused]
    assert reasons[0].startswith("structured_figures: Figure 1: Choose a vague quantity from "
                                 "the project's table")
    assert reasons[1] == ("structured_figures: Figure 1 (“dozens (10) · displaced · unknown”): "
                          "the file codes “dozens” as 10, this project's table as 12; change the "
                          "number, or leave it out to take the project's.")
    assert reasons[2] == "attribution_chain: A chain has at most 12 hops."
    assert "Figure 1 (“26 militants killed”) is not written as the export writes" in reasons[3]
    assert reasons[4] == "structured_figures: Figure 1: Choose what the figure counts from the list."
    stored = _stored(app, ids["target"])
    assert stored["quotes"] == list(QUOTES)
    # The refused rows registered nothing ("Brand New Outlet", "Outlet 0"…) and made no event.
    assert stored["sources"] == {"Unnamed Swedish foreign fighter in SDF ranks",
                                 "Islamic Invitation Turkey", "Anadolu Agency"}
    assert stored["events"] == 3 + 2      # created ×3, and the two chains set


def test_json_lines_rows_with_bad_figures_or_chain_are_refused(app, browser):
    ids = two_projects(app)
    text = signed_in(browser).get(f"/projects/{ids['source']}/export/claims.jsonl").get_data(
        as_text=True)
    rows = {row["quote"]: row for row in map(json.loads, text.splitlines())}
    first, second, third = (rows[q] for q in QUOTES)
    bad = [
        {**second, "chain": [{"name": "Brand New Outlet", "kind": "outlet", "relation": "citing"},
                             {"name": "X", "kind": "satellite"}]},
        {**second, "structured_figures": [{"kind": "roughly", "low": 5, "high": 5}],
         "chain": [{"name": "Brand New Outlet", "kind": "outlet"}]},
        {**second, "structured_figures": [{"kind": "range", "low": 15, "high": 10}]},
        {**second, "structured_figures": "26 killed"},
        {**second, "chain": {"a": 1}},
        "{not json",
    ]
    body = "\n".join(r if isinstance(r, str) else json.dumps(r) for r in [first, *bad, second, third])
    page = import_file(anna(app), ids["target"], "claims.jsonl", body.encode())
    assert (summary(page)["Claims created"], summary(page)["Refused"]) == ("3", "6")
    assert refused_rows(page) == [
        ("line 2", "chain: Hop 2: choose what kind of entry it is (person, unit, organisation, "
                   "outlet, account, other)."),
        ("line 3", "structured_figures: Figure 1: Choose how the number is bounded (exactly, at "
                   "least, …)."),
        ("line 4", "structured_figures: Figure 1: A range runs from the lower number to the higher."),
        ("line 5", "structured_figures: Figures come as a list of at most 50."),
        ("line 6", "chain: a chain is a list of hops, each an object with name, kind and relation."),
        ("line 7", "Not valid JSON (Expecting property name enclosed in double quotes at column 2)."),
    ]
    stored = _stored(app, ids["target"])
    assert stored["quotes"] == list(QUOTES) and "Brand New Outlet" not in stored["sources"]


def test_free_text_figures_are_read_where_the_file_has_none_as_data(app):
    """Another tool's file: a ``figures`` column, no ``structured_figures``. A note whose every
    line reads as one figure becomes figures; one that does not stays text only."""
    ids = two_projects(app)
    data = (f"article_url,quote,statement,figures\n"
            f'{URL},{QUOTES[0]},Killed,"at least 26 ISIS militants killed\ndozens injured"\n'
            f"{URL},{QUOTES[1]},Died,26 killed or injured\n").encode()
    page = import_file(anna(app), ids["target"], "other-tool.csv", data)
    assert summary(page)["Claims created"] == "2"
    with app.app_context():
        claims = db.session.scalars(select(Claim).where(Claim.project_id == ids["target"])
                                    .order_by(Claim.start_offset)).all()
        assert [(f["kind"], f["low"], f["term"], f["counts"], f["who"])
                for f in claims[0].structured_figures] == [
            ("at_least", 26, "", "killed", "combatants"), ("vague", None, "dozens", "injured", "unknown")]
        assert claims[0].figures == "at least 26 ISIS militants killed\ndozens injured"
        assert (claims[1].structured_figures, claims[1].figures) == ([], "26 killed or injured")
    line = json.dumps({"article_url": URL, "quote": QUOTES[2], "figures": "up to 40 civilians displaced"})
    import_file(anna(app), ids["target"], "other-tool.jsonl", line.encode())
    with app.app_context():
        claim = db.session.scalar(select(Claim).where(Claim.quote == QUOTES[2],
                                                      Claim.project_id == ids["target"]))
        assert [(f["kind"], f["high"]) for f in claim.structured_figures] == [("up_to", 40)]


def test_an_annotation_with_bad_figures_is_refused_and_the_others_imported(app, browser):
    ids = two_projects(app)
    doc = json.loads(signed_in(browser).get(
        f"/projects/{ids['source']}/export/annotations.jsonld").get_data(as_text=True))
    items = doc["first"]["items"]
    sourcing = next(b for b in items[1]["body"] if b["purpose"] == "classifying")["claimtrail:sourcing"]
    sourcing["structured_figures"] = [{"kind": "vague", "term": "zillions", "counts": "killed"}]
    sourcing = next(b for b in items[2]["body"] if b["purpose"] == "classifying")["claimtrail:sourcing"]
    sourcing["chain"] = [{"name": "Y", "kind": "outlet", "relation": "whispering"}]
    page = import_file(anna(app), ids["target"], "claims.jsonld", json.dumps(doc).encode())
    assert (summary(page)["Claims created"], summary(page)["Refused"]) == ("1", "2")
    reasons = [reason for _, reason in refused_rows(page)]
    assert reasons[0].startswith("claimtrail:sourcing structured_figures: Figure 1: Choose a "
                                 "vague quantity from the project's table")
    assert reasons[1].startswith("claimtrail:sourcing chain: Hop 1: how it passed the claim is one of")
    assert _stored(app, ids["target"])["quotes"] == [QUOTES[0]]
