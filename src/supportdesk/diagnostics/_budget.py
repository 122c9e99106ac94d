"""How much of one file an analysis may read and how long it may take.

A 0.9 MB ``app.log.gz`` can hold 256 MiB of lines: without a budget one upload costs minutes
of CPU and hundreds of MB. Past the budget an analysis stops and its result says where.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

MIB = 1 << 20


@dataclass(frozen=True)
class AnalysisBudget:
    """Limits for analysing one file: decompressed bytes read, lines analysed, seconds spent."""

    # ~0.3 s per MiB of typical log lines on one core: about 10 s for a full budget
    max_bytes: int = 32 * MIB
    max_lines: int = 250_000
    max_seconds: float = 20.0

    def deadline(self) -> float:
        return time.monotonic() + self.max_seconds


DEFAULT_BUDGET = AnalysisBudget()

# What stopped an analysis early (``LogAnalysis.cut_by``).
CUT_BY_BYTES = "bytes"
CUT_BY_LINES = "lines"
CUT_BY_TIME = "time"
