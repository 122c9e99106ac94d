"""Applying the SLA policy in effect now to an open ticket, deliberately.

A clock keeps the policy it started with (DESIGN §2): a new agreement, a changed plan or an
organisation found only later does not move anyone's deadlines by itself. An administrator
applies the change to open tickets on purpose (the agreement's admin action; linking a
customer to their organisation); each clock changed gets a timeline event saying from what to
what and why. Elapsed and paused business time are kept: only the target changes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet

from supportdesk.accounts.models import User
from supportdesk.sla.actions.clocks import do_cancel_clock, do_start_clock, sync_ticket_due
from supportdesk.sla.calendars import desk_calendar
from supportdesk.sla.deadlines import set_due_times
from supportdesk.sla.models import ClockState, SlaClock, Target
from supportdesk.sla.policies import SlaPolicy, policy_for
from supportdesk.tickets import events
from supportdesk.tickets.models import CriticalClaim, Message, MessageKind, Ticket
from supportdesk.tickets.models.ticket import OPEN_STATUSES

_OPEN_CLOCK = [ClockState.RUNNING, ClockState.PAUSED]
# Why a policy changed, as the timeline stores it (sla.presentation says it in words).
AGREEMENT_APPLIED = "agreement_applied"
ORGANISATION_LINKED = "organisation_linked"


def open_tickets_of(organisation_id: int) -> QuerySet[Ticket]:
    return Ticket.objects.filter(organisation_id=organisation_id, status__in=OPEN_STATUSES)


@transaction.atomic
def do_apply_policy_in_effect(
    *, ticket: Ticket, now: datetime, agent: User | None, reason: str
) -> int:
    """Re-targets the ticket's open clocks to the policy in effect now (starting the response
    clock of a ticket that has none and is still unanswered); returns the clocks changed."""
    policy = policy_for(ticket.organisation, at=now)
    calendar = desk_calendar(fresh=True)
    changed = 0
    for clock in SlaClock.objects.select_for_update().filter(ticket=ticket, state__in=_OPEN_CLOCK):
        duration = _duration(policy, clock.target)
        if duration is None:  # the policy in effect has no such target (a free plan)
            do_cancel_clock(clock=clock, at=now)
            changed += 1
            continue
        assert policy is not None
        seconds = int(duration.total_seconds())
        if clock.policy == policy.name and clock.target_seconds == seconds:
            continue
        old = clock.policy
        clock.policy, clock.target_seconds = policy.name, seconds
        set_due_times(clock, calendar)
        clock.save(update_fields=["policy", "target_seconds", "due_at", "warn_at"])
        events.sla_policy_changed_event(ticket=ticket, target=clock.target, old=old,
                                        new=policy.name, due_at=clock.due_at, agent=agent,
                                        reason=reason)  # fmt: skip
        changed += 1
    # Nothing was promised (no organisation when it was opened): the promises start now.
    if policy is not None and _awaits_first_response(ticket):
        do_start_clock(ticket, Target.RESPONSE, started_at=now, duration=policy.response,
                       policy=policy.name)  # fmt: skip
        changed += 1
    if policy is not None and policy.critical_fix is not None and _awaits_critical_fix(ticket):
        do_start_clock(ticket, Target.CRITICAL_FIX, started_at=now,
                       duration=policy.critical_fix, policy=policy.name)  # fmt: skip
        changed += 1
    sync_ticket_due(ticket.pk)
    return changed


def _duration(policy: SlaPolicy | None, target: str) -> timedelta | None:
    if policy is None:
        return None
    return policy.response if target == Target.RESPONSE else policy.critical_fix


def _awaits_first_response(ticket: Ticket) -> bool:
    if ticket.status not in OPEN_STATUSES:
        return False
    if SlaClock.objects.filter(ticket=ticket, target=Target.RESPONSE).exists():
        return False
    return not Message.objects.filter(
        ticket=ticket, kind=MessageKind.PUBLIC, author_agent__isnull=False, is_automatic=False
    ).exists()


def _awaits_critical_fix(ticket: Ticket) -> bool:
    return (
        ticket.status in OPEN_STATUSES
        and ticket.critical_claim == CriticalClaim.CONFIRMED
        and not SlaClock.objects.filter(ticket=ticket, target=Target.CRITICAL_FIX).exists()
    )
