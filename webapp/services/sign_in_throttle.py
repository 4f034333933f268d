"""The sign-in throttle: repeated wrong passwords slow the guesser down, never the person.

The rule (settings in ``config.Defaults``, README "Security in short"):

- Failures are counted per account name *and* source address. After ``LOGIN_FREE_FAILURES`` (5)
  failures that address must wait ``LOGIN_LOCK_SECONDS`` (60 s) before it may try the name again,
  twice as long after each further failure, at most ``LOGIN_LOCK_MAX_SECONDS`` (1 h). While it
  waits it is answered 429 with ``Retry-After`` and its password is not checked; once the wait is
  over the right password signs in and clears that address's count.
- Failures are also counted per account name from every address together. Past
  ``LOGIN_ACCOUNT_FREE_FAILURES`` (20) every address gets only one free failure for that name
  before it waits. An address that has not failed itself is always heard: someone guessing from
  elsewhere can slow the account down but cannot keep its owner out.
- A count restarts after ``LOGIN_FORGET_SECONDS`` (a day) without failures; an admin clears a
  name's counts at once (*Users* › *Unlock*, or ``flask unlock-user NAME``).

Unknown names are counted like real ones, so the answers never tell which names exist.

Each attempt is counted *before* its password is checked, with one atomic upsert (``INSERT …
ON CONFLICT DO UPDATE``, on SQLite and PostgreSQL alike), and taken back when the password was
right. So every failure is counted exactly once, parallel attempts cannot all slip past the
count, and two first attempts for a name never both try to insert its row.
"""
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import DateTime, case, delete, literal, null, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models._time import aware
from ..models.user import ACCOUNT, LoginThrottle

_table = LoginThrottle.__table__
_KEY = ("username", "source")


class Throttled(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"Too many failed sign-ins; try again in {retry_after} seconds.")
        self.retry_after = retry_after


def now() -> datetime:
    return datetime.now(timezone.utc)


def source_of(address: str | None) -> str:
    """The address a count is kept for: IPv4 as is, IPv6 by its /64 (one machine's share)."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return "unknown"
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _at(moment: datetime):
    return literal(moment, DateTime(timezone=True))


def _upsert(values: dict, set_: dict, where=None):
    """INSERT … ON CONFLICT (username, source) DO UPDATE, in the database's own dialect."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(_table).values(**values)
    return statement.on_conflict_do_update(index_elements=list(_KEY), set_=set_, where=where)


def _lock_seconds(step: int) -> int:
    cfg = current_app.config
    return min(cfg["LOGIN_LOCK_SECONDS"] * 2 ** step, cfg["LOGIN_LOCK_MAX_SECONDS"])


def _lock_steps() -> int:
    """How many doublings it takes to reach the longest wait."""
    step = 0
    while _lock_seconds(step) < current_app.config["LOGIN_LOCK_MAX_SECONDS"]:
        step += 1
    return step


def _lock_after(count, free: int, moment: datetime):
    """SQL: when an address that now has ``count`` failures may try again (NULL: at once)."""
    whens = [(count < free, null())]
    whens += [(count == free + step, _at(moment + timedelta(seconds=_lock_seconds(step))))
              for step in range(_lock_steps())]
    longest = moment + timedelta(seconds=current_app.config["LOGIN_LOCK_MAX_SECONDS"])
    return case(*whens, else_=_at(longest))


def _counted(moment: datetime):
    """SQL: the row's failures with this attempt, starting again after a quiet spell."""
    forget = moment - timedelta(seconds=current_app.config["LOGIN_FORGET_SECONDS"])
    return case((_table.c.last_failure_at < _at(forget), 1), else_=_table.c.failures + 1)


def _free_failures(name: str, moment: datetime) -> int:
    cfg = current_app.config
    row = db.session.execute(select(_table.c.failures, _table.c.last_failure_at).where(
        _table.c.username == name, _table.c.source == ACCOUNT)).first()
    forget = moment - timedelta(seconds=cfg["LOGIN_FORGET_SECONDS"])
    if row and aware(row.last_failure_at) >= forget and row.failures >= cfg["LOGIN_ACCOUNT_FREE_FAILURES"]:
        return 1
    return cfg["LOGIN_FREE_FAILURES"]


def admit(name: str, source: str) -> None:
    """Count this attempt as a failure, or raise ``Throttled`` if the address must wait first."""
    moment = now()
    free = _free_failures(name, moment)
    first_lock = moment + timedelta(seconds=_lock_seconds(0)) if free <= 1 else None
    counted = _counted(moment)
    statement = _upsert(
        {"username": name, "source": source, "failures": 1, "last_failure_at": moment,
         "locked_until": first_lock},
        {"failures": counted, "last_failure_at": _at(moment),
         "locked_until": _lock_after(counted, free, moment)},
        where=or_(_table.c.locked_until.is_(None), _table.c.locked_until <= _at(moment)),
    ).returning(_table.c.failures)
    if db.session.execute(statement).first() is None:
        raise Throttled(_retry_after(name, source, moment))
    db.session.execute(_upsert(
        {"username": name, "source": ACCOUNT, "failures": 1, "last_failure_at": moment},
        {"failures": _counted(moment), "last_failure_at": _at(moment)}))


def _retry_after(name: str, source: str, moment: datetime) -> int:
    until = db.session.scalar(select(_table.c.locked_until).where(
        _table.c.username == name, _table.c.source == source))
    return max(int((aware(until) - moment).total_seconds()) + 1, 1) if until else 1


def forgive(name: str, source: str) -> None:
    """The attempt ``admit`` counted was right: clear the address's count, take it back from
    the name's."""
    db.session.execute(delete(_table).where(_table.c.username == name, _table.c.source == source))
    db.session.execute(update(_table).where(
        _table.c.username == name, _table.c.source == ACCOUNT, _table.c.failures > 0)
        .values(failures=_table.c.failures - 1))


def unlock(name: str) -> int:
    """Forget every failed sign-in for this name; how many addresses were waiting or counted."""
    addresses = db.session.execute(delete(_table).where(
        _table.c.username == name, _table.c.source != ACCOUNT)).rowcount
    db.session.execute(delete(_table).where(_table.c.username == name, _table.c.source == ACCOUNT))
    return addresses


@dataclass
class Standing:
    """What *Users* shows of a name's failed sign-ins."""

    failures: int = 0          # from every address, since the count last started
    waiting: int = 0           # addresses that must wait before trying again


def standings(names: list[str]) -> dict[str, Standing]:
    """The names among ``names`` that have failed sign-ins on record."""
    moment = now()
    rows = db.session.execute(select(_table).where(_table.c.username.in_(names))).all()
    found: dict[str, Standing] = {}
    for row in rows:
        standing = found.setdefault(row.username, Standing())
        if row.source == ACCOUNT:
            standing.failures = row.failures
        elif row.locked_until is not None and aware(row.locked_until) > moment:
            standing.waiting += 1
    return {name: s for name, s in found.items() if s.failures or s.waiting}
