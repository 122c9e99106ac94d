from datetime import date, timedelta

import pytest

from supportdesk.customers.models import Edition, Plan
from supportdesk.sla.policies import policies_for, policy_for
from tests.customers.factories import OrganisationFactory
from tests.sla.conftest import msk
from tests.sla.factories import AgreementFactory, EnterpriseOrganisationFactory

pytestmark = pytest.mark.django_db


def test_default_policies_follow_the_service_terms():
    team = policy_for(OrganisationFactory(plan=Plan.TEAM), at=msk(2026, 3, 2, 12))
    enterprise = policy_for(EnterpriseOrganisationFactory(), at=msk(2026, 3, 2, 12))

    assert (team.response, team.critical_fix) == (timedelta(hours=45), timedelta(hours=270))
    assert (enterprise.response, enterprise.critical_fix) == (
        timedelta(hours=16),
        timedelta(hours=135),
    )


def test_free_plan_and_no_organisation_get_no_sla():
    assert policy_for(OrganisationFactory(plan=Plan.FREE), at=msk(2026, 3, 2, 12)) is None
    assert policy_for(None, at=msk(2026, 3, 2, 12)) is None


def test_a_valid_agreement_replaces_the_plan_policy_only_while_valid():
    agreement = AgreementFactory(valid_from=date(2026, 1, 1), valid_until=date(2026, 6, 30))
    org = agreement.organisation

    inside = policy_for(org, at=msk(2026, 3, 2, 12))
    after = policy_for(org, at=msk(2026, 7, 1, 12))

    assert inside.name.startswith(f"agreement:{agreement.pk}")
    assert inside.response == timedelta(hours=4)
    assert inside.critical_fix == timedelta(hours=27)
    assert after.name == "plan:enterprise"


def test_cloud_team_with_agreement_uses_it():
    org = OrganisationFactory(edition=Edition.CLOUD, plan=Plan.TEAM, seats=51)
    AgreementFactory(organisation=org, critical_fix_business_hours=None)
    policy = policy_for(org, at=msk(2026, 3, 2, 12))
    assert policy.response == timedelta(hours=4)
    assert policy.critical_fix is None


def test_many_organisations_policies_come_from_one_query(django_assert_num_queries):
    agreement = AgreementFactory(valid_from=date(2026, 1, 1), valid_until=date(2026, 6, 30))
    moments = [
        (agreement.organisation, msk(2026, 3, 2, 12)),
        (agreement.organisation, msk(2026, 7, 1, 12)),
        (OrganisationFactory(plan=Plan.TEAM), msk(2026, 3, 2, 12)),
        (OrganisationFactory(plan=Plan.FREE), msk(2026, 3, 2, 12)),
        (None, msk(2026, 3, 2, 12)),
    ]
    with django_assert_num_queries(1):
        policies = policies_for(moments)
    assert policies == [policy_for(organisation, at=at) for organisation, at in moments]
    assert [p.name[:10] if p else None for p in policies] == [
        "agreement:", "plan:enter", "plan:team", None, None,
    ]  # fmt: skip
