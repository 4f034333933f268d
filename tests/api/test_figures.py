"""Figures as data through the API: an annotation's ``claimtrail:sourcing.structured_figures``
is read (a figure's text alone will do), checked, returned completed, survives a GET-then-PUT
unchanged, and is kept when a PUT leaves it out."""
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import ClaimEvent

from .conftest import TEXT, new_annotation, problem

QUOTE = "dozens more injured"


def _with_figures(doc: dict, figures) -> dict:
    doc["body"].append({"type": "TextualBody", "purpose": "classifying", "value": "",
                        "claimtrail:sourcing": {"structured_figures": figures}})
    return doc


def _figures(doc: dict) -> list[dict]:
    [body] = [b for b in doc["body"] if b["purpose"] == "classifying"]
    return body["claimtrail:sourcing"]["structured_figures"]


def test_figures_are_written_read_and_put_back(app, api, team):
    created = api.post(team.container, _with_figures(new_annotation(TEXT, QUOTE), [
        {"text": "dozens of militants injured"}, {"kind": "at_least", "low": 26, "counts": "killed"}]))
    assert created.status_code == 201, created.get_data(as_text=True)
    url = created.headers["Location"].replace("http://localhost", "")
    assert _figures(created.get_json(force=True)) == [
        {"kind": "vague", "low": None, "high": None, "term": "dozens", "counts": "injured",
         "who": "combatants", "text": "dozens of militants injured"},
        {"kind": "at_least", "low": 26, "high": None, "term": "", "counts": "killed",
         "who": "unknown", "text": ""}]
    read = api.get(url)
    doc = read.get_json(force=True)
    assert _figures(doc) == _figures(created.get_json(force=True))
    # What GET gave, sent back as it is: nothing changes, nothing is recorded.
    same = api.put(url, doc, headers={"If-Match": read.headers["ETag"]})
    assert same.status_code == 200 and same.headers["ETag"] == read.headers["ETag"]
    # Leaving the key out keeps the figures; a new list replaces them, in the trail.
    for body in doc["body"]:
        body.get("claimtrail:sourcing", {}).pop("structured_figures", None)
    kept = api.put(url, doc, headers={"If-Match": same.headers["ETag"]})
    assert len(_figures(kept.get_json(force=True))) == 2
    doc["body"][-1]["claimtrail:sourcing"]["structured_figures"] = [{"text": "between 10 and 15 killed"}]
    changed = api.put(url, doc, headers={"If-Match": kept.headers["ETag"]})
    assert [(f["kind"], f["low"], f["high"]) for f in _figures(changed.get_json(force=True))] == [("range", 10, 15)]
    with app.app_context():
        event = db.session.scalars(select(ClaimEvent).order_by(ClaimEvent.id)).all()[-1]
        assert event.action == "edited" and list(event.changes) == ["structured_figures"]


def test_a_figure_that_does_not_fit_is_refused_with_422(api, team):
    for figures, words in (([{"text": "several killed"}], "does not read as one figure"),
                           ([{"kind": "range", "low": 9}], "both ends of the range"),
                           ({"text": "26"}, "a list"),
                           ([{"text": "26", "value": 26}], "a figure has the keys")):
        refused = api.post(team.container, _with_figures(new_annotation(TEXT, QUOTE), figures))
        assert refused.status_code == 422, refused.get_data(as_text=True)
        assert words in problem(refused)["detail"]


def test_the_openapi_document_describes_a_figure(api):
    schemas = api.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert set(schemas["Figure"]["properties"]) == {"kind", "low", "high", "term", "counts", "who", "text"}
    assert schemas["Body"]["properties"]["claimtrail:sourcing"] == {"$ref": "#/components/schemas/Sourcing"}
    assert "structured_figures" in schemas["Sourcing"]["properties"]
