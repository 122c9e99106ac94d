"""Starting, pausing, resuming and stopping a ticket's SLA clocks (DESIGN.md §2).

- First response: starts when the customer's first message arrives; stops at the first public
  reply by a human agent (or when the ticket is resolved without one).
- Critical fix: starts once an agent confirms critical, counting from the customer's claim;
  pauses while waiting on the customer; stops when resolved; a reopened ticket continues it
  (the time it spent resolved counts as paused).

Due times are always computed on a calendar checked now (`fresh`), never on one a process has
trusted for up to two seconds: a clock started on the old calendar just after a correction
would escape that correction's recompute.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q

from supportdesk.batched_writes import write_later
from supportdesk.businesstime import WorkingCalendar
from supportdesk.sla.actions.alerts import do_record_breach
from supportdesk.sla.calendars import desk_calendar
from supportdesk.sla.deadlines import business_seconds, set_due_times
from supportdesk.sla.models import ClockState, SlaClock, Target
from supportdesk.sla.policies import policies_for, policy_for
from supportdesk.tickets import events
from supportdesk.tickets.models import Ticket


def sync_ticket_due(ticket_id: int) -> None:
    """Copy the nearest running due time onto the ticket, where the queue sorts by it."""
    due = (
        SlaClock.objects.filter(ticket_id=ticket_id, state=ClockState.RUNNING, due_at__isnull=False)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    Ticket.objects.filter(pk=ticket_id).update(sla_due_at=due)


def _clock(ticket: Ticket, target: Target) -> SlaClock | None:
    return SlaClock.objects.filter(ticket=ticket, target=target).first()


def _new_clock(
    ticket: Ticket,
    target: Target,
    *,
    started_at: datetime,
    duration: timedelta,
    policy: str,
    calendar: WorkingCalendar,
) -> SlaClock:
    clock = SlaClock(
        ticket=ticket,
        target=target,
        policy=policy,
        target_seconds=int(duration.total_seconds()),
        started_at=started_at,
    )
    set_due_times(clock, calendar)
    return clock


def _started_event(clock: SlaClock) -> None:
    events.sla_started_event(ticket=clock.ticket, target=Target(clock.target), policy=clock.policy,
                             due_at=clock.due_at, at=clock.started_at)  # fmt: skip


def do_start_clock(
    ticket: Ticket, target: Target, *, started_at: datetime, duration: timedelta, policy: str
) -> SlaClock:
    clock = _new_clock(ticket, target, started_at=started_at, duration=duration, policy=policy,
                       calendar=desk_calendar(fresh=True))  # fmt: skip
    clock.save()
    if clock.due_at is not None:
        # A new clock can only bring the nearest due time forward: one UPDATE, no re-read.
        Ticket.objects.filter(pk=ticket.pk).filter(
            Q(sla_due_at__isnull=True) | Q(sla_due_at__gt=clock.due_at)
        ).update(sla_due_at=clock.due_at)
    _started_event(clock)
    return clock


def do_start_new_ticket_clock(*, ticket: Ticket) -> None:
    """The response clock of a ticket just opened, if its customer has an SLA: started with
    the rest of an intake batch (see `batched_writes`) or at once."""
    write_later(_start_new_ticket_clocks, ticket)


def _start_new_ticket_clocks(tickets: list[Ticket]) -> None:
    calendar = desk_calendar(fresh=True)
    policies = policies_for([(ticket.organisation, ticket.created_at) for ticket in tickets])
    clocks = [
        _new_clock(
            ticket,
            Target.RESPONSE,
            started_at=ticket.created_at,
            duration=policy.response,
            policy=policy.name,
            calendar=calendar,
        )
        for ticket, policy in zip(tickets, policies, strict=True)
        if policy is not None
    ]
    SlaClock.objects.bulk_create(clocks)
    due = []
    for clock in clocks:
        if clock.due_at is not None:
            # Just opened, the ticket has no other clock: this one is its nearest due time.
            clock.ticket.sla_due_at = clock.due_at
            due.append(clock.ticket)
        _started_event(clock)
    Ticket.objects.bulk_update(due, ["sla_due_at"])


def do_start_critical_clock(*, ticket: Ticket, now: datetime) -> SlaClock | None:
    existing = _clock(ticket, Target.CRITICAL_FIX)
    if existing is not None:
        if existing.state == ClockState.CANCELLED:
            existing.delete()  # a re-confirmed claim starts afresh from the claim
        else:
            return None
    started_at = ticket.critical_claimed_at or now
    policy = policy_for(ticket.organisation, at=started_at)
    if policy is None or policy.critical_fix is None:
        return None
    clock = do_start_clock(
        ticket, Target.CRITICAL_FIX, started_at=started_at, duration=policy.critical_fix,
        policy=policy.name,
    )  # fmt: skip
    if ticket.status == "waiting":
        do_pause_clock(clock=clock, at=now)
    return clock


def do_stop_clock(*, clock: SlaClock, at: datetime) -> SlaClock:
    if not clock.is_open:
        return clock
    calendar = desk_calendar(fresh=True)
    if clock.state == ClockState.PAUSED:
        _unpause(clock, calendar, at)
    clock.state = ClockState.STOPPED
    clock.stopped_at = at
    clock.met = clock.due_at is None or at <= clock.due_at
    clock.save(update_fields=["state", "stopped_at", "met", "paused_at", "paused_seconds",
                              "due_at", "warn_at"])  # fmt: skip
    sync_ticket_due(clock.ticket_id)
    if not clock.met and clock.breached_at is None:
        # Stopped late before the sweep saw it: the breach still goes on record.
        _record_breach(clock)
    events.sla_stopped_event(ticket=clock.ticket, target=clock.target, met=clock.met, at=at)
    return clock


def do_cancel_clock(*, clock: SlaClock, at: datetime) -> None:
    if not clock.is_open:
        return
    clock.state = ClockState.CANCELLED
    clock.stopped_at = at
    clock.save(update_fields=["state", "stopped_at"])
    sync_ticket_due(clock.ticket_id)
    events.sla_cancelled_event(ticket=clock.ticket, target=clock.target, at=at)


def do_pause_clock(*, clock: SlaClock, at: datetime) -> None:
    if clock.state != ClockState.RUNNING:
        return
    clock.state = ClockState.PAUSED
    clock.paused_at = at
    clock.save(update_fields=["state", "paused_at"])
    sync_ticket_due(clock.ticket_id)
    events.sla_paused_event(ticket=clock.ticket, target=clock.target, at=at)


def do_resume_clock(*, clock: SlaClock, at: datetime) -> None:
    """Continue a paused clock, or a stopped one on reopen; the gap is added to the due time."""
    if clock.state == ClockState.PAUSED:
        _unpause(clock, desk_calendar(fresh=True), at)
    elif clock.state == ClockState.STOPPED and clock.stopped_at is not None:
        clock.paused_at = clock.stopped_at
        _unpause(clock, desk_calendar(fresh=True), at)
        clock.stopped_at = None
        clock.met = None
    else:
        return
    clock.state = ClockState.RUNNING
    clock.save(update_fields=["state", "paused_at", "paused_seconds", "due_at", "warn_at",
                              "stopped_at", "met"])  # fmt: skip
    sync_ticket_due(clock.ticket_id)
    events.sla_resumed_event(ticket=clock.ticket, target=clock.target, due_at=clock.due_at, at=at)


def _unpause(clock: SlaClock, calendar: WorkingCalendar, at: datetime) -> None:
    assert clock.paused_at is not None
    clock.paused_seconds += business_seconds(calendar, clock.paused_at, at)
    clock.paused_at = None
    set_due_times(clock, calendar)


def _record_breach(clock: SlaClock) -> None:
    do_record_breach(clock=clock, now=clock.stopped_at)


def do_recompute_open_clocks() -> int:
    """After a calendar correction: every open clock's due times on the new calendar."""
    calendar = desk_calendar(fresh=True)
    count = 0
    for clock in SlaClock.objects.filter(state__in=[ClockState.RUNNING, ClockState.PAUSED]):
        set_due_times(clock, calendar)
        clock.save(update_fields=["due_at", "warn_at"])
        sync_ticket_due(clock.ticket_id)
        count += 1
    return count
