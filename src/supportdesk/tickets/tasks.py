"""Thin tasks: ids in, one call into an action, safe to run twice."""

from __future__ import annotations

from crontask import cron
from django.tasks import task
from django.utils import timezone

from supportdesk.tickets.actions.delivery import do_attempt_delivery, do_release_stale_claims
from supportdesk.tickets.selectors import outbox_due_ids


@task()
def deliver_outbox_delivery(delivery_id: int) -> None:
    do_attempt_delivery(delivery_id)


@cron("* * * * *")
@task()
def retry_due_deliveries() -> None:
    do_release_stale_claims()
    for delivery_id in outbox_due_ids(now=timezone.now()):
        deliver_outbox_delivery.enqueue(delivery_id)
