"""The single entry for every channel: one `InboundMessage` → `receive()`.

`receive()` is idempotent: the channel plus the channel's own message id identify a message,
and a redelivery (a second poll, a webhook retry, a concurrent worker) is stored once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

from django.db import IntegrityError, transaction
from django.utils import timezone

from supportdesk.customers.actions.contacts import SenderIdentity, do_resolve_contact
from supportdesk.customers.models import Contact, IdentityKind
from supportdesk.tickets.actions.intake import (
    IncomingFile,
    do_add_customer_message,
    do_open_ticket,
)
from supportdesk.tickets.diagnostic_fields import DiagnosticFields
from supportdesk.tickets.models import Channel, Message, RejectedInbound, Status, Ticket
from supportdesk.tickets.selectors import ticket_for_thread

logger = logging.getLogger(__name__)

_IDENTITY_KIND_BY_CHANNEL = {
    Channel.EMAIL: IdentityKind.EMAIL,
    Channel.TELEGRAM: IdentityKind.TELEGRAM,
    Channel.CHAT: IdentityKind.CHAT,
    Channel.PORTAL: IdentityKind.PORTAL,
}
_MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class InboundAttachment:
    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class InboundMessage:
    """A customer's message as a channel adapter hands it over.

    `ticket_number` and `in_reply_to` are threading hints: an explicit ticket (subject token,
    the bot's active request, the portal page) and the channel ids this message answers.
    """

    channel: str
    external_id: str
    sender: SenderIdentity | None
    text: str | bytes = ""
    subject: str = ""
    html: str = ""
    attachments: Sequence[InboundAttachment] = ()
    received_at: datetime | None = None
    ticket_number: int | None = None
    in_reply_to: Sequence[str] = ()
    critical_claim: bool = False
    diagnostics: DiagnosticFields = field(default_factory=DiagnosticFields)


@dataclass(frozen=True)
class ReceiveResult:
    outcome: Literal["created", "appended", "duplicate"]
    ticket: Ticket
    message: Message


class InboundRejected(Exception):
    """The message cannot become a ticket message; it was kept in RejectedInbound."""

    def __init__(self, reason: str, message_en: str, message_ru: str) -> None:
        super().__init__(message_en)
        self.reason = reason
        self.message_en = message_en
        self.message_ru = message_ru


def receive(inbound: InboundMessage, *, in_caller_transaction: bool = False) -> ReceiveResult:
    """Store `inbound` once; a message already stored comes back as a "duplicate".

    `in_caller_transaction=True` is for a caller that runs `receive()` inside its own
    transaction, has already checked that the message is not stored, and retries that whole
    transaction on `IntegrityError` (a concurrent delivery or new contact won the race): no
    savepoint, no second look-up, and the error is left to the caller.
    """
    _check_acceptable(inbound)
    if in_caller_transaction:
        with transaction.atomic(savepoint=False):
            return _store(inbound)
    for attempt in range(1, _MAX_ATTEMPTS + 1):
        existing = _already_stored(inbound)
        if existing is not None:
            logger.info("inbound %s/%s already stored", inbound.channel, inbound.external_id)
            return ReceiveResult("duplicate", existing.ticket, existing)
        try:
            with transaction.atomic():
                return _store(inbound)
        except IntegrityError:
            # A concurrent delivery of the same message (or a new contact) won the race;
            # everything of ours rolled back, so look again.
            logger.info(
                "inbound %s/%s raced, attempt %d", inbound.channel, inbound.external_id, attempt
            )
            if attempt == _MAX_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _check_acceptable(inbound: InboundMessage) -> None:
    if inbound.channel not in Channel.values:
        _reject(inbound, "unknown_channel",
                f"Unknown channel {inbound.channel!r}",
                f"Неизвестный канал {inbound.channel!r}")  # fmt: skip
    if not inbound.external_id.strip():
        _reject(inbound, "missing_external_id",
                "The message has no id on its channel",
                "У сообщения нет идентификатора в канале")  # fmt: skip
    if inbound.sender is None or not inbound.sender.external_id.strip():
        _reject(inbound, "missing_sender",
                "The message has no sender",
                "У сообщения не указан отправитель")  # fmt: skip


def _reject(inbound: InboundMessage, reason: str, message_en: str, message_ru: str) -> None:
    logger.warning("inbound rejected (%s): channel=%s external_id=%s", reason,
                   inbound.channel, inbound.external_id)  # fmt: skip
    RejectedInbound.objects.create(
        channel=inbound.channel[:50],
        external_id=inbound.external_id[:500],
        reason=reason,
        detail=message_en,
        payload={
            "subject": _clean_text(inbound.subject),
            "text": _clean_text(inbound.text),
            "sender": repr(inbound.sender),
            "attachments": [
                {"filename": a.filename, "size": len(a.content)} for a in inbound.attachments
            ],
        },
    )
    raise InboundRejected(reason, message_en, message_ru)


def _already_stored(inbound: InboundMessage) -> Message | None:
    return (
        Message.objects.select_related("ticket")
        .filter(channel=inbound.channel, external_id=inbound.external_id)
        .first()
    )


def _clean_text(value: str | bytes) -> str:
    """Text safe for any database: bad UTF-8 and NUL characters become U+FFFD."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return value.replace("\x00", "\ufffd")


def _store(inbound: InboundMessage) -> ReceiveResult:
    assert inbound.sender is not None
    # The channel decides what kind of identity its sender ids are.
    sender = replace(inbound.sender, kind=_IDENTITY_KIND_BY_CHANNEL[Channel(inbound.channel)])
    contact = do_resolve_contact(sender)
    at = inbound.received_at or timezone.now()
    text = _clean_text(inbound.text)
    ticket = _thread(inbound, contact)
    outcome: Literal["created", "appended"] = "appended"
    if ticket is None:
        subject = _clean_text(inbound.subject).strip() or _subject_from_text(text)
        ticket = do_open_ticket(
            contact=contact,
            channel=inbound.channel,
            subject=subject,
            at=at,
            critical_claim=inbound.critical_claim,
            diagnostics=inbound.diagnostics.transformed(_clean_text),
        )
        outcome = "created"
    message = do_add_customer_message(
        ticket=ticket,
        contact=contact,
        channel=inbound.channel,
        external_id=inbound.external_id,
        text=text,
        html=_clean_text(inbound.html),
        at=at,
        files=[IncomingFile(a.filename, a.content, a.content_type) for a in inbound.attachments],
    )
    logger.info("inbound %s/%s %s ticket #%s", inbound.channel, inbound.external_id,
                outcome, ticket.number)  # fmt: skip
    return ReceiveResult(outcome, ticket, message)


def _thread(inbound: InboundMessage, contact: Contact) -> Ticket | None:
    ticket = ticket_for_thread(
        contact=contact,
        number=inbound.ticket_number,
        channel=inbound.channel,
        replied_ids=inbound.in_reply_to,
    )
    # A closed ticket stays closed: a follow-up becomes a new ticket.
    if ticket is not None and ticket.status == Status.CLOSED:
        return None
    return ticket


def _subject_from_text(text: str) -> str:
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first_line[:80] or "(без темы)"
