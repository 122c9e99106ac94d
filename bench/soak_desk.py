"""The desk under test for `bench/soak.py`, and what happens around it while it runs.

The database it runs on (a throwaway PostgreSQL, or SQLite), `supportdesk serve` itself, the
seed data (customers' organisations, the mailbox, an agent, portal accounts, Telegram users
linked to a request), the worker killer, the agent who answers a sample of tickets, and the
watcher that asks the web server for a page every second.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
from bench.mail_ingest import (
    seed_customer_organisations,
    start_throwaway_postgres,
    stop_throwaway_postgres,
)

if TYPE_CHECKING:
    from supportdesk.accounts.models import User

PASSWORD = "soak-customer-password"  # noqa: S105 — a throwaway account on a throwaway desk
REPLY_ONE_IN = 10
TELEGRAM_USER_BASE = 900_000_000


@dataclass
class Watch:
    """The web server as a customer sees it: /healthz and a portal page, every second."""

    checks: int = 0
    errors: list[str] = field(default_factory=list)
    slowest: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)

    def run(self, client: httpx.Client, stop: threading.Event, deadline: float) -> None:
        while not stop.wait(1.0) and time.monotonic() < deadline:
            for path in ("/healthz", "/portal/"):
                started = time.monotonic()
                try:
                    status = client.get(path).status_code
                    if status >= 400:
                        self.error(f"GET {path}: {status}")
                except httpx.HTTPError as exc:
                    self.error(f"GET {path}: {type(exc).__name__} {exc}")
                with self.lock:
                    self.checks += 1
                    self.slowest = max(self.slowest, time.monotonic() - started)


def child_pids(pid: int) -> list[int]:
    """A process's children (read from /proc, no psutil)."""
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            children += [int(p) for p in (task / "children").read_text().split()]
    return children


def worker_pids(serve_pid: int) -> dict[int, str]:
    """The task workers among `serve`'s children, by pid with their queue."""
    workers = {}
    for pid in child_pids(serve_pid):
        with contextlib.suppress(OSError, ValueError, IndexError):
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
            if "worker" in argv:
                workers[pid] = argv[argv.index("--queue-name") + 1]
    return workers


@dataclass
class Kills:
    rounds: int = 0
    empty_rounds: int = 0  # every worker was down, waiting out the supervisor's backoff
    killed: list[str] = field(default_factory=list)  # the queue of each worker killed

    def run(self, serve_pid: int, every: float, stop: threading.Event) -> None:
        while not stop.wait(every):
            self.rounds += 1
            workers = worker_pids(serve_pid)
            self.empty_rounds += not workers
            for pid, queue in workers.items():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                    self.killed.append(queue)

    def summary(self) -> str:
        queues = ", ".join(f"{n} {q!r}" for q, n in sorted(Counter(self.killed).items()))
        return (
            f"{len(self.killed)} workers SIGKILLed ({queues}) in {self.rounds} rounds, "
            f"{self.empty_rounds} of them with every worker already down"
        )


class AgentReplies:
    """An agent answers every tenth ticket (by id) once, with a token in the text."""

    def __init__(self, agent: User) -> None:
        self.agent = agent
        self.replied: set[int] = set()
        self.message_ids: set[int] = set()
        self.errors: list[str] = []
        # The last round (after the drain) runs in the main thread while this one may too.
        self.lock = threading.Lock()

    def run(self, stop: threading.Event, deadline: float) -> None:
        from django.db import connection

        try:
            while not stop.wait(2.0) and time.monotonic() < deadline:
                self.answer_due()
        finally:
            connection.close()

    def answer_due(self) -> None:
        from django.db import DatabaseError

        from supportdesk.tickets.actions.replies import check_send_public_reply
        from supportdesk.tickets.models import Ticket

        with self.lock:
            ids = Ticket.objects.order_by("pk").values_list("pk", flat=True)
            for pk in [pk for pk in ids if pk % REPLY_ONE_IN == 0 and pk not in self.replied]:
                body = (
                    f"Здравствуйте! Мы нашли причину и выкладываем исправление. "
                    f"R{len(self.replied):06d}"
                )
                for attempt in range(3):
                    try:
                        ticket = Ticket.objects.get(pk=pk)
                        message = check_send_public_reply(
                            ticket=ticket, agent=self.agent, body=body
                        )
                        self.message_ids.add(message.pk)
                        break
                    except DatabaseError as exc:  # SQLite busy under load: try again
                        if attempt == 2:
                            self.errors.append(f"reply on ticket {pk}: {exc}")
                        time.sleep(0.5)
                self.replied.add(pk)


# -- the desk's data before it starts ------------------------------------------------------------


def seed(
    dovecot_port: int, portal_customers: int, telegram_users: int
) -> tuple[User, list[str], list[int]]:
    """Customers' organisations, the mailbox, an agent, portal accounts (the last one is the
    web watcher's) and Telegram users linked to a contact with an active request."""
    from django.contrib.auth.hashers import make_password
    from tests.mail.servers import IMAP_PASSWORD, IMAP_USER

    from supportdesk.accounts.models import User
    from supportdesk.customers.actions.contacts import SenderIdentity
    from supportdesk.customers.actions.portal_accounts import do_link_portal_account
    from supportdesk.customers.models import IdentityKind
    from supportdesk.mail.models import Mailbox, Security
    from supportdesk.telegram.models import Dialogue
    from supportdesk.tickets.inbound import InboundMessage, receive
    from supportdesk.tickets.models import Channel

    seed_customer_organisations()
    Mailbox.objects.create(
        name="Soak",
        address="help@desk.example",
        imap_host="127.0.0.1",
        imap_port=dovecot_port,
        imap_security=Security.NONE,
        imap_login=IMAP_USER,
        imap_password=IMAP_PASSWORD,
    )
    agent = User.objects.create(
        username="soak-agent", email="agent@desk.example", is_staff=True, first_name="Агент"
    )
    password = make_password(PASSWORD)  # hashed once: every customer has the same one
    emails = [f"portal{k}@org{k % 40}.example" for k in range(portal_customers + 1)]
    for k, email in enumerate(emails):
        user = User.objects.create(
            username=email, email=email, password=password, first_name=f"Клиент портала {k}"
        )
        do_link_portal_account(user=user)
    user_ids = [TELEGRAM_USER_BASE + u for u in range(telegram_users)]
    for uid in user_ids:
        result = receive(
            InboundMessage(
                channel=Channel.TELEGRAM,
                external_id=f"soak-setup-{uid}",
                sender=SenderIdentity(
                    kind=IdentityKind.TELEGRAM,
                    external_id=str(uid),
                    name=f"Пользователь {uid}",
                    language="ru",
                ),
                text="Здравствуйте! Открываю обращение через бота.",
            )
        )
        Dialogue.objects.create(
            telegram_user_id=uid,
            chat_id=uid,
            language="ru",
            contact=result.ticket.requester,
            active_ticket=result.ticket,
        )
    return agent, emails, user_ids


# -- services -----------------------------------------------------------------------------------


@contextlib.contextmanager
def database(kind: str) -> Iterator[str]:
    """A DATABASE_URL ("" for SQLite in the var directory)."""
    if kind == "sqlite":
        yield ""
        return
    started = start_throwaway_postgres()
    if started is None:
        raise SystemExit("PostgreSQL: cannot start a throwaway server here (it needs root)")
    url, pg_dir = started
    try:
        yield url
    finally:
        stop_throwaway_postgres(pg_dir)


@contextlib.contextmanager
def desk(port: int, log: Path, deadline: float) -> Iterator[subprocess.Popen[bytes]]:
    """`supportdesk serve --no-demo` with the environment already set; stopped with SIGTERM."""
    command = Path(sys.executable).with_name("supportdesk")
    with log.open("ab") as out:
        serve = subprocess.Popen(  # noqa: S603 — the project's own console script
            [str(command), "serve", "--no-demo", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        ready = time.monotonic() + 180
        while time.monotonic() < min(ready, deadline):
            if serve.poll() is not None:
                raise SystemExit(f"serve exited with {serve.returncode}; see {log}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            time.sleep(0.5)
        else:
            raise SystemExit(f"the desk did not answer /healthz; see {log}")
        yield serve
    finally:
        if serve.poll() is None:
            serve.send_signal(signal.SIGTERM)
            try:
                serve.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(serve.pid, signal.SIGKILL)
                serve.wait()
