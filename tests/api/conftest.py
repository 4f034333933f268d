"""Fixtures for the API tests: a team with personal tokens, and a JSON client that sends them.

``team``: project A ("Raqqa") with a lead, an annotator and a viewer, an article and one claim;
project B whose lead is the outsider, with its own article; an instance admin. Every one of
them has a working token, made through the token service.
"""
import json
from dataclasses import dataclass, field

import pytest

from tests.factories import add_member, make_article, make_claim, make_project, make_user
from webapp.extensions import db
from webapp.services import tokens as token_service

LD = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
TEXT = ("Thus far, 26 ISIS militants have been killed and dozens more injured, a fighter said. "
        "The SDF took the village of Hamrat on Thursday, according to a local activist.")
QUOTE = "26 ISIS militants have been killed"


@dataclass
class Team:
    project_id: int
    article_id: int
    claim_id: int
    other_project_id: int
    other_article_id: int
    tokens: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, int] = field(default_factory=dict)

    def article_url(self, project_id=None, article_id=None) -> str:
        return (f"/api/v1/projects/{project_id or self.project_id}/articles/"
                f"{article_id or self.article_id}")

    @property
    def container(self) -> str:
        return self.article_url() + "/annotations/"

    def annotation(self, claim_id=None) -> str:
        return self.container + str(claim_id or self.claim_id)


def make_token(user, name="script") -> str:
    _token, raw = token_service.create_token(user, name)
    db.session.commit()
    return raw


@pytest.fixture
def team(app) -> Team:
    with app.app_context():
        people = {"lead": make_user("lena"), "annotator": make_user("anna"),
                  "viewer": make_user("vera"), "outsider": make_user("oscar"),
                  "admin": make_user("root", admin=True)}
        project = make_project(people["lead"], "Raqqa")
        add_member(project, people["annotator"], "annotator")
        add_member(project, people["viewer"], "viewer")
        article = make_article(project, people["lead"], TEXT)
        claim = make_claim(article, people["lead"], QUOTE, statement="26 militants were killed.")
        other = make_project(people["outsider"], "Bravo")
        other_article = make_article(other, people["outsider"], "BRAVO text: the dam was hit.")
        return Team(project.id, article.id, claim.id, other.id, other_article.id,
                    tokens={role: make_token(user) for role, user in people.items()},
                    user_ids={role: user.id for role, user in people.items()})


class ApiClient:
    """A test client speaking JSON with a bearer token (``role``'s, or none)."""

    def __init__(self, client, team: Team):
        self.client, self.team = client, team

    def open(self, method, url, role="lead", doc=None, data=None, content_type=LD, headers=None):
        headers = dict(headers or {})
        if role is not None:
            headers.setdefault("Authorization", f"Bearer {self.team.tokens[role]}")
        if doc is not None:
            data = json.dumps(doc, ensure_ascii=False)
        if data is not None and content_type:
            headers["Content-Type"] = content_type
        return self.client.open(url, method=method, data=data, headers=headers)

    def get(self, url, role="lead", **kw):
        return self.open("GET", url, role, **kw)

    def post(self, url, doc=None, role="lead", **kw):
        return self.open("POST", url, role, doc, **kw)

    def put(self, url, doc=None, role="lead", **kw):
        return self.open("PUT", url, role, doc, **kw)

    def delete(self, url, role="lead", **kw):
        return self.open("DELETE", url, role, **kw)


@pytest.fixture
def api(app, team) -> ApiClient:
    return ApiClient(app.test_client(), team)


def new_annotation(text: str, quote: str, statement: str = "A claim.", occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
        "motivation": "assessing",
        "body": [{"type": "TextualBody", "purpose": "describing", "value": statement}],
        "target": {"type": "Text", "selector": [
            {"type": "TextQuoteSelector", "exact": quote},
            {"type": "TextPositionSelector", "start": start, "end": start + len(quote)}]}}


def problem(response) -> dict:
    """The JSON error body, after checking it is one."""
    assert response.headers["Content-Type"].startswith("application/problem+json"), \
        response.get_data(as_text=True)[:300]
    body = response.get_json(force=True)
    assert body["status"] == response.status_code and body["detail"].strip()
    return body
