from pathlib import Path

import pytest

from supportdesk.customers.actions.portal_accounts import do_link_portal_account
from supportdesk.customers.models import Contact, OrganisationDomain
from tests.accounts.factories import CustomerUserFactory
from tests.sla.factories import EnterpriseOrganisationFactory

HAR_WITH_COOKIES = (
    Path(__file__).resolve().parents[1]
    / "diagnostics/fixtures/har/chrome_devtools_google_cookies.har"
)


@pytest.fixture
def customer_factory(db):
    """A confirmed portal customer of an organisation (Enterprise unless given)."""

    def make(email: str = "ivan@promstroy.example", organisation=None, **contact_fields) -> Contact:
        domain = email.split("@")[1]
        if organisation is None:
            organisation = EnterpriseOrganisationFactory()
        OrganisationDomain.objects.get_or_create(
            domain=domain, defaults={"organisation": organisation}
        )
        user = CustomerUserFactory.create(username=email, email=email)
        contact = do_link_portal_account(user=user)
        for name, value in contact_fields.items():
            setattr(contact, name, value)
        contact.save()
        contact.user = user  # type: ignore[attr-defined]
        return contact

    return make


@pytest.fixture
def customer(customer_factory):
    return customer_factory()


@pytest.fixture
def customer_client(client, customer):
    client.force_login(customer.user)
    return client
