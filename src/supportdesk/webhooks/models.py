from django.db import models
from django.utils.translation import gettext_lazy as _

from supportdesk.secrets_at_rest import EncryptedTextField
from supportdesk.tickets.models import ClaimedDelivery, TicketEvent


class EventType(models.TextChoices):
    """What a receiver can subscribe to; the values are the public names in payloads."""

    TICKET_CREATED = "ticket.created", _("Ticket created")
    MESSAGE_CREATED = "message.created", _("Message created")
    STATUS_CHANGED = "ticket.status_changed", _("Status changed")
    SLA_WARNING = "sla.warning", _("SLA warning")
    SLA_BREACHED = "sla.breached", _("SLA breached")
    CRITICAL_CLAIMED = "critical.claimed", _("Critical claimed")
    CRITICAL_CONFIRMED = "critical.confirmed", _("Critical confirmed")
    # Sent only by the admin's "send a test event"; nobody subscribes to it.
    PING = "ping", _("Test event")


SUBSCRIBABLE = [choice for choice in EventType.choices if choice[0] != EventType.PING]


class WebhookSubscription(models.Model):
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(
        _("receiver URL"),
        max_length=2000,
        help_text=_(
            "An https:// address that receives the events. Plain http://, private and local "
            "addresses only for hosts listed in <code>SUPPORTDESK_WEBHOOK_ALLOW</code>."
        ),
    )
    secret = EncryptedTextField(_("signing secret"))
    event_types = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(ClaimedDelivery):
    """One event for one subscription: written in the event's transaction, sent by a task."""

    subscription = models.ForeignKey(
        WebhookSubscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    event_type = models.CharField(_("event"), max_length=40, choices=EventType.choices)
    # Kept when the ticket goes: the payload already holds what the receiver is told.
    source_event = models.ForeignKey(
        TicketEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("timeline event"),
    )
    resent_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resends",
        verbose_name=_("resend of"),
    )
    payload = models.JSONField(_("payload"))
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    response_body = models.TextField(_("response"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Exactly once per event and subscription; a resend is a delivery of its own.
            models.UniqueConstraint(
                fields=["subscription", "source_event"],
                condition=models.Q(resent_from__isnull=True),
                name="webhook_delivery_once_per_event",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.subscription_id} ({self.status})"
