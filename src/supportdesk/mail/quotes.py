"""Separating what a customer wrote now from the quoted history below it (for display).

`mail-parser-reply` knows the reply headers of English and several European mail clients;
Russian clients are added here (`… писал(а):`, Gmail's `… г. в 10:00, Имя <адрес>:`,
Outlook's `От:/Отправлено:` block, `-----Исходное сообщение-----`). The full text is kept.

The library's patterns backtrack quadratically on runs of blank lines and on long lines
("On On On …": 12 KB take seconds), so it reads a bounded view of the text: its first
`_LIBRARY_CHARS`, runs of blank lines as one, each line cut to `_LIBRARY_LINE` characters.
Quote headers are short lines near the top; text past the view is new text.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

from mailparser_reply import EmailReplyParser

_LANGUAGES = ["en", "de", "fr", "es", "it", "cs", "pl"]
_LIBRARY_CHARS = 16_384
_LIBRARY_LINE = 400
_BLANK_LINES = re.compile(r"\n[^\S\n]*(?:\n[^\S\n]*)+")
_RUSSIAN_HEADERS = re.compile(
    r"^(?:"
    r".{0,200}(?:писал|написал|пишет|wrote)\(?а?\)?\s*:\s*"
    r"|.{0,60}\d{4}\s*г\.\s*в\s*\d{1,2}:\d{2}.{0,200}:\s*"
    r"|-{2,}\s*(?:Исходное сообщение|Original Message)\s*-{2,}\s*"
    r"|(?:От|From)\s*:.*\n(?:(?:Отправлено|Дата|Sent|Date|Кому|To)\s*:.*)"
    r")$",
    re.IGNORECASE | re.MULTILINE,
)
# A forward's quoted message is what the customer is sending us: never hidden.
_FORWARD = re.compile(
    r"^-{2,}\s*(?:Forwarded Message|Forwarded message|Пересылаемое сообщение"
    r"|Пересланное сообщение|Перенаправленное сообщение)\s*-{2,}",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True)
class SplitReply:
    new_text: str
    quoted: str


def split_reply(text: str) -> SplitReply:
    """The new text and the quoted history; all of it is new text when nothing is quoted."""
    normalised = text.replace("\r\n", "\n")
    if _FORWARD.search(normalised):
        return SplitReply(normalised.strip(), "")
    cut = _russian_cut(normalised)
    if cut is None:
        cut = _library_cut(normalised)
    if cut is None or not normalised[:cut].strip():
        return SplitReply(normalised.strip(), "")
    return SplitReply(normalised[:cut].strip(), normalised[cut:].strip())


def _russian_cut(text: str) -> int | None:
    match = _RUSSIAN_HEADERS.search(text)
    return match.start() if match else None


def _library_cut(text: str) -> int | None:
    view = _BLANK_LINES.sub("\n\n", text[:_LIBRARY_CHARS])
    view = "\n".join(line[:_LIBRARY_LINE] for line in view.split("\n"))
    with warnings.catch_warnings():  # the library passes re.sub's count positionally
        warnings.simplefilter("ignore", DeprecationWarning)
        latest = EmailReplyParser(languages=list(_LANGUAGES)).parse_reply(view)
    last_kept = _last_line(latest)
    if not last_kept or last_kept == _last_line(view):
        return None  # the library kept all it saw: nothing is quoted
    return _position_of(last_kept, text)


def _last_line(text: str) -> str:
    return next((line.strip() for line in reversed(text.splitlines()) if line.strip()), "")


def _position_of(last_kept: str, text: str) -> int | None:
    # The library strips (and the view cuts) lines: the cut is where the line holding its
    # last kept line ends in the original.
    index = text.find(last_kept)
    if index < 0:
        return None
    end = text.find("\n", index + len(last_kept))
    return len(text) if end < 0 else end
