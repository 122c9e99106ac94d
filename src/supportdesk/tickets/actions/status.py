from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supportdesk.accounts.models import User
from supportdesk.customers.models import Contact
from supportdesk.tickets import events
from supportdesk.tickets.actions.permissions import check_is_agent
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.models import Status, Ticket


def check_change_status(*, ticket: Ticket, agent: User, status: str) -> Ticket:
    check_is_agent(agent)
    if status not in Status.values:
        raise ActionRefused(_("Unknown status."))
    if ticket.status == Status.CLOSED and status != Status.CLOSED:
        raise ActionRefused(
            _("A closed ticket cannot be reopened; the customer's follow-up opens a new one.")
        )
    if status == Status.NEW and ticket.status != Status.NEW:
        raise ActionRefused(_("A ticket cannot go back to New."))
    return do_change_status(ticket=ticket, agent=agent, status=Status(status))


@transaction.atomic
def do_change_status(
    *, ticket: Ticket, agent: User | None, status: Status, contact: Contact | None = None
) -> Ticket:
    old = ticket.status
    if old == status:
        return ticket
    now = timezone.now()
    ticket.status = status
    update_fields = ["status", "updated_at", "last_activity_at"]
    ticket.last_activity_at = now
    if status == Status.RESOLVED:
        ticket.resolved_at = now
        update_fields.append("resolved_at")
    elif status == Status.CLOSED:
        ticket.closed_at = now
        ticket.resolved_at = ticket.resolved_at or now
        update_fields += ["closed_at", "resolved_at"]
    elif old == Status.RESOLVED:
        ticket.resolved_at = None
        update_fields.append("resolved_at")
    ticket.save(update_fields=update_fields)
    events.status_changed_event(ticket=ticket, old=old, new=status, agent=agent, contact=contact)
    return ticket
