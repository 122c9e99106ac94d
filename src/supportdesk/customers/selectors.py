"""Reads of organisations and contacts."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Model, Q, QuerySet
from django.db.models.functions import Lower

from supportdesk.customers.models import Contact, Identity, Organisation, OrganisationDomain


def contact_by_email(*, email: str) -> Contact | None:
    return contacts_by_email([email]).get(email.strip().lower())


def contacts_by_email(emails: Collection[str]) -> dict[str, Contact]:
    """The contacts with these addresses (any case), by lower-cased address."""
    return _by_lower_case(Contact.objects.select_related("organisation"), "email", emails)


def _by_lower_case[M: Model](
    rows: QuerySet[M], field: str, values: Collection[str]
) -> dict[str, M]:
    wanted = {value.strip().lower() for value in values} - {""}
    if not wanted:
        return {}
    found = rows.alias(lower_value=Lower(field)).filter(lower_value__in=wanted)
    return {str(getattr(row, field)).lower(): row for row in found}


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


def email_domain(email: str) -> str:
    """The lower-cased domain of an address ("" without one)."""
    _, at, domain = email.rpartition("@")
    return domain.strip().lower() if at else ""


def organisation_for_email(*, email: str) -> Organisation | None:
    domain = email_domain(email)
    return organisations_by_domain([domain]).get(domain)


def organisations_by_domain(domains: Collection[str]) -> dict[str, Organisation]:
    """The organisations owning these email domains (any case), by lower-cased domain."""
    rows = OrganisationDomain.objects.select_related("organisation")
    return {
        domain: row.organisation for domain, row in _by_lower_case(rows, "domain", domains).items()
    }


def contact_for_user(*, user_id: int) -> Contact | None:
    """The contact behind a confirmed portal account."""
    return (
        Contact.objects.select_related("organisation")
        .filter(identities__kind="portal", identities__external_id=str(user_id))
        .first()
    )
