"""Any bytes into the HAR reader, the log analyser and the sniffer: a result or the core's own
clean error, never another exception (issue 12: no traceback, no HTTP 500)."""

import contextlib
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportdesk.diagnostics import (
    DiagnosticsError,
    HarError,
    LogError,
    analyze_file,
    analyze_log,
    redact_unreadable_har,
    sanitize_and_summarize_har,
    sniff_content,
)

FIXTURES = Path(__file__).parent / "fixtures"
SMALL_HAR = (FIXTURES / "har" / "chrome_export_with_utf8_bom.har").read_bytes()
FUZZ = settings(
    max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

json_fragments = st.sampled_from(
    [b"{", b"}", b"[", b"]", b",", b":", b'"', b"\\", b"1" * 5001, b"-", b"e", b"null", b"\x00",
     b"\xff", b"\xef\xbb\xbf", b'"log"', b'"entries"', b"\\u", b"\\ud800", b"[" * 3000, b"\n  }"]
)  # fmt: skip


@st.composite
def damaged_hars(draw: st.DrawFn) -> bytes:
    """The real HAR with a few slices cut out or replaced by JSON-ish fragments."""
    data = bytearray(SMALL_HAR)
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 64)))
        data[start:end] = draw(json_fragments)
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


any_bytes = st.one_of(st.binary(max_size=4096), damaged_hars())


@FUZZ
@given(any_bytes)
def test_the_har_reader_raises_only_har_errors(data: bytes) -> None:
    with contextlib.suppress(HarError):
        sanitize_and_summarize_har(io.BytesIO(data), io.BytesIO())


@FUZZ
@given(any_bytes)
def test_the_best_effort_redaction_accepts_any_bytes(data: bytes) -> None:
    try:
        redact_unreadable_har(io.BytesIO(data), io.BytesIO())
    except HarError:
        assert data.startswith(b"\x1f\x8b")  # only gzip data corrupt from its first bytes


@FUZZ
@given(any_bytes)
def test_the_log_analyser_raises_only_log_errors(data: bytes) -> None:
    with contextlib.suppress(LogError):
        analyze_log(data)


@FUZZ
@given(any_bytes, st.sampled_from([None, "a.har", "app.log", "x.log.gz", "b.tar.gz"]))
def test_the_sniffer_never_raises(data: bytes, name: str | None) -> None:
    sniff_content(data, name)


@settings(max_examples=60, deadline=4000)
@given(any_bytes, st.sampled_from(["network.har", "app.log", "file.bin"]))
def test_analyze_file_never_raises(data: bytes, name: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_bytes(data)
        try:
            analyze_file(path, sanitized_har_path=Path(directory) / "copy.har")
        except DiagnosticsError as exc:  # pragma: no cover - analyze_file reports, never raises
            raise AssertionError(f"analyze_file raised {exc!r}") from exc
