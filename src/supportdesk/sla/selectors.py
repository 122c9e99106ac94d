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
# A running clock past its due time: the customer is told so, never a promise already broken.
_LATE = {
    Target.RESPONSE: {
        "ru": "Мы задерживаемся с ответом (обещали до {due}) и ответим как можно скорее",
        "en": "Our answer is late (it was due by {due}); we will answer as soon as we can",
    },
    Target.CRITICAL_FIX: {
        "ru": "Исправление критической ошибки задерживается (обещали до {due}), мы продолжаем работу",
        "en": "The fix of the critical fault is late (it was due by {due}); we are still on it",
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
    late: bool = False

    def text(self, language: str = "ru") -> str:
        lang = "en" if language.startswith("en") else "ru"
        texts = _LATE if self.late else _PROMISE
        return texts[Target(self.target)][lang].format(due=format_moscow(self.due_at, lang))


def _promise(target: str, state: str, due_at: datetime, now: datetime) -> CustomerPromise:
    # A paused clock's due time moves when it resumes: waiting on the customer is never late.
    return CustomerPromise(target, due_at, late=state == ClockState.RUNNING and due_at <= now)


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


def customer_promise_list(*, ticket: Ticket, now: datetime | None = None) -> list[CustomerPromise]:
    """The due times a customer sees: only running clocks with a known due time."""
    moment = now or timezone.now()
    clocks = ticket_clock_list(ticket=ticket).filter(_PROMISING)
    return [_promise(c.target, c.state, c.due_at, moment) for c in clocks if c.due_at is not None]


def customer_reply_promise(
    *, ticket: Ticket, now: datetime | None = None
) -> CustomerPromise | None:
    """“We will answer by …” for acknowledgements; None without an SLA or once answered."""
    return customer_reply_promises(ticket_ids=[ticket.pk], now=now).get(ticket.pk)


def customer_reply_promises(
    *, ticket_ids: Collection[int], now: datetime | None = None
) -> dict[int, CustomerPromise]:
    """`customer_reply_promise` of many tickets, in one query; tickets without one are left out."""
    moment = now or timezone.now()
    clocks = SlaClock.objects.filter(
        _PROMISING, ticket_id__in=list(ticket_ids), target=Target.RESPONSE
    ).values_list("ticket_id", "state", "due_at")
    return {
        ticket_id: _promise(Target.RESPONSE, state, due_at, moment)
        for ticket_id, state, due_at in clocks
        if due_at is not None
    }
