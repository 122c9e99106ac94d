"""Merging a duplicate ticket into another: its messages move, both timelines say so."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supportdesk.accounts.models import User
from supportdesk.tickets import events
from supportdesk.tickets.actions.permissions import check_is_agent
from supportdesk.tickets.actions.status import do_change_status
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.models import Status, Ticket


def check_merge_tickets(*, source: Ticket, target: Ticket, agent: User) -> Ticket:
    check_is_agent(agent)
    if source.pk == target.pk:
        raise ActionRefused(_("A ticket cannot be merged into itself."))
    if target.status == Status.CLOSED:
        raise ActionRefused(_("Tickets cannot be merged into a closed ticket."))
    if source.status == Status.CLOSED:
        raise ActionRefused(_("A closed ticket cannot be merged."))
    return do_merge_tickets(source=source, target=target, agent=agent)


@transaction.atomic
def do_merge_tickets(*, source: Ticket, target: Ticket, agent: User) -> Ticket:
    moved = source.messages.update(ticket=target)
    target.last_activity_at = max(target.last_activity_at, source.last_activity_at, timezone.now())
    target.save(update_fields=["last_activity_at", "updated_at"])
    events.merged_from_event(ticket=target, source=source, agent=agent, messages=moved)
    events.merged_into_event(ticket=source, target=target, agent=agent, messages=moved)
    do_change_status(ticket=source, agent=agent, status=Status.CLOSED)
    return target
