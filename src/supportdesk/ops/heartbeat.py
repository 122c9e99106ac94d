from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from supportdesk.ops.models import Heartbeat

WORKER = "worker"


def do_record_heartbeat(component: str) -> None:
    Heartbeat.objects.update_or_create(component=component, defaults={"beat_at": timezone.now()})


def heartbeat_age(component: str, *, now: datetime | None = None) -> timedelta | None:
    beat = Heartbeat.objects.filter(component=component).values_list("beat_at", flat=True).first()
    if beat is None:
        return None
    return (now or timezone.now()) - beat
