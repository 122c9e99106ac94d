"""Telling Telegram users about their requests: status changes made by the desk."""

from __future__ import annotations

from supportdesk.telegram import texts
from supportdesk.telegram.actions.bot_messages import do_queue_bot_message
from supportdesk.telegram.selectors import dialogue_list_for_contact
from supportdesk.tickets.models import Status, Ticket


def do_announce_status_change(*, ticket: Ticket, new_status: str) -> int:
    """Queue “the status is now …” to every Telegram user linked to the requester."""
    announced = 0
    for dialogue in dialogue_list_for_contact(contact_id=ticket.requester_id):
        text = texts.render(
            texts.STATUS_CHANGED,
            dialogue.language,
            number=ticket.number,
            status=Status(new_status).label,
        )
        do_queue_bot_message(dialogue=dialogue, text=text, ticket=ticket)
        announced += 1
    return announced
