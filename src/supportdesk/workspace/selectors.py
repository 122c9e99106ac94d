"""Reads for agent pages: the agents, a ticket's side panel (the queue itself is
`search.selectors.ticket_queue_list`, shared with the API)."""

from __future__ import annotations

from django.db.models import QuerySet

from supportdesk.accounts.models import User
from supportdesk.tickets.models import Ticket


def agent_list() -> QuerySet[User]:
    """The agents tickets can be given to (integrations' service accounts are not people)."""
    return User.objects.filter(is_staff=True, is_active=True, is_service_account=False).order_by(
        "first_name", "username"
    )


def contact_other_tickets(*, ticket: Ticket, limit: int = 10) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(requester_id=ticket.requester_id)
        .exclude(pk=ticket.pk)
        .order_by("-last_activity_at")[:limit]
    )
