"""Over-long addresses are refused by the app itself: 414, as JSON under ``/api/`` and as the
error page elsewhere, before any other work on the request (CSRF, sign-in, the database).

gunicorn is started with ``--limit-request-line 8190`` (its maximum), above the app's own
``MAX_URL_BYTES``, so that it hands such requests on and the app answers them in its own
format instead of gunicorn's HTML page; only a request line over 8190 bytes is still refused
by gunicorn before the app sees it.
"""
from urllib.parse import quote

from flask import current_app, request
from werkzeug.exceptions import RequestURITooLarge


def url_bytes(environ: dict) -> int:
    """The length of the request target as the client sent it (path and query)."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw is None:   # a server that does not pass the raw target on
        query = environ.get("QUERY_STRING", "")
        raw = quote(environ.get("PATH_INFO", "")) + ("?" + query if query else "")
    return len(raw)   # WSGI strings hold one byte per character


def _refuse_long_urls() -> None:
    if url_bytes(request.environ) > current_app.config["MAX_URL_BYTES"]:
        raise RequestURITooLarge()   # the error handlers word it (webapp.errors, webapp.api.errors)


def init_app(app) -> None:
    """Check first: before the other before-request functions (CSRF's among them)."""
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_long_urls)
