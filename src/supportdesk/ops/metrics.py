"""What `/metrics` exposes: figures read from the database at scrape time, plus this node's
request histograms (see `request_latency`).

The database figures are a handful of aggregate queries run per scrape, so every process of
every node answers the same; nothing here is kept in memory between scrapes. Label values come
from fixed choices (statuses, channels, targets, configured queues) with zeros filled in, so a
series does not vanish when its count drops to nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, F, Max, Min, Q, QuerySet, When
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from supportdesk.chat.models import RefusalReason, RefusedConnection
from supportdesk.mail.models import IntakeAction, IntakeRecord
from supportdesk.ops.heartbeat import WORKER, heartbeat_age
from supportdesk.ops.models import TaskWorker
from supportdesk.sla.models import ClockState, SlaClock, Target
from supportdesk.tickets.models import Channel, DeliveryStatus, OutboxDelivery, Status, Ticket

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
OPEN_CLOCK_STATES = (ClockState.RUNNING, ClockState.PAUSED)
BACKLOG_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)


def _age_seconds(now: datetime, since: datetime | None) -> float:
    return max(0.0, (now - since).total_seconds()) if since is not None else 0.0


def ticket_metrics() -> Iterator[Metric]:
    family = GaugeMetricFamily(
        "supportdesk_tickets", "Tickets by status and channel.", labels=["status", "channel"]
    )
    counts = {
        (row["status"], row["channel"]): row["n"]
        for row in Ticket.objects.order_by().values("status", "channel").annotate(n=Count("id"))
    }
    for status in Status.values:
        for channel in Channel.values:
            family.add_metric([status, channel], counts.pop((status, channel), 0))
    for (status, channel), n in sorted(counts.items()):  # values no longer in the choices
        family.add_metric([status, channel], n)
    yield family


def sla_metrics(now: datetime) -> Iterator[Metric]:
    breached = Q(state__in=OPEN_CLOCK_STATES) & (
        Q(breached_at__isnull=False) | Q(state=ClockState.RUNNING, due_at__lte=now)
    )
    at_risk = (
        Q(state=ClockState.RUNNING, warn_at__lte=now)
        & (Q(due_at__isnull=True) | Q(due_at__gt=now))
        & Q(breached_at__isnull=True)
    )
    rows: dict[str, Any] = {
        row["target"]: row
        for row in SlaClock.objects.order_by()
        .values("target")
        .annotate(
            running=Count("id", filter=Q(state=ClockState.RUNNING)),
            at_risk=Count("id", filter=at_risk),
            breached=Count("id", filter=breached),
        )
    }
    families = {
        "running": GaugeMetricFamily(
            "supportdesk_sla_clocks_running",
            "SLA clocks running now (not paused, stopped or cancelled), by target.",
            labels=["target"],
        ),
        "at_risk": GaugeMetricFamily(
            "supportdesk_sla_clocks_at_risk",
            "Running SLA clocks past the warning share of their target "
            "(SUPPORTDESK_SLA_WARNING_RATIO) and not yet breached, by target.",
            labels=["target"],
        ),
        "breached": GaugeMetricFamily(
            "supportdesk_sla_clocks_breached",
            "Open (running or paused) SLA clocks past their deadline, by target.",
            labels=["target"],
        ),
    }
    for key, family in families.items():
        for target in Target.values:
            family.add_metric([target], rows.get(target, {}).get(key, 0))
        yield family


def outbox_metrics(now: datetime) -> Iterator[Metric]:
    rows: dict[str, Any] = {
        row["channel"]: row
        for row in OutboxDelivery.objects.order_by()
        .values("channel")
        .annotate(
            backlog=Count("id", filter=Q(status__in=BACKLOG_STATUSES)),
            failed=Count("id", filter=Q(status=DeliveryStatus.FAILED)),
            oldest=Min("created_at", filter=Q(status__in=BACKLOG_STATUSES)),
        )
    }
    channels = sorted(set(Channel.values) | set(rows))
    backlog = GaugeMetricFamily(
        "supportdesk_outbox_backlog",
        "Outbound deliveries not yet sent (pending or being sent), by channel.",
        labels=["channel"],
    )
    oldest = GaugeMetricFamily(
        "supportdesk_outbox_oldest_backlog_age_seconds",
        "Age of the oldest delivery not yet sent (0 when none), by channel.",
        labels=["channel"],
    )
    failed = GaugeMetricFamily(
        "supportdesk_outbox_failed",
        "Outbound deliveries that failed for good, by channel.",
        labels=["channel"],
    )
    for channel in channels:
        row = rows.get(channel, {})
        backlog.add_metric([channel], row.get("backlog", 0))
        oldest.add_metric([channel], _age_seconds(now, row.get("oldest")))
        failed.add_metric([channel], row.get("failed", 0))
    yield from (backlog, oldest, failed)


def task_metrics(now: datetime) -> Iterator[Metric]:
    # A task enqueued without a delay has run_after at the far future sentinel; it has been
    # ready since it was enqueued. A delayed one has been ready since its run_after.
    ready_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after")
    )
    rows: dict[str, Any] = {
        row["queue_name"]: row
        for row in DBTaskResult.objects.ready()
        .order_by()
        .values("queue_name")
        .annotate(depth=Count("id"), oldest=Min(ready_since))
    }
    running = dict(
        DBTaskResult.objects.running()
        .order_by()
        .values("queue_name")
        .annotate(n=Count("id"))
        .values_list("queue_name", "n")
    )
    queues = sorted(set(settings.TASK_QUEUES) | set(rows) | set(running))
    depth = GaugeMetricFamily(
        "supportdesk_task_queue_depth", "Tasks ready to run, by queue.", labels=["queue"]
    )
    oldest = GaugeMetricFamily(
        "supportdesk_task_oldest_ready_age_seconds",
        "How long the oldest ready task has waited for a worker (0 when none), by queue.",
        labels=["queue"],
    )
    in_progress = GaugeMetricFamily(
        "supportdesk_tasks_running", "Tasks a worker is running now, by queue.", labels=["queue"]
    )
    for queue in queues:
        row = rows.get(queue, {})
        depth.add_metric([queue], row.get("depth", 0))
        oldest.add_metric([queue], _age_seconds(now, row.get("oldest")))
        in_progress.add_metric([queue], running.get(queue, 0))
    yield from (depth, oldest, in_progress)


def worker_metrics(now: datetime) -> Iterator[Metric]:
    beat = GaugeMetricFamily(
        "supportdesk_worker_heartbeat_age_seconds",
        "Seconds since the scheduled worker heartbeat task last ran (the beat /readyz checks); "
        "absent before the first beat.",
    )
    age = heartbeat_age(WORKER, now=now)
    if age is not None:
        beat.add_metric([], max(0.0, age.total_seconds()))
    yield beat

    live = GaugeMetricFamily(
        "supportdesk_task_workers",
        "Task-worker processes not stopped, by the queues they serve.",
        labels=["queues"],
    )
    newest = GaugeMetricFamily(
        "supportdesk_task_worker_heartbeat_age_seconds",
        "Seconds since the most recent beat of any not-stopped task worker, by queues served.",
        labels=["queues"],
    )
    rows = (
        TaskWorker.objects.filter(stopped_at__isnull=True)
        .order_by("queues")
        .values("queues")
        .annotate(n=Count("id"), last=Max("beat_at"))
    )
    for row in rows:
        live.add_metric([row["queues"]], row["n"])
        newest.add_metric([row["queues"]], _age_seconds(now, row["last"]))
    yield from (live, newest)


def intake_metrics() -> Iterator[Metric]:
    yield _rows_by(
        "supportdesk_mail_intake",
        "Delivered emails by what the intake did with them (created, appended, ignored, "
        "rejected); the intake log is kept, so this only grows.",
        IntakeRecord.objects.all(),
        "action",
        IntakeAction.values,
    )


def chat_metrics() -> Iterator[Metric]:
    yield _rows_by(
        "supportdesk_chat_refused",
        "Chat widget connections refused, by reason (forged, expired, origin, enterprise…); "
        "at most 20 a minute are recorded per address, so a flood counts as its first 20.",
        RefusedConnection.objects.all(),
        "reason",
        RefusalReason.values,
    )


def _rows_by(
    name: str, documentation: str, rows: QuerySet[Any], field: str, values: list[str]
) -> CounterMetricFamily:
    """A counter of kept rows by one field, every known value present (0 when none)."""
    family = CounterMetricFamily(name, documentation, labels=[field])
    counts = dict(rows.order_by().values(field).annotate(n=Count("id")).values_list(field, "n"))
    for value in values:
        family.add_metric([value], counts.get(value, 0))
    return family


class DatabaseCollector(Collector):
    """The scrape-time figures; registered only in the registry `/metrics` builds."""

    def collect(self) -> Iterable[Metric]:
        now = timezone.now()
        yield from ticket_metrics()
        yield from sla_metrics(now)
        yield from outbox_metrics(now)
        yield from task_metrics(now)
        yield from worker_metrics(now)
        yield from intake_metrics()
        yield from chat_metrics()


def multiprocess_mode() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def exposition() -> bytes:
    """The text `/metrics` answers with, built per scrape."""
    registry = CollectorRegistry(auto_describe=False)
    if multiprocess_mode():
        # Every process of this node writes its histograms into the directory; read them all.
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(REGISTRY)
    registry.register(DatabaseCollector())
    return generate_latest(registry)
