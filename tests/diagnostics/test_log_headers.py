from datetime import UTC, datetime, timedelta, timezone

import pytest

from supportdesk.diagnostics._log_headers import read_header


@pytest.mark.parametrize(
    ("text", "format", "level", "message"),
    [
        (
            "2024-01-15T10:23:46.123+03:00  INFO 1 --- [desk] [main] c.a.d.Application : Started",
            "spring_boot",
            "INFO",
            "Started",
        ),
        (
            "2019-03-05 10:57:51.112  WARN 45469 --- [           main] o.s.b.Main   : careful",
            "spring_boot",
            "WARNING",
            "careful",
        ),
        (
            "2025-01-24T07:00:30,139 INFO [background-preinit       ] Version                  : HV000001: x",
            "logback",
            "INFO",
            "HV000001: x",
        ),
        (
            "2025-04-12 00:14:12.837 CEST [1329108] ERROR:  syntax error",
            "postgresql",
            "ERROR",
            "syntax error",
        ),
        (
            "2025-04-12 00:14:12.837 UTC [7] FATAL:  password authentication failed",
            "postgresql",
            "CRITICAL",
            "password authentication failed",
        ),
        (
            "2016/10/25 14:49:34 [error] 54053#0: *1 open() failed",
            "nginx_error",
            "ERROR",
            "*1 open() failed",
        ),
        (
            "1:M 25 Apr 2024 05:32:35.019 # Warning: no config",
            "redis",
            "WARNING",
            "Warning: no config",
        ),
        (
            "E0101 10:00:00.000000       1 reflector.go:138] watch failed",
            "klog",
            "ERROR",
            "watch failed",
        ),
        ("ERROR:root:division by zero", "python", "ERROR", "division by zero"),
        (
            'time="2024-01-01T10:00:00Z" level=warning msg="disk almost full"',
            "logfmt",
            "WARNING",
            "disk almost full",
        ),
        (
            '{"@timestamp":"2024-01-01T10:00:00Z","log.level":"ERROR","message":"boom"}',
            "json",
            "ERROR",
            "boom",
        ),
        ("[2024-01-01 10:00:00,123] ERROR in app: boom", "timestamped", "ERROR", "in app: boom"),
        ("Dec 14 06:41:08 Exception in thread main", "syslog", None, "Exception in thread main"),
        (
            "WARNING: This is a development server.",
            "plain",
            "WARNING",
            "This is a development server.",
        ),
        ("just words", "", None, "just words"),
        (
            "    at com.acme.Thing.run(Thing.java:1)",
            "",
            None,
            "    at com.acme.Thing.run(Thing.java:1)",
        ),
    ],
)
def test_application_headers_are_recognised(
    text: str, format: str, level: str | None, message: str
) -> None:
    line = read_header(1, None, None, None, text)
    assert (line.format, line.level, line.message) == (format, level, message)


def test_timestamps_become_aware_datetimes() -> None:
    line = read_header(1, None, None, None, "2025-04-12 00:14:12.837 CEST [1] LOG:  ready")
    assert line.time == datetime(
        2025, 4, 12, 0, 14, 12, 837000, tzinfo=timezone(timedelta(hours=2))
    )
    assert not line.time_assumed_utc
    naive = read_header(1, None, None, None, "2016/10/25 14:49:34 [warn] 1#1: x")
    assert naive.time == datetime(2016, 10, 25, 14, 49, 34, tzinfo=UTC)
    assert naive.time_assumed_utc


def test_a_json_log_carries_its_stack_trace_as_extra_lines() -> None:
    text = '{"level":"error","msg":"boom","stack_trace":"java.lang.X: y\\n\\tat a.B.c(B.java:1)"}'
    line = read_header(1, None, None, None, text)
    assert line.extra_lines == ("java.lang.X: y", "\tat a.B.c(B.java:1)")
