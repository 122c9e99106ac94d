from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from supportdesk.customers.models import Contact, Organisation


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    PORTAL = "portal", _("Portal")
    TELEGRAM = "telegram", _("Telegram")
    CHAT = "chat", _("Chat widget")


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting on customer")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.WAITING)


class Severity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    CRITICAL = "critical", _("Critical")


class CriticalClaim(models.TextChoices):
    NONE = "none", _("Not claimed")
    CLAIMED = "claimed", _("Claimed by customer")
    CONFIRMED = "confirmed", _("Confirmed by agent")
    REJECTED = "rejected", _("Rejected by agent")


class ProblemKind(models.TextChoices):
    USER_FACING_ERROR = "user_facing_error", _("Users see an error in the application")
    SERVER_ERROR = "server_error", _("The server or installation fails")
    OTHER = "other", _("Another fault")
    QUESTION = "question", _("A question or a request")


class TicketNumberCounter(models.Model):
    """One row whose update serialises ticket numbering across processes."""

    value = models.PositiveBigIntegerField(_("last number"), default=1000)

    class Meta:
        verbose_name = _("ticket number counter")
        verbose_name_plural = _("ticket number counters")

    def __str__(self) -> str:
        return str(self.value)


class Ticket(models.Model):
    number = models.PositiveBigIntegerField(_("number"), unique=True, editable=False)
    subject = models.CharField(_("subject"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    severity = models.CharField(
        _("severity"), max_length=20, choices=Severity.choices, default=Severity.NORMAL
    )
    critical_claim = models.CharField(
        _("critical claim"),
        max_length=20,
        choices=CriticalClaim.choices,
        default=CriticalClaim.NONE,
    )
    critical_claimed_at = models.DateTimeField(_("critical claimed at"), null=True, blank=True)
    critical_decided_at = models.DateTimeField(_("critical decided at"), null=True, blank=True)
    critical_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("critical decided by"),
    )
    critical_decision_reason = models.TextField(_("critical decision reason"), blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    requester = models.ForeignKey(
        Contact, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("requester")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("organisation"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
    )
    # The fault report's diagnostics, as the customer or an agent filled them in.
    problem_kind = models.CharField(
        _("kind of problem"), max_length=30, choices=ProblemKind.choices, blank=True
    )
    browser_version = models.CharField(_("browser version"), max_length=200, blank=True)
    image_version = models.CharField(_("image version"), max_length=300, blank=True)
    diagram_link = models.URLField(_("diagram link"), max_length=2000, blank=True)
    affected_user_email = models.EmailField(_("affected user's email"), blank=True)
    reproduction_steps = models.TextField(_("reproduction steps"), blank=True)

    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    last_activity_at = models.DateTimeField(_("last activity"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The nearest due time of a running SLA clock, kept by the sla app so the queue can sort
    # by it with an index instead of joining every clock.
    sla_due_at = models.DateTimeField(_("SLA due"), null=True, blank=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-last_activity_at"]
        # The queue's orderings, each matched by an index so deep pages stay index scans.
        indexes = [
            models.Index(fields=["status", "-last_activity_at"], name="ticket_status_activity"),
            models.Index(fields=["-last_activity_at", "-id"], name="ticket_activity_id"),
            models.Index(
                fields=["sla_due_at", "id"],
                name="ticket_sla_due_id",
                condition=models.Q(sla_due_at__isnull=False),
            ),
            models.Index(fields=["assignee", "-last_activity_at"], name="ticket_assignee_activity"),
            # The reports read a period's tickets by when they were opened.
            models.Index(fields=["created_at"], name="ticket_created"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
