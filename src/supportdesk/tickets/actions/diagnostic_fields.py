"""Filling a ticket's diagnostics fields from what attachments revealed (never overwriting
what the customer or an agent entered)."""

from __future__ import annotations

from django.db import transaction

from supportdesk.tickets import events
from supportdesk.tickets.diagnostic_fields import DiagnosticFields
from supportdesk.tickets.models import Ticket


@transaction.atomic
def do_fill_empty_diagnostic_fields(*, ticket: Ticket, values: DiagnosticFields) -> dict[str, str]:
    filled = {
        name: value[:200] for name, value in values.filled().items() if not getattr(ticket, name)
    }
    if not filled:
        return {}
    for name, value in filled.items():
        setattr(ticket, name, value)
    ticket.save(update_fields=[*filled, "updated_at"])
    events.diagnostics_filled_event(ticket=ticket, fields=filled)
    return filled
