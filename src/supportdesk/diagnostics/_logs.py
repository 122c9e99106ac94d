"""Reading container logs (plain or gzip, any size, line by line) into analysis or redaction."""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import re
import shutil
import tempfile
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from ._budget import CUT_BY_BYTES, CUT_BY_LINES, CUT_BY_TIME, AnalysisBudget
from ._errors import ENCODING, TRUNCATED, LogError
from ._log_analysis import LogAnalysis, LogAnalyzer
from ._log_events import EventAssembler
from ._log_wrappers import LineUnwrapper
from ._redaction import RedactionReport, RedactionTally, TextRedactor, compile_patterns
from ._secret_values import SecretValues

LogSource = str | os.PathLike[str] | bytes | IO[bytes]

MAX_LINE_BYTES = 64 * 1024
SAMPLE_LINES = 200
_CHUNK = 1 << 20


class _Lines:
    """Decoded lines of a log, with counts of what had to be repaired; stops at the budget
    (``cut_by`` says which limit was reached)."""

    def __init__(self, chunks: Iterator[bytes], budget: AnalysisBudget | None = None) -> None:
        self._budget = budget
        self._chunks = self._counted(chunks)
        self.count = 0
        self.invalid_utf8 = 0
        self.truncated = 0
        self.bytes = 0
        self.cut_by: str | None = None

    def _counted(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        limit = self._budget.max_bytes if self._budget else None
        for chunk in chunks:
            if limit is not None and self.bytes + len(chunk) > limit:
                if limit > self.bytes:
                    yield chunk[: limit - self.bytes]
                self.bytes = limit
                self.cut_by = CUT_BY_BYTES
                return
            self.bytes += len(chunk)
            yield chunk

    def __iter__(self) -> Iterator[str]:
        budget = self._budget
        max_lines = budget.max_lines if budget else None
        deadline = budget.deadline() if budget else None
        for raw in _split_lines(self._chunks, self):
            if max_lines is not None and self.count >= max_lines:
                self.cut_by = CUT_BY_LINES
                return
            # the clock is read every 4096 lines: cheap, and a line is at most 64 KiB
            if deadline is not None and not self.count & 0xFFF and time.monotonic() > deadline:
                self.cut_by = CUT_BY_TIME
                return
            self.count += 1
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                self.invalid_utf8 += 1
                text = raw.decode("utf-8", errors="replace")
            yield text.rstrip("\r\n")


def analyze_log(
    source: LogSource,
    *,
    extra_patterns: Iterable[str | re.Pattern[str]] = (),
    budget: AnalysisBudget | None = None,
) -> LogAnalysis:
    """Analyse a container log: formats, level counts, time window, versions, error groups.

    ``source`` is a path, the log's bytes or a binary stream; gzip-compressed logs are read
    transparently, a chunk at a time (memory stays bounded whatever the ratio). Raises
    :class:`LogError` for binary data or a tar archive. Samples and titles in the result have
    secrets removed (``extra_patterns`` too). Past ``budget`` (default: :class:`AnalysisBudget`)
    the analysis stops; ``cut_by`` and ``analysed_bytes`` in the result say so.
    """
    with _open(source) as chunks:
        lines = _Lines(chunks, budget or AnalysisBudget())
        stream = iter(lines)
        head = list(itertools.islice(stream, SAMPLE_LINES))
        unwrapper = LineUnwrapper(head)
        assembler = EventAssembler()
        analyzer = LogAnalyzer(compile_patterns(extra_patterns))
        for number, text in enumerate(itertools.chain(head, stream), start=1):
            line = unwrapper.unwrap(number, text)
            if line is None:
                continue
            for event in assembler.feed(line):
                analyzer.add(event)
        for event in assembler.finish():
            analyzer.add(event)
        return analyzer.build(
            line_count=lines.count,
            wrappers=unwrapper.wrappers,
            invalid=lines.invalid_utf8,
            truncated=lines.truncated,
            cut_by=lines.cut_by,
            analysed_bytes=lines.bytes,
        )


def redact_log(
    source: LogSource,
    destination: IO[bytes],
    *,
    extra_patterns: Iterable[str | re.Pattern[str]] = (),
) -> RedactionReport:
    """Copy a log line by line with secrets replaced by ``[REDACTED]``; report what went.

    Two passes: the first redacts secrets where they are named (``password=…``, ``Bearer …``)
    into a temporary file and records their values; the second copies that file replacing every
    other occurrence of those values (a token logged bare three lines later). Both stream: memory
    holds a line or a chunk, plus the bounded set of values.
    """
    tally = RedactionTally()
    secrets = SecretValues()
    redactor = TextRedactor(tally, compile_patterns(extra_patterns), secrets)
    with tempfile.TemporaryFile() as first_pass:
        with _open(source) as chunks:
            for text in _Lines(chunks):
                first_pass.write(redactor.redact(text).encode("utf-8") + b"\n")
        first_pass.seek(0)
        matcher = secrets.utf8_matcher(tally)
        if matcher is None:
            shutil.copyfileobj(first_pass, destination, 1 << 20)
        else:
            matcher.copy_stream(first_pass, destination)
    return tally.report(capped=secrets.capped)


@contextlib.contextmanager
def _open(source: LogSource) -> Iterator[Iterator[bytes]]:
    with contextlib.ExitStack() as stack:
        if isinstance(source, bytes):
            stream: IO[bytes] = io.BytesIO(source)
        elif isinstance(source, str | os.PathLike):
            stream = stack.enter_context(Path(source).open("rb"))
        else:
            stream = source
        chunks = iter(lambda: stream.read(_CHUNK), b"")
        first = next(chunks, b"")
        if first.startswith(b"\x1f\x8b"):
            chunks = _gunzip(itertools.chain([first], chunks))
            first = next(chunks, b"")
        _check_text(first)
        yield itertools.chain([first], chunks)


def _gunzip(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Inflate at most _CHUNK bytes at a time: a highly compressed input never expands in
    memory all at once (1 MiB of gzip can hold a GiB of repeated lines)."""
    inflater = zlib.decompressobj(wbits=47)
    try:
        for chunk in chunks:
            pending = chunk
            while pending:
                data = inflater.decompress(pending, _CHUNK)
                if data:
                    yield data
                if inflater.unconsumed_tail:
                    pending = inflater.unconsumed_tail
                elif inflater.unused_data:  # concatenated gzip members
                    pending = inflater.unused_data
                    inflater = zlib.decompressobj(wbits=47)
                else:
                    pending = b""
        tail = inflater.flush()
        if tail:
            yield tail
        if not inflater.eof:
            raise LogError("not a readable log: truncated or corrupt gzip data", reason=TRUNCATED)
    except zlib.error as exc:
        raise LogError(f"not a readable log: corrupt gzip data ({exc})") from None


def _check_text(head: bytes) -> None:
    if len(head) > 262 and head[257:262] == b"ustar":
        raise LogError("not a log: a tar archive (a collector bundle?)")
    if b"\x00" in head[:8192]:
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise LogError("not a readable log: UTF-16 text; save it as UTF-8", reason=ENCODING)
        raise LogError("not a text log: binary data (NUL bytes) in the first 8 KiB")


def _split_lines(chunks: Iterator[bytes], counts: _Lines) -> Iterator[bytes]:
    """Lines of at most MAX_LINE_BYTES (longer ones are cut, the rest of them skipped)."""
    pending = b""
    skipping = False
    for chunk in chunks:
        data = pending + chunk
        start = 0
        while True:
            end = data.find(b"\n", start)
            if end < 0:
                break
            if skipping:
                skipping = False
            else:
                yield (
                    data[start:end]
                    if end - start <= MAX_LINE_BYTES
                    else data[start : start + MAX_LINE_BYTES]
                )
                if end - start > MAX_LINE_BYTES:
                    counts.truncated += 1
            start = end + 1
        pending = data[start:]
        if len(pending) > MAX_LINE_BYTES:
            if not skipping:
                counts.truncated += 1
                yield pending[:MAX_LINE_BYTES]
            skipping = True
            pending = b""
    if pending and not skipping:
        yield pending
