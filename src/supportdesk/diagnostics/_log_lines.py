"""One log line as the analysis sees it: service, stream, times, level, message.

Also the level and timestamp vocabulary shared by the header readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import orjson

LEVELS = ("TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_LEVEL_NAMES = {
    "TRACE": "TRACE",
    "FINEST": "TRACE",
    "DEBUG": "DEBUG",
    "FINE": "DEBUG",
    "VERBOSE": "DEBUG",
    "INFO": "INFO",
    "INFORMATION": "INFO",
    "NOTICE": "INFO",
    "LOG": "INFO",
    "WARN": "WARNING",
    "WARNING": "WARNING",
    "ERROR": "ERROR",
    "ERR": "ERROR",
    "SEVERE": "ERROR",
    "FATAL": "CRITICAL",
    "CRITICAL": "CRITICAL",
    "CRIT": "CRITICAL",
    "PANIC": "CRITICAL",
    "ALERT": "CRITICAL",
    "EMERG": "CRITICAL",
    "EMERGENCY": "CRITICAL",
}
_TZ_ABBREVIATIONS = {
    "UTC": 0,
    "GMT": 0,
    "WET": 0,
    "BST": 60,
    "CET": 60,
    "CEST": 120,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "EST": -300,
    "EDT": -240,
    "CST": -360,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
}


@dataclass(frozen=True, slots=True)
class LogLine:
    """A physical line after unwrapping; ``header`` is False for lines without an app header."""

    number: int
    service: str | None  # docker compose service ("web-1")
    stream: str | None  # "stdout" / "stderr" from Docker's json-file records
    runtime_time: datetime | None
    time: datetime | None
    time_assumed_utc: bool
    level: str | None
    format: str
    message: str
    text: str  # the payload as the application wrote it (ANSI removed)
    extra_lines: tuple[str, ...] = ()  # e.g. a stack trace carried in a JSON field


def normalise_level(word: str | None) -> str | None:
    if not word:
        return None
    return _LEVEL_NAMES.get(word.upper())


def parse_time(text: str) -> tuple[datetime | None, bool]:
    """(aware datetime, whether UTC was assumed) from the timestamp shapes logs use."""
    value = text.strip().strip("[]")
    assumed = False
    zone = None
    abbreviation = re.search(r"\s?([A-Z]{3,4})$", value)
    if abbreviation and abbreviation.group(1) in _TZ_ABBREVIATIONS:
        zone = timezone(timedelta(minutes=_TZ_ABBREVIATIONS[abbreviation.group(1)]))
        value = value[: abbreviation.start()]
    value = value.replace(",", ".").replace("/", "-")
    fraction = re.search(r"\.(\d{7,})", value)
    if fraction:  # nanoseconds: Python keeps microseconds
        value = value[: fraction.start(1)] + fraction.group(1)[:6] + value[fraction.end(1) :]
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.strptime(value, "%d %b %Y %H:%M:%S.%f")  # noqa: DTZ007 (zone set below)
        except ValueError:
            return None, False
    if parsed.tzinfo is None:
        assumed = zone is None
        parsed = parsed.replace(tzinfo=zone or UTC)
    return parsed, assumed


def json_object(text: str) -> dict[str, Any] | None:
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None
