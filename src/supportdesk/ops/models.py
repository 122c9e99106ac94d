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

    class Meta:
        verbose_name = _("demo data load")
        verbose_name_plural = _("demo data loads")

    def __str__(self) -> str:
        return self.loaded_at.isoformat()


class TaskWorker(models.Model):
    """One task-worker process and the last time it proved alive.

    Recovery asks this table, not the worker's memory, whether the process that claimed a task
    is still there: a row silent for SUPPORTDESK_WORKER_DEAD_AFTER, or stopped, is dead.
    """

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    queues = models.CharField(_("queues"), max_length=200)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"))
    beat_at = models.DateTimeField(_("last beat"))
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.queues}) @ {self.beat_at.isoformat()}"


class SchedulerLease(models.Model):
    """Which scheduler process may run the periodic jobs, until when.

    Without Redis, this row is the lock that keeps a second scheduler a standby: it runs no job
    until the holder's lease has run out (see `supportdesk.ops.scheduler_lock`).
    """

    name = models.CharField(_("name"), max_length=50, unique=True)
    holder = models.CharField(_("holder"), max_length=100)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("scheduler lease")
        verbose_name_plural = _("scheduler leases")

    def __str__(self) -> str:
        return f"{self.name}: {self.holder} until {self.expires_at.isoformat()}"
