from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from supportdesk.search.index import (
    do_index_text,
    do_reindex_ticket,
    searchable_names,
    who_asked,
)
from supportdesk.tickets.models import EventKind, Message, TicketEvent
from supportdesk.tickets.signals import ticket_event_recorded

_MESSAGES = {EventKind.CUSTOMER_MESSAGE, EventKind.PUBLIC_REPLY, EventKind.INTERNAL_NOTE}
_MERGES = {EventKind.MERGED_FROM, EventKind.MERGED_INTO}


@receiver(ticket_event_recorded, dispatch_uid="search.on_ticket_event")
def on_ticket_event(
    sender: Any, event: TicketEvent, message: Message | None = None, **kwargs: Any
) -> None:
    if event.kind == EventKind.OPENED:
        do_index_text(ticket_id=event.ticket_id, text=who_asked(event.ticket))
    elif event.kind in _MESSAGES and message is not None and not message.is_automatic:
        # Acknowledgements are boilerplate: indexed, they would match every search.
        names = searchable_names(list(event.data.get("attachments", [])))
        do_index_text(ticket_id=event.ticket_id, text=f"{message.body_text}\n{names}")
    elif event.kind in _MERGES:
        do_reindex_ticket(event.ticket)
