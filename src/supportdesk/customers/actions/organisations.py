from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied

from supportdesk.customers.models import Contact, Organisation

logger = logging.getLogger(__name__)


def check_set_ticket_visibility(
    *, organisation: Organisation, contact: Contact, members_see_all_tickets: bool
) -> Organisation:
    if not contact.is_organisation_admin or contact.organisation_id != organisation.pk:
        raise PermissionDenied("Only the organisation's admin may change this")
    return do_set_ticket_visibility(
        organisation=organisation, members_see_all_tickets=members_see_all_tickets, by=contact
    )


def do_set_ticket_visibility(
    *, organisation: Organisation, members_see_all_tickets: bool, by: Contact
) -> Organisation:
    organisation.members_see_all_tickets = members_see_all_tickets
    organisation.save(update_fields=["members_see_all_tickets"])
    logger.info(
        "organisation %s: members_see_all_tickets=%s (by contact %s)",
        organisation.pk,
        members_see_all_tickets,
        by.pk,
    )
    return organisation
