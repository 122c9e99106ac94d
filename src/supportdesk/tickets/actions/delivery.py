"""Sending one outbox delivery: claim it, send through its channel, record the outcome.

The claim is a conditional UPDATE committed before the network call, so two workers never
send the same row; a worker that dies mid-send leaves a stale claim that
`do_release_stale_claims` returns to the queue (at-least-once, as mail and bots expect).
A claim goes stale after SUPPORTDESK_CLAIM_TIMEOUT seconds, longer than the senders' network
timeouts allow a live send to take, so only a dead sender leaves one that old.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from supportdesk.tickets import events
from supportdesk.tickets.models import DeliveryStatus, OutboxDelivery
from supportdesk.tickets.outbound import DeliveryResult, channel_for

logger = logging.getLogger(__name__)


def claim_timeout() -> timedelta:
    return timedelta(seconds=settings.SUPPORTDESK_CLAIM_TIMEOUT)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 30 s, 1 min, 2 min, … capped at one hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def do_attempt_delivery(delivery_id: int) -> DeliveryResult | None:
    now = timezone.now()
    claimed = (
        OutboxDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
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
    now = timezone.now()
    status, claimed_at = (
        OutboxDelivery.objects.select_for_update()
        .filter(pk=delivery.pk)
        .values_list("status", "claimed_at")
        .get()
    )
    ours = status == DeliveryStatus.SENDING and claimed_at == delivery.claimed_at
    # A send that outlived its claim: the row went back to the queue and may be claimed again.
    # A success still counts unless a newer claim decides; a failure is that newer claim's to
    # record, or the retry's.
    if not (ours or (result.ok and status == DeliveryStatus.PENDING)):
        logger.warning("delivery %s: claim released while sending; outcome dropped", delivery.pk)
        return
    if result.ok:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = now
        delivery.external_id = result.external_id[:500]
        delivery.last_error = ""
        delivery.save(update_fields=["status", "sent_at", "external_id", "last_error"])
        events.delivery_sent_event(delivery=delivery)
        return
    final = result.permanent or delivery.attempts >= settings.SUPPORTDESK_OUTBOX_MAX_ATTEMPTS
    delivery.last_error = result.error[:2000]
    if final:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        logger.error("delivery %s failed for good: %s", delivery.pk, result.error)
        events.delivery_failed_event(delivery=delivery, error=result.error, final=True)
    else:
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = now + retry_delay(delivery.attempts)
        logger.warning(
            "delivery %s failed (attempt %d), retry at %s: %s",
            delivery.pk,
            delivery.attempts,
            delivery.next_attempt_at,
            result.error,
        )
    delivery.save(update_fields=["status", "next_attempt_at", "last_error"])


def do_release_stale_claims() -> int:
    stale = timezone.now() - claim_timeout()
    return OutboxDelivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=stale
    ).update(status=DeliveryStatus.PENDING, next_attempt_at=None)
