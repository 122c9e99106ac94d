"""Analyses and the checklist follow the timeline; the work happens in tasks after commit."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from supportdesk.tickets.models import EventKind, Message, TicketEvent
from supportdesk.tickets.signals import ticket_event_recorded


@receiver(ticket_event_recorded, dispatch_uid="fault_reports.on_ticket_event")
def on_ticket_event(
    sender: Any, event: TicketEvent, message: Message | None = None, **kwargs: Any
) -> None:
    from supportdesk.fault_reports.tasks import analyze_message_attachments, evaluate_checklist

    ticket_id = event.ticket_id
    if event.kind == EventKind.CUSTOMER_MESSAGE and message is not None:
        message_id = message.pk
        if event.data.get("attachments"):
            # Analysing re-evaluates the checklist once the files are understood.
            transaction.on_commit(lambda: analyze_message_attachments.enqueue(message_id))
        else:
            transaction.on_commit(lambda: evaluate_checklist.enqueue(ticket_id))
    elif event.kind in (EventKind.PROBLEM_KIND_CHANGED, EventKind.DIAGNOSTICS_FILLED):
        transaction.on_commit(lambda: evaluate_checklist.enqueue(ticket_id))
