"""The arithmetic of the report's figures, stated once: hours, shares and percentiles."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def hours(seconds: float) -> float:
    return round(seconds / 3600, 2)


def share_met(met: int, breached: int) -> float | None:
    """Percentage of decided clocks that met their target; None when none is decided yet."""
    decided = met + breached
    return round(100 * met / decided, 1) if decided else None


def median_and_p90(values: Sequence[float]) -> tuple[float | None, float | None]:
    """Median and 90th percentile, interpolated between the nearest values (the "inclusive"
    method: the 90th percentile of n sorted values sits at position 0.9 × (n − 1))."""
    if not values:
        return None, None
    if len(values) == 1:
        return values[0], values[0]
    deciles = statistics.quantiles(values, n=10, method="inclusive")
    return statistics.median(values), deciles[8]
