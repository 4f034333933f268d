"""Error pages: a clear message, an error id for the log, never a traceback."""
import logging
import secrets

from flask import render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from .extensions import db
from .services.errors import DomainError

log = logging.getLogger("claimtrail.errors")

MESSAGES = {
    400: "The request could not be understood, and nothing was saved.",
    403: "Your role in this project does not allow this.",
    404: "There is nothing here — or you do not have access to it.",
    405: "This address does not accept that kind of request.",
    409: "This conflicts with what is already stored; nothing was saved.",
    413: "What you sent is too large (the limit is {limit}). Nothing was saved.",
    414: "This address is too long for this server; nothing was done. Go back and try a "
         "shorter search or filter.",
    429: "Too many attempts. Please wait and try again.",
    503: "The database is busy; nothing was saved. Please try again in a moment.",
}


def render_error(status: int, message: str | None = None, error_id: str | None = None):
    from flask import current_app
    limit = f"{current_app.config['MAX_CONTENT_LENGTH'] // (1024 * 1024)} MB"
    text = message or MESSAGES.get(status, "Something went wrong.").format(limit=limit)
    return render_template("errors/error.html", status=status, message=text,
                           error_id=error_id), status


def init_app(app) -> None:
    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        db.session.rollback()
        message = None
        if exc.code == 400 and exc.description and "CSRF" in str(exc.description):
            message = ("This form was sent without a valid security token (it may have expired). "
                       "Nothing was saved: reload the page and try again.")
            log.warning("csrf_failure route=%s", _safe(request.path))
        body, status = render_error(exc.code or 500, message)
        headers = {}
        if status == 405 and getattr(exc, "valid_methods", None):
            headers["Allow"] = ", ".join(exc.valid_methods)   # RFC 9110: a 405 names them
        return body, status, headers

    @app.errorhandler(DomainError)
    def _domain(exc: DomainError):
        db.session.rollback()
        return render_error(exc.status, exc.message)

    @app.errorhandler(OperationalError)
    def _operational(exc: OperationalError):
        db.session.rollback()
        if "locked" in str(exc.orig).lower() or "busy" in str(exc.orig).lower():
            # The page must not touch the busy database again (loading the signed-in user
            # would): render it as for an anonymous visitor.
            from flask import g
            from .extensions import login_manager
            g._login_user = login_manager.anonymous_user()
            body, status = render_error(503)
            return body, status, {"Retry-After": "5"}
        return _unexpected(exc)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        db.session.rollback()
        error_id = secrets.token_hex(6)
        log.exception("unhandled error_id=%s route=%s", error_id, _safe(request.path))
        return render_error(500, "Something went wrong on our side, and nothing was saved. "
                                 "If it happens again, quote this error id.", error_id)


def _safe(value) -> str:
    """Encode user-chosen text for a log line: CR, LF, every other control or line-separator
    character (U+0085, U+2028, …) and the backslash itself are escaped, so no value can forge
    or split a line, and an escaped value cannot be confused with typed backslashes."""
    out = []
    for ch in str(value):
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\n":
            out.append("\\n")
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
    return "".join(out)
