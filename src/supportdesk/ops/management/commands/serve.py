"""`supportdesk serve`: the desk, or one role of it, in one foreground command.

`--role all` (the default, what `make run` uses) prepares the database (migrate, static files,
demo data once), then runs the ASGI server, two task workers ("default" for deliveries and the
rest, "analysis" for attachments, each task there in a bounded child process) and the scheduler
as child processes. The other roles run one part of that, for a layout of several nodes:

- `web`: the ASGI server only; its exit makes `serve` exit with status 1.
- `worker`: the two task workers and the Telegram poller (unless the environment sets a webhook).
- `scheduler`: the scheduler only (`supportdesk scheduler`: a second one is a standby).

Only `all` migrates, collects static files and loads demo data: nodes that start together
must not race each other's migrations, so a deployment runs `supportdesk migrate` and
`collectstatic` once per upgrade, and a role started on an unmigrated database refuses to run.
A background child that exits is restarted (see `supportdesk.ops.supervisor`); the web server
exiting, or Ctrl-C / SIGTERM, stops all of them.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from supportdesk.config import env
from supportdesk.ops.demo_data import demo_data_loaded, load_demo_data
from supportdesk.ops.supervisor import Child, Supervisor
from supportdesk.ops.tasks import record_worker_heartbeat
from supportdesk.telegram.bot_config import environment_bot_config

ROLES = ("all", "web", "worker", "scheduler")


class Command(BaseCommand):
    help = "Run the web server, the task workers and the scheduler, or one of these roles."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--no-demo", action="store_true", help="Do not load demo data.")
        parser.add_argument(
            "--role",
            choices=ROLES,
            default="all",
            help="all (default): everything, after migrating; web: the web server; worker: "
            "the task workers; scheduler: the scheduler of periodic jobs.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        role = options["role"]
        if role == "all":
            # System checks first (call_command skips them): a desk that cannot deliver on one
            # of its channels, or is misconfigured otherwise, does not start.
            call_command("migrate", interactive=False, verbosity=0, skip_checks=False)
            call_command("collectstatic", interactive=False, verbosity=0)
            if not options["no_demo"] and not demo_data_loaded():
                self._load_demo()
        else:
            # `serve` itself requires system checks, so they ran before handle().
            _require_migrated(role)
        if role in {"all", "worker"}:
            record_worker_heartbeat.enqueue()
        _prepare_metrics_directory(role)
        # The workers write the links in emails: they must name the port actually served.
        os.environ["PORT"] = str(options["port"])

        python = sys.executable
        desk = [python, "-m", "supportdesk"]
        web = [
            python,
            "-m",
            "uvicorn",
            "supportdesk.config.asgi:application",
            "--host",
            options["host"],
            "--port",
            str(options["port"]),
            "--no-access-log",
            # Chat frames are small JSON; files go over HTTP.
            "--ws-max-size",
            "65536",
            "--lifespan",
            "off",
            # uvicorn would believe X-Forwarded-For from any local client; the desk decides
            # whom to believe itself (SUPPORTDESK_TRUSTED_PROXIES).
            "--no-proxy-headers",
        ]
        analysis_limits = [
            "--time-limit",
            str(settings.SUPPORTDESK_ANALYSIS_TIME_LIMIT),
            "--memory-limit-mb",
            str(settings.SUPPORTDESK_ANALYSIS_MEMORY_LIMIT_MB),
        ]
        workers = [
            Child(
                "worker",
                [*desk, "worker", "--interval", "1", "--queue-name", "default"],
                task_worker=True,
            ),
            Child(
                "analysis",
                [*desk, "worker", "--interval", "1", "--queue-name", "analysis", *analysis_limits],
                task_worker=True,
            ),
        ]
        # The poller follows the admin's bot settings, which can change at any time, so it runs
        # (idle while there is nothing to poll for) unless the environment decided on a webhook.
        from_environment = environment_bot_config()
        if from_environment.source is None or from_environment.polls:
            workers.append(Child("telegram", [*desk, "telegram", "poll"]))
        scheduler = Child("scheduler", [*desk, "scheduler"])
        children = {
            "all": [Child("web", web, essential=True), *workers, scheduler],
            "web": [Child("web", web, essential=True)],
            "worker": workers,
            "scheduler": [scheduler],
        }[role]
        # A process manager stops us with SIGTERM: stop the children too, as on Ctrl-C.
        signal.signal(signal.SIGTERM, _interrupt)
        supervisor = Supervisor(children, log=self.stderr.write)
        if outgoing := getattr(settings, "OUTGOING_MAIL_DIR", None):
            self.stdout.write(
                f"No SMTP server configured (EMAIL_HOST): outgoing mail is written to {outgoing}"
            )
        if role in {"all", "web"}:
            self.stdout.write(
                self.style.SUCCESS(
                    f"SupportDesk: http://{options['host']}:{options['port']}/ — agents /desk/, "
                    f"customers /portal/, administrators /admin/  (Ctrl-C stops)"
                )
            )
        else:
            names = ", ".join(child.name for child in children)
            self.stdout.write(self.style.SUCCESS(f"SupportDesk {role}: {names} (Ctrl-C stops)"))
        if supervisor.run():
            sys.exit(1)
        self.stdout.write("stopped")

    def _load_demo(self) -> None:
        credentials = load_demo_data()
        lines = [
            f"{c.username} / {c.password}"
            + (" (administrator)" if c.superuser else "")
            + (" (customer, /portal/)" if c.portal else " (agent, /desk/)")
            for c in credentials
        ]
        path = env.var_dir() / "demo-credentials.txt"
        path.write_text("\n".join(lines) + "\n")
        path.chmod(0o600)
        self.stdout.write(
            self.style.WARNING("Demo data loaded. Agent logins (also kept in " + str(path) + "):")
        )
        for line in lines:
            self.stdout.write("    " + line)


def _require_migrated(role: str) -> None:
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError(
            f"the database has unapplied migrations: run 'supportdesk migrate' once before "
            f"starting the {role} role (only --role all migrates by itself)"
        )
    connection.close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _prepare_metrics_directory(role: str) -> None:
    """PROMETHEUS_MULTIPROC_DIR must exist before a child imports prometheus-client. `all`
    starts every process of the node, so files left by an earlier run (their pids may be reused,
    their histograms would be added to the new ones) are removed; one role of several on a node
    keeps them, as the other roles' processes are still writing there."""
    if not (directory := os.environ.get("PROMETHEUS_MULTIPROC_DIR")):
        return
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    if role == "all":
        for stale in path.glob("*.db"):
            stale.unlink()
