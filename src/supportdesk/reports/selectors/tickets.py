"""Tickets of a period: how many came in (by channel, by kind of problem), how long their
resolution took, and how many were open at the end of each day."""

from __future__ import annotations

from collections import Counter
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.db.models.functions import Coalesce, TruncDate

from supportdesk.businesstime import MOSCOW
from supportdesk.reports.periods import Period
from supportdesk.sla.calendars import desk_calendar
from supportdesk.sla.deadlines import business_seconds
from supportdesk.tickets.models import Ticket

_MOSCOW = ZoneInfo(MOSCOW)


def opened_counts(*, period: Period) -> list[tuple[date, str, str, int]]:
    """(Moscow day, channel, kind of problem, tickets opened), for the period's tickets."""
    rows = (
        Ticket.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
        .order_by()
        .values_list(TruncDate("created_at", tzinfo=_MOSCOW), "channel", "problem_kind")
        .annotate(n=Count("id"))
    )
    return [(day, channel, kind, n) for day, channel, kind, n in rows]


def resolution_seconds(*, period: Period) -> list[int]:
    """Business time from opening to resolution of each ticket opened in the period and resolved."""
    calendar = desk_calendar()
    rows = (
        Ticket.objects.filter(
            created_at__gte=period.start, created_at__lt=period.end, resolved_at__isnull=False
        )
        .order_by()
        .values_list("created_at", "resolved_at")
    )
    return [
        business_seconds(calendar, created, resolved)
        for created, resolved in rows.iterator(chunk_size=5000)
        if resolved is not None
    ]


def backlog_by_day(*, period: Period, opened_per_day: Counter[date]) -> list[tuple[date, int]]:
    """Tickets open at the end of each day of the period.

    A ticket is open from its opening until its resolution (or closing): those open when the
    period began, plus those opened, less those resolved, by the end of each day. A ticket
    reopened after resolution counts as open from its opening (its resolution is cleared).
    """
    ended_at = Coalesce("resolved_at", "closed_at")
    # Opened before the period less ended before it (a ticket ends after it opens).
    open_at_start = (
        Ticket.objects.filter(created_at__lt=period.start).count()
        - Ticket.objects.alias(ended_at=ended_at).filter(ended_at__lt=period.start).count()
    )
    ended: dict[date, int] = dict(
        Ticket.objects.alias(ended_at=ended_at)
        .filter(ended_at__gte=period.start, ended_at__lt=period.end)
        .annotate(day=TruncDate("ended_at", tzinfo=_MOSCOW))
        .order_by()
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    backlog, result = open_at_start, []
    for day in period.days():
        backlog += opened_per_day.get(day, 0) - ended.get(day, 0)
        result.append((day, backlog))
    return result
