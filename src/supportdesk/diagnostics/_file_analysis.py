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

from ._bundle import BundleAnalysis, read_bundle
from ._errors import DiagnosticsError
from ._har_pipeline import HarAnalysis, sanitize_and_summarize_har
from ._log_analysis import LogAnalysis
from ._logs import analyze_log
from ._sniff import SNIFF_BYTES, ContentKind, sniff_content


@dataclass(frozen=True)
class FileAnalysis:
    """What a file is and, for diagnostics files, what it says; ``error`` names why a file that
    looked like diagnostics could not be read."""

    kind: ContentKind
    har: HarAnalysis | None = None
    log: LogAnalysis | None = None
    bundle: BundleAnalysis | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "har": self.har.to_dict() if self.har else None,
            "log": self.log.to_dict() if self.log else None,
            "bundle": self.bundle.to_dict() if self.bundle else None,
            "error": self.error,
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
) -> FileAnalysis:
    """Classify ``path`` by content and analyse it.

    HAR (also gzip-compressed): sanitised copy written to ``sanitized_har_path`` when given (the
    original should then be discarded), summary and redaction report. Container log (also
    gzip): :func:`analyze_log`. Collector bundle: :func:`read_bundle`. Anything else: only
    ``kind``. Never raises for bad content: the problem is in ``error``.
    """
    source = Path(path)
    with source.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
    kind = sniff_content(head, source.name)
    patterns = tuple(extra_patterns)
    try:
        if kind == ContentKind.HAR:
            with _maybe_gunzip(source, head) as stream:
                destination: Any = (
                    sanitized_har_path if sanitized_har_path is not None else _Discard()
                )
                har = sanitize_and_summarize_har(stream, destination, extra_patterns=patterns)
            return FileAnalysis(kind, har=har)
        if kind == ContentKind.CONTAINER_LOG:
            return FileAnalysis(kind, log=analyze_log(source, extra_patterns=patterns))
        if kind == ContentKind.COLLECTOR_BUNDLE:
            return FileAnalysis(kind, bundle=read_bundle(source, extra_patterns=patterns))
    except (DiagnosticsError, OSError, EOFError) as exc:
        return FileAnalysis(kind, error=str(exc))
    return FileAnalysis(kind)


@contextlib.contextmanager
def _maybe_gunzip(path: Path, head: bytes) -> Iterator[IO[bytes]]:
    if head.startswith(b"\x1f\x8b"):
        with gzip.open(path, "rb") as stream:
            yield cast(IO[bytes], stream)
    else:
        with path.open("rb") as stream:
            yield stream
