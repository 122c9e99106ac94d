"""The collector's upload: a bundle for one ticket, authorised by that ticket's token."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.security import HttpBearer

from supportdesk.api.errors import WRITE_ERRORS, ErrorOut
from supportdesk.fault_reports.actions.bundles import do_attach_collector_bundle
from supportdesk.fault_reports.tokens import ticket_number_for_token
from supportdesk.tickets.models import Ticket

logger = logging.getLogger(__name__)
router = Router(tags=["diagnostics"])


class TicketUploadToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return ticket_number_for_token(token)


class BundleOut(Schema):
    ok: bool
    ticket: int
    attachment_id: int


def _number(value: str) -> int | None:
    digits = re.sub(r"\D", "", value)
    return int(digits) if digits else None


@router.post(
    "/bundles",
    auth=TicketUploadToken(),
    response={201: BundleOut, 404: ErrorOut, 413: ErrorOut, **WRITE_ERRORS},
)
def bundle_upload(
    request: HttpRequest, ticket: Form[str], bundle: File[UploadedFile]
) -> Status[dict[str, Any]]:
    authorised = request.auth  # type: ignore[attr-defined]
    if _number(ticket) != authorised:
        logger.warning("collector upload: token is for #%s, form says %r", authorised, ticket)
        raise HttpError(403, "The token is for another ticket / Токен выдан для другой заявки")
    target = Ticket.objects.select_related("requester").filter(number=authorised).first()
    if target is None or target.status == "closed":
        raise HttpError(
            404, "No open ticket with that number / Нет открытой заявки с таким номером"
        )
    limit = settings.SUPPORTDESK_MAX_ATTACHMENT_BYTES
    if bundle.size is not None and bundle.size > limit:
        raise HttpError(413, f"The bundle is larger than {limit} bytes / Архив больше {limit} байт")
    attachment = do_attach_collector_bundle(
        ticket=target, filename=bundle.name or "bundle.tar.gz", content=bundle.read()
    )
    logger.info("collector bundle attached to #%s as attachment %s", authorised, attachment.pk)
    return Status(201, {"ok": True, "ticket": authorised, "attachment_id": attachment.pk})
