"""WorkingCalendar on hand-made calendars: overrides, edges, validation, batch API."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from supportdesk.businesstime import CalendarRangeError, DayOverride, WorkingCalendar

from .calendars import BERLIN, MSK, dst_calendar, weekdays

# December 2025: Monday 1st ... Friday 5th, Saturday 6th, Sunday 7th, Monday 8th.
MONDAY = date(2025, 12, 1)
SATURDAY = date(2025, 12, 6)


def msk(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=MSK)


def calendar(*overrides: DayOverride) -> WorkingCalendar:
    return WorkingCalendar(
        tz="Europe/Moscow",
        opens=time(11),
        closes=time(20),
        years=range(2025, 2027),
        is_working_day=weekdays,
        overrides=overrides,
    )


PLAIN = calendar()


def test_day_off_override_closes_a_working_day() -> None:
    cal = calendar(DayOverride(MONDAY + timedelta(days=1), working=False, reason="outage"))
    assert cal.hours_on(MONDAY + timedelta(days=1)) is None
    assert cal.deadline(msk(MONDAY, 19), timedelta(hours=2)) == msk(MONDAY + timedelta(days=2), 12)


def test_extra_working_day_uses_its_own_hours() -> None:
    cal = calendar(DayOverride(SATURDAY, working=True, opens=time(12), closes=time(18)))
    assert cal.hours_on(SATURDAY) == (time(12), time(18))
    friday = SATURDAY - timedelta(days=1)
    assert cal.deadline(msk(friday, 19), timedelta(hours=2)) == msk(SATURDAY, 13)
    assert cal.deadline(msk(friday, 19), timedelta(hours=7)) == msk(SATURDAY, 18)
    assert cal.elapsed(msk(SATURDAY, 0), msk(SATURDAY, 23)) == timedelta(hours=6)
    assert not cal.is_open(msk(SATURDAY, 11, 30))
    assert cal.next_opening(msk(SATURDAY, 11, 30)) == msk(SATURDAY, 12)


def test_working_override_without_hours_uses_the_calendar_hours() -> None:
    cal = calendar(DayOverride(SATURDAY, working=True))
    assert cal.hours_on(SATURDAY) == (time(11), time(20))


def test_override_can_shorten_a_regular_working_day() -> None:
    cal = calendar(DayOverride(MONDAY, working=True, closes=time(19)))
    assert cal.hours_on(MONDAY) == (time(11), time(19))
    assert cal.deadline(msk(MONDAY, 18), timedelta(hours=2)) == msk(MONDAY + timedelta(days=1), 12)


def test_override_hours_must_fit_with_calendar_hours() -> None:
    with pytest.raises(ValueError, match=r"override for 2025-12-06: opens 21:00:00"):
        calendar(DayOverride(SATURDAY, working=True, opens=time(21)))


def test_two_overrides_for_one_date_are_rejected() -> None:
    with pytest.raises(ValueError, match="two overrides for 2025-12-06"):
        calendar(DayOverride(SATURDAY, working=True), DayOverride(SATURDAY, working=False))


def test_override_outside_the_known_years_is_rejected() -> None:
    with pytest.raises(
        CalendarRangeError, match=r"override: 2030-01-01 .*2025-01-01\.\.2026-12-31"
    ):
        calendar(DayOverride(date(2030, 1, 1), working=False))


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(time(20), time(11)), (time(11), time(11)), (time(11, tzinfo=UTC), time(20))],
)
def test_inconsistent_calendar_hours_are_rejected(opens: time, closes: time) -> None:
    with pytest.raises(ValueError, match="calendar"):
        WorkingCalendar(
            tz=MSK, opens=opens, closes=closes, years=range(2025, 2026), is_working_day=weekdays
        )


@pytest.mark.parametrize("years", [range(2025, 2025), range(2025, 2030, 2), range(0, 3)])
def test_years_must_be_a_plain_non_empty_range(years: range) -> None:
    with pytest.raises(ValueError, match="years"):
        WorkingCalendar(
            tz=MSK, opens=time(11), closes=time(20), years=years, is_working_day=weekdays
        )


def test_calendar_accepts_a_tzinfo_object_and_reports_its_range() -> None:
    cal = WorkingCalendar(
        tz=MSK, opens=time(11), closes=time(20), years=range(2025, 2027), is_working_day=weekdays
    )
    assert cal.tz is MSK
    assert (cal.first_day, cal.last_day, cal.years) == (
        date(2025, 1, 1),
        date(2026, 12, 31),
        range(2025, 2027),
    )
    with pytest.raises(CalendarRangeError, match="2027-01-01"):
        cal.hours_on(date(2027, 1, 1))


@pytest.mark.parametrize(
    ("at", "is_open"),
    [
        (msk(MONDAY, 10, 59), False),
        (msk(MONDAY, 11), True),
        (msk(MONDAY, 19, 59), True),
        (msk(MONDAY, 20), False),
        (msk(SATURDAY, 12), False),
    ],
)
def test_business_hours_are_open_at_opening_and_closed_at_closing(
    at: datetime, is_open: bool
) -> None:
    assert PLAIN.is_open(at) is is_open


def test_next_opening_is_the_instant_itself_when_open() -> None:
    at = datetime(2025, 12, 1, 9, 30, tzinfo=UTC)  # 12:30 MSK
    got = PLAIN.next_opening(at)
    assert got == at
    assert got.tzinfo is PLAIN.tz


def test_next_opening_after_hours_is_the_next_working_morning() -> None:
    assert PLAIN.next_opening(msk(SATURDAY - timedelta(days=1), 20)) == msk(
        SATURDAY + timedelta(days=2), 11
    )


def test_next_opening_after_the_last_known_day_raises() -> None:
    with pytest.raises(CalendarRangeError, match="no opening after"):
        PLAIN.next_opening(msk(date(2026, 12, 31), 21))


def test_elapsed_backwards_is_negative() -> None:
    start, end = msk(MONDAY, 12), msk(MONDAY + timedelta(days=1), 12)
    assert PLAIN.elapsed(start, end) == timedelta(hours=9)
    assert PLAIN.elapsed(end, start) == -timedelta(hours=9)
    assert PLAIN.elapsed(start, start) == timedelta(0)


def test_elapsed_outside_business_hours_is_zero() -> None:
    assert PLAIN.elapsed(msk(MONDAY, 20), msk(MONDAY + timedelta(days=1), 11)) == timedelta(0)
    assert PLAIN.elapsed(msk(SATURDAY, 0), msk(SATURDAY, 23)) == timedelta(0)


def test_negative_duration_is_rejected() -> None:
    with pytest.raises(ValueError, match="negative"):
        PLAIN.deadline(msk(MONDAY, 12), timedelta(hours=-1))
    with pytest.raises(ValueError, match=r"durations\[1\] must not be negative"):
        PLAIN.deadlines([msk(MONDAY, 12)] * 2, [timedelta(0), timedelta(seconds=-1)])


def test_deadlines_match_deadline_one_by_one_including_zero_and_utc_inputs() -> None:
    starts = [msk(MONDAY, 12), datetime(2025, 12, 6, 3, tzinfo=UTC), msk(SATURDAY, 4)]
    durations = [timedelta(hours=8), timedelta(hours=1), timedelta(0)]
    assert PLAIN.deadlines(starts, durations) == [
        PLAIN.deadline(start, duration) for start, duration in zip(starts, durations, strict=True)
    ]
    assert PLAIN.deadlines(starts, durations)[:2] == [msk(MONDAY, 20), msk(date(2025, 12, 8), 12)]


def test_deadlines_of_nothing_is_empty() -> None:
    assert PLAIN.deadlines([], []) == []


def test_deadlines_needs_one_duration_per_start() -> None:
    with pytest.raises(ValueError, match="2 starts but 1 durations"):
        PLAIN.deadlines([msk(MONDAY, 12)] * 2, [timedelta(hours=1)])


def test_deadlines_report_the_first_out_of_range_row() -> None:
    with pytest.raises(CalendarRangeError, match=r"starts\[1\]: 2027-01-05"):
        PLAIN.deadlines([msk(MONDAY, 12), msk(date(2027, 1, 5), 12)], [timedelta(hours=1)] * 2)
    with pytest.raises(CalendarRangeError, match="falls after the last known day"):
        PLAIN.deadlines([msk(MONDAY, 12), msk(date(2026, 12, 31), 12)], [timedelta(hours=9)] * 2)


def test_calendar_without_working_days_only_answers_zero_durations() -> None:
    closed = WorkingCalendar(
        tz=MSK,
        opens=time(11),
        closes=time(20),
        years=range(2025, 2026),
        is_working_day=lambda day: False,
    )
    start = msk(MONDAY, 12)
    assert closed.deadlines([start], [timedelta(0)]) == [start]
    with pytest.raises(CalendarRangeError):
        closed.deadlines([start], [timedelta(hours=1)])
    with pytest.raises(CalendarRangeError):
        closed.deadline(start, timedelta(hours=1))
    assert closed.elapsed(start, start + timedelta(days=30)) == timedelta(0)


def test_business_time_across_a_dst_switch_is_real_elapsed_time() -> None:
    cal = dst_calendar()  # Berlin, 00:30-23:30 every day
    switch_day = date(2025, 3, 30)  # 02:00 CET -> 03:00 CEST
    opens = datetime.combine(switch_day, time(0, 30), tzinfo=BERLIN)
    closes = datetime.combine(switch_day, time(23, 30), tzinfo=BERLIN)
    assert cal.elapsed(opens, closes) == timedelta(hours=22)
    got = cal.deadline(opens, timedelta(hours=2))
    assert (got.hour, got.minute, got.utcoffset()) == (3, 30, timedelta(hours=2))
    assert cal.deadlines([opens], [timedelta(hours=2)]) == [got]
