"""Automatic replies (acknowledgements): public, sent through the outbox, never a first
response — the SLA counts only human replies."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from supportdesk.tickets import events
from supportdesk.tickets.actions.replies import queue_delivery
from supportdesk.tickets.models import Message, MessageKind, Ticket


@transaction.atomic
def do_send_automatic_reply(*, ticket: Ticket, body: str) -> Message:
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.PUBLIC,
        channel=ticket.channel,
        is_automatic=True,
        body_text=body,
        created_at=timezone.now(),
    )
    delivery = queue_delivery(message)
    events.automatic_reply_event(ticket=ticket, message=message)
    if delivery is not None:
        from supportdesk.tickets.tasks import deliver_outbox_delivery

        transaction.on_commit(lambda: deliver_outbox_delivery.enqueue(delivery.pk))
    return message
