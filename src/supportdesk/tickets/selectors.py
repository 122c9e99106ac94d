"""Reads of tickets; each returns rows with their relations already loaded."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q, QuerySet

from supportdesk.customers.models import Contact
from supportdesk.tickets.models import (
    Attachment,
    Message,
    OutboxDelivery,
    Ticket,
    TicketEvent,
)


def _visible_to(contact: Contact) -> Q:
    # A follow-up may come from a colleague of the requester; never from a stranger.
    if contact.organisation_id is not None:
        return Q(requester=contact) | Q(organisation_id=contact.organisation_id)
    return Q(requester=contact)


def ticket_for_thread(
    *, contact: Contact, number: int | None, channel: str, replied_ids: Sequence[str]
) -> Ticket | None:
    """The ticket a customer's message continues, or None for a new ticket."""
    candidates = Ticket.objects.filter(_visible_to(contact))
    if number is not None:
        ticket = candidates.filter(number=number).first()
        if ticket is not None:
            return ticket
    if replied_ids:
        replied = Message.objects.filter(channel=channel, external_id__in=list(replied_ids))
        ticket = candidates.filter(messages__in=replied).first()
        if ticket is not None:
            return ticket
        delivered = OutboxDelivery.objects.filter(
            channel=channel, external_id__in=list(replied_ids)
        )
        return candidates.filter(messages__deliveries__in=delivered).first()
    return None


def ticket_messages_list(*, ticket: Ticket, public_only: bool) -> QuerySet[Message]:
    messages = ticket.messages.select_related("author_contact", "author_agent").prefetch_related(
        "attachments"
    )
    if public_only:
        messages = messages.filter(kind="public")
    return messages.order_by("created_at", "id")


def ticket_events_list(*, ticket: Ticket) -> QuerySet[TicketEvent]:
    # The requester: deliveries name whom they reached.
    return ticket.events.select_related(
        "actor_agent", "actor_contact", "ticket__requester"
    ).order_by("created_at", "id")


def _customer_visible(contact: Contact) -> Q:
    """Own tickets, plus the organisation's when it lets members (or this admin) see them."""
    visible = Q(requester=contact)
    organisation = contact.organisation
    if organisation is not None and (
        organisation.members_see_all_tickets or contact.is_organisation_admin
    ):
        visible |= Q(organisation_id=organisation.pk)
    return visible


def customer_ticket_list(*, contact: Contact, status: str = "") -> QuerySet[Ticket]:
    tickets = Ticket.objects.filter(_customer_visible(contact)).select_related("requester")
    if status:
        tickets = tickets.filter(status=status)
    return tickets.order_by("-last_activity_at", "-id")


def customer_ticket_get(*, contact: Contact, number: int) -> Ticket | None:
    return customer_ticket_list(contact=contact).filter(number=number).first()


def customer_attachment_get(*, contact: Contact, attachment_id: int) -> Attachment | None:
    """An attachment of a public message on a ticket the customer may see."""
    return (
        Attachment.objects.filter(
            pk=attachment_id,
            message__kind="public",
            message__ticket__in=Ticket.objects.filter(_customer_visible(contact)),
        )
        .select_related("message")
        .first()
    )
