"""Sanitise and summarise a HAR archive in two streaming passes.

The first pass removes secrets where they are named (cookies, tokens, passwords...), summarises,
and records the removed values; the second replaces every other occurrence of those values
(tracking pixels repeat cookie values in their URLs, redirects in ``Location``) in the bytes the
first pass wrote to a temporary file. Both passes hold one entry or one chunk at a time.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

from ._errors import TOO_DEEP, DiagnosticsError, HarError
from ._har_events import (
    EntriesBegin,
    EntriesEnd,
    Entry,
    LogBegin,
    LogEnd,
    LogMember,
    RootMember,
)
from ._har_reader import iter_har_events
from ._har_sanitize import HarSanitizer
from ._har_summary import HarSummary, HarSummaryBuilder
from ._redaction import (
    JWT_BYTES_RE,
    RedactionReport,
    RedactionTally,
    TextRedactor,
    compile_patterns,
)
from ._secret_values import SecretMatcher, SecretValues

HarSource = str | os.PathLike[str] | IO[bytes]
HarDestination = str | os.PathLike[str] | IO[bytes]
Patterns = Iterable[str | re.Pattern[str]]


@dataclass(frozen=True)
class HarAnalysis:
    """The result of one pass over a HAR: its summary and what sanitising removed."""

    summary: HarSummary
    redactions: RedactionReport

    def to_dict(self) -> dict[str, Any]:
        return {"summary": self.summary.to_dict(), "redactions": self.redactions.to_dict()}


def sanitize_and_summarize_har(
    source: HarSource, destination: HarDestination, *, extra_patterns: Patterns = ()
) -> HarAnalysis:
    """Write a sanitised copy of ``source`` to ``destination`` and summarise it, in one pass.

    ``source`` / ``destination`` are paths or binary streams. A path destination is written
    atomically (nothing is left behind on error); a stream destination holds partial output
    when :class:`HarError` is raised. ``extra_patterns`` are regular expressions whose matches
    are replaced everywhere.
    """
    if isinstance(destination, str | os.PathLike):
        with _atomic_output(Path(destination)) as stream:
            return _run(source, stream, extra_patterns, Path(destination).parent)
    return _run(source, destination, extra_patterns)


def sanitize_har(
    source: HarSource, destination: HarDestination, *, extra_patterns: Patterns = ()
) -> RedactionReport:
    """Write a sanitised copy of ``source``; report what was removed (counts and names)."""
    return sanitize_and_summarize_har(source, destination, extra_patterns=extra_patterns).redactions


def summarize_har(source: HarSource) -> HarSummary:
    """Summarise ``source`` without writing anything (URLs in the summary are sanitised)."""
    return _run(source, None, ()).summary


def _run(
    source: HarSource,
    destination: IO[bytes] | None,
    extra_patterns: Patterns,
    scratch: Path | None = None,
) -> HarAnalysis:
    try:
        if destination is None:
            analysis = _sanitize(source, None, extra_patterns)
            return HarAnalysis(analysis.summary, analysis.tally.report(capped=analysis.capped))
        with tempfile.TemporaryFile(dir=scratch) as first_pass:
            analysis = _sanitize(source, first_pass, extra_patterns)
            first_pass.seek(0)
            if analysis.matcher is None:
                shutil.copyfileobj(first_pass, destination, 1 << 20)
            else:
                analysis.matcher.copy_stream(first_pass, destination)
            destination.flush()
        return HarAnalysis(analysis.summary, analysis.tally.report(capped=analysis.capped))
    except DiagnosticsError:
        raise
    except RecursionError:
        # entries orjson accepts (depth < 1024) can still be too deep to walk or re-encode
        raise HarError("an entry is nested too deeply to sanitise", reason=TOO_DEEP) from None
    except (ValueError, UnicodeError) as exc:
        raise HarError(f"the HAR could not be sanitised: {exc}"[:300]) from None


@dataclass(frozen=True)
class _FirstPass:
    summary: HarSummary
    tally: RedactionTally
    matcher: SecretMatcher | None
    capped: bool


def _sanitize(
    source: HarSource, destination: IO[bytes] | None, extra_patterns: Patterns
) -> _FirstPass:
    tally = RedactionTally()
    secrets = SecretValues()
    sanitizer = HarSanitizer(tally, TextRedactor(tally, compile_patterns(extra_patterns)), secrets)
    summary = HarSummaryBuilder()
    writer = _HarWriter(destination) if destination is not None else None
    with _open_source(source) as stream:
        for event in iter_har_events(stream):
            if isinstance(event, Entry):
                entry = event.value
                removed_before = tally.total
                sanitizer.sanitize_entry(entry)
                summary.add_entry(entry)
                if writer is None:
                    continue
                # Nothing removed: the input bytes are the output (no re-encoding).
                data = event.raw if tally.total == removed_before else _dumps(entry)
                if sanitizer.needs_full_walk or (b"eyJ" in data and JWT_BYTES_RE.search(data)):
                    sanitizer.sanitize_strings(entry, "")  # JWTs anywhere, extra patterns
                    data = _dumps(entry)
                writer.entry(data)
            elif isinstance(event, LogMember):
                value = sanitizer.sanitize_meta(event.key, event.value)
                summary.add_meta(event.key, value)
                if writer is not None:
                    writer.member(event.key, value)
            elif writer is not None:
                writer.event(event)
    text_matcher = secrets.text_matcher(RedactionTally())  # the summary is a view: not counted
    built = summary.build(text_matcher.sub) if text_matcher is not None else summary.build()
    if writer is None:
        return _FirstPass(built, tally, None, secrets.capped)
    writer.finish()
    return _FirstPass(built, tally, secrets.json_matcher(tally), secrets.capped)


class _HarWriter:
    """Writes the sanitised document in input order: one entry per line, compact JSON."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._first = [True]
        stream.write(b"{")

    def _separator(self) -> None:
        if self._first[-1]:
            self._first[-1] = False
        else:
            self._stream.write(b",")

    def member(self, key: str, value: Any) -> None:
        self._separator()
        self._stream.write(b"\n" + _dumps(key) + b":" + _dumps(value))

    def entry(self, data: bytes) -> None:
        self._separator()
        self._stream.write(b"\n" + data)

    def event(self, event: object) -> None:
        if isinstance(event, RootMember):
            self.member(event.key, event.value)
        elif isinstance(event, LogBegin | EntriesBegin):
            self._separator()
            self._stream.write(b'\n"log":{' if isinstance(event, LogBegin) else b'\n"entries":[')
            self._first.append(True)
        elif isinstance(event, LogEnd | EntriesEnd):
            self._first.pop()
            self._stream.write(b"\n}" if isinstance(event, LogEnd) else b"\n]")

    def finish(self) -> None:
        self._stream.write(b"\n}\n")
        self._stream.flush()


def _dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except (TypeError, orjson.JSONEncodeError):
        # lone surrogates or integers beyond 64 bits, as the standard library decoded them
        return json.dumps(value, ensure_ascii=True).encode("ascii")


@contextlib.contextmanager
def _open_source(source: HarSource) -> Iterator[IO[bytes]]:
    if isinstance(source, str | os.PathLike):
        with Path(source).open("rb") as stream:
            yield stream
    else:
        yield source


@contextlib.contextmanager
def _atomic_output(path: Path) -> Iterator[IO[bytes]]:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb", buffering=1 << 20) as stream:
            yield stream
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
