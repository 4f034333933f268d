"""Small helpers shared by the HTML views."""
from urllib.parse import urlsplit

from flask import flash, request

from ..extensions import db
from ..services.errors import Invalid


def safe_next(target: str | None, default: str) -> str:
    """Only local paths: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target:
        return default
    target = target.strip()
    parts = urlsplit(target)
    if (parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//")
            or "\\" in target or any(ord(c) < 32 for c in target)):
        return default
    return target


def show_invalid(form, exc: Invalid) -> None:
    """Put a domain refusal on the form fields it names (or on top of the page)."""
    db.session.rollback()
    for field, message in exc.reasons.items():
        target = getattr(form, field, None)
        if target is not None and hasattr(target, "errors"):
            if isinstance(target.errors, tuple):
                target.errors = list(target.errors)
            target.errors.append(message)
        else:
            flash(message, "error")


def page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", 1)), 100000))
    except ValueError:
        return 1
