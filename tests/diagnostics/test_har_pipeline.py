import io
import json
import tracemalloc
from pathlib import Path

import pytest

from supportdesk.diagnostics import (
    HarError,
    sanitize_and_summarize_har,
    sanitize_har,
    summarize_har,
)

HAR_DIR = Path(__file__).parent / "fixtures" / "har"


def test_one_pass_gives_the_same_summary_and_report_as_separate_calls(tmp_path: Path) -> None:
    source = HAR_DIR / "chrome_har_503_errors_large.har"
    analysis = sanitize_and_summarize_har(source, tmp_path / "one.har")
    assert analysis.summary == summarize_har(source)
    assert analysis.redactions == sanitize_har(source, tmp_path / "two.har")
    assert (tmp_path / "one.har").read_bytes() == (tmp_path / "two.har").read_bytes()
    assert json.loads(json.dumps(analysis.to_dict()))["summary"]["failed_count"] == 94


def test_sanitised_output_is_a_valid_har_that_the_reader_accepts_again(tmp_path: Path) -> None:
    source = HAR_DIR / "cnn_firebug_firefox.har"
    first = sanitize_and_summarize_har(source, tmp_path / "clean.har")
    again = sanitize_and_summarize_har(tmp_path / "clean.har", tmp_path / "again.har")
    assert again.summary == first.summary
    assert again.redactions.total == 0  # nothing left to remove
    assert (tmp_path / "clean.har").read_bytes() == (tmp_path / "again.har").read_bytes()


def test_streams_work_as_source_and_destination() -> None:
    out = io.BytesIO()
    with (HAR_DIR / "chrome_export_with_utf8_bom.har").open("rb") as source:
        analysis = sanitize_and_summarize_har(source, out)
    assert analysis.summary.request_count == 1
    assert json.loads(out.getvalue())["log"]["entries"][0]["request"]["method"] == "POST"


def test_a_path_destination_is_not_left_behind_when_the_input_is_invalid(tmp_path: Path) -> None:
    bad = tmp_path / "bad.har"
    bad.write_bytes((HAR_DIR / "safari_webkit_export.har").read_bytes()[:400_000])
    with pytest.raises(HarError, match="truncated"):
        sanitize_and_summarize_har(bad, tmp_path / "out.har")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.har"]


def test_memory_stays_bounded_on_a_large_archive(tmp_path: Path) -> None:
    document = json.loads((HAR_DIR / "cnn_chrome_har_capturer_large.har").read_bytes())
    entries = document["log"]["entries"]
    big = tmp_path / "big.har"
    with big.open("w") as stream:  # ~20 MB: the corpus file's entries twenty times over
        stream.write(
            '{"log": {"version": "1.2", "creator": {"name": "x", "version": "1"}, "entries": [\n'
        )
        stream.write(
            ",\n".join(json.dumps(entry, indent=2) for _ in range(20) for entry in entries)
        )
        stream.write("\n]}}\n")
    size = big.stat().st_size
    tracemalloc.start()
    try:
        analysis = sanitize_and_summarize_har(big, tmp_path / "out.har")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert analysis.summary.request_count == 20 * len(entries)
    assert size > 20_000_000
    assert peak < size / 4
