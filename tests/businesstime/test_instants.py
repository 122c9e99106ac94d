"""Datetime <-> epoch-microsecond conversions must be exact, fast path or not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportdesk.businesstime._instants import (
    EPOCH,
    ONE_US,
    constant_offset_us,
    durations_to_us,
    instant_to_us,
    instants_to_us,
    us_to_datetime,
    wall_clocks_to_datetimes,
)

from .calendars import BERLIN, MSK


class _NeverAware(tzinfo):
    """A tzinfo that declines to give an offset: the datetime counts as naive."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


AWARE = st.datetimes(
    min_value=datetime(1900, 1, 2),
    max_value=datetime(2200, 1, 1),
    timezones=st.sampled_from([UTC, MSK, BERLIN, timezone(timedelta(hours=5, minutes=30))]),
)


def exact_us(value: datetime) -> int:
    return (value - EPOCH) // ONE_US


@settings(max_examples=300)
@given(values=st.lists(AWARE, max_size=20))
def test_batch_conversion_is_exact_on_both_sides_of_2038(values: list[datetime]) -> None:
    assert instants_to_us(values, "v").tolist() == [exact_us(value) for value in values]


@settings(max_examples=300)
@given(value=AWARE)
def test_round_trip_through_microseconds_is_exact(value: datetime) -> None:
    us = instant_to_us(value, "v")
    assert us == exact_us(value)
    back = us_to_datetime(us, MSK)
    # Compared as instants: with one tzinfo, == compares wall clocks, and a wall time in a
    # DST gap (Moscow, 1992) comes back as the valid wall time of the same instant.
    assert exact_us(back) == us
    assert back.tzinfo is MSK


def test_microsecond_before_a_whole_second_survives_the_float_path() -> None:
    values = [datetime(2037, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)]
    assert instants_to_us(values, "v").tolist() == [exact_us(values[0])]
    assert us_to_datetime(exact_us(values[0]), UTC) == values[0]


def test_durations_convert_exactly() -> None:
    durations = [timedelta(0), timedelta(microseconds=1), timedelta(days=-1, microseconds=3)]
    assert durations_to_us(durations).tolist() == [0, 1, -86_400_000_000 + 3]


def test_wall_clock_microseconds_become_aware_datetimes() -> None:
    wall = exact_us(datetime(2025, 12, 30, 20, tzinfo=UTC))  # "20:00" read off a clock
    got = wall_clocks_to_datetimes(np.array([wall], dtype=np.int64), MSK)
    assert got == [datetime(2025, 12, 30, 20, tzinfo=MSK)]
    assert got[0].tzinfo is MSK
    assert wall_clocks_to_datetimes(np.array([], dtype=np.int64), MSK) == []


@pytest.mark.parametrize("zone", [None, _NeverAware()])
def test_datetimes_without_an_offset_are_naive(zone: tzinfo | None) -> None:
    value = datetime(2025, 12, 30, 15, tzinfo=zone)
    with pytest.raises(ValueError, match="start must be a timezone-aware datetime"):
        instant_to_us(value, "start")
    with pytest.raises(ValueError, match="starts must be a timezone-aware datetime"):
        instants_to_us([datetime(2025, 12, 30, 15, tzinfo=UTC), value], "starts")


def test_constant_offset_is_found_for_moscow_since_2014_only() -> None:
    def us(year: int) -> int:
        return exact_us(datetime(year, 1, 1, tzinfo=UTC))

    assert constant_offset_us(MSK, us(2020), us(2028)) == 3 * 3_600_000_000
    assert constant_offset_us(MSK, us(2013), us(2016)) is None  # +04:00 until October 2014
    assert constant_offset_us(BERLIN, us(2025), us(2026)) is None
    assert constant_offset_us(timezone(timedelta(hours=-3)), 0, 1) == -3 * 3_600_000_000
