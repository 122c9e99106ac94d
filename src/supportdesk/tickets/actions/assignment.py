from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from supportdesk.accounts.models import User
from supportdesk.tickets import events
from supportdesk.tickets.actions.permissions import check_is_agent
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.models import Ticket


def check_assign_ticket(*, ticket: Ticket, agent: User, assignee: User | None) -> Ticket:
    check_is_agent(agent)
    if assignee is not None and not assignee.is_assignable:
        raise ActionRefused(_("Tickets can only be assigned to agents."))
    return do_assign_ticket(ticket=ticket, agent=agent, assignee=assignee)


@transaction.atomic
def do_assign_ticket(*, ticket: Ticket, agent: User, assignee: User | None) -> Ticket:
    old = ticket.assignee
    if old == assignee:
        return ticket
    ticket.assignee = assignee
    ticket.save(update_fields=["assignee", "updated_at"])
    events.assignee_changed_event(ticket=ticket, old=old, new=assignee, agent=agent)
    return ticket
