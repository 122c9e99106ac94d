"""Webhooks follow the ticket timeline: each event a receiver may subscribe to is queued."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from supportdesk.tickets.models import Message, TicketEvent
from supportdesk.tickets.signals import ticket_event_recorded
from supportdesk.webhooks.actions.outbox import do_queue_webhooks
from supportdesk.webhooks.payloads import event_type_of


@receiver(ticket_event_recorded, dispatch_uid="webhooks.on_ticket_event")
def on_ticket_event(
    sender: Any, event: TicketEvent, message: Message | None = None, **kwargs: Any
) -> None:
    if (event_type := event_type_of(event)) is not None:
        do_queue_webhooks(event=event, event_type=event_type, message=message)
