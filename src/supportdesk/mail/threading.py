"""Which ticket an email continues: the subject token first, then the Message-ID chain.

`[#1042]` in the subject names the ticket; otherwise In-Reply-To and References are matched
against every Message-ID the desk has stored (customer mail) or sent (replies,
acknowledgements). The lookup itself is `tickets.selectors.ticket_for_thread`, which also
refuses to thread a stranger's mail into someone else's ticket.
"""

from __future__ import annotations

import re

from supportdesk.mail.parsing import ParsedEmail

_TOKEN = re.compile(r"\[#(\d{1,12})\]")
_REPLY_PREFIX = re.compile(
    r"^\s*((re|fw|fwd|aw|wg|sv|vs|tr|ha|на|отв|пересл)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE
)


def ticket_number_from_subject(subject: str) -> int | None:
    match = _TOKEN.search(subject)
    return int(match.group(1)) if match else None


def subject_with_token(subject: str, number: int) -> str:
    """`[#NUMBER] subject` for outgoing mail, with one token and no pile of `Re:`."""
    clean = _TOKEN.sub("", subject).strip()
    clean = _REPLY_PREFIX.sub("", clean).strip()
    return f"[#{number}] {clean}".strip()


def clean_subject(subject: str) -> str:
    """A new ticket's subject: no reply prefixes, no stale ticket token."""
    return _REPLY_PREFIX.sub("", _TOKEN.sub("", subject)).strip()


def thread_ids(parsed: ParsedEmail) -> tuple[str, ...]:
    """Message-IDs the email answers: In-Reply-To first, then References newest first."""
    return parsed.thread_ids
