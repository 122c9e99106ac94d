"""Email intake throughput: N real-shaped messages in a Dovecot INBOX → tickets through IMAP.

    .venv/bin/python bench/mail_ingest.py [--messages 2000]

Starts its own Dovecot (tests/mail/servers.py), fills the INBOX by IMAP APPEND with messages
made from the real mail in tests/mail/fixtures/ (each with its own Message-ID and one of 300
senders at 40 customer organisations, most with an SLA; a third answer an earlier message by
In-Reply-To; some are auto-replies and bounces), then
polls it the way the worker does and prints messages per second on SQLite and PostgreSQL,
the ratio to parsing the same bytes alone, and that every message is accounted for in the
intake log and none is left unread. PostgreSQL: DATABASE_URL when set (a throwaway database:
the bench migrates it), else a throwaway server from scripts/services/postgres.sh, else it
says it skipped. Target: ≥ 200 messages/s on PostgreSQL (django-helpdesk 2.6.1: 65.5/s here,
from a local folder, without IMAP).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

TARGET_PG = 200.0
# (fixture, weight): mostly people's mail, as a support inbox gets it.
MIX = [
    ("ru_utf8_b64_subject_html_related.eml", 6),
    ("ru_koi8r_base64_thunderbird.eml", 4),
    ("ru_en_bilingual_yahoo_qp.eml", 4),
    ("win1251_qp_outlook_express_redacted.eml", 4),
    ("ru_win1251_8bit_thunderbird_fwd.eml", 3),
    ("ru_mailru_html_inline_images.eml", 3),
    ("reply_gmail.eml", 4),
    ("reply_outlook.eml", 3),
    ("reply_thunderbird.eml", 2),
    ("czech_qp_alternative.eml", 2),
    ("fwd_thunderbird_czech_8bit.eml", 2),
    ("malformed_8bit_declared_ascii.eml", 1),
    ("rfc2231_long_nonascii_filenames.eml", 1),
    ("ru_yandex_two_eml_attachments.eml", 1),
    ("ru_phish_raw_utf8_zip_name.eml", 1),
    ("autoreply_rfc3834_away.eml", 1),
    ("bounce_postfix_mailbox_full.eml", 1),
]
_REPLACED = re.compile(rb"^(message-id|from|in-reply-to|references|return-path|sender):", re.I)


def _headers_and_body(raw: bytes) -> tuple[list[bytes], bytes]:
    for separator in (b"\r\n\r\n", b"\n\n"):
        if separator in raw:
            head, body = raw.split(separator, 1)
            return head.replace(b"\r\n", b"\n").split(b"\n"), body
    return raw.split(b"\n"), b""


def _reshape(raw: bytes, *, message_id: str, sender: str, replying_to: str) -> bytes:
    """The real message with a new Message-ID and sender (and a reply's In-Reply-To)."""
    lines, body = _headers_and_body(raw)
    kept: list[bytes] = []
    dropping = False
    for line in lines:
        if line[:1] in (b" ", b"\t"):
            if not dropping:
                kept.append(line)
            continue
        dropping = bool(_REPLACED.match(line))
        if not dropping:
            kept.append(line)
    new = [f"Message-ID: <{message_id}>".encode(), f"From: {sender}".encode()]
    if replying_to:
        new += [f"In-Reply-To: <{replying_to}>".encode(), f"References: <{replying_to}>".encode()]
    return b"\r\n".join(new + kept) + b"\r\n\r\n" + body


def build_messages(count: int, run: str) -> list[bytes]:
    from tests.mail.corpus import fixture, message_with_office_attachments, raw_windows_1251_message

    rng = random.Random(42)
    templates = [(fixture(name), weight) for name, weight in MIX]
    templates += [(raw_windows_1251_message(), 3), (message_with_office_attachments(), 2)]
    population = [raw for raw, weight in templates for _ in range(weight)]
    senders = [f"Клиент {i} <client{i}@org{i % 40}.example>" for i in range(300)]
    sent_by: dict[str, list[str]] = {}
    messages = []
    for i in range(count):
        sender = rng.choice(senders)
        earlier = sent_by.get(sender, [])
        replying_to = rng.choice(earlier) if earlier and rng.random() < 0.33 else ""
        message_id = f"bench-{run}-{i}@mail.example"
        messages.append(_reshape(rng.choice(population), message_id=message_id, sender=sender,
                                 replying_to=replying_to))  # fmt: skip
        sent_by.setdefault(sender, []).append(message_id)
    return messages


def seed_customer_organisations() -> None:
    """The senders' 40 domains are customers, as a vendor's support inbox has them: a quarter
    Enterprise and half cloud Team (each with its SLA: a clock per ticket and the promise in
    the acknowledgement), a quarter on the free plan."""
    from supportdesk.customers.models import Edition, Organisation, OrganisationDomain, Plan

    for i in range(40):
        plan, edition = ((Plan.ENTERPRISE, Edition.ENTERPRISE) if i % 4 == 0 else
                         (Plan.FREE, Edition.CLOUD) if i % 4 == 3 else (Plan.TEAM, Edition.CLOUD))  # fmt: skip
        if not OrganisationDomain.objects.filter(domain=f"org{i}.example").exists():
            organisation = Organisation.objects.create(name=f"Org {i}", edition=edition,
                                                       plan=plan, seats=60)  # fmt: skip
            OrganisationDomain.objects.create(organisation=organisation, domain=f"org{i}.example")


def child(database: str, port: int, count: int) -> None:
    """One measurement in a fresh process (Django configured for `database`)."""
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "supportdesk.config.settings.embedded"
    django.setup()
    import logging

    logging.disable(logging.WARNING)  # per-message INFO/WARNING lines are not the point here
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)  # every run starts from the same state
    seed_customer_organisations()
    from imap_tools import MailBoxUnencrypted
    from tests.mail.servers import IMAP_PASSWORD, IMAP_USER

    from supportdesk.mail.imap import poll
    from supportdesk.mail.models import IntakeRecord, Mailbox, Security
    from supportdesk.mail.parsing import parse_email

    run = f"{database}-{os.getpid()}"
    messages = build_messages(count, run)
    with MailBoxUnencrypted("127.0.0.1", port).login(IMAP_USER, IMAP_PASSWORD) as box:
        if uids := box.uids("ALL"):
            box.delete(uids)
        for raw in messages:
            box.append(raw, "INBOX", dt=None, flag_set=())
    started = time.perf_counter()
    for raw in messages:
        parse_email(raw)
    parse_seconds = time.perf_counter() - started

    mailbox, _ = Mailbox.objects.update_or_create(
        address="help@desk.example",
        defaults={"name": "Bench", "imap_host": "127.0.0.1", "imap_port": port,
                  "imap_security": Security.NONE, "imap_login": IMAP_USER,
                  "imap_password": IMAP_PASSWORD},
    )  # fmt: skip
    started = time.perf_counter()
    fetched = 0
    while True:
        report = poll(mailbox)
        fetched += report.fetched
        if report.fetched == 0:
            break
    ingest_seconds = time.perf_counter() - started
    with MailBoxUnencrypted("127.0.0.1", port).login(IMAP_USER, IMAP_PASSWORD) as box:
        unread = len(box.uids("UNSEEN"))
    records = IntakeRecord.objects.filter(external_id__startswith=f"bench-{run}-")
    actions = {
        a: records.filter(action=a).count() for a in ("created", "appended", "ignored", "rejected")
    }
    print(json.dumps({
        "database": database, "messages": count, "fetched": fetched, "unread_left": unread,
        "logged": records.count(), "distinct_logged": records.values("external_id").distinct().count(),
        "actions": actions, "ingest_seconds": ingest_seconds, "parse_seconds": parse_seconds,
    }))  # fmt: skip


def _measure(database: str, port: int, count: int, env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", database, "--port", str(port), "--messages", str(count)],
        env=env, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        raise SystemExit(f"{database} run failed:\n{out.stderr[-3000:]}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _postgres() -> tuple[str, str] | None:
    if url := os.environ.get("DATABASE_URL"):
        return url, ""
    return start_throwaway_postgres()


def start_throwaway_postgres() -> tuple[str, str] | None:
    """A fresh server from scripts/services/postgres.sh: (DATABASE_URL, its directory), or None
    when it cannot be started here (it needs root)."""
    if os.geteuid() != 0 or shutil.which("su") is None:
        return None
    script = (f"source {ROOT}/scripts/services/postgres.sh && pg_start >/dev/null 2>&1 "
              '&& echo "$DATABASE_URL $PG_DIR"')  # fmt: skip
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)  # noqa: S603, S607
    parts = out.stdout.split()
    return (parts[0], parts[1]) if out.returncode == 0 and len(parts) == 2 else None


def stop_throwaway_postgres(pg_dir: str) -> None:
    script = f"source {ROOT}/scripts/services/postgres.sh && PG_DIR={pg_dir} pg_stop"
    subprocess.run(["bash", "-c", script], check=False)  # noqa: S603, S607


def _report(result: dict[str, object]) -> bool:
    count = int(str(result["messages"]))
    ingest = float(str(result["ingest_seconds"]))
    parse = float(str(result["parse_seconds"]))
    actions = result["actions"]
    assert isinstance(actions, dict)
    accounted = (
        result["fetched"] == count and result["logged"] == count
        and result["distinct_logged"] == count and result["unread_left"] == 0
        and sum(actions.values()) == count
    )  # fmt: skip
    print(f"{result['database']:>10}: {count / ingest:7.1f} messages/s through IMAP "
          f"({ingest:.2f} s); parsing alone {count / parse:7.1f}/s; "
          f"intake costs {ingest / parse:.1f}× parsing")  # fmt: skip
    print(f"{'':>10}  {actions} — every message accounted for: {'yes' if accounted else 'NO'}"
          f" (fetched {result['fetched']}, logged {result['logged']}, unread {result['unread_left']})")  # fmt: skip
    return accounted


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="PostgreSQL runs (median judged)")
    parser.add_argument("--child")
    parser.add_argument("--port", type=int)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.port, args.messages)
        return

    from tests.mail.servers import running_dovecot

    ok = True
    print(f"Email intake: {args.messages} real-shaped messages, Dovecot IMAP → tickets")
    with running_dovecot() as dovecot, tempfile.TemporaryDirectory() as var:
        base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        base |= {"SUPPORTDESK_VAR_DIR": var, "PYTHONPATH": f"{ROOT}:{ROOT / 'src'}"}
        ok &= _report(_measure("SQLite", dovecot.port, args.messages, base))
        postgres = _postgres()
        if postgres is None:
            print("PostgreSQL: skipped (no DATABASE_URL and no way to start one here)")
        else:
            url, pg_dir = postgres
            try:
                rates = []
                for _ in range(args.repeat):  # this machine's speed wanders: judge the median
                    result = _measure(
                        "PostgreSQL", dovecot.port, args.messages, base | {"DATABASE_URL": url}
                    )
                    ok &= _report(result)
                    rates.append(args.messages / float(str(result["ingest_seconds"])))
                rate = statistics.median(rates)
                runs = ", ".join(f"{r:.1f}" for r in rates)
                verdict = "met" if rate >= TARGET_PG else "NOT met"
                print(f"PostgreSQL runs {runs} messages/s; median {rate:.1f}; "
                      f"target ≥ {TARGET_PG:.0f}/s: {verdict}")  # fmt: skip
            finally:
                if pg_dir:
                    stop_throwaway_postgres(pg_dir)
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
