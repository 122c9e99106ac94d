"""Claims on outbox rows: one left by a dead sender is released within a minute and the row
delivered exactly once; a live send cannot outlast its claim, and one that did never
overwrites the claim that replaced it."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from supportdesk.config.settings import base as base_settings
from supportdesk.mail.outbound import SMTP_TIMEOUT_SECONDS
from supportdesk.ops.recovery import do_recover_abandoned_work
from supportdesk.telegram.bot_api import BotApi
from supportdesk.tickets.actions.delivery import do_attempt_delivery
from supportdesk.tickets.actions.replies import do_send_public_reply
from supportdesk.tickets.inbound import receive
from supportdesk.tickets.models import DeliveryStatus, OutboxDelivery
from supportdesk.tickets.outbound import DeliveryResult
from tests.tickets.factories import inbound_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(agent):
    ticket = receive(inbound_email()).ticket
    return do_send_public_reply(ticket=ticket, agent=agent, body="Ответ").deliveries.get()


def _claimed(delivery: OutboxDelivery, seconds_ago: float) -> None:
    OutboxDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING,
        claimed_at=timezone.now() - timedelta(seconds=seconds_ago),
        attempts=1,
    )


def test_a_claim_left_by_a_dead_sender_is_released_within_a_minute_and_sent_once(
    delivery, email_channel
):
    # Released by a sweep that comes at most one sweep interval after the claim went stale.
    assert settings.SUPPORTDESK_CLAIM_TIMEOUT + settings.SUPPORTDESK_RECOVERY_SWEEP_SECONDS <= 60
    _claimed(delivery, seconds_ago=settings.SUPPORTDESK_CLAIM_TIMEOUT + 1)

    assert do_recover_abandoned_work().deliveries == 1
    do_recover_abandoned_work()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(email_channel.sent) == 1


def test_a_claim_younger_than_the_timeout_is_left_to_its_sender(delivery, email_channel):
    _claimed(delivery, seconds_ago=settings.SUPPORTDESK_CLAIM_TIMEOUT - 5)

    assert do_recover_abandoned_work().deliveries == 0
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING
    assert email_channel.sent == []


def test_senders_network_timeouts_are_well_inside_the_claim_timeout():
    claim = settings.SUPPORTDESK_CLAIM_TIMEOUT
    assert claim >= SMTP_TIMEOUT_SECONDS * 3
    assert base_settings.MAILERS["default"]["OPTIONS"]["timeout"] * 3 <= claim
    api = BotApi(token="1:x", api_url="http://127.0.0.1:9")
    request = api._request._client_kwargs["timeout"]
    assert request.read * 3 <= claim
    assert request.connect * 3 <= claim


def test_a_failed_send_that_outlived_its_claim_leaves_the_new_claim_alone(delivery, email_channel):
    later = timezone.now() + timedelta(minutes=1)

    def reclaimed_meanwhile(sent: OutboxDelivery) -> DeliveryResult:
        OutboxDelivery.objects.filter(pk=sent.pk).update(claimed_at=later)
        return DeliveryResult(ok=False, error="timed out")

    email_channel.send = reclaimed_meanwhile
    do_attempt_delivery(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING
    assert delivery.claimed_at == later
    assert delivery.last_error == ""


def test_a_successful_send_whose_claim_was_released_still_counts(delivery, email_channel):
    def released_meanwhile(sent: OutboxDelivery) -> DeliveryResult:
        OutboxDelivery.objects.filter(pk=sent.pk).update(status=DeliveryStatus.PENDING)
        return DeliveryResult(ok=True, external_id="ext")

    email_channel.send = released_meanwhile
    do_attempt_delivery(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert do_attempt_delivery(delivery.pk) is None
