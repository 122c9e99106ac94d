from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a background component proved it was alive."""

    component = models.CharField(_("component"), max_length=50, unique=True)
    beat_at = models.DateTimeField(_("last beat"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.component} @ {self.beat_at.isoformat()}"


class DemoDataLoad(models.Model):
    """Marks that demo data was loaded, so `serve` loads it once per database."""

    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    def __str__(self) -> str:
        return self.loaded_at.isoformat()
