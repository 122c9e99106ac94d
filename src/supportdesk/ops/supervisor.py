"""Keeping `serve`'s child processes running.

A background child (task worker, scheduler, Telegram poller) that exits is started again after a
backoff that doubles with each restart inside the window; past MAX_RESTARTS in the window the
supervisor keeps trying at the longest backoff and says so on every restart, so a crash loop is
visible without ever taking the web server down with it. A task worker that is alive but has
not beaten for SUPPORTDESK_WORKER_DEAD_AFTER is hung: it is killed, and so restarted.

The web server is the exception: when it exits, the supervisor stops everything and reports
failure, so the process manager above (systemd, Docker, the operator) sees it and decides.
"""

from __future__ import annotations

import contextlib
import secrets
import signal
import subprocess
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections
from django.db.utils import DatabaseError
from django.utils import timezone

from supportdesk.ops.heartbeat import do_mark_worker_stopped, live_worker_ids

RESTART_WINDOW = 300.0  # seconds
MAX_RESTARTS = 5  # per window, before the backoff stays at its longest
BACKOFF_FIRST = 1.0
BACKOFF_LONGEST = 60.0
POLL_SECONDS = 0.5
HUNG_CHECK_SECONDS = 5.0
STOP_GRACE_SECONDS = 10.0


@dataclass
class Child:
    name: str
    command: list[str]
    # The web server: its exit stops everything instead of being restarted.
    essential: bool = False
    # A task worker: started with a fresh --worker-id each time, watched through its beats.
    task_worker: bool = False
    process: subprocess.Popen[bytes] | None = None
    worker_id: str = ""
    started_at: float = 0.0
    restart_at: float | None = None
    restarts: deque[float] = field(default_factory=deque)


class Supervisor:
    def __init__(self, children: list[Child], *, log: Callable[[str], None]) -> None:
        self.children = children
        self.log = log
        self._next_hung_check = 0.0

    def run(self) -> int:
        """Supervise until the web server exits (returns 1) or we are interrupted (returns 0)."""
        for child in self.children:
            self._start(child)
        try:
            while True:
                now = time.monotonic()
                for child in self.children:
                    if child.process is not None and child.process.poll() is not None:
                        if child.essential:
                            code = child.process.returncode
                            self.log(f"{child.name} exited with status {code}; stopping the rest")
                            return 1
                        self._exited(child, now)
                    elif child.restart_at is not None and child.restart_at <= now:
                        self._start(child)
                if now >= self._next_hung_check:
                    self._next_hung_check = now + HUNG_CHECK_SECONDS
                    self._kill_hung_workers(now)
                time.sleep(POLL_SECONDS)
        except KeyboardInterrupt:
            return 0
        finally:
            self.stop()

    def stop(self) -> None:
        running = [c.process for c in self.children if c.process and c.process.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in running:
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _start(self, child: Child) -> None:
        command = list(child.command)
        if child.task_worker:
            # Unique per process, never reused: a restarted worker must not pass for the dead
            # one, whose runs recovery has to hand on.
            child.worker_id = f"{child.name}-{len(child.restarts)}-{secrets.token_hex(6)}"
            command += ["--worker-id", child.worker_id]
        child.process = subprocess.Popen(command)  # noqa: S603 — our own interpreter and args
        child.started_at = time.monotonic()
        child.restart_at = None

    def _exited(self, child: Child, now: float) -> None:
        assert child.process is not None
        code = child.process.returncode
        child.process = None
        if child.task_worker:
            self._database(lambda: do_mark_worker_stopped(worker_id=child.worker_id))
        while child.restarts and child.restarts[0] < now - RESTART_WINDOW:
            child.restarts.popleft()
        child.restarts.append(now)
        recent = len(child.restarts)
        delay = min(BACKOFF_FIRST * 2 ** (recent - 1), BACKOFF_LONGEST)
        if recent > MAX_RESTARTS:
            delay = BACKOFF_LONGEST
            self.log(
                f"{child.name} exited with status {code}: {recent} exits in the last "
                f"{int(RESTART_WINDOW)} s, it is crash-looping; restarting in {delay:.0f} s"
            )
        else:
            self.log(f"{child.name} exited with status {code}; restarting in {delay:.0f} s")
        child.restart_at = now + delay

    def _kill_hung_workers(self, now: float) -> None:
        dead_after = settings.SUPPORTDESK_WORKER_DEAD_AFTER
        # A starting worker has not beaten yet: give it the window twice over.
        watched = [
            c
            for c in self.children
            if c.task_worker and c.process is not None and now - c.started_at > 2 * dead_after
        ]
        if not watched:
            return
        live = self._database(lambda: live_worker_ids(now=timezone.now()))
        if live is None:
            return
        for child in watched:
            if child.worker_id not in live and child.process is not None:
                self.log(f"{child.name} stopped beating for {dead_after:.0f} s; killing it")
                child.process.kill()

    def _database[T](self, query: Callable[[], T]) -> T | None:
        # The supervisor outlives database hiccups: the next poll tries again.
        with contextlib.suppress(DatabaseError):
            close_old_connections()
            return query()
        return None
