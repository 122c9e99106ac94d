"""Organisations and contacts, found by the cloud application's own ids."""

from __future__ import annotations

import pytest

from tests.api.tokens import bearer
from tests.customers.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_an_organisation_is_found_by_its_external_id(client, agent):
    team = OrganisationFactory(external_id="team-42")
    OrganisationFactory(external_id="team-43")
    headers = bearer(agent)
    found = client.get("/api/v1/organisations", {"external_id": "team-42"}, **headers).json()
    assert [o["id"] for o in found] == [team.pk]
    assert (
        client.get(f"/api/v1/organisations/{team.pk}", **headers).json()["external_id"] == "team-42"
    )
    assert client.get("/api/v1/organisations/999999", **headers).status_code == 404


def test_contacts_by_email_any_case(client, agent, customer_factory):
    contact = customer_factory("Ivan@Promstroy.example")
    found = client.get("/api/v1/contacts", {"email": "ivan@promstroy.example"}, **bearer(agent))
    assert [c["id"] for c in found.json()] == [contact.pk]


def test_a_contact_is_found_by_the_cloud_apps_user_id(client, agent, customer_factory):
    from supportdesk.customers.models import Identity, IdentityKind

    contact = customer_factory("olga@promstroy.example")
    customer_factory("petr@promstroy.example")
    Identity.objects.create(contact=contact, kind=IdentityKind.CHAT, external_id="user-7")
    found = client.get("/api/v1/contacts", {"external_id": "user-7"}, **bearer(agent)).json()
    assert [(c["id"], c["external_id"]) for c in found] == [(contact.pk, "user-7")]
