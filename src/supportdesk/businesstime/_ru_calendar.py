"""The desk's default calendar: Moscow, 11:00-20:00, the Russian production calendar."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, time, timedelta
from functools import cache

import holidays

from ._calendar import WorkingCalendar
from ._overrides import DayOverride

MOSCOW = "Europe/Moscow"
DEFAULT_OPENS = time(11)
DEFAULT_CLOSES = time(20)

# Years for which holidays==0.109 carries the government's transfer decree (substituted
# days off, working Saturdays). A later year would only have the Labour Code holidays,
# i.e. a guess, so the default calendar refuses it. When the package gains a decree,
# bump this (tests/businesstime/test_ru_calendar.py checks every year has one); until then
# an administrator can enter the decree as overrides on a calendar built with more years.
RU_KNOWN_YEARS = range(2020, 2028)

# SLA targets in "business days" mean whole default working days (DESIGN.md §2).
BUSINESS_DAY = timedelta(hours=9)


def business_days(count: float) -> timedelta:
    """SLA days to business time: ``business_days(5) == timedelta(hours=45)``."""
    return count * BUSINESS_DAY


def russian_working_days(years: range) -> Callable[[date], bool]:
    """``holidays``' RU calendar: public holidays, substituted days off, working Saturdays."""
    return holidays.country_holidays("RU", years=years).is_working_day


def russian_calendar(
    *,
    overrides: Iterable[DayOverride] = (),
    years: range = RU_KNOWN_YEARS,
    opens: time = DEFAULT_OPENS,
    closes: time = DEFAULT_CLOSES,
) -> WorkingCalendar:
    """A Moscow calendar on the RU production calendar, with the given overrides on top."""
    return WorkingCalendar(
        tz=MOSCOW,
        opens=opens,
        closes=closes,
        years=years,
        is_working_day=russian_working_days(years),
        overrides=overrides,
    )


@cache
def default_calendar() -> WorkingCalendar:
    """Moscow, 11:00-20:00, RU production calendar for ``RU_KNOWN_YEARS``; built once."""
    return russian_calendar()
