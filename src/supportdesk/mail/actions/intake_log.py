"""The intake log: one row per delivered email, whatever became of it."""

from __future__ import annotations

import logging

from supportdesk.batched_writes import write_later
from supportdesk.mail.models import IntakeAction, IntakeRecord, Mailbox
from supportdesk.mail.parsing import ParsedEmail
from supportdesk.mail.raw_redaction import raw_to_store
from supportdesk.tickets.models import Ticket

logger = logging.getLogger(__name__)


def do_record_intake(
    *,
    parsed: ParsedEmail,
    mailbox: Mailbox | None,
    source: str,
    action: IntakeAction,
    reason: str = "",
    ticket: Ticket | None = None,
) -> None:
    """Written with the rest of an intake batch (see `batched_writes`)."""
    # Stored mail keeps its bytes on InboundEmail; everything else keeps them here.
    keep_raw = action in (IntakeAction.IGNORED, IntakeAction.REJECTED) and reason != "duplicate"
    log = logger.warning if action == IntakeAction.REJECTED else logger.info
    log("email %s %s%s (%s) ticket=%s", parsed.external_id, action,
        f" [{reason}]" if reason else "", source, ticket.number if ticket else "-")  # fmt: skip
    record = IntakeRecord(
        mailbox=mailbox,
        source=source,
        external_id=parsed.external_id[:998],
        sender=parsed.from_address[:320],
        subject=parsed.subject.replace("\x00", "")[:300],
        action=action,
        reason=reason[:200],
        ticket=ticket,
        raw=raw_to_store(parsed) if keep_raw else None,
    )
    write_later(_insert_records, record)


def _insert_records(records: list[IntakeRecord]) -> None:
    IntakeRecord.objects.bulk_create(records)
