"""`supportdesk serve`: the whole desk in one foreground command.

Prepares the database (migrate, static files, demo data once), then runs the ASGI server,
two task workers ("default" for deliveries and the rest, "analysis" for attachments, each
task there in a bounded child process) and the scheduler as child processes. A background
child that exits is restarted (see `supportdesk.ops.supervisor`); the web server exiting, or
Ctrl-C / SIGTERM, stops all of them.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from supportdesk.config import env
from supportdesk.ops.demo_data import demo_data_loaded, load_demo_data
from supportdesk.ops.supervisor import Child, Supervisor
from supportdesk.ops.tasks import record_worker_heartbeat


class Command(BaseCommand):
    help = "Run the web server, the task worker and the scheduler together."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--no-demo", action="store_true", help="Do not load demo data.")

    def handle(self, *args: Any, **options: Any) -> None:
        # System checks first (call_command skips them): a desk that cannot deliver on one of
        # its channels, or is misconfigured otherwise, does not start.
        call_command("migrate", interactive=False, verbosity=0, skip_checks=False)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not options["no_demo"] and not demo_data_loaded():
            self._load_demo()
        record_worker_heartbeat.enqueue()

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
        children = [
            Child("web", web, essential=True),
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
            Child("scheduler", [*desk, "crontask"]),
        ]
        if settings.TELEGRAM_BOT_TOKEN and settings.TELEGRAM_MODE == "polling":
            children.append(Child("telegram", [*desk, "telegram", "poll"]))
        # A process manager stops us with SIGTERM: stop the children too, as on Ctrl-C.
        signal.signal(signal.SIGTERM, _interrupt)
        supervisor = Supervisor(children, log=self.stderr.write)
        if outgoing := getattr(settings, "OUTGOING_MAIL_DIR", None):
            self.stdout.write(
                f"No SMTP server configured (EMAIL_HOST): outgoing mail is written to {outgoing}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"SupportDesk: http://{options['host']}:{options['port']}/ — agents /desk/, "
                f"customers /portal/, administrators /admin/  (Ctrl-C stops)"
            )
        )
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


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
