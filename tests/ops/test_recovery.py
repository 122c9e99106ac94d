"""The recovery sweep hands the runs of dead workers on, and gives up on a task that kills
every worker that runs it."""

from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from supportdesk.ops.heartbeat import do_mark_worker_stopped, do_record_worker_beat
from supportdesk.ops.models import TaskWorker
from supportdesk.ops.recovery import UNTRACKED_RUN_AFTER, do_recover_abandoned_work

pytestmark = pytest.mark.django_db


def _running(*worker_ids: str, started_ago: timedelta = timedelta(seconds=5)) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [[]], "kwargs": {}},
        task_path="supportdesk.tickets.tasks.deliver_outbox",
        backend_name="default",
        run_after=get_date_max(),
        worker_ids=list(worker_ids),
        started_at=timezone.now() - started_ago,
    )


def _silent(worker_id: str, seconds: float) -> None:
    do_record_worker_beat(worker_id=worker_id, queues=["default"])
    TaskWorker.objects.filter(worker_id=worker_id).update(
        beat_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_a_run_of_a_silent_worker_is_ready_again(settings):
    _silent("dead", settings.SUPPORTDESK_WORKER_DEAD_AFTER + 1)
    run = _running("dead")

    assert do_recover_abandoned_work().requeued == 1
    run.refresh_from_db()
    assert run.status == TaskResultStatus.READY
    assert DBTaskResult.objects.ready().filter(pk=run.pk).exists()


def test_a_run_of_a_worker_its_supervisor_saw_die_is_ready_again_at_once():
    do_record_worker_beat(worker_id="killed", queues=["default"])
    do_mark_worker_stopped(worker_id="killed")
    run = _running("killed", started_ago=timedelta(seconds=1))

    assert do_recover_abandoned_work().requeued == 1
    run.refresh_from_db()
    assert run.status == TaskResultStatus.READY


def test_a_run_of_a_beating_worker_is_left_alone(settings):
    _silent("alive", settings.SUPPORTDESK_WORKER_DEAD_AFTER - 5)
    run = _running("alive", started_ago=timedelta(hours=1))

    assert do_recover_abandoned_work().requeued == 0
    run.refresh_from_db()
    assert run.status == TaskResultStatus.RUNNING


def test_a_run_of_a_worker_that_never_beat_waits_the_long_window():
    recent = _running("plain-db-worker", started_ago=UNTRACKED_RUN_AFTER - timedelta(minutes=1))
    old = _running("plain-db-worker", started_ago=UNTRACKED_RUN_AFTER + timedelta(minutes=1))

    do_recover_abandoned_work()
    recent.refresh_from_db()
    old.refresh_from_db()
    assert (recent.status, old.status) == (TaskResultStatus.RUNNING, TaskResultStatus.READY)


def test_a_task_whose_worker_died_on_every_run_fails_instead(settings):
    settings.SUPPORTDESK_TASK_MAX_RUNS = 3
    for worker_id in ("a", "b", "c"):
        _silent(worker_id, settings.SUPPORTDESK_WORKER_DEAD_AFTER + 1)
    twice = _running("a", "b")
    thrice = _running("a", "b", "c")

    recovery = do_recover_abandoned_work()
    assert (recovery.requeued, recovery.failed) == (1, 1)
    twice.refresh_from_db()
    thrice.refresh_from_db()
    assert twice.status == TaskResultStatus.READY
    assert thrice.status == TaskResultStatus.FAILED
    assert thrice.exception_class_path == "supportdesk.ops.task_limits.TaskAbandoned"
    assert "died on each of 3 runs" in thrice.traceback


def test_workers_dead_for_a_day_are_forgotten():
    _silent("long-gone", 2 * 24 * 3600)
    do_recover_abandoned_work()
    assert not TaskWorker.objects.filter(worker_id="long-gone").exists()
