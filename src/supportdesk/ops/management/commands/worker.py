"""`supportdesk worker`: django-tasks-db's `db_worker` with heartbeats, recovery of abandoned
work and, with --time-limit, each task in a child process killed when its time is up."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from supportdesk.ops.task_worker import DeskWorker


class Command(DbWorkerCommand):
    help = "Run a task worker that beats, recovers abandoned work and can bound each task."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--time-limit",
            type=int,
            default=None,
            help="Run each task in a child process killed after this many seconds.",
        )
        parser.add_argument(
            "--memory-limit-mb",
            type=int,
            default=None,
            help="With --time-limit: memory a task's process may take beyond the worker's own.",
        )

    def configure_logging(self, verbosity: int) -> None:
        # db_worker sets its loggers to INFO at the default verbosity, a line per task that
        # would bury the desk's console; LOGGING (LOG_LEVEL_BACKGROUND) decides instead,
        # and `-v 2` still shows every task.
        if verbosity >= 2:
            super().configure_logging(verbosity)

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        excluded = options["exclude_queues"]
        worker = DeskWorker(
            queue_names=options["queue_name"].split(","),
            excluded_queue_names=excluded.split(",") if excluded else [],
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            time_limit=options["time_limit"],
            memory_limit_mb=options["memory_limit_mb"],
        )
        worker.configure_signals()
        worker.run()
