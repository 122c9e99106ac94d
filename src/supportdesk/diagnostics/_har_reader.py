"""Streaming reader for HAR archives: bounded memory, one ``log.entries`` item at a time.

The two outer levels (the root object and ``log``) are walked by hand; every value below them
(an entry, ``pages``, ``creator``...) is cut out of a byte buffer and decoded by orjson. To find
where a value ends without tokenising it in Python, the reader uses two tricks:

* a guess confirmed by orjson: pretty-printed exports (Chrome, Firefox, Safari) close an entry
  with a newline, the entry's own indentation and ``}``. One ``bytes.find`` proposes the end; a
  slice that starts with ``{`` and parses as a whole value *is* the whole value, so a wrong
  guess is always detected;
* otherwise (compact files) orjson parses a window of the buffer and reports "unexpected
  content after document" at the first byte after the value; the value is then decoded from
  exactly its bytes. (Measured: cheaper than searching for the next sibling's first key.)

Memory stays proportional to the largest single entry, not to the file.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, Any, Protocol

import orjson

from ._errors import ENCODING, NOT_HAR, NUMBER_TOO_LONG, TOO_DEEP, TRUNCATED, HarError
from ._har_events import (
    ENTRIES_BEGIN,
    ENTRIES_END,
    LOG_BEGIN,
    LOG_END,
    Entry,
    HarEvent,
    LogMember,
    RootMember,
)
from ._wide_text import wide_encoding

_CHUNK = 1 << 20
_MIN_WINDOW = 1 << 14
_WS = re.compile(rb"[ \t\r\n]*")
_BOM = b"\xef\xbb\xbf"
_TRAILING = "unexpected content after document"
_END_OF_DATA = "unexpected end of data"
_TOO_DEEP = "depth limit exceeded"
_MAX_FALLBACK_WINDOW = 64 << 20


def iter_har_events(stream: IO[bytes]) -> Iterator[HarEvent]:
    """Yield the structure of a HAR document in file order; raise :class:`HarError` if invalid."""
    reader = _ByteReader(_as_utf8(stream))
    reader.skip_bom()
    first = reader.peek()
    if first is None:
        raise HarError("empty file: no JSON content", reason=TRUNCATED)
    if first != ord("{"):
        head = reader.head()
        raise HarError(
            f"not a HAR file: {_describe_start(head)}",
            reason=ENCODING if head.startswith((b"\xff\xfe", b"\xfe\xff")) else NOT_HAR,
        )
    reader.advance()
    seen_log = seen_entries = False
    for key in reader.object_keys("the root object"):
        if key != "log":
            yield RootMember(key, reader.read_value(f"root member {key!r}"))
            continue
        seen_log = True
        if reader.peek() != ord("{"):
            raise HarError("not a HAR file: log is not an object", reason=NOT_HAR)
        reader.advance()
        yield LOG_BEGIN
        for log_key in reader.object_keys("log"):
            if log_key != "entries":
                yield LogMember(log_key, reader.read_value(f"log.{log_key}"))
                continue
            seen_entries = True
            if reader.peek() != ord("["):
                raise HarError("not a HAR file: log.entries is not an array", reason=NOT_HAR)
            reader.advance()
            yield ENTRIES_BEGIN
            yield from _entries(reader)
            yield ENTRIES_END
        yield LOG_END
    if reader.peek() is not None:
        raise HarError(
            f"invalid JSON at byte {reader.offset}: unexpected content after the document"
        )
    if not seen_log:
        raise HarError("not a HAR file: no log object", reason=NOT_HAR)
    if not seen_entries:
        raise HarError("not a HAR file: no log.entries", reason=NOT_HAR)


def _entries(reader: _ByteReader) -> Iterator[Entry]:
    index = 0
    if reader.peek() == ord("]"):
        reader.advance()
        return
    while True:
        if reader.peek() != ord("{"):
            if reader.peek() is None:
                raise HarError(
                    f"truncated HAR: the file ends inside log.entries (after {index} entries)",
                    reason=TRUNCATED,
                )
            raise HarError(f"not a HAR file: log.entries[{index}] is not an object", reason=NOT_HAR)
        start = reader.offset
        value = reader.read_value(f"log.entries[{index}]", item=True)
        yield Entry(index, value, reader.consumed_since(start))
        index += 1
        separator = reader.peek()
        if separator == ord(","):
            reader.advance()
            reader.peek()
            continue
        if separator == ord("]"):
            reader.advance()
            return
        if separator is None:
            raise HarError(
                f"truncated HAR: the file ends inside log.entries (after {index} entries)",
                reason=TRUNCATED,
            )
        raise HarError(
            f"invalid JSON at byte {reader.offset}: expected ',' or ']' after log.entries[{index - 1}]"
        )


class _Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


def _as_utf8(stream: IO[bytes]) -> _Readable:
    """Windows tools save JSON as UTF-16 (with or without a byte order mark): read it as UTF-8."""
    head = stream.read(4)
    encoding = wide_encoding(head)
    if encoding is None:
        return _Prefixed(head, stream)
    return _Transcoded(head, stream, encoding)


class _Prefixed:
    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int, /) -> bytes:
        if self._head:
            head, self._head = self._head, b""
            return head + self._stream.read(max(size - len(head), 1))
        return self._stream.read(size)


class _Transcoded:
    """A UTF-16/32 stream, decoded incrementally and handed on as UTF-8."""

    def __init__(self, head: bytes, stream: IO[bytes], encoding: str) -> None:
        self._head = head
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder(encoding)()
        self._offset = 0

    def read(self, size: int, /) -> bytes:
        while True:
            data = self._head + self._stream.read(size)
            self._head = b""
            try:
                text = self._decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                raise HarError(
                    f"invalid UTF-16 text at byte {self._offset + exc.start}", reason=ENCODING
                ) from None
            self._offset += len(data)
            if text or not data:
                return text.encode("utf-8", errors="surrogatepass")


def _describe_start(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "the file is UTF-16 encoded; HAR files are UTF-8 JSON"
    if head[:1] == b"[":
        return "the document is a JSON array, expected an object with log.entries"
    if (
        head[:1] == b'"'
        or head[:1].isdigit()
        or head.startswith((b"true", b"false", b"null", b"-"))
    ):
        return "the document is a single JSON value, expected an object with log.entries"
    if (head[:1].isascii() and head[:1].isalpha()) or head[:1] == b"<":
        return "the content is not JSON (starts with text)"
    return f"the content is not JSON (starts with byte 0x{head[0]:02x})"


class _ByteReader:
    """A sliding byte window over the input with just enough JSON to walk two levels."""

    def __init__(self, stream: _Readable) -> None:
        self._stream = stream
        self._buf = b""
        self._pos = 0
        self._base = 0  # input offset of self._buf[0]
        self._eof = False
        self._window = _MIN_WINDOW
        self._indent: bytes | None = None
        self._indent_offset = -1
        self._guess_record = [0, 0]  # closing-line guesses that held / failed

    @property
    def last_indent(self) -> bytes | None:
        """The indentation before the current value, if a newline precedes it."""
        return self._indent if self._indent_offset == self.offset else None

    @property
    def offset(self) -> int:
        return self._base + self._pos

    def consumed_since(self, offset: int) -> bytes:
        """The input bytes from ``offset`` to the current position (still in the window)."""
        return self._buf[offset - self._base : self._pos].rstrip(b" \t\r\n")

    def head(self) -> bytes:
        return self._buf[self._pos : self._pos + 16]

    def _fill(self) -> bool:
        """Append a chunk; drop what was consumed. False at end of input."""
        if self._eof:
            return False
        chunk = self._stream.read(max(_CHUNK, self._window))
        if not chunk:
            self._eof = True
            return False
        self._base += self._pos
        self._buf = self._buf[self._pos :] + chunk
        self._pos = 0
        return True

    def skip_bom(self) -> None:
        while len(self._buf) - self._pos < 3 and self._fill():
            pass
        if self._buf.startswith(_BOM, self._pos):
            self._pos += 3

    def peek(self) -> int | None:
        """Skip whitespace (remembering the indentation after the last newline); next byte."""
        skipped = b""
        while True:
            match = _WS.match(self._buf, self._pos)
            end = match.end() if match else self._pos
            skipped += self._buf[self._pos : end]
            self._pos = end
            if self._pos < len(self._buf):
                break
            if not self._fill():
                return None
        if skipped:
            newline = skipped.rfind(b"\n")
            self._indent = skipped[newline + 1 :] if newline >= 0 else None
            self._indent_offset = self.offset
        return self._buf[self._pos]

    def advance(self) -> None:
        self._pos += 1

    def object_keys(self, where: str) -> Iterator[str]:
        """Yield the keys of the object just opened, leaving the reader at each value."""
        if self.peek() == ord("}"):
            self.advance()
            return
        while True:
            if self.peek() != ord('"'):
                self._structure_error(f"expected a member name in {where}")
            key = self.read_value(f"a member name in {where}")
            if self.peek() != ord(":"):
                self._structure_error(f"expected ':' after {key!r} in {where}")
            self.advance()
            if self.peek() is None:
                self._structure_error(f"expected a value for {key!r} in {where}")
            yield key
            separator = self.peek()
            if separator == ord(","):
                self.advance()
                continue
            if separator == ord("}"):
                self.advance()
                return
            self._structure_error(f"expected ',' or '}}' after {key!r} in {where}")

    def _structure_error(self, expected: str) -> None:
        if self.peek() is None:
            raise HarError(f"truncated HAR: the file ends early ({expected})", reason=TRUNCATED)
        raise HarError(f"invalid JSON at byte {self.offset}: {expected}")

    def read_value(self, where: str, *, item: bool = False) -> Any:
        """Decode the JSON value starting at the current (non-blank) position.

        For an ``item`` of a long array, first try to find its end cheaply: the closing line of
        a pretty-printed object.
        """
        if item and self._buf[self._pos] == ord("{"):
            needle = self._end_guess()
            if needle is not None:
                found, value = self._read_until(needle)
                self._guess_record[0 if found else 1] += 1
                if found:
                    return value
        return self._read_by_window(where)

    def _end_guess(self) -> bytes | None:
        """Pretty-printed exports close an item with a newline, its indentation and ``}``."""
        hits, misses = self._guess_record
        if misses > 8 and misses * 4 > hits:
            return None  # the document is not laid out that way: stop guessing
        indent = self.last_indent
        return None if indent is None else b"\n" + indent + b"}"

    def _read_until(self, needle: bytes) -> tuple[bool, Any]:
        searched = self._pos + 1
        give_up = self.offset + max(2 * _CHUNK, 8 * self._window)
        while self._base + searched < give_up:
            found = self._buf.find(needle, searched)
            if found >= 0:
                end = found + len(needle)
                view = memoryview(self._buf)[self._pos : end]
                try:
                    value = orjson.loads(view)
                except orjson.JSONDecodeError:
                    return False, None
                self._pos = end
                self._window = max(_MIN_WINDOW, 2 * len(view))
                return True, value
            searched = max(self._pos, len(self._buf) - len(needle))
            start = self._pos
            if not self._fill():
                return False, None  # the last item: no sibling follows
            searched -= start
        return False, None

    def _read_by_window(self, where: str) -> Any:
        window = self._window
        while True:
            available = len(self._buf) - self._pos
            if available < window and not self._eof:
                self._fill()
                continue
            end = self._pos + min(window, available)
            while end < len(self._buf) and 0x80 <= self._buf[end] < 0xC0:
                end -= 1  # never cut a UTF-8 sequence
            view = memoryview(self._buf)[self._pos : end]
            try:
                value = orjson.loads(view)
            except orjson.JSONDecodeError as exc:
                if exc.msg == _TRAILING:
                    size = _error_byte_offset(exc)
                    value = orjson.loads(view[:size])
                    self._pos += size
                    self._window = max(_MIN_WINDOW, 2 * size)
                    return value
                if exc.msg == _TOO_DEEP:
                    raise HarError(
                        f"{where} is nested too deeply to read (at byte {self.offset})",
                        reason=TOO_DEEP,
                    ) from None
                if exc.msg != _END_OF_DATA:
                    return self._read_with_stdlib(where, exc, len(view))
                if end < len(self._buf) or not self._eof:
                    window *= 2
                    continue
                raise HarError(
                    f"truncated HAR: the file ends inside {where}", reason=TRUNCATED
                ) from None
            if end < len(self._buf) or self._eof or isinstance(value, dict | list | str):
                self._pos = end
                return value
            window *= 2  # a number cut short by the window: look further

    def _read_with_stdlib(
        self, where: str, first_error: orjson.JSONDecodeError, window: int
    ) -> Any:
        """orjson refuses a few things the JSON spec allows (lone surrogate escapes, numbers beyond
        double range); the standard library decodes them. Genuinely invalid JSON fails here too."""
        while True:
            available = len(self._buf) - self._pos
            if available < window and not self._eof:
                self._fill()
                continue
            raw = self._buf[self._pos : self._pos + min(window, available)]
            more = len(raw) < available or not self._eof
            text = raw.decode("utf-8", errors="surrogateescape")
            try:
                value, char_end = _DECODER.raw_decode(text)
            except json.JSONDecodeError:
                if more and window < _MAX_FALLBACK_WINDOW:
                    window *= 2
                    continue
                offset = self._base + self._pos + _error_byte_offset(first_error)
                raise HarError(
                    f"invalid JSON in {where} at byte {offset}: {first_error.msg}"
                ) from None
            except ValueError:
                # json refuses to turn more than sys.get_int_max_str_digits() digits into an int
                raise HarError(
                    f"{where} holds a number too long to read (at byte {self.offset})",
                    reason=NUMBER_TOO_LONG,
                ) from None
            except RecursionError:
                raise HarError(
                    f"{where} is nested too deeply to read (at byte {self.offset})",
                    reason=TOO_DEEP,
                ) from None
            try:
                size = len(text[:char_end].encode("utf-8"))
            except UnicodeEncodeError as exc:
                offset = self._base + self._pos + len(text[: exc.start].encode("utf-8"))
                raise HarError(
                    f"invalid UTF-8 in {where} at byte {offset}", reason=ENCODING
                ) from None
            self._pos += size
            return value


_DECODER = json.JSONDecoder()


def _error_byte_offset(error: orjson.JSONDecodeError) -> int:
    """orjson reports a character position in the document it decoded; as a byte offset."""
    document: str = error.doc
    if document.isascii():  # O(1) for a str
        return int(error.pos)
    return len(document[: error.pos].encode("utf-8", errors="surrogatepass"))
