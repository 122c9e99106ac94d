"""Business-time maths on working calendars (pure Python, no Django).

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> cal = default_calendar()
>>> start = datetime(2025, 12, 30, 15, tzinfo=ZoneInfo("Europe/Moscow"))
>>> cal.deadline(start, timedelta(hours=16)).isoformat()
'2026-01-13T13:00:00+03:00'

Calendars with administrator overrides: ``russian_calendar(overrides=[DayOverride(...)])``
or, for other hours/zones, ``WorkingCalendar(tz=..., opens=..., closes=..., years=...,
is_working_day=russian_working_days(years), overrides=...)``. Build once per change of
definition and share: construction walks the whole range, queries are binary searches.

Paused clocks (e.g. time waiting on the customer): business time inside the pauses is
added to the target, ``cal.deadline(start, target + sum(cal.elapsed(a, b) for a, b in
pauses))``, for closed, non-overlapping pauses that began between ``start`` and the
deadline. Time left is
``cal.elapsed(now, deadline)`` (negative once breached).

Errors: naive datetimes and negative durations raise ``ValueError``; dates outside the
calendar's years raise ``CalendarRangeError`` (a ``ValueError``), never a guess.
"""

from ._calendar import WorkingCalendar
from ._errors import CalendarRangeError
from ._overrides import DayOverride
from ._ru_calendar import (
    BUSINESS_DAY,
    DEFAULT_CLOSES,
    DEFAULT_OPENS,
    MOSCOW,
    RU_KNOWN_YEARS,
    business_days,
    default_calendar,
    russian_calendar,
    russian_working_days,
)

__all__ = [
    "BUSINESS_DAY",
    "DEFAULT_CLOSES",
    "DEFAULT_OPENS",
    "MOSCOW",
    "RU_KNOWN_YEARS",
    "CalendarRangeError",
    "DayOverride",
    "WorkingCalendar",
    "business_days",
    "default_calendar",
    "russian_calendar",
    "russian_working_days",
]
