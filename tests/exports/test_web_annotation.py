"""The demo project exported as a W3C Web Annotation collection, checked against the Web
Annotation Data Model (W3C Recommendation 2017): the structure a conforming reader relies on,
and that every selector picks out exactly the quoted words of the article."""
import json
import re

import jsonschema

from tests.exports.helpers import demo_with_history, signed_in
from webapp.services.demo import demo_text

ANNO = "http://www.w3.org/ns/anno.jsonld"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IRI = {"type": "string", "pattern": r"^https?://[^\s]+$"}
QUOTE = {"type": "object", "required": ["type", "exact"], "properties": {
    "type": {"const": "TextQuoteSelector"}, "exact": {"type": "string", "minLength": 1},
    "prefix": {"type": "string"}, "suffix": {"type": "string"}}}
POSITION = {"type": "object", "required": ["type", "start", "end"], "properties": {
    "type": {"const": "TextPositionSelector"},
    "start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0}}}
ANNOTATION = {
    "type": "object", "required": ["id", "type", "target", "body", "created", "modified", "creator"],
    "not": {"required": ["bodyValue"]},   # body and bodyValue never together (§3.2.5)
    "properties": {
        "id": IRI, "type": {"const": "Annotation"}, "motivation": {"type": "string"},
        "created": {"type": "string", "pattern": RFC3339.pattern},
        "modified": {"type": "string", "pattern": RFC3339.pattern},
        "creator": {"type": "object", "required": ["type"]},
        "body": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["type", "value"],
            "properties": {"type": {"const": "TextualBody"}, "value": {"type": "string"}}}},
        "target": {"type": "object", "required": ["source", "selector"], "properties": {
            "source": IRI, "selector": {"type": "array", "minItems": 2, "maxItems": 2,
                                        "prefixItems": [QUOTE, POSITION]}}}}}
COLLECTION = {
    "type": "object", "required": ["@context", "id", "type", "total", "first"],
    "properties": {
        "id": IRI, "type": {"const": "AnnotationCollection"}, "label": {"type": "string"},
        "total": {"type": "integer", "minimum": 0},
        "first": {"type": "object", "required": ["type", "items"], "properties": {
            "type": {"const": "AnnotationPage"}, "startIndex": {"const": 0},
            "items": {"type": "array", "items": ANNOTATION}}}}}


def _context_names_anno(context) -> bool:
    return context == ANNO or (isinstance(context, list) and context[0] == ANNO)


def test_demo_export_is_a_valid_annotation_collection(app, browser):
    project_id = demo_with_history(app)
    response = signed_in(browser).get(f"/projects/{project_id}/export/annotations.jsonld")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == \
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8'
    doc = json.loads(response.get_data(as_text=True))
    jsonschema.validate(doc, COLLECTION)
    assert _context_names_anno(doc["@context"])
    items = doc["first"]["items"]
    assert doc["total"] == len(items) == 6
    text = demo_text()
    for item in items:
        assert "@context" not in item   # inherited from the collection
        assert item["id"].startswith("http://localhost/projects/") and "/claims/" in item["id"]
        quote, position = item["target"]["selector"]
        start, end = position["start"], position["end"]
        assert quote["exact"] == text[start:end]
        assert text[:start].endswith(quote["prefix"]) and text[end:].startswith(quote["suffix"])
        assert text.count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1
        assert item["target"]["source"].startswith(f"http://localhost/projects/{project_id}/articles/")
    first = items[0]
    assessing = next(b for b in first["body"] if b["purpose"] == "assessing")
    assert (assessing["value"], assessing["claimtrail:rationale"]) == ("Unverifiable", "Only the fighter's word.")
    sourcing = next(b for b in first["body"] if b["purpose"] == "classifying")["claimtrail:sourcing"]
    assert sourcing["source_type"] == "combatant" and sourcing["admiralty_code"] == "F3"
    assert first["creator"]["nickname"] == "lena"
    assert "claimtrail:trail" not in first


def test_trail_is_carried_oldest_first_when_asked(app, browser):
    project_id = demo_with_history(app)
    browser = signed_in(browser)
    doc = json.loads(browser.get(f"/projects/{project_id}/export/annotations.jsonld?trail=1").data)
    trail = doc["first"]["items"][0]["claimtrail:trail"]
    assert [e["action"] for e in trail] == ["created", "chain_changed", "status_changed", "commented"]
    assert trail[1]["changes"]["chain"][1].startswith("Islamic Invitation Turkey (republished)")
    changed = trail[2]
    assert changed["actor"] == "lena" and changed["version"] == 3
    assert changed["changes"]["status"] == ["unconfirmed", "unverifiable"]
    assert changed["reason"] == "Looked for other reports." and RFC3339.match(changed["at"])
    lines = browser.get(f"/projects/{project_id}/export/claims.jsonl?trail=1").get_data(as_text=True)
    assert [e["action"] for e in json.loads(lines.splitlines()[0])["trail"]] == \
        ["created", "chain_changed", "status_changed", "commented"]
    plain = browser.get(f"/projects/{project_id}/export/claims.jsonl").get_data(as_text=True)
    assert "trail" not in json.loads(plain.splitlines()[0])


def test_trail_is_read_in_batches_not_per_claim(app, browser):
    from sqlalchemy import event
    from webapp.extensions import db
    from tests.exports.helpers import bulk_claims
    from webapp.models import User
    from sqlalchemy import select
    project_id = demo_with_history(app)
    with app.app_context():
        bulk_claims(project_id, db.session.scalar(select(User.id)), 300)
        engine = db.engine
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = signed_in(browser).get(f"/projects/{project_id}/export/annotations.jsonld?trail=1")
        assert len(json.loads(response.data)["first"]["items"]) == 306
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    from webapp.exports.rows import BATCH
    batches = -(-306 // BATCH)   # 306 claims in batches of BATCH
    assert sum("claim_events" in s for s in statements) == batches < 306 // 50
