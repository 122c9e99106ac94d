"""Working intervals on the UTC time line, with cumulative business time.

Everything here works on integer microseconds since the Unix epoch: integers keep the
maths exact (a float would drift by a microsecond and break ``elapsed(s, deadline(s, d)) == d``)
and make the queries plain binary searches. Conversions from and to ``datetime`` live in
``_instants.py``.

Business time is modelled as a non-decreasing "position" function ``P(t)``: the business
microseconds elapsed between the calendar's first instant and ``t``. Then

* ``elapsed(s, e) = P(e) - P(s)``
* ``deadline(s, d)`` is the earliest ``t`` with ``P(t) = P(s) + d``,

which is what makes a deadline land exactly on a closing time instead of the next opening.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Int64Array = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, eq=False)
class WorkingIntervals:
    """Disjoint ``[opens[i], closes[i])`` spans in ascending order.

    ``before[i]`` is the business time before span ``i``; ``after[i] = before[i] + length``.
    The lists serve single queries (``bisect`` on a list beats a numpy scalar call); the
    arrays serve batches.
    """

    opens: list[int]
    closes: list[int]
    before: list[int]
    after: list[int]
    opens_array: Int64Array
    closes_array: Int64Array
    before_array: Int64Array
    after_array: Int64Array

    @classmethod
    def from_spans(cls, spans: Iterable[tuple[int, int]]) -> WorkingIntervals:
        opens: list[int] = []
        closes: list[int] = []
        before: list[int] = []
        after: list[int] = []
        total = 0
        for start, end in spans:
            if end <= start:
                # A DST gap can swallow a whole short day; it then contributes nothing.
                continue
            if closes and start < closes[-1]:
                raise ValueError("working intervals must be ascending and disjoint")
            opens.append(start)
            closes.append(end)
            before.append(total)
            total += end - start
            after.append(total)
        return cls(
            opens=opens,
            closes=closes,
            before=before,
            after=after,
            opens_array=np.array(opens, dtype=np.int64),
            closes_array=np.array(closes, dtype=np.int64),
            before_array=np.array(before, dtype=np.int64),
            after_array=np.array(after, dtype=np.int64),
        )

    @property
    def total(self) -> int:
        """Business time from the first opening to the last closing."""
        return self.after[-1] if self.after else 0

    def position(self, at: int) -> int:
        i = bisect_right(self.opens, at) - 1
        if i < 0:
            return 0
        return self.before[i] + min(at, self.closes[i]) - self.opens[i]

    def advance(self, at: int, wanted: int) -> int | None:
        """The earliest instant whose position is ``position(at) + wanted`` (``wanted > 0``).

        ``bisect_left`` on the cumulative ends picks the span that *ends* at the target
        when there is one, so a deadline can be a closing time. ``None`` means beyond the
        data. Position and search are fused in one call: ``deadline()`` is the hot path.
        """
        opens, before = self.opens, self.before
        i = bisect_right(opens, at) - 1
        target = wanted if i < 0 else wanted + before[i] + min(at, self.closes[i]) - opens[i]
        j = bisect_left(self.after, target)
        if j == len(opens):
            return None
        return opens[j] + target - before[j]

    def is_open(self, at: int) -> bool:
        i = bisect_right(self.opens, at) - 1
        return i >= 0 and at < self.closes[i]

    def next_span(self, at: int) -> int | None:
        """Index of the first span opening after ``at``; ``None`` means beyond the data."""
        k = bisect_right(self.opens, at)
        return k if k < len(self.opens) else None

    def positions(self, at: Int64Array) -> Int64Array:
        if not self.opens:
            return np.zeros_like(at)
        i = np.searchsorted(self.opens_array, at, side="right") - 1
        # Index 0 stands in for "before the first span"; np.where then zeroes those rows.
        safe = np.maximum(i, 0)
        inside = (
            self.before_array[safe]
            + np.minimum(at, self.closes_array[safe])
            - self.opens_array[safe]
        )
        return np.where(i >= 0, inside, 0)

    def reaches(self, targets: Int64Array) -> tuple[Int64Array, Int64Array]:
        """Earliest instants at the target positions (> 0), and their spans.

        The vector form of :meth:`advance`'s search; a span index equal to ``len(opens)``
        means beyond the data.
        """
        j = np.searchsorted(self.after_array, targets, side="left")
        if not self.opens:
            return np.zeros_like(targets), j
        safe = np.minimum(j, len(self.opens) - 1)
        return self.opens_array[safe] + targets - self.before_array[safe], j
