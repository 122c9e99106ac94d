"""A second scheduler is harmless: without Redis the lease row lets one scheduler run the jobs
and keeps the other a standby until the first stops."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from supportdesk.ops.models import SchedulerLease
from supportdesk.ops.scheduler_lock import DatabaseLock, LockNotOwnedError
from tests.ops.processes import PROJECT_DIR, Desk, wait_for


def _lock() -> DatabaseLock:
    return DatabaseLock(timeout=10, poll_seconds=0.1)


@pytest.mark.django_db
def test_a_second_scheduler_cannot_take_a_running_lease():
    first, second = _lock(), _lock()
    assert first.acquire()
    assert not second.acquire()
    assert first.acquire()  # the holder renews
    assert first.extend()


@pytest.mark.django_db
def test_a_lease_that_ran_out_is_taken_over_and_the_old_holder_stops():
    first, second = _lock(), _lock()
    assert first.acquire()
    SchedulerLease.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert second.acquire()
    with pytest.raises(LockNotOwnedError):
        first.extend()
    first.release()  # releases only its own lease
    assert SchedulerLease.objects.get().holder == second.holder


@pytest.mark.django_db
def test_a_released_lease_is_free_at_once():
    first, second = _lock(), _lock()
    with first:
        assert not second.acquire()
    assert second.acquire()


def _scheduler(desk: Desk, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "supportdesk", "scheduler"],
            env=desk.env | {"PYTHONUNBUFFERED": "1"},
            cwd=PROJECT_DIR,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    desk.processes.append(process)  # type: ignore[arg-type]
    return process


def _says(log: Path, text: str) -> bool:
    return text in log.read_text()


def test_two_scheduler_processes_run_the_jobs_once_and_the_standby_takes_over(tmp_path):
    desk = Desk(tmp_path / "var")
    desk.env.pop("REDIS_URL", None)
    desk.run("migrate", "--verbosity", "0")
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    try:
        first = _scheduler(desk, first_log)
        wait_for(lambda: _says(first_log, "Starting scheduler"), timeout=60, what="the first")
        second = _scheduler(desk, second_log)
        wait_for(lambda: _says(second_log, "standby"), timeout=60, what="the standby")
        time.sleep(12)  # longer than a lease (10 s): the first keeps renewing it
        assert not _says(second_log, "Starting scheduler"), second_log.read_text()
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=30) == 0, first_log.read_text()
        wait_for(lambda: _says(second_log, "Starting scheduler"), timeout=30, what="takeover")
        time.sleep(1)
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0, second_log.read_text()
    finally:
        desk.stop_all()
    assert first_log.read_text().count("Starting scheduler") == 1
    assert second_log.read_text().count("Starting scheduler") == 1
    assert "Traceback" not in first_log.read_text() + second_log.read_text()
    assert desk.query("SELECT count(*) FROM ops_schedulerlease") == [(0,)]  # released


def test_a_second_sigterm_during_the_shutdown_leaves_no_traceback(tmp_path):
    """A process manager signals the whole process group and `serve` forwards the signal too,
    so the scheduler gets SIGTERM twice in a row."""
    desk = Desk(tmp_path / "var")
    desk.run("migrate", "--verbosity", "0")
    log = tmp_path / "scheduler.log"
    try:
        scheduler = _scheduler(desk, log)
        wait_for(lambda: _says(log, "Starting scheduler"), timeout=60, what="the scheduler")
        deadline = time.monotonic() + 30
        while scheduler.poll() is None and time.monotonic() < deadline:
            scheduler.send_signal(signal.SIGTERM)  # again and again, through the shutdown
            time.sleep(0.01)
        assert scheduler.wait(timeout=1) == 0, log.read_text()
    finally:
        desk.stop_all()
    assert "Shutting down scheduler" in log.read_text()
    assert "Traceback" not in log.read_text(), log.read_text()
