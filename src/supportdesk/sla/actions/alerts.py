"""SLA warnings and breaches: each recorded once on the timeline and notified once.

"Once" is enforced by a conditional UPDATE (… WHERE warned_at IS NULL), so two sweeps
running at the same time cannot both win.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from supportdesk.sla.models import ClockState, SlaClock
from supportdesk.tickets import events

logger = logging.getLogger(__name__)

WARNING = "warning"
BREACH = "breach"


def _notify_on_commit(clock: SlaClock, kind: str) -> None:
    from supportdesk.sla.tasks import notify_sla_alert

    transaction.on_commit(lambda: notify_sla_alert.enqueue(clock.pk, kind))


@transaction.atomic
def do_record_warning(*, clock: SlaClock, now: datetime) -> bool:
    if not SlaClock.objects.filter(pk=clock.pk, warned_at__isnull=True).update(warned_at=now):
        return False
    clock.warned_at = now
    events.sla_warning_event(ticket=clock.ticket, target=clock.target, due_at=clock.due_at)
    logger.info("SLA warning: %s on ticket #%s", clock.target, clock.ticket.number)
    _notify_on_commit(clock, WARNING)
    return True


@transaction.atomic
def do_record_breach(*, clock: SlaClock, now: datetime | None = None) -> bool:
    at = now or timezone.now()
    if not SlaClock.objects.filter(pk=clock.pk, breached_at__isnull=True).update(breached_at=at):
        return False
    clock.breached_at = at
    events.sla_breached_event(ticket=clock.ticket, target=clock.target, due_at=clock.due_at)
    logger.warning("SLA breached: %s on ticket #%s", clock.target, clock.ticket.number)
    _notify_on_commit(clock, BREACH)
    return True


def do_sweep_sla_alerts(*, now: datetime) -> tuple[int, int]:
    """Record every warning and breach whose time has come; returns (warnings, breaches)."""
    running = SlaClock.objects.filter(state=ClockState.RUNNING).select_related("ticket")
    warnings = sum(
        do_record_warning(clock=clock, now=now)
        for clock in running.filter(warned_at__isnull=True, warn_at__lte=now, due_at__gt=now)
    )
    breaches = sum(
        do_record_breach(clock=clock, now=now)
        for clock in running.filter(breached_at__isnull=True, due_at__lte=now)
    )
    return warnings, breaches
