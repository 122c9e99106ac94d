"""Resolving the person behind an inbound message to one contact."""

from __future__ import annotations

from dataclasses import dataclass

from supportdesk.customers.models import Contact, Identity, IdentityKind, Language
from supportdesk.customers.selectors import contact_by_email, organisation_for_email


@dataclass(frozen=True)
class SenderIdentity:
    """Who sent a message, as the channel knows them.

    `email_verified` says whether the channel vouches for `email` (the mail From address,
    a signed widget identity, a confirmed portal account). An unverified email is never
    used to attach a channel identity to an existing contact: that would hand a stranger
    someone else's tickets.
    """

    kind: IdentityKind
    external_id: str
    email: str = ""
    name: str = ""
    language: str = ""
    email_verified: bool = False


def normalise_external_id(kind: str, external_id: str) -> str:
    value = external_id.strip()
    return value.lower() if kind == IdentityKind.EMAIL else value


def do_resolve_contact(sender: SenderIdentity) -> Contact:
    """The contact behind `sender`, created with its identity on first contact."""
    external_id = normalise_external_id(sender.kind, sender.external_id)
    identity = (
        Identity.objects.select_related("contact__organisation")
        .filter(kind=sender.kind, external_id=external_id)
        .first()
    )
    if identity is not None:
        return identity.contact

    email = sender.email.strip().lower()
    contact = contact_by_email(email=email) if email and sender.email_verified else None
    if contact is None:
        language = sender.language[:2].lower()
        contact = Contact.objects.create(
            name=sender.name.strip()[:200],
            email=email if sender.email_verified else "",
            organisation=organisation_for_email(email=email) if sender.email_verified else None,
            verified=sender.email_verified,
            language=language if language in Language.values else Language.RUSSIAN,
        )
    Identity.objects.create(contact=contact, kind=sender.kind, external_id=external_id)
    return contact
