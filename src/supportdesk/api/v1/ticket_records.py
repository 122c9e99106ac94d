"""A ticket's records: its messages and their files, its SLA clocks."""

from __future__ import annotations

from datetime import datetime

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import Router, Schema

from supportdesk.api.ids import RowId
from supportdesk.api.v1.errors import READ_ERRORS
from supportdesk.api.v1.ticket_schemas import MessageOut
from supportdesk.api.v1.tickets import ticket_or_404
from supportdesk.tickets.attachments import attachment_response
from supportdesk.tickets.models import Attachment, Message
from supportdesk.tickets.promises import reply_promises
from supportdesk.tickets.selectors import ticket_messages_list

router = Router(tags=["tickets"])


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int


class TicketMessageOut(MessageOut):
    attachments: list[AttachmentOut]


class SlaClockOut(Schema):
    target: str
    policy: str
    target_seconds: int
    state: str
    started_at: datetime
    paused_seconds: int
    stopped_at: datetime | None
    due_at: datetime | None
    met: bool | None
    breached_at: datetime | None


@router.get("/tickets/{number}/messages", response={200: list[TicketMessageOut], **READ_ERRORS})
def message_list(request: HttpRequest, number: RowId) -> list[Message]:
    """Every message, internal notes included (`kind`), oldest first."""
    return list(ticket_messages_list(ticket=ticket_or_404(number), public_only=False))


@router.get(
    "/attachments/{attachment_id}",
    response={200: None, **READ_ERRORS},
    openapi_extra={"responses": {200: {"content": {"application/octet-stream": {}}}}},
)
def attachment_download(request: HttpRequest, attachment_id: RowId) -> FileResponse:
    return attachment_response(get_object_or_404(Attachment, pk=attachment_id))


class TicketSlaOut(Schema):
    clocks: list[SlaClockOut]
    # What the customer is told ("we will answer by …"), in the request's language.
    promise: str | None


@router.get("/tickets/{number}/sla", response={200: TicketSlaOut, **READ_ERRORS})
def sla_clock_list(request: HttpRequest, number: RowId) -> dict[str, object]:
    """The ticket's SLA clocks (first response; critical fix), deadlines in business time,
    and the reply promise the customer sees."""
    ticket = ticket_or_404(number)
    promise = reply_promises(ticket_ids=[ticket.pk]).get(ticket.pk)
    return {
        "clocks": list(ticket.sla_clocks.order_by("started_at", "id")),
        "promise": promise.text(get_language() or "ru") if promise else None,
    }
