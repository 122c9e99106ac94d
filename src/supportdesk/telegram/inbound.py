"""Telegram updates → `InboundMessage`: a request made with /new, or a message added to one.

A message's id on the channel is its chat and message id (unique per chat); the sender is the
Telegram user, whose ids the desk keeps as a Telegram identity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone

from supportdesk.customers.actions.contacts import SenderIdentity
from supportdesk.customers.models import IdentityKind
from supportdesk.telegram.updates import IncomingUpdate
from supportdesk.tickets.diagnostic_fields import DiagnosticFields
from supportdesk.tickets.inbound import InboundAttachment, InboundMessage
from supportdesk.tickets.models import Channel


def message_external_id(update: IncomingUpdate) -> str:
    return f"{update.chat_id}:{update.message_id}"


def new_request_message(
    update: IncomingUpdate,
    *,
    language: str,
    draft: Mapping[str, Any],
    text: str,
    attachments: Sequence[InboundAttachment],
) -> InboundMessage:
    """The request the /new dialogue collected in `draft`; its id is the message that
    described it (kept in the draft), so a redelivered confirmation finds it made."""
    return InboundMessage(
        channel=Channel.TELEGRAM,
        external_id=draft.get("external_id") or message_external_id(update),
        sender=_sender(update, language),
        text=text,
        attachments=attachments,
        received_at=timezone.now(),
        diagnostics=DiagnosticFields(
            reproduction_steps=draft.get("steps", ""),
            affected_user_email=draft.get("affected_email", ""),
            diagram_link=draft.get("diagram", ""),
            browser_version=draft.get("browser", ""),
            image_version=draft.get("image", ""),
        ),
    )


def follow_up_message(
    update: IncomingUpdate,
    *,
    language: str,
    attachments: Sequence[InboundAttachment],
    ticket_number: int | None,
    in_reply_to: Sequence[str],
) -> InboundMessage:
    return InboundMessage(
        channel=Channel.TELEGRAM,
        external_id=message_external_id(update),
        sender=_sender(update, language),
        text=update.text,
        attachments=attachments,
        received_at=timezone.now(),
        ticket_number=ticket_number,
        in_reply_to=in_reply_to,
    )


def _sender(update: IncomingUpdate, language: str) -> SenderIdentity:
    user = update.user
    assert user is not None
    return SenderIdentity(
        kind=IdentityKind.TELEGRAM,
        external_id=str(user.id),
        name=user.name,
        language=language,
    )
