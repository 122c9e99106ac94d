"""A member of a cloud team, as the cloud application vouches for them (the chat widget's signed
identity): their team becomes (or updates) an organisation of the cloud edition, and they a
contact in it, so their tickets get the team's SLA."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from supportdesk.customers.actions.contacts import SenderIdentity, do_resolve_contact
from supportdesk.customers.models import Contact, Edition, IdentityKind, Organisation, Plan
from supportdesk.customers.selectors import contact_by_email, contacts_by_identity


@dataclass(frozen=True)
class CloudMember:
    user_id: str
    email: str
    name: str
    team_id: str
    team_name: str
    plan: str
    seats: int
    language: str = ""


class NotACloudCustomer(Exception):
    """The person or the team belongs to an Enterprise (on-prem) organisation."""


def check_cloud_member(member: CloudMember) -> None:
    """Raises NotACloudCustomer, before anything is written, for an Enterprise customer."""
    existing = contacts_by_identity([(IdentityKind.CHAT, member.user_id)]).get(
        (IdentityKind.CHAT, member.user_id)
    ) or contact_by_email(email=member.email)
    if existing is not None and _enterprise(existing.organisation):
        raise NotACloudCustomer(f"contact {existing.pk} is in an Enterprise organisation")
    team = Organisation.objects.filter(external_id=member.team_id).first()
    if _enterprise(team):
        raise NotACloudCustomer(f"team {member.team_id} is an Enterprise organisation")


@transaction.atomic
def do_sync_cloud_member(member: CloudMember) -> Contact:
    check_cloud_member(member)
    plan = member.plan if member.plan in Plan.values else Plan.FREE
    organisation, created = Organisation.objects.get_or_create(
        external_id=member.team_id,
        defaults={
            "name": member.team_name,
            "edition": Edition.CLOUD,
            "plan": plan,
            "seats": member.seats,
        },
    )
    if not created:
        changed = {
            field: value
            for field, value in {
                "name": member.team_name,
                "plan": plan,
                "seats": member.seats,
            }.items()
            if getattr(organisation, field) != value
        }
        if changed:
            Organisation.objects.filter(pk=organisation.pk).update(**changed)
    contact = do_resolve_contact(
        SenderIdentity(
            kind=IdentityKind.CHAT,
            external_id=member.user_id,
            email=member.email,
            name=member.name,
            language=member.language,
            email_verified=True,  # signed by the cloud application
        )
    )
    updates: dict[str, object] = {}
    if contact.organisation_id != organisation.pk:
        updates["organisation"] = organisation
    if member.name and contact.name != member.name:
        updates["name"] = member.name
    if updates:
        Contact.objects.filter(pk=contact.pk).update(**updates)
        contact.refresh_from_db()
    return contact


def _enterprise(organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.edition == Edition.ENTERPRISE
