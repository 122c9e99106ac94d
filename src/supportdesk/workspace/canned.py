"""Filling a canned response's variables; only the known names are replaced."""

from __future__ import annotations

import re

from supportdesk.sla.presentation import format_moscow
from supportdesk.tickets.models import Ticket
from supportdesk.workspace.models import CannedResponse

_VARIABLE = re.compile(r"\{(customer_name|ticket_number|sla_due)\}")


def render_canned_response(canned: CannedResponse, *, ticket: Ticket, language: str) -> str:
    values = {
        "customer_name": ticket.requester.name or ticket.requester.email,
        "ticket_number": str(ticket.number),
        "sla_due": format_moscow(ticket.sla_due_at, language) if ticket.sla_due_at else "—",
    }
    return _VARIABLE.sub(lambda m: values[m.group(1)], canned.body)
