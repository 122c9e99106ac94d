"""Portal forms → `InboundMessage`: a new request with its diagnostics, or a reply on one.

The customer is signed in, so the sender is their portal account and their email is
verified; the form's idempotency key is the message's id, so a form posted twice is one
message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils import translation

from supportdesk.customers.actions.contacts import SenderIdentity
from supportdesk.customers.models import Contact, IdentityKind
from supportdesk.tickets.diagnostic_fields import DiagnosticFields
from supportdesk.tickets.inbound import InboundAttachment, InboundMessage
from supportdesk.tickets.models import Channel, Ticket


def new_request_message(
    *,
    request: HttpRequest,
    contact: Contact,
    data: Mapping[str, Any],
    attachments: Sequence[InboundAttachment],
    enterprise: bool,
) -> InboundMessage:
    """`data` is the new-request form's cleaned data; the image version is an Enterprise
    question only."""
    return InboundMessage(
        channel=Channel.PORTAL,
        external_id=f"portal:{data['idempotency_key']}",
        sender=_sender(request, contact),
        subject=data["subject"],
        text=data["description"],
        attachments=attachments,
        critical_claim=data["critical_claim"],
        diagnostics=DiagnosticFields(
            problem_kind=data["problem_kind"],
            reproduction_steps=data["reproduction_steps"],
            affected_user_email=data["affected_user_email"],
            diagram_link=data["diagram_link"],
            browser_version=data["browser_version"],
            image_version=data["image_version"] if enterprise else "",
        ),
    )


def reply_message(
    *, request: HttpRequest, contact: Contact, ticket: Ticket, data: Mapping[str, Any]
) -> InboundMessage:
    """`data` is the reply form's cleaned data."""
    return InboundMessage(
        channel=Channel.PORTAL,
        external_id=f"portal:{data['idempotency_key']}",
        sender=_sender(request, contact),
        text=data["body"],
        ticket_number=ticket.number,
        attachments=[uploaded_attachment(f) for f in data["attachments"]],
    )


def uploaded_attachment(
    upload: UploadedFile[bytes], content: bytes | None = None
) -> InboundAttachment:
    """`content` replaces the upload's own bytes (a sanitised HAR)."""
    if content is None:
        upload.seek(0)
        content = upload.read()
    return InboundAttachment(upload.name or "file", content, upload.content_type or "")


def _sender(request: HttpRequest, contact: Contact) -> SenderIdentity:
    return SenderIdentity(
        kind=IdentityKind.PORTAL,
        external_id=str(request.user.pk),
        email=contact.email,
        name=contact.name,
        language=translation.get_language() or "ru",
        email_verified=True,
    )
