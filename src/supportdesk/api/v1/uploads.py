"""Files a customer sent another way (the cloud application's own form), added to their ticket
as the requester's message through the intake action: the same size limits, the same analysis
of HAR files and logs as files that come by email."""

from __future__ import annotations

from typing import Annotated

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from supportdesk.api.auth import authenticated_agent
from supportdesk.api.ids import NO_NUL, RowId
from supportdesk.api.v1.errors import WRITE_ERRORS, ErrorOut
from supportdesk.api.v1.ticket_records import TicketMessageOut
from supportdesk.api.v1.tickets import ticket_or_404
from supportdesk.tickets.actions.intake import IncomingFile, do_add_customer_message
from supportdesk.tickets.attachments import max_attachment_bytes
from supportdesk.tickets.models import Message

router = Router(tags=["tickets"])
ExternalId = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")]


@router.post(
    "/tickets/{number}/attachments",
    response={201: TicketMessageOut, 200: TicketMessageOut, 413: ErrorOut, **WRITE_ERRORS},
)
def attachment_upload(
    request: HttpRequest,
    number: RowId,
    file: File[UploadedFile],
    external_id: Form[ExternalId],
    text: str = Form("", max_length=10_000, pattern=NO_NUL),  # type: ignore[type-arg]
) -> Status[Message]:
    """The same `external_id` again answers the message already stored (200)."""
    ticket = ticket_or_404(number)
    key = f"api-upload:{authenticated_agent(request).pk}:{number}:{external_id}"
    existing = ticket.messages.filter(external_id=key).first()
    if existing is not None:
        return Status(200, existing)
    limit = max_attachment_bytes()
    if file.size is None or file.size > limit:
        refusal = _("The file is too large; the most a file may be is %(limit)s.")
        raise HttpError(413, refusal % {"limit": filesizeformat(limit)})
    try:
        with transaction.atomic():
            message = do_add_customer_message(
                ticket=ticket,
                contact=ticket.requester,
                channel=ticket.channel,
                external_id=key,
                text=text,
                html="",
                at=timezone.now(),
                files=[IncomingFile(file.name or "file", file.read(), "application/octet-stream")],
            )
    except IntegrityError:  # the same upload, sent twice at once, was stored by the other
        return Status(200, ticket.messages.get(external_id=key))
    return Status(201, message)
