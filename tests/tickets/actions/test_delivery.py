from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from supportdesk.tickets.actions.delivery import do_attempt_delivery, do_release_stale_claims
from supportdesk.tickets.actions.replies import do_send_public_reply
from supportdesk.tickets.claims import retry_delay
from supportdesk.tickets.inbound import receive
from supportdesk.tickets.models import DeliveryStatus, EventKind, OutboxDelivery
from supportdesk.tickets.outbound import DeliveryResult
from supportdesk.tickets.tasks import retry_due_deliveries
from tests.tickets.factories import inbound_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(agent):
    ticket = receive(inbound_email()).ticket
    return do_send_public_reply(ticket=ticket, agent=agent, body="Ответ").deliveries.get()


def test_transient_failure_schedules_a_retry_with_backoff(delivery, email_channel):
    email_channel.results = [DeliveryResult(ok=False, error="421 try later")]
    before = timezone.now()

    do_attempt_delivery(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.last_error == "421 try later"
    assert delivery.next_attempt_at >= before + timedelta(seconds=30)
    # Not due yet: a second attempt right now does nothing.
    assert do_attempt_delivery(delivery.pk) is None
    assert len(email_channel.sent) == 1


def test_backoff_doubles_and_is_capped():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert retry_delay(50) == timedelta(hours=1)


def test_a_raising_sender_is_a_retryable_failure(delivery, email_channel):
    email_channel.results = [ConnectionRefusedError("smtp down")]
    do_attempt_delivery(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert "ConnectionRefusedError: smtp down" in delivery.last_error


def test_permanent_failure_is_final_and_shown_on_the_ticket(delivery, email_channel):
    email_channel.results = [DeliveryResult(ok=False, error="550 no such user", permanent=True)]
    do_attempt_delivery(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    event = delivery.message.ticket.events.get(kind=EventKind.DELIVERY_FAILED)
    assert event.data["error"] == "550 no such user"
    assert event.data["final"] is True


@override_settings(SUPPORTDESK_OUTBOX_MAX_ATTEMPTS=2)
def test_delivery_fails_for_good_after_max_attempts(delivery, email_channel):
    email_channel.results = [DeliveryResult(ok=False, error="timeout")] * 2
    do_attempt_delivery(delivery.pk)
    OutboxDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    do_attempt_delivery(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 2


def test_sent_delivery_is_never_sent_again(delivery, email_channel):
    do_attempt_delivery(delivery.pk)
    do_attempt_delivery(delivery.pk)
    assert len(email_channel.sent) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.external_id == f"ext-{delivery.pk}"


def test_sweep_sends_due_deliveries_and_releases_stale_claims(delivery, email_channel):
    OutboxDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    retry_due_deliveries.call()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(email_channel.sent) == 1


def test_fresh_claim_is_not_released(delivery):
    OutboxDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now()
    )
    assert do_release_stale_claims() == 0
