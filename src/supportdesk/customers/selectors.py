"""Reads of organisations and contacts."""

from __future__ import annotations

from supportdesk.customers.models import Contact, Organisation, OrganisationDomain


def contact_by_email(*, email: str) -> Contact | None:
    if not email:
        return None
    return Contact.objects.select_related("organisation").filter(email__iexact=email).first()


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
