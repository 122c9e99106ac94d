"""The automatic acknowledgement of a new ticket: number and, with an SLA, when we answer.

It is a public message marked automatic (it is not the first response), written with its
outbox row in the ticket's transaction and sent by the outbox task after commit.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from supportdesk.sla.selectors import customer_reply_promise
from supportdesk.tickets import events
from supportdesk.tickets.models import Channel, Message, MessageKind, OutboxDelivery, Ticket


def acknowledgement_text(*, ticket: Ticket, language: str) -> str:
    # Without an organisation there is no SLA policy, hence no clock to promise from.
    promise = customer_reply_promise(ticket=ticket) if ticket.organisation_id else None
    with translation.override(language):
        lines = [
            _("Hello!"),
            "",
            _("We have received your request and registered it as ticket #%(number)s.")
            % {"number": ticket.number},
        ]
        if promise is not None:
            lines.append(promise.text(language) + ".")
        lines += [
            _("To add details, reply to this email and keep [#%(number)s] in the subject.")
            % {"number": ticket.number},
            "",
            _("Support team"),
        ]
    return "\n".join(lines)


@transaction.atomic(savepoint=False)  # part of the intake's transaction; no savepoint needed
def do_acknowledge_new_ticket(*, ticket: Ticket, recipient: str, language: str) -> Message:
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.PUBLIC,
        channel=Channel.EMAIL,
        is_automatic=True,
        body_text=acknowledgement_text(ticket=ticket, language=language),
        created_at=timezone.now(),
    )
    delivery = OutboxDelivery.objects.create(
        message=message, channel=Channel.EMAIL, recipient=recipient
    )
    events.automatic_reply_event(ticket=ticket, message=message)

    from supportdesk.tickets.tasks import deliver_outbox_delivery

    transaction.on_commit(lambda: deliver_outbox_delivery.enqueue(delivery.pk))
    return message
