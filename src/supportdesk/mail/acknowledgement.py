"""The email channel's words for the new-ticket acknowledgement
(`tickets.actions.acknowledgements.do_acknowledge_new_ticket` sends it).

The customer is told how to add details by email: reply and keep the ticket's token in the
subject, which is how a reply threads into its ticket.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from supportdesk.tickets.models import Ticket


def acknowledgement_text(*, ticket: Ticket, language: str, promise: str | None) -> str:
    lines = [
        _("Hello!"),
        "",
        _("We have received your request and registered it as ticket #%(number)s.")
        % {"number": ticket.number},
    ]
    if promise is not None:
        lines.append(promise + ".")
    lines += [
        _("To add details, reply to this email and keep [#%(number)s] in the subject.")
        % {"number": ticket.number},
        "",
        _("Support team"),
    ]
    return "\n".join(lines)
