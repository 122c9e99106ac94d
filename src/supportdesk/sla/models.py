from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from supportdesk.customers.models import Edition, Organisation, Plan
from supportdesk.tickets.models import Ticket

AGREEMENT_MIN_CLOUD_SEATS = 50


def agreement_refusal(organisation: Organisation) -> str | None:
    """Why `organisation` may not have a separate agreement, or None when it may."""
    if organisation.edition == Edition.ENTERPRISE:
        return None
    if organisation.plan == Plan.TEAM and organisation.seats > AGREEMENT_MIN_CLOUD_SEATS:
        return None
    return str(
        _(
            "A separate agreement is only possible for Enterprise customers or cloud Team "
            "organisations with more than %(seats)d users; %(name)s has plan %(plan)s and "
            "%(count)d users."
        )
        % {
            "seats": AGREEMENT_MIN_CLOUD_SEATS,
            "name": organisation.name,
            "plan": organisation.get_plan_display(),
            "count": organisation.seats,
        }
    )


class Agreement(models.Model):
    """A separate SLA replacing the plan's default for one organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("organisation"),
    )
    contract_reference = models.CharField(_("contract reference"), max_length=200)
    response_business_hours = models.DecimalField(
        _("first response, business hours"),
        max_digits=7,
        decimal_places=2,
        help_text=_("One business day is 9 business hours (11:00–20:00 Moscow time)."),
    )
    critical_fix_business_hours = models.DecimalField(
        _("critical fix, business hours"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: no fix-time target."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("separate agreement")
        verbose_name_plural = _("separate agreements")
        ordering = ["organisation__name", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.contract_reference}"

    def clean(self) -> None:
        if self.organisation_id is not None:
            refusal = agreement_refusal(self.organisation)
            if refusal:
                raise ValidationError({"organisation": refusal})
        if self.response_business_hours is not None and self.response_business_hours <= 0:
            raise ValidationError({"response_business_hours": _("The target must be positive.")})
        if self.critical_fix_business_hours is not None and self.critical_fix_business_hours <= 0:
            raise ValidationError(
                {"critical_fix_business_hours": _("The target must be positive.")}
            )
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The agreement ends before it starts.")})

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class CalendarOverride(models.Model):
    """An administrator's correction to the production calendar (e.g. a new decree)."""

    day = models.DateField(_("date"), unique=True)
    working = models.BooleanField(_("working day"))
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("calendar correction")
        verbose_name_plural = _("calendar corrections")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.reason}"

    def clean(self) -> None:
        if not self.working and (self.opens or self.closes):
            raise ValidationError(_("A day off cannot have opening hours."))
        if (self.opens is None) != (self.closes is None):
            raise ValidationError(_("Give both opening and closing time, or neither."))
        if self.opens and self.closes and self.opens >= self.closes:
            raise ValidationError(_("Opening time must be before closing time."))


class Target(models.TextChoices):
    RESPONSE = "response", _("First response")
    CRITICAL_FIX = "critical_fix", _("Critical fix")


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    STOPPED = "stopped", _("Stopped")
    CANCELLED = "cancelled", _("Cancelled")


class SlaClock(models.Model):
    """One SLA target measured on one ticket, with the policy snapshotted at its start."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="sla_clocks", verbose_name=_("ticket")
    )
    target = models.CharField(_("target"), max_length=20, choices=Target.choices)
    policy = models.CharField(_("policy"), max_length=200)
    target_seconds = models.PositiveIntegerField(_("target, business seconds"))
    started_at = models.DateTimeField(_("started"))
    state = models.CharField(
        _("state"), max_length=20, choices=ClockState.choices, default=ClockState.RUNNING
    )
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(_("paused, business seconds"), default=0)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    # Null only when the calendar does not reach that far (see CalendarRangeError).
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warning at"), null=True, blank=True)
    met = models.BooleanField(_("met"), null=True)
    warned_at = models.DateTimeField(_("warned"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached"), null=True, blank=True)

    class Meta:
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "target"], name="one_clock_per_target")
        ]
        indexes = [
            models.Index(fields=["state", "due_at"], name="slaclock_state_due"),
            models.Index(fields=["state", "warn_at"], name="slaclock_state_warn"),
            # The reports read a period's clocks by when they started.
            models.Index(fields=["started_at"], name="slaclock_started"),
        ]

    def __str__(self) -> str:
        return f"{self.target} on #{self.ticket_id}"

    @property
    def is_open(self) -> bool:
        return self.state in (ClockState.RUNNING, ClockState.PAUSED)
