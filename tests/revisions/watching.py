"""Helpers for the watching tests: a project whose article came from a local page."""
from tests.factories import add_member, make_project, make_user
from tests.fetch.conftest import ALLOWED_HOST, page_html, reply
from webapp.extensions import db
from webapp.services import url_imports
from webapp.services.fetch import fetch_page

FIRST = "Thus far 26 ISIS militants have been killed near the dam"
SECOND = "Thus far 23 ISIS militants have been killed near the dam"


def page(words: str = FIRST):
    return reply(body=page_html(words))


def import_from(url: str, project, user):
    """An article imported from ``url`` as the import-by-URL job does (same fetcher)."""
    article = url_imports.import_page(project.id, user, fetch_page(url), {})
    db.session.commit()
    return article


def world(app, server, path: str = "/story"):
    """A lead, an assignee, an unrelated annotator and a viewer; one article from the page."""
    app.config["FETCH_ALLOWED_NETWORKS"] = (ALLOWED_HOST,)
    lena = make_user("lena")
    project = make_project(lena)
    for name, role in (("anna", "annotator"), ("otto", "annotator"), ("vera", "viewer")):
        add_member(project, make_user(name), role)
    article = import_from(server.url(path), project, lena)
    return project, lena, article
