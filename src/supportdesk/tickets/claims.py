"""Rows a worker sends over the network (outbox deliveries, webhook deliveries): claimed,
retried with backoff and recovered the same way, whatever they carry.

The claim is a conditional UPDATE committed before the network call, so two workers never
send the same row; a worker that dies mid-send leaves a stale claim that `release_stale_claims`
returns to the queue (at-least-once, as mail, bots and webhook receivers expect). A claim goes
stale after SUPPORTDESK_CLAIM_TIMEOUT seconds, longer than the senders' network timeouts allow
a live send to take, so only a dead sender leaves one that old.

A claimable model is a `ClaimedDelivery`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from supportdesk.tickets.models import ClaimedDelivery, DeliveryStatus

logger = logging.getLogger(__name__)


def claim_timeout() -> timedelta:
    return timedelta(seconds=settings.SUPPORTDESK_CLAIM_TIMEOUT)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 30 s, 1 min, 2 min, … capped at one hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def _due(now: datetime) -> Q:
    return Q(status=DeliveryStatus.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def claim(model: type[ClaimedDelivery], pk: int) -> bool:
    """Take the row if it is due; True when this caller now owns the send."""
    now = timezone.now()
    return bool(
        model._default_manager.filter(_due(now), pk=pk).update(
            status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def claim_still_holds(
    model: type[ClaimedDelivery], pk: int, claimed_at: datetime | None, *, ok: bool
) -> bool:
    """Whether an outcome may be recorded; call inside the transaction that records it.

    A send that outlived its claim: the row went back to the queue and may be claimed again.
    A success still counts unless a newer claim decides; a failure is that newer claim's to
    record, or the retry's."""
    status, current = (
        model._default_manager.select_for_update()
        .filter(pk=pk)
        .values_list("status", "claimed_at")
        .get()
    )
    ours = status == DeliveryStatus.SENDING and current == claimed_at
    if ours or (ok and status == DeliveryStatus.PENDING):
        return True
    logger.warning("%s %s: claim released while sending; outcome dropped", model.__name__, pk)
    return False


def schedule_retry_or_fail(
    row: ClaimedDelivery, *, error: str, permanent: bool, max_attempts: int
) -> bool:
    """Set the row failed for good (a permanent failure, or out of attempts; returns True) or
    pending again after the backoff. The caller saves RETRY_FIELDS."""
    row.last_error = error[:2000]
    if permanent or row.attempts >= max_attempts:
        row.status = DeliveryStatus.FAILED
        row.next_attempt_at = None
        return True
    row.status = DeliveryStatus.PENDING
    row.next_attempt_at = timezone.now() + retry_delay(row.attempts)
    return False


RETRY_FIELDS = ["status", "next_attempt_at", "last_error"]


def release_stale_claims(model: type[ClaimedDelivery]) -> int:
    stale = timezone.now() - claim_timeout()
    return model._default_manager.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=stale
    ).update(status=DeliveryStatus.PENDING, next_attempt_at=None)


def due_ids(model: type[ClaimedDelivery], *, now: datetime, limit: int = 500) -> list[int]:
    """Pending rows whose (re)try time has come, oldest first."""
    due = model._default_manager.filter(_due(now)).order_by("pk")
    return list(due.values_list("pk", flat=True)[:limit])
