"""Decompression, line and time budgets per log (issue 12, finding 4): a small app.log.gz that
holds hundreds of MiB of lines is analysed up to the budget, in bounded memory, and the result
says where it stopped."""

import gzip
import time
import tracemalloc
from pathlib import Path

from supportdesk.diagnostics import AnalysisBudget, analyze_file, analyze_log

FIXTURES = Path(__file__).parent / "fixtures"
MIB = 1 << 20


def _log_bomb(tmp_path: Path, mebibytes: int) -> Path:
    """A real log's lines (spring_boot_startup_java.log) repeated to ``mebibytes`` MiB, gzipped."""
    lines = (FIXTURES / "logs" / "spring_boot_startup_java.log").read_bytes()
    block = lines * (MIB // len(lines) + 1)
    path = tmp_path / "app.log.gz"
    with gzip.open(path, "wb", compresslevel=9) as packed:
        for _ in range(mebibytes):
            packed.write(block[:MIB])
    return path


def test_a_log_past_the_byte_budget_is_analysed_up_to_it_and_says_so(tmp_path: Path) -> None:
    bomb = _log_bomb(tmp_path, 256)
    assert bomb.stat().st_size < 2 * MIB
    tracemalloc.start()
    started = time.monotonic()
    result = analyze_log(bomb, budget=AnalysisBudget(max_bytes=4 * MIB))
    elapsed = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.cut_by == "bytes"
    assert result.analysed_bytes == 4 * MIB
    assert 0 < result.line_count < 100_000
    assert result.to_dict()["cut_by"] == "bytes"
    assert elapsed < 20
    assert peak < 64 * MIB  # the 256 MiB never sit in memory


def test_a_log_past_the_line_budget_stops_at_it(tmp_path: Path) -> None:
    result = analyze_log(_log_bomb(tmp_path, 8), budget=AnalysisBudget(max_lines=1000))
    assert result.cut_by == "lines" and result.line_count == 1000


def test_a_log_past_the_time_budget_stops(tmp_path: Path) -> None:
    result = analyze_log(_log_bomb(tmp_path, 8), budget=AnalysisBudget(max_seconds=0))
    assert result.cut_by == "time"


def test_a_log_within_the_budget_is_not_cut() -> None:
    result = analyze_log(FIXTURES / "logs" / "spring_boot_startup_java.log")
    assert result.cut_by is None and result.analysed_bytes > 0


def test_analyze_file_applies_its_budget_to_logs(tmp_path: Path) -> None:
    result = analyze_file(_log_bomb(tmp_path, 16), budget=AnalysisBudget(max_bytes=2 * MIB))
    assert result.log is not None and result.log.cut_by == "bytes"


def test_a_gzipped_har_past_the_byte_budget_is_a_clean_error_with_a_redacted_copy(
    tmp_path: Path,
) -> None:
    har = (FIXTURES / "har" / "cnn_firebug_firefox.har").read_bytes()
    path = tmp_path / "trace.har.gz"
    path.write_bytes(gzip.compress(har))
    result = analyze_file(
        path, sanitized_har_path=tmp_path / "copy.har", budget=AnalysisBudget(max_bytes=MIB // 8)
    )
    assert result.reason == "too_large" and result.best_effort is not None
    assert (tmp_path / "copy.har").stat().st_size < MIB // 4
