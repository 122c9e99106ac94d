"""The desk's working calendar: the RU production calendar plus the administrator's corrections."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db.models import Count, Max

from supportdesk.businesstime import DayOverride, WorkingCalendar, russian_calendar
from supportdesk.sla.models import CalendarOverride

# How long a process trusts its calendar for display (queues, time left) before asking whether
# the corrections changed; what writes due times asks every time (`fresh`).
RECHECK_SECONDS = 2.0


@dataclass
class _Cached:
    version: object = None
    calendar: WorkingCalendar | None = None
    checked_at: float = float("-inf")


_cached = _Cached()


def desk_calendar(*, fresh: bool = False) -> WorkingCalendar:
    """Rebuilt only when the corrections change; `fresh` checks now rather than trusting a
    calendar checked less than `RECHECK_SECONDS` ago (recomputing deadlines after a change)."""
    now = time.monotonic()
    if not fresh and _cached.calendar is not None and now - _cached.checked_at < RECHECK_SECONDS:
        return _cached.calendar
    stats = CalendarOverride.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    version = (stats["n"], stats["latest"])
    if _cached.calendar is None or version != _cached.version:
        overrides = [
            DayOverride(o.day, working=o.working, opens=o.opens, closes=o.closes, reason=o.reason)
            for o in CalendarOverride.objects.all()
        ]
        _cached.calendar, _cached.version = russian_calendar(overrides=overrides), version
    _cached.checked_at = now
    return _cached.calendar


def forget_desk_calendar() -> None:
    """This process's next `desk_calendar()` asks the database (after a correction here)."""
    _cached.checked_at = float("-inf")
