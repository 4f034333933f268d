"""JSON errors for the API: every refusal on an ``/api/`` path is ``application/problem+json``
(RFC 9457) with ``title``, ``status`` and a ``detail`` saying what to change — never an HTML page.

Errors raised inside an API view are handled by the blueprint; those Werkzeug raises before any
view is chosen (an unknown ``/api/`` address, a method the address does not take) are caught by
the app-wide handler, which ``install`` wraps for ``/api/`` paths only.
"""
import logging
import secrets
from http import HTTPStatus

from flask import current_app, json, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from ..errors import _safe
from ..extensions import db
from ..services.errors import DomainError, EditConflict, Invalid
from .limits import max_body_bytes

PREFIX = "/api/"
ATTACHMENT = 'attachment; filename="api.json"'   # ASVS 14.4.2: downloaded, never rendered
PROBLEM_TYPE = "application/problem+json; charset=utf-8"
log = logging.getLogger("claimtrail.api")

DETAILS = {
    400: "The request could not be understood, and nothing was saved.",
    401: "Send a working personal API token: Authorization: Bearer <token>.",
    403: "Your role in this project does not allow this.",
    404: "There is nothing here — or you do not have access to it.",
    405: "This address does not accept that method.",
    406: "This address answers with JSON only.",
    409: "This conflicts with what is already stored; nothing was saved.",
    410: "This annotation was deleted.",
    412: "The annotation changed since you read it (its ETag differs); nothing was saved.",
    413: "The request body is too large (the limit is {limit} bytes); nothing was saved.",
    414: "The address is too long (the limit is {url_limit} bytes of path and query); nothing "
         "was done. Send long data in the request body instead.",
    415: "Send the body as application/ld+json or application/json.",
    422: "The annotation was understood but cannot be saved as it is; nothing was saved.",
    428: "Send If-Match with the annotation's ETag (from GET), so no update is lost.",
    500: "Something went wrong on our side, and nothing was saved.",
    503: "The database is busy; nothing was saved. Please try again in a moment.",
}
# Headers of a Werkzeug exception that the JSON answer keeps.
KEPT_HEADERS = ("Allow", "Retry-After")


class ApiError(HTTPException):
    """A refusal with its status, a detail for people, and optional extra members."""

    def __init__(self, status: int, detail: str, headers: dict | None = None, **extra):
        super().__init__(detail)
        self.code, self.extra, self.extra_headers = status, extra, headers or {}


def problem(status: int, detail: str | None = None, headers: dict | None = None, **extra):
    text = detail or DETAILS.get(status, "The request was refused.").format(
        limit=max_body_bytes(), url_limit=current_app.config["MAX_URL_BYTES"])
    body = {"type": "about:blank", "title": _title(status), "status": status, "detail": text,
            **extra}
    # ASCII escapes: a detail may quote input holding an unpaired surrogate, and must still encode.
    response = current_app.response_class(json.dumps(body, ensure_ascii=True), status=status,
                                          content_type=PROBLEM_TYPE)
    response.headers.update(headers or {})
    response.headers["Content-Disposition"] = ATTACHMENT
    if status == 401:
        realm = 'Bearer realm="claimtrail"'
        if request.headers.get("Authorization"):
            realm += ', error="invalid_token"'
        response.headers["WWW-Authenticate"] = realm
    return response


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _http(exc: HTTPException):
    db.session.rollback()
    if isinstance(exc, ApiError):
        return problem(exc.code, exc.description, exc.extra_headers, **exc.extra)
    headers = {k: v for k, v in exc.get_headers() if k in KEPT_HEADERS}
    if exc.code == 405 and getattr(exc, "valid_methods", None):
        headers["Allow"] = ", ".join(exc.valid_methods)
    status = exc.code or 500
    detail = None
    if status == 401 or (status == 400 and exc.description and "CSRF" not in exc.description
                         and exc.description != type(exc).description):
        detail = exc.description
    return problem(status, detail, headers)


def _domain(exc: DomainError):
    db.session.rollback()
    if isinstance(exc, Invalid):
        return problem(422, exc.message, errors=exc.reasons)
    if isinstance(exc, EditConflict):
        return problem(412, exc.message)
    return problem(exc.status, exc.message)


def _unexpected(exc: Exception):
    db.session.rollback()
    if isinstance(exc, OperationalError) and any(
            word in str(exc.orig).lower() for word in ("locked", "busy")):
        return problem(503, headers={"Retry-After": "5"})
    error_id = secrets.token_hex(6)
    log.exception("unhandled error_id=%s route=%s", error_id, _safe(request.path))
    return problem(500, DETAILS[500] + f" If it happens again, quote this error id: {error_id}.",
                   error_id=error_id)


def register(bp) -> None:
    """Handlers for errors raised inside API views (once, when the package is imported)."""
    bp.register_error_handler(HTTPException, _http)
    bp.register_error_handler(DomainError, _domain)
    bp.register_error_handler(Exception, _unexpected)


def install(app) -> None:
    """Errors raised before a view is chosen (unknown /api/ address, wrong method) on /api/
    paths get the JSON answer too; everywhere else the HTML page of ``webapp.errors``."""
    html_handler = app.error_handler_spec[None][None].get(HTTPException)

    def _routing(exc: HTTPException):
        if request.path.startswith(PREFIX) or html_handler is None:
            return _http(exc)
        return html_handler(exc)

    app.register_error_handler(HTTPException, _routing)
