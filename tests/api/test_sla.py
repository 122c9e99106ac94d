import pytest

from supportdesk.customers.models import Edition, Plan
from supportdesk.sla.models import Agreement
from tests.accounts.factories import AgentFactory
from tests.customers.factories import OrganisationFactory
from tests.sla.factories import EnterpriseOrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_agent_client(client):
    client.force_login(AgentFactory(is_superuser=True))
    return client


def _payload(org):
    return {
        "organisation_id": org.pk,
        "contract_reference": "Договор 9",
        "response_business_hours": "8",
        "critical_fix_business_hours": "45",
        "valid_from": "2026-01-01",
    }


def test_api_creates_an_agreement_for_an_enterprise_customer(admin_agent_client):
    org = EnterpriseOrganisationFactory()
    response = admin_agent_client.post(
        "/api/sla/agreements", _payload(org), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["contract_reference"] == "Договор 9"
    assert Agreement.objects.filter(organisation=org).count() == 1


def test_api_refuses_an_agreement_for_a_small_cloud_team_with_the_reason(admin_agent_client):
    org = OrganisationFactory(edition=Edition.CLOUD, plan=Plan.TEAM, seats=20)
    response = admin_agent_client.post(
        "/api/sla/agreements", _payload(org), content_type="application/json"
    )
    assert response.status_code == 422
    assert "более 50 пользователей" in response.json()["detail"]
    assert not Agreement.objects.exists()


def test_api_due_time(agent_client):
    response = agent_client.get(
        "/api/sla/due", {"start": "2025-12-30T15:00:00+03:00", "business_hours": 16}
    )
    assert response.json()["due"] == "2026-01-13T13:00:00+03:00"


def test_api_needs_an_agent_session(client):
    assert client.get("/api/sla/agreements").status_code == 401


def test_api_writes_need_the_csrf_token(agent):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    org = EnterpriseOrganisationFactory()
    response = client.post("/api/sla/agreements", _payload(org), content_type="application/json")
    assert response.status_code == 403
    assert not Agreement.objects.exists()


def test_api_refuses_an_agreement_to_an_agent_the_admin_would_refuse(agent_client):
    org = EnterpriseOrganisationFactory()
    assert agent_client.get("/admin/sla/agreement/add/").status_code == 403
    response = agent_client.post(
        "/api/sla/agreements", _payload(org), content_type="application/json"
    )
    assert response.status_code == 403
    assert "Вы не можете добавлять соглашения SLA." in response.json()["detail"]
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("business_hours", ["-6.7e120", "1e300", "inf", "nan"])
def test_api_due_time_for_hours_no_calendar_holds_is_refused_not_a_server_error(
    agent_client, business_hours
):
    # Found by schemathesis (tests/api/test_openapi_schemathesis.py): timedelta overflowed.
    response = agent_client.get(
        "/api/sla/due", {"start": "2026-01-12T10:00:00+03:00", "business_hours": business_hours}
    )
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.parametrize("organisation_id", [-(10**21), 0, 2**63])
def test_api_an_id_no_row_can_have_is_refused_not_a_server_error(
    admin_agent_client, organisation_id
):
    # Found by schemathesis (tests/api/test_openapi_schemathesis.py): SQLite's OverflowError.
    listed = admin_agent_client.get("/api/sla/agreements", {"organisation_id": organisation_id})
    assert listed.status_code == 422
    created = admin_agent_client.post(
        "/api/sla/agreements",
        {**_payload(EnterpriseOrganisationFactory()), "organisation_id": organisation_id},
        content_type="application/json",
    )
    assert created.status_code == 422
