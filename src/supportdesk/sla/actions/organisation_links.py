"""A customer found to belong to an organisation after they wrote: by an agent's click on the
ticket page, or because an administrator gave the organisation their email domain. Their open
tickets join the organisation and get its SLA from now on (nothing was promised before: the
desk did not know whose customer it was), each change on the ticket's timeline."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models.functions import Lower

from supportdesk.accounts.models import User
from supportdesk.customers.models import Contact, Organisation, OrganisationDomain
from supportdesk.sla.actions.policy_changes import ORGANISATION_LINKED, do_apply_policy_in_effect
from supportdesk.tickets.models import Ticket
from supportdesk.tickets.models.ticket import OPEN_STATUSES


@transaction.atomic
def do_link_contact_to_organisation(
    *, contact: Contact, organisation: Organisation, agent: User | None, now: datetime
) -> int:
    """Returns how many of the contact's open tickets joined the organisation."""
    Contact.objects.filter(pk=contact.pk).update(organisation=organisation)
    contact.organisation = organisation
    tickets = list(
        Ticket.objects.select_for_update().filter(
            requester=contact, organisation__isnull=True, status__in=OPEN_STATUSES
        )
    )
    for ticket in tickets:
        Ticket.objects.filter(pk=ticket.pk).update(organisation=organisation)
        ticket.organisation = organisation
        do_apply_policy_in_effect(ticket=ticket, now=now, agent=agent, reason=ORGANISATION_LINKED)
    return len(tickets)


def do_join_contacts_by_domain(*, domain: OrganisationDomain, now: datetime) -> int:
    """Contacts of no organisation whose address is in `domain` join its organisation."""
    suffix = "@" + domain.domain.lower()
    contacts = Contact.objects.alias(lower_email=Lower("email")).filter(
        organisation__isnull=True, verified=True, lower_email__endswith=suffix
    )
    joined = 0
    for contact in contacts:
        do_link_contact_to_organisation(
            contact=contact, organisation=domain.organisation, agent=None, now=now
        )
        joined += 1
    return joined
