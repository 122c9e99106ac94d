"""/my, choosing a request, and what a linked user writes outside the /new dialogue."""

from __future__ import annotations

from supportdesk.sla.presentation import format_moscow
from supportdesk.telegram import texts
from supportdesk.telegram.dialogue import new_request
from supportdesk.telegram.dialogue.turn import Turn
from supportdesk.telegram.inbound import follow_up_message
from supportdesk.telegram.models import DialogueState
from supportdesk.telegram.selectors import (
    last_public_messages,
    request_get,
    request_list,
    ticket_number_for_bot_message,
)
from supportdesk.tickets.inbound import InboundAttachment, receive
from supportdesk.tickets.models import Status, Ticket

_SUBJECT_IN_BUTTON = 40
_MESSAGE_PREVIEW = 500


def show_list(turn: Turn) -> None:
    assert turn.dialogue.contact is not None
    tickets = request_list(contact=turn.dialogue.contact)
    turn.outcome = "listed requests"
    if not tickets:
        turn.say(texts.MY_NONE)
        return
    lines = [
        turn.text(
            texts.MY_LINE,
            number=t.number,
            status=_status(turn, t.status),
            due=_due(turn, t),
            subject=t.subject,
        )
        for t in tickets
    ]
    buttons = [
        [
            {
                "text": f"#{t.number} · {_status(turn, t.status)} · "
                f"{_shorten(t.subject, _SUBJECT_IN_BUTTON)}",
                "data": f"open:{t.number}",
            }
        ]
        for t in tickets
    ]
    turn.say(texts.MY_LIST, lines="\n".join(lines), buttons=buttons)


def open_request(turn: Turn, number: int) -> None:
    contact = turn.dialogue.contact
    ticket = request_get(contact=contact, number=number) if contact else None
    if ticket is None:
        turn.answer_button(texts.REQUEST_UNAVAILABLE)
        turn.outcome = "request not available"
        return
    turn.answer_button()
    turn.dialogue.active_ticket = ticket
    if new_request.is_wizard_state(turn.dialogue.state):
        turn.dialogue.state = DialogueState.IDLE
        turn.dialogue.draft = {}
    history = [
        f"{turn.text(texts.FROM_SUPPORT if m.author_agent_id else texts.FROM_YOU)}: "
        f"{_shorten(m.body_text.strip(), _MESSAGE_PREVIEW)}"
        for m in last_public_messages(ticket=ticket)
    ]
    turn.say(
        texts.REQUEST_VIEW,
        number=ticket.number,
        subject=ticket.subject,
        status=_status(turn, ticket.status),
        due=_due(turn, ticket),
        messages="\n\n".join(history) or turn.text(texts.NO_MESSAGES),
        ticket=ticket,
    )
    turn.outcome = f"opened #{ticket.number}"


def on_message(turn: Turn) -> None:
    """Add the message to the request it answers, else to the active one, else start /new."""
    update = turn.update
    dialogue = turn.dialogue
    assert update.chat_id is not None
    number = None
    in_reply_to: list[str] = []
    if update.reply_to_message_id is not None:
        number = ticket_number_for_bot_message(
            chat_id=update.chat_id, telegram_message_id=update.reply_to_message_id
        )
        in_reply_to.append(f"{update.chat_id}:{update.reply_to_message_id}")
    if number is None and dialogue.active_ticket is not None:
        number = dialogue.active_ticket.number
    if number is None and not in_reply_to:
        new_request.begin(turn, description=update.text, file=update.file)
        return

    attachments: list[InboundAttachment] = []
    if update.file is not None:
        file = update.file
        content = None if new_request.too_big_to_download(file) else _download(turn, file.file_id)
        if content is None:
            new_request.say_too_big(turn, file.file_name, file.file_size)
            if not update.text.strip():
                turn.outcome = "file too big"
                return
        else:
            attachments.append(InboundAttachment(file.file_name, content, file.mime_type))
    result = receive(
        follow_up_message(
            update,
            language=turn.language,
            attachments=attachments,
            ticket_number=number,
            in_reply_to=in_reply_to,
        )
    )
    dialogue.active_ticket = result.ticket
    if result.outcome == "created":
        new_request.announce_created(turn, result.ticket)
        return
    turn.say(texts.APPENDED, number=result.ticket.number, ticket=result.ticket)
    turn.outcome = f"{result.outcome} #{result.ticket.number}"


def _download(turn: Turn, file_id: str) -> bytes | None:
    return turn.downloaded([file_id])[file_id]


def _status(turn: Turn, status: str) -> str:
    return turn.text(Status(status).label)


def _due(turn: Turn, ticket: Ticket) -> str:
    if not ticket.is_open or ticket.sla_due_at is None:
        return ""
    return turn.text(texts.DUE, due=format_moscow(ticket.sla_due_at, turn.language))


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
