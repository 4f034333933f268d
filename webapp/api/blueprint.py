"""The API's blueprint and the shapes of its URLs; the route modules register on it. Kept apart
from the package's ``__init__`` so that the route modules never import the package that
imports them."""
from flask import Blueprint, request

from .. import database
from . import errors

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Ids in URLs: at most what a 32-bit integer column holds (a larger one is 404, never a 500).
ID = "int(max=2147483647)"
PROJECT = f"/projects/<{ID}:project_id>"
ARTICLE = f"{PROJECT}/articles/<{ID}:article_id>"
errors.register(bp)


@bp.before_request
def _reads_first():
    """Views read and check in read transactions, and write in short ``database.writing``
    blocks: on SQLite the write lock is held for the write alone."""
    database.reads_first()


@bp.teardown_request
def _end(_exc):
    database.end_request()


@bp.after_request
def _api_headers(response):
    if request.method == "OPTIONS" and not response.get_data():
        # Flask's automatic answer: only its Allow header matters (no HTML type on an empty body).
        response.status_code = 204
        response.headers.pop("Content-Type", None)
    response.headers.setdefault("Content-Disposition", errors.ATTACHMENT)
    return response
