"""Soak: the running desk takes 10,000 inbound messages while its workers are killed.

    .venv/bin/python bench/soak.py [--messages 10000] [--database postgres|sqlite]
                                   [--max-minutes 20] [--send-minutes M] [--kill-every 30]

Starts everything on 127.0.0.1 only: a throwaway PostgreSQL (scripts/services/postgres.sh;
root needed) or SQLite, Dovecot, an SMTP sink and the fake Telegram Bot API (tests/mail,
tests/telegram), then the desk itself as `supportdesk serve --no-demo` (web server, task
workers, scheduler, Telegram poller). Over the send phase it drives the messages through
email (IMAP APPEND into Dovecot, which the desk polls), the portal (signed-in customers POST
new requests and replies with their CSRF tokens), Telegram (updates the desk's poller
fetches from the fake Bot API) and the chat (signed widget users on the chat socket), with 5 %
duplicates mixed in: the same email appended twice, the same update_id fetched twice or
posted again to the webhook later, a portal form submitted twice, a chat message sent again
with its client id at once or after the socket dropped before the ack (and the customers'
sockets dropping and resuming now and then besides). Meanwhile it SIGKILLs the task workers (children of `serve`) every 30 s, an
agent answers one ticket in ten through `check_send_public_reply` (so deliveries happen
during the kills), and a thread asks /healthz and a portal page every second.

After a bounded drain it prints the counts and exits non-zero if an invariant fails: every
message stored exactly once (none lost, no duplicate stored), every outbox delivery and bot
answer received exactly once by the SMTP sink or the fake Bot API, no task left RUNNING once
the desk has stopped, no web error. Unlike the other benchmarks a soak has no baseline to be
a ratio of: it prints counts and rates (messages/s per channel) instead. Every loop is
bounded in count and by the global deadline (--max-minutes).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

import httpx  # noqa: E402
from bench import soak_checks  # noqa: E402
from bench.soak_channels import (  # noqa: E402
    Ledger,
    Pace,
    PortalCustomer,
    drive_email,
    drive_portal,
    drive_telegram,
    portal_login,
    split,
)
from bench.soak_chat import (  # noqa: E402
    ChatCustomer,
    chat_customers,
    customers_needed,
    drive_chat,
    seed_chat_host,
)
from bench.soak_desk import (  # noqa: E402
    PASSWORD,
    REPLY_ONE_IN,
    AgentReplies,
    Kills,
    Watch,
    database,
    desk,
    seed,
)

WEBHOOK_SECRET = "soak-webhook-secret"  # noqa: S105


# -- the run ------------------------------------------------------------------------------------


@dataclass
class Run:
    args: argparse.Namespace
    deadline: float
    run_id: str
    ledgers: dict[str, Ledger]
    watch: Watch = field(default_factory=Watch)
    kills: Kills = field(default_factory=Kills)
    drained_after: dict[str, float] = field(default_factory=dict)
    send_seconds: float = 0.0
    drain_seconds: float = 0.0


def inbound_drained(run: Run, dovecot: object) -> dict[str, bool]:
    """Which channels have every message sent so far taken in (stored, or logged ignored)."""
    from supportdesk.mail.models import IntakeRecord
    from supportdesk.telegram.models import TelegramUpdate, UpdateState

    prefix = f"bench-{run.run_id}-"
    taken = (
        IntakeRecord.objects.filter(external_id__startswith=prefix)
        .exclude(reason="duplicate")
        .values("external_id")
        .distinct()
        .count()
    )
    pending_updates = TelegramUpdate.objects.filter(state=UpdateState.RECEIVED).count()
    updates = TelegramUpdate.objects.filter(update_id__gte=50_000_000).count()
    return {
        "email": taken >= len(run.ledgers["email"].keys) and dovecot.unseen_count() == 0,  # type: ignore[attr-defined]
        "portal": True,  # stored inside the request that answered 302
        "telegram": pending_updates == 0 and updates >= len(run.ledgers["telegram"].keys),
        "chat": True,  # stored before the widget's ack
    }


def outbound_drained() -> bool:
    from supportdesk.telegram.models import BotMessage
    from supportdesk.tickets.models import DeliveryStatus, OutboxDelivery

    busy = [DeliveryStatus.PENDING, DeliveryStatus.SENDING]
    return not (
        OutboxDelivery.objects.filter(status__in=busy).exists()
        or BotMessage.objects.filter(status__in=busy).exists()
    )


def drain(run: Run, dovecot: object, replies: AgentReplies, started: float) -> None:
    """Wait (bounded) until every message is taken in, answer the rest of the sample, then
    wait until every delivery has gone out."""
    limit = min(time.monotonic() + run.args.drain_minutes * 60, run.deadline - 90)
    while time.monotonic() < limit:
        for channel, done in inbound_drained(run, dovecot).items():
            if done and channel not in run.drained_after:
                run.drained_after[channel] = time.monotonic() - started
        if len(run.drained_after) == len(run.ledgers):
            break
        time.sleep(5)
    replies.answer_due()
    while time.monotonic() < limit and not outbound_drained():
        time.sleep(5)


def soak(args: argparse.Namespace) -> bool:
    from tests.mail.servers import free_port, running_dovecot, running_smtp_sink
    from tests.telegram.bot_api_server import TOKEN, running_fake_bot_api

    started = time.monotonic()
    deadline = started + args.max_minutes * 60
    work = Path(tempfile.mkdtemp(prefix="supportdesk-soak-"))
    sends = split(args.messages)
    run = Run(args, deadline, f"soak{os.getpid()}", {c: Ledger(c) for c in sends})
    label = "PostgreSQL" if args.database == "postgres" else "SQLite"
    print(
        f"Soak on {label}: {args.messages} inbound messages ({sends['email']} by email, "
        f"{sends['portal']} through the portal, {sends['telegram']} by Telegram, "
        f"{sends['chat']} through the chat widget, duplicates included); task workers SIGKILLed every {args.kill_every:.0f} s; "
        f"work dir {work}",
        flush=True,
    )
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(database(args.database))
        dovecot = stack.enter_context(running_dovecot())
        sink = stack.enter_context(running_smtp_sink())
        fake = stack.enter_context(running_fake_bot_api())
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        os.environ.pop("DATABASE_URL", None)
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "supportdesk.config.settings.embedded",
                "SUPPORTDESK_VAR_DIR": str(work / "var"),
                "ALLOWED_HOSTS": "127.0.0.1",
                "SUPPORTDESK_BASE_URL": base,
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(sink.port),
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_URL": fake.api_url,
                "TELEGRAM_MODE": "polling",
                "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
                # Every customer signs in from 127.0.0.1: the per-address limit is for attackers.
                "SUPPORTDESK_LOGIN_RATE": "100000/10m",
            }
            | ({"DATABASE_URL": url} if url else {})
        )
        import django

        django.setup()
        logging.disable(logging.INFO)  # the desk's own lines go to its log, not here
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        agent, emails, telegram_users = seed(
            dovecot.port,
            max(4, min(60, args.messages // 150)),
            max(10, min(300, args.messages // 30)),
        )
        seed_chat_host()
        with desk(port, work / "serve.log", deadline) as serve, contextlib.ExitStack() as clients:
            customers = [PortalCustomer(email, PASSWORD) for email in emails]
            for customer in customers:
                customer.client = portal_login(base, customer)
                clients.callback(customer.client.close)
            watcher = portal_login(base, customers[0])
            clients.callback(watcher.close)
            print(
                f"desk up and {len(customers)} customers signed in after "
                f"{time.monotonic() - started:.0f} s",
                flush=True,
            )
            replies = AgentReplies(agent)
            chatting = chat_customers(base, customers_needed(sends["chat"], args.send_minutes))
            traffic(
                run,
                serve.pid,
                base,
                dovecot,
                fake,
                customers[:-1],
                telegram_users,
                chatting,
                watcher,
                replies,
            )
        # The desk has stopped: a task still RUNNING now was abandoned for good.
        ok = report(run, sink, fake, replies, work / "serve.log", started)
    if ok:  # the desk's log stays
        shutil.rmtree(work / "var", ignore_errors=True)
    return ok


def traffic(
    run: Run,
    serve_pid: int,
    base: str,
    dovecot: object,
    fake: object,
    customers: list[PortalCustomer],
    telegram_users: list[int],
    chatting: list[ChatCustomer],
    watcher: httpx.Client,
    replies: AgentReplies,
) -> None:
    """The send phase (with the kills, the replies and the web watch), then the drain."""
    args, deadline, sends = run.args, run.deadline, split(run.args.messages)
    stop_all, stop_kills = threading.Event(), threading.Event()
    send_start = time.monotonic()
    pace = Pace(send_start, args.send_minutes * 60, deadline - 120, stop_all)
    background = [
        threading.Thread(target=run.watch.run, args=(watcher, stop_all, deadline), daemon=True),
        threading.Thread(
            target=run.kills.run, args=(serve_pid, args.kill_every, stop_kills), daemon=True
        ),
        threading.Thread(target=replies.run, args=(stop_all, deadline), daemon=True),
    ]
    drivers = [
        threading.Thread(
            daemon=True,
            target=drive_email,
            args=(dovecot, sends["email"], run.run_id, pace, run.ledgers["email"]),
        ),
        threading.Thread(
            daemon=True,
            target=drive_portal,
            args=(base, customers, sends["portal"], pace, run.ledgers["portal"], run.watch.error),
        ),
        threading.Thread(
            daemon=True,
            target=drive_telegram,
            args=(
                fake,
                base,
                WEBHOOK_SECRET,
                telegram_users,
                sends["telegram"],
                pace,
                run.ledgers["telegram"],
                run.watch.error,
            ),
        ),
        threading.Thread(
            daemon=True,
            target=drive_chat,
            args=(chatting, sends["chat"], pace, run.ledgers["chat"], run.watch.error),
        ),
    ]
    for thread in background + drivers:
        thread.start()
    try:
        for thread in drivers:
            thread.join(max(deadline - time.monotonic(), 0))
        stop_kills.set()
        run.send_seconds = time.monotonic() - send_start
        reconnects = sum(c.connections for c in chatting) - len(chatting)
        print(f"chat: {len(chatting)} customers, {reconnects} reconnects", flush=True)
        print(f"sent in {run.send_seconds:.0f} s; draining", flush=True)
        drain(run, dovecot, replies, send_start)
        run.drain_seconds = time.monotonic() - send_start - run.send_seconds
    finally:
        stop_all.set()
        stop_kills.set()
        for thread in background + drivers:
            thread.join(60)


# -- the counts ---------------------------------------------------------------------------------


def report(
    run: Run, sink: object, fake: object, replies: AgentReplies, log: Path, started: float
) -> bool:
    ledgers = run.ledgers
    inbound = [
        soak_checks.email_inbound(ledgers["email"].keys, ledgers["email"].duplicates, run.run_id),
        soak_checks.token_inbound("portal", ledgers["portal"].keys, ledgers["portal"].duplicates),
        soak_checks.token_inbound(
            "telegram", ledgers["telegram"].keys, ledgers["telegram"].duplicates
        ),
        soak_checks.token_inbound("chat", ledgers["chat"].keys, ledgers["chat"].duplicates),
    ]
    updates = soak_checks.telegram_updates()
    out = soak_checks.outbound(sink, fake, replies.message_ids)
    tasks, odd_tasks = soak_checks.task_statuses()
    failures: list[str] = []

    print(
        f"\n{'channel':<9} {'sent':>6} {'unique':>6} {'dups':>5} {'stored':>6} "
        f"{'dups stored':>11} {'lost':>5} {'ignored':>7} {'send rate':>11} {'all taken in':>19}"
    )
    for result in inbound:
        ledger = ledgers[result.channel]
        drained = run.drained_after.get(result.channel)
        # A channel whose last message came in long after the sends ended was stalled.
        all_in = f"{drained - run.send_seconds:+6.0f} s after sends" if drained else "not drained"
        print(
            f"{result.channel:<9} {ledger.sends():>6} {result.unique:>6} "
            f"{result.duplicates_sent:>5} {result.stored:>6} {result.stored_twice:>11} "
            f"{result.lost:>5} {result.ignored:>7} {ledger.rate():>6.1f} msg/s {all_in:>19}"
        )
        if result.stored_twice or result.lost or result.rejected or result.unexpected:
            failures.append(
                f"{result.channel}: {result.stored_twice} stored twice, {result.lost} "
                f"lost, {result.rejected} rejected, {result.unexpected} unexpected"
            )
        if ledger.failed:
            failures.append(f"{result.channel}: {ledger.failed} sends failed")
        for example in result.examples[:5]:
            print(f"    {example}")
    total_sent = sum(ledger.sends() for ledger in ledgers.values())
    print(
        f"{'total':<9} {total_sent:>6} {sum(r.unique for r in inbound):>6} "
        f"{sum(r.duplicates_sent for r in inbound):>5} {sum(r.stored for r in inbound):>6} "
        f"{sum(r.stored_twice for r in inbound):>11} {sum(r.lost for r in inbound):>5} "
        f"{sum(r.ignored for r in inbound):>7}"
    )
    email = inbound[0]
    print(
        f"email: {email.ignored} auto-replies/bounces rightly ignored, {email.rejected} rejected, "
        f"{email.duplicates_recognised} repeats logged as duplicates; Telegram updates "
        f"{dict(updates)}"
    )
    if updates.get("received") or updates.get("failed"):
        failures.append(f"Telegram updates not processed: {dict(updates)}")

    print(
        f"replies queued: {len(replies.message_ids)} (one ticket in {REPLY_ONE_IN}), "
        f"{out.replies_sent_once} delivered exactly once"
    )
    print(
        f"deliveries: {out.deliveries} outbox rows {dict(out.by_status)}: sent once "
        f"{out.sent_once}, twice {out.sent_twice}, missing {out.missing}; bot answers "
        f"{out.bot_messages}: sent once {out.bot_sent_once}, unsent {out.bot_unsent}; "
        f"stray Telegram sends {out.stray_sends}"
    )
    for example in out.examples[:8]:
        print(f"    {example}")
    undelivered = out.deliveries - out.sent_once
    if undelivered or out.bot_messages != out.bot_sent_once or out.stray_sends:
        failures.append(
            f"deliveries: {undelivered} outbox rows and "
            f"{out.bot_messages - out.bot_sent_once} bot answers not received "
            f"exactly once, {out.stray_sends} stray sends"
        )
    if out.replies != len(replies.message_ids) or replies.errors:
        failures.append(
            f"replies: {out.replies} outbox rows for {len(replies.message_ids)} "
            f"replies; errors {replies.errors[:3]}"
        )

    print(f"tasks: {dict(tasks)}" + (f" — {'; '.join(odd_tasks)}" if odd_tasks else ""))
    if tasks.get("RUNNING"):
        failures.append(f"{tasks['RUNNING']} tasks left RUNNING")
    watch = run.watch
    print(
        f"web: {watch.checks} checks of /healthz and /portal/ (slowest {watch.slowest:.1f} s), "
        f"{len(watch.errors)} errors"
    )
    for error in watch.errors[:8]:
        print(f"    {error}")
    if watch.errors:
        failures.append(f"{len(watch.errors)} web errors")
    print(f"worker kills: {run.kills.summary()}")
    print(f"desk log: {log_summary(log)} — {log}")
    print(
        f"elapsed: {time.monotonic() - started:.0f} s (send {run.send_seconds:.0f} s, "
        f"drain {run.drain_seconds:.0f} s)"
    )
    if failures:
        print("FAILED: " + "; ".join(failures))
    else:
        print(
            "every message stored once, every delivery received once, nothing left RUNNING, "
            "no web error"
        )
    return not failures


def log_summary(log: Path) -> str:
    """How many tracebacks the desk logged, and their most common last lines."""
    import re
    from collections import Counter

    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    tracebacks = sum("Traceback (most recent call last)" in line for line in lines)
    ends = Counter(line[:120] for line in lines if re.match(r"^[\w.]+(Error|Exception)\b", line))
    common = "; ".join(f"{n} × {line}" for line, n in ends.most_common(3))
    return f"{tracebacks} tracebacks" + (f" ({common})" if common else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--max-minutes", type=float, default=20.0, help="global deadline")
    parser.add_argument(
        "--send-minutes",
        type=float,
        help="spread the sends over (default: a minute per 1,000 messages, 1 to 10)",
    )
    parser.add_argument("--drain-minutes", type=float, default=8.0)
    parser.add_argument("--kill-every", type=float, default=30.0, help="seconds")
    args = parser.parse_args()
    if args.send_minutes is None:
        args.send_minutes = max(1.0, min(10.0, args.messages / 1000))
    if args.messages < 100:
        parser.error("--messages: at least 100")
    if not soak(args):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
