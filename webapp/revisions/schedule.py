"""When a watched page is fetched again: often while the article is young, rarely when it is
old (diffengine's rule), within the bounds a lead sets, and later after each failure in a row.

diffengine checks an entry again when the time since its last check is at least a fifth of
its age (``staleness / hotness >= 0.2``). Solved for the moment of the next check, taken right
after a check made at age ``A``: ``(t - checked) >= 0.2 × (t - since)`` first holds a quarter of
``A`` after the check. So the interval is ``A / 4``, clamped to the project's
``[watch_min_minutes, watch_max_minutes]``. Age counts from the first capture or, once the page
has changed, from its last change. Unlike diffengine (which reads ``timedelta.seconds``, so an
entry a day old looks new again) the whole age counts. Pure functions: the clock is ``now``.
"""
from datetime import datetime, timedelta

SHARE = 0.2                      # diffengine's ratio of staleness to age
AFTER_CHECK = SHARE / (1 - SHARE)   # = 1/4: the interval as a share of the age at the check
MAX_DOUBLINGS = 10


def clamp(interval: timedelta, min_minutes: int, max_minutes: int) -> timedelta:
    return max(timedelta(minutes=min_minutes), min(interval, timedelta(minutes=max_minutes)))


def interval(age: timedelta, min_minutes: int, max_minutes: int, failures: int = 0) -> timedelta:
    """How long after a check at this age the next one is due. After ``failures`` failed
    fetches in a row, at least ``min × 2^failures`` (30 min, 1 h, 2 h … with the defaults)."""
    wait = max(age, timedelta(0)) * AFTER_CHECK
    if failures:
        wait = max(wait, timedelta(minutes=min_minutes) * 2 ** min(failures, MAX_DOUBLINGS))
    return clamp(wait, min_minutes, max_minutes)


def next_check(checked_at: datetime, since: datetime, min_minutes: int, max_minutes: int,
               failures: int = 0) -> datetime:
    """The next check after one at ``checked_at`` of an article whose age counts from ``since``."""
    return checked_at + interval(checked_at - since, min_minutes, max_minutes, failures)


def first_check(now: datetime, since: datetime, min_minutes: int) -> datetime:
    """A new watch: at once, unless the article was captured less than the lower bound ago."""
    return max(now, since + timedelta(minutes=min_minutes))


def is_stale(now: datetime, checked_at: datetime | None, since: datetime) -> bool:
    """diffengine's test itself (never checked, or checked at least a fifth of its age ago)."""
    if checked_at is None or now <= since:
        return True
    return (now - checked_at) >= SHARE * (now - since)


def in_words(delta: timedelta) -> str:
    """"5 min", "3 h", "2 days": how long, roughly, for a person."""
    minutes = round(abs(delta).total_seconds() / 60)
    if minutes < 60:
        return f"{max(minutes, 1)} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} days"
