import gzip
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from supportdesk.diagnostics import LogError, analyze_log, redact_log

LOGS = Path(__file__).parent / "fixtures" / "logs"
CEST = timezone(timedelta(hours=2))


def test_compose_log_with_timestamps_and_ansi_codes_is_unwrapped() -> None:
    analysis = analyze_log(LOGS / "docker_compose_flask_with_timestamps.log")
    assert analysis.wrappers == ("compose", "runtime_timestamps")
    assert analysis.services == ("redis-1", "web-1")
    assert analysis.line_count == analysis.event_count == 22
    assert analysis.window_start == datetime(2024, 4, 25, 5, 32, 35, 19558, tzinfo=UTC)
    assert analysis.window_end == datetime(2024, 4, 25, 5, 54, 43, 948541, tzinfo=UTC)
    assert not analysis.timezone_assumed  # the runtime's timestamps are UTC
    assert analysis.level_count("WARNING") == 3  # Flask's dev-server warning, two Redis "#"
    assert [(v.name, v.version, v.service) for v in analysis.versions] == [
        ("Redis", "7.2.0", "redis-1")
    ]
    # Redis announces its version; the web application does not: no application version.
    assert analysis.app_version is None
    assert analysis.error_groups == ()


def test_the_application_version_is_the_vendors_banner_not_a_component_before_it() -> None:
    compose = (
        b"redis-1  | 1:C 25 Apr 2024 05:32:35.018 * Redis version=7.2.0, bits=64, pid=1\n"
        b"app-1    | 2025-01-24T07:00:30,227 INFO [main] FarmApplication : "
        b"Starting FarmApplication v3.0.7 using Java 21.0.5 with PID 1\n"
    )
    analysis = analyze_log(compose)
    assert analysis.app_version == "FarmApplication 3.0.7"
    assert [v.service for v in analysis.versions] == ["redis-1", "app-1"]


def test_spring_boot_banner_gives_the_application_version() -> None:
    analysis = analyze_log(LOGS / "spring_boot_startup_java.log")
    assert analysis.app_version == "FarmApplication 3.0.7"
    assert analysis.formats == ("logback",)
    assert analysis.level_counts == (("INFO", 20),)
    assert analysis.timezone_assumed  # logback wrote no offset
    assert analysis.window_start == datetime(2025, 1, 24, 7, 0, 30, 139000, tzinfo=UTC)


def test_java_stack_trace_and_go_panic_become_one_event_each() -> None:
    analysis = analyze_log(LOGS / "multiline_java_exception_go_panic.log")
    assert analysis.line_count == 60
    assert analysis.event_count == 5  # 3 single lines, the exception, the panic
    java, go = analysis.error_groups
    assert java.exception == "java.lang.RuntimeException"
    assert java.sample.count("\n") == 5  # header + 5 "at" lines
    assert go.exception == "panic"
    assert go.level == "CRITICAL"
    assert "goroutine 3 [GC sweep wait]:" in go.sample or "more lines" in go.sample


def test_postgres_statement_continuation_belongs_to_its_error() -> None:
    analysis = analyze_log(LOGS / "postgres_error_multiline_statement.log")
    assert analysis.event_count == 5
    assert analysis.level_counts == (("INFO", 1), ("WARNING", 2), ("ERROR", 2))
    syntax, missing = analysis.error_groups
    assert syntax.title == 'syntax error at or near "null" at character 510'
    assert "STATEMENT:  create table" in syntax.sample
    assert missing.first_seen == datetime(2025, 4, 12, 0, 17, 29, 552000, tzinfo=CEST)
    assert not analysis.timezone_assumed  # CEST is known


def test_nginx_errors_group_by_message_without_paths_numbers_or_client() -> None:
    analysis = analyze_log(LOGS / "nginx_error_fastcgi_multiline.log")
    assert analysis.event_count == 4
    assert [group.count for group in analysis.error_groups] == [3, 1]
    open_failed, fastcgi = analysis.error_groups
    assert open_failed.first_seen == datetime(2016, 10, 25, 14, 49, 34, tzinfo=UTC)
    assert open_failed.last_seen == datetime(2019, 11, 5, 14, 50, 44, tzinfo=UTC)
    assert fastcgi.sample.count("PHP message:") == 3  # the quoted message spans lines
    assert analysis.app_version is None  # "…/Cellar/nginx/1.10.2_1/…" is a path, not a banner


def test_python_tracebacks_group_by_exception_and_frames_not_by_values() -> None:
    lines = []
    for user in (42, 43, 44):
        lines += [
            f"2024-05-01 10:00:{user - 40:02d},000 ERROR app.views Request failed for user {user}",
            "Traceback (most recent call last):",
            '  File "/app/views.py", line 10, in handle',
            "    do_it()",
            '  File "/app/service.py", line 22, in do_it',
            f'    raise ValueError("bad id {user}")',
            f"ValueError: bad id {user}",
        ]
    analysis = analyze_log("\n".join(lines).encode())
    assert analysis.event_count == 3
    (group,) = analysis.error_groups
    assert (group.exception, group.count) == ("ValueError", 3)
    assert group.sample.endswith("ValueError: bad id 42")


def test_docker_json_file_records_and_json_logs_are_read() -> None:
    records = [
        {"log": '{"level":"info","msg":"listening","version":"x"}\n', "stream": "stdout"},
        {
            "log": '{"level":"error","msg":"db down","error":"dial tcp: refused"}\n',
            "stream": "stderr",
        },
        {"log": "partial line ", "stream": "stderr"},
        {"log": "continues here\n", "stream": "stderr"},
    ]
    data = "".join(
        json.dumps(record | {"time": f"2024-06-01T12:00:0{i}.123456789Z"}) + "\n"
        for i, record in enumerate(records)
    )
    analysis = analyze_log(data.encode())
    assert analysis.wrappers == ("docker_json",)
    assert analysis.line_count == 4
    assert analysis.event_count == 3  # the partial record is joined
    assert analysis.level_counts == (("INFO", 1), ("ERROR", 1), ("UNKNOWN", 1))
    assert analysis.window_end == datetime(2024, 6, 1, 12, 0, 3, 123456, tzinfo=UTC)
    assert analysis.error_groups[0].title == "db down"


def test_secrets_never_reach_titles_or_samples() -> None:
    log = (
        "2024-05-01T10:00:00Z ERROR cannot connect to postgres://desk:S3cret!@db:5432/desk\n"
        "2024-05-01T10:00:01Z ERROR auth failed, header Authorization: Bearer abcdefghijklmnop\n"
    )
    analysis = analyze_log(log.encode())
    text = json.dumps(analysis.to_dict())
    assert "S3cret" not in text
    assert "abcdefghijklmnop" not in text
    assert analysis.redactions.count("url_credentials") == 1


def test_gzip_compressed_log_is_read_transparently() -> None:
    raw = (LOGS / "spring_boot_startup_java.log").read_bytes()
    assert analyze_log(gzip.compress(raw)) == analyze_log(raw)


def test_invalid_utf8_lines_are_counted_and_replaced() -> None:
    analysis = analyze_log(
        b"2024-01-01T00:00:00Z ERROR caf\xe9 broken\n2024-01-01T00:00:01Z INFO ok\n"
    )
    assert analysis.invalid_utf8_lines == 1
    assert analysis.event_count == 2
    assert "caf\ufffd" in analysis.error_groups[0].title


def test_overlong_lines_are_cut() -> None:
    analysis = analyze_log(b"x" * 200_000 + b"\nINFO next\n")
    assert analysis.truncated_lines == 1
    assert analysis.line_count == 2


def test_empty_log_gives_an_empty_analysis() -> None:
    analysis = analyze_log(b"")
    assert (analysis.line_count, analysis.event_count, analysis.error_groups) == (0, 0, ())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data"),
        ("text".encode("utf-16"), "UTF-16"),
        (gzip.compress(b"\x00" * 600), "binary data"),
        (b"\x1f\x8b\x08\x00garbage", "gzip"),
    ],
)
def test_binary_input_is_refused_with_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(LogError, match=message):
        analyze_log(data)


def test_redact_log_copies_every_line_without_secrets() -> None:
    out = io.BytesIO()
    log = b"ok line\nDB_PASSWORD=hunter2 token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc\n"
    report = redact_log(log, out)
    assert out.getvalue() == b"ok line\nDB_PASSWORD=[REDACTED] token: [REDACTED]\n"
    assert report.names("assignment") == ("DB_PASSWORD",)
    assert report.count("jwt") == 1
