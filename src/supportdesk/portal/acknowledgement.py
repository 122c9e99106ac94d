"""The portal's words for the new-ticket acknowledgement
(`tickets.actions.acknowledgements.do_acknowledge_new_ticket` sends it)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from supportdesk.tickets.models import Ticket


def acknowledgement_text(*, ticket: Ticket, language: str, promise: str | None) -> str:
    body = _("We have received your request #%(number)s “%(subject)s”.") % {
        "number": ticket.number,
        "subject": ticket.subject,
    }
    if promise is not None:
        body += " " + promise + "."
    return body
