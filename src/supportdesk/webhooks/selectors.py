from __future__ import annotations

from supportdesk.webhooks.models import WebhookSubscription


def subscriptions_for(*, event_types: set[str]) -> dict[str, list[WebhookSubscription]]:
    """Active subscriptions by the event types asked about (the list is short: JSON lists are
    matched here, the same on SQLite and PostgreSQL)."""
    found: dict[str, list[WebhookSubscription]] = {kind: [] for kind in event_types}
    for subscription in WebhookSubscription.objects.filter(is_active=True):
        for kind in event_types.intersection(subscription.event_types):
            found[kind].append(subscription)
    return found
