"""The working calendar: time zone + daily hours + working days + overrides."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import numpy as np

from ._errors import CalendarRangeError
from ._instants import (
    EPOCH,
    FLOAT_EXACT_US,
    NAIVE_EPOCH,
    ONE_US,
    constant_offset_us,
    durations_to_us,
    instant_to_us,
    instants_to_us,
    us_to_datetime,
    wall_clocks_to_datetimes,
    wall_clocks_us,
)
from ._intervals import Int64Array, WorkingIntervals
from ._overrides import DayOverride

_ONE_DAY = timedelta(days=1)
_NO_ZONE = object()


class WorkingCalendar:
    """Business hours on a calendar of working days, for a known range of years.

    All working intervals of the range are computed once, at construction, as UTC spans
    with cumulative business time, so every query is a binary search.

    Business hours are wall-clock times in ``tz``: on a DST-switch day the interval is as
    long as the clock says (non-existent wall times resolve as in PEP 495 with ``fold=0``).
    Intervals are half-open: the calendar is open at ``opens`` and closed at ``closes``.
    """

    __slots__ = (
        "_closes",
        "_fast_zone",
        "_first_day",
        "_fixed_shift",
        "_float_output",
        "_hours",
        "_intervals",
        "_last_day",
        "_opens",
        "_overrides",
        "_range_end",
        "_range_start",
        "_shift_array",
        "_tz",
        "_uniform_array",
        "_years",
    )

    def __init__(
        self,
        *,
        tz: str | tzinfo,
        opens: time,
        closes: time,
        years: range,
        is_working_day: Callable[[date], bool],
        overrides: Iterable[DayOverride] = (),
    ) -> None:
        """Build the calendar.

        ``is_working_day`` is asked about every date in ``years`` (e.g. the ``holidays``
        package's ``is_working_day``); ``overrides`` then win over it, one date each.
        Raises ``ValueError`` for inconsistent hours or duplicate override dates and
        ``CalendarRangeError`` for an override outside ``years``.

        Building walks every day of the range once (tens of milliseconds for a decade):
        build a calendar when its definition changes and share it; it is immutable.
        """
        self._tz: tzinfo = ZoneInfo(tz) if isinstance(tz, str) else tz
        _check_hours(opens, closes, "calendar")
        if years.step != 1 or len(years) == 0 or years.start < 1 or years[-1] > 9998:
            raise ValueError(
                f"years must be a non-empty range(start, stop) within 1..9998: {years}"
            )
        self._opens = opens
        self._closes = closes
        self._years = years
        self._first_day = date(years.start, 1, 1)
        self._last_day = date(years[-1], 12, 31)
        self._overrides = self._index_overrides(overrides)
        self._hours = {
            day: hours
            for day in self._days()
            if (hours := self._resolve_hours(day, is_working_day)) is not None
        }
        self._range_start = self._moment(self._first_day, time(0))
        self._range_end = self._moment(self._last_day + _ONE_DAY, time(0))
        self._intervals = WorkingIntervals.from_spans(
            (self._moment(day, start), self._moment(day, end))
            for day, (start, end) in self._hours.items()
        )
        # Per span: the zone's UTC offset, which lets deadlines() build wall-clock results
        # in bulk, or None where that shortcut would be wrong (DST transitions).
        shifts = [self._uniform_shift(o, c) for o, c in self._intervals_spans()]
        self._shift_array = np.array([s or 0 for s in shifts], dtype=np.int64)
        self._uniform_array = np.array([s is not None for s in shifts], dtype=np.bool_)
        # A zone with one offset over the whole range (Moscow has had +03:00 since 2014)
        # lets inputs in that zone be read straight off the wall clock, skipping the
        # zoneinfo lookup that dominates a query. A day of margin covers any input whose
        # wall clock could land in range.
        day_us = _ONE_DAY // ONE_US
        fixed_shift = constant_offset_us(
            self._tz, self._range_start - day_us, self._range_end + day_us
        )
        self._fast_zone: object = _NO_ZONE if fixed_shift is None else self._tz
        self._fixed_shift = fixed_shift or 0
        self._float_output = -FLOAT_EXACT_US < self._range_start < self._range_end < FLOAT_EXACT_US

    # -- description -------------------------------------------------------------------

    @property
    def tz(self) -> tzinfo:
        return self._tz

    @property
    def opens(self) -> time:
        return self._opens

    @property
    def closes(self) -> time:
        return self._closes

    @property
    def years(self) -> range:
        return self._years

    @property
    def first_day(self) -> date:
        """First date the calendar knows (1 January of its first year)."""
        return self._first_day

    @property
    def last_day(self) -> date:
        """Last date the calendar knows (31 December of its last year)."""
        return self._last_day

    @property
    def overrides(self) -> tuple[DayOverride, ...]:
        return tuple(self._overrides.values())

    def hours_on(self, day: date) -> tuple[time, time] | None:
        """Opening and closing wall-clock times of ``day``, or ``None`` for a day off."""
        if not self._first_day <= day <= self._last_day:
            raise CalendarRangeError(day, self._first_day, self._last_day)
        return self._hours.get(day)

    # -- queries -----------------------------------------------------------------------

    def deadline(self, start: datetime, duration: timedelta) -> datetime:
        """The earliest instant at which ``duration`` of business time has elapsed since ``start``.

        Counting starts at ``start`` or, outside business hours, at the next opening; the
        result can be a closing time (20:00 stays 20:00). A zero duration returns ``start``
        itself (the same instant, in the calendar's zone). The result is aware, in ``tz``.
        Raises ``ValueError`` for a naive ``start`` or a negative ``duration`` and
        ``CalendarRangeError`` when ``start`` or the deadline lies outside the known range.
        """
        # The hot path of single queries: _instant() is inlined here on purpose.
        if start.tzinfo is self._fast_zone:
            at = (start.replace(tzinfo=None) - NAIVE_EPOCH) // ONE_US - self._fixed_shift
        else:
            at = instant_to_us(start, "start")
        if not self._range_start <= at < self._range_end:
            raise self._outside_error(start, "start")
        wanted = duration // ONE_US
        if wanted <= 0:
            if wanted < 0:
                raise ValueError(f"duration must not be negative, got {duration}")
            # Rebuilt from the instant rather than start.astimezone(): with the same tzinfo
            # that is a no-op and would hand back a non-existent (DST gap) wall time as is.
            return us_to_datetime(at, self._tz)
        reached = self._intervals.advance(at, wanted)
        if reached is None:
            raise self._beyond_error(start, duration)
        if self._float_output:  # us_to_datetime() without the call and the window check
            return datetime.fromtimestamp(reached / 1e6, self._tz)
        return us_to_datetime(reached, self._tz)

    def deadlines(
        self, starts: Sequence[datetime], durations: Sequence[timedelta]
    ) -> list[datetime]:
        """``[deadline(s, d) for s, d in zip(starts, durations)]``, vectorised."""
        count = len(starts)
        if len(durations) != count:
            raise ValueError(f"got {count} starts but {len(durations)} durations")
        if count == 0:
            return []
        at = self._instants(starts, "starts")
        wanted = durations_to_us(durations)
        outside = (at < self._range_start) | (at >= self._range_end)
        if outside.any():
            index = int(np.argmax(outside))
            raise self._outside_error(starts[index], f"starts[{index}]")
        if (wanted < 0).any():
            index = int(np.argmax(wanted < 0))
            raise ValueError(f"durations[{index}] must not be negative, got {durations[index]}")
        zero = wanted == 0
        if not self._intervals.opens:
            if zero.all():
                return [us_to_datetime(instant, self._tz) for instant in at.tolist()]
            index = int(np.argmax(~zero))
            raise self._beyond_error(starts[index], durations[index])
        result, span = self._intervals.reaches(self._intervals.positions(at) + wanted)
        beyond = (span >= len(self._intervals.opens)) & ~zero
        if beyond.any():
            index = int(np.argmax(beyond))
            raise self._beyond_error(starts[index], durations[index])
        span = np.minimum(span, len(self._intervals.opens) - 1)
        out = wall_clocks_to_datetimes(result + self._shift_array[span], self._tz)
        # Rows the wall-clock shortcut cannot serve: zero durations (the start instant comes
        # back) and spans next to a DST transition. Rare, so a Python loop is fine.
        slow = zero | ~self._uniform_array[span]
        instants = np.where(zero, at, result)
        for index in np.flatnonzero(slow).tolist():
            out[index] = us_to_datetime(int(instants[index]), self._tz)
        return out

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Business time between two instants.

        Antisymmetric: when ``end`` is before ``start`` the result is negative,
        ``elapsed(a, b) == -elapsed(b, a)`` (handy for "time left until a deadline").
        Raises like :meth:`deadline` for naive or out-of-range instants.
        """
        position = self._intervals.position
        begin = self._instant(start, "start")
        finish = self._instant(end, "end")
        return timedelta(microseconds=position(finish) - position(begin))

    def is_open(self, at: datetime) -> bool:
        """Whether ``at`` falls within business hours (open at opening, closed at closing)."""
        return self._intervals.is_open(self._instant(at, "at"))

    def next_opening(self, at: datetime) -> datetime:
        """When the business clock runs from ``at`` on: ``at`` if open now, else the next opening."""
        instant = self._instant(at, "at")
        if self._intervals.is_open(instant):
            return us_to_datetime(instant, self._tz)
        span = self._intervals.next_span(instant)
        if span is None:
            raise CalendarRangeError(
                self._last_day + _ONE_DAY,
                self._first_day,
                self._last_day,
                context=f"no opening after {at.isoformat()}",
            )
        return us_to_datetime(self._intervals.opens[span], self._tz)

    # -- construction helpers ------------------------------------------------------------

    def _index_overrides(self, overrides: Iterable[DayOverride]) -> dict[date, DayOverride]:
        indexed: dict[date, DayOverride] = {}
        for override in sorted(overrides, key=lambda o: o.day):
            if override.day in indexed:
                raise ValueError(f"two overrides for {override.day}")
            if not self._first_day <= override.day <= self._last_day:
                raise CalendarRangeError(
                    override.day, self._first_day, self._last_day, context="override"
                )
            indexed[override.day] = override
        return indexed

    def _days(self) -> Iterator[date]:
        day = self._first_day
        while day <= self._last_day:
            yield day
            day += _ONE_DAY

    def _resolve_hours(
        self, day: date, is_working_day: Callable[[date], bool]
    ) -> tuple[time, time] | None:
        override = self._overrides.get(day)
        if override is None:
            return (self._opens, self._closes) if is_working_day(day) else None
        if not override.working:
            return None
        start = self._opens if override.opens is None else override.opens
        end = self._closes if override.closes is None else override.closes
        _check_hours(start, end, f"override for {day}")
        return start, end

    def _moment(self, day: date, clock: time) -> int:
        """Epoch microseconds of a wall-clock time on a date in the calendar's zone."""
        return (datetime.combine(day, clock, tzinfo=self._tz) - EPOCH) // ONE_US

    def _intervals_spans(self) -> Iterator[tuple[int, int]]:
        return zip(self._intervals.opens, self._intervals.closes, strict=True)

    def _uniform_shift(self, open_us: int, close_us: int) -> int | None:
        """The zone's UTC offset over a span, or ``None`` if it changes or is ambiguous.

        With one offset at both ends, and both ends' wall-clock times meaning the same
        instant under ``fold=0``, a local time inside the span can only be ambiguous if
        two DST transitions fell within one working day, which no zone does.
        """
        shifts: set[int] = set()
        for instant in (open_us, close_us):
            local = us_to_datetime(instant, self._tz)
            offset = local.utcoffset()
            if offset is None or local.replace(fold=0).utcoffset() != offset:
                return None
            shifts.add(offset // ONE_US)
        return shifts.pop() if len(shifts) == 1 else None

    # -- query helpers -------------------------------------------------------------------

    def _instant(self, value: datetime, name: str) -> int:
        if value.tzinfo is self._fast_zone:
            instant = (value.replace(tzinfo=None) - NAIVE_EPOCH) // ONE_US - self._fixed_shift
        else:
            instant = instant_to_us(value, name)
        if not self._range_start <= instant < self._range_end:
            raise self._outside_error(value, name)
        return instant

    def _instants(self, values: Sequence[datetime], name: str) -> Int64Array:
        zones = {value.tzinfo for value in values}
        if len(zones) == 1 and self._fast_zone in zones:
            return wall_clocks_us(values) - self._fixed_shift
        return instants_to_us(values, name)

    def _outside_error(self, value: datetime, name: str) -> CalendarRangeError:
        try:
            day = value.astimezone(self._tz).date()
        except OverflowError:  # datetime.max and friends cannot be shifted
            day = value.date()
        return CalendarRangeError(day, self._first_day, self._last_day, context=name)

    def _beyond_error(self, start: datetime, duration: timedelta) -> CalendarRangeError:
        return CalendarRangeError(
            self._last_day + _ONE_DAY,
            self._first_day,
            self._last_day,
            context=f"deadline of {start.isoformat()} + {duration} falls after the last known day",
        )


def _check_hours(opens: time, closes: time, what: str) -> None:
    if opens.tzinfo is not None or closes.tzinfo is not None:
        raise ValueError(f"{what}: hours are wall-clock times; pass them without tzinfo")
    # Overnight shifts would need spans crossing midnight; the desk has none, so refuse
    # rather than silently produce an empty day.
    if opens >= closes:
        raise ValueError(f"{what}: opens {opens} must be before closes {closes}")
