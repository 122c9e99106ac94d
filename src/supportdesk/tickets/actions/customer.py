"""What a customer may do to their own request besides writing: mark it solved, reopen it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from supportdesk.customers.models import Contact
from supportdesk.tickets.actions.status import do_change_status
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.models import Status, Ticket
from supportdesk.tickets.models.ticket import OPEN_STATUSES


def check_customer_resolve(*, ticket: Ticket, contact: Contact) -> Ticket:
    if ticket.status not in OPEN_STATUSES:
        raise ActionRefused(_("This request is already solved."))
    return do_change_status(ticket=ticket, agent=None, contact=contact, status=Status.RESOLVED)


def check_customer_reopen(*, ticket: Ticket, contact: Contact) -> Ticket:
    if ticket.status == Status.CLOSED:
        raise ActionRefused(_("A closed request cannot be reopened; please create a new one."))
    if ticket.status != Status.RESOLVED:
        raise ActionRefused(_("This request is still open."))
    return do_change_status(ticket=ticket, agent=None, contact=contact, status=Status.OPEN)
