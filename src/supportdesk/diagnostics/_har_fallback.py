"""A best-effort redacted copy of a HAR that the sanitiser could not read.

A file that looks like a HAR but is cut short, holds a number Python will not convert, is
nested too deeply or is not UTF-8 must still never be kept raw. Without a parse there is no
structure to trust, so this pass works on the text and fails closed: it walks the JSON string
tokens in one linear scan (no backtracking patterns) and keeps only what is harmless:

* member names, and the ``name`` of headers, cookies and parameters;
* values of a short list of harmless headers (``Content-Type``, ``Date``...);
* URLs with their user information, query values and fragment removed;
* short strings (methods, MIME types, times, versions) that name no secret;

everything else (cookie and other header values, bodies, long strings, anything between
strings that is not JSON punctuation) becomes ``[REDACTED]``. The result is text for an agent
to read, not necessarily valid JSON.
"""

from __future__ import annotations

import codecs
import json
import re
import zlib
from typing import IO

from ._budget import AnalysisBudget
from ._errors import HarError
from ._redaction import REDACTED, RedactionReport, RedactionTally
from ._wide_text import wide_encoding

_QUOTED_REDACTED = f'"{REDACTED}"'
# The body of a JSON string after its opening quote; possessive, so a scan never backtracks.
_STRING_BODY = re.compile(r'[^"\\]*+(?:\\.[^"\\]*+)*+', re.DOTALL)
_BLANKS = re.compile(r"[ \t\r\n]*+")
_STRUCTURE = re.compile(r"(?:[ \t\r\n{}\[\]:,0-9eE.+-]|true|false|null)*+")
_SECRET_WORDS = re.compile(
    "pass|pwd|secret|token|key|credential|csrf|xsrf|signature|sess|sid|auth|otp|cookie|bearer"
    "|basic|eyj|@"
)
_HARMLESS_HEADERS = frozenset(
    {
        "accept",
        "accept-encoding",
        "accept-language",
        "accept-ranges",
        "age",
        "cache-control",
        "connection",
        "content-encoding",
        "content-language",
        "content-length",
        "content-type",
        "date",
        "etag",
        "expires",
        "host",
        "last-modified",
        "pragma",
        "server",
        "status",
        "transfer-encoding",
        "user-agent",
        "vary",
        "via",
        "x-content-type-options",
        "x-frame-options",
        ":authority",
        ":method",
        ":scheme",
        ":status",
    }
)
_URL_HEADERS = frozenset({"referer", "location", "content-location", "origin", ":path"})
_URL_KEYS = frozenset({"url", "redirecturl", "title"})
_BODY_KEYS = frozenset({"text", "comment", "_content"})
_MAX_KEPT_STRING = 200
_MAX_KEPT_URL = 8192
_MAX_KEPT_NAME = 200


def redact_unreadable_har(
    source: IO[bytes], destination: IO[bytes], *, budget: AnalysisBudget | None = None
) -> RedactionReport:
    """Write a redacted copy of ``source`` (a HAR, plain or gzip, any encoding) to
    ``destination``; report what went. Text past ``budget.max_bytes`` is left out (a closing
    note says so). Raises :class:`HarError` only when the bytes cannot be read at all
    (gzip data corrupt from the start)."""
    limits = budget or AnalysisBudget()
    data, cut = _read_bounded(source, limits.max_bytes)
    tally = RedactionTally()
    text = _decode(data)
    destination.write(_redact_text(text, tally).encode("utf-8", errors="replace"))
    if cut:
        destination.write(
            f"\n[the rest of the file, past the first {limits.max_bytes} bytes, was left out]\n".encode()
        )
    destination.flush()
    return tally.report()


def _read_bounded(source: IO[bytes], limit: int) -> tuple[bytes, bool]:
    """The (decompressed) bytes up to ``limit``, and whether there were more."""
    head = source.read(2)
    if head != b"\x1f\x8b":
        data = head + source.read(max(limit - len(head), 0))
        return data, bool(source.read(1))
    inflater = zlib.decompressobj(wbits=47)
    parts: list[bytes] = []
    size = 0
    pending = head + source.read(1 << 16)
    try:
        while pending and size < limit:
            parts.append(inflater.decompress(pending, limit - size))
            size += len(parts[-1])
            pending = inflater.unconsumed_tail or source.read(1 << 16)
            if inflater.eof:
                break  # further gzip members are left out, like bytes past the budget
    except zlib.error as exc:
        if not size:
            raise HarError(f"corrupt gzip data ({exc})") from None
        # a cut or damaged stream: what came out before the damage is still redacted
    return b"".join(parts), size >= limit


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    encoding = wide_encoding(data[:4])
    if encoding is not None:
        return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # every byte is a character: the text stays readable


def _redact_text(text: str, tally: RedactionTally) -> str:
    out: list[str] = []
    position = 0
    key = ""
    last_name = ""
    length = len(text)
    while position < length:
        quote = text.find('"', position)
        between = text[position:] if quote < 0 else text[position:quote]
        if between:
            if _STRUCTURE.fullmatch(between):
                out.append(between)
            else:
                tally.add("other", None)
                out.append(f" {REDACTED} ")
        if quote < 0:
            break
        end = _STRING_BODY.match(text, quote + 1).end()  # type: ignore[union-attr]
        if end >= length or text[end] != '"':  # the file ends inside this string
            if end > quote + 1:
                tally.add("other", key or None)
            out.append(_QUOTED_REDACTED)
            break
        token = text[quote : end + 1]
        position = end + 1
        after = _BLANKS.match(text, position).end()  # type: ignore[union-attr]
        if text[after : after + 1] == ":":
            key = _decoded(token).lower()
            out.append(token if len(token) <= _MAX_KEPT_NAME else _QUOTED_REDACTED)
            continue
        value = _decoded(token)
        if key == "name":
            last_name = value.lower()
        out.append(_value(token, value, key, last_name, tally))
    return "".join(out)


def _decoded(token: str) -> str:
    try:
        value = json.loads(token)
    except ValueError:
        return REDACTED
    return value if isinstance(value, str) else REDACTED


def _value(token: str, value: str, key: str, last_name: str, tally: RedactionTally) -> str:
    if not value:
        return token
    if key == "name":
        return token if len(value) <= _MAX_KEPT_NAME else _QUOTED_REDACTED
    if key == "value":
        if last_name in _URL_HEADERS:
            return _url(value, tally)
        if last_name in _HARMLESS_HEADERS and _harmless(value):
            return token
        tally.add("value", last_name or None)
        return _QUOTED_REDACTED
    if key in _URL_KEYS:
        return _url(value, tally)
    if key in _BODY_KEYS:
        tally.add("body", key)
        return _QUOTED_REDACTED
    if _harmless(value):
        return token
    tally.add("other", key or None)
    return _QUOTED_REDACTED


def _harmless(value: str) -> bool:
    return len(value) <= _MAX_KEPT_STRING and _SECRET_WORDS.search(value.lower()) is None


def _url(value: str, tally: RedactionTally) -> str:
    """Scheme, host and path stay; user information, query values and the fragment go."""
    if len(value) > _MAX_KEPT_URL:
        tally.add("url", None)
        return _QUOTED_REDACTED
    address, hash_mark, fragment = value.partition("#")
    address, question_mark, query = address.partition("?")
    scheme, separator, rest = address.partition("://")
    if separator:
        authority, slash, path = rest.partition("/")
        if "@" in authority:
            tally.add("url", "password")
            authority = REDACTED + "@" + authority.rpartition("@")[2]
        segments = path.split("/")
        for index, segment in enumerate(segments):
            if not _harmless(segment) and len(segment) > 16:
                tally.add("url", "path")
                segments[index] = REDACTED
        address = f"{scheme}://{authority}{slash}{'/'.join(segments)}"
    elif not _harmless(address):
        tally.add("url", None)
        return _QUOTED_REDACTED
    if question_mark:
        pairs = []
        for pair in query.split("&"):
            name, equals, parameter = pair.partition("=")
            if parameter:
                tally.add("url", name[:100] or None)
                parameter = REDACTED
            pairs.append(name + equals + parameter)
        address += "?" + "&".join(pairs)
    if hash_mark:
        if fragment:
            tally.add("url", "fragment")
        address += "#" + (REDACTED if fragment else "")
    return json.dumps(address, ensure_ascii=False)
