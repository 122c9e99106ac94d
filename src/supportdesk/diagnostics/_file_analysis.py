"""One entry point for an uploaded file: sniff it, then run the analysis that fits."""

from __future__ import annotations

import contextlib
import gzip
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from ._budget import AnalysisBudget
from ._bundle import BundleAnalysis, read_bundle
from ._errors import TOO_LARGE, DiagnosticsError, HarError
from ._har_fallback import redact_unreadable_har
from ._har_pipeline import HarAnalysis, sanitize_and_summarize_har
from ._log_analysis import LogAnalysis
from ._logs import analyze_log
from ._redaction import RedactionReport
from ._sniff import SNIFF_BYTES, ContentKind, sniff_content

_HAR_NAMES = (".har", ".har.gz", ".har.json")


@dataclass(frozen=True)
class FileAnalysis:
    """What a file is and, for diagnostics files, what it says; ``error`` names why a file that
    looked like diagnostics could not be read, ``reason`` is that error's code (see
    ``DiagnosticsError.reason``). ``best_effort`` is set when a HAR could not be sanitised and
    a best-effort redacted copy was written instead: what that pass removed."""

    kind: ContentKind
    har: HarAnalysis | None = None
    log: LogAnalysis | None = None
    bundle: BundleAnalysis | None = None
    error: str | None = None
    reason: str | None = None
    best_effort: RedactionReport | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "har": self.har.to_dict() if self.har else None,
            "log": self.log.to_dict() if self.log else None,
            "bundle": self.bundle.to_dict() if self.bundle else None,
            "error": self.error,
            "reason": self.reason,
            "best_effort": self.best_effort.to_dict() if self.best_effort else None,
        }


class _Discard:
    def write(self, data: bytes) -> int:
        return len(data)

    def flush(self) -> None:
        return None


def analyze_file(
    path: str | os.PathLike[str],
    *,
    sanitized_har_path: str | os.PathLike[str] | None = None,
    extra_patterns: Iterable[str | re.Pattern[str]] = (),
    budget: AnalysisBudget | None = None,
) -> FileAnalysis:
    """Classify ``path`` by content and analyse it.

    HAR (also gzip-compressed): sanitised copy written to ``sanitized_har_path`` when given (the
    original should then be discarded), summary and redaction report. Container log (also
    gzip): :func:`analyze_log`. Collector bundle: :func:`read_bundle`. Anything else: only
    ``kind``. Never raises for bad content: the problem is in ``error``.

    A file that looks like a HAR (by content, or named ``*.har`` and not an image or archive)
    but cannot be sanitised still gets a copy at ``sanitized_har_path``: a best-effort
    textual redaction (:func:`redact_unreadable_har`), reported in ``best_effort``. When not
    even that can be written, no file is left there and the caller must withhold the original.
    ``budget`` bounds the bytes decompressed, the lines analysed and the time spent.
    """
    source = Path(path)
    limits = budget or AnalysisBudget()
    with source.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
    kind = sniff_content(head, source.name)
    if kind in _UNCERTAIN and source.name.lower().endswith(_HAR_NAMES):
        kind = ContentKind.HAR
    patterns = tuple(extra_patterns)
    try:
        if kind == ContentKind.HAR:
            return _analyze_har(source, head, sanitized_har_path, patterns, limits)
        if kind == ContentKind.CONTAINER_LOG:
            log = analyze_log(source, extra_patterns=patterns, budget=limits)
            return FileAnalysis(kind, log=log)
        if kind == ContentKind.COLLECTOR_BUNDLE:
            bundle = read_bundle(source, extra_patterns=patterns, budget=limits)
            return FileAnalysis(kind, bundle=bundle)
    except DiagnosticsError as exc:
        return FileAnalysis(kind, error=str(exc), reason=exc.reason)
    except (OSError, EOFError) as exc:
        return FileAnalysis(kind, error=str(exc) or type(exc).__name__, reason="invalid")
    return FileAnalysis(kind)


_UNCERTAIN = frozenset({ContentKind.TEXT, ContentKind.CONTAINER_LOG, ContentKind.BINARY})


def _analyze_har(
    source: Path,
    head: bytes,
    sanitized_har_path: str | os.PathLike[str] | None,
    patterns: tuple[str | re.Pattern[str], ...],
    budget: AnalysisBudget,
) -> FileAnalysis:
    try:
        with _maybe_gunzip(source, head, budget.max_bytes) as stream:
            destination: Any = sanitized_har_path if sanitized_har_path is not None else _Discard()
            har = sanitize_and_summarize_har(stream, destination, extra_patterns=patterns)
        return FileAnalysis(ContentKind.HAR, har=har)
    except (DiagnosticsError, OSError, EOFError) as exc:
        reason = exc.reason if isinstance(exc, DiagnosticsError) else "invalid"
        error = str(exc) or type(exc).__name__
    if sanitized_har_path is None:
        return FileAnalysis(ContentKind.HAR, error=error, reason=reason)
    try:
        with source.open("rb") as raw, Path(sanitized_har_path).open("wb") as copy:
            report = redact_unreadable_har(raw, copy, budget=budget)
    except (DiagnosticsError, OSError) as exc:
        Path(sanitized_har_path).unlink(missing_ok=True)
        return FileAnalysis(ContentKind.HAR, error=f"{error}; {exc}", reason=reason)
    return FileAnalysis(ContentKind.HAR, error=error, reason=reason, best_effort=report)


@contextlib.contextmanager
def _maybe_gunzip(path: Path, head: bytes, max_bytes: int) -> Iterator[IO[bytes]]:
    if head.startswith(b"\x1f\x8b"):
        with gzip.open(path, "rb") as stream:
            yield cast(IO[bytes], _Bounded(cast(IO[bytes], stream), max_bytes))
    else:
        with path.open("rb") as stream:
            yield cast(IO[bytes], _Bounded(stream, max_bytes))


class _Bounded:
    """A stream that refuses to hand out more than ``limit`` bytes (a gzip bomb stops here)."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self._stream = stream
        self._left = limit
        self._limit = limit

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            if self._stream.read(1):
                raise HarError(
                    f"the HAR is larger than {self._limit} bytes (decompressed)", reason=TOO_LARGE
                )
            return b""
        data = self._stream.read(self._left if size < 0 else min(size, self._left))
        self._left -= len(data)
        return data
