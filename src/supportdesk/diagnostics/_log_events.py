"""Joining physical log lines into events: a message with its stack trace or continuation lines.

Handled: Java stack traces (``at …``, ``Caused by:``, ``... N more``, a bare exception line
after an error message), Python tracebacks (with chained exceptions), Go panics with goroutine
dumps, PostgreSQL ``DETAIL``/``STATEMENT``/tab-indented continuations, nginx messages spanning
lines (an open quote), and indented continuation lines under a recognised header. Lines of
different services (``docker compose logs``) never join.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ._log_lines import LEVELS, LogLine

MAX_EVENT_LINES = 200

_JAVA_CONTINUATION_RE = re.compile(
    r"\s+at |\s*\.\.\. \d+ (?:more|common frames omitted)|\s*Caused by: |\s*Suppressed: |\s*Wrapped by: "
)
_JAVA_EXCEPTION_LINE_RE = re.compile(
    r"(?:[a-zA-Z_$][\w$]*\.)+[\w$]*(?:Exception|Error|Throwable|Fault)\b(?::.*)?$"
)
_PYTHON_TRACEBACK = "Traceback (most recent call last):"
_PYTHON_CHAIN_RE = re.compile(
    r"During handling of the above exception|The above exception was the direct cause"
)
_GO_START_RE = re.compile(r"(?:panic: |fatal error: |runtime error: )")
_GO_DUMP_RE = re.compile(
    r"\s|$|goroutine \d+ \[|created by |\[signal |exit status \d+|panic\(|\[recovered\]"
    r"|[\w./*()\[\]{}-]+\(.*\)$"
)
_STRUCTURED = frozenset(
    {"spring_boot", "logback", "postgresql", "timestamped", "json", "python", "klog"}
)


@dataclass
class LogEvent:
    """A logical log message: its first line and whatever belongs to it."""

    first: LogLine
    lines: list[str] = field(default_factory=list)  # continuation lines (capped)
    omitted: int = 0
    last_number: int = 0
    mode: str = ""  # "", "java", "python", "python_done", "go", "nginx_quote"

    @property
    def level(self) -> str | None:
        if self.mode == "go":
            return "CRITICAL"  # a panic ends the process
        if self.first.level is None and self.has_stack:
            return "ERROR"
        return self.first.level

    @property
    def has_stack(self) -> bool:
        return self.mode in {"java", "python", "python_done", "go"} or bool(self.first.extra_lines)

    @property
    def text_lines(self) -> list[str]:
        return [self.first.text, *self.first.extra_lines, *self.lines]

    def add(self, line: LogLine) -> None:
        self.last_number = line.number
        if len(self.lines) < MAX_EVENT_LINES:
            self.lines.append(line.text)
        else:
            self.omitted += 1


class EventAssembler:
    """Feed lines in order; completed events come out. One open event per service and stream."""

    def __init__(self) -> None:
        self._open: dict[tuple[str | None, str | None], LogEvent] = {}

    def feed(self, line: LogLine) -> Iterator[LogEvent]:
        key = (line.service, line.stream)
        current = self._open.get(key)
        if current is not None and _continues(current, line):
            current.add(line)
            _update_mode(current, line)
            return
        if current is not None:
            yield current
        if not line.text.strip() and not line.format:
            self._open.pop(key, None)
            return  # blank lines are not events
        event = LogEvent(first=line, last_number=line.number)
        event.mode = _opening_mode(line)
        self._open[key] = event

    def finish(self) -> Iterator[LogEvent]:
        events = sorted(self._open.values(), key=lambda event: event.first.number)
        self._open.clear()
        yield from events


def _opening_mode(line: LogLine) -> str:
    message = line.message if line.format else line.text
    if line.text.startswith(_PYTHON_TRACEBACK) or message.startswith(_PYTHON_TRACEBACK):
        return "python"
    if not line.format and _GO_START_RE.match(line.text):
        return "go"
    if "Exception in thread" in message or (
        not line.format and _JAVA_EXCEPTION_LINE_RE.match(line.text)
    ):
        return "java"
    if line.format == "nginx_error" and message.count('"') % 2 == 1:
        return "nginx_quote"
    return ""


def _continues(event: LogEvent, line: LogLine) -> bool:
    text = line.text
    headerless = not line.format
    mode = event.mode
    if mode == "go":
        return headerless and _GO_DUMP_RE.match(text) is not None
    if mode == "python":
        return headerless and (
            not text.strip() or text[:1].isspace() or _python_exception_line(text)
        )
    if mode == "python_done":
        return headerless and (
            not text.strip()
            or _PYTHON_CHAIN_RE.match(text) is not None
            or text.startswith(_PYTHON_TRACEBACK)
        )
    if mode == "nginx_quote":
        return headerless and bool(text.strip())
    if not text.strip():
        return False
    if headerless and text.startswith(_PYTHON_TRACEBACK):
        return True
    if headerless and _JAVA_CONTINUATION_RE.match(text):
        return True
    if line.format == "postgresql" and line.level is None:  # DETAIL, HINT, STATEMENT, ...
        return event.first.format == "postgresql"
    if not headerless:
        return False
    if text.startswith("\t"):
        return True
    if text[:1].isspace():
        return event.first.format in _STRUCTURED or event.has_stack
    level = event.level
    is_problem = level is not None and LEVELS.index(level) >= LEVELS.index("WARNING")
    return is_problem and _JAVA_EXCEPTION_LINE_RE.match(text) is not None


def _python_exception_line(text: str) -> bool:
    return bool(re.match(r"[A-Za-z_][\w.]*(?::|$)", text))


def _update_mode(event: LogEvent, line: LogLine) -> None:
    text = line.text
    if event.mode == "python" and text and not text[:1].isspace() and _python_exception_line(text):
        if not _PYTHON_CHAIN_RE.match(text):
            event.mode = "python_done"
    elif event.mode == "python_done" and text.startswith(_PYTHON_TRACEBACK):
        event.mode = "python"
    elif event.mode == "nginx_quote" and text.count('"') % 2 == 1:
        event.mode = ""
    elif event.mode == "" and text.startswith(_PYTHON_TRACEBACK):
        event.mode = "python"
    elif (event.mode == "" and _JAVA_CONTINUATION_RE.match(text)) or (
        event.mode == "" and _JAVA_EXCEPTION_LINE_RE.match(text)
    ):
        event.mode = "java"
