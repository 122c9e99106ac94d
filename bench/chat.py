"""Chat at scale: two web processes and a worker on PostgreSQL + Redis, thousands of widgets.

    .venv/bin/python bench/chat.py [--connections 2000] [--clients 1000] [--rate 20]
                                   [--seconds 30] [--storm-seconds 15]

Starts a throwaway PostgreSQL (scripts/services/postgres.sh; root needed) and Redis (REDIS_URL
if set, under a prefix of its own, else a throwaway redis-server), then the desk as production
runs it: `supportdesk serve --role web` on two ports and `--role worker`. Widgets (asyncio
WebSockets, every one a signed user of its own) connect to the two web processes in turn, each
opening a conversation. Then:

- delivery latency with `--clients` widgets connected, `--rate` messages/s each way for
  `--seconds`: agent → customer (a `supportdesk shell` loop calls `do_send_public_reply`, the
  worker-like path, whose push goes through Redis; measured from the moment the reply started
  to the widget receiving it) and customer → agent (a widget's send to the agent's ticket page
  on the second process hearing "changed"), against a baseline of the same at 200 clients;
- memory per connection: the web processes' RSS before the first and after the last widget;
- a reconnect storm with `--connections` widgets: while replies and messages flow, every
  widget drops its connection at once (no closing handshake) and reconnects at once, resuming
  from the last update id it saw and sending again what was not acknowledged (duplicate client
  ids); afterwards every widget's update ids are counted against the database (none lost, none
  given twice) and every customer message is looked for by its token (stored once).

Target: p95 < 100 ms at 1,000 clients, 0 lost, 0 duplicated. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench.chat_clients import DeskPage, Latencies, Widget, gather_bounded  # noqa: E402
from bench.soak_desk import child_pids, database  # noqa: E402
from tests.ops.processes import (  # noqa: E402
    FAST_RECOVERY,
    PASSWORD,
    Browser,
    Desk,
    free_port,
    running_redis,
)

BASELINE_CLIENTS = 200
# A customer may send 20 messages a minute: the sends are spread over this many widgets.
SENDERS = 100
HOST_KEY = "bench"
PRODUCER = """
import os, time
from supportdesk.accounts.models import User
from supportdesk.tickets.actions.replies import do_send_public_reply
from supportdesk.tickets.models import Ticket
agent = User.objects.get(username="agent")
numbers = [int(n) for n in os.environ["BENCH_TICKETS"].split(",")]
tickets = list(Ticket.objects.filter(number__in=numbers).order_by("?"))
rate, seconds = float(os.environ["BENCH_RATE"]), float(os.environ["BENCH_SECONDS"])
print("ready", flush=True)
start = time.monotonic()
i = 0
took = []
while time.monotonic() < start + seconds:
    time.sleep(max(0.0, start + i / rate - time.monotonic()))
    began = time.monotonic()
    do_send_public_reply(ticket=tickets[i % len(tickets)], agent=agent,
                         body=f"Ответ агента A{i:06d} @{time.time():.6f}")
    took.append((time.monotonic() - began) * 1000)
    i += 1
took.sort()
print(f"producer: {i} replies in {time.monotonic() - start:.1f} s; the reply action (write, "
      f"commit, publish) p50 {took[len(took) // 2]:.0f} ms, p95 {took[len(took) * 19 // 20]:.0f} ms",
      flush=True)
"""


@dataclass
class Run:
    args: argparse.Namespace
    desk: Desk
    ports: list[int]
    agent_cookie: str
    latencies: Latencies = field(default_factory=Latencies)
    widgets: list[Widget] = field(default_factory=list)
    pages: list[DeskPage] = field(default_factory=list)
    sent_tokens: list[str] = field(default_factory=list)
    duplicate_sends: int = 0
    rows: list[tuple[str, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def row(self, what: str, value: str) -> None:
        self.rows.append((what, value))
        print(f"  {what:<48} {value}", flush=True)


# -- the desk -----------------------------------------------------------------------------------


@contextlib.contextmanager
def running_desk(work: Path) -> Iterator[tuple[Desk, list[int]]]:
    """PostgreSQL, Redis, the schema, a chat host and an agent; two web processes and a worker.
    This process opens the same database (for the seed and the counts afterwards)."""
    with database("postgres") as url, running_redis() as redis_url:
        desk = Desk(work / "var")
        # The desk's own recovery windows: the tests' short ones would kill a busy worker.
        for name in ("EMAIL_HOST", "EMAIL_BACKEND", "PROMETHEUS_MULTIPROC_DIR", *FAST_RECOVERY):
            desk.env.pop(name, None)
        desk.env |= {"DATABASE_URL": url, "REDIS_URL": redis_url}
        os.environ.update(desk.env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "supportdesk.config.settings.embedded"
        import django

        django.setup()
        seed()
        ports = [free_port(), free_port()]
        try:
            desk.start_nodes(ports)
            for process in desk.processes:  # nobody reads their output: keep the pipes flowing
                threading.Thread(
                    target=_copy, args=(process, work / "desk.log"), daemon=True
                ).start()
            yield desk, ports
        finally:
            desk.stop_gracefully()


def seed() -> None:
    from django.core.management import call_command
    from tests.chat.widgets import ORIGIN, SECRET

    from supportdesk.accounts.models import User
    from supportdesk.chat.models import ChatHost

    call_command("migrate", verbosity=0)
    ChatHost.objects.create(name="Bench", key=HOST_KEY, allowed_origins=ORIGIN, secret=SECRET)
    User.objects.create_user("agent", password=PASSWORD, is_staff=True, first_name="Агент")


def _copy(process: subprocess.Popen[str], log: Path) -> None:
    assert process.stdout is not None
    with log.open("a") as out:
        for line in process.stdout:
            out.write(line)


def web_rss(desk: Desk) -> int:
    """Resident memory of the two web processes (each `serve` and its uvicorn), in bytes."""
    total = 0
    for process in desk.processes[:2]:
        for pid in [process.pid, *_descendants(process.pid)]:
            with contextlib.suppress(OSError, ValueError):
                status = Path(f"/proc/{pid}/status").read_text()
                total += int(status.split("VmRSS:")[1].split()[0]) * 1024
    return total


def _descendants(pid: int) -> list[int]:
    children = child_pids(pid)
    return children + [d for child in children for d in _descendants(child)]


# -- the phases ---------------------------------------------------------------------------------


async def connect_up_to(run: Run, count: int) -> list[float]:
    """Opens widgets until `count` are connected, each starting a conversation; the seconds
    each took from connecting to its welcome."""
    from tests.chat.widgets import ORIGIN, identity

    new = []
    for n in range(len(run.widgets), count):
        port = run.ports[n % 2]
        token = identity(
            user_id=f"bench-{n}",
            email=f"user{n}@team{n % 50}.example",
            name=f"Клиент {n}",
            team_id=f"team-{n % 50}",
            team_name=f"Команда {n % 50}",
        )
        url = f"ws://127.0.0.1:{port}/chat/ws/?host={HOST_KEY}&lang=ru"
        new.append(Widget(n, url, ORIGIN, token, run.latencies))
    run.widgets += new
    times: list[float] = await gather_bounded([w.open() for w in new], 50)
    await gather_bounded([first_message(run, w) for w in new], 50)
    return times


async def first_message(run: Run, widget: Widget) -> None:
    await say(run, widget)
    await asyncio.wait_for(widget.acked.wait(), 120)


async def say(run: Run, widget: Widget, *, twice: bool = False) -> None:
    token = f"C{len(run.sent_tokens):06d}"
    run.sent_tokens.append(token)
    client_id = uuid.uuid4().hex
    await widget.say(client_id, f"Не открывается диаграмма {token}")
    if twice:  # a retried send on a flaky network: the same client id again
        run.duplicate_sends += 1
        await widget.say(client_id, f"Не открывается диаграмма {token}")


async def open_pages(run: Run) -> None:
    """The agent's ticket pages of the first SENDERS conversations, on the second process."""
    from supportdesk.tickets.models import Ticket

    senders = run.widgets[:SENDERS]
    numbers = [w.ticket for w in senders]
    ids = dict(
        await asyncio.to_thread(
            lambda: list(Ticket.objects.filter(number__in=numbers).values_list("number", "pk"))
        )
    )
    base = f"127.0.0.1:{run.ports[1]}"
    for widget in senders:
        url = f"ws://{base}/desk/ws/?ticket={ids[widget.ticket]}"
        run.pages.append(DeskPage(url, f"http://{base}", run.agent_cookie, run.latencies))
    await gather_bounded([page.open() for page in run.pages], 20)


async def traffic(run: Run, seconds: float, *, repeats: bool = False) -> subprocess.Popen[str]:
    """For `seconds`: agent replies to the conversations past the senders' (by the producer
    process) and customers' messages from the senders, each `--rate` per second. Returns the
    producer's process (still finishing)."""
    rate = run.args.rate
    targets = run.widgets[SENDERS:] or run.widgets
    run.desk.env |= {
        "BENCH_TICKETS": ",".join(str(w.ticket) for w in targets),
        "BENCH_RATE": str(rate),
        "BENCH_SECONDS": str(seconds),
    }
    producer = run.desk.start("shell", "-c", PRODUCER)
    # Its start-up (Django, a core for a second or two) is not what is measured.
    await asyncio.to_thread(_until_ready, producer)
    start = time.monotonic()
    for i in range(int(rate * seconds)):
        await asyncio.sleep(max(0.0, start + i / rate - time.monotonic()))
        widget, page = run.widgets[i % SENDERS], run.pages[i % SENDERS]
        if widget.connection is None:  # dropped in the storm: it sends again when back
            continue
        page.customer_sent()
        await say(run, widget, twice=repeats and i % 20 == 0)
    return producer


def _until_ready(producer: subprocess.Popen[str]) -> None:
    assert producer.stdout is not None
    for line in producer.stdout:
        if line.strip() == "ready":
            return
    raise SystemExit(f"the reply producer exited with {producer.wait()}")


async def quiet(run: Run) -> None:
    """Until the worker has done what the connections before left it (the new conversations'
    acknowledgements), so that a measurement is not of that backlog."""
    from django_tasks_db.models import DBTaskResult

    def pending() -> int:
        return DBTaskResult.objects.ready().count() + DBTaskResult.objects.running().count()

    started, deadline = time.monotonic(), time.monotonic() + 600
    while (left := await asyncio.to_thread(pending)) and time.monotonic() < deadline:
        await asyncio.sleep(1)
    print(f"  worker idle after {time.monotonic() - started:.0f} s ({left} tasks left)", flush=True)


def finish(producer: subprocess.Popen[str], timeout: float) -> None:
    """Waits for the reply producer and prints its last line (how many replies it made)."""
    output, _ = producer.communicate(timeout=timeout)
    print("  " + (output.strip().splitlines() or ["producer: no output"])[-1], flush=True)


async def latency(run: Run, label: str) -> dict[str, float]:
    args = run.args
    seconds = args.seconds if label == "main" else min(10.0, args.seconds)
    await quiet(run)
    run.latencies = latencies = Latencies(on=True)
    for widget in run.widgets:
        widget.latencies = latencies
    for page in run.pages:
        page.latencies, page.waiting = latencies, []
    producer = await traffic(run, seconds)
    await asyncio.to_thread(finish, producer, seconds + 60)
    await asyncio.sleep(2)  # the last pushes in flight
    latencies.on = False
    clients = len(run.widgets)
    figures = {}
    for name, samples in (
        ("agent → customer", latencies.agent_to_customer),
        ("customer → agent page", latencies.customer_to_agent),
        ("customer send → ack", latencies.customer_ack),
    ):
        p50, p95 = _percentiles(samples)
        figures[name] = p95
        run.row(
            f"{name} at {clients} clients",
            f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {max(samples, default=0):6.1f} ms  "
            f"({len(samples)} samples)",
        )
    unheard = sum(len(page.waiting) for page in run.pages)
    if unheard:
        run.row("customer messages the agent page did not hear", str(unheard))
    return figures


def _percentiles(samples: list[float]) -> tuple[float, float]:
    if len(samples) < 2:
        return (samples[0], samples[0]) if samples else (0.0, 0.0)
    return statistics.median(samples), statistics.quantiles(samples, n=20)[18]


async def storm(run: Run) -> None:
    """Traffic, and a third of the way in every widget drops and reconnects at once."""
    seconds = run.args.storm_seconds
    await quiet(run)
    sending = asyncio.create_task(traffic(run, seconds, repeats=True))
    await asyncio.sleep(seconds / 3)
    await asyncio.gather(*(w.drop() for w in run.widgets))
    started = time.monotonic()
    results = await asyncio.gather(*(w.open() for w in run.widgets), return_exceptions=True)
    back = time.monotonic() - started
    failed = [r for r in results if isinstance(r, BaseException)]
    run.row(
        f"reconnect storm: {len(run.widgets)} widgets back",
        f"in {back:.1f} s (p95 {_percentiles([r for r in results if isinstance(r, float)])[1]:.1f}"
        f" s each), {len(failed)} failed",
    )
    if failed:
        run.failures.append(f"{len(failed)} reconnects failed: {failed[:3]}")
    producer = await sending
    await asyncio.to_thread(finish, producer, seconds + 60)
    await _settle(run)


async def _settle(run: Run) -> None:
    """Until every message sent is acknowledged (bounded), then a moment for the last pushes."""
    deadline = time.monotonic() + 30
    while any(w.pending for w in run.widgets) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    await asyncio.sleep(3)


# -- the counts ---------------------------------------------------------------------------------


def count_updates(run: Run) -> None:
    """Every widget's update ids against the database's: lost, and given more than once."""
    from supportdesk.chat.models import ChatUpdate
    from supportdesk.customers.models import Contact

    emails = {f"user{w.n}@team{w.n % 50}.example": w for w in run.widgets}
    contacts = dict(Contact.objects.filter(email__in=emails).values_list("pk", "email"))
    expected: dict[int, set[int]] = {w.n: set() for w in run.widgets}
    for contact_id, update_id in ChatUpdate.objects.filter(contact_id__in=contacts).values_list(
        "contact_id", "id"
    ):
        expected[emails[contacts[contact_id]].n].add(update_id)
    total = sum(len(ids) for ids in expected.values())
    lost = sum(len(expected[w.n] - set(w.seen)) for w in run.widgets)
    stray = sum(len(set(w.seen) - expected[w.n]) for w in run.widgets)
    shown_twice = sum(w.messages_under_two_ids() for w in run.widgets)
    repeats = sum(n - 1 for w in run.widgets for n in w.seen.values() if n > 1)
    run.row("updates in the database / lost / shown twice", f"{total} / {lost} / {shown_twice}")
    # An update pushed while the widget's catch-up was read comes in both: the widget keeps
    # the first (by update id), so a repeat is traffic, not a message shown twice.
    run.row("same update id received again (dropped by id)", str(repeats))
    if lost or shown_twice or stray:
        run.failures.append(
            f"updates: {lost} lost, {shown_twice} messages under two update ids, {stray} not theirs"
        )


def count_messages(run: Run) -> None:
    """Every customer message by its token: stored once (none lost, none doubled)."""
    from supportdesk.tickets.models import Channel, Message

    stored: Counter[str] = Counter()
    for body in Message.objects.filter(
        channel=Channel.CHAT, author_contact__isnull=False
    ).values_list("body_text", flat=True):
        stored[body.rsplit(" ", 1)[-1]] += 1
    doubled = sum(1 for token in run.sent_tokens if stored[token] > 1)
    lost = sum(1 for token in run.sent_tokens if stored[token] == 0)
    run.row(
        "customer messages sent (+ same id again) / stored",
        f"{len(run.sent_tokens)} (+{run.duplicate_sends}) / {sum(stored.values())}",
    )
    run.row("customer messages lost / stored twice", f"{lost} / {doubled}")
    errors = Counter[str]()
    for widget in run.widgets:
        errors.update(widget.errors)
    closes = sum(w.server_closes for w in run.widgets) + sum(p.server_closes for p in run.pages)
    # A socket the server closed on its own: the widget (and the page) reconnect and resume.
    run.row("sockets the server closed (reconnected)", str(closes))
    if errors:
        run.row("errors the widgets were sent", str(dict(errors)))
    if lost or doubled:
        run.failures.append(f"messages: {lost} lost, {doubled} stored twice")


# -- the run ------------------------------------------------------------------------------------


async def bench(run: Run) -> None:
    args = run.args
    before = web_rss(run.desk)
    baseline_clients = min(BASELINE_CLIENTS, args.clients)
    times = await connect_up_to(run, baseline_clients)
    await open_pages(run)
    baseline = await latency(run, "baseline")
    times += await connect_up_to(run, args.clients)
    main = await latency(run, "main")
    times += await connect_up_to(run, args.connections)
    after = web_rss(run.desk)
    p50, p95 = _percentiles([t * 1000 for t in times])
    run.row(
        f"widgets connected (two processes), {len(run.widgets)}",
        f"welcome p50 {p50:.0f} ms, p95 {p95:.0f} ms",
    )
    run.row(
        "web processes' RSS before / after",
        f"{before / 2**20:.0f} MiB / {after / 2**20:.0f} MiB: "
        f"{(after - before) / len(run.widgets) / 1024:.1f} KiB per connection",
    )
    for name, p95_main in main.items():
        ratio = p95_main / baseline[name] if baseline[name] else 0.0
        run.row(f"p95 {name}: {args.clients} vs {baseline_clients} clients", f"× {ratio:.2f}")
    await storm(run)
    await asyncio.to_thread(count_updates, run)
    await asyncio.to_thread(count_messages, run)
    worst = max(main["agent → customer"], main["customer → agent page"])
    if worst >= 100:
        run.failures.append(f"p95 {worst:.0f} ms at {args.clients} clients (target < 100 ms)")
    await asyncio.gather(*(w.close() for w in run.widgets), *(p.close() for p in run.pages))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--connections", type=int, default=2000, help="for memory and the storm")
    parser.add_argument("--clients", type=int, default=1000, help="connected while measuring")
    parser.add_argument("--rate", type=float, default=20.0, help="messages/s each way")
    parser.add_argument("--seconds", type=float, default=30.0, help="of the latency run")
    parser.add_argument("--storm-seconds", type=float, default=15.0)
    args = parser.parse_args()
    if not SENDERS < args.clients <= args.connections:
        parser.error(f"need {SENDERS} < --clients <= --connections")
    # A socket each, both ends on this machine: the desk's processes inherit the limit.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    work = Path(tempfile.mkdtemp(prefix="supportdesk-bench-chat-"))
    print(f"Chat bench: two web processes + a worker, PostgreSQL + Redis; work dir {work}")
    with running_desk(work) as (desk, ports):
        agent = Browser(f"http://127.0.0.1:{ports[1]}")
        status, _, _ = agent.post("/desk/login/", {"username": "agent", "password": PASSWORD})
        assert status == 302, status
        run = Run(args, desk, ports, agent.cookie_header())
        asyncio.run(bench(run))
    print("\n" + "\n".join(f"{what:<52} {value}" for what, value in run.rows))
    if run.failures:
        print("NOT met: " + "; ".join(run.failures))
        raise SystemExit(1)
    print("target met: p95 < 100 ms, 0 lost, 0 duplicated")


if __name__ == "__main__":
    main()
