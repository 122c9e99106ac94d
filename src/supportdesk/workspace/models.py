from django.db import models
from django.utils.translation import gettext_lazy as _


class CannedResponse(models.Model):
    """A reply template; {customer_name}, {ticket_number} and {sla_due} are filled in."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_("Variables: {customer_name}, {ticket_number}, {sla_due}."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
