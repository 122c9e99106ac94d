"""Email intake: raw bytes → `ParsedEmail` → `InboundMessage` → `receive()`.

Every delivered email ends in exactly one `IntakeRecord` (created, appended, ignored or
rejected) in the same transaction as the ticket write, so a message is either fully taken
in or not at all; the IMAP poller marks it \\Seen only after its outcome is returned.

Everything that reads the text (parsing, quote splitting, the reply language, HTML
sanitising) happens before a transaction opens, so a slow email never holds the write lock.

A poll takes its mail in batches, each under one transaction: one commit, one duplicate
check and one row per follow-up task for the lot, instead of one per email. If anything in a
batch fails, the batch rolls back and each of its emails is taken in alone, so one email that
breaks something costs the others nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, InterfaceError, OperationalError, transaction

from supportdesk.batched_writes import write_later, writes_batched
from supportdesk.customers.actions.contacts import SenderIdentity, contacts_known_for
from supportdesk.customers.models import IdentityKind
from supportdesk.mail.acknowledgement import acknowledgement_text
from supportdesk.mail.actions.bounces import do_record_bounce
from supportdesk.mail.actions.intake_log import do_record_intake
from supportdesk.mail.autoreply import AutomaticKind, detect_automatic
from supportdesk.mail.language import reply_language
from supportdesk.mail.models import InboundEmail, IntakeAction, Mailbox
from supportdesk.mail.parsing import ParsedEmail, parse_email
from supportdesk.mail.quotes import SplitReply, split_reply
from supportdesk.mail.raw_redaction import raw_to_store
from supportdesk.mail.selectors import emails_already_taken_in, own_addresses
from supportdesk.mail.threading import clean_subject, ticket_number_from_subject
from supportdesk.tickets.actions.acknowledgements import do_acknowledge_new_ticket
from supportdesk.tickets.html_sanitizer import sanitize_html
from supportdesk.tickets.inbound import (
    InboundAttachment,
    InboundMessage,
    InboundRejected,
    ReceiveResult,
    receive,
)
from supportdesk.tickets.models import Channel

logger = logging.getLogger(__name__)

_MAX_ATTEMPTS = 3
INTAKE_BATCH = 50  # emails per transaction
INTAKE_BATCH_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class IntakeOutcome:
    action: IntakeAction
    reason: str
    external_id: str
    ticket_number: int | None = None


Delivered = tuple[bytes, datetime | None]  # the raw bytes and when the server received them


@dataclass(frozen=True)
class _ReadEmail:
    """An email parsed and read: what the intake needs from its text, worked out up front."""

    parsed: ParsedEmail
    split: SplitReply
    language: str
    html: str  # sanitised
    # A bug that reading this email hit; raised again where the email is taken in, so that
    # it is rejected and kept like any other email the intake cannot handle.
    failure: Exception | None = None


def _read(raw: bytes) -> _ReadEmail:
    parsed = parse_email(raw)
    try:
        split = split_reply(parsed.text)
        language = reply_language(split.new_text, parsed.subject)
        html = sanitize_html(parsed.html) if parsed.html else ""
    except Exception as exc:
        return _ReadEmail(parsed, SplitReply(parsed.text, ""), "ru", "", failure=exc)
    return _ReadEmail(parsed, split, language, html)


def take_in_email(
    raw: bytes,
    *,
    mailbox: Mailbox | None = None,
    source: str = "imap",
    received_at: datetime | None = None,
    desk_addresses: Collection[str] | None = None,
) -> IntakeOutcome:
    """Take one email in; never raises for what is in the message, only for the database.

    `desk_addresses` (mail from them is a loop) may be passed in by a caller taking in many.
    """
    own = own_addresses() if desk_addresses is None else desk_addresses
    return _take_in_alone(_read(raw), mailbox, source, received_at, own)


def take_in_emails(
    delivered: Sequence[Delivered],
    *,
    mailbox: Mailbox | None,
    source: str = "imap",
    desk_addresses: Collection[str] | None = None,
) -> Iterator[IntakeOutcome]:
    """Take mail in, in order, a batch per transaction; each outcome comes once committed."""
    own = own_addresses() if desk_addresses is None else desk_addresses
    for batch in _batches(delivered):
        yield from _take_in_batch(batch, mailbox, source, own)


def _batches(delivered: Sequence[Delivered]) -> Iterator[list[Delivered]]:
    """Up to `INTAKE_BATCH` emails and `INTAKE_BATCH_BYTES` of raw mail each (a batch's raw
    emails are inserted in one statement); a larger email is a batch of its own."""
    batch: list[Delivered] = []
    size = 0
    for item in delivered:
        if batch and (len(batch) == INTAKE_BATCH or size + len(item[0]) > INTAKE_BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += len(item[0])
    if batch:
        yield batch


def _take_in_batch(
    delivered: list[Delivered], mailbox: Mailbox | None, source: str, own: Collection[str]
) -> Iterator[IntakeOutcome]:
    batch = [(_read(raw), received_at) for raw, received_at in delivered]
    try:
        with transaction.atomic(), writes_batched():
            outcomes = _take_in_together(batch, mailbox, source, own)
    except Exception as exc:
        # IntegrityError: a concurrent poller won a race. OperationalError: a deadlock with
        # another worker, or the database is gone (then the first email alone raises it
        # again, and the mail stays unread). Anything else: a bug one of the emails hit.
        level = logging.INFO if isinstance(exc, IntegrityError) else logging.WARNING
        logger.log(level, "a batch of %d emails rolled back (%s: %s); taking each in alone",
                   len(batch), type(exc).__name__, exc)  # fmt: skip
        for read, received_at in batch:
            yield _take_in_alone(read, mailbox, source, received_at, own)
    else:
        yield from outcomes


def _take_in_together(
    batch: list[tuple[_ReadEmail, datetime | None]],
    mailbox: Mailbox | None,
    source: str,
    own: Collection[str],
) -> list[IntakeOutcome]:
    taken = emails_already_taken_in(external_ids=[read.parsed.external_id for read, _ in batch])
    senders = [(IdentityKind.EMAIL, read.parsed.from_address) for read, _ in batch]
    outcomes = []
    with contacts_known_for(senders):
        for read, received_at in batch:
            outcomes.append(_take_in(read, mailbox, source, received_at, own, taken))
            taken.add(read.parsed.external_id)  # the same email twice in one batch is stored once
    return outcomes


def _take_in_alone(
    read: _ReadEmail,
    mailbox: Mailbox | None,
    source: str,
    received_at: datetime | None,
    own: Collection[str],
) -> IntakeOutcome:
    parsed = read.parsed
    try:
        for attempt in range(1, _MAX_ATTEMPTS + 1):
            try:
                with transaction.atomic(), writes_batched():
                    taken = emails_already_taken_in(external_ids=[parsed.external_id])
                    return _take_in(read, mailbox, source, received_at, own, taken)
            except IntegrityError:
                # A concurrent delivery of this email (or a new contact) won the race; all
                # of ours rolled back, and the next attempt sees what the winner stored.
                logger.info("email %s raced, attempt %d", parsed.external_id, attempt)
                if attempt == _MAX_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")
    except (OperationalError, InterfaceError):
        raise  # the database is unreachable: nothing was stored, the mail stays unread
    except Exception as exc:
        # A bug or a message nothing could make sense of: kept with its bytes, never blocking.
        logger.exception("email %s could not be taken in", parsed.external_id)
        reason = f"error: {type(exc).__name__}: {exc}"
        with transaction.atomic():
            do_record_intake(parsed=parsed, mailbox=mailbox, source=source,
                             action=IntakeAction.REJECTED, reason=reason)  # fmt: skip
        return IntakeOutcome(IntakeAction.REJECTED, reason[:200], parsed.external_id)


def _take_in(
    read: _ReadEmail,
    mailbox: Mailbox | None,
    source: str,
    received_at: datetime | None,
    own: Collection[str],
    taken: Collection[str],
) -> IntakeOutcome:
    """`taken`: external ids already taken in, this email's among them if it was."""
    parsed, split, language = read.parsed, read.split, read.language
    if read.failure is not None:
        raise read.failure
    if received_at is None and source == "import":
        received_at = parsed.date  # migrated mail keeps when it was written (None if absurd)

    def outcome(
        action: IntakeAction, reason: str = "", result: ReceiveResult | None = None
    ) -> IntakeOutcome:
        ticket = result.ticket if result is not None else None
        do_record_intake(parsed=parsed, mailbox=mailbox, source=source, action=action,
                         reason=reason, ticket=ticket)  # fmt: skip
        return IntakeOutcome(action, reason, parsed.external_id, ticket.number if ticket else None)

    if parsed.external_id in taken:
        return outcome(IntakeAction.IGNORED, "duplicate")
    automatic = detect_automatic(parsed, own_addresses=own)
    if automatic is not None:
        if automatic.kind == AutomaticKind.BOUNCE and do_record_bounce(parsed=parsed):
            return outcome(IntakeAction.IGNORED, f"{automatic.reason} (delivery marked failed)")
        return outcome(IntakeAction.IGNORED, automatic.reason)

    try:
        result = receive(
            _inbound_message(read, received_at),
            in_caller_transaction=True,  # checked above; a race retries the whole intake
        )
    except InboundRejected as rejected:
        return outcome(IntakeAction.REJECTED, rejected.reason)
    if result.outcome == "duplicate":  # a concurrent poller stored it first
        return outcome(IntakeAction.IGNORED, "duplicate")
    inbound_email = InboundEmail(
        message=result.message,
        mailbox=mailbox,
        header_message_id=parsed.external_id[:998],
        references=" ".join(parsed.thread_ids),
        from_address=parsed.from_address[:320],
        quoted_text=_no_nul(split.quoted),
        full_text=_no_nul(parsed.text),
        language=language,
        raw=raw_to_store(parsed),
    )
    write_later(_insert_inbound_emails, inbound_email)
    if result.outcome == "created":
        do_acknowledge_new_ticket(ticket=result.ticket, words=acknowledgement_text,
                                  language=language, recipient=parsed.from_address)  # fmt: skip
        return outcome(IntakeAction.CREATED, result=result)
    return outcome(IntakeAction.APPENDED, result=result)


def _insert_inbound_emails(emails: list[InboundEmail]) -> None:
    InboundEmail.objects.bulk_create(emails)


def _no_nul(text: str) -> str:
    return text.replace("\x00", "\ufffd")


def _inbound_message(read: _ReadEmail, received_at: datetime | None) -> InboundMessage:
    parsed, language = read.parsed, read.language
    sender = (
        SenderIdentity(
            kind=IdentityKind.EMAIL,
            external_id=parsed.from_address,
            email=parsed.from_address,
            name=parsed.from_name,
            language=language,
            email_verified=True,
        )
        if parsed.from_address
        else None
    )
    return InboundMessage(
        channel=Channel.EMAIL,
        external_id=parsed.external_id,
        sender=sender,
        text=read.split.new_text or parsed.text,
        subject=clean_subject(parsed.subject),
        html=read.html,
        attachments=[
            InboundAttachment(a.filename, a.content, a.content_type) for a in parsed.attachments
        ],
        received_at=received_at,
        ticket_number=ticket_number_from_subject(parsed.subject),
        in_reply_to=parsed.thread_ids,
    )
