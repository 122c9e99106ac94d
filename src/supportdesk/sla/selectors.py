"""Reads of SLA state: a ticket's clocks, and what its customer may be told."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from supportdesk.sla.calendars import desk_calendar
from supportdesk.sla.deadlines import remaining
from supportdesk.sla.models import ClockState, SlaClock, Target
from supportdesk.sla.presentation import format_moscow
from supportdesk.tickets.models import Ticket

_PROMISE = {
    Target.RESPONSE: {"ru": "Мы ответим до {due}", "en": "We will answer by {due}"},
    Target.CRITICAL_FIX: {
        "ru": "Мы исправим критическую ошибку до {due}",
        "en": "We will fix the critical fault by {due}",
    },
}


@dataclass(frozen=True)
class ClockView:
    clock: SlaClock
    remaining: timedelta | None

    @property
    def overdue(self) -> bool:
        return self.remaining is not None and self.remaining < timedelta(0)


@dataclass(frozen=True)
class CustomerPromise:
    target: str
    due_at: datetime

    def text(self, language: str = "ru") -> str:
        lang = "en" if language.startswith("en") else "ru"
        return _PROMISE[Target(self.target)][lang].format(due=format_moscow(self.due_at, lang))


def ticket_clock_list(*, ticket: Ticket) -> QuerySet[SlaClock]:
    return SlaClock.objects.filter(ticket=ticket).order_by("target")


def ticket_clock_views(*, ticket: Ticket, now: datetime | None = None) -> list[ClockView]:
    calendar = desk_calendar()
    moment = now or timezone.now()
    return [
        ClockView(clock, remaining(clock, calendar, now=moment))
        for clock in ticket_clock_list(ticket=ticket)
    ]


# What a customer is promised: clocks still running (or paused) with a known due time.
_PROMISING = Q(state__in=[ClockState.RUNNING, ClockState.PAUSED], due_at__isnull=False)


def customer_promise_list(*, ticket: Ticket) -> list[CustomerPromise]:
    """The due times a customer sees: only running clocks with a known due time."""
    clocks = ticket_clock_list(ticket=ticket).filter(_PROMISING)
    return [CustomerPromise(c.target, c.due_at) for c in clocks if c.due_at is not None]


def customer_reply_promise(*, ticket: Ticket) -> CustomerPromise | None:
    """“We will answer by …” for acknowledgements; None without an SLA or once answered."""
    return customer_reply_promises(ticket_ids=[ticket.pk]).get(ticket.pk)


def customer_reply_promises(*, ticket_ids: Collection[int]) -> dict[int, CustomerPromise]:
    """`customer_reply_promise` of many tickets, in one query; tickets without one are left out."""
    clocks = SlaClock.objects.filter(
        _PROMISING, ticket_id__in=list(ticket_ids), target=Target.RESPONSE
    ).values_list("ticket_id", "due_at")
    return {
        ticket_id: CustomerPromise(Target.RESPONSE, due_at)
        for ticket_id, due_at in clocks
        if due_at is not None
    }
