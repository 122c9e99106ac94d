"""The oracle itself, checked by hand on a plain Monday-Friday 11:00-20:00 week."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from .calendars import MSK
from .reference_walker import walk_deadline, walk_elapsed, walk_is_open


def hours(day: date) -> tuple[time, time] | None:
    return (time(11), time(20)) if day.weekday() < 5 else None


def msk(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 12, day, hour, minute, tzinfo=MSK)  # 1 Dec 2025 is a Monday


def test_walker_deadline_by_hand() -> None:
    assert walk_deadline(msk(1, 15), timedelta(hours=5), tz=MSK, hours_for=hours) == msk(1, 20)
    assert walk_deadline(msk(5, 19), timedelta(hours=2), tz=MSK, hours_for=hours) == msk(8, 12)
    assert walk_deadline(msk(6, 3), timedelta(0), tz=MSK, hours_for=hours) == msk(6, 3)


def test_walker_elapsed_by_hand() -> None:
    assert walk_elapsed(msk(5, 19), msk(8, 12), tz=MSK, hours_for=hours) == timedelta(hours=2)
    assert walk_elapsed(msk(8, 12), msk(5, 19), tz=MSK, hours_for=hours) == -timedelta(hours=2)
    assert walk_elapsed(msk(6, 0), msk(7, 23), tz=MSK, hours_for=hours) == timedelta(0)


def test_walker_is_open_by_hand() -> None:
    assert [walk_is_open(at, tz=MSK, hours_for=hours) for at in (msk(1, 11), msk(1, 20))] == [
        True,
        False,
    ]
