"""Proofs of life: the scheduler-and-worker beat `/readyz` checks, and one row per task worker.

Whether a process is alive is decided from the database, where every process sees the same
answer; a worker's own memory dies with it.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from supportdesk.ops.models import Heartbeat, TaskWorker

WORKER = "worker"


def do_record_heartbeat(component: str) -> None:
    Heartbeat.objects.update_or_create(component=component, defaults={"beat_at": timezone.now()})


def heartbeat_age(component: str, *, now: datetime | None = None) -> timedelta | None:
    beat = Heartbeat.objects.filter(component=component).values_list("beat_at", flat=True).first()
    if beat is None:
        return None
    return (now or timezone.now()) - beat


def do_record_worker_beat(*, worker_id: str, queues: list[str]) -> None:
    now = timezone.now()
    updated = TaskWorker.objects.filter(worker_id=worker_id).update(beat_at=now)
    if not updated:
        TaskWorker.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "queues": ",".join(queues)[:200],
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "beat_at": now,
                "stopped_at": None,
            },
        )


def do_mark_worker_stopped(*, worker_id: str) -> None:
    """The worker exited (said by itself, or by the supervisor that saw it die)."""
    TaskWorker.objects.filter(worker_id=worker_id, stopped_at__isnull=True).update(
        stopped_at=timezone.now()
    )


def dead_after() -> timedelta:
    return timedelta(seconds=settings.SUPPORTDESK_WORKER_DEAD_AFTER)


def live_worker_ids(*, now: datetime) -> set[str]:
    rows = TaskWorker.objects.filter(stopped_at__isnull=True, beat_at__gte=now - dead_after())
    return set(rows.values_list("worker_id", flat=True))


def known_worker_ids(*, worker_ids: set[str]) -> set[str]:
    rows = TaskWorker.objects.filter(worker_id__in=worker_ids)
    return set(rows.values_list("worker_id", flat=True))


def do_forget_old_workers(*, now: datetime) -> int:
    """Rows of workers dead for a day go; the table holds about as many rows as processes."""
    old = TaskWorker.objects.filter(beat_at__lt=now - timedelta(days=1))
    return old.delete()[0]
