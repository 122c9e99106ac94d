"""Conversions between aware datetimes/timedeltas and integer epoch microseconds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from itertools import repeat
from operator import floordiv
from zoneinfo import ZoneInfo

import numpy as np

from ._intervals import Int64Array

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NAIVE_EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 - base for wall-clock arithmetic only
ONE_US = timedelta(microseconds=1)

# datetime.timestamp() runs in C and is the cheapest way in for a batch; its float still
# holds the exact microsecond while |seconds| < 2**31 (until 2038): the division is
# correctly rounded (error <= 0.12 us) and so is the * 1e6 (<= 0.125 us), which stays
# under the 0.5 us that rounding recovers. Beyond that we take the exact integer route.
_FLOAT_EXACT_SECONDS = 2.0**31
FLOAT_EXACT_US = 2**31 * 1_000_000

# These tzinfo classes never answer utcoffset() with None for a datetime, so a non-None
# tzinfo of one of them is enough to call the datetime aware.
_ALWAYS_AWARE = (ZoneInfo, timezone)


def _naive_error(name: str, value: datetime) -> ValueError:
    return ValueError(f"{name} must be a timezone-aware datetime, got naive {value!r}")


def wall_clocks_us(values: Sequence[datetime]) -> Int64Array:
    clocks = (floordiv(value.replace(tzinfo=None) - NAIVE_EPOCH, ONE_US) for value in values)
    return np.fromiter(clocks, dtype=np.int64, count=len(values))


def constant_offset_us(tz: tzinfo, first_us: int, end_us: int) -> int | None:
    """The zone's UTC offset if it is the same over ``[first_us, end_us]``, else ``None``.

    zoneinfo does not expose transitions, so we sample hourly: no zone changes its offset
    and changes it back within an hour, so agreeing hourly samples prove it constant.
    """
    if isinstance(tz, timezone):
        return tz.utcoffset(None) // ONE_US
    hour = 3_600_000_000
    offsets = {
        us_to_datetime(instant, tz).utcoffset() for instant in range(first_us, end_us + hour, hour)
    }
    if len(offsets) != 1:
        return None
    [offset] = offsets
    return None if offset is None else offset // ONE_US


def instant_to_us(value: datetime, name: str) -> int:
    tz = value.tzinfo
    if tz is None or (type(tz) not in _ALWAYS_AWARE and value.utcoffset() is None):
        raise _naive_error(name, value)
    return (value - EPOCH) // ONE_US


def instants_to_us(values: Sequence[datetime], name: str) -> Int64Array:
    zones = {value.tzinfo for value in values}
    if None in zones or any(type(zone) not in _ALWAYS_AWARE for zone in zones):
        for value in values:
            if value.tzinfo is None or value.utcoffset() is None:
                raise _naive_error(name, value)
    count = len(values)
    seconds = np.fromiter(map(datetime.timestamp, values), dtype=np.float64, count=count)
    if count and float(np.abs(seconds).max()) < _FLOAT_EXACT_SECONDS:
        return np.rint(seconds * 1e6).astype(np.int64)
    exact = (floordiv(value - EPOCH, ONE_US) for value in values)
    return np.fromiter(exact, dtype=np.int64, count=count)


def durations_to_us(values: Sequence[timedelta]) -> Int64Array:
    return np.fromiter(map(floordiv, values, repeat(ONE_US)), dtype=np.int64, count=len(values))


def us_to_datetime(us: int, tz: tzinfo) -> datetime:
    """Exact for any zone, including instants next to a DST transition (sets ``fold``)."""
    if -FLOAT_EXACT_US < us < FLOAT_EXACT_US:
        # fromtimestamp rounds to the nearest microsecond, which the float still pins down.
        return datetime.fromtimestamp(us / 1e6, tz)
    return (EPOCH + timedelta(microseconds=us)).astimezone(tz)


def wall_clocks_to_datetimes(wall_clocks: Int64Array, tz: tzinfo) -> list[datetime]:
    """Wall-clock microseconds to aware datetimes; only valid where the offset is unambiguous.

    numpy builds the naive datetimes in C; attaching the zone is all that is left.
    """
    naive = wall_clocks.astype("datetime64[us]").astype(object)
    return [value.replace(tzinfo=tz) for value in naive]
