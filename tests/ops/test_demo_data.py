import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from supportdesk.customers.models import Organisation
from supportdesk.ops.demo_data import load_demo_data
from supportdesk.tickets.models import OutboxDelivery, Status, Ticket

pytestmark = pytest.mark.django_db


def test_demo_data_has_the_promised_customers_agents_and_statuses():
    credentials = load_demo_data()

    assert [c.username for c in credentials] == ["admin", "agent", "olga@romashka.example"]
    assert [c.portal for c in credentials] == [False, False, True]
    plans = {(o.edition, o.plan, o.seats) for o in Organisation.objects.all()}
    assert ("cloud", "team", 60) in plans
    assert any(e == "cloud" and p == "free" for e, p, _ in plans)
    assert any(e == "enterprise" and p == "enterprise" for e, p, _ in plans)
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status.values)
    assert Ticket.objects.filter(critical_claim="claimed").exists()
    assert Ticket.objects.filter(critical_claim="confirmed").exists()
    assert OutboxDelivery.objects.exists()


def test_demo_agents_can_log_into_the_admin_and_see_tickets(client):
    credentials = {c.username: c.password for c in load_demo_data()}
    for username in ("admin", "agent"):
        client.logout()
        assert client.login(username=username, password=credentials[username])
        page = client.get("/admin/tickets/ticket/")
        assert page.status_code == 200
        assert "Не открывается диаграмма" in page.text


def test_demo_customer_can_log_into_the_portal_and_see_her_tickets(client):
    credentials = {c.username: c.password for c in load_demo_data()}
    response = client.post(
        "/portal/login/",
        {"email": "olga@romashka.example", "password": credentials["olga@romashka.example"]},
    )
    assert response.status_code == 302
    assert "Не открывается диаграмма" in client.get("/portal/").text


def test_loading_demo_data_twice_is_refused():
    call_command("load_demo_data", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("load_demo_data")


def test_demo_data_gives_last_months_report_something_to_show():
    """A fresh `make run` opens the reports on last month: the demo's past fills it through the
    real actions, in business hours, with breaches, pauses and critical fixes."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine
    from django.utils import timezone

    from supportdesk.reports.periods import last_month
    from supportdesk.reports.selectors.clocks import Outcome, clock_fact_list
    from supportdesk.sla.models import Target
    from supportdesk.tickets.models import Message

    with time_machine.travel(datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Europe/Moscow"))):
        load_demo_data()
        now = timezone.now()
        facts = clock_fact_list(period=last_month(timezone.localdate()), now=now)

    response = Counter(f.outcome for f in facts if f.target == Target.RESPONSE)
    fixes = Counter(f.outcome for f in facts if f.target == Target.CRITICAL_FIX)
    assert response[Outcome.MET] >= 15 and response[Outcome.BREACHED] >= 1
    assert fixes[Outcome.MET] >= 1
    assert any(f.paused_seconds > 0 for f in facts)  # waited on the customer
    assert {f.channel for f in facts} == {"email", "portal"}
    assert {f.organisation for f in facts} == {"ООО «Ромашка»", "АО «ПромСтрой»"}
    assert not Message.objects.filter(created_at__gt=now).exists()  # no step in the future
    past = Ticket.objects.filter(messages__external_id__regex=r"^<demo-history-[0-9]+@")
    opened = list(past.order_by("number").values_list("created_at", flat=True))
    assert len(opened) >= 20 and opened == sorted(opened)  # numbers grow with time
