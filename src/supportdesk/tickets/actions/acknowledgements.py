"""Automatic replies (acknowledgements): public, sent through the outbox, never a first
response — the SLA counts only human replies.

A new ticket's acknowledgement is one action for every channel: the desk finds the ticket's
number and reply promise, the channel supplies only its words. In an intake batch the
acknowledgements are written at its end, their promises read in one query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.db import transaction
from django.utils import timezone, translation

from supportdesk.batched_writes import write_later
from supportdesk.tickets import events
from supportdesk.tickets.actions.outbox import queue_delivery
from supportdesk.tickets.models import Message, MessageKind, Ticket
from supportdesk.tickets.promises import reply_promises


@dataclass(frozen=True)
class _AutomaticReply:
    ticket: Ticket
    body: str
    recipient: str | None
    at: datetime


@transaction.atomic(savepoint=False)  # often part of an intake's transaction
def do_send_automatic_reply(*, ticket: Ticket, body: str, recipient: str | None = None) -> None:
    """Inside an intake batch (`writes_batched`) the batch's replies are written together."""
    write_later(_send_automatic_replies, _AutomaticReply(ticket, body, recipient, timezone.now()))


def _send_automatic_replies(replies: list[_AutomaticReply]) -> None:
    messages = Message.objects.bulk_create(
        Message(
            ticket=reply.ticket,
            kind=MessageKind.PUBLIC,
            channel=reply.ticket.channel,
            is_automatic=True,
            body_text=reply.body,
            created_at=reply.at,
        )
        for reply in replies
    )
    for reply, message in zip(replies, messages, strict=True):
        queue_delivery(message, recipient=reply.recipient)
        events.automatic_reply_event(ticket=reply.ticket, message=message)


class AcknowledgementWords(Protocol):
    """A channel's acknowledgement text, called with the customer's language active.

    `promise` is "we will answer by …" in that language, or None when nothing is promised
    (no SLA, or the ticket is already answered).
    """

    def __call__(self, *, ticket: Ticket, language: str, promise: str | None) -> str: ...


@dataclass(frozen=True)
class _Acknowledgement:
    ticket: Ticket
    words: AcknowledgementWords
    language: str
    recipient: str | None
    say: Callable[[str], object] | None


def do_acknowledge_new_ticket(
    *,
    ticket: Ticket,
    words: AcknowledgementWords,
    language: str,
    recipient: str | None = None,
    say: Callable[[str], object] | None = None,
) -> None:
    """Acknowledge `ticket` in the channel's `words`, as an automatic reply through the outbox.

    A channel that answers within a conversation it is having (the Telegram bot's dialogue)
    passes `say`: the text joins that answer, in its place among the answer's other
    messages, instead of becoming a ticket message.
    """
    acknowledgement = _Acknowledgement(ticket, words, language, recipient, say)
    if say is not None:
        _acknowledge([acknowledgement])  # not batched: it must keep its place in the answer
    else:
        write_later(_acknowledge, acknowledgement)


def _acknowledge(acknowledgements: list[_Acknowledgement]) -> None:
    # Without an organisation there is no SLA policy, hence no clock to promise from.
    promises = reply_promises(
        ticket_ids=[a.ticket.pk for a in acknowledgements if a.ticket.organisation_id]
    )
    for acknowledgement in acknowledgements:
        ticket, language = acknowledgement.ticket, acknowledgement.language
        promise = promises.get(ticket.pk)
        with translation.override(language):
            body = acknowledgement.words(
                ticket=ticket,
                language=language,
                promise=promise.text(language) if promise is not None else None,
            )
        if acknowledgement.say is not None:
            acknowledgement.say(body)
        else:
            do_send_automatic_reply(ticket=ticket, body=body, recipient=acknowledgement.recipient)
