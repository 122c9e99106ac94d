"""Agent messages on a ticket: public replies (sent through the outbox) and internal notes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supportdesk.accounts.models import User
from supportdesk.tickets import events
from supportdesk.tickets.actions.outbox import queue_delivery
from supportdesk.tickets.actions.permissions import check_is_agent
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.models import Message, MessageKind, Status, Ticket


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
    queue_delivery(message)
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
    return message


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
