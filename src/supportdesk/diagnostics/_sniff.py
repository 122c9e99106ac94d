"""What an attachment is, judged by its content (the first bytes), not by its name."""

from __future__ import annotations

import re
import tarfile
import zlib
from enum import StrEnum

from ._log_events import EventAssembler, LogEvent
from ._log_wrappers import LineUnwrapper
from ._wide_text import wide_encoding

SNIFF_BYTES = 64 * 1024  # callers pass at least this much of the file when they have it

_HAR_LOG_RE = re.compile(rb'^\s*\{\s*"log"\s*:\s*\{')
_HAR_MEMBER_RE = re.compile(rb'"(?:entries|creator|version|pages|browser)"\s*:')
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")
_MIN_LOG_EVENTS = 2
_LOG_SHARE = 0.3


class ContentKind(StrEnum):
    HAR = "har"
    CONTAINER_LOG = "container_log"
    COLLECTOR_BUNDLE = "collector_bundle"
    IMAGE = "image"
    ARCHIVE = "archive"
    TEXT = "text"
    BINARY = "binary"
    EMPTY = "empty"


def sniff_content(head: bytes, filename: str | None = None) -> ContentKind:
    """Classify a file from its first bytes (pass :data:`SNIFF_BYTES` of it, or all of it).

    A HAR is JSON with ``log`` holding ``entries``/``creator``/``version``; a container log is
    text whose lines mostly carry log headers (timestamps, levels, JSON log records, runtime
    prefixes); a collector bundle is a ``.tar.gz`` whose first member is ``manifest.json``.
    ``filename`` only breaks ties (a short text named ``*.log`` with one log line is a log).
    """
    if not head.strip():
        return ContentKind.EMPTY
    if head.startswith(b"\x1f\x8b"):
        return _sniff_gzip(head, filename)
    if len(head) > 262 and head[257:262] == b"ustar":
        return ContentKind.ARCHIVE
    if head.startswith((b"PK\x03\x04", b"7z\xbc\xaf", b"Rar!")):
        return ContentKind.ARCHIVE
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return ContentKind.IMAGE
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    if _is_plain_har(body) or _is_plain_har(_narrowed(head)):
        return ContentKind.HAR
    if b"\x00" in body[:8192]:
        return ContentKind.BINARY
    text = body.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(8, len(text) // 20):
        return ContentKind.BINARY
    return ContentKind.CONTAINER_LOG if looks_like_log(text, filename) else ContentKind.TEXT


def looks_like_har(head: bytes) -> bool:
    """Whether the file is a HAR, plain or gzipped, from its first bytes: what
    :func:`sniff_content` would say, without judging every other kind of file on the way."""
    if head.startswith(b"\x1f\x8b"):
        return _sniff_gzip(head, None) == ContentKind.HAR
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    return _is_plain_har(body) or _is_plain_har(_narrowed(head))


def _narrowed(head: bytes) -> bytes:
    """UTF-16/32 text as UTF-8; b"" for anything else."""
    encoding = wide_encoding(head[:4]) if b"\x00" in head[:4] else None
    if encoding is None:
        return b""
    return head.decode(encoding, errors="ignore").encode("utf-8")


def _is_plain_har(body: bytes) -> bool:
    return bool(_HAR_LOG_RE.match(body) and _HAR_MEMBER_RE.search(body))


def looks_like_log(text: str, filename: str | None = None) -> bool:
    """Whether ``text`` reads as a log: most of its events (a line with its continuation lines)
    carry a log header, a runtime prefix or a stack trace; at least two such events, or one in
    a file named ``*.log``."""
    lines = [line for line in text.splitlines()[:400] if line.strip()]
    if len(lines) > 1 and len(text) >= SNIFF_BYTES - 1:
        lines = lines[:-1]  # the head may end mid-line
    if not lines:
        return False
    unwrapper = LineUnwrapper(lines)
    assembler = EventAssembler()
    events = logged = 0
    for number, raw in enumerate(lines, start=1):
        line = unwrapper.unwrap(number, raw)
        if line is None:
            logged += 1  # a partial Docker json-file record
            continue
        for event in assembler.feed(line):
            events += 1
            logged += _is_logged(event)
    for event in assembler.finish():
        events += 1
        logged += _is_logged(event)
    named_log = bool(filename) and str(filename).lower().endswith((".log", ".log.txt", ".out"))
    enough = logged >= (1 if named_log else _MIN_LOG_EVENTS)
    return enough and logged >= _LOG_SHARE * max(events, 1)


def _is_logged(event: LogEvent) -> bool:
    first = event.first
    return bool(first.format or first.runtime_time or first.service or event.has_stack)


def _sniff_gzip(head: bytes, filename: str | None) -> ContentKind:
    try:
        inner = zlib.decompressobj(wbits=47).decompress(head, SNIFF_BYTES)
    except zlib.error:
        return ContentKind.BINARY
    if len(inner) >= 512 and inner[257:262] == b"ustar":
        name = _first_tar_member(inner)
        if name is not None and name.rsplit("/", 1)[-1] == "manifest.json":
            return ContentKind.COLLECTOR_BUNDLE
        return ContentKind.ARCHIVE
    if not inner:
        return ContentKind.BINARY
    inner_name = filename[:-3] if filename and filename.lower().endswith(".gz") else filename
    kind = sniff_content(inner, inner_name)
    return kind if kind in {ContentKind.HAR, ContentKind.CONTAINER_LOG} else ContentKind.ARCHIVE


def _first_tar_member(data: bytes) -> str | None:
    """The name of the first real member (past pax / GNU long-name headers)."""
    offset = 0
    long_name: str | None = None
    for _ in range(4):
        try:
            info = tarfile.TarInfo.frombuf(data[offset : offset + 512], "utf-8", "surrogateescape")
        except tarfile.TarError:
            return None
        body = data[offset + 512 : offset + 512 + info.size]
        if info.type == tarfile.GNUTYPE_LONGNAME:
            long_name = body.rstrip(b"\0").decode("utf-8", errors="replace")
        elif info.type in {tarfile.XHDTYPE, tarfile.XGLTYPE}:
            path = re.search(rb"\d+ path=([^\n]*)\n", body)
            long_name = path.group(1).decode("utf-8", errors="replace") if path else long_name
        else:
            return long_name or info.name
        offset += 512 + -(-info.size // 512) * 512
    return None
