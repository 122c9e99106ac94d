from crontask import cron
from django.tasks import task

from supportdesk.ops.heartbeat import WORKER, do_record_heartbeat


@cron("* * * * *")
@task()
def record_worker_heartbeat() -> None:
    """Run by the worker on the scheduler's tick: a fresh beat proves both are alive."""
    do_record_heartbeat(WORKER)
