"""Automatic replies (acknowledgements): public, sent through the outbox, never a first
response — the SLA counts only human replies."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from supportdesk.tickets import events
from supportdesk.tickets.actions.outbox import queue_delivery
from supportdesk.tickets.models import Message, MessageKind, Ticket


@transaction.atomic(savepoint=False)  # often part of an intake's transaction
def do_send_automatic_reply(*, ticket: Ticket, body: str, recipient: str | None = None) -> Message:
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.PUBLIC,
        channel=ticket.channel,
        is_automatic=True,
        body_text=body,
        created_at=timezone.now(),
    )
    queue_delivery(message, recipient=recipient)
    events.automatic_reply_event(ticket=ticket, message=message)
    return message
