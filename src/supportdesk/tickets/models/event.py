from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from supportdesk.customers.models import Contact
from supportdesk.tickets.models.ticket import Ticket


class EventKind(models.TextChoices):
    OPENED = "opened", _("Ticket opened")
    CUSTOMER_MESSAGE = "customer_message", _("Customer wrote")
    PUBLIC_REPLY = "public_reply", _("Agent replied")
    INTERNAL_NOTE = "internal_note", _("Internal note added")
    STATUS_CHANGED = "status_changed", _("Status changed")
    ASSIGNEE_CHANGED = "assignee_changed", _("Assignee changed")
    CRITICAL_CLAIMED = "critical_claimed", _("Critical claimed")
    CRITICAL_CONFIRMED = "critical_confirmed", _("Critical confirmed")
    CRITICAL_REJECTED = "critical_rejected", _("Critical rejected")
    SEVERITY_CHANGED = "severity_changed", _("Severity changed")
    ATTACHMENT_REJECTED = "attachment_rejected", _("Attachment not stored")
    DELIVERY_SENT = "delivery_sent", _("Message delivered")
    DELIVERY_FAILED = "delivery_failed", _("Delivery failed")
    SLA_STARTED = "sla_started", _("SLA clock started")
    SLA_PAUSED = "sla_paused", _("SLA clock paused")
    SLA_RESUMED = "sla_resumed", _("SLA clock resumed")
    SLA_STOPPED = "sla_stopped", _("SLA clock stopped")
    SLA_CANCELLED = "sla_cancelled", _("SLA clock cancelled")
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACHED = "sla_breached", _("SLA breached")
    SLA_POLICY_CHANGED = "sla_policy_changed", _("SLA policy changed")
    PROBLEM_KIND_CHANGED = "problem_kind_changed", _("Kind of problem changed")
    DIAGNOSTICS_REQUESTED = "diagnostics_requested", _("Missing diagnostics requested")
    DIAGNOSTICS_ANALYSED = "diagnostics_analysed", _("Attachment analysed")
    DIAGNOSTICS_FILLED = "diagnostics_filled", _("Diagnostics filled in from attachments")
    MERGED_INTO = "merged_into", _("Merged into another ticket")
    MERGED_FROM = "merged_from", _("Another ticket merged in")


class TicketEvent(models.Model):
    """One line of a ticket's timeline; written only by `tickets.events`."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="events", verbose_name=_("ticket")
    )
    # EventKind values; no `choices=` so that a new kind needs no migration.
    kind = models.CharField(_("kind"), max_length=40)
    actor_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agent"),
    )
    actor_contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("customer"),
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), db_index=True)

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} on #{self.ticket_id}"

    @property
    def kind_label(self) -> str:
        return str(EventKind(self.kind).label) if self.kind in EventKind.values else self.kind
