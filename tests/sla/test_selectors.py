import pytest

from supportdesk.customers.models import Plan
from supportdesk.sla.selectors import customer_reply_promise, ticket_clock_views
from tests.customers.factories import OrganisationFactory
from tests.sla.conftest import msk

pytestmark = pytest.mark.django_db


def test_customer_sees_the_reply_due_time_in_moscow_in_both_languages(open_ticket):
    ticket = open_ticket(at=msk(2025, 12, 30, 15))
    promise = customer_reply_promise(ticket=ticket)
    assert promise.text("ru") == "Мы ответим до 13 января 2026, 13:00 МСК"
    assert promise.text("en") == "We will answer by 13 January 2026, 13:00 MSK"


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
