"""The automatic acknowledgement of a new ticket: number and, with an SLA, when we answer.

It is a public message marked automatic (it is not the first response), written with its
outbox row in the ticket's transaction and sent by the outbox task after commit. In an intake
batch the acknowledgements are written at its end, their promises read in one query.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from supportdesk.batched_writes import write_later
from supportdesk.sla.selectors import CustomerPromise, customer_reply_promises
from supportdesk.tickets.actions.acknowledgements import do_send_automatic_reply
from supportdesk.tickets.models import Ticket


def acknowledgement_text(*, ticket: Ticket, language: str, promise: CustomerPromise | None) -> str:
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


@dataclass(frozen=True)
class _Acknowledgement:
    ticket: Ticket
    recipient: str
    language: str


def do_acknowledge_new_ticket(*, ticket: Ticket, recipient: str, language: str) -> None:
    write_later(_acknowledge, _Acknowledgement(ticket, recipient, language))


def _acknowledge(acknowledgements: list[_Acknowledgement]) -> None:
    # Without an organisation there is no SLA policy, hence no clock to promise from.
    promises = customer_reply_promises(
        ticket_ids=[a.ticket.pk for a in acknowledgements if a.ticket.organisation_id]
    )
    for acknowledgement in acknowledgements:
        ticket = acknowledgement.ticket
        body = acknowledgement_text(
            ticket=ticket, language=acknowledgement.language, promise=promises.get(ticket.pk)
        )
        do_send_automatic_reply(ticket=ticket, body=body, recipient=acknowledgement.recipient)
