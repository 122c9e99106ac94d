"""The contact list's "no organisation" filter: customers with no SLA, to be linked."""

import pytest
from django.urls import reverse

from supportdesk.customers.models import Contact
from tests.sla.factories import EnterpriseOrganisationFactory

pytestmark = pytest.mark.django_db


def test_contacts_of_no_organisation_are_listed_apart(admin_client):
    Contact.objects.create(email="alone@gmail.example")
    Contact.objects.create(
        email="ivan@promstroy.example", organisation=EnterpriseOrganisationFactory()
    )
    page = admin_client.get(
        reverse("admin:customers_contact_changelist"), {"has_organisation": "no"}
    )
    assert [c.email for c in page.context["cl"].result_list] == ["alone@gmail.example"]
    assert "Без организации" in page.text
