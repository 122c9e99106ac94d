from django.db import models
from django.utils.translation import gettext_lazy as _

from supportdesk.tickets.models import Attachment, Ticket


class AttachmentAnalysis(models.Model):
    """What the diagnostics core found in one attachment; redone when the analyser improves."""

    attachment = models.OneToOneField(
        Attachment, on_delete=models.CASCADE, related_name="analysis", verbose_name=_("attachment")
    )
    kind = models.CharField(_("detected kind"), max_length=30)
    analyzer_version = models.PositiveIntegerField(_("analyser version"))
    result = models.JSONField(_("result"), default=dict)
    error = models.TextField(_("error"), blank=True)
    analyzed_at = models.DateTimeField(_("analysed"), auto_now=True)

    class Meta:
        verbose_name = _("attachment analysis")
        verbose_name_plural = _("attachment analyses")

    def __str__(self) -> str:
        return f"{self.kind} analysis of attachment {self.attachment_id}"


class TicketChecklist(models.Model):
    """The fault-report checklist of a ticket as last evaluated."""

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, related_name="checklist", verbose_name=_("ticket")
    )
    edition = models.CharField(_("edition"), max_length=20)
    problem_kind = models.CharField(_("kind of problem"), max_length=30)
    entries = models.JSONField(_("entries"), default=list)
    missing = models.JSONField(_("missing items"), default=list)
    evaluated_at = models.DateTimeField(_("evaluated"), auto_now=True)

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")

    def __str__(self) -> str:
        return f"checklist of #{self.ticket_id}"
