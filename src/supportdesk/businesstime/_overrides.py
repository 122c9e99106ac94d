"""Administrator corrections to a working calendar, one date at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time


@dataclass(frozen=True, slots=True)
class DayOverride:
    """Force one date to be a day off, or a working day (optionally with its own hours).

    ``DayOverride(date(2026, 1, 12), working=False, reason="office move")`` closes a day the
    base calendar opens; ``DayOverride(date(2026, 1, 10), working=True, opens=time(12),
    closes=time(18))`` opens a day the base calendar closes. Hours left as ``None`` fall back
    to the calendar's regular hours, so an override row stays valid if those hours change.
    """

    day: date
    working: bool
    opens: time | None = None
    closes: time | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        # datetime subclasses date; a datetime here is almost always a caller bug
        # (an instant passed where a calendar date was meant), so reject it loudly.
        if isinstance(self.day, datetime) or not isinstance(self.day, date):
            raise TypeError(f"DayOverride.day must be a date, got {self.day!r}")
        if not self.working and (self.opens is not None or self.closes is not None):
            raise ValueError(f"{self.day}: a day off cannot have opening hours")
        for name, value in (("opens", self.opens), ("closes", self.closes)):
            if value is not None and value.tzinfo is not None:
                raise ValueError(
                    f"{self.day}: {name} must be a wall-clock time without tzinfo; "
                    "the calendar's time zone applies"
                )
        if self.opens is not None and self.closes is not None and self.opens >= self.closes:
            raise ValueError(f"{self.day}: opens {self.opens} must be before closes {self.closes}")
