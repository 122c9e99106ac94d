"""Writes for customer messages arriving on any channel (called by `tickets.inbound`)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from supportdesk.customers.models import Contact
from supportdesk.tickets import events
from supportdesk.tickets.actions.numbering import next_ticket_number
from supportdesk.tickets.attachments import refused_by_size, store_attachment
from supportdesk.tickets.diagnostic_fields import DiagnosticFields
from supportdesk.tickets.html_sanitizer import sanitize_html
from supportdesk.tickets.models import CriticalClaim, Message, MessageKind, Status, Ticket

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IncomingFile:
    filename: str
    content: bytes
    content_type: str


def do_open_ticket(
    *,
    contact: Contact,
    channel: str,
    subject: str,
    at: datetime,
    critical_claim: bool = False,
    diagnostics: DiagnosticFields | None = None,
) -> Ticket:
    ticket = Ticket.objects.create(
        number=next_ticket_number(),
        subject=subject[:300],
        channel=channel,
        requester=contact,
        organisation=contact.organisation,
        created_at=at,
        last_activity_at=at,
        critical_claim=CriticalClaim.CLAIMED if critical_claim else CriticalClaim.NONE,
        critical_claimed_at=at if critical_claim else None,
        **(diagnostics or DiagnosticFields()).filled(),
    )
    events.ticket_opened_event(ticket=ticket, contact=contact, channel=channel)
    if critical_claim:
        events.critical_claimed_event(ticket=ticket, contact=contact)
    return ticket


def do_add_customer_message(
    *,
    ticket: Ticket,
    contact: Contact,
    channel: str,
    external_id: str | None,
    text: str,
    html: str,
    at: datetime,
    files: Iterable[IncomingFile] = (),
) -> Message:
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.PUBLIC,
        author_contact=contact,
        channel=channel,
        external_id=external_id,
        body_text=text,
        body_html=sanitize_html(html) if html else "",
        created_at=at,
    )
    files = list(files)
    refused = refused_by_size([len(file.content) for file in files])
    stored: list[str] = []
    for index, file in enumerate(files):
        if index in refused:
            limit, reason = refused[index]
            logger.warning(
                "attachment %r (%d bytes) on ticket #%s exceeds the %d-byte cap; not stored",
                file.filename, len(file.content), ticket.number, limit,
            )  # fmt: skip
            events.attachment_rejected_event(
                ticket=ticket,
                message=message,
                filename=file.filename,
                size=len(file.content),
                limit=limit,
                reason=reason,
            )
            continue
        attachment = store_attachment(
            message=message,
            filename=file.filename,
            content=file.content,
            content_type=file.content_type,
        )
        stored.append(attachment.filename)
    events.customer_message_event(ticket=ticket, message=message, attachments=stored)

    update_fields = ["last_activity_at", "updated_at"]
    if at <= ticket.last_activity_at and ticket.status not in (Status.WAITING, Status.RESOLVED):
        return message  # a new ticket already carries this time; nothing to update
    ticket.last_activity_at = max(ticket.last_activity_at, at)
    if ticket.status in (Status.WAITING, Status.RESOLVED):
        # The customer answered or disagrees with the resolution: the ball is ours again.
        old = ticket.status
        ticket.status = Status.OPEN
        ticket.resolved_at = None
        update_fields += ["status", "resolved_at"]
        events.status_changed_event(ticket=ticket, old=old, new=Status.OPEN, contact=contact)
    ticket.save(update_fields=update_fields)
    return message
