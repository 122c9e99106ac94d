"""Polling a mailbox: hold a lease on it, read its unread mail, record how it went."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from supportdesk.mail.imap import PollReport, poll
from supportdesk.mail.models import Mailbox

logger = logging.getLogger(__name__)

# Longer than any poll should take; a poller that died frees the mailbox after it.
POLL_LEASE = timedelta(minutes=10)


def do_poll_mailbox(mailbox_id: int, *, limit: int | None = None) -> PollReport | None:
    """Poll one mailbox unless another worker holds it; None when it was held or inactive."""
    now = timezone.now()
    claimed = (
        Mailbox.objects.filter(pk=mailbox_id, is_active=True)
        .filter(Q(poll_lease_until__isnull=True) | Q(poll_lease_until__lt=now))
        .update(poll_lease_until=now + POLL_LEASE)
    )
    if not claimed:
        return None
    mailbox = Mailbox.objects.get(pk=mailbox_id)
    error = ""
    report: PollReport | None = None
    try:
        report = poll(mailbox, limit=limit)
    except Exception as exc:  # the server, the network or the login: retried next poll
        logger.exception("polling mailbox %s failed", mailbox)
        error = f"{type(exc).__name__}: {exc}"[:2000]
    finally:
        Mailbox.objects.filter(pk=mailbox_id).update(
            poll_lease_until=None, last_polled_at=timezone.now(), last_error=error
        )
    if report is not None:
        logger.info("mailbox %s: %d fetched, %d created, %d appended, %d ignored, %d rejected",
                    mailbox, report.fetched, report.count("created"), report.count("appended"),
                    report.count("ignored"), report.count("rejected"))  # fmt: skip
    return report
