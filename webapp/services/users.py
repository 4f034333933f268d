"""Accounts, passwords, sign-in (throttled by ``sign_in_throttle``), and revocable sign-in
tickets."""
import secrets
from datetime import datetime, timezone
from importlib import resources

from flask import current_app
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import AuthTicket, User
from ..models._time import aware
from . import sign_in_throttle as throttle
from . import tokens
from .errors import Duplicate, Invalid
from .sign_in_throttle import Throttled  # noqa: F401  (the views catch it from here)

MIN_PASSWORD, MAX_PASSWORD = 12, 128
_common: set[str] | None = None


def _common_passwords() -> set[str]:
    global _common
    if _common is None:
        text = resources.files("webapp.data").joinpath("common-passwords.txt").read_text("utf-8")
        _common = {ln.strip().lower() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")}
    return _common


def check_password_policy(password: str) -> None:
    """ASVS 2.1: 12 to 128 characters, any characters, no truncation, not a common password."""
    if len(password) < MIN_PASSWORD:
        raise Invalid({"password": f"Use at least {MIN_PASSWORD} characters."})
    if len(password) > MAX_PASSWORD:
        raise Invalid({"password": f"Use at most {MAX_PASSWORD} characters."})
    if password.lower() in _common_passwords():
        raise Invalid({"password": "This password is on a list of common passwords; choose another."})


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def create_user(username: str, display_name: str, password: str, is_admin: bool = False) -> User:
    username = username.strip().lower()
    if not username or len(username) > 64 or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        raise Invalid({"username": "Use letters, digits, dots, dashes or underscores (at most 64)."})
    check_password_policy(password)
    if db.session.scalar(select(func.count()).where(User.username == username)):
        raise Duplicate(f"The username {username!r} is taken.")
    user = User(username=username, display_name=display_name.strip() or username,
                password_hash=hash_password(password), is_admin=is_admin)
    db.session.add(user)
    db.session.flush()
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise Invalid({"current_password": "The current password is not right."})
    set_password(user, new)


def set_password(user: User, new: str) -> None:
    """A new password (the rules apply): the user's sessions end and their sign-in is unlocked."""
    check_password_policy(new)
    user.password_hash = hash_password(new)
    end_all_sessions(user)
    throttle.unlock(user.username)


def reset_password(actor: User, user: User, new: str | None) -> tuple[str, int]:
    """An admin sets another person's password: the one typed, or a random one, returned to be
    shown once, with how many of the person's API tokens were revoked (a reset is how an account
    is taken back, and whoever held it may have made tokens). Admins change their own on the
    account page, with the current password."""
    if user.id == actor.id:
        raise Invalid({"password": "Change your own password on your account page."})
    password = new or secrets.token_urlsafe(15)
    set_password(user, password)
    return password, tokens.revoke_all(user)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def authenticate(username: str, password: str, address: str | None) -> User | None:
    """Return the user, or None for a wrong name or password (the caller cannot tell which).

    Raises ``Throttled`` while this address must wait before trying this name again.
    """
    name, source = username.strip().lower()[:64], throttle.source_of(address)
    throttle.admit(name, source)
    user = db.session.scalar(select(User).where(User.username == name))
    # Hash even for unknown names, so timing does not tell which names exist.
    stored = user.password_hash if user else _dummy_hash()
    if check_password_hash(stored, password) and user is not None and user.active:
        throttle.forgive(name, source)
        return user
    return None


_dummy: str | None = None


def _dummy_hash() -> str:
    global _dummy
    if _dummy is None:
        _dummy = hash_password(secrets.token_hex(16))
    return _dummy


def start_session(user: User) -> str:
    ticket = AuthTicket(id=secrets.token_urlsafe(32), user_id=user.id,
                        expires_at=_now() + current_app.config["PERMANENT_SESSION_LIFETIME"])
    db.session.add(ticket)
    db.session.flush()
    user.ticket_id = ticket.id
    return ticket.id


def user_for_ticket(ticket_id: str) -> User | None:
    ticket = db.session.get(AuthTicket, ticket_id)
    if ticket is None or aware(ticket.expires_at) <= _now():
        return None
    user = ticket.user
    if not user.active:  # deactivation deletes the tickets too; this holds even if one is left
        return None
    user.ticket_id = ticket.id
    return user


def end_session(ticket_id: str | None) -> None:
    if ticket_id:
        db.session.execute(delete(AuthTicket).where(AuthTicket.id == ticket_id))


def end_all_sessions(user: User) -> None:
    db.session.execute(delete(AuthTicket).where(AuthTicket.user_id == user.id))
    user.ticket_id = None


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.username)))


def set_active(user: User, active: bool) -> None:
    user.active = active
    if not active:
        end_all_sessions(user)
