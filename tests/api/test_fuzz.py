"""T35: fuzz every operation of the served OpenAPI description with schemathesis (positive and
negative examples), with a valid token and with none. No answer may be a 5xx; every error is
JSON with a message; every status, header and Content-Type is the one the description lists.

Random ids would only ever meet 404, so half of the examples are steered to objects that exist
(the team's project, article and claims; for PUT, sometimes with the claim's current ETag and a
target that anchors; some of those confirm the claim with new evidence and an item the project
has), so the fuzz reaches the writes, evidence included.

``FUZZ_EXAMPLES`` sets the random examples per operation (default 50; CI's figure is 200), on
top of schemathesis's coverage phase, which sends every boundary and negative case the
description defines (hundreds for the writes). The fuzz runs on SQLite by default and on
PostgreSQL too with ``FUZZ_POSTGRES=1``.
"""
import itertools
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (content_type_conformance, not_a_server_error,
                                 response_headers_conformance, response_schema_conformance,
                                 status_code_conformance)

from tests.factories import make_claim
from webapp.extensions import db
from webapp.models import Article
from webapp.services import claims as claim_service

from webapp.api.openapi import SPEC

from tests.conftest import database_for

from .conftest import QUOTE, TEXT

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
ON_POSTGRES = os.environ.get("FUZZ_POSTGRES") == "1"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
_counter = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"] if ON_POSTGRES else ["sqlite"])
def db_url(request, tmp_path):
    """The fuzz's databases: SQLite, and PostgreSQL with FUZZ_POSTGRES=1 (as CI runs it)."""
    return database_for(request, request.param, tmp_path)


# Loaded from the data the app serves (test_the_served_description_is_this_one checks they
# are the same): schemathesis's lazy fixture loader does not run under pytest 9.
schema = schemathesis.openapi.from_dict(SPEC)
schema.config.generation.update(max_examples=EXAMPLES)


def test_the_served_description_is_this_one(app):
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.get_json() == SPEC
    assert response.get_json()["openapi"].startswith("3.1")


def _fresh_claim(app, team) -> int:
    with app.app_context():
        article = db.session.get(Article, team.article_id)
        return make_claim(article, article.imported_by, QUOTE).id


def _steer(case, app, team, n: int) -> None:
    """Point half of the cases at objects that exist, and give some writes what they need."""
    if n % 2:
        return
    params = case.path_parameters or {}
    ids = {"project_id": team.project_id, "article_id": team.article_id}
    if "claim_id" in params:
        ids["claim_id"] = _fresh_claim(app, team) if case.method == "DELETE" else team.claim_id
    case.path_parameters = {**params, **{k: v for k, v in ids.items() if k in params}}
    if case.method in ("PUT", "DELETE") and n % 4 == 0 and "claim_id" in case.path_parameters:
        url = f"/api/v1/projects/{team.project_id}/articles/{team.article_id}/annotations/" \
              f"{case.path_parameters['claim_id']}"
        etag = app.test_client().get(url, headers=_auth(team)).headers.get("ETag")
        case.headers = {**(case.headers or {}), "If-Match": etag or '"none"'}
    if case.method in ("POST", "PUT") and isinstance(case.body, dict) and n % 4 == 0:
        start = TEXT.index(QUOTE)
        case.body["target"] = {"selector": [
            {"type": "TextPositionSelector", "start": start, "end": start + len(QUOTE)}]}
        if n % 8 == 0:
            _confirm_with_evidence(case.body, _project_evidence(app, team))


def _project_evidence(app, team) -> int:
    """An evidence item of another claim of the team's project (made once per test), for the
    fuzz to link."""
    if getattr(team, "evidence_id", None) is None:
        with app.app_context():
            article = db.session.get(Article, team.article_id)
            claim = make_claim(article, article.imported_by, "a fighter said")
            event = claim_service.add_evidence(claim, article.imported_by, claim.version,
                                               stance="supports", reference="Fuzz: a report")
            db.session.commit()
            team.evidence_id = event.changes["evidence"][1]["id"]
    return team.evidence_id


def _confirm_with_evidence(body: dict, evidence_id: int) -> None:
    body.pop("bodyValue", None)
    body["body"] = [{"type": "TextualBody", "purpose": "assessing", "value": "Confirmed",
                     "claimtrail:status": "confirmed", "claimtrail:rationale": "Fuzzed.",
                     "claimtrail:evidence": [
                         {"stance": "supports", "url": "https://example.org/fuzz"},
                         {"stance": "supports", "evidence_id": evidence_id}]}]


def _auth(team) -> dict:
    return {"Authorization": f"Bearer {team.tokens['lead']}"}


def _check_error_body(response, where: str) -> None:
    if response.status_code < 400:
        return
    ctype = (response.headers.get("content-type") or [""])[0]   # schemathesis: lists, lower case
    assert ctype.startswith("application/problem+json") and "charset=utf-8" in ctype, where
    body = response.json()
    assert isinstance(body.get("detail"), str) and body["detail"].strip(), where
    assert body.get("status") == response.status_code, where


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_described(case, db_url, app, team):
    _steer(case, app, team, next(_counter))
    headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
    case.headers = headers
    where = f"{case.method} {case.formatted_path}"
    response = case.call(app=app, headers=_auth(team))
    case.validate_response(response, checks=CHECKS, transport_kwargs={"app": app})
    _check_error_body(response, where + " with a token")
    anonymous = case.call(app=app, headers={"Authorization": ""})
    case.validate_response(anonymous, checks=CHECKS, transport_kwargs={"app": app})
    _check_error_body(anonymous, where + " without a token")
    if case.operation.path != "/openapi.json" and case.method != "OPTIONS":
        # Only an address or method that does not exist may answer before the token is checked.
        assert anonymous.status_code in (401, 404, 405), where
        if response.status_code < 300:
            assert anonymous.status_code == 401, where
