"""WorkingIntervals: the cumulative-business-time search, on small integer time lines."""

from __future__ import annotations

import numpy as np
import pytest

from supportdesk.businesstime._intervals import WorkingIntervals

# Spans [10, 20) and [30, 35): 10 + 5 units of business time.
SPANS = WorkingIntervals.from_spans([(10, 20), (30, 35)])


@pytest.mark.parametrize(
    ("at", "position"), [(0, 0), (10, 0), (15, 5), (20, 10), (25, 10), (30, 10), (35, 15), (99, 15)]
)
def test_position_counts_business_time_before_an_instant(at: int, position: int) -> None:
    assert SPANS.position(at) == position


@pytest.mark.parametrize(
    ("at", "wanted", "instant"),
    [(0, 1, 11), (0, 10, 20), (15, 5, 20), (20, 1, 31), (0, 11, 31), (25, 5, 35), (0, 16, None)],
)
def test_advance_prefers_a_closing_time_to_the_next_opening(
    at: int, wanted: int, instant: int | None
) -> None:
    assert SPANS.advance(at, wanted) == instant


def test_open_spans_are_half_open() -> None:
    assert [SPANS.is_open(at) for at in (9, 10, 19, 20, 30, 35)] == [
        False,
        True,
        True,
        False,
        True,
        False,
    ]


def test_next_span_is_the_first_opening_after_an_instant() -> None:
    assert [SPANS.next_span(at) for at in (0, 10, 25, 30, 40)] == [0, 1, 1, None, None]


def test_vector_queries_match_single_queries() -> None:
    instants = np.arange(-5, 45, dtype=np.int64)
    assert SPANS.positions(instants).tolist() == [SPANS.position(at) for at in range(-5, 45)]
    targets = np.arange(1, 16, dtype=np.int64)
    reached, span = SPANS.reaches(targets)
    assert reached.tolist() == [SPANS.advance(0, target) for target in range(1, 16)]
    assert span.tolist() == [0] * 10 + [1] * 5
    _, beyond = SPANS.reaches(np.array([16], dtype=np.int64))
    assert beyond.tolist() == [2]


def test_empty_spans_are_dropped() -> None:
    spans = WorkingIntervals.from_spans([(10, 20), (25, 25), (27, 26), (30, 35)])
    assert (spans.opens, spans.closes, spans.total) == ([10, 30], [20, 35], 15)


def test_overlapping_spans_are_rejected() -> None:
    with pytest.raises(ValueError, match="ascending and disjoint"):
        WorkingIntervals.from_spans([(10, 20), (15, 25)])


def test_no_spans_means_no_business_time() -> None:
    empty = WorkingIntervals.from_spans([])
    assert (empty.total, empty.position(5), empty.advance(0, 1), empty.next_span(0)) == (
        0,
        0,
        None,
        None,
    )
    assert empty.positions(np.array([5], dtype=np.int64)).tolist() == [0]
    assert empty.reaches(np.array([1], dtype=np.int64))[1].tolist() == [0]
