"""Analyses and the checklist follow the timeline; the work happens in tasks after commit."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from supportdesk.enqueue import enqueue_on_commit
from supportdesk.tickets.models import EventKind, Message, TicketEvent
from supportdesk.tickets.signals import ticket_event_recorded


@receiver(ticket_event_recorded, dispatch_uid="fault_reports.on_ticket_event")
def on_ticket_event(
    sender: Any, event: TicketEvent, message: Message | None = None, **kwargs: Any
) -> None:
    from supportdesk.fault_reports.tasks import analyze_attachments, evaluate_checklists

    if event.kind == EventKind.CUSTOMER_MESSAGE and message is not None:
        if event.data.get("attachments"):
            # Analysing re-evaluates the checklist once the files are understood.
            enqueue_on_commit(analyze_attachments, message.pk)
        else:
            enqueue_on_commit(evaluate_checklists, event.ticket_id)
    elif event.kind in (EventKind.PROBLEM_KIND_CHANGED, EventKind.DIAGNOSTICS_FILLED):
        enqueue_on_commit(evaluate_checklists, event.ticket_id)
