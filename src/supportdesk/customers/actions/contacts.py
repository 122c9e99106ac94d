"""Resolving the person behind an inbound message to one contact."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from supportdesk.customers.models import Contact, Identity, IdentityKind, Language
from supportdesk.customers.selectors import (
    contact_by_email,
    contacts_by_identity,
    organisation_for_email,
)

type IdentityKey = tuple[str, str]  # (kind, normalised external id)

# Within `contacts_known_for`: every identity looked up so far, None where there is none yet.
_known: ContextVar[dict[IdentityKey, Contact | None] | None] = ContextVar(
    "supportdesk_known_contacts", default=None
)


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
    """Look the contacts of many (kind, external id) senders up in one query: inside the block
    `do_resolve_contact` finds them, and the contacts it creates, without a query each."""
    keys = {(kind, normalise_external_id(kind, external_id)) for kind, external_id in senders}
    known: dict[IdentityKey, Contact | None] = dict.fromkeys(keys)
    known |= contacts_by_identity(keys)
    token = _known.set(known)
    try:
        yield
    finally:
        _known.reset(token)


def do_resolve_contact(sender: SenderIdentity) -> Contact:
    """The contact behind `sender`, created with its identity on first contact."""
    external_id = normalise_external_id(sender.kind, sender.external_id)
    key = (str(sender.kind), external_id)
    known = _known.get()
    if known is not None and key in known:
        found = known[key]
    else:
        found = contacts_by_identity([key]).get(key)
    if found is not None:
        return found

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
    if known is not None:
        known[key] = contact
    return contact
