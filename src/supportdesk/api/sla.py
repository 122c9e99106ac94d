"""SLA endpoints: separate agreements (refused for ineligible customers) and due times."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from supportdesk.api.auth import authenticated_agent
from supportdesk.api.errors import COMMON_ERRORS, WRITE_ERRORS, ErrorOut
from supportdesk.api.ids import RowId
from supportdesk.businesstime import CalendarRangeError
from supportdesk.customers.models import Organisation
from supportdesk.sla.actions.agreements import check_create_agreement
from supportdesk.sla.calendars import desk_calendar
from supportdesk.sla.models import Agreement

router = Router(tags=["sla"])


class AgreementIn(Schema):
    organisation_id: RowId
    contract_reference: str
    response_business_hours: Decimal
    critical_fix_business_hours: Decimal | None = None
    valid_from: date
    valid_until: date | None = None


class AgreementOut(Schema):
    id: int
    organisation_id: int
    contract_reference: str
    response_business_hours: Decimal
    critical_fix_business_hours: Decimal | None
    valid_from: date
    valid_until: date | None


class DueOut(Schema):
    start: datetime
    business_hours: float
    due: datetime


@router.get("/agreements", response={200: list[AgreementOut], **COMMON_ERRORS})
def agreement_list(request: HttpRequest, organisation_id: RowId | None = None) -> list[Agreement]:
    agreements = Agreement.objects.order_by("organisation_id", "-valid_from")
    if organisation_id is not None:
        agreements = agreements.filter(organisation_id=organisation_id)
    return list(agreements)


@router.post("/agreements", response={201: AgreementOut, 404: ErrorOut, **WRITE_ERRORS})
def agreement_create(request: HttpRequest, payload: AgreementIn) -> Status[Agreement]:
    organisation = get_object_or_404(Organisation, pk=payload.organisation_id)
    data = payload.dict(exclude={"organisation_id"})
    try:
        agreement = check_create_agreement(
            actor=authenticated_agent(request), organisation=organisation, **data
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from exc
    return Status(201, agreement)


@router.get("/due", response={200: DueOut, **COMMON_ERRORS})
def due(request: HttpRequest, start: datetime, business_hours: float) -> dict[str, object]:
    if start.tzinfo is None:
        raise HttpError(422, "start must include a UTC offset / укажите смещение от UTC")
    try:
        deadline = desk_calendar().deadline(start, timedelta(hours=business_hours))
    except (CalendarRangeError, ValueError, OverflowError) as exc:  # 1e120 h overflows timedelta
        raise HttpError(422, str(exc)) from exc
    return {"start": start, "business_hours": business_hours, "due": deadline}
