"""`supportdesk scheduler`: django-crontask's scheduler, one at a time on the installation.

Without Redis, crontask takes no lock at all and two schedulers would run every job twice; with
it, a second scheduler gives up after LOCK_BLOCKING_TIMEOUT seconds and exits, which `serve`
would restart into a crash loop. The lease row of `supportdesk.ops.scheduler_lock` replaces
crontask's lock in both cases: a second scheduler waits quietly as a standby until the first
stops or its lease runs out. Run this, not `crontask`.
"""

from __future__ import annotations

import signal
from types import FrameType
from typing import Any

from apscheduler.schedulers import SchedulerNotRunningError
from crontask import conf as crontask_conf
from crontask import utils as crontask_utils
from crontask.management.commands import crontask as crontask_command
from crontask.management.commands.crontask import Command as CrontaskCommand

from supportdesk.ops.scheduler_lock import DatabaseLock


class Command(CrontaskCommand):  # type: ignore[misc]
    help = "Run the scheduler of periodic jobs; a second one waits as a standby."

    def handle(self, *args: Any, **options: Any) -> None:
        # crontask installs this handler by its module name when the scheduler starts.
        crontask_command.kill_softly = _stop_once
        settings = crontask_conf.get_settings()
        crontask_utils.lock = DatabaseLock(
            timeout=float(settings.LOCK_TIMEOUT),
            poll_seconds=float(settings.LOCK_REFRESH_INTERVAL),
            on_wait=self.stdout.write,
        )
        super().handle(*args, **options)

    def launch_scheduler(self, lock: Any, scheduler: Any) -> None:
        try:
            super().launch_scheduler(lock, scheduler)
        except SchedulerNotRunningError:
            # SIGTERM came while apscheduler was still adding its jobs: crontask then shuts down
            # a scheduler that never ran. Nothing runs yet, so stopping is already done.
            self.stdout.write("The scheduler had not started; nothing else to stop.")


_soft_stop = crontask_command.kill_softly


def _stop_once(signum: int, frame: FrameType | None) -> None:
    """The first SIGTERM or Ctrl-C stops the scheduler; a second one (a process manager signals
    the whole group and `serve` forwards it too) must not interrupt the shutdown with a
    traceback."""
    for stop in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(stop, signal.SIG_IGN)
    _soft_stop(signum, frame)
