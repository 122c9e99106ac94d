import gzip
import json
from pathlib import Path

from supportdesk.diagnostics import ContentKind, analyze_file
from tests.diagnostics.bundles import write_bundle

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_har_is_sanitised_to_the_given_path_and_summarised(tmp_path: Path) -> None:
    clean = tmp_path / "clean.har"
    result = analyze_file(
        FIXTURES / "har" / "mitmproxy_sse_authorization_header.har", sanitized_har_path=clean
    )
    assert result.kind == ContentKind.HAR
    assert result.har is not None
    assert result.har.redactions.count("header") == 2
    assert b"mob-82856bdd" not in clean.read_bytes()
    assert json.loads(json.dumps(result.to_dict()))["har"]["summary"]["request_count"] == 2


def test_a_gzipped_har_without_destination_is_still_summarised(tmp_path: Path) -> None:
    packed = tmp_path / "trace.har.gz"
    packed.write_bytes(gzip.compress((FIXTURES / "har" / "cnn_firebug_firefox.har").read_bytes()))
    result = analyze_file(packed)
    assert result.har is not None and result.har.summary.request_count == 145


def test_logs_and_bundles_are_dispatched(tmp_path: Path) -> None:
    log = analyze_file(FIXTURES / "logs" / "postgres_error_multiline_statement.log")
    assert log.kind == ContentKind.CONTAINER_LOG and log.log is not None
    bundle = analyze_file(
        write_bundle(tmp_path / "b.tar.gz", {"logs/a.log": b"ERROR x\nERROR y\n"})
    )
    assert bundle.kind == ContentKind.COLLECTOR_BUNDLE and bundle.bundle is not None


def test_bad_content_is_reported_in_error_not_raised(tmp_path: Path) -> None:
    truncated = tmp_path / "t.har"
    truncated.write_bytes((FIXTURES / "har" / "safari_webkit_export.har").read_bytes()[:200_000])
    result = analyze_file(truncated, sanitized_har_path=tmp_path / "out.har")
    assert result.kind == ContentKind.HAR
    assert result.har is None
    assert result.error is not None and "truncated" in result.error
    assert result.reason == "truncated"
    # fail closed: the caller gets a best-effort redacted copy, never only the original
    assert result.best_effort is not None and (tmp_path / "out.har").exists()


def test_other_files_only_get_a_kind(tmp_path: Path) -> None:
    picture = tmp_path / "screenshot.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assert analyze_file(picture).to_dict() == {
        "kind": "image",
        "har": None,
        "log": None,
        "bundle": None,
        "error": None,
        "reason": None,
        "best_effort": None,
    }
