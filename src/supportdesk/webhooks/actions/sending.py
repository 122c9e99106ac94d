"""Sending one webhook delivery: claim it, POST it signed, record the outcome (the claim,
backoff and recovery are the outbox's, `tickets.claims`); and the admin's resend and test."""

from __future__ import annotations

import json
import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from supportdesk.enqueue import enqueue_on_commit
from supportdesk.tickets.claims import (
    RETRY_FIELDS,
    claim,
    claim_still_holds,
    release_stale_claims,
    schedule_retry_or_fail,
)
from supportdesk.tickets.models import DeliveryStatus
from supportdesk.webhooks.models import EventType, WebhookDelivery, WebhookSubscription
from supportdesk.webhooks.payloads import ping_payload
from supportdesk.webhooks.poster import PostResult, WebhookPoster, signature

logger = logging.getLogger(__name__)


def request_body(delivery: WebhookDelivery) -> bytes:
    return json.dumps(
        delivery.payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode()


def do_attempt_webhook(delivery_id: int, *, poster: WebhookPoster) -> PostResult | None:
    if not claim(WebhookDelivery, delivery_id):
        return None
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    body = request_body(delivery)
    timestamp = str(int(time.time()))
    headers = {
        "X-SupportDesk-Event": delivery.event_type,
        "X-SupportDesk-Delivery": str(delivery.pk),
        "X-SupportDesk-Timestamp": timestamp,
        "X-SupportDesk-Signature": signature(delivery.subscription.secret, timestamp, body),
    }
    try:
        result = poster.post(delivery.subscription.url, headers=headers, body=body)
    except Exception as exc:  # any other failure is a retryable delivery error too
        logger.exception("webhook delivery %s raised", delivery.pk)
        result = PostResult(ok=False, error=f"{type(exc).__name__}: {exc}")
    _record_outcome(delivery, result)
    return result


@transaction.atomic
def _record_outcome(delivery: WebhookDelivery, result: PostResult) -> None:
    if not claim_still_holds(WebhookDelivery, delivery.pk, delivery.claimed_at, ok=result.ok):
        return
    delivery.response_code = result.status_code
    delivery.response_body = result.body
    fields = ["response_code", "response_body"]
    if result.ok:
        delivery.status = DeliveryStatus.SENT
        delivery.delivered_at = timezone.now()
        delivery.last_error = ""
        delivery.save(update_fields=[*fields, "status", "delivered_at", "last_error"])
        return
    final = schedule_retry_or_fail(
        delivery,
        error=result.error,
        permanent=False,
        max_attempts=settings.SUPPORTDESK_WEBHOOK_MAX_ATTEMPTS,
    )
    log = logger.error if final else logger.warning
    log("webhook delivery %s to %s (attempt %d%s): %s", delivery.pk, delivery.subscription.url,
        delivery.attempts, ", final" if final else "", result.error)  # fmt: skip
    delivery.save(update_fields=[*fields, *RETRY_FIELDS])


def do_release_stale_webhook_claims() -> int:
    return release_stale_claims(WebhookDelivery)


@transaction.atomic
def do_resend_delivery(delivery: WebhookDelivery) -> WebhookDelivery:
    """A new delivery of the same payload (a new X-SupportDesk-Delivery, so a receiver that
    deduplicates takes it), whatever became of the first."""
    from supportdesk.webhooks.tasks import deliver_webhooks

    resend = WebhookDelivery.objects.create(
        subscription=delivery.subscription,
        event_type=delivery.event_type,
        source_event_id=delivery.source_event_id,
        resent_from=delivery.resent_from or delivery,
        payload=delivery.payload,
    )
    enqueue_on_commit(deliver_webhooks, resend.pk)
    return resend


@transaction.atomic
def do_send_test_event(subscription: WebhookSubscription) -> WebhookDelivery:
    from supportdesk.webhooks.tasks import deliver_webhooks

    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event_type=EventType.PING, payload=ping_payload()
    )
    enqueue_on_commit(deliver_webhooks, delivery.pk)
    return delivery
