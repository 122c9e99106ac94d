"""The widget follows the timeline of chat tickets: public messages and status changes become
updates in the transaction that made them, pushed to the customer's widgets after the commit.
Internal notes never become updates."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from supportdesk.chat.models import ChatUpdate, UpdateKind
from supportdesk.chat.updates import publish_updates
from supportdesk.tickets.models import Channel, EventKind, Message, MessageKind, TicketEvent
from supportdesk.tickets.signals import ticket_event_recorded

_MESSAGES = {EventKind.CUSTOMER_MESSAGE, EventKind.PUBLIC_REPLY}


@receiver(ticket_event_recorded, dispatch_uid="chat.on_ticket_event")
def on_ticket_event(
    sender: Any, event: TicketEvent, message: Message | None = None, **kwargs: Any
) -> None:
    ticket = event.ticket
    if ticket.channel != Channel.CHAT:
        return
    if event.kind in _MESSAGES and message is not None and message.kind == MessageKind.PUBLIC:
        update = ChatUpdate.objects.create(
            contact_id=ticket.requester_id, ticket=ticket, kind=UpdateKind.MESSAGE, message=message
        )
    elif event.kind == EventKind.STATUS_CHANGED:
        update = ChatUpdate.objects.create(
            contact_id=ticket.requester_id,
            ticket=ticket,
            kind=UpdateKind.STATUS,
            data={"status": event.data.get("new", ticket.status)},
        )
    else:
        return
    transaction.on_commit(partial(publish_updates, [update.pk]), robust=True)
