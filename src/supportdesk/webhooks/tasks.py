"""Thin tasks: ids in, one call into an action, safe to run twice."""

from __future__ import annotations

from crontask import cron
from django.tasks import task
from django.utils import timezone

from supportdesk.tickets.claims import due_ids
from supportdesk.webhooks.actions.sending import do_attempt_webhook, do_release_stale_webhook_claims
from supportdesk.webhooks.models import WebhookDelivery
from supportdesk.webhooks.poster import WebhookPoster


@task()
def deliver_webhooks(delivery_ids: list[int]) -> None:
    with WebhookPoster() as poster:
        for delivery_id in delivery_ids:
            do_attempt_webhook(delivery_id, poster=poster)


@cron("* * * * *")
@task()
def retry_due_webhooks() -> None:
    do_release_stale_webhook_claims()
    if due := due_ids(WebhookDelivery, now=timezone.now()):
        deliver_webhooks.enqueue(due)
