"""Sending one outbox delivery: claim it, send through its channel, record the outcome
(the claim, backoff and recovery are `tickets.claims`)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from supportdesk.tickets import events
from supportdesk.tickets.claims import (
    RETRY_FIELDS,
    claim,
    claim_still_holds,
    release_stale_claims,
    schedule_retry_or_fail,
)
from supportdesk.tickets.models import DeliveryStatus, OutboxDelivery
from supportdesk.tickets.outbound import DeliveryResult, channel_for

logger = logging.getLogger(__name__)


def do_attempt_delivery(delivery_id: int) -> DeliveryResult | None:
    if not claim(OutboxDelivery, delivery_id):
        return None
    delivery = OutboxDelivery.objects.select_related("message__ticket__requester").get(
        pk=delivery_id
    )
    try:
        result = channel_for(delivery.channel).send(delivery)
    except OSError as exc:  # the peer is unreachable: expected, retried, no traceback
        logger.warning("delivery %s via %s: %s", delivery.pk, delivery.channel, exc)
        result = DeliveryResult(ok=False, error=f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # any other sender failure is a retryable delivery error too
        logger.exception("delivery %s via %s raised", delivery.pk, delivery.channel)
        result = DeliveryResult(ok=False, error=f"{type(exc).__name__}: {exc}")
    _record_outcome(delivery, result)
    return result


@transaction.atomic
def _record_outcome(delivery: OutboxDelivery, result: DeliveryResult) -> None:
    if not claim_still_holds(OutboxDelivery, delivery.pk, delivery.claimed_at, ok=result.ok):
        return
    if result.ok:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = timezone.now()
        delivery.external_id = result.external_id[:500]
        delivery.last_error = ""
        delivery.save(update_fields=["status", "sent_at", "external_id", "last_error"])
        events.delivery_sent_event(delivery=delivery)
        return
    final = schedule_retry_or_fail(
        delivery,
        error=result.error,
        permanent=result.permanent,
        max_attempts=settings.SUPPORTDESK_OUTBOX_MAX_ATTEMPTS,
    )
    if final:
        logger.error("delivery %s failed for good: %s", delivery.pk, result.error)
        events.delivery_failed_event(delivery=delivery, error=result.error, final=True)
    else:
        logger.warning(
            "delivery %s failed (attempt %d), retry at %s: %s",
            delivery.pk,
            delivery.attempts,
            delivery.next_attempt_at,
            result.error,
        )
    delivery.save(update_fields=RETRY_FIELDS)


def do_release_stale_claims() -> int:
    return release_stale_claims(OutboxDelivery)
