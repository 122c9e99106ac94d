import hashlib
import hmac
import json
import socket
from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from supportdesk.batched_writes import writes_batched
from supportdesk.sla.actions.alerts import do_sweep_sla_alerts
from supportdesk.sla.models import SlaClock
from supportdesk.tickets.actions.replies import do_add_internal_note, do_send_public_reply
from supportdesk.tickets.actions.severity import do_claim_critical, do_confirm_critical
from supportdesk.tickets.actions.status import do_change_status
from supportdesk.tickets.models import DeliveryStatus, Status, TicketEvent
from supportdesk.webhooks.actions.sending import do_send_test_event
from supportdesk.webhooks.models import WebhookDelivery, WebhookSubscription
from supportdesk.webhooks.payloads import event_type_of
from supportdesk.webhooks.tasks import retry_due_webhooks
from tests.webhooks.conftest import SECRET

pytestmark = pytest.mark.django_db


def _verified(request) -> dict:
    timestamp = request.headers["X-SupportDesk-Timestamp"]
    expected = hmac.new(
        SECRET.encode(), f"{timestamp}.".encode() + request.body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(request.headers["X-SupportDesk-Signature"], f"sha256={expected}")
    return json.loads(request.body)


def test_a_ticket_s_life_reaches_the_receiver_signed_once_per_event(
    subscription, receiver, open_ticket, agent, email_channel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(subject="Не открывается схема", text="Ошибка 500 при открытии")
    with django_capture_on_commit_callbacks(execute=True):
        do_send_public_reply(ticket=ticket, agent=agent, body="Смотрим, ответим сегодня")
    with django_capture_on_commit_callbacks(execute=True):
        do_add_internal_note(ticket=ticket, agent=agent, body="секрет: клиент на старой версии")
    with django_capture_on_commit_callbacks(execute=True):
        do_change_status(ticket=ticket, agent=agent, status=Status.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        do_claim_critical(ticket=ticket, contact=ticket.requester)
    with django_capture_on_commit_callbacks(execute=True):
        do_confirm_critical(ticket=ticket, agent=agent, reason="Все пользователи без доступа")
    with django_capture_on_commit_callbacks(execute=True):
        retry_due_webhooks.call()  # nothing is due again: everything went out once

    payloads = [_verified(request) for request in receiver.requests]
    announced = [e for e in TicketEvent.objects.filter(ticket=ticket) if event_type_of(e)]
    assert sorted(p["event_id"] for p in payloads) == sorted(e.pk for e in announced)
    delivery_ids = [r.headers["X-SupportDesk-Delivery"] for r in receiver.requests]
    assert len(set(delivery_ids)) == len(delivery_ids)
    types = [p["type"] for p in payloads]
    assert {"ticket.created", "message.created", "ticket.status_changed", "critical.claimed",
            "critical.confirmed"} <= set(types)  # fmt: skip
    assert [r.headers["X-SupportDesk-Event"] for r in receiver.requests] == types
    texts = json.dumps(payloads, ensure_ascii=False)
    assert "секрет" not in texts  # the internal note stays inside
    assert "Все пользователи без доступа" not in texts
    reply = next(p for p in payloads if p.get("message", {}).get("author") == "agent")
    assert reply["message"]["excerpt"] == "Смотрим, ответим сегодня"
    assert reply["ticket"]["number"] == ticket.number
    waiting = next(p for p in payloads if p.get("change", {}).get("new") == "waiting")
    assert waiting["ticket"]["status"] == "waiting"
    confirmed = next(p for p in payloads if p["type"] == "critical.confirmed")
    assert confirmed["ticket"]["severity"] == "critical"
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_only_the_subscribed_events_are_sent(
    subscription, receiver, open_ticket, django_capture_on_commit_callbacks
):
    WebhookSubscription.objects.filter(pk=subscription.pk).update(event_types=["ticket.created"])
    with django_capture_on_commit_callbacks(execute=True):
        open_ticket()
    assert [r.headers["X-SupportDesk-Event"] for r in receiver.requests] == ["ticket.created"]


def test_events_of_an_intake_batch_carry_their_ids(
    subscription, receiver, open_ticket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), writes_batched():
        ticket = open_ticket()
    event_ids = {json.loads(r.body)["event_id"] for r in receiver.requests}
    assert None not in event_ids
    assert event_ids <= set(TicketEvent.objects.filter(ticket=ticket).values_list("pk", flat=True))


def test_a_rolled_back_transaction_sends_nothing(
    subscription, receiver, open_ticket, django_capture_on_commit_callbacks
):
    def fail_after_writing() -> None:
        with transaction.atomic():
            open_ticket()
            raise RuntimeError("the request failed after the ticket was written")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        fail_after_writing()
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_a_failed_delivery_is_retried_and_delivered_once(
    subscription, receiver, open_ticket, django_capture_on_commit_callbacks, settings
):
    WebhookSubscription.objects.filter(pk=subscription.pk).update(event_types=["ticket.created"])
    receiver.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        open_ticket()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert (delivery.response_code, delivery.last_error) == (500, "HTTP 500")
    assert delivery.response_body == "receiver broke"

    with django_capture_on_commit_callbacks(execute=True):
        retry_due_webhooks.call()  # not due yet
    assert len(receiver.requests) == 1
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        with django_capture_on_commit_callbacks(execute=True):
            retry_due_webhooks.call()
        with django_capture_on_commit_callbacks(execute=True):
            retry_due_webhooks.call()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (
        DeliveryStatus.SENT,
        2,
        200,
    )
    first, second = receiver.requests
    assert first.headers["X-SupportDesk-Delivery"] == second.headers["X-SupportDesk-Delivery"]
    assert first.body == second.body


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_receiver_that_is_down_gets_retries_with_backoff_then_fails(
    subscription, open_ticket, django_capture_on_commit_callbacks, settings
):
    settings.SUPPORTDESK_WEBHOOK_MAX_ATTEMPTS = 3
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        url=f"http://127.0.0.1:{_closed_port()}/", event_types=["ticket.created"]
    )
    attempted_at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        open_ticket()
    delays = []
    delivery = WebhookDelivery.objects.get()
    while delivery.status == DeliveryStatus.PENDING:
        delays.append(round((delivery.next_attempt_at - attempted_at).total_seconds()))
        attempted_at = delivery.next_attempt_at + timedelta(seconds=1)
        with (
            time_machine.travel(attempted_at, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            retry_due_webhooks.call()
        delivery.refresh_from_db()
    assert delays == [30, 60]
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)
    assert "ConnectError" in delivery.last_error
    assert delivery.next_attempt_at is None


def test_a_slow_receiver_is_cut_off_at_the_timeout(
    subscription, receiver, django_capture_on_commit_callbacks, settings
):
    settings.SUPPORTDESK_WEBHOOK_TIMEOUT = 0.5
    receiver.delay = 3
    with django_capture_on_commit_callbacks(execute=True):
        do_send_test_event(subscription)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert "Timeout" in delivery.last_error


def test_a_huge_answer_is_read_only_up_to_the_cap(
    subscription, receiver, django_capture_on_commit_callbacks
):
    receiver.answer = b"x" * (10 * 1024 * 1024)
    with django_capture_on_commit_callbacks(execute=True):
        do_send_test_event(subscription)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.response_body == "x" * 2000


def test_sla_alerts_are_announced(
    subscription, receiver, open_ticket, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    clock = SlaClock.objects.get(ticket=ticket)
    with django_capture_on_commit_callbacks(execute=True):
        do_sweep_sla_alerts(now=clock.due_at + timedelta(days=1))
    payloads = {p["type"]: p for p in map(_verified, receiver.requests)}
    assert payloads["sla.breached"]["sla"] == {
        "target": clock.target,
        "due_at": clock.due_at.isoformat(),
    }
    assert payloads["sla.breached"]["ticket"]["number"] == ticket.number


def test_a_delivery_left_claimed_by_a_dead_worker_is_sent_by_the_next_sweep(
    subscription, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        do_send_test_event(subscription)
    # As a worker killed mid-request leaves it: claimed long ago, never finished.
    WebhookDelivery.objects.update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now() - timedelta(minutes=5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        retry_due_webhooks.call()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert len(receiver.requests) == 2


def test_the_database_refuses_a_second_delivery_of_one_event(
    subscription, receiver, open_ticket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        open_ticket()
    first = WebhookDelivery.objects.filter(event_type="ticket.created").get()
    with pytest.raises(IntegrityError), transaction.atomic():
        WebhookDelivery.objects.create(
            subscription=subscription,
            event_type=first.event_type,
            source_event=first.source_event,
            payload=first.payload,
        )
