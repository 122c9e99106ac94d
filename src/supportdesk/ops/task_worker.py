"""The desk's task worker: django-tasks-db's worker that proves it is alive and cleans up after
dead ones, and that can run each task in a child process with a wall-clock and memory limit.

A thread records the worker's beat every SUPPORTDESK_WORKER_BEAT_SECONDS (also while a long
task runs) and sweeps for abandoned work every SUPPORTDESK_RECOVERY_SWEEP_SECONDS.

With a time limit (the "analysis" queue), every task runs in a forked child that the kernel
kills when its alarm goes off, whatever the child is doing (a Python-level timeout cannot
interrupt a long C call). The child also dies with its parent, so a killed worker leaves no
analysis running on behind the run that recovery hands to the next worker.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import resource
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections
from django.db.utils import DatabaseError
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from supportdesk.ops.heartbeat import do_mark_worker_stopped, do_record_worker_beat
from supportdesk.ops.recovery import do_recover_abandoned_work
from supportdesk.ops.task_limits import TaskProcessDied, TaskTimeLimitExceeded

logger = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGQUIT}


class DeskWorker(Worker):
    def __init__(
        self, *, time_limit: int | None = None, memory_limit_mb: int | None = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.time_limit = time_limit
        self.memory_limit_mb = memory_limit_mb
        # Held while the beat thread talks to the database, and taken before a fork: the
        # child must not inherit a connection or lock in the middle of a beat.
        self._beat_lock = threading.Lock()
        self._stopping = threading.Event()
        self._child: int | None = None
        self._interrupted = False

    # -- liveness ----------------------------------------------------------------------------

    def run(self) -> None:
        self._beat(sweep=True)
        beats = threading.Thread(target=self._beat_loop, name="worker-beat", daemon=True)
        beats.start()
        try:
            super().run()
        finally:
            self._stopping.set()
            beats.join(timeout=30)
            with contextlib.suppress(DatabaseError):
                do_mark_worker_stopped(worker_id=self.worker_id)

    def _beat_loop(self) -> None:
        interval = settings.SUPPORTDESK_WORKER_BEAT_SECONDS
        sweep_every = settings.SUPPORTDESK_RECOVERY_SWEEP_SECONDS
        since_sweep = 0.0
        while not self._stopping.wait(interval):
            since_sweep += interval
            sweep = since_sweep >= sweep_every
            if sweep:
                since_sweep = 0.0
            self._beat(sweep=sweep)

    def _beat(self, *, sweep: bool) -> None:
        with self._beat_lock:
            close_old_connections()
            try:
                do_record_worker_beat(worker_id=self.worker_id, queues=self.queue_names)
                if sweep:
                    do_recover_abandoned_work()
            except Exception:  # the next beat tries again; a worker must not die of this
                logger.exception("worker %s: beat or recovery sweep failed", self.worker_id)
            finally:
                close_old_connections()

    # -- time-limited tasks ------------------------------------------------------------------

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if self._child is not None:
            # Stopping must not wait out an analysis: end it, and it runs again later.
            self._interrupted = True
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._child, signal.SIGKILL)
        super().shutdown(signum, frame)

    def run_task(self, db_task_result: DBTaskResult[..., Any]) -> None:
        if self.time_limit is None:
            super().run_task(db_task_result)
            return
        self.running_task = True
        try:
            # Stop signals wait until `_child` is set, so a shutdown always finds the child.
            signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
            try:
                with self._beat_lock:
                    connections.close_all()
                    parent = os.getpid()
                    pid = os.fork()
                    if pid == 0:
                        self._run_in_child(db_task_result, parent)
                self._child = pid
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
            _, status = os.waitpid(pid, 0)
            self._child = None
            self._settle(db_task_result, status)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _run_in_child(self, db_task_result: DBTaskResult[..., Any], parent: int) -> None:
        code = 1
        try:
            self.reset_signals()
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
            _die_with_parent(parent)
            signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the kernel's kill, not an exception
            signal.alarm(self.time_limit or 0)
            if self.memory_limit_mb:
                _limit_memory(self.memory_limit_mb)
            super().run_task(db_task_result)
            connections.close_all()
            code = 0
        finally:
            os._exit(code)

    def _settle(self, db_task_result: DBTaskResult[..., Any], status: int) -> None:
        """Record the outcome of a child that did not record one itself."""
        signum = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        run = DBTaskResult.objects.filter(
            pk=db_task_result.pk,
            status=TaskResultStatus.RUNNING,
            started_at=db_task_result.started_at,
        )
        if self._interrupted:
            self._interrupted = False
            # Not the task's fault: this run does not count towards its limit of runs.
            run.update(status=TaskResultStatus.READY, worker_ids=db_task_result.worker_ids[:-1])
            logger.warning("task %s interrupted by shutdown; queued again", db_task_result.pk)
            return
        unsettled = run.first()
        if unsettled is None:
            return
        error: Exception
        if signum == signal.SIGALRM:
            error = TaskTimeLimitExceeded(f"took longer than {self.time_limit} s")
        elif signum is not None:
            error = TaskProcessDied(f"killed by {signal.strsignal(signum)}")
        else:
            error = TaskProcessDied(f"exited with status {os.waitstatus_to_exitcode(status)}")
        logger.error("task %s (%s) failed: %s", unsettled.pk, unsettled.task_path, error)
        unsettled.set_failed(error)
        with contextlib.suppress(Exception):
            task_finished.send(
                sender=type(unsettled.task.get_backend()), task_result=unsettled.task_result
            )


def _die_with_parent(parent: int) -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _limit_memory(megabytes: int) -> None:
    """Allow the child `megabytes` of address space beyond what it inherited."""
    pages = int(Path("/proc/self/statm").read_text().split()[0])
    inherited = pages * resource.getpagesize()
    limit = inherited + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
