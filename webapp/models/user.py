"""People who sign in, their server-side sign-in tickets, and the sign-in throttle."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # The ticket this request was authenticated with; set by the user loader, never stored.
    ticket_id = None  # type: str | None

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str | None:
        # The session holds a revocable ticket, not the user id: signing out deletes the
        # ticket, so a copied cookie stops working (Flask's cookie session alone would not).
        return self.ticket_id


class AuthTicket(db.Model):
    """One signed-in session. Deleted at sign-out; all of a user's at a password change."""

    __tablename__ = "auth_tickets"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


class LoginThrottle(db.Model):
    """Failed sign-ins for one account name (known or not, so nothing is revealed), counted per
    source address (``source``) and, in the row whose source is ``ACCOUNT``, from every address.
    The rule is in ``services/sign_in_throttle.py``.

    Lives in the database so that every web worker sees the same count.
    """

    __tablename__ = "login_throttles"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


ACCOUNT = "*"  # LoginThrottle.source of the row that counts a name's failures from every address
