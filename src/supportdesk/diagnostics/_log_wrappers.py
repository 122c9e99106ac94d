"""The container runtime's wrapping around a log line, peeled off before the app header.

Decided once per file from its first lines (so a stray ``|`` in a message is not taken for a
service name): Docker's json-file records (``{"log": ..., "stream": ..., "time": ...}``),
``docker compose logs`` prefixes (``web-1  | ``), ``docker logs --timestamps`` /
``kubectl logs --timestamps`` RFC 3339 prefixes, and ANSI colour codes.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ._log_headers import read_header
from ._log_lines import LogLine, json_object, parse_time

ANSI_RE = re.compile(
    r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]"
)
COMPOSE_PREFIX_RE = re.compile(r"(?P<service>[A-Za-z0-9][A-Za-z0-9_.-]{0,62})\s*\| ?")
RUNTIME_TS_RE = re.compile(
    r"(?P<ts>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) ?"
)


class LineUnwrapper:
    """Peels the runtime's wrapping; which wrappers apply is decided from a sample of lines."""

    def __init__(self, sample: list[str]) -> None:
        lines = [ANSI_RE.sub("", line) for line in sample if line.strip()]
        total = max(len(lines), 1)
        self.json_file = sum(1 for line in lines if _is_json_file_record(line)) * 2 > total
        self.compose = not self.json_file and _share(lines, _compose_payload) >= 0.6
        payloads = [_compose_payload(line) or line for line in lines] if self.compose else lines
        self.timestamps = _share(payloads, lambda p: RUNTIME_TS_RE.match(p) and p) >= 0.6
        self._partial: list[str] = []

    @property
    def wrappers(self) -> tuple[str, ...]:
        flags = (
            ("docker_json", self.json_file),
            ("compose", self.compose),
            ("runtime_timestamps", self.timestamps),
        )
        return tuple(name for name, on in flags if on)

    def unwrap(self, number: int, raw: str) -> LogLine | None:
        """The line's parts, or None while a Docker json-file line is still partial."""
        service = None
        stream = None
        runtime_time: datetime | None = None
        text = raw
        if self.json_file and text.startswith("{"):
            record = json_object(text)
            if record is not None and isinstance(record.get("log"), str):
                self._partial.append(record["log"])
                if not record["log"].endswith("\n") and sum(map(len, self._partial)) < 1 << 20:
                    return None  # Docker splits lines over 16 KiB into partial records
                text = "".join(self._partial).rstrip("\r\n")
                self._partial.clear()
                runtime_time, _ = parse_time(str(record.get("time", "")))
                stream = str(record["stream"]) if isinstance(record.get("stream"), str) else None
        text = ANSI_RE.sub("", text) if "\x1b" in text else text
        if self.compose:
            match = COMPOSE_PREFIX_RE.match(text)
            if match:
                service = match.group("service")
                text = text[match.end() :]
        if self.timestamps:
            match = RUNTIME_TS_RE.match(text)
            if match:
                runtime_time, _ = parse_time(match.group("ts"))
                text = text[match.end() :]
        return read_header(number, service, stream, runtime_time, text)


def _is_json_file_record(line: str) -> bool:
    if not line.startswith('{"log":'):
        return False
    record = json_object(line.strip())
    return record is not None and "stream" in record and "time" in record


def _compose_payload(line: str) -> str | None:
    match = COMPOSE_PREFIX_RE.match(line)
    if match is None or "|" not in line[: match.end()]:
        return None
    return line[match.end() :]


def _share(lines: list[str], test: Any) -> float:
    if not lines:
        return 0.0
    return sum(1 for line in lines if test(line)) / len(lines)
