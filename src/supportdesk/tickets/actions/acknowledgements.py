"""Automatic replies (acknowledgements): public, sent through the outbox, never a first
response — the SLA counts only human replies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from supportdesk.batched_writes import write_later
from supportdesk.tickets import events
from supportdesk.tickets.actions.outbox import queue_delivery
from supportdesk.tickets.models import Message, MessageKind, Ticket


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
