import pytest
import time_machine
from django.core import mail

from supportdesk.sla.actions.alerts import do_sweep_sla_alerts
from supportdesk.sla.models import SlaClock
from supportdesk.tickets.actions.assignment import do_assign_ticket
from supportdesk.tickets.models import EventKind
from tests.accounts.factories import AgentFactory
from tests.sla.conftest import msk

pytestmark = pytest.mark.django_db


def test_warning_at_80_percent_then_breach_each_once(
    open_ticket, django_capture_on_commit_callbacks
):
    AgentFactory(email="anna@desk.example")
    AgentFactory(email="boris@desk.example")
    ticket = open_ticket(at=msk(2026, 3, 2, 11))  # Enterprise: 16 h → due Tue 18:00
    clock = SlaClock.objects.get(ticket=ticket)
    assert clock.warn_at == msk(2026, 3, 3, 14, 48)  # 12.8 business hours

    with django_capture_on_commit_callbacks(execute=True):
        assert do_sweep_sla_alerts(now=msk(2026, 3, 3, 14, 47)) == (0, 0)
        assert do_sweep_sla_alerts(now=msk(2026, 3, 3, 14, 48)) == (1, 0)
        assert do_sweep_sla_alerts(now=msk(2026, 3, 3, 15)) == (0, 0)
        assert do_sweep_sla_alerts(now=msk(2026, 3, 3, 18)) == (0, 1)
        assert do_sweep_sla_alerts(now=msk(2026, 3, 4, 12)) == (0, 0)

    assert ticket.events.filter(kind=EventKind.SLA_WARNING).count() == 1
    assert ticket.events.filter(kind=EventKind.SLA_BREACHED).count() == 1
    assert [sorted(m.to) for m in mail.outbox] == [
        ["anna@desk.example", "boris@desk.example"],
        ["anna@desk.example", "boris@desk.example"],
    ]
    assert mail.outbox[0].subject == f"Предупреждение SLA: Первый ответ, заявка #{ticket.number}"
    assert "3 марта 2026, 18:00 МСК" in mail.outbox[1].body


def test_alert_goes_to_the_assignee_only(open_ticket, django_capture_on_commit_callbacks):
    AgentFactory(email="other@desk.example")
    assignee = AgentFactory(email="owner@desk.example")
    ticket = open_ticket(at=msk(2026, 3, 2, 11))
    do_assign_ticket(ticket=ticket, agent=assignee, assignee=assignee)
    with django_capture_on_commit_callbacks(execute=True):
        do_sweep_sla_alerts(now=msk(2026, 3, 5, 12))
    assert [m.to for m in mail.outbox] == [["owner@desk.example"]]


def test_paused_clock_is_not_breached(open_ticket, agent):
    from supportdesk.tickets.actions.severity import do_confirm_critical
    from supportdesk.tickets.actions.status import do_change_status

    ticket = open_ticket(at=msk(2026, 3, 2, 11), critical_claim=True)
    with time_machine.travel(msk(2026, 3, 2, 12), tick=False):
        do_confirm_critical(ticket=ticket, agent=agent, reason="всё лежит")
        do_change_status(ticket=ticket, agent=agent, status="waiting")
    do_sweep_sla_alerts(now=msk(2026, 12, 1, 12))
    fix = SlaClock.objects.get(ticket=ticket, target="critical_fix")
    assert fix.breached_at is None
