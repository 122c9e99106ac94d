from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from supportdesk.customers.models import Edition, Plan
from supportdesk.sla.actions.agreements import check_create_agreement
from supportdesk.sla.models import Agreement
from tests.accounts.factories import AgentFactory
from tests.customers.factories import OrganisationFactory
from tests.sla.factories import EnterpriseOrganisationFactory

pytestmark = pytest.mark.django_db


def _admin():
    return AgentFactory(is_superuser=True)


def _create(org, actor=None):
    return check_create_agreement(
        actor=actor or _admin(),
        organisation=org,
        contract_reference="Договор 7",
        response_business_hours=Decimal(8),
        critical_fix_business_hours=Decimal(45),
        valid_from=date(2026, 1, 1),
    )


@pytest.mark.parametrize(
    ("edition", "plan", "seats"),
    [(Edition.ENTERPRISE, Plan.ENTERPRISE, 5), (Edition.CLOUD, Plan.TEAM, 51)],
)
def test_agreement_is_accepted_for_enterprise_and_cloud_teams_over_50(edition, plan, seats):
    agreement = _create(OrganisationFactory(edition=edition, plan=plan, seats=seats))
    assert Agreement.objects.get() == agreement


@pytest.mark.parametrize(("plan", "seats"), [(Plan.TEAM, 50), (Plan.TEAM, 3), (Plan.FREE, 500)])
def test_agreement_is_refused_for_small_cloud_teams_and_free_plans(plan, seats):
    org = OrganisationFactory(edition=Edition.CLOUD, plan=plan, seats=seats)
    with pytest.raises(ValidationError) as excinfo:
        _create(org)
    assert "более 50 пользователей" in str(excinfo.value)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        _create(org)
    assert "more than 50 users" in str(excinfo.value)
    assert not Agreement.objects.exists()


def test_agreement_ending_before_it_starts_is_refused():
    with pytest.raises(ValidationError):
        check_create_agreement(
            actor=_admin(),
            organisation=EnterpriseOrganisationFactory(),
            contract_reference="x",
            response_business_hours=Decimal(8),
            critical_fix_business_hours=None,
            valid_from=date(2026, 2, 1),
            valid_until=date(2026, 1, 1),
        )


def test_admin_form_refuses_an_ineligible_organisation_in_russian(admin_client):
    org = OrganisationFactory(edition=Edition.CLOUD, plan=Plan.TEAM, seats=10)
    response = admin_client.post(
        "/admin/sla/agreement/add/",
        {
            "organisation": org.pk,
            "contract_reference": "Д-1",
            "response_business_hours": "8",
            "critical_fix_business_hours": "",
            "valid_from": "01.01.2026",
        },
    )
    assert response.status_code == 200
    assert "более 50 пользователей" in response.text
    assert not Agreement.objects.exists()


def test_an_agent_without_the_admins_permission_cannot_create_an_agreement():
    with pytest.raises(PermissionDenied):
        _create(EnterpriseOrganisationFactory(), actor=AgentFactory())
    assert not Agreement.objects.exists()


def test_an_agent_granted_the_add_permission_can_create_an_agreement():
    from django.contrib.auth.models import Permission

    agent = AgentFactory()
    agent.user_permissions.add(Permission.objects.get(codename="add_agreement"))
    agent = type(agent).objects.get(pk=agent.pk)  # permissions are cached per instance
    assert _create(EnterpriseOrganisationFactory(), actor=agent).pk
