"""A slow, obviously-correct business-time walker: the oracle for ``WorkingCalendar``.

It shares no code with the calendar: it walks calendar days one by one from the start,
asks ``hours_for(day)`` for that day's opening hours, and spends the duration on each
day's window. All arithmetic is on UTC datetimes, so DST cannot bend it. Used by the
property tests and by ``bench/sla_deadlines.py`` (loaded by path there, so keep this
file free of relative imports).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo

HoursFor = Callable[[date], tuple[time, time] | None]

_ONE_DAY = timedelta(days=1)
_MAX_DAYS = 20 * 366


def _window(day: date, hours_for: HoursFor, tz: tzinfo) -> tuple[datetime, datetime] | None:
    hours = hours_for(day)
    if hours is None:
        return None
    opens, closes = hours
    return (
        datetime.combine(day, opens, tzinfo=tz).astimezone(UTC),
        datetime.combine(day, closes, tzinfo=tz).astimezone(UTC),
    )


def walk_deadline(
    start: datetime, duration: timedelta, *, tz: tzinfo, hours_for: HoursFor
) -> datetime:
    """Earliest instant at which ``duration`` of business time has passed since ``start``."""
    if duration < timedelta(0):
        raise ValueError("negative duration")
    start = start.astimezone(UTC)
    if duration == timedelta(0):
        return start.astimezone(tz)
    left = duration
    day = start.astimezone(tz).date()
    for _ in range(_MAX_DAYS):
        window = _window(day, hours_for, tz)
        if window is not None:
            opens, closes = window
            begin = max(opens, start)
            if begin < closes:
                if left <= closes - begin:
                    return (begin + left).astimezone(tz)
                left -= closes - begin
        day += _ONE_DAY
    raise RuntimeError("walked too far")


def walk_elapsed(start: datetime, end: datetime, *, tz: tzinfo, hours_for: HoursFor) -> timedelta:
    """Business time between two instants; negative when ``end`` is before ``start``."""
    start = start.astimezone(UTC)
    end = end.astimezone(UTC)
    if end < start:
        return -walk_elapsed(end, start, tz=tz, hours_for=hours_for)
    total = timedelta(0)
    day = start.astimezone(tz).date()
    last = end.astimezone(tz).date()
    while day <= last:
        window = _window(day, hours_for, tz)
        if window is not None:
            overlap = min(window[1], end) - max(window[0], start)
            if overlap > timedelta(0):
                total += overlap
        day += _ONE_DAY
    return total


def walk_is_open(at: datetime, *, tz: tzinfo, hours_for: HoursFor) -> bool:
    window = _window(at.astimezone(tz).date(), hours_for, tz)
    return window is not None and window[0] <= at < window[1]
