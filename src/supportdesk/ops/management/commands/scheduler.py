"""`supportdesk scheduler`: django-crontask's scheduler, one at a time on the installation.

With REDIS_URL set, crontask's own Redis lock decides (a second scheduler waits
LOCK_BLOCKING_TIMEOUT seconds, says "Another scheduler is already running" and exits; `serve`
starts it again later). Without Redis, crontask would take no lock at all and two schedulers
would run every job twice: the lease row of `supportdesk.ops.scheduler_lock` takes its place,
and a second scheduler waits as a standby until the first stops or its lease runs out.
Run this, not `crontask`.
"""

from __future__ import annotations

from typing import Any

from crontask import conf as crontask_conf
from crontask import utils as crontask_utils
from crontask.management.commands.crontask import Command as CrontaskCommand

from supportdesk.ops.scheduler_lock import DatabaseLock


class Command(CrontaskCommand):  # type: ignore[misc]
    help = "Run the scheduler of periodic jobs; a second one waits as a standby."

    def handle(self, *args: Any, **options: Any) -> None:
        if isinstance(crontask_utils.lock, crontask_utils.FakeLock):
            settings = crontask_conf.get_settings()
            crontask_utils.lock = DatabaseLock(
                timeout=float(settings.LOCK_TIMEOUT),
                poll_seconds=float(settings.LOCK_REFRESH_INTERVAL),
                on_wait=self.stdout.write,
            )
        super().handle(*args, **options)
