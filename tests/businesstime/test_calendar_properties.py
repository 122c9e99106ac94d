"""Property tests: WorkingCalendar against the reference walker, plus algebraic laws."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from supportdesk.businesstime import WorkingCalendar, default_calendar

from .calendars import BERLIN, DST_YEARS, MSK, dst_calendar, dst_hours, ru_hours, weekdays
from .reference_walker import walk_deadline, walk_elapsed, walk_is_open

CAL = default_calendar()
DST_CAL = dst_calendar()
PROPERTY_SETTINGS = settings(max_examples=250, deadline=None)

INPUT_ZONES = st.sampled_from(
    [MSK, UTC, ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo"), timezone(timedelta(hours=-3))]
)
# Instants right at, and a microsecond around, the day's edges find off-by-one errors.
EDGE_TIMES = st.sampled_from(
    [
        time(0),
        time(10, 59, 59, 999999),
        time(11),
        time(11, 0, 0, 1),
        time(15),
        time(19, 59, 59, 999999),
        time(20),
        time(20, 0, 0, 1),
        time(23, 59, 59, 999999),
    ]
)


def instants(first: date, last: date) -> st.SearchStrategy[datetime]:
    anywhere = st.datetimes(
        min_value=datetime.combine(first, time(0)),
        max_value=datetime.combine(last, time(0)),
        timezones=INPUT_ZONES,
    )
    on_edges = st.builds(
        lambda day, clock: datetime.combine(day, clock, tzinfo=MSK),
        st.dates(min_value=first, max_value=last),
        EDGE_TIMES,
    )
    return st.one_of(anywhere, on_edges)


# Leave room after the last start for two of the longest durations (2 x 60 business days).
STARTS = instants(date(2020, 1, 2), date(2027, 3, 31))
ENDS = instants(date(2020, 1, 2), date(2027, 12, 30))
DURATIONS = st.one_of(
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=540)),
    st.integers(min_value=0, max_value=540).map(lambda hours: timedelta(hours=hours)),
    st.sampled_from([timedelta(microseconds=1), timedelta(hours=9), timedelta(hours=16)]),
)


@PROPERTY_SETTINGS
@given(start=STARTS, duration=DURATIONS)
def test_deadline_matches_reference_walker(start: datetime, duration: timedelta) -> None:
    expected = walk_deadline(start, duration, tz=MSK, hours_for=ru_hours)
    got = CAL.deadline(start, duration)
    assert got == expected
    assert got.tzinfo is CAL.tz


@PROPERTY_SETTINGS
@given(start=ENDS, end=ENDS)
def test_elapsed_matches_reference_walker(start: datetime, end: datetime) -> None:
    assert CAL.elapsed(start, end) == walk_elapsed(start, end, tz=MSK, hours_for=ru_hours)


@PROPERTY_SETTINGS
@given(start=STARTS, duration=DURATIONS)
def test_elapsed_until_deadline_is_the_duration(start: datetime, duration: timedelta) -> None:
    assert CAL.elapsed(start, CAL.deadline(start, duration)) == duration


@PROPERTY_SETTINGS
@given(start=ENDS, end=ENDS)
def test_deadline_of_elapsed_is_the_earliest_equivalent_instant(
    start: datetime, end: datetime
) -> None:
    start, end = min(start, end), max(start, end)
    reached = CAL.deadline(start, CAL.elapsed(start, end))
    assert start <= reached <= end
    assert CAL.elapsed(reached, end) == timedelta(0)


@PROPERTY_SETTINGS
@given(first=STARTS, second=STARTS, duration=DURATIONS)
def test_deadline_is_monotonic_in_start(
    first: datetime, second: datetime, duration: timedelta
) -> None:
    first, second = min(first, second), max(first, second)
    assert CAL.deadline(first, duration) <= CAL.deadline(second, duration)


@PROPERTY_SETTINGS
@given(start=STARTS, shorter=DURATIONS, longer=DURATIONS)
def test_deadline_is_monotonic_in_duration(
    start: datetime, shorter: timedelta, longer: timedelta
) -> None:
    shorter, longer = min(shorter, longer), max(shorter, longer)
    assert CAL.deadline(start, shorter) <= CAL.deadline(start, longer)


@PROPERTY_SETTINGS
@given(start=STARTS, first=DURATIONS, second=DURATIONS.filter(bool))
def test_deadlines_chain(start: datetime, first: timedelta, second: timedelta) -> None:
    midway = CAL.deadline(start, first)
    assert CAL.deadline(midway, second) == CAL.deadline(start, first + second)


@PROPERTY_SETTINGS
@given(a=ENDS, b=ENDS, c=ENDS)
def test_elapsed_is_additive_and_antisymmetric(a: datetime, b: datetime, c: datetime) -> None:
    assert CAL.elapsed(a, b) + CAL.elapsed(b, c) == CAL.elapsed(a, c)
    assert CAL.elapsed(a, b) == -CAL.elapsed(b, a)


@PROPERTY_SETTINGS
@given(at=STARTS)
def test_is_open_and_next_opening_match_reference_walker(at: datetime) -> None:
    is_open = walk_is_open(at, tz=MSK, hours_for=ru_hours)
    assert CAL.is_open(at) is is_open
    opening = CAL.next_opening(at)
    assert CAL.is_open(opening)
    assert opening >= at
    assert walk_elapsed(at, opening, tz=MSK, hours_for=ru_hours) == timedelta(0)
    if is_open:
        assert opening == at


@PROPERTY_SETTINGS
@given(pairs=st.lists(st.tuples(STARTS, DURATIONS), max_size=40))
def test_deadlines_equals_deadline_one_by_one(pairs: list[tuple[datetime, timedelta]]) -> None:
    starts = [start for start, _ in pairs]
    durations = [duration for _, duration in pairs]
    expected = [CAL.deadline(start, duration) for start, duration in pairs]
    got = CAL.deadlines(starts, durations)
    assert got == expected
    assert all(value.tzinfo is CAL.tz for value in got)


DST_STARTS = st.datetimes(
    min_value=datetime(DST_YEARS.start, 1, 1),
    max_value=datetime(DST_YEARS[-1], 11, 30),
    timezones=st.sampled_from([BERLIN, UTC]),
)
DST_DURATIONS = st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=24 * 20))


@PROPERTY_SETTINGS
@given(pairs=st.lists(st.tuples(DST_STARTS, DST_DURATIONS), min_size=1, max_size=20))
def test_dst_zone_matches_reference_walker(pairs: list[tuple[datetime, timedelta]]) -> None:
    starts = [start for start, _ in pairs]
    durations = [duration for _, duration in pairs]
    expected = [walk_deadline(s, d, tz=BERLIN, hours_for=dst_hours) for s, d in pairs]
    assert [DST_CAL.deadline(s, d) for s, d in pairs] == expected
    assert DST_CAL.deadlines(starts, durations) == expected
    # Equal instants are not enough near a DST switch: the wall clock and fold must be right.
    for got, want in zip(DST_CAL.deadlines(starts, durations), expected, strict=True):
        assert (got.replace(tzinfo=None), got.utcoffset()) == (
            want.replace(tzinfo=None),
            want.utcoffset(),
        )
    assert DST_CAL.elapsed(starts[0], starts[-1]) == walk_elapsed(
        starts[0], starts[-1], tz=BERLIN, hours_for=dst_hours
    )


# Moscow moved from +04:00 to +03:00 on 26 October 2014: a calendar spanning that day
# cannot read instants off the wall clock and must still agree with the walker.
MSK_2014_CAL = WorkingCalendar(
    tz=MSK, opens=time(11), closes=time(20), years=range(2014, 2016), is_working_day=weekdays
)


def weekday_hours(day: date) -> tuple[time, time] | None:
    return (time(11), time(20)) if weekdays(day) else None


@PROPERTY_SETTINGS
@given(
    start=st.datetimes(
        min_value=datetime(2014, 1, 2),
        max_value=datetime(2015, 10, 1),
        timezones=st.sampled_from([MSK, UTC]),
    ),
    duration=DURATIONS,
)
def test_moscow_offset_change_matches_reference_walker(
    start: datetime, duration: timedelta
) -> None:
    expected = walk_deadline(start, duration, tz=MSK, hours_for=weekday_hours)
    assert MSK_2014_CAL.deadline(start, duration) == expected
    assert MSK_2014_CAL.deadlines([start], [duration]) == [expected]
    assert MSK_2014_CAL.elapsed(start, expected) == duration
