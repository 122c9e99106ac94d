"""One click: ask the customer for exactly what the fault report is missing."""

from __future__ import annotations

from django.utils.translation import gettext as _

from supportdesk.accounts.models import User
from supportdesk.diagnostics import ITEM_HINTS, ITEM_LABELS
from supportdesk.fault_reports.actions.checklists import do_evaluate_checklist
from supportdesk.tickets import events
from supportdesk.tickets.actions.permissions import check_is_agent
from supportdesk.tickets.actions.replies import check_send_public_reply
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.models import Message, Ticket

_TEXT = {
    "ru": (
        "Здравствуйте! Чтобы разобраться с заявкой #{number}, пришлите, пожалуйста:",
        "Спасибо!",
    ),
    "en": ("Hello! To get to the bottom of ticket #{number}, please send us:", "Thank you!"),
}


def missing_information_text(*, ticket: Ticket, items: list[str], language: str) -> str:
    lang = "en" if language.startswith("en") else "ru"
    opening, closing = _TEXT[lang]
    lines = [opening.format(number=ticket.number), ""]
    for item in items:
        lines.append(f"• {ITEM_LABELS[item][lang]}: {ITEM_HINTS[item][lang]}")
    return "\n".join([*lines, "", closing])


def check_request_missing_information(*, ticket: Ticket, agent: User) -> Message:
    check_is_agent(agent)
    checklist = do_evaluate_checklist(ticket_id=ticket.pk)
    items = list(checklist.missing) if checklist is not None else []
    if not items:
        raise ActionRefused(_("The fault report has everything it needs."))
    body = missing_information_text(ticket=ticket, items=items, language=ticket.requester.language)
    message = check_send_public_reply(ticket=ticket, agent=agent, body=body)
    events.diagnostics_requested_event(ticket=ticket, agent=agent, items=items)
    return message
