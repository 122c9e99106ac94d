"""Reads of organisations and contacts."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Q

from supportdesk.customers.models import Contact, Identity, Organisation, OrganisationDomain


def contact_by_email(*, email: str) -> Contact | None:
    if not email:
        return None
    return Contact.objects.select_related("organisation").filter(email__iexact=email).first()


def contacts_by_identity(keys: Collection[tuple[str, str]]) -> dict[tuple[str, str], Contact]:
    """The contacts behind (kind, normalised external id) identities, where there are any."""
    if not keys:
        return {}
    by_kind: dict[str, list[str]] = {}
    for kind, external_id in keys:
        by_kind.setdefault(kind, []).append(external_id)
    match = Q()
    for kind, external_ids in by_kind.items():
        match |= Q(kind=kind, external_id__in=external_ids)
    identities = Identity.objects.select_related("contact__organisation").filter(match)
    return {(i.kind, i.external_id): i.contact for i in identities}


def organisation_for_email(*, email: str) -> Organisation | None:
    _, at, domain = email.rpartition("@")
    if not at or not domain:
        return None
    found = (
        OrganisationDomain.objects.select_related("organisation")
        .filter(domain__iexact=domain.strip().lower())
        .first()
    )
    return found.organisation if found else None


def contact_for_user(*, user_id: int) -> Contact | None:
    """The contact behind a confirmed portal account."""
    return (
        Contact.objects.select_related("organisation")
        .filter(identities__kind="portal", identities__external_id=str(user_id))
        .first()
    )
