"""Webhook deliveries are written in the transaction of the timeline event they announce (an
outbox: a rolled-back event sends nothing, a crash after commit loses nothing), one row per
matching subscription, and sent by a task once the transaction commits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from supportdesk.batched_writes import write_later
from supportdesk.enqueue import enqueue_on_commit
from supportdesk.tickets.models import Message, TicketEvent
from supportdesk.webhooks.models import EventType, WebhookDelivery
from supportdesk.webhooks.payloads import event_payload, with_event_id
from supportdesk.webhooks.selectors import subscriptions_for


@dataclass(frozen=True)
class _Announced:
    event: TicketEvent
    event_type: EventType
    payload: dict[str, Any]


def do_queue_webhooks(
    *, event: TicketEvent, event_type: EventType, message: Message | None
) -> None:
    # The payload now, as the ticket is at the event; the rows with the batch's other rows
    # (an event of an intake batch gets its id when the batch writes its events, before this).
    write_later(_insert, _Announced(event, event_type, event_payload(event, event_type, message)))


def _insert(announced: list[_Announced]) -> None:
    from supportdesk.webhooks.tasks import deliver_webhooks

    subscriptions = subscriptions_for(event_types={str(a.event_type) for a in announced})
    rows = [
        WebhookDelivery(
            subscription=subscription,
            event_type=item.event_type,
            source_event_id=item.event.pk,
            payload=with_event_id(item.payload, item.event.pk),
        )
        for item in announced
        for subscription in subscriptions[str(item.event_type)]
    ]
    for delivery in WebhookDelivery.objects.bulk_create(rows):
        enqueue_on_commit(deliver_webhooks, delivery.pk)
