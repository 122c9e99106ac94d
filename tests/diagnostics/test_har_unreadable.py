"""A file that looks like a HAR and cannot be sanitised is never passed on raw (issue 12,
finding 2): the core raises only its own error, with a reason code, and `analyze_file` writes a
best-effort redacted copy instead of leaving the caller the original."""

import gzip
import io
import json
from pathlib import Path

import pytest

from supportdesk.diagnostics import (
    ContentKind,
    HarError,
    analyze_file,
    looks_like_har,
    redact_unreadable_har,
    sanitize_har,
    sniff_content,
    summarize_har,
)
from tests.diagnostics.planted_secrets import SECRETS, har_with_planted_secrets, secrets_in

HUGE_NUMBER = b"9" * 5001  # past Python's int-string conversion limit (4300 digits)


def _with_huge_number(har: bytes) -> bytes:
    return har.replace(b'"bodySize": -1', b'"bodySize": ' + HUGE_NUMBER, 1)


def _deeply_nested(har: bytes) -> bytes:
    return har.replace(b'"cache": {}', b'"cache": ' + b"[" * 5000 + b"]" * 5000, 1)


def _latin1(har: bytes) -> bytes:
    return har.replace(b'"Connection"', b'"Conn\xe9ction"', 1)


DAMAGED = {
    "cut at 90 %": lambda har: har[: len(har) * 9 // 10],
    "5,001-digit number": _with_huge_number,
    "nested 5,000 deep": _deeply_nested,
    "latin-1 byte": _latin1,
    "gzip cut at 90 %": lambda har: gzip.compress(har)[: len(gzip.compress(har)) * 9 // 10],
}


@pytest.mark.parametrize("damage", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_har_that_cannot_be_sanitised_gets_a_redacted_copy_with_no_secret(
    tmp_path: Path, damage
) -> None:
    original = damage(har_with_planted_secrets())
    path = tmp_path / "network.har"
    path.write_bytes(original)
    copy = tmp_path / "copy.har"

    result = analyze_file(path, sanitized_har_path=copy)

    assert result.kind == ContentKind.HAR
    assert result.har is None and result.error and result.reason
    assert result.best_effort is not None and result.best_effort.total >= len(SECRETS)
    assert secrets_in(copy.read_bytes()) == []
    assert b"widgets.outbrain.com" in copy.read_bytes()  # still useful to an agent
    assert json.loads(json.dumps(result.to_dict()))["best_effort"]["total"]


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (_with_huge_number, "number_too_long"),
        (_deeply_nested, "too_deep"),
        (lambda har: har[: len(har) * 9 // 10], "truncated"),
        (_latin1, "encoding"),
    ],
)
def test_the_sanitiser_raises_only_its_own_error_with_a_reason(damage, reason) -> None:
    data = damage(har_with_planted_secrets())
    with pytest.raises(HarError) as raised:
        sanitize_har(io.BytesIO(data), io.BytesIO())
    assert raised.value.reason == reason
    with pytest.raises(HarError):
        summarize_har(io.BytesIO(data))


def test_a_huge_number_in_a_log_member_is_a_clean_error() -> None:
    data = b'{"log":{"version":' + HUGE_NUMBER + b',"entries":[]}}'
    with pytest.raises(HarError, match="number too long"):
        summarize_har(io.BytesIO(data))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_utf16_har_is_recognised_and_sanitised(tmp_path: Path, encoding: str) -> None:
    original = har_with_planted_secrets().decode("utf-8").encode(encoding)
    assert looks_like_har(original[:65536])
    assert sniff_content(original[:65536], "network.har") == ContentKind.HAR
    path = tmp_path / "network.har"
    path.write_bytes(original)
    result = analyze_file(path, sanitized_har_path=tmp_path / "copy.har")
    assert result.har is not None and result.har.summary.request_count == 145
    assert secrets_in((tmp_path / "copy.har").read_bytes()) == []


def test_a_har_with_a_byte_order_mark_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.har"
    path.write_bytes(b"\xef\xbb\xbf" + har_with_planted_secrets())
    result = analyze_file(path, sanitized_har_path=tmp_path / "copy.har")
    assert result.har is not None and result.error is None


def test_a_file_named_har_that_is_not_json_is_treated_as_an_unreadable_har(
    tmp_path: Path,
) -> None:
    path = tmp_path / "export.har"
    path.write_bytes(b"Cookie: sessionid=PlantedCookieHeader01x\nGET /\n")
    result = analyze_file(path, sanitized_har_path=tmp_path / "copy.har")
    assert result.kind == ContentKind.HAR and result.best_effort is not None
    assert secrets_in((tmp_path / "copy.har").read_bytes()) == []


def test_the_best_effort_copy_is_linear_in_time_for_hostile_text() -> None:
    # unterminated strings full of escaped quotes: a backtracking scan would be quadratic
    hostile = b'{"log":{"entries":[{"text":"' + b'\\"' * 400_000
    out = io.BytesIO()
    report = redact_unreadable_har(io.BytesIO(hostile), out)
    assert report.total == 1 and b"[REDACTED]" in out.getvalue()
    assert len(out.getvalue()) < 100
