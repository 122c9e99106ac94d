"""Reads for agent pages: a ticket's side panel (the queue itself is
`search.selectors.ticket_queue_list`, shared with the API)."""

from __future__ import annotations

from django.db.models import QuerySet

from supportdesk.tickets.models import Ticket


def contact_other_tickets(*, ticket: Ticket, limit: int = 10) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(requester_id=ticket.requester_id)
        .exclude(pk=ticket.pk)
        .order_by("-last_activity_at")[:limit]
    )
