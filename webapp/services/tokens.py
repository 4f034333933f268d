"""Personal API tokens: made with a secret shown once, stored only as its SHA-256 digest.

A token is ``ct_`` + 43 URL-safe characters (256 random bits), so a plain SHA-256 is enough to
store it: nobody can guess it back from the digest (a slow password hash is for low-entropy
secrets). The first characters are kept as ``prefix`` so a person can tell their tokens apart.
A revoked token, and every token of a deactivated account, stops working at the next request.
"""
import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.exc import OperationalError

from ..database import writing
from ..extensions import db
from ..models import User
from ..models._time import utcnow
from ..models.token import ApiToken
from .errors import Invalid, NotFound
from .text_checks import check_storable

TOKEN_PREFIX = "ct_"
SHOWN_PREFIX = 10                          # "ct_" and 7 characters of the secret
LAST_USED_GRANULARITY = timedelta(minutes=1)  # at most one write per token and minute
MAX_TOKENS = 50


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token of ``user``; the raw secret is returned here and never stored."""
    name = name.strip()
    check_storable("name", name)
    if not name or len(name) > 100:
        raise Invalid({"name": "Give the token a name of at most 100 characters."})
    if len(fetch_tokens(user)) >= MAX_TOKENS:
        raise Invalid({"name": f"You have {MAX_TOKENS} tokens already; revoke one first."})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, prefix=raw[:SHOWN_PREFIX], token_hash=digest(raw))
    db.session.add(token)
    db.session.flush()
    return token, raw


def fetch_tokens(user: User) -> list[ApiToken]:
    """The person's tokens that still work, newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.id.desc())))


def revoke_token(user: User, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise NotFound("No such token.")
    token.revoked_at = utcnow()
    db.session.flush()
    return token


# Every API request runs it: built once, like the other statements on the API's path.
_BY_DIGEST = (select(ApiToken, User).join(User, User.id == ApiToken.user_id)
              .where(ApiToken.token_hash == bindparam("digest")))


def revoke_all(user: User) -> int:
    """Revoke every working token of ``user`` (when someone else resets their password: whoever
    had the account may have made tokens). Returns how many were revoked."""
    now, tokens = utcnow(), fetch_tokens(user)
    for token in tokens:
        token.revoked_at = now
    db.session.flush()
    return len(tokens)


def revoked_phrase(count: int, say_none: bool = False) -> str:
    """How a report of a password change ends when tokens were revoked with it: " and 2 API
    tokens revoked" ("" for none, unless ``say_none``: " and no API tokens to revoke")."""
    if not count:
        return " and no API tokens to revoke" if say_none else ""
    return f" and {count} API token{'' if count == 1 else 's'} revoked"


def user_for_token(raw: str) -> User | None:
    """The active user a working token belongs to, or None. Notes when it was last used."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    wanted = digest(raw)
    found = db.session.execute(_BY_DIGEST, {"digest": wanted}).first()
    if found is None:
        return None
    token, user = found
    # The lookup is by digest; compare again in constant time all the same.
    if not hmac.compare_digest(token.token_hash, wanted):
        return None
    if token.revoked_at is not None or not user.active:
        return None
    _note_use(token)
    return user


def _note_use(token: ApiToken) -> None:
    """Set ``last_used_at``, at most once a minute, in a short write transaction of its own:
    a request that only reads stays a read, and the note waits its turn for the write lock.
    It is best effort: if the database stays busy, the request goes on and a later one notes."""
    now = utcnow()
    last = token.last_used_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=now.tzinfo)
    if last is None or now - last >= LAST_USED_GRANULARITY:
        try:
            with writing():
                token.last_used_at = now
        except OperationalError:
            pass
