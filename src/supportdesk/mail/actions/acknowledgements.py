"""The automatic acknowledgement of a new ticket: number and, with an SLA, when we answer.

It is a public message marked automatic (it is not the first response), written with its
outbox row in the ticket's transaction and sent by the outbox task after commit.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from supportdesk.sla.selectors import customer_reply_promise
from supportdesk.tickets.actions.acknowledgements import do_send_automatic_reply
from supportdesk.tickets.models import Ticket


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


def do_acknowledge_new_ticket(*, ticket: Ticket, recipient: str, language: str) -> None:
    do_send_automatic_reply(
        ticket=ticket,
        body=acknowledgement_text(ticket=ticket, language=language),
        recipient=recipient,
    )
