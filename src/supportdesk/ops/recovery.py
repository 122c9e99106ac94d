"""Recovering work a killed process left behind: task runs stuck RUNNING, claims stuck SENDING.

Workers run this sweep themselves every SUPPORTDESK_RECOVERY_SWEEP_SECONDS, so it needs no
scheduler. A task whose worker is dead goes back to READY (tasks are idempotent), unless it has
already been started SUPPORTDESK_TASK_MAX_RUNS times: a task that kills its worker each time it
runs then fails instead of taking workers down for ever. Conditional updates let several
workers sweep at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from supportdesk.ops.heartbeat import do_forget_old_workers, known_worker_ids, live_worker_ids
from supportdesk.ops.task_limits import TaskAbandoned
from supportdesk.telegram.actions.bot_messages import do_release_stale_bot_message_claims
from supportdesk.telegram.tasks import retry_telegram_work
from supportdesk.tickets.actions.delivery import do_release_stale_claims
from supportdesk.tickets.tasks import retry_due_deliveries

logger = logging.getLogger(__name__)

# A run claimed by a worker id that never beat (a plain `db_worker`, or one from before
# heartbeats) is only presumed dead after this long, as claims were before.
UNTRACKED_RUN_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Recovery:
    requeued: int = 0
    failed: int = 0
    deliveries: int = 0
    bot_messages: int = 0


def do_recover_abandoned_work(*, now: datetime | None = None) -> Recovery:
    now = now or timezone.now()
    requeued, failed = _recover_task_runs(now)
    deliveries = do_release_stale_claims()
    if deliveries:
        retry_due_deliveries.enqueue()
    bot_messages = do_release_stale_bot_message_claims()
    if bot_messages:
        retry_telegram_work.enqueue()
    do_forget_old_workers(now=now)
    recovery = Recovery(requeued, failed, deliveries, bot_messages)
    if recovery != Recovery():
        logger.warning("recovered abandoned work: %s", recovery)
    return recovery


def _recover_task_runs(now: datetime) -> tuple[int, int]:
    running = list(
        DBTaskResult.objects.running().only("id", "worker_ids", "started_at", "task_path")
    )
    if not running:
        return 0, 0
    claimants = {run.worker_ids[-1] for run in running if run.worker_ids}
    live = live_worker_ids(now=now)
    known = known_worker_ids(worker_ids=claimants)
    requeued = failed = 0
    for run in running:
        claimant = run.worker_ids[-1] if run.worker_ids else ""
        if claimant in live:
            continue
        if claimant not in known and run.started_at and run.started_at > now - UNTRACKED_RUN_AFTER:
            continue
        if len(run.worker_ids) >= settings.SUPPORTDESK_TASK_MAX_RUNS:
            failed += _fail(run)
        else:
            requeued += _requeue(run)
    return requeued, failed


def _requeue(run: DBTaskResult[..., Any]) -> int:
    logger.warning("task %s (%s): worker %s died; running it again", run.pk, run.task_path,
                   run.worker_ids[-1:])  # fmt: skip
    # `started_at` pins the run: a worker that claimed it again meanwhile is left alone.
    return DBTaskResult.objects.filter(
        pk=run.pk, status=TaskResultStatus.RUNNING, started_at=run.started_at
    ).update(status=TaskResultStatus.READY)


@transaction.atomic
def _fail(run: DBTaskResult[..., Any]) -> int:
    locked = (
        DBTaskResult.objects.select_for_update()
        .filter(pk=run.pk, status=TaskResultStatus.RUNNING, started_at=run.started_at)
        .first()
    )
    if locked is None:
        return 0
    runs = len(locked.worker_ids)
    logger.error("task %s (%s): its worker died on each of %d runs; giving up", locked.pk,
                 locked.task_path, runs)  # fmt: skip
    locked.set_failed(TaskAbandoned(f"its worker died on each of {runs} runs"))
    # As a worker does for any failed task: whoever waits on this task (an attachment left
    # unchecked, say) learns that it will not finish.
    transaction.on_commit(
        lambda: task_finished.send(
            sender=type(locked.task.get_backend()), task_result=locked.task_result
        )
    )
    return 1
