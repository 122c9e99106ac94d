"""Which SLA applies to an organisation at a moment: its separate agreement, else its plan's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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
    return policies_for([(organisation, at)])[0]


def policies_for(
    moments: Sequence[tuple[Organisation | None, datetime]],
) -> list[SlaPolicy | None]:
    """`policy_for` each (organisation, moment), with one query for all their agreements."""
    agreements: dict[int, list[Agreement]] = {}
    ids = {organisation.pk for organisation, _ in moments if organisation is not None}
    if ids:
        for agreement in Agreement.objects.filter(organisation_id__in=ids).order_by(
            "-valid_from", "-id"
        ):
            agreements.setdefault(agreement.organisation_id, []).append(agreement)
    return [
        _policy(organisation, at.date(), agreements.get(organisation.pk, []))
        if organisation is not None
        else None
        for organisation, at in moments
    ]


def _policy(organisation: Organisation, day: date, agreements: list[Agreement]) -> SlaPolicy | None:
    for agreement in agreements:  # the latest first
        if agreement.is_valid_on(day):
            fix = agreement.critical_fix_business_hours
            return SlaPolicy(
                name=f"agreement:{agreement.pk} {agreement.contract_reference}"[:200],
                response=timedelta(hours=float(agreement.response_business_hours)),
                critical_fix=timedelta(hours=float(fix)) if fix is not None else None,
            )
    return PLAN_POLICIES.get(Plan(organisation.plan))
