"""The demo's past: tickets from the first day of last month until yesterday, so the reports
(`/desk/reports/`, last month by default) have a month to show on a fresh install.

Each step runs through the same intake and actions as real traffic, at its own past moment:
time-machine moves the clock while it runs, so the SLA clocks, pauses and breaches are computed
as they would have been. Agents act in Moscow business hours, a few late enough to breach.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import time_machine
from django.utils import timezone

from supportdesk.accounts.models import User
from supportdesk.customers.actions.contacts import SenderIdentity
from supportdesk.customers.models import IdentityKind
from supportdesk.sla.calendars import desk_calendar
from supportdesk.tickets.actions.assignment import do_assign_ticket
from supportdesk.tickets.actions.replies import do_send_public_reply
from supportdesk.tickets.actions.severity import do_confirm_critical
from supportdesk.tickets.actions.status import do_change_status
from supportdesk.tickets.diagnostic_fields import DiagnosticFields
from supportdesk.tickets.inbound import InboundMessage, receive
from supportdesk.tickets.models import Channel, ProblemKind, Status, Ticket

# Seeded: every fresh install gets the same history, relative to its own today.
SEED = 2026
CONFIRMED = "Подтверждено: ошибка мешает работе всех пользователей."


@dataclass(frozen=True)
class Customer:
    email: str
    name: str
    enterprise: bool
    portal: bool = False  # writes from the portal (the demo's portal account), else by email


CUSTOMERS = (
    Customer("olga@romashka.example", "Ольга Иванова", enterprise=False, portal=True),
    Customer("petr@romashka.example", "Пётр", enterprise=False),
    Customer("ivan@promstroy.example", "Иван Петров", enterprise=True),
    Customer("admin@promstroy.example", "Сергей", enterprise=True),
    Customer("maria@freelance.example", "Мария", enterprise=False),
)


@dataclass(frozen=True)
class Problem:
    subject: str
    text: str
    kind: ProblemKind
    reply: str
    critical_for_enterprise: bool = False  # claimed and confirmed: the fix clock runs


PROBLEMS = (
    Problem(
        "Диаграмма открывается медленно",
        "Диаграмма на 400 элементов открывается больше минуты.",
        ProblemKind.USER_FACING_ERROR,
        "Спасибо! Ускорили отрисовку больших диаграмм, обновление уже у вас — проверьте, пожалуйста.",
    ),
    Problem(
        "Не сохраняются изменения",
        "После правки схемы и нажатия «Сохранить» изменения пропадают у всех пользователей.",
        ProblemKind.USER_FACING_ERROR,
        "Воспроизвели: сохранение ломалось на схемах с вложенными процессами. Исправление в работе.",
        critical_for_enterprise=True,
    ),
    Problem(
        "Ошибка при экспорте в PDF",
        "Экспорт в PDF обрывается на 80 % с ошибкой «Ошибка сервера».",
        ProblemKind.SERVER_ERROR,
        "Экспорт упирался в шрифт с кириллицей; поправили, попробуйте ещё раз.",
    ),
    Problem(
        "Как добавить пользователя?",
        "Подскажите, где в настройках команды добавить коллегу.",
        ProblemKind.QUESTION,
        "Здравствуйте! «Команда → Участники → Пригласить»: коллеге придёт письмо со ссылкой.",
    ),
    Problem(
        "Не приходят уведомления",
        "Перестали приходить письма о комментариях к диаграммам.",
        ProblemKind.OTHER,
        "Письма попадали в спам из-за новой подписи DKIM; поправили запись, они снова доходят.",
    ),
    Problem(
        "Вопрос по лицензии",
        "Сколько мест останется, если отключить двух пользователей?",
        ProblemKind.QUESTION,
        "Места освобождаются сразу после отключения: их можно отдать другим коллегам.",
    ),
    Problem(
        "Не работает вход через LDAP",
        "После обновления никто из сотрудников не может войти: «Неверный пароль».",
        ProblemKind.SERVER_ERROR,
        "Нашли причину: обновление сбросило настройку LDAP-фильтра. Готовим исправление.",
        critical_for_enterprise=True,
    ),
)


@dataclass(frozen=True)
class PastTicket:
    """One past ticket: each step comes so many business hours after the one before, except
    the customer's answer, which comes so many hours (any hours) after the agent's question."""

    customer: Customer
    problem: Problem
    received_at: datetime
    first_reply_after: float
    waits_for_customer: float | None
    resolved_after: float
    critical: bool


def record_demo_history(*, agents: list[User], portal_user: User, today: date) -> None:
    """`portal_user` is the demo's portal account: its customer writes from the portal."""
    first_day = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    past = _past_tickets(random.Random(SEED), first_day, today - timedelta(days=1))
    now = timezone.now()
    for n, ticket in enumerate(past, start=1):
        _record(n, ticket, agent=agents[n % len(agents)], portal_user=portal_user, now=now)


def _past_tickets(rng: random.Random, first_day: date, last_day: date) -> list[PastTicket]:
    calendar = desk_calendar()
    past: list[PastTicket] = []
    day = first_day
    while day <= last_day:
        count = rng.choice((1, 1, 2)) if calendar.hours_on(day) else 0
        for at in sorted(time(rng.randint(9, 19), rng.randint(0, 59)) for _ in range(count)):
            # In turn: (i mod 5, 3i mod 7) goes through all 35 pairs of customer and problem.
            customer = CUSTOMERS[len(past) % len(CUSTOMERS)]
            problem = PROBLEMS[len(past) * 3 % len(PROBLEMS)]
            critical = customer.enterprise and problem.critical_for_enterprise
            first_response_hours = 16 if customer.enterprise else 5 * 9
            late = rng.random() < 0.15
            past.append(
                PastTicket(
                    customer=customer,
                    problem=problem,
                    received_at=datetime.combine(day, at, tzinfo=calendar.tz),
                    first_reply_after=first_response_hours
                    * (rng.uniform(1.1, 1.6) if late else rng.uniform(0.02, 0.5)),
                    waits_for_customer=rng.uniform(4, 30) if rng.random() < 0.35 else None,
                    # A critical fault's fix takes days: 15 business days is the target.
                    resolved_after=rng.uniform(9, 54) if critical else rng.uniform(1, 20),
                    critical=critical,
                )
            )
        day += timedelta(days=1)
    return past


def _record(n: int, past: PastTicket, *, agent: User, portal_user: User, now: datetime) -> None:
    calendar = desk_calendar()
    sender = _sender(past.customer, portal_user)
    reply = past.problem.reply
    moment = calendar.deadline(past.received_at, timedelta(hours=past.first_reply_after))
    steps: list[tuple[datetime, Callable[[Ticket], object]]] = [
        (moment, lambda t: do_assign_ticket(ticket=t, agent=agent, assignee=agent))
    ]
    if past.critical:
        steps.append(
            (moment, lambda t: do_confirm_critical(ticket=t, agent=agent, reason=CONFIRMED))
        )
    steps.append((moment, lambda t: do_send_public_reply(ticket=t, agent=agent, body=reply)))
    if past.waits_for_customer is not None:
        steps.append(
            (moment, lambda t: do_change_status(ticket=t, agent=agent, status=Status.WAITING))
        )
        moment += timedelta(hours=past.waits_for_customer)
        steps.append((moment, lambda t: _customer_answers(n, sender, t)))
    moment = calendar.deadline(moment, timedelta(hours=past.resolved_after))
    steps.append(
        (moment, lambda t: do_change_status(ticket=t, agent=agent, status=Status.RESOLVED))
    )

    with time_machine.travel(past.received_at, tick=False):
        ticket = receive(
            InboundMessage(
                channel=_channel(sender),
                external_id=f"<demo-history-{n}@demo.supportdesk>",
                sender=sender,
                subject=past.problem.subject,
                text=past.problem.text,
                critical_claim=past.critical,
                diagnostics=DiagnosticFields(problem_kind=past.problem.kind),
            )
        ).ticket
    for at, step in steps:
        if at >= now:  # the rest of its story has not happened yet
            return
        with time_machine.travel(at, tick=False):
            step(ticket)
            ticket.refresh_from_db()


def _customer_answers(n: int, sender: SenderIdentity, ticket: Ticket) -> None:
    receive(
        InboundMessage(
            channel=_channel(sender),
            external_id=f"<demo-history-{n}-answer@demo.supportdesk>",
            sender=sender,
            text="Спасибо, проверили — всё работает.",
            ticket_number=ticket.number,
        )
    )


def _sender(customer: Customer, portal_user: User) -> SenderIdentity:
    return SenderIdentity(
        kind=IdentityKind.PORTAL if customer.portal else IdentityKind.EMAIL,
        external_id=str(portal_user.pk) if customer.portal else customer.email,
        email=customer.email,
        name=customer.name,
        email_verified=True,
    )


def _channel(sender: SenderIdentity) -> Channel:
    return Channel.PORTAL if sender.kind == IdentityKind.PORTAL else Channel.EMAIL
