"""Thin tasks: ids in, one call into an action, safe to run twice."""

from __future__ import annotations

from crontask import cron
from django.tasks import task
from django.utils import timezone

from supportdesk.tickets.actions.delivery import do_attempt_delivery, do_release_stale_claims
from supportdesk.tickets.claims import due_ids
from supportdesk.tickets.models import OutboxDelivery


@task()
def deliver_outbox(delivery_ids: list[int]) -> None:
    # Each attempt commits on its own; one that cannot reach the database leaves the rest
    # pending for the retry below.
    for delivery_id in delivery_ids:
        do_attempt_delivery(delivery_id)


@cron("* * * * *")
@task()
def retry_due_deliveries() -> None:
    do_release_stale_claims()
    if due := due_ids(OutboxDelivery, now=timezone.now()):
        deliver_outbox.enqueue(due)
