import json

import pytest
from django.db import connection
from django.urls import reverse

from supportdesk.tickets.models import DeliveryStatus
from supportdesk.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.accounts.factories import AgentFactory
from tests.webhooks.conftest import SECRET

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(AgentFactory.create(username="root", is_superuser=True))
    return client


def test_resend_from_the_log_is_a_new_delivery_to_the_receiver(
    admin_client, subscription, receiver, open_ticket, django_capture_on_commit_callbacks
):
    WebhookSubscription.objects.filter(pk=subscription.pk).update(event_types=["ticket.created"])
    with django_capture_on_commit_callbacks(execute=True):
        open_ticket()
    first = WebhookDelivery.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:webhooks_webhookdelivery_changelist"),
            {"action": "resend", "_selected_action": [first.pk]},
            follow=True,
        )
    assert "1 доставка снова поставлена в очередь" in response.content.decode()

    resend = WebhookDelivery.objects.exclude(pk=first.pk).get()
    assert (resend.resent_from, resend.status) == (first, DeliveryStatus.SENT)
    original, again = receiver.requests
    assert again.headers["X-SupportDesk-Delivery"] == str(resend.pk) != str(first.pk)
    assert json.loads(again.body)["event_id"] == json.loads(original.body)["event_id"]


def test_the_delivery_log_shows_the_payload_and_the_response(
    admin_client, subscription, receiver, open_ticket, django_capture_on_commit_callbacks
):
    receiver.statuses = [503]
    WebhookSubscription.objects.filter(pk=subscription.pk).update(event_types=["ticket.created"])
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket()
    delivery = WebhookDelivery.objects.get()
    page = admin_client.get(
        reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk])
    ).content.decode()
    assert "receiver broke" in page
    assert f"&quot;number&quot;: {ticket.number}" in page
    listing = admin_client.get(
        reverse("admin:webhooks_webhookdelivery_changelist"), {"status": "pending"}
    ).content.decode()
    assert "503" in listing


def test_a_subscription_keeps_its_secret_encrypted_and_sends_a_test_event(
    admin_client, receiver, django_capture_on_commit_callbacks
):
    response = admin_client.post(
        reverse("admin:webhooks_webhooksubscription_add"),
        {
            "name": "CRM",
            "url": receiver.url,
            "secret": SECRET,
            "event_types": ["ticket.created", "sla.breached"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    subscription = WebhookSubscription.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM webhooks_webhooksubscription")
        stored = cursor.fetchone()[0]
    assert stored.startswith("fernet:") and SECRET not in stored
    assert subscription.secret == SECRET

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:webhooks_webhooksubscription_changelist"),
            {"action": "send_test_event", "_selected_action": [subscription.pk]},
        )
    (ping,) = receiver.requests
    assert ping.headers["X-SupportDesk-Event"] == "ping"


@pytest.mark.parametrize(
    ("url", "refusal"),
    [
        ("http://10.1.2.3/hook", "частный или локальный адрес"),
        ("https://169.254.169.254/latest/meta-data/", "частный или локальный адрес"),
        ("https://localhost:8000/hook", "частный или локальный адрес"),
        ("http://crm.example/hook", "только для узлов"),
        ("https://user:pw@crm.example/hook", "имя пользователя"),
    ],
)
def test_the_form_refuses_addresses_inside_the_desk_s_network(admin_client, settings, url, refusal):
    settings.SUPPORTDESK_WEBHOOK_ALLOW = []
    response = admin_client.post(
        reverse("admin:webhooks_webhooksubscription_add"),
        {"name": "x", "url": url, "secret": SECRET, "event_types": ["ticket.created"]},
    )
    assert response.status_code == 200
    assert refusal in response.content.decode()
    assert not WebhookSubscription.objects.exists()
