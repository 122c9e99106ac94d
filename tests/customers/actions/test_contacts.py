import pytest

from supportdesk.customers.actions.contacts import (
    SenderIdentity,
    contacts_known_for,
    do_resolve_contact,
)
from supportdesk.customers.models import Contact, Identity, IdentityKind
from tests.customers.factories import ContactFactory, IdentityFactory, OrganisationDomainFactory

pytestmark = pytest.mark.django_db


def _email(address: str) -> SenderIdentity:
    return SenderIdentity(kind=IdentityKind.EMAIL, external_id=address, email=address,
                          email_verified=True)  # fmt: skip


def test_a_new_sender_becomes_a_contact_of_their_domains_organisation_once():
    domain = OrganisationDomainFactory.create(domain="romashka.example")

    first = do_resolve_contact(_email("Olga@Romashka.example"))
    again = do_resolve_contact(_email("olga@romashka.example"))

    assert first == again
    assert first.organisation == domain.organisation
    assert Identity.objects.get().external_id == "olga@romashka.example"


def test_known_senders_are_resolved_without_a_query_each(django_assert_num_queries):
    known = [IdentityFactory.create(kind=IdentityKind.EMAIL, external_id=f"c{i}@lutik.example")
             for i in range(3)]  # fmt: skip
    senders = [(IdentityKind.EMAIL, f"C{i}@lutik.example") for i in range(3)]

    with django_assert_num_queries(1), contacts_known_for(senders):
        contacts = [do_resolve_contact(_email(f"c{i}@lutik.example")) for i in range(3)]

    assert contacts == [identity.contact for identity in known]
    assert contacts[0].organisation == known[0].contact.organisation  # loaded with the contact


def test_a_sender_created_inside_the_block_is_found_again_without_a_query(
    django_assert_num_queries,
):
    with contacts_known_for([(IdentityKind.EMAIL, "new@vasilek.example")]):
        created = do_resolve_contact(_email("new@vasilek.example"))
        with django_assert_num_queries(0):
            assert do_resolve_contact(_email("new@vasilek.example")) == created
    assert Contact.objects.count() == 1
    # Outside the block nothing is remembered: the database answers.
    with django_assert_num_queries(1):
        assert do_resolve_contact(_email("new@vasilek.example")) == created


def test_new_senders_contacts_and_organisations_are_looked_up_with_the_rest(
    django_assert_num_queries,
):
    domain = OrganisationDomainFactory.create(domain="romashka.example")
    portal_only = ContactFactory.create(email="Anna@Lutik.example")  # no email identity yet
    senders = [
        (IdentityKind.EMAIL, "anna@lutik.example"),
        (IdentityKind.EMAIL, "new@ROMASHKA.example"),
    ]

    # Inside, only writes: anna's email identity; the new sender's contact and identity.
    with contacts_known_for(senders), django_assert_num_queries(3):
        anna = do_resolve_contact(_email("anna@lutik.example"))
        new = do_resolve_contact(_email("new@romashka.example"))

    assert anna == portal_only
    assert new.organisation == domain.organisation
    assert Identity.objects.filter(contact=anna, external_id="anna@lutik.example").exists()
