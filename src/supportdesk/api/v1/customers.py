"""Organisations and contacts, found by the ids the cloud application keeps for them (a
team's id is the organisation's `external_id`; a user's is the contact's chat identity)."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from supportdesk.api.ids import NO_NUL, RowId
from supportdesk.api.v1.errors import READ_ERRORS
from supportdesk.customers.models import Contact, IdentityKind, Organisation

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
    # The cloud application's user id: the contact's chat identity (unique per kind).
    external_id: str | None

    @staticmethod
    def resolve_external_id(contact: Contact) -> str | None:
        chat = [i for i in contact.identities.all() if i.kind == IdentityKind.CHAT]
        return chat[0].external_id if chat else None


class OrganisationQuery(Schema):
    external_id: Annotated[str, Field(max_length=200, pattern=NO_NUL)] = ""


class ContactQuery(Schema):
    email: Annotated[str, Field(max_length=254, pattern=NO_NUL)] = ""
    external_id: Annotated[str, Field(max_length=320, pattern=NO_NUL)] = ""
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
    rows = Contact.objects.prefetch_related("identities").order_by("id")
    if query.external_id:
        rows = rows.filter(
            identities__kind=IdentityKind.CHAT, identities__external_id=query.external_id
        )
    if query.email:
        rows = rows.filter(email__iexact=query.email.strip())
    if query.organisation is not None:
        rows = rows.filter(organisation_id=query.organisation)
    return list(rows[:500])


@router.get("/contacts/{contact_id}", response={200: ContactOut, **READ_ERRORS})
def contact_get(request: HttpRequest, contact_id: RowId) -> Contact:
    return get_object_or_404(Contact.objects.prefetch_related("identities"), pk=contact_id)
