"""Organisations and contacts, found by the ids another system keeps for them."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from supportdesk.api.ids import RowId
from supportdesk.api.v1.errors import READ_ERRORS
from supportdesk.customers.models import Contact, Organisation

router = Router(tags=["customers"])


class OrganisationOut(Schema):
    id: int
    name: str
    edition: str
    plan: str
    seats: int
    external_id: str


class ContactOut(Schema):
    id: int
    name: str
    email: str
    organisation_id: int | None


class OrganisationQuery(Schema):
    external_id: Annotated[str, Field(max_length=200)] = ""


class ContactQuery(Schema):
    email: Annotated[str, Field(max_length=254)] = ""
    organisation: RowId | None = None


@router.get("/organisations", response={200: list[OrganisationOut], **READ_ERRORS})
def organisation_list(request: HttpRequest, query: Query[OrganisationQuery]) -> list[Organisation]:
    rows = Organisation.objects.order_by("name", "id")
    if query.external_id:
        rows = rows.filter(external_id=query.external_id)
    return list(rows[:500])


@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, **READ_ERRORS})
def organisation_get(request: HttpRequest, organisation_id: RowId) -> Organisation:
    return get_object_or_404(Organisation, pk=organisation_id)


@router.get("/contacts", response={200: list[ContactOut], **READ_ERRORS})
def contact_list(request: HttpRequest, query: Query[ContactQuery]) -> list[Contact]:
    rows = Contact.objects.order_by("id")
    if query.email:
        rows = rows.filter(email__iexact=query.email.strip())
    if query.organisation is not None:
        rows = rows.filter(organisation_id=query.organisation)
    return list(rows[:500])


@router.get("/contacts/{contact_id}", response={200: ContactOut, **READ_ERRORS})
def contact_get(request: HttpRequest, contact_id: RowId) -> Contact:
    return get_object_or_404(Contact, pk=contact_id)
