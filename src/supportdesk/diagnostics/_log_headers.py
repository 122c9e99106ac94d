"""Application line headers: JSON logs, Spring Boot, Logback/Log4j, PostgreSQL, nginx error
log, Redis, Kubernetes klog, logfmt, Python logging, syslog and any "timestamp ... LEVEL" line.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ._log_lines import LogLine, json_object, normalise_level, parse_time

_LEVEL_WORDS = "TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|SEVERE|FATAL|CRITICAL|PANIC"
_ISO = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:\s?(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{3,4}))?"

# (format, pattern); named groups: ts, level, message (and optionally tsformat-specific ones)
_HEADERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "spring_boot",
        re.compile(
            rf"(?P<ts>{_ISO})\s+(?P<level>[A-Z]+)\s+\d+\s+---\s+(?:\[[^\]]*\]\s*)+\S+\s*:\s(?P<message>.*)"
        ),
    ),
    (
        "postgresql",
        re.compile(
            rf"(?P<ts>{_ISO}) \[\d+\](?:: \[\d+-\d+\])?\s(?:[^:]{{0,80}}?\s)?"
            r"(?P<level>LOG|ERROR|WARNING|FATAL|PANIC|NOTICE|INFO|DEBUG\d?|DETAIL|HINT|STATEMENT"
            r"|CONTEXT|QUERY|LOCATION):\s+(?P<message>.*)"
        ),
    ),
    (
        "logback",
        re.compile(
            rf"(?P<ts>{_ISO})\s+(?:\[[^\]]*\]\s+)?(?P<level>{_LEVEL_WORDS})\s+(?:\[[^\]]*\]\s+)?"
            r"(?P<logger>[\w.$]+)\s*[:-]\s(?P<message>.*)"
        ),
    ),
    (
        "nginx_error",
        re.compile(
            r"(?P<ts>\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}) \[(?P<level>\w+)\] \d+#\d+: (?P<message>.*)"
        ),
    ),
    (
        "redis",
        re.compile(
            r"\d+:[XCSM] (?P<ts>\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}\.\d{3}) "
            r"(?P<level>[.\-*#]) (?P<message>.*)"
        ),
    ),
    (
        "klog",
        re.compile(
            r"(?P<level>[IWEF])\d{4} \d{2}:\d{2}:\d{2}\.\d{6}\s+\d+ [\w.-]+:\d+\] (?P<message>.*)"
        ),
    ),
    (
        "python",
        re.compile(
            r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL):(?P<logger>[\w.]+):(?P<message>.*)"
        ),
    ),
    (
        "timestamped",
        re.compile(
            rf"\[?(?P<ts>{_ISO})\]?\s*[|:-]?\s*(?:\S+\s+){{0,4}}?\[?(?P<level>{_LEVEL_WORDS}|[Ee]rror"
            rf"|[Ww]arn(?:ing)?|[Ii]nfo|[Dd]ebug)\]?:?\s+(?P<message>.*)"
        ),
    ),
    ("timestamped", re.compile(rf"\[?(?P<ts>{_ISO})\]?\s*(?P<message>.*)")),
    (
        "syslog",
        re.compile(
            r"(?P<ts>[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}) (?:(?P<level>"
            + _LEVEL_WORDS
            + r")\s+)?(?P<message>.*)"
        ),
    ),
    ("plain", re.compile(rf"\[?(?P<level>{_LEVEL_WORDS})\]?:?\s+(?P<message>.*)")),
)
_LOGFMT_LEVEL_RE = re.compile(r"(?:^|\s)(?:level|lvl|severity)=\"?(?P<level>\w+)")
_LOGFMT_TS_RE = re.compile(r"(?:^|\s)(?:ts|time|timestamp)=\"?(?P<ts>[^\s\"]+)")
_LOGFMT_MSG_RE = re.compile(r"(?:^|\s)(?:msg|message)=(?:\"(?P<q>(?:[^\"\\]|\\.)*)\"|(?P<w>\S+))")
_REDIS_LEVELS = {".": "DEBUG", "-": "DEBUG", "*": "INFO", "#": "WARNING"}
_KLOG_LEVELS = {"I": "INFO", "W": "WARNING", "E": "ERROR", "F": "CRITICAL"}
_JSON_LEVEL_KEYS = ("level", "severity", "lvl", "levelname", "log.level", "@l", "loglevel")
_JSON_TIME_KEYS = ("time", "timestamp", "@timestamp", "ts", "t", "@t", "datetime", "date")
_JSON_MESSAGE_KEYS = ("message", "msg", "@m", "@mt", "event", "log")
_JSON_ERROR_KEYS = ("stack_trace", "stacktrace", "exception", "exc_info", "error", "err", "stack")


def read_header(
    number: int, service: str | None, stream: str | None, runtime_time: datetime | None, text: str
) -> LogLine:
    """Recognise the application's own line header (time, level, message)."""
    stripped = text.strip()
    if stripped.startswith("{") and stripped.endswith("}"):
        record = json_object(stripped)
        if record is not None:
            return _json_line(number, service, stream, runtime_time, text, record)
    logfmt_level = _LOGFMT_LEVEL_RE.search(text) if "=" in text else None
    if logfmt_level is not None:
        logfmt_time = _LOGFMT_TS_RE.search(text)
        logfmt_message = _LOGFMT_MSG_RE.search(text)
        when, assumed = parse_time(logfmt_time.group("ts")) if logfmt_time else (None, False)
        message = text
        if logfmt_message is not None:
            message = logfmt_message.group("q") or logfmt_message.group("w") or ""
        return LogLine(
            number,
            service,
            stream,
            runtime_time,
            when,
            assumed,
            normalise_level(logfmt_level.group("level")),
            "logfmt",
            message,
            text,
        )
    if text[:1].isspace() or not text:
        return LogLine(number, service, stream, runtime_time, None, False, None, "", text, text)
    for name, pattern in _HEADERS:
        header = pattern.match(text)
        if header is None:
            continue
        groups = header.groupdict()
        stamp = groups.get("ts")
        when, assumed = (
            parse_time(stamp) if stamp and name not in {"syslog", "klog"} else (None, False)
        )
        return LogLine(
            number,
            service,
            stream,
            runtime_time,
            when,
            assumed,
            _header_level(name, groups.get("level")),
            name,
            groups["message"],
            text,
        )
    return LogLine(number, service, stream, runtime_time, None, False, None, "", text, text)


def _header_level(name: str, word: str | None) -> str | None:
    if name == "redis":
        return _REDIS_LEVELS.get(word or "")
    if name == "klog":
        return _KLOG_LEVELS.get(word or "")
    if name == "postgresql" and word and word.startswith("DEBUG"):
        return "DEBUG"
    if name == "postgresql" and word in {
        "DETAIL",
        "HINT",
        "STATEMENT",
        "CONTEXT",
        "QUERY",
        "LOCATION",
    }:
        return None  # continuation of the previous message
    return normalise_level(word)


def _json_line(
    number: int,
    service: str | None,
    stream: str | None,
    runtime_time: datetime | None,
    text: str,
    record: dict[str, Any],
) -> LogLine:
    flat = {
        **record,
        **{
            f"{k}.{sub}": v
            for k, d in record.items()
            if isinstance(d, dict)
            for sub, v in d.items()
        },
    }
    level = next((normalise_level(str(flat[key])) for key in _JSON_LEVEL_KEYS if key in flat), None)
    when, assumed = None, False
    for key in _JSON_TIME_KEYS:
        if isinstance(flat.get(key), str):
            when, assumed = parse_time(flat[key])
            break
    message = next(
        (str(flat[key]) for key in _JSON_MESSAGE_KEYS if isinstance(flat.get(key), str)), text
    )
    extra: list[str] = []
    for key in _JSON_ERROR_KEYS:
        value = flat.get(key)
        if isinstance(value, str) and ("\n" in value or "Error" in value or "Exception" in value):
            extra = value.splitlines()
            break
        if isinstance(value, dict):
            trace = value.get("stack_trace") or value.get("stacktrace") or value.get("stack")
            if isinstance(trace, str):
                extra = trace.splitlines()
                break
    return LogLine(
        number,
        service,
        stream,
        runtime_time,
        when,
        assumed,
        level,
        "json",
        message,
        text,
        tuple(extra[:200]),
    )
