"""`supportdesk worker` as real processes: a killed worker's runs are run again, and a
time-limited worker ends a task that runs too long (and takes no child down with it)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ops.processes import Desk, wait_for

TASKS = "django_tasks_database_dbtaskresult"
SLEEP = "tests.ops.slow_tasks.sleep_and_record"
ANALYSIS_SLEEP = "tests.ops.slow_tasks.analysis_sleep_and_record"


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    desk = Desk(tmp_path / "var")
    desk.run("migrate", "--verbosity", "0")
    yield desk
    desk.stop_all()


def _started_pid(directory: Path) -> int:
    started = list(directory.glob("started.*"))
    return int(started[0].suffix[1:]) if started else 0


def _task(desk: Desk) -> tuple[str, str, str]:
    [row] = desk.query(f"SELECT status, worker_ids, exception_class_path FROM {TASKS}")  # noqa: S608
    return str(row[0]), str(row[1]), str(row[2])


def test_a_task_whose_worker_was_killed_is_run_again_by_another_worker(desk, tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    desk.enqueue(SLEEP, str(marks), 3)
    first = desk.start("worker", "--queue-name", "default", "--interval", "0.2",
                       "--worker-id", "first")  # fmt: skip
    wait_for(lambda: _started_pid(marks), timeout=30, what="the first worker to start the task")
    first.send_signal(signal.SIGKILL)
    killed_at = time.monotonic()
    assert _task(desk)[0] == "RUNNING"

    desk.start("worker", "--queue-name", "default", "--interval", "0.2", "--worker-id", "second")
    wait_for(lambda: _task(desk)[0] == "SUCCESSFUL", timeout=60, what="the task to be run again")
    recovered_in = time.monotonic() - killed_at

    _, worker_ids, _ = _task(desk)
    assert worker_ids == '["first", "second"]'
    assert (marks / "finished").read_text().count("\n") == 1
    # Dead after 2 s silent, found by a sweep within 1 s, then 3 s of task: well inside 60 s.
    assert recovered_in < 15, recovered_in
    print(f"killed worker's task finished by another worker {recovered_in:.1f} s after the kill")


def test_a_time_limited_worker_fails_a_task_that_runs_too_long_and_goes_on(desk, tmp_path):
    slow, quick = tmp_path / "slow", tmp_path / "quick"
    slow.mkdir()
    quick.mkdir()
    desk.enqueue(ANALYSIS_SLEEP, str(slow), 600)
    desk.enqueue(ANALYSIS_SLEEP, str(quick), 0)
    desk.start("worker", "--queue-name", "analysis", "--interval", "0.2", "--time-limit", "2")
    wait_for(lambda: _started_pid(slow), timeout=30, what="the slow task to start")
    started = time.monotonic()

    def rows() -> list[tuple[object, ...]]:
        return desk.query(f"SELECT status, exception_class_path, traceback FROM {TASKS}"  # noqa: S608
                          " ORDER BY enqueued_at")  # fmt: skip

    wait_for(lambda: rows()[1][0] == "SUCCESSFUL", timeout=30, what="the next task to run")
    assert time.monotonic() - started < 10
    too_long, next_one = rows()
    assert too_long[0] == "FAILED"
    assert too_long[1] == "supportdesk.ops.task_limits.TaskTimeLimitExceeded"
    assert "took longer than 2 s" in str(too_long[2])
    assert next_one[0] == "SUCCESSFUL"
    assert not (slow / "finished").exists()
    with pytest.raises(ProcessLookupError):  # the task's process is gone, not left running
        os.kill(_started_pid(slow), 0)


def test_killing_a_time_limited_worker_kills_its_task_process_and_the_task_runs_again(
    desk, tmp_path
):
    marks = tmp_path / "marks"
    marks.mkdir()
    desk.enqueue(ANALYSIS_SLEEP, str(marks), 2)
    first = desk.start("worker", "--queue-name", "analysis", "--interval", "0.2",
                       "--time-limit", "60", "--worker-id", "first")  # fmt: skip
    child = wait_for(lambda: _started_pid(marks), timeout=30, what="the task to start")
    first.send_signal(signal.SIGKILL)

    def child_gone() -> bool:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return True
        return False

    wait_for(child_gone, timeout=5, what="the task's process to die with its worker")
    (marks / f"started.{child}").unlink()
    desk.start("worker", "--queue-name", "analysis", "--interval", "0.2",
               "--time-limit", "60", "--worker-id", "second")  # fmt: skip
    wait_for(lambda: _task(desk)[0] == "SUCCESSFUL", timeout=60, what="the task to run again")
    assert _task(desk)[1] == '["first", "second"]'
    assert (marks / "finished").read_text().count("\n") == 1


def test_a_time_limited_worker_fails_a_task_that_takes_too_much_memory(desk):
    desk.enqueue("tests.ops.slow_tasks.analysis_allocate", 2048)
    desk.enqueue("tests.ops.slow_tasks.analysis_allocate", 16)
    desk.start("worker", "--queue-name", "analysis", "--interval", "0.2",
               "--time-limit", "30", "--memory-limit-mb", "256")  # fmt: skip

    def outcomes() -> list[tuple[object, ...]]:
        return desk.query(f"SELECT status, exception_class_path FROM {TASKS}"  # noqa: S608
                          " ORDER BY enqueued_at")  # fmt: skip

    wait_for(lambda: outcomes()[1][0] == "SUCCESSFUL", timeout=30, what="both tasks to run")
    assert outcomes()[0] == ("FAILED", "builtins.MemoryError")


def test_stopping_a_time_limited_worker_ends_its_task_at_once_and_queues_it_again(desk, tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    desk.enqueue(ANALYSIS_SLEEP, str(marks), 600)
    worker = desk.start("worker", "--queue-name", "analysis", "--interval", "0.2",
                        "--time-limit", "900", "--worker-id", "stopped")  # fmt: skip
    wait_for(lambda: _started_pid(marks), timeout=30, what="the task to start")
    worker.send_signal(signal.SIGTERM)

    assert worker.wait(timeout=10) == 0
    assert _task(desk)[:2] == ("READY", "[]")
    [(stopped_at,)] = desk.query("SELECT stopped_at FROM ops_taskworker")
    assert stopped_at is not None
