"""A bounce of mail the desk sent marks that delivery failed, on the ticket's timeline."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from supportdesk.mail.autoreply import bounced_message_ids
from supportdesk.mail.parsing import ParsedEmail
from supportdesk.mail.selectors import deliveries_for_message_ids
from supportdesk.tickets import events
from supportdesk.tickets.models import DeliveryStatus, OutboxDelivery

logger = logging.getLogger(__name__)

_DIAGNOSTIC = ("diagnostic-code:", "status:")


@transaction.atomic
def do_record_bounce(*, parsed: ParsedEmail) -> list[OutboxDelivery]:
    """Mark the desk's deliveries this bounce returns as failed; [] when it is not ours."""
    deliveries = deliveries_for_message_ids(message_ids=list(bounced_message_ids(parsed)))
    error = f"bounced: {_diagnostic(parsed)}"[:2000]
    for delivery in deliveries:
        if delivery.status == DeliveryStatus.FAILED:
            continue
        delivery.status = DeliveryStatus.FAILED
        delivery.last_error = error
        delivery.next_attempt_at = None
        delivery.save(update_fields=["status", "last_error", "next_attempt_at"])
        events.delivery_failed_event(delivery=delivery, error=error, final=True)
        logger.warning("delivery %s bounced at %s: %s", delivery.pk, timezone.now(), error)
    return deliveries


def _diagnostic(parsed: ParsedEmail) -> str:
    for part in parsed.report_parts:
        for line in part.splitlines():
            if line.strip().lower().startswith(_DIAGNOSTIC[0]):
                return line.split(":", 1)[1].strip()
    return parsed.subject or "delivery failed"
