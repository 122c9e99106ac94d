"""Container log analysis: formats, levels, time window, versions, errors grouped by cause."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ._log_events import LogEvent
from ._log_lines import LEVELS
from ._redaction import RedactionReport, RedactionTally, TextRedactor
from ._secret_values import SecretValues

MAX_GROUPS = 500
MAX_VERSIONS = 20
SAMPLE_LINES = 30
SAMPLE_CHARS = 4000

_VERSION_PATTERNS = (
    re.compile(r"Starting (?P<name>[A-Za-z][\w.$-]*) v(?P<version>\d+(?:\.\d+)+[\w.+-]*)"),
    re.compile(
        r"(?P<name>[A-Za-z][\w-]*)(?: server| application| app| service)?,? "
        r"(?:version|ver\.?)[ =:]+v?(?P<version>\d+(?:\.\d+)+[\w.+-]*)",
        re.IGNORECASE,
    ),
    re.compile(r"starting (?P<name>PostgreSQL) (?P<version>\d+(?:\.\d+)+)"),
    re.compile(
        r"(?<![/\w])(?P<name>nginx|Apache|Tomcat|Jetty|gunicorn|uvicorn)/(?P<version>\d+(?:\.\d+)+)(?![\w.])"
    ),
    re.compile(
        r"(?P<name>[A-Z][\w-]*) v(?P<version>\d+\.\d+\.\d+[\w.+-]*) (?:is )?(?:starting|started|running)"
    ),
)
_JAVA_EXCEPTION_RE = re.compile(
    r"\s*(?:Caused by: |Exception in thread \"[^\"]*\" )?(?P<type>(?:[a-zA-Z_$][\w$]*\.)+[\w$]*"
    r"(?:Exception|Error|Throwable|Fault))\b"
)
_JAVA_FRAME_RE = re.compile(r"\s+at (?P<frame>[\w$.<>/-]+)\(")
_PYTHON_FRAME_RE = re.compile(r'\s+File "(?P<file>[^"]+)", line \d+, in (?P<func>\S+)')
_PYTHON_EXCEPTION_RE = re.compile(
    r"(?P<type>[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)|[A-Z]\w+)(?::|$)"
)
_GO_FRAME_RE = re.compile(r"(?P<frame>[\w./*()\[\]{}-]+)\(")
_NORMALISERS = (
    (
        re.compile(
            r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
        ),
        "<uuid>",
    ),
    (
        re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?"),
        "<time>",
    ),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "<email>"),
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b"), "<ip>"),
    (re.compile(r"\b0x[0-9a-fA-F]+\b"), "<hex>"),
    (re.compile(r"\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b"), "<hex>"),
    (re.compile(r'"[^"]*"'), '"<str>"'),
    (re.compile(r"'[^']*'"), "'<str>'"),
    (re.compile(r"\d+(?:\.\d+)?"), "<n>"),
)


@dataclass(frozen=True)
class DetectedVersion:
    """A name and version announced in a startup banner ("Starting FarmApplication v3.0.7")."""

    name: str
    version: str
    service: str | None
    line: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "service": self.service,
            "line": self.line,
        }


@dataclass(frozen=True)
class ErrorGroup:
    """Error events with the same cause: exception type and top frames (or, without a stack,
    the message with numbers, hex ids, UUIDs, addresses and quoted values stripped)."""

    fingerprint: str
    exception: str | None
    title: str
    sample: str
    count: int
    first_seen: datetime | None
    last_seen: datetime | None
    first_line: int
    level: str
    services: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "exception": self.exception,
            "title": self.title,
            "sample": self.sample,
            "count": self.count,
            "first_seen": _iso(self.first_seen),
            "last_seen": _iso(self.last_seen),
            "first_line": self.first_line,
            "level": self.level,
            "services": list(self.services),
        }


@dataclass(frozen=True)
class LogAnalysis:
    """What a container log says about a fault."""

    line_count: int
    event_count: int
    wrappers: tuple[str, ...]
    formats: tuple[str, ...]
    services: tuple[str, ...]
    level_counts: tuple[tuple[str, int], ...]
    window_start: datetime | None
    window_end: datetime | None
    timezone_assumed: bool
    app_version: str | None
    versions: tuple[DetectedVersion, ...]
    error_event_count: int
    error_groups: tuple[ErrorGroup, ...]
    invalid_utf8_lines: int
    truncated_lines: int
    redactions: RedactionReport
    # Set when the analysis stopped at its budget ("bytes", "lines" or "time"): the figures
    # above then cover the first ``analysed_bytes`` bytes / ``line_count`` lines only.
    cut_by: str | None = None
    analysed_bytes: int = 0

    def level_count(self, level: str) -> int:
        return dict(self.level_counts).get(level, 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "line_count": self.line_count,
            "event_count": self.event_count,
            "wrappers": list(self.wrappers),
            "formats": list(self.formats),
            "services": list(self.services),
            "level_counts": dict(self.level_counts),
            "window_start": _iso(self.window_start),
            "window_end": _iso(self.window_end),
            "timezone_assumed": self.timezone_assumed,
            "app_version": self.app_version,
            "versions": [version.to_dict() for version in self.versions],
            "error_event_count": self.error_event_count,
            "error_groups": [group.to_dict() for group in self.error_groups],
            "invalid_utf8_lines": self.invalid_utf8_lines,
            "truncated_lines": self.truncated_lines,
            "redactions": self.redactions.to_dict(),
            "cut_by": self.cut_by,
            "analysed_bytes": self.analysed_bytes,
        }


class _Group:
    __slots__ = (
        "count",
        "exception",
        "first",
        "first_line",
        "last",
        "level",
        "sample",
        "services",
        "title",
    )

    def __init__(
        self, exception: str | None, title: str, sample: str, first_line: int, level: str
    ) -> None:
        self.exception = exception
        self.title = title
        self.sample = sample
        self.first_line = first_line
        self.level = level
        self.count = 0
        self.first: datetime | None = None
        self.last: datetime | None = None
        self.services: set[str] = set()


class LogAnalyzer:
    """Accumulates a :class:`LogAnalysis` from events."""

    def __init__(self, extra_patterns: Iterable[re.Pattern[str]] = ()) -> None:
        self._tally = RedactionTally()
        # values removed from one sample are replaced in every other sample and title at build()
        self._secrets = SecretValues()
        self._redactor = TextRedactor(self._tally, tuple(extra_patterns), self._secrets)
        # a title repeats the sample's first line: redacted alike, counted once
        self._title_redactor = TextRedactor(RedactionTally(), tuple(extra_patterns), self._secrets)
        self._events = 0
        self._levels: Counter[str] = Counter()
        self._formats: Counter[str] = Counter()
        self._services: Counter[str] = Counter()
        self._start: datetime | None = None
        self._end: datetime | None = None
        self._assumed = False
        self._versions: dict[tuple[str, str, str | None], DetectedVersion] = {}
        self._groups: dict[str, _Group] = {}
        self._errors = 0

    def add(self, event: LogEvent) -> None:
        first = event.first
        self._events += 1
        self._levels[event.level or "UNKNOWN"] += 1
        self._formats[first.format or "plain text"] += 1
        if first.service:
            self._services[first.service] += 1
        when = first.runtime_time or first.time
        if when is not None:
            self._assumed = self._assumed or (first.runtime_time is None and first.time_assumed_utc)
            self._start = when if self._start is None or when < self._start else self._start
            self._end = when if self._end is None or when > self._end else self._end
        if len(self._versions) < MAX_VERSIONS:
            self._find_versions(event)
        level = event.level
        if level in {"ERROR", "CRITICAL"} or event.has_stack:
            self._add_error(event, level or "ERROR", when)

    def _find_versions(self, event: LogEvent) -> None:
        text = event.first.message
        if "ersion" not in text and " v" not in text and "/" not in text and "tarting" not in text:
            return
        for pattern in _VERSION_PATTERNS:
            match = pattern.search(text)
            if match:
                found = DetectedVersion(
                    match.group("name"),
                    match.group("version"),
                    event.first.service,
                    event.first.number,
                )
                self._versions.setdefault((found.name, found.version, found.service), found)
                return

    def _add_error(self, event: LogEvent, level: str, when: datetime | None) -> None:
        self._errors += 1
        exception, key = fingerprint(event)
        digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:12]
        group = self._groups.get(digest)
        if group is None:
            if len(self._groups) >= MAX_GROUPS:
                return
            lines = event.text_lines
            sample = "\n".join(lines[:SAMPLE_LINES])
            if len(lines) > SAMPLE_LINES or event.omitted:
                sample += f"\n… ({len(lines) - SAMPLE_LINES + event.omitted} more lines)"
            group = self._groups[digest] = _Group(
                exception,
                self._title_redactor.redact(event.first.message.strip()[:200]),
                self._redactor.redact(sample[:SAMPLE_CHARS]),
                event.first.number,
                level,
            )
        group.count += 1
        if LEVELS.index(level) > LEVELS.index(group.level):
            group.level = level
        if event.first.service:
            group.services.add(event.first.service)
        if when is not None:
            group.first = when if group.first is None or when < group.first else group.first
            group.last = when if group.last is None or when > group.last else group.last

    def build(
        self,
        *,
        line_count: int,
        wrappers: tuple[str, ...],
        invalid: int,
        truncated: int,
        cut_by: str | None = None,
        analysed_bytes: int = 0,
    ) -> LogAnalysis:
        groups = sorted(self._groups.items(), key=lambda item: (-item[1].count, item[1].first_line))
        samples = self._secrets.text_matcher(self._tally)
        titles = self._secrets.text_matcher(RedactionTally())
        if samples is not None and titles is not None:
            for _, group in groups:
                group.sample = samples.sub(group.sample)
                group.title = titles.sub(group.title)
        versions = tuple(self._versions.values())
        return LogAnalysis(
            line_count=line_count,
            event_count=self._events,
            wrappers=wrappers,
            formats=tuple(name for name, _ in self._formats.most_common() if name != "plain text"),
            services=tuple(sorted(self._services)),
            level_counts=tuple(
                (level, self._levels[level])
                for level in (*LEVELS, "UNKNOWN")
                if self._levels[level]
            ),
            window_start=self._start,
            window_end=self._end,
            timezone_assumed=self._assumed,
            app_version=_app_version(versions, tuple(sorted(self._services))),
            versions=versions,
            error_event_count=self._errors,
            error_groups=tuple(
                ErrorGroup(
                    fingerprint=digest,
                    exception=group.exception,
                    title=group.title,
                    sample=group.sample,
                    count=group.count,
                    first_seen=group.first,
                    last_seen=group.last,
                    first_line=group.first_line,
                    level=group.level,
                    services=tuple(sorted(group.services)),
                )
                for digest, group in groups
            ),
            invalid_utf8_lines=invalid,
            truncated_lines=truncated,
            redactions=self._tally.report(capped=self._secrets.capped),
            cut_by=cut_by,
            analysed_bytes=analysed_bytes,
        )


def fingerprint(event: LogEvent) -> tuple[str | None, str]:
    """(exception type, grouping key) of an error event."""
    lines = event.text_lines
    if event.mode == "go":
        frames = [m.group("frame") for line in lines[1:] if (m := _GO_FRAME_RE.match(line))]
        frames = [f for f in frames if not f.startswith(("panic", "runtime."))][:3]
        message = normalise(event.first.text)
        return "panic", f"go|{message}|{'|'.join(frames)}"
    if event.mode.startswith("python"):
        exception = None
        for line in reversed(lines):
            if line and not line[:1].isspace():
                match = _PYTHON_EXCEPTION_RE.match(line)
                if match and not line.startswith("Traceback"):
                    exception = match.group("type")
                    break
        frames = [
            f"{m.group('file').rsplit('/', 1)[-1]}:{m.group('func')}"
            for line in lines
            if (m := _PYTHON_FRAME_RE.match(line))
        ][-3:]
        return exception, f"python|{exception}|{'|'.join(frames)}"
    exceptions = [m.group("type") for line in lines if (m := _JAVA_EXCEPTION_RE.match(line))]
    if not exceptions and "Exception in thread" in event.first.message:
        match = _JAVA_EXCEPTION_RE.search(event.first.message)
        exceptions = [match.group("type")] if match else []
    if exceptions:
        caused = [m.group(1) for line in lines if (m := re.match(r"\s*Caused by: ([\w$.]+)", line))]
        exception = caused[-1] if caused else exceptions[0]
        frames = [m.group("frame") for line in lines if (m := _JAVA_FRAME_RE.match(line))][:3]
        if frames:
            return exception, f"java|{exception}|{'|'.join(frames)}"
        return exception, f"java|{exception}|{normalise(event.first.message)}"
    message = event.first.message
    if event.first.format == "nginx_error":  # drop the per-request context
        message = message.split(", client: ", 1)[0]
    return None, f"message|{event.first.format}|{normalise(message)}"


def normalise(message: str) -> str:
    """The message with what varies between occurrences (ids, numbers, values) stripped."""
    text = message.strip()[:500]
    for pattern, replacement in _NORMALISERS:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text)


# Components that announce their version beside the vendor's application in a compose or
# pod log: never the application's version (a Redis banner first in the log is not "the image").
THIRD_PARTY = frozenset(
    {
        "apache", "caddy", "django", "elasticsearch", "envoy", "flask", "gunicorn", "haproxy",
        "java", "jetty", "kafka", "mariadb", "memcached", "mongodb", "mysql", "nginx", "node",
        "postgres", "postgresql", "python", "rabbitmq", "redis", "spring", "tomcat", "traefik",
        "uvicorn", "zookeeper",
    }
)  # fmt: skip


def application_version(
    versions: tuple[DetectedVersion, ...], services: tuple[str, ...]
) -> DetectedVersion | None:
    """The version of what the log is about. In a log of several services (compose, a pod), the
    vendor application's banner: the first that is not a known component's, never Redis's that
    happened to come first. A log of one container is that container's: its banner, whatever
    it is (the database container's log is PostgreSQL's)."""
    own = next((v for v in versions if v.name.lower() not in THIRD_PARTY), None)
    if own is not None or len(services) > 1:
        return own
    return versions[0] if versions else None


def _app_version(versions: tuple[DetectedVersion, ...], services: tuple[str, ...]) -> str | None:
    chosen = application_version(versions, services)
    return f"{chosen.name} {chosen.version}" if chosen is not None else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
