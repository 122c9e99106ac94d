"""The SLA clocks started in a period, each reduced to what the reports count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from supportdesk.reports.periods import Period
from supportdesk.sla.calendars import desk_calendar
from supportdesk.sla.deadlines import counted_seconds
from supportdesk.sla.models import ClockState, SlaClock


class Outcome(StrEnum):
    MET = "met"
    BREACHED = "breached"
    RUNNING = "running"


@dataclass(frozen=True)
class ClockFact:
    target: str
    policy: str
    state: str
    outcome: Outcome
    target_seconds: int
    # Business time counted (paused time excluded) and business time spent paused.
    counted_seconds: int
    paused_seconds: int
    started_at: datetime
    ticket_number: int
    subject: str
    channel: str
    organisation: str
    agent_id: int | None
    agent: str


_FIELDS = (
    "target",
    "policy",
    "state",
    "met",
    "target_seconds",
    "due_at",
    "breached_at",
    "started_at",
    "stopped_at",
    "paused_at",
    "paused_seconds",
    "ticket__number",
    "ticket__subject",
    "ticket__channel",
    "ticket__organisation__name",
    "ticket__assignee_id",
    "ticket__assignee__first_name",
    "ticket__assignee__last_name",
    "ticket__assignee__username",
)


def _outcome(
    state: str,
    met: bool | None,
    due_at: datetime | None,
    breached_at: datetime | None,
    now: datetime,
) -> Outcome:
    if state == ClockState.STOPPED:
        return Outcome.BREACHED if met is False else Outcome.MET
    if breached_at is not None:
        return Outcome.BREACHED
    # A paused clock's due time moves on when it resumes, so only a running one can be late now.
    if state == ClockState.RUNNING and due_at is not None and due_at < now:
        return Outcome.BREACHED
    return Outcome.RUNNING


def clock_fact_list(*, period: Period, now: datetime) -> list[ClockFact]:
    """Every clock started in the period and not cancelled, as it stands `now`."""
    calendar = desk_calendar()
    rows = (
        SlaClock.objects.filter(started_at__gte=period.start, started_at__lt=period.end)
        .exclude(state=ClockState.CANCELLED)
        .order_by()
        .values_list(*_FIELDS)
    )
    facts = []
    for (target, policy, state, met, target_seconds, due_at, breached_at, started_at, stopped_at,
         paused_at, paused_seconds, number, subject, channel, organisation, agent_id, first_name,
         last_name, username) in rows:  # fmt: skip
        agent = f"{first_name or ''} {last_name or ''}".strip() or username or ""
        facts.append(
            ClockFact(
                target=target,
                policy=policy,
                state=state,
                outcome=_outcome(state, met, due_at, breached_at, now),
                target_seconds=target_seconds,
                counted_seconds=counted_seconds(
                    calendar,
                    started_at=started_at,
                    stopped_at=stopped_at,
                    paused_at=paused_at,
                    paused_seconds=paused_seconds,
                    now=now,
                ),
                paused_seconds=paused_seconds,
                started_at=started_at,
                ticket_number=number,
                subject=subject,
                channel=channel,
                organisation=organisation or "",
                agent_id=agent_id,
                agent=agent,
            )
        )
    return facts
