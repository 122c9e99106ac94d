"""The bot follows the ticket timeline: status changes made by the desk are announced."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from supportdesk.telegram.actions.announcements import do_announce_status_change
from supportdesk.tickets.models import EventKind, Status, TicketEvent
from supportdesk.tickets.signals import ticket_event_recorded


@receiver(ticket_event_recorded, dispatch_uid="telegram.on_ticket_event")
def on_ticket_event(sender: Any, event: TicketEvent, **kwargs: Any) -> None:
    if event.kind != EventKind.STATUS_CHANGED or event.actor_contact_id is not None:
        # The customer's own doing (a follow-up reopening the request) needs no announcement.
        return
    old, new = event.data.get("old"), event.data.get("new")
    if old == Status.NEW and new == Status.OPEN:
        # Taken into work by an agent's reply: the reply itself is the news.
        return
    if new in Status.values:
        do_announce_status_change(ticket=event.ticket, new_status=new)
