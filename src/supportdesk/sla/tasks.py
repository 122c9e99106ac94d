"""Thin SLA tasks: the minute sweep, alert notifications, recomputation after a correction."""

from __future__ import annotations

from crontask import cron
from django.tasks import task
from django.utils import timezone

from supportdesk.sla.actions.alerts import do_sweep_sla_alerts
from supportdesk.sla.actions.clocks import do_recompute_open_clocks
from supportdesk.sla.models import SlaClock
from supportdesk.sla.notifications import send_alert


@cron("* * * * *")
@task()
def sweep_sla_alerts() -> None:
    do_sweep_sla_alerts(now=timezone.now())


@task()
def notify_sla_alert(clock_id: int, kind: str) -> None:
    clock = SlaClock.objects.select_related("ticket__assignee").filter(pk=clock_id).first()
    if clock is not None:
        send_alert(clock, kind)


@task()
def recompute_open_clocks() -> None:
    do_recompute_open_clocks()
