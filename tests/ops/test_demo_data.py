import io

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
