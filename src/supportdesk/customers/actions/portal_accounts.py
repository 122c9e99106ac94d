"""A confirmed portal account is one more identity of the contact behind its email."""

from __future__ import annotations

from django.db import transaction

from supportdesk.accounts.models import User
from supportdesk.customers.models import Contact, Identity, IdentityKind
from supportdesk.customers.selectors import contact_by_email, organisation_for_email


@transaction.atomic
def do_link_portal_account(*, user: User) -> Contact:
    """Tickets the same person opened by email, Telegram or chat then show in the portal."""
    existing = Identity.objects.filter(kind=IdentityKind.PORTAL, external_id=str(user.pk)).first()
    if existing is not None:
        return existing.contact
    email = user.email.strip().lower()
    contact = contact_by_email(email=email)
    if contact is None:
        contact = Contact.objects.create(
            name=user.get_full_name(),
            email=email,
            verified=True,
            organisation=organisation_for_email(email=email),
        )
    elif not contact.verified:
        contact.verified = True
        contact.save(update_fields=["verified"])
    Identity.objects.create(contact=contact, kind=IdentityKind.PORTAL, external_id=str(user.pk))
    Identity.objects.get_or_create(
        kind=IdentityKind.EMAIL, external_id=email, defaults={"contact": contact}
    )
    return contact
