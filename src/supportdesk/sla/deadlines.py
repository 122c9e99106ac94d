"""Due times and remaining business time of a clock, on a given calendar."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings

from supportdesk.businesstime import CalendarRangeError, WorkingCalendar
from supportdesk.sla.models import ClockState, SlaClock

logger = logging.getLogger(__name__)


def warning_ratio() -> float:
    return float(settings.SUPPORTDESK_SLA_WARNING_RATIO)


def set_due_times(clock: SlaClock, calendar: WorkingCalendar) -> None:
    """Due and warning instants: the target plus every paused stretch, from the start."""
    target = timedelta(seconds=clock.target_seconds)
    paused = timedelta(seconds=clock.paused_seconds)
    try:
        clock.due_at, clock.warn_at = calendar.deadlines(
            [clock.started_at, clock.started_at],
            [target + paused, target * warning_ratio() + paused],
        )
    except CalendarRangeError:
        logger.exception("SLA clock %s on ticket %s: calendar too short", clock.pk, clock.ticket_id)
        clock.due_at = clock.warn_at = None


def business_seconds(calendar: WorkingCalendar, start: datetime, end: datetime) -> int:
    if end <= start:
        return 0
    try:
        return int(calendar.elapsed(start, end).total_seconds())
    except CalendarRangeError:
        logger.exception("business time between %s and %s is outside the calendar", start, end)
        return 0


def business_time_left(
    calendar: WorkingCalendar, *, due: datetime | None, now: datetime
) -> timedelta | None:
    """Business time from `now` to `due`, negative once overdue."""
    if due is None:
        return None
    if now <= due:
        return timedelta(seconds=business_seconds(calendar, now, due))
    return -timedelta(seconds=business_seconds(calendar, due, now))


def remaining(clock: SlaClock, calendar: WorkingCalendar, *, now: datetime) -> timedelta | None:
    """Business time left (negative once overdue); frozen while paused, None when stopped."""
    if not clock.is_open:
        return None
    reference = clock.paused_at if clock.state == ClockState.PAUSED and clock.paused_at else now
    return business_time_left(calendar, due=clock.due_at, now=reference)


def counted_seconds(
    calendar: WorkingCalendar,
    *,
    started_at: datetime,
    stopped_at: datetime | None,
    paused_at: datetime | None,
    paused_seconds: int,
    now: datetime,
) -> int:
    """Business time a clock has counted: from its start to its stop (to the start of a pause in
    progress, or to `now` while it runs), less the business time it spent paused."""
    end = stopped_at or paused_at or now
    return max(business_seconds(calendar, started_at, end) - paused_seconds, 0)
