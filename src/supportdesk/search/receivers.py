from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from supportdesk.search.index import do_index_ticket
from supportdesk.tickets.models import EventKind, TicketEvent
from supportdesk.tickets.signals import ticket_event_recorded

_CHANGES_TEXT = {
    EventKind.OPENED,
    EventKind.CUSTOMER_MESSAGE,
    EventKind.PUBLIC_REPLY,
    EventKind.INTERNAL_NOTE,
    EventKind.MERGED_FROM,
    EventKind.MERGED_INTO,
}


@receiver(ticket_event_recorded, dispatch_uid="search.on_ticket_event")
def on_ticket_event(sender: Any, event: TicketEvent, **kwargs: Any) -> None:
    if event.kind in _CHANGES_TEXT:
        do_index_ticket(event.ticket)
