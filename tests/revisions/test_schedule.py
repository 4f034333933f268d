"""The watch schedule as a pure function, with a fake clock: a young article is checked often,
an old one rarely (diffengine's rule), the project's bounds hold, failures back off."""
from datetime import datetime, timedelta, timezone

from webapp.revisions import schedule

T0 = datetime(2026, 12, 6, 8, 0, tzinfo=timezone.utc)
MIN, MAX = 30, 10080   # the defaults: 30 minutes, a week


def after(age: timedelta, failures: int = 0, low: int = MIN, high: int = MAX) -> timedelta:
    return schedule.next_check(T0 + age, T0, low, high, failures) - (T0 + age)


def test_a_young_article_is_checked_often_and_an_old_one_rarely():
    assert after(timedelta(hours=1)) == timedelta(minutes=30)      # a quarter is 15 min: the bound
    assert after(timedelta(hours=4)) == timedelta(hours=1)
    assert after(timedelta(days=1)) == timedelta(hours=6)
    assert after(timedelta(days=4)) == timedelta(days=1)
    assert after(timedelta(days=60)) == timedelta(days=7)          # the upper bound


def test_the_next_check_is_when_diffengine_first_finds_the_entry_stale():
    for age in (timedelta(hours=3), timedelta(days=2), timedelta(days=5)):
        checked = T0 + age
        due = schedule.next_check(checked, T0, 1, 10 ** 6)
        assert schedule.is_stale(due, checked, T0)
        assert not schedule.is_stale(due - timedelta(seconds=1), checked, T0)


def test_the_whole_age_counts_not_only_the_seconds_past_a_day():
    # diffengine's timedelta.seconds would call a 2-day-old entry 0 seconds old
    assert after(timedelta(days=2)) == timedelta(hours=12)


def test_the_project_bounds_are_respected():
    assert after(timedelta(minutes=1), low=5, high=60) == timedelta(minutes=5)
    assert after(timedelta(days=30), low=5, high=60) == timedelta(minutes=60)
    assert after(timedelta(hours=2), low=5, high=60) == timedelta(minutes=30)


def test_failures_in_a_row_back_off_up_to_the_upper_bound():
    young = timedelta(hours=1)
    waits = [after(young, failures=n) for n in range(0, 12)]
    assert waits[:5] == [timedelta(minutes=m) for m in (30, 60, 120, 240, 480)]
    assert waits[-1] == timedelta(days=7) and waits == sorted(waits)
    assert after(timedelta(days=4), failures=1) == timedelta(days=1)   # never sooner than the age rule


def test_a_new_watch_checks_at_once_unless_the_article_is_fresh():
    assert schedule.first_check(T0 + timedelta(days=3), T0, MIN) == T0 + timedelta(days=3)
    assert schedule.first_check(T0 + timedelta(minutes=5), T0, MIN) == T0 + timedelta(minutes=30)


def test_how_long_in_words():
    assert [schedule.in_words(timedelta(minutes=m)) for m in (0, 25, 125, 60 * 50)] == \
        ["1 min", "25 min", "2 h", "2 days"]
