"""Separating what a customer wrote now from the quoted history below it (for display).

`mail-parser-reply` knows the reply headers of English and several European mail clients;
Russian clients are added here (`… писал(а):`, Gmail's `… г. в 10:00, Имя <адрес>:`,
Outlook's `От:/Отправлено:` block, `-----Исходное сообщение-----`). The full text is kept.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

from mailparser_reply import EmailReplyParser

_LANGUAGES = ["en", "de", "fr", "es", "it", "cs", "pl"]
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
        with warnings.catch_warnings():  # the library passes re.sub's count positionally
            warnings.simplefilter("ignore", DeprecationWarning)
            latest = EmailReplyParser(languages=list(_LANGUAGES)).parse_reply(normalised)
        if latest and latest.strip() and len(latest.strip()) < len(normalised.strip()):
            cut = _position_of(latest, normalised)
    if cut is None or not normalised[:cut].strip():
        return SplitReply(normalised.strip(), "")
    return SplitReply(normalised[:cut].strip(), normalised[cut:].strip())


def _russian_cut(text: str) -> int | None:
    match = _RUSSIAN_HEADERS.search(text)
    return match.start() if match else None


def _position_of(latest: str, text: str) -> int | None:
    # The library strips every line; find where its last kept line ends in the original.
    last_line = next((line for line in reversed(latest.splitlines()) if line.strip()), "")
    index = text.find(last_line.strip())
    return None if index < 0 else index + len(last_line.strip())
