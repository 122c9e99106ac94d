import pytest
from django.urls import reverse

from tests.accounts.factories import CustomerUserFactory
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.django_db


def _workspace_urls(ticket, attachment_id=1):
    n = ticket.number
    return [
        ("get", reverse("workspace:queue")),
        ("get", reverse("workspace:ticket", args=[n])),
        ("get", reverse("workspace:canned", args=[n]) + "?canned=1"),
        ("get", reverse("workspace:attachment", args=[attachment_id])),
        ("post", reverse("workspace:reply", args=[n])),
        ("post", reverse("workspace:status", args=[n])),
        ("post", reverse("workspace:severity", args=[n])),
        ("post", reverse("workspace:assign", args=[n])),
        ("post", reverse("workspace:critical", args=[n])),
        ("post", reverse("workspace:merge", args=[n])),
    ]


def test_a_customer_account_cannot_open_any_workspace_url(client):
    ticket = TicketFactory()
    client.force_login(CustomerUserFactory())
    for method, url in _workspace_urls(ticket):
        response = getattr(client, method)(url, {"body": "x", "status": "closed"})
        assert response.status_code == 404, url
    ticket.refresh_from_db()
    assert ticket.status == "new"
    assert not ticket.messages.exists()


def test_anonymous_users_are_sent_to_the_login_page(client):
    ticket = TicketFactory()
    for method, url in _workspace_urls(ticket):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("workspace:login"))


def test_forms_are_csrf_protected(agent):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    ticket = TicketFactory()
    response = client.post(reverse("workspace:reply", args=[ticket.number]), {"body": "hi"})
    assert response.status_code == 403
    assert not ticket.messages.exists()


def test_login_page_and_wrong_password(client, agent):
    page = client.get(reverse("workspace:login"))
    assert "Вход для агентов" in page.text
    response = client.post(
        reverse("workspace:login"), {"username": agent.username, "password": "nope"}
    )
    assert "Неверное имя пользователя или пароль" in response.text
    response = client.post(
        reverse("workspace:login"),
        {"username": agent.username, "password": "correct horse battery"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("url", ["workspace:login", "admin:login"])
def test_agent_logins_lock_out_after_repeated_failures(client, agent, settings, url):
    settings.SUPPORTDESK_LOGIN_LOCKOUT_RATE = "3/15m"
    for _ in range(3):
        client.post(reverse(url), {"username": agent.username, "password": "nope"})
    response = client.post(
        reverse(url), {"username": agent.username, "password": "correct horse battery"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
