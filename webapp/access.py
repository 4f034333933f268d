"""Who may see and do what: sign-in, project roles, and the permission table.

Every view declares its rule with one of the decorators below; the rule is recorded on the
view function itself (and listed in ``PERMISSIONS`` for reading) so that a test can check that every route of
the app has one, and a route without a declared rule is refused at request time (fail closed).
Project objects are looked up inside the project from the URL, and anyone outside the project
gets 404 — the same answer as for an id or a project that does not exist.

A project view may ask for a higher role for writes than for reads:
``project_role("viewer", write="annotator")`` lets viewers see the page and refuses their POSTs
with 403 before the view runs, whatever the form holds.

The JSON API (``webapp.api``) authenticates with a personal token only (``Authorization:
Bearer …``), never with the session cookie: ``api_signed_in`` and ``api_project_role`` declare
rules prefixed ``api:`` and answer 401 to a request without a working token.
"""
import functools
import logging
from datetime import datetime, timezone

from flask import abort, current_app, flash, g, redirect, request, session
from flask_login import current_user, login_required, login_url

from .extensions import db, login_manager
from .services import projects as project_service
from .services import users as user_service

PERMISSIONS: dict[str, str] = {}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITE_SEPARATOR = "; writes: "
_ATTRIBUTE = "__access_rule__"
log = logging.getLogger("claimtrail.security")


def _declare(view, rule: str) -> None:
    PERMISSIONS[f"{view.__module__}.{view.__qualname__}"] = rule
    setattr(view, _ATTRIBUTE, rule)


def public(view):
    """Open to anyone (sign-in page, static files)."""
    _declare(view, "public")
    return view


def signed_in(view):
    _declare(view, "signed_in")
    return login_required(view)


def admin_required(view):
    _declare(view, "admin")

    @functools.wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _enter_project(project_id: int, user, needed: str, write: str | None) -> None:
    """Let the person in with their role in the project (``g.role``), or stop the request:
    404 for outsiders and for projects that do not exist, 403 below the role needed."""
    project, role = project_service.project_and_role(project_id, user)
    if role is None:   # outsiders, and everyone for a project that does not exist
        abort(404)
    required = write if write and request.method not in SAFE_METHODS else needed
    if not project_service.has_role(role, required):
        log.warning("access_denied user_id=%s project_id=%s role=%s needed=%s route=%s",
                    user.id, project_id, role, required, request.endpoint)
        abort(403)
    # The project stays loaded for the request (the session holds it only while it is used).
    g.project_id, g.role, g.project = project_id, role, project


def project_role(needed: str, write: str | None = None):
    """The view takes ``project_id``; outsiders (and everyone, for a project that does not
    exist) get 404; members below ``needed`` — or below ``write`` for a POST — get 403."""
    rule = f"project:{needed}" + (f"{WRITE_SEPARATOR}project:{write}" if write else "")

    def decorator(view):
        _declare(view, rule)

        @functools.wraps(view)
        @login_required
        def wrapped(*args, project_id: int, **kwargs):
            _enter_project(project_id, current_user, needed, write)
            return view(*args, project_id=project_id, **kwargs)

        return wrapped

    return decorator


API_RULE_PREFIX = "api:"


def _token_user():
    """The user of the request's bearer token; 401 without a working one (the cookie is never
    read). ``tokens.user_for_token`` notes the token's use in a short write of its own."""
    from werkzeug.exceptions import Unauthorized
    from .services import tokens as token_service
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    user = token_service.user_for_token(raw.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        db.session.rollback()
        raise Unauthorized("Send a working personal API token: Authorization: Bearer <token>. "
                           "Tokens are made in your account settings.")
    g.api_user = user
    return user


def api_signed_in(view):
    """A JSON API view for anyone with a working token."""
    _declare(view, API_RULE_PREFIX + "signed_in")

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        _token_user()
        return view(*args, **kwargs)

    return wrapped


def api_project_role(needed: str, write: str | None = None):
    """``project_role`` for the JSON API: the token's user must hold ``needed`` (``write`` for
    POST, PUT and DELETE) in the project; outsiders get 404, lower roles 403."""
    rule = f"{API_RULE_PREFIX}project:{needed}" + (
        f"{WRITE_SEPARATOR}{API_RULE_PREFIX}project:{write}" if write else "")

    def decorator(view):
        _declare(view, rule)

        @functools.wraps(view)
        def wrapped(*args, project_id: int, **kwargs):
            _enter_project(project_id, _token_user(), needed, write)
            return view(*args, project_id=project_id, **kwargs)

        return wrapped

    return decorator


def is_api_rule(rule: str | None) -> bool:
    return bool(rule) and rule.startswith(API_RULE_PREFIX)


def rule_for(endpoint_function, method: str | None = None) -> str | None:
    """The declared rule of a view (None if it has none). With ``method``, the rule that
    applies to that method (a project view may ask more for writes than for reads)."""
    declared = None
    target = endpoint_function
    while target is not None:
        declared = getattr(target, _ATTRIBUTE, None)
        if declared is not None:
            break
        target = getattr(target, "__wrapped__", None)
    # The rule is read from the function object, never looked up by name: two views with the
    # same qualified name (lambdas, views made in a loop) must not share a declaration.
    if declared is None or method is None:
        return declared
    read, _, write = declared.partition(WRITE_SEPARATOR)
    return write if write and method.upper() not in SAFE_METHODS else read


@login_manager.user_loader
def _load_user(ticket_id: str):
    seen = session.get("seen")
    idle = current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    if not isinstance(seen, (int, float)) or datetime.now(timezone.utc).timestamp() - seen > idle:
        return None
    return user_service.user_for_ticket(ticket_id)


def _sign_in_first():
    """A signed-out visitor goes to the sign-in page, and back after signing in. Arriving at
    the front door (``/``), the sign-in page says all there is to say; a deeper link is told
    why it landed there."""
    if request.path != "/":
        flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def init_app(app) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see this page."
    login_manager.unauthorized_handler(_sign_in_first)
    login_manager.session_protection = app.config["SESSION_PROTECTION"]
    if "static" in app.view_functions:
        # Static files are public by nature; declared so the route walker sees a rule.
        public(app.view_functions["static"])

    @app.before_request
    def _require_declared_rule():
        # Fail closed: a route added without an access decorator answers 404 to everyone.
        if request.endpoint is None:
            return None
        view = app.view_functions.get(request.endpoint)
        if view is not None and rule_for(view) is None:
            log.error("undeclared_route endpoint=%s — add an access decorator", request.endpoint)
            abort(404)
        return None

    @app.before_request
    def _touch_session():
        # The idle clock lives in the signed cookie; the ticket itself lives in the database.
        # The API never reads the cookie (a token authenticates each request).
        view = app.view_functions.get(request.endpoint or "")
        if view is not None and is_api_rule(rule_for(view)):
            return
        if current_user.is_authenticated and request.endpoint != "static":
            session["seen"] = datetime.now(timezone.utc).timestamp()
