"""A diagnostics bundle uploaded by the collector joins its ticket as the customer's file."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from supportdesk.tickets.actions.intake import IncomingFile, do_add_customer_message
from supportdesk.tickets.models import Attachment, Message, Ticket

BUNDLE_TEXT = (
    "Диагностический архив от сборщика supportdesk-collect / Diagnostics bundle from the collector"
)


@transaction.atomic
def do_attach_collector_bundle(*, ticket: Ticket, filename: str, content: bytes) -> Attachment:
    """Idempotent per ticket: the same bundle uploaded twice to a ticket is stored once; the
    same bytes sent to another ticket are that ticket's own attachment."""
    digest = hashlib.sha256(content).hexdigest()
    external_id = f"collector:{ticket.number}:{digest}"
    existing = Message.objects.filter(
        ticket=ticket,
        channel=ticket.channel,
        # "collector:<digest>": messages stored before the ticket number was part of the id
        external_id__in=[external_id, f"collector:{digest}"],
    ).first()
    if existing is not None:
        return existing.attachments.get()
    message = do_add_customer_message(
        ticket=ticket,
        contact=ticket.requester,
        channel=ticket.channel,
        external_id=external_id,
        text=BUNDLE_TEXT,
        html="",
        at=timezone.now(),
        files=[IncomingFile(filename, content, "application/gzip")],
    )
    return message.attachments.get()
