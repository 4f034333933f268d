"""Shared set-up for the request-level security tests (SECURITY.md groups A–D).

``world`` builds two projects through the real services:

- project A ("Alpha") with a viewer, an annotator and a lead, an article (uploaded, so it has an
  original), a claim with an evidence link, a source, an extra member and a list value;
- project B ("Bravo") whose lead is the *outsider*: a member of B only;
- an instance admin who is a member of nothing.

Every piece of A's text carries a marker (``ALPHA-…``) so a test can check that nothing of A
reached someone who must not see it.
"""
import itertools
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select, text

from tests.conftest import Browser
from tests.factories import PASSWORD, add_member, make_project, make_user
from webapp.extensions import db
from webapp.models import ClaimEvent
from webapp.services import articles as article_service
from webapp.services import claims as claim_service
from webapp.services import lists as list_service
from webapp.services import sources as source_service

ROLES = ("anonymous", "outsider", "viewer", "annotator", "lead", "admin")
SIGNED_IN_ROLES = ROLES[1:]
USERNAMES = {"outsider": "oscar", "viewer": "vera", "annotator": "anna", "lead": "lena",
             "admin": "root"}
MISSING_ID = 987654
ARTICLE_TEXT = ("ALPHA-ARTICLE {n}: thus far, 26 ISIS militants have been killed near the dam, "
                "a fighter said on Thursday.")
QUOTE = "26 ISIS militants have been killed"
CSRF_VALUE = re.compile(r'(name="[\w-]*csrf_token"[^>]*value=")[^"]*(")')
CSRF_MESSAGE = "without a valid security token"
_counter = itertools.count(1)


@dataclass
class Objects:
    """One project's objects, by the name of the URL argument that carries their id."""

    project_id: int
    ids: dict[str, int] = field(default_factory=dict)


@dataclass
class World:
    app: object
    a: Objects
    b: Objects
    user_ids: dict[str, int]
    markers: tuple[str, ...] = ("ALPHA-",)


def new_article(project_id: int, actor, title_marker: str = "ALPHA"):
    """An uploaded .txt article (so it has an original to download); unique text each time."""
    n = next(_counter)
    data = ARTICLE_TEXT.format(n=n).replace("ALPHA", title_marker).encode()
    article = article_service.import_upload(
        project_id, actor, f"report-{n}.txt", data,
        article_service.Provenance(title=f"{title_marker}-TITLE {n}", site_name=f"{title_marker}-SITE"))
    db.session.flush()
    return article


def new_claim(article, actor, marker: str = "ALPHA"):
    start = article.text.index(QUOTE)
    claim = claim_service.create_claim(article, actor, start, start + len(QUOTE), QUOTE,
                                       {"statement": f"{marker}-STATEMENT", "status": "unreviewed"})
    claim_service.add_evidence(claim, actor, claim.version, stance="supports",
                               url=f"https://example.org/{marker.lower()}-evidence",
                               summary=f"{marker}-EVIDENCE")
    db.session.flush()
    return claim


def new_cluster(project_id: int, actor, marker: str = "ALPHA"):
    """A cluster of two reports, in two new articles."""
    from webapp.corroboration import clusters
    marker = f"{marker}-CLUSTER"   # its claims' statements differ from the world's own claim
    first, second = (new_claim(new_article(project_id, actor, marker), actor, marker) for _ in range(2))
    return clusters.link(first, second, actor)


def new_job(project_id: int, actor, marker: str = "ALPHA"):
    """A failed background job (so it can be run again) with a report naming the project."""
    from webapp.services import jobs as job_service
    job = job_service.create_job(project_id, actor, "walker", f"{marker}-JOB {next(_counter)}",
                                 input_data=f"{marker}-INPUT".encode(), input_name="rows.jsonl")
    job.status, job.message = "failed", f"{marker}-MESSAGE"
    job.report = {"summary": {"Imported": 0}, "refused": [{"where": "line 1", "reason": f"{marker}-REASON"}]}
    db.session.flush()
    return job


def new_capture(article, marker: str = "ALPHA"):
    """A fetch of the article kept as a WARC record (its proof of capture)."""
    from datetime import datetime, timezone

    from webapp.revisions.capture import store_capture
    from webapp.services.fetch import Exchange
    article.url = f"https://{marker.lower()}.example/story"
    exchange = Exchange(url=article.url, started_at=datetime.now(timezone.utc),
                        request_line="GET /story HTTP/1.1", request_headers=[("Host", "example")],
                        http_version="HTTP/1.1", status=200, reason="OK",
                        response_headers=[("Content-Type", "text/plain")], body=f"{marker}-WARC".encode())
    capture = store_capture(article, exchange, 1)
    db.session.flush()
    return capture


def new_suggestion(article, marker: str = "ALPHA"):
    """An open machine suggestion of the article's figure (written directly: see
    tests/suggestion_rows.py)."""
    from tests.suggestion_rows import make_suggestion
    return make_suggestion(article, QUOTE, kind="casualty_figure", attribution_text="a fighter said",
                           speaker=f"{marker}-SPEAKER")


def new_member(project, role: str = "annotator"):
    n = next(_counter)
    user = make_user(f"member{n}")
    return user, add_member(project, user, role)


def build_objects(project, actor, marker: str) -> Objects:
    article = new_article(project.id, actor, marker)
    claim = new_claim(article, actor, marker)
    source = source_service.create_source(project.id, actor, f"{marker}-SOURCE", notes=f"{marker}-NOTES")
    item = list_service.add_value(project.id, "kind", f"{marker}-VALUE")
    job = new_job(project.id, actor, marker)
    cluster = new_cluster(project.id, actor, marker)
    capture = new_capture(article, marker)
    suggestion = new_suggestion(article, marker)
    db.session.commit()
    user, membership = new_member(project)
    return Objects(project.id, {
        "article_id": article.id, "claim_id": claim.id, "link_id": claim.evidence_links[0].id,
        "evidence_id": claim.evidence_links[0].evidence_id,
        "source_id": source.id, "item_id": item.id, "membership_id": membership.id,
        "user_id": user.id, "job_id": job.id, "cluster_id": cluster.id,
        "capture_id": capture.id, "suggestion_id": suggestion.id})


@pytest.fixture
def world(app):
    with app.app_context():
        users = {role: make_user(name, admin=(role == "admin")) for role, name in USERNAMES.items()}
        alpha = make_project(users["lead"], "ALPHA-PROJECT")
        bravo = make_project(users["outsider"], "Bravo project")
        add_member(alpha, users["viewer"], "viewer")
        add_member(alpha, users["annotator"], "annotator")
        a = build_objects(alpha, users["lead"], "ALPHA")
        b = build_objects(bravo, users["outsider"], "BRAVO")
        return World(app, a, b, {role: u.id for role, u in users.items()})


class IdFiller:
    """Values for a rule's URL arguments, chosen by the argument's name.

    Objects are made fresh for each request (in project A unless told otherwise), so a request
    that removes a member or deactivates a user cannot change what the next request sees.
    """

    CONSTANTS = {"list_name": "kind", "fmt": "csv", "filename": "app.css", "figure": "status",
                 "number": 1}   # number: an article's revision (1, the first capture, always exists)

    def __init__(self, app, world: World):
        self.app, self.world = app, world

    def unknown(self, rules) -> set[str]:
        known = set(self.CONSTANTS) | {"project_id", "article_id", "claim_id", "link_id",
                                       "source_id", "item_id", "membership_id", "user_id",
                                       "evidence_id", "job_id", "cluster_id", "capture_id",
                                       "suggestion_id"}
        return {arg for rule in rules for arg in rule.arguments} - known

    def fresh(self, rule, project_id: int | None = None) -> dict:
        return self.make(rule.arguments, project_id)

    def make(self, args, project_id: int | None = None) -> dict:
        from webapp.models import Project, User
        args = set(args)
        values = {k: v for k, v in self.CONSTANTS.items() if k in args}
        project_id = project_id or self.world.a.project_id
        if "project_id" in args:
            values["project_id"] = project_id
        with self.app.app_context():
            project = db.session.get(Project, project_id)
            lead = db.session.get(User, self.world.user_ids["lead"]
                                  if project_id == self.world.a.project_id
                                  else self.world.user_ids["outsider"])
            marker = "ALPHA" if project_id == self.world.a.project_id else "BRAVO"
            if args & {"article_id", "claim_id", "link_id", "evidence_id", "capture_id", "suggestion_id"}:
                article = new_article(project_id, lead, marker)
                values["article_id"] = article.id
                if "capture_id" in args:
                    values["capture_id"] = new_capture(article, marker).id
                if "suggestion_id" in args:
                    values["suggestion_id"] = new_suggestion(article, marker).id
                if args & {"claim_id", "link_id", "evidence_id"}:
                    claim = new_claim(article, lead, marker)
                    values["claim_id"], values["link_id"] = claim.id, claim.evidence_links[0].id
                    values["evidence_id"] = claim.evidence_links[0].evidence_id
            if "source_id" in args:
                values["source_id"] = source_service.create_source(
                    project_id, lead, f"{marker}-SOURCE {next(_counter)}").id
            if "job_id" in args:
                values["job_id"] = new_job(project_id, lead, marker).id
            if "cluster_id" in args:
                values["cluster_id"] = new_cluster(project_id, lead, marker).id
            if "item_id" in args:
                values["item_id"] = list_service.add_value(project_id, "kind",
                                                           f"{marker}-VALUE {next(_counter)}").id
            db.session.commit()
            if args & {"membership_id", "user_id"}:
                user, membership = new_member(project)
                values["membership_id"], values["user_id"] = membership.id, user.id
        return {k: v for k, v in values.items() if k in args}

    def existing(self, rule, objects: Objects, project_id: int | None = None) -> dict:
        values = {k: v for k, v in self.CONSTANTS.items() if k in rule.arguments}
        values.update({k: v for k, v in objects.ids.items() if k in rule.arguments})
        if "project_id" in rule.arguments:
            values["project_id"] = project_id or objects.project_id
        return values

    def missing(self, rule) -> dict:
        values = {k: v for k, v in self.CONSTANTS.items() if k in rule.arguments}
        values.update({k: MISSING_ID for k in rule.arguments if k not in values})
        return values


def url_for_rule(app, rule, values: dict) -> str:
    with app.test_request_context():
        return app.url_for(rule.endpoint, **values)


def walkable_methods(rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def login(app, role: str) -> Browser:
    browser = Browser(app.test_client())
    if role != "anonymous":
        response = browser.login(USERNAMES[role], PASSWORD)
        assert response.status_code == 302, f"{role} could not sign in"
    return browser


def token_of(browser: Browser) -> str:
    return browser.token("/login")


def is_login_redirect(response) -> bool:
    """The answer login_required gives to an anonymous visitor: to /login, naming the page."""
    if response.status_code not in (302, 303) or "Location" not in response.headers:
        return False
    location = urlsplit(response.headers["Location"])
    return location.path == "/login" and "next=" in location.query


def strip_tokens(html: str) -> str:
    return CSRF_VALUE.sub(r"\1…\2", html)


def snapshot(app) -> dict:
    """Every row of every table, for "nothing was written" checks."""
    with app.app_context():
        state = {}
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(text(f"SELECT * FROM {table.name}")).all()
            state[table.name] = sorted(repr(tuple(row)) for row in rows)
        db.session.rollback()
        return state


def diff(before: dict, after: dict) -> dict:
    changed = {}
    for table in before:
        gone = set(before[table]) - set(after[table])
        new = set(after[table]) - set(before[table])
        if gone or new:
            changed[table] = {"removed": sorted(gone)[:3], "added": sorted(new)[:3]}
    return changed


def event_count(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(ClaimEvent.id)).all())


def body(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def security_log(app, caplog):
    """caplog at INFO for the app's loggers.

    The migrations' ``env.py`` calls ``logging.config.fileConfig`` with its default
    ``disable_existing_loggers=True``, so after the test session migrated a database in-process
    the ``claimtrail.*`` loggers are disabled. Switch them back on for the test.
    """
    import logging
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if name.startswith("claimtrail") and isinstance(logger, logging.Logger):
            logger.disabled = False
    caplog.set_level(logging.INFO)
    return caplog
