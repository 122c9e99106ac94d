"""Business-time maths on working calendars (pure Python, no Django).

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> cal = default_calendar()
>>> start = datetime(2025, 12, 30, 15, tzinfo=ZoneInfo("Europe/Moscow"))
>>> cal.deadline(start, timedelta(hours=16)).isoformat()
'2026-01-13T13:00:00+03:00'
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
