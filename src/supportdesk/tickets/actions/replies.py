"""Agent messages on a ticket: public replies (sent through the outbox) and internal notes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supportdesk.accounts.models import User
from supportdesk.customers.models import IdentityKind
from supportdesk.tickets import events
from supportdesk.tickets.actions.permissions import check_is_agent
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.models import Message, MessageKind, OutboxDelivery, Status, Ticket


def check_send_public_reply(*, ticket: Ticket, agent: User, body: str) -> Message:
    check_is_agent(agent)
    if ticket.status == Status.CLOSED:
        raise ActionRefused(_("A closed ticket cannot be answered; open a new one."))
    if not body.strip():
        raise ActionRefused(_("The reply is empty."))
    return do_send_public_reply(ticket=ticket, agent=agent, body=body)


@transaction.atomic
def do_send_public_reply(*, ticket: Ticket, agent: User, body: str) -> Message:
    now = timezone.now()
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.PUBLIC,
        author_agent=agent,
        channel=ticket.channel,
        body_text=body,
        created_at=now,
    )
    delivery = queue_delivery(message)
    events.public_reply_event(ticket=ticket, message=message, agent=agent)

    update_fields = ["last_activity_at", "updated_at"]
    ticket.last_activity_at = now
    if ticket.first_response_at is None:
        ticket.first_response_at = now
        update_fields.append("first_response_at")
    if ticket.status == Status.NEW:
        ticket.status = Status.OPEN
        update_fields.append("status")
        events.status_changed_event(ticket=ticket, old=Status.NEW, new=Status.OPEN, agent=agent)
    ticket.save(update_fields=update_fields)

    if delivery is not None:
        from supportdesk.tickets.tasks import deliver_outbox_delivery

        transaction.on_commit(lambda: deliver_outbox_delivery.enqueue(delivery.pk))
    return message


def queue_delivery(message: Message) -> OutboxDelivery | None:
    """The outbox row for `message`, addressed on the ticket's channel (email as fallback)."""
    ticket = message.ticket
    identities = {i.kind: i.external_id for i in ticket.requester.identities.all()}
    channel = ticket.channel
    recipient = identities.get(IdentityKind(channel))
    if recipient is None and ticket.requester.email:
        channel, recipient = "email", ticket.requester.email
    if recipient is None:
        return None
    return OutboxDelivery.objects.create(message=message, channel=channel, recipient=recipient)


def check_add_internal_note(*, ticket: Ticket, agent: User, body: str) -> Message:
    check_is_agent(agent)
    if not body.strip():
        raise ActionRefused(_("The note is empty."))
    return do_add_internal_note(ticket=ticket, agent=agent, body=body)


@transaction.atomic
def do_add_internal_note(*, ticket: Ticket, agent: User, body: str) -> Message:
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.INTERNAL,
        author_agent=agent,
        channel=ticket.channel,
        body_text=body,
        created_at=timezone.now(),
    )
    events.internal_note_event(ticket=ticket, message=message, agent=agent)
    return message
