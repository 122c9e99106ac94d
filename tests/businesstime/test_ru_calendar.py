"""The desk's default calendar pinned against the official Russian production calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from holidays.countries.russia import RussiaStaticHolidays

from supportdesk.businesstime import (
    BUSINESS_DAY,
    RU_KNOWN_YEARS,
    CalendarRangeError,
    DayOverride,
    business_days,
    default_calendar,
    russian_calendar,
    russian_working_days,
)

from .calendars import MSK


def msk(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=MSK)


CAL = default_calendar()


def test_enterprise_first_response_over_new_year_is_due_13_january() -> None:
    # 30 Dec: 15:00-20:00 (5 h); 31 Dec-11 Jan off; 12 Jan 9 h; 13 Jan 11:00-13:00.
    assert CAL.deadline(msk(2025, 12, 30, 15), timedelta(hours=16)) == msk(2026, 1, 13, 13)


def test_default_calendar_is_moscow_eleven_to_twenty() -> None:
    assert CAL.opens == time(11)
    assert CAL.closes == time(20)
    assert CAL.deadline(msk(2025, 12, 30, 15), timedelta(hours=1)).utcoffset() == timedelta(hours=3)


def test_saturday_1_november_2025_is_a_working_day() -> None:
    assert CAL.hours_on(date(2025, 11, 1)) == (time(11), time(20))
    assert CAL.is_open(msk(2025, 11, 1, 12))
    # Friday 19:00 + 2 h runs into the working Saturday.
    assert CAL.deadline(msk(2025, 10, 31, 19), timedelta(hours=2)) == msk(2025, 11, 1, 12)


def test_substituted_day_off_after_working_saturday_is_skipped() -> None:
    # 3 November (substituted) and 4 November (Unity Day) are off.
    assert CAL.deadline(msk(2025, 11, 1, 19), timedelta(hours=2)) == msk(2025, 11, 5, 12)


def test_9_january_2026_is_not_a_working_day() -> None:
    assert CAL.hours_on(date(2026, 1, 9)) is None
    assert not CAL.is_open(msk(2026, 1, 9, 12))


def test_deadline_landing_on_closing_time_stays_at_closing_time() -> None:
    assert CAL.deadline(msk(2025, 12, 30, 15), timedelta(hours=5)) == msk(2025, 12, 30, 20)
    assert CAL.deadline(msk(2025, 12, 29, 11), BUSINESS_DAY) == msk(2025, 12, 29, 20)


def test_zero_duration_returns_start_unchanged_even_outside_hours() -> None:
    for start in (msk(2025, 12, 30, 15, 7), msk(2025, 12, 31, 3), datetime(2026, 1, 3, tzinfo=UTC)):
        got = CAL.deadline(start, timedelta(0))
        assert got == start
        assert got.tzinfo is CAL.tz


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        pytest.param(msk(2025, 12, 27, 15), msk(2025, 12, 29, 12), id="saturday"),
        pytest.param(msk(2025, 12, 28, 23, 59), msk(2025, 12, 29, 12), id="sunday-night"),
        pytest.param(msk(2026, 1, 5, 14), msk(2026, 1, 12, 12), id="new-year-holiday"),
        pytest.param(msk(2025, 12, 29, 21), msk(2025, 12, 30, 12), id="evening"),
        pytest.param(msk(2025, 12, 29, 20), msk(2025, 12, 30, 12), id="at-closing"),
        pytest.param(msk(2025, 12, 29, 8), msk(2025, 12, 29, 12), id="early-morning"),
        pytest.param(msk(2025, 12, 29, 11), msk(2025, 12, 29, 12), id="at-opening"),
    ],
)
def test_clock_outside_business_hours_starts_at_next_opening(
    start: datetime, expected: datetime
) -> None:
    assert CAL.deadline(start, timedelta(hours=1)) == expected


def test_input_in_utc_gives_the_same_instant() -> None:
    in_utc = datetime(2025, 12, 30, 12, tzinfo=UTC)  # 15:00 MSK
    got = CAL.deadline(in_utc, timedelta(hours=16))
    assert got == msk(2026, 1, 13, 13)
    assert got.tzinfo is CAL.tz
    assert CAL.elapsed(in_utc, msk(2026, 1, 13, 13)) == timedelta(hours=16)


def test_business_days_are_nine_hour_working_days() -> None:
    assert business_days(1) == BUSINESS_DAY == timedelta(hours=9)
    assert business_days(5) == timedelta(hours=45)
    assert business_days(15) == timedelta(hours=135)
    assert business_days(0.5) == timedelta(hours=4, minutes=30)


def test_team_plan_reaction_of_five_business_days_ends_at_a_closing_time() -> None:
    # Monday 11:00 + 45 business hours = Friday 20:00, not the next Monday 11:00.
    assert CAL.deadline(msk(2025, 12, 1, 11), business_days(5)) == msk(2025, 12, 5, 20)


def test_paused_clock_adds_the_business_time_of_the_pause() -> None:
    # Recipe from the package docstring. Counted: Mon 12-15, Tue 13-20, Wed 11-17 = 16 h.
    start = msk(2025, 12, 1, 12)
    pauses = [(msk(2025, 12, 1, 15), msk(2025, 12, 2, 13))]
    paused = sum((CAL.elapsed(a, b) for a, b in pauses), timedelta(0))
    assert paused == timedelta(hours=7)
    assert CAL.deadline(start, timedelta(hours=16) + paused) == msk(2025, 12, 3, 17)


def test_default_calendar_is_built_once() -> None:
    assert default_calendar() is default_calendar()


def test_known_range_covers_published_decrees_only() -> None:
    assert (CAL.first_day, CAL.last_day) == (date(2020, 1, 1), date(2027, 12, 31))
    assert CAL.years == RU_KNOWN_YEARS
    decrees = RussiaStaticHolidays.special_public_holidays
    missing = [year for year in RU_KNOWN_YEARS if year not in decrees]
    assert missing == [], f"holidays has no transfer decree for {missing}"


def test_date_after_known_range_raises_a_clear_error() -> None:
    with pytest.raises(CalendarRangeError, match=r"2028-03-01 .*2020-01-01\.\.2027-12-31"):
        CAL.deadline(msk(2028, 3, 1, 12), timedelta(hours=1))


def test_date_before_known_range_raises_a_clear_error() -> None:
    with pytest.raises(CalendarRangeError, match="2019-12-31") as caught:
        CAL.elapsed(msk(2019, 12, 31, 12), msk(2020, 1, 10, 12))
    assert isinstance(caught.value, ValueError)
    assert caught.value.day == date(2019, 12, 31)
    assert (caught.value.first_day, caught.value.last_day) == (CAL.first_day, CAL.last_day)


def test_deadline_beyond_known_range_raises_instead_of_guessing() -> None:
    with pytest.raises(CalendarRangeError, match="falls after the last known day"):
        CAL.deadline(msk(2027, 12, 20, 12), business_days(30))


def test_naive_datetimes_are_rejected() -> None:
    naive = datetime(2025, 12, 30, 15)
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.deadline(naive, timedelta(hours=1))
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.elapsed(msk(2025, 12, 30, 15), naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.is_open(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.next_opening(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.deadlines([msk(2025, 12, 30, 15), naive], [timedelta(hours=1)] * 2)


def test_russian_calendar_takes_administrator_overrides() -> None:
    overrides = [
        DayOverride(date(2025, 12, 31), working=True, opens=time(11), closes=time(15)),
        DayOverride(date(2026, 1, 12), working=False, reason="office move"),
    ]
    cal = russian_calendar(overrides=overrides)
    assert cal.overrides == tuple(overrides)
    # 30 Dec 5 h, 31 Dec 4 h, 12 Jan closed, 13 Jan 11:00-18:00.
    assert cal.deadline(msk(2025, 12, 30, 15), timedelta(hours=16)) == msk(2026, 1, 13, 18)


def test_russian_working_days_follows_holidays_package() -> None:
    is_working_day = russian_working_days(range(2025, 2027))
    assert is_working_day(date(2025, 11, 1))
    assert not is_working_day(date(2025, 11, 3))
    assert not is_working_day(date(2026, 1, 9))
    assert is_working_day(date(2026, 1, 12))
