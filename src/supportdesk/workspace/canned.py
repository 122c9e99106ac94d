"""Canned responses: which ones a ticket's page offers, and filling in their variables.

A template is offered only where every variable it uses has a value (no "we will answer by —"),
and not when it asks the customer for something the ticket already has.
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from supportdesk.accounts.models import User
from supportdesk.fault_reports.selectors import TicketDiagnostics
from supportdesk.sla.presentation import format_moscow
from supportdesk.tickets.models import Ticket
from supportdesk.workspace.models import CANNED_VARIABLES, CannedResponse

# Linear: a name is a bounded run of letters; anything else in braces is left as it is.
_VARIABLE = re.compile(r"\{([a-z_]{1,40})\}")


def unknown_variables(body: str) -> list[str]:
    return sorted({name for name in _VARIABLE.findall(body) if name not in CANNED_VARIABLES})


def canned_responses_for(
    *, ticket: Ticket, agent: User, diagnostics: TicketDiagnostics
) -> list[CannedResponse]:
    templates: QuerySet[CannedResponse] = CannedResponse.objects.filter(
        Q(owner__isnull=True) | Q(owner=agent)
    )
    present = {
        entry["item"]
        for entry in (diagnostics.checklist.entries if diagnostics.checklist else [])
        if entry["present"]
    }
    return [
        canned
        for canned in templates
        if canned.asks_for not in present
        and (ticket.sla_due_at is not None or "{sla_due}" not in canned.body)
    ]


def render_canned_response(
    canned: CannedResponse, *, ticket: Ticket, agent: User, language: str
) -> str:
    values = {
        "customer_name": ticket.requester.name or ticket.requester.email,
        "ticket_number": str(ticket.number),
        "sla_due": format_moscow(ticket.sla_due_at, language) if ticket.sla_due_at else "",
        "agent_name": agent.get_full_name() or agent.get_username(),
    }
    return _VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), canned.body)
