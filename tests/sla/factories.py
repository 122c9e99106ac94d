from datetime import date
from decimal import Decimal

import factory

from supportdesk.customers.models import Edition, Plan
from supportdesk.sla.models import Agreement
from tests.customers.factories import OrganisationFactory


class EnterpriseOrganisationFactory(OrganisationFactory):
    edition = Edition.ENTERPRISE
    plan = Plan.ENTERPRISE
    seats = 300


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    organisation = factory.SubFactory(EnterpriseOrganisationFactory)
    contract_reference = "Договор №42-SLA"
    response_business_hours = Decimal(4)
    critical_fix_business_hours = Decimal(27)
    valid_from = date(2025, 1, 1)
