"""A customer's message from the widget: checked (length, rate, whose conversation), stored
once through `receive()`, its conversation remembered with the host it came through."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.conf import settings
from django.core.cache import cache

from supportdesk.chat.acknowledgement import acknowledgement_text
from supportdesk.chat.actions.connections import ChatSession
from supportdesk.chat.inbound import chat_inbound_message
from supportdesk.chat.models import ChatConversation
from supportdesk.tickets.actions.acknowledgements import do_acknowledge_new_ticket
from supportdesk.tickets.inbound import InboundAttachment, ReceiveResult, receive
from supportdesk.tickets.models import Channel, Message, Status, Ticket

MAX_MESSAGE_CHARS = 4000
_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


class ChatError(Exception):
    """A message the widget is told about (`code` is a key of `texts.ERRORS`)."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


def chat_ticket(session: ChatSession, number: int) -> Ticket | None:
    """One of this customer's own chat conversations (not their colleagues')."""
    return Ticket.objects.filter(
        number=number, requester=session.contact, channel=Channel.CHAT
    ).first()


def check_send_chat_message(
    session: ChatSession,
    *,
    client_id: str,
    text: str,
    ticket_number: int | None,
    attachments: Sequence[InboundAttachment] = (),
) -> ReceiveResult:
    if not _CLIENT_ID.fullmatch(client_id):
        raise ChatError("bad_request")
    text = text.strip()
    if len(text) > MAX_MESSAGE_CHARS:
        raise ChatError("too_long", limit=MAX_MESSAGE_CHARS)
    if not text and not attachments:
        raise ChatError("empty")
    inbound = chat_inbound_message(
        session,
        client_id=client_id,
        text=text,
        ticket_number=ticket_number,
        attachments=attachments,
    )
    # A retried send of a stored message is answered as the first one was, whatever changed.
    if not Message.objects.filter(channel=Channel.CHAT, external_id=inbound.external_id).exists():
        if ticket_number is not None:
            ticket = chat_ticket(session, ticket_number)
            if ticket is None:
                raise ChatError("not_yours")
            if ticket.status == Status.CLOSED:
                raise ChatError("closed")
        _check_rate(session)
    result = receive(inbound)
    if result.outcome == "created":
        ChatConversation.objects.get_or_create(
            ticket=result.ticket, defaults={"host": session.host}
        )
        do_acknowledge_new_ticket(
            ticket=result.ticket, words=acknowledgement_text, language=session.language
        )
    return result


def _check_rate(session: ChatSession) -> None:
    """At most SUPPORTDESK_CHAT_MESSAGES_PER_MINUTE per customer, across every process: the
    window opens with the first message and lasts a minute."""
    key = f"chat:rate:{session.contact.pk}"
    cache.add(key, 0, 60)
    try:
        sent = cache.incr(key)
    except ValueError:
        sent = 1
    if sent > settings.SUPPORTDESK_CHAT_MESSAGES_PER_MINUTE:
        raise ChatError("rate")
