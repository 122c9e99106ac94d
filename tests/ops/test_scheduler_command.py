"""`supportdesk scheduler` stopped by SIGTERM while apscheduler is still adding its jobs: a clean
exit, not a traceback (a clean-clone run caught it once through the timing-dependent test in
test_scheduler_lock.py; this one reproduces that moment every time)."""

import io
import signal

from apscheduler.schedulers.blocking import BlockingScheduler

from supportdesk.ops.management.commands.scheduler import Command


class InterruptedWhileStarting(BlockingScheduler):  # type: ignore[misc]
    def start(self, *args: object, **kwargs: object) -> None:
        # What crontask's SIGTERM handler raises, here before the scheduler ever ran.
        raise KeyboardInterrupt("Received SIGTERM (15), shutting down…")


def test_sigterm_before_the_scheduler_runs_ends_cleanly() -> None:
    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    out = io.StringIO()
    try:
        Command(stdout=out).launch_scheduler(None, InterruptedWhileStarting())
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    assert "Shutting down scheduler" in out.getvalue()
