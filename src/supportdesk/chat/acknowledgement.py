"""The chat's words for the new-conversation acknowledgement
(`tickets.actions.acknowledgements.do_acknowledge_new_ticket` sends it)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from supportdesk.tickets.models import Ticket


def acknowledgement_text(*, ticket: Ticket, language: str, promise: str | None) -> str:
    body = _("Thank you, we have your message (request #%(number)s) and will answer here.") % {
        "number": ticket.number
    }
    if promise is not None:
        body += " " + promise + "."
    return body
