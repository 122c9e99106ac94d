"""`serve` keeps its background processes running: a killed worker is restarted, its task is
run again, and the web server answers throughout; a crash loop backs off and says so."""

from __future__ import annotations

import os
import signal
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from supportdesk.ops.supervisor import BACKOFF_LONGEST, MAX_RESTARTS, Child, Supervisor
from tests.ops.processes import Desk, free_port, wait_for

LIVE_WORKERS = "SELECT worker_id, pid, queues FROM ops_taskworker WHERE stopped_at IS NULL"


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Desk, int]]:
    desk = Desk(tmp_path / "var")
    port = free_port()
    serve = desk.start("serve", "--no-demo", "--port", str(port))
    wait_for(lambda: _healthy(port), timeout=90, what="the web server")
    yield desk, port
    serve.send_signal(signal.SIGTERM)
    serve.wait(timeout=30)
    desk.stop_all()


def test_serve_restarts_a_killed_worker_reruns_its_task_and_keeps_serving(served, tmp_path):
    desk, port = served

    def live_by_queue() -> dict[str, tuple[object, object]]:
        live = {queue: (worker, pid) for worker, pid, queue in desk.query(LIVE_WORKERS)}
        return live if set(live) == {"default", "analysis"} else {}

    workers = wait_for(live_by_queue, timeout=60, what="a worker for each queue")
    old_id, old_pid = workers["default"]
    marks = tmp_path / "marks"
    marks.mkdir()
    desk.enqueue("tests.ops.slow_tasks.sleep_and_record", str(marks), 2)
    wait_for(lambda: list(marks.glob("started.*")), timeout=30, what="the task to start")

    os.kill(int(old_pid), signal.SIGKILL)
    killed_at = time.monotonic()
    failed_probes = 0

    def restarted() -> bool:
        nonlocal failed_probes
        failed_probes += not _healthy(port)
        rows = desk.query(LIVE_WORKERS + " AND queues = 'default'")
        return bool(rows) and rows[0][0] != old_id

    wait_for(restarted, timeout=30, what="a new default worker")
    restarted_in = time.monotonic() - killed_at
    tasks = "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE '%sleep%'"
    wait_for(lambda: desk.query(tasks) == [("SUCCESSFUL",)], timeout=30, what="the task again")
    rerun_in = time.monotonic() - killed_at

    assert failed_probes == 0
    assert _healthy(port)
    [(stopped_at,)] = desk.query(
        "SELECT stopped_at FROM ops_taskworker WHERE worker_id = ?", old_id
    )
    assert stopped_at is not None  # marked by the supervisor: recovery need not wait it out
    assert (marks / "finished").read_text().count("\n") == 1
    print(
        f"worker restarted {restarted_in:.1f} s and its task finished {rerun_in:.1f} s after the kill"
    )


def test_a_crash_loop_backs_off_to_the_longest_delay_and_says_so():
    lines: list[str] = []
    child = Child("scheduler", ["false"])
    supervisor = Supervisor([child], log=lines.append)
    now = 1000.0
    delays = []
    for _ in range(MAX_RESTARTS + 2):
        supervisor._start(child)
        child.process.wait()
        supervisor._exited(child, now)
        delays.append(child.restart_at - now)
        now += 1

    assert delays[:4] == [1, 2, 4, 8]
    assert delays[-1] == BACKOFF_LONGEST
    assert "crash-looping" in lines[-1]
    assert "crash-looping" not in lines[0]


def test_a_crash_loop_long_ago_does_not_count_against_a_new_exit():
    child = Child("scheduler", ["false"])
    supervisor = Supervisor([child], log=lambda line: None)
    for now in (0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 10_000.0):
        supervisor._start(child)
        child.process.wait()
        supervisor._exited(child, now)
    assert child.restart_at == 10_000.0 + 1
