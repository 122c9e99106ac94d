"""Errors raised by working calendars."""

from __future__ import annotations

from datetime import date


class CalendarRangeError(ValueError):
    """A date the calendar has no data for.

    A calendar only knows the years it was built for (for the Russian production
    calendar: the years whose government transfer decree is published). Guessing
    beyond them would silently produce wrong SLA deadlines, so we refuse instead.
    """

    def __init__(self, day: date, first_day: date, last_day: date, *, context: str = "") -> None:
        self.day = day
        self.first_day = first_day
        self.last_day = last_day
        prefix = f"{context}: " if context else ""
        super().__init__(
            f"{prefix}{day.isoformat()} is outside the working calendar's known range "
            f"{first_day.isoformat()}..{last_day.isoformat()}"
        )
