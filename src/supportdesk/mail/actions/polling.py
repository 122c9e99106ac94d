"""Polling a mailbox: hold a lease on it, read its unread mail, record how it went."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from supportdesk.mail.imap import PollReport, poll, watch
from supportdesk.mail.models import Mailbox

logger = logging.getLogger(__name__)

# The watcher's lease, renewed after each of its polls (it idles up to a minute in between).
POLL_LEASE = timedelta(minutes=10)
# A one-off poll's lease, renewed as its intake commits: a poller killed mid-poll (it never
# reaches its `finally`) frees the mailbox this long after its last commit, and the next
# scheduled poll takes over. A live poll that outlasts it is harmless: an email is stored once.
POLL_TASK_LEASE = timedelta(seconds=45)
RENEW_EVERY_SECONDS = 5.0


def _claim(mailbox_id: int, lease: timedelta = POLL_LEASE) -> bool:
    now = timezone.now()
    return bool(
        Mailbox.objects.filter(pk=mailbox_id, is_active=True)
        .filter(Q(poll_lease_until__isnull=True) | Q(poll_lease_until__lt=now))
        .update(poll_lease_until=now + lease)
    )


def _lease_renewer(mailbox_id: int) -> Callable[[object], None]:
    renewed = time.monotonic()

    def renew(_outcome: object) -> None:
        nonlocal renewed
        if time.monotonic() - renewed >= RENEW_EVERY_SECONDS:
            renewed = time.monotonic()
            Mailbox.objects.filter(pk=mailbox_id).update(
                poll_lease_until=timezone.now() + POLL_TASK_LEASE
            )

    return renew


def do_poll_mailbox(mailbox_id: int, *, limit: int | None = None) -> PollReport | None:
    """Poll one mailbox unless another worker holds it; None when it was held or inactive."""
    if not _claim(mailbox_id, POLL_TASK_LEASE):
        return None
    mailbox = Mailbox.objects.get(pk=mailbox_id)
    error = ""
    report: PollReport | None = None
    try:
        report = poll(mailbox, limit=limit, after_commit=_lease_renewer(mailbox_id))
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


def do_watch_mailbox(
    mailbox_id: int, *, should_stop: Callable[[], bool], retry_seconds: float = 30
) -> None:
    """Hold the mailbox and take in its mail as it arrives until `should_stop()`.

    The lease is renewed after every poll, so the scheduler's polls leave it alone while
    the watcher lives and take over within `POLL_LEASE` once it is gone.
    """
    if not _claim(mailbox_id):
        logger.info("mailbox %s is held by another poller; not watching", mailbox_id)
        return

    def renew(report: PollReport) -> None:
        Mailbox.objects.filter(pk=mailbox_id).update(
            poll_lease_until=timezone.now() + POLL_LEASE, last_polled_at=timezone.now(),
            last_error="",
        )  # fmt: skip

    try:
        while not should_stop():
            mailbox = Mailbox.objects.get(pk=mailbox_id)
            try:
                watch(mailbox, should_stop=should_stop, on_poll=renew)
            except Exception as exc:  # the server went away: note it, wait, reconnect
                logger.exception("watching mailbox %s failed", mailbox)
                Mailbox.objects.filter(pk=mailbox_id).update(
                    last_error=f"{type(exc).__name__}: {exc}"[:2000]
                )
                deadline = time.monotonic() + retry_seconds
                while time.monotonic() < deadline and not should_stop():
                    time.sleep(0.5)
    finally:
        Mailbox.objects.filter(pk=mailbox_id).update(poll_lease_until=None)
