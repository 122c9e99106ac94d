"""Which SLA applies to an organisation at a moment: its separate agreement, else its plan's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from supportdesk.businesstime import business_days
from supportdesk.customers.models import Organisation, Plan
from supportdesk.sla.models import Agreement


@dataclass(frozen=True)
class SlaPolicy:
    name: str
    response: timedelta
    critical_fix: timedelta | None


# DESIGN.md §1: Team (cloud) and Enterprise defaults; Free gets best effort, no SLA.
PLAN_POLICIES = {
    Plan.TEAM: SlaPolicy("plan:team", business_days(5), business_days(30)),
    Plan.ENTERPRISE: SlaPolicy("plan:enterprise", timedelta(hours=16), business_days(15)),
}


def policy_for(organisation: Organisation | None, *, at: datetime) -> SlaPolicy | None:
    if organisation is None:
        return None
    day = at.date()
    agreements = Agreement.objects.filter(organisation=organisation).order_by("-valid_from", "-id")
    for agreement in agreements:
        if agreement.is_valid_on(day):
            fix = agreement.critical_fix_business_hours
            return SlaPolicy(
                name=f"agreement:{agreement.pk} {agreement.contract_reference}"[:200],
                response=timedelta(hours=float(agreement.response_business_hours)),
                critical_fix=timedelta(hours=float(fix)) if fix is not None else None,
            )
    return PLAN_POLICIES.get(Plan(organisation.plan))
