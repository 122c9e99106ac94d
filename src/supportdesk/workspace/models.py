from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Every variable a canned response may use; an unknown one is refused when it is saved.
CANNED_VARIABLES = ("customer_name", "ticket_number", "sla_due", "agent_name")


class CannedResponse(models.Model):
    """A reply template, shared with every agent or kept by one of them."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Variables: {customer_name}, {ticket_number}, {sla_due} (the response due time; a "
            "template using it is offered only on tickets that have one), {agent_name}."
        ),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="canned_responses",
        verbose_name=_("personal template of"),
        help_text=_("Empty: shared with every agent."),
    )
    asks_for = models.CharField(
        _("asks the customer for"),
        max_length=30,
        blank=True,
        # A checklist item (supportdesk.diagnostics.ChecklistItem); the admin's form offers them.
        help_text=_("Not offered on tickets that already have it (a HAR file, a log…)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
