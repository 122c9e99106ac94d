"""Resolving the person behind an inbound message to one contact."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from supportdesk.customers.models import Contact, Identity, IdentityKind, Language, Organisation
from supportdesk.customers.selectors import (
    contact_by_email,
    contacts_by_email,
    contacts_by_identity,
    email_domain,
    organisation_for_email,
    organisations_by_domain,
)

type IdentityKey = tuple[str, str]  # (kind, normalised external id)


@dataclass
class _Known:
    """What `contacts_known_for` looked up (None: looked up, not there), kept current as
    contacts are created: by identity, by address and the organisations by email domain."""

    contacts: dict[IdentityKey, Contact | None]
    by_email: dict[str, Contact | None]
    organisations: dict[str, Organisation | None]


_known: ContextVar[_Known | None] = ContextVar("supportdesk_known_contacts", default=None)


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


@contextmanager
def contacts_known_for(senders: Iterable[tuple[str, str]]) -> Iterator[None]:
    """Look the contacts of many (kind, external id) senders up at once: their identities,
    then for new email senders their addresses and domains (three queries in all). Inside the
    block `do_resolve_contact` finds and creates these senders' contacts without a query to
    look them up."""
    keys = {(kind, normalise_external_id(kind, external_id)) for kind, external_id in senders}
    contacts: dict[IdentityKey, Contact | None] = dict.fromkeys(keys)
    contacts |= contacts_by_identity(keys)
    new_emails = {
        id_ for (kind, id_), found in contacts.items() if kind == IdentityKind.EMAIL and not found
    }
    by_email: dict[str, Contact | None] = dict.fromkeys(new_emails - {""})
    by_email |= contacts_by_email(new_emails)
    domains = {email_domain(email) for email in new_emails} - {""}
    organisations: dict[str, Organisation | None] = dict.fromkeys(domains)
    organisations |= organisations_by_domain(domains)
    token = _known.set(_Known(contacts, by_email, organisations))
    try:
        yield
    finally:
        _known.reset(token)


def do_resolve_contact(sender: SenderIdentity) -> Contact:
    """The contact behind `sender`, created with its identity on first contact."""
    external_id = normalise_external_id(sender.kind, sender.external_id)
    key = (str(sender.kind), external_id)
    known = _known.get()
    if known is not None and key in known.contacts:
        found = known.contacts[key]
    else:
        found = contacts_by_identity([key]).get(key)
    if found is not None:
        return found

    email = sender.email.strip().lower()
    contact = _contact_with_email(email, known) if email and sender.email_verified else None
    if contact is None:
        language = sender.language[:2].lower()
        contact = Contact.objects.create(
            name=sender.name.strip()[:200],
            email=email if sender.email_verified else "",
            organisation=_organisation_of(email, known) if sender.email_verified else None,
            verified=sender.email_verified,
            language=language if language in Language.values else Language.RUSSIAN,
        )
    Identity.objects.create(contact=contact, kind=sender.kind, external_id=external_id)
    if known is not None:
        known.contacts[key] = contact
        if contact.email:
            known.by_email[contact.email.lower()] = contact
    return contact


def _contact_with_email(email: str, known: _Known | None) -> Contact | None:
    if known is not None and email in known.by_email:
        return known.by_email[email]
    return contact_by_email(email=email)


def _organisation_of(email: str, known: _Known | None) -> Organisation | None:
    domain = email_domain(email)
    if known is not None and domain in known.organisations:
        return known.organisations[domain]
    return organisation_for_email(email=email)
