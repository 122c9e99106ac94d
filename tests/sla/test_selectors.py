import pytest

from supportdesk.customers.models import Plan
from supportdesk.sla.models import Target
from supportdesk.sla.selectors import (
    customer_promise_list,
    customer_reply_promise,
    ticket_clock_views,
)
from supportdesk.tickets.actions.severity import do_confirm_critical
from supportdesk.tickets.actions.status import do_change_status
from supportdesk.tickets.models import Status
from tests.accounts.factories import AgentFactory
from tests.customers.factories import OrganisationFactory
from tests.sla.conftest import msk

pytestmark = pytest.mark.django_db


def test_customer_sees_the_reply_due_time_in_moscow_in_both_languages(open_ticket):
    ticket = open_ticket(at=msk(2025, 12, 30, 15))
    promise = customer_reply_promise(ticket=ticket, now=msk(2026, 1, 12, 12))
    assert promise.text("ru") == "Мы ответим до 13 января 2026, 13:00 МСК"
    assert promise.text("en") == "We will answer by 13 January 2026, 13:00 MSK"


def test_a_promise_already_broken_is_owned_up_to_not_repeated(open_ticket):
    ticket = open_ticket(at=msk(2025, 12, 30, 15))
    late = customer_reply_promise(ticket=ticket, now=msk(2026, 1, 13, 13))
    assert late.text("ru") == (
        "Мы задерживаемся с ответом (обещали до 13 января 2026, 13:00 МСК) "
        "и ответим как можно скорее"
    )
    assert late.text("en") == (
        "Our answer is late (it was due by 13 January 2026, 13:00 MSK); "
        "we will answer as soon as we can"
    )


def test_a_fix_paused_while_waiting_on_the_customer_is_not_late(open_ticket):
    ticket = open_ticket(at=msk(2026, 3, 2, 11), critical_claim=True)
    agent = AgentFactory.create()
    do_confirm_critical(ticket=ticket, agent=agent, reason="Никто не может войти.")
    do_change_status(ticket=ticket, status=Status.WAITING, agent=agent)
    promises = {p.target: p for p in customer_promise_list(ticket=ticket, now=msk(2027, 1, 1))}
    assert not promises[Target.CRITICAL_FIX].late  # its due time moves on when it resumes
    assert promises[Target.RESPONSE].late  # no answer yet: waiting does not excuse that


def test_no_promise_without_an_sla(open_ticket):
    ticket = open_ticket(organisation=OrganisationFactory(plan=Plan.FREE))
    assert customer_reply_promise(ticket=ticket) is None


def test_remaining_business_time_is_negative_once_overdue(open_ticket):
    ticket = open_ticket(at=msk(2026, 3, 2, 11))  # due Tue 18:00
    (view,) = ticket_clock_views(ticket=ticket, now=msk(2026, 3, 3, 12))
    assert view.remaining.total_seconds() == 6 * 3600
    (late,) = ticket_clock_views(ticket=ticket, now=msk(2026, 3, 4, 12))
    assert late.remaining.total_seconds() == -3 * 3600
    assert late.overdue
