"""T36 and the annotation checks: every bad request gets a clear JSON 4xx and writes nothing."""
import json

import pytest

from tests.security.conftest import diff, snapshot

from .conftest import QUOTE, TEXT, new_annotation, problem

GOOD = new_annotation(TEXT, "a fighter said")
GOOD_TEXT = json.dumps(GOOD)
START = TEXT.index("a fighter said")


def with_(**changes) -> str:
    return json.dumps({**GOOD, **changes})


def selectors(*items) -> str:
    return with_(target={"selector": list(items)})


def nested(depth: int) -> str:
    return GOOD_TEXT[:-1] + ', "via": ' + "[" * depth + "]" * depth + "}"


# (name, body, content type, expected status, words the message must contain)
CASES = [
    ("truncated JSON", GOOD_TEXT[:40], None, 400, "not valid JSON"),
    ("not JSON at all", "type=Annotation", None, 400, "not valid JSON"),
    ("empty body", "", None, 400, "empty"),
    ("duplicate keys", GOOD_TEXT[:-1] + ', "type": "Annotation"}', None, 400, "twice"),
    ("1e309", selectors({"type": "TextPositionSelector", "start": 0, "end": 5}).replace(
        '"start": 0', '"start": 1e309'), None, 400, "too large"),
    ("NaN", GOOD_TEXT[:-1] + ', "claimtrail:version": NaN}', None, 400, "NaN"),
    ("a 5000-digit integer", GOOD_TEXT[:-1] + ', "claimtrail:version": ' + "9" * 5000 + "}",
     None, 400, "too large"),
    ("10 000 levels of nesting", "[" * 10000 + "]" * 10000, None, 400, "nested too deeply"),
    ("10 000 levels inside the annotation", nested(10000), None, 400, "nested too deeply"),
    ("40 levels inside the annotation", nested(40), None, 400, "nested too deeply"),
    ("invalid UTF-8", b'{"type": "Annotation", "bodyValue": "\xff\xfe"}', None, 400, "UTF-8"),
    ("a JSON array", "[]", None, 422, "one JSON object"),
    ("unknown top-level fields", with_(secret="x", role="lead"), None, 422, "role, secret"),
    ("null type", with_(type=None), None, 422, "'type' is required"),
    ("null target", with_(target=None), None, 422, "'target' is required"),
    ("missing target", json.dumps({"type": "Annotation"}), None, 422, "'target' is required"),
    ("null optional field", with_(bodyValue=None, body=None) , None, 422, "null"),
    ("not an annotation", with_(type="Note"), None, 422, "Annotation"),
    ("body and bodyValue", with_(bodyValue="x"), None, 422, "not both"),
    ("target is a string", with_(target="http://example.org/"), None, 422, "target"),
    ("several targets", with_(target=[GOOD["target"], GOOD["target"]]), None, 422, "several targets"),
    ("quote not in the text", selectors({"type": "TextQuoteSelector", "exact": "not in the article"}),
     None, 422, "do not occur"),
    ("quote twice, no position", json.dumps({**GOOD, "target": {"selector": [
        {"type": "TextQuoteSelector", "exact": " a "}]}}), None, 422, "times"),
    ("position outside the text", selectors({"type": "TextPositionSelector", "start": 5,
                                             "end": 5000}), None, 422, "outside"),
    ("quote does not match the offsets", selectors(     # nor occurs anywhere (issue 10: else it anchors)
        {"type": "TextQuoteSelector", "exact": "a fighter sang"},
        {"type": "TextPositionSelector", "start": START + 1, "end": START + 15}),
     None, 422, "the text there reads"),
    ("offsets are strings", selectors({"type": "TextPositionSelector", "start": "1", "end": "4"}),
     None, 422, "integers"),
    ("target of another article", with_(target={**GOOD["target"], "source": "http://evil.example/x"}),
     None, 422, "not this article"),
    ("a kind the project does not have", with_(body=[{"type": "TextualBody", "purpose": "tagging",
                                                      "value": "x", "claimtrail:code": "nope"}]),
     None, 422, "list"),
    ("a status that does not exist", with_(body=[{"type": "TextualBody", "purpose": "assessing",
                                                  "value": "x", "claimtrail:status": "great"}]),
     None, 422, "status"),
    ("hedging over 500 characters", with_(body=[{"type": "TextualBody", "purpose": "classifying",
                                                 "value": "x", "claimtrail:sourcing": {"hedging": "h" * 501}}]),
     None, 422, "500"),
    ("a NUL in the statement", with_(bodyValue="a\u0000b", body=None).replace(', "body": null', ""),
     None, 422, "NUL"),
    ("an unpaired surrogate", GOOD_TEXT[:-1].replace('"A claim."', '"\\ud800"') + "}", None, 422,
     "surrogate"),
    ("text/plain", GOOD_TEXT, "text/plain", 415, "application/ld+json"),
    ("a form", "type=Annotation", "application/x-www-form-urlencoded", 415, "application/ld+json"),
    ("no Content-Type", GOOD_TEXT, "", 415, "no Content-Type"),
    ("JSON in Latin-1", GOOD_TEXT, "application/json; charset=latin-1", 415, "UTF-8"),
]


@pytest.fixture
def warm(api, team):
    """One request first, so the token's "last used" is noted before the snapshot."""
    assert api.get("/api/v1/projects").status_code == 200


@pytest.mark.parametrize("name, data, ctype, status, words", CASES, ids=[c[0] for c in CASES])
def test_bad_post_is_a_clear_json_4xx_and_writes_nothing(app, api, team, warm, name, data, ctype,
                                                         status, words):
    before = snapshot(app)
    content_type = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"' \
        if ctype is None else ctype
    response = api.open("POST", team.container, data=data, content_type=content_type)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert words in problem(response)["detail"]
    assert diff(before, snapshot(app)) == {}


@pytest.mark.parametrize("name, data, ctype, status, words",
                         [c for c in CASES if c[3] in (400, 415)] + [CASES[12], CASES[24]],
                         ids=[c[0] for c in CASES if c[3] in (400, 415)] + [CASES[12][0], CASES[24][0]])
def test_bad_put_is_refused_and_writes_nothing(app, api, team, warm, name, data, ctype, status,
                                               words):
    etag = api.get(team.annotation()).headers["ETag"]
    before = snapshot(app)
    content_type = "application/ld+json" if ctype is None else ctype
    response = api.open("PUT", team.annotation(), data=data, content_type=content_type,
                        headers={"If-Match": etag})
    assert response.status_code == status
    assert words in problem(response)["detail"]
    assert diff(before, snapshot(app)) == {}


def test_unknown_fields_are_named_in_the_answer(api, team):
    body = problem(api.post(team.container, {**GOOD, "zeta": 1, "alpha": 2}))
    assert body["unknown_fields"] == ["alpha", "zeta"]


def test_the_claimtrail_extension_fields_are_allowed(api, team):
    got = api.get(team.annotation())
    doc = got.get_json(force=True)
    assert "claimtrail:version" in doc
    response = api.put(team.annotation(), doc, headers={"If-Match": got.headers["ETag"]})
    assert response.status_code == 200
    assert response.headers["ETag"] == got.headers["ETag"]   # nothing changed, no new version


def test_a_put_cannot_move_the_span(api, team):
    got = api.get(team.annotation())
    doc = got.get_json(force=True)
    doc["target"]["selector"] = new_annotation(TEXT, "a fighter said")["target"]["selector"]
    response = api.put(team.annotation(), doc, headers={"If-Match": got.headers["ETag"]})
    assert "cannot change" in problem(response)["detail"] and response.status_code == 422


def test_50_mb_body_is_413(app, api, team, warm):
    before = snapshot(app)
    data = GOOD_TEXT[:-1] + ', "bodyValue": "' + "x" * (50 * 1024 * 1024) + '"}'
    response = api.open("POST", team.container, data=data, content_type="application/json")
    assert response.status_code == 413 and "too large" in problem(response)["detail"]
    assert diff(before, snapshot(app)) == {}


@pytest.mark.parametrize("method, path", [
    ("PATCH", "annotation"), ("POST", "annotation"), ("PUT", "container"), ("DELETE", "container"),
    ("PATCH", "container"), ("POST", "article"), ("DELETE", "projects")])
def test_unsupported_method_is_405_json_with_allow(api, team, method, path):
    url = {"annotation": team.annotation(), "container": team.container,
           "article": team.article_url(), "projects": "/api/v1/projects"}[path]
    response = api.open(method, url, data=GOOD_TEXT, content_type="application/json")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    problem(response)


def test_unknown_api_address_is_json_404(api):
    for url in ("/api/v1/nothing", "/api/v2/projects", "/api/v1/projects/abc"):
        response = api.get(url, role=None)
        assert response.status_code == 404
        problem(response)
        assert "<html" not in response.get_data(as_text=True).lower()


def test_an_unexpected_error_is_json_500_without_traceback(app, api, team, monkeypatch):
    from webapp.api import projects as api_projects

    def broken(*_args):
        raise RuntimeError("secret internals")
    monkeypatch.setattr(api_projects.article_pages, "count_articles", broken)
    response = api.get("/api/v1/projects")
    assert response.status_code == 500
    body = problem(response)
    assert "secret internals" not in response.get_data(as_text=True) and body["error_id"]


def test_quote_mismatch_message_describes_the_text_there(api, team):
    response = api.post(team.container, json.loads(CASES[24][1]))
    detail = problem(response)["detail"]
    assert f"{START + 1}–{START + 15}" in detail and "fighter said." in detail
    assert QUOTE  # the team's claim is untouched (checked by the snapshot tests above)


def test_a_put_cannot_change_the_id(api, team):
    got = api.get(team.annotation())
    doc = dict(got.get_json(force=True), id="http://localhost/api/v1/elsewhere/1")
    response = api.put(team.annotation(), doc, headers={"If-Match": got.headers["ETag"]})
    assert response.status_code == 422 and "id cannot change" in problem(response)["detail"]


def test_a_put_with_an_id_that_is_no_iri_is_422(api, team):
    got = api.get(team.annotation())
    doc = dict(got.get_json(force=True), id="http://[::1")
    response = api.put(team.annotation(), doc, headers={"If-Match": got.headers["ETag"]})
    assert response.status_code == 422
