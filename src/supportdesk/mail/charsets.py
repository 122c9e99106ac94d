"""Best-effort decoding of what real mail carries: declared, wrong and missing charsets.

Nothing here raises on bad input: unknown charsets, lying `us-ascii` labels and raw 8-bit
windows-1251 or KOI8-R bytes all come out as text, with U+FFFD only as a last resort.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re

# Labels mailers use that Python does not know, or that mean a superset in practice.
_ALIASES = {
    "cp-1251": "cp1251",
    "win-1251": "cp1251",
    "windows-1251": "cp1251",
    "x-cp1251": "cp1251",
    "koi8r": "koi8_r",
    "unicode-1-1-utf-7": "utf-7",
    "iso-8859-8-i": "iso-8859-8",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "us-ascii": "ascii",
    "ansi_x3.4-1968": "ascii",
}

_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_ENCODED_WORDS = re.compile(r"(\?=)\s+(=\?)")


def python_codec(label: str | None) -> str | None:
    """The Python codec for a MIME charset label, or None when there is no usable one."""
    if not label:
        return None
    name = label.strip().strip('"').lower().split("*", 1)[0]  # RFC 2231 language suffix
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def guess_cyrillic_codec(data: bytes) -> str:
    """windows-1251 or KOI8-R for undeclared 8-bit Russian text.

    Russian prose is mostly lower-case letters: they sit at 0xE0–0xFF in windows-1251 and
    at 0xC0–0xDF in KOI8-R, so whichever range is busier names the encoding.
    """
    high = sum(1 for b in data if b >= 0xE0)
    mid = sum(1 for b in data if 0xC0 <= b < 0xE0)
    return "koi8_r" if mid > high else "cp1251"


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Text from `data`: the declared charset if it fits, else UTF-8, else a Cyrillic guess."""
    codec = python_codec(declared)
    is_8bit = not data.isascii()
    if codec is not None and not (is_8bit and codec == "ascii"):
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass
    if not is_8bit:
        return data.decode("ascii")
    as_utf8 = data.decode("utf-8", errors="replace")
    damaged = as_utf8.count("\ufffd")
    # A stray byte in otherwise valid UTF-8 (truncated names, mangled relays) stays UTF-8;
    # windows-1251 and KOI8-R prose almost never forms valid multi-byte sequences.
    if damaged == 0 or sum(1 for ch in as_utf8 if ord(ch) > 0x7F) >= 3 * damaged:
        return as_utf8
    return data.decode(guess_cyrillic_codec(data), errors="replace")


def raw_header_bytes(value: str) -> bytes:
    """The header's bytes as they were on the wire (the parser keeps 8-bit as surrogates)."""
    return value.encode("utf-8", errors="surrogateescape")


def _decode_encoded_word(charset: str, encoding: str, payload: str) -> str | None:
    try:
        if encoding.lower() == "b":
            padded = payload + "=" * (-len(payload) % 4)
            data = base64.b64decode(padded, validate=False)
        else:
            data = _decode_q(payload)
    except (binascii.Error, ValueError):
        return None
    return decode_bytes(data, charset)


def _decode_q(payload: str) -> bytes:
    raw = payload.replace("_", " ").encode("ascii", errors="replace")
    return re.sub(rb"=([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)


def decode_header_text(value: str) -> str:
    """A header value as readable text: raw 8-bit bytes and RFC 2047 encoded words decoded.

    Unencoded text is never passed through an escape codec, so `C:\\Users\\new` stays as is.
    """
    text = decode_bytes(raw_header_bytes(value))
    text = re.sub(r"\r?\n[ \t]+", " ", text).replace("\r", "").replace("\n", "")
    if "=?" not in text:
        return text.strip()
    # Whitespace between two adjacent encoded words is not part of the text (RFC 2047 §6.2).
    text = _BETWEEN_ENCODED_WORDS.sub(r"\1\2", text)

    def replace(match: re.Match[str]) -> str:
        decoded = _decode_encoded_word(match.group(1), match.group(2), match.group(3))
        return match.group(0) if decoded is None else decoded

    return _ENCODED_WORD.sub(replace, text).strip()
