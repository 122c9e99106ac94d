"""Calendars and matching reference-walker inputs shared by the businesstime tests.

The walker's ``hours_for`` functions are written from the definitions (the ``holidays``
package, plain weekdays), not from ``WorkingCalendar``, so the oracle stays independent.
"""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import holidays

from supportdesk.businesstime import RU_KNOWN_YEARS, WorkingCalendar

MSK = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
ELEVEN = time(11)
TWENTY = time(20)

_RU = holidays.country_holidays("RU", years=RU_KNOWN_YEARS)


def ru_hours(day: date) -> tuple[time, time] | None:
    return (ELEVEN, TWENTY) if _RU.is_working_day(day) else None


# Open nearly round the clock every day, so DST switches (02:00/03:00 local) fall inside
# business hours: the case where wall-clock shortcuts go wrong.
DST_OPENS = time(0, 30)
DST_CLOSES = time(23, 30)
DST_YEARS = range(2024, 2027)


def dst_hours(day: date) -> tuple[time, time] | None:
    return (DST_OPENS, DST_CLOSES)


def dst_calendar() -> WorkingCalendar:
    return WorkingCalendar(
        tz=BERLIN,
        opens=DST_OPENS,
        closes=DST_CLOSES,
        years=DST_YEARS,
        is_working_day=lambda day: True,
    )


def weekdays(day: date) -> bool:
    return day.weekday() < 5
