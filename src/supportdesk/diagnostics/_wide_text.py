"""Recognising UTF-16/32 text: Windows tools save JSON that way, with or without a BOM."""

from __future__ import annotations

import codecs

# Longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def wide_encoding(head: bytes) -> str | None:
    """The UTF-16/32 codec for text starting with ``head`` (4 bytes or more), or None."""
    encoding = next((name for bom, name in _BOMS if head.startswith(bom)), None)
    if encoding is not None or len(head) < 4:
        return encoding
    if head[1:4] == b"\0\0\0" and head[0]:
        return "utf-32-le"
    if head[0:3] == b"\0\0\0" and head[3]:
        return "utf-32-be"
    if head[1] == 0 and head[3] == 0 and head[0] and head[2]:
        return "utf-16-le"
    if head[0] == 0 and head[2] == 0 and head[1] and head[3]:
        return "utf-16-be"
    return None
