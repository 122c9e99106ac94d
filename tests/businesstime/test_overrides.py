"""DayOverride validation: a bad admin row fails where it is made, not in a deadline."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from supportdesk.businesstime import DayOverride


def test_day_off_keeps_its_reason() -> None:
    override = DayOverride(date(2026, 1, 12), working=False, reason="office move")
    assert (override.day, override.working, override.opens, override.closes) == (
        date(2026, 1, 12),
        False,
        None,
        None,
    )
    assert override.reason == "office move"


def test_day_off_cannot_have_hours() -> None:
    with pytest.raises(ValueError, match="day off cannot have opening hours"):
        DayOverride(date(2026, 1, 12), working=False, opens=time(11))


def test_datetime_is_not_accepted_as_a_day() -> None:
    with pytest.raises(TypeError, match="must be a date"):
        DayOverride(datetime(2026, 1, 12, tzinfo=UTC), working=False)


def test_hours_must_be_wall_clock_times() -> None:
    with pytest.raises(ValueError, match="without tzinfo"):
        DayOverride(date(2026, 1, 10), working=True, opens=time(12, tzinfo=UTC))


def test_opening_must_precede_closing() -> None:
    with pytest.raises(ValueError, match="must be before closes"):
        DayOverride(date(2026, 1, 10), working=True, opens=time(18), closes=time(12))


def test_overrides_are_immutable_values() -> None:
    override = DayOverride(date(2026, 1, 10), working=True, opens=time(12), closes=time(18))
    assert override == DayOverride(date(2026, 1, 10), True, time(12), time(18))
    with pytest.raises(AttributeError):
        override.working = False  # type: ignore[misc]
