"""Reading a mailbox over IMAP: unread mail in, each taken in, then marked \\Seen.

Exactly-once: a message is flagged \\Seen only after its intake transaction has committed.
A worker that dies in between leaves it unread; the next poll takes it in again and the
intake recognises it (Message-ID, or a content hash) and stores nothing twice.
"""

from __future__ import annotations

import imaplib
import io
import logging
import re
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import cast

from imap_tools import AND, MailBox, MailboxLoginError, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.mailbox import BaseMailBox

from supportdesk.mail.inbound import INTAKE_BATCH, IntakeOutcome, take_in_emails
from supportdesk.mail.models import Mailbox, Security
from supportdesk.mail.parallel_intake import chains, take_in_chains, worker_count
from supportdesk.mail.selectors import own_addresses

logger = logging.getLogger(__name__)

PARALLEL_FETCH_BATCH = 500
IMAP_TIMEOUT_SECONDS = 60
_UID = re.compile(rb"UID (\d+)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "[^"]+"')


@dataclass
class PollReport:
    fetched: int = 0
    outcomes: list[IntakeOutcome] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)


@contextmanager
def connect(mailbox: Mailbox) -> Iterator[BaseMailBox]:
    client: BaseMailBox
    if mailbox.imap_security == Security.SSL:
        client = MailBox(mailbox.imap_host, mailbox.imap_port, timeout=IMAP_TIMEOUT_SECONDS)
    elif mailbox.imap_security == Security.STARTTLS:
        client = MailBoxStartTls(mailbox.imap_host, mailbox.imap_port, timeout=IMAP_TIMEOUT_SECONDS)
    else:
        client = MailBoxUnencrypted(
            mailbox.imap_host, mailbox.imap_port, timeout=IMAP_TIMEOUT_SECONDS
        )
    with client.login(mailbox.imap_login, mailbox.imap_password, mailbox.imap_folder or "INBOX"):
        yield client


def poll(
    mailbox: Mailbox,
    *,
    limit: int | None = None,
    after_commit: Callable[[IntakeOutcome], None] | None = None,
    intake_workers: int | None = None,
) -> PollReport:
    """Take in the mailbox's unread mail, oldest first; returns what became of each."""
    with connect(mailbox) as client:
        return take_in_unread(client, mailbox, limit=limit, after_commit=after_commit,
                              intake_workers=intake_workers)  # fmt: skip


def take_in_unread(
    client: BaseMailBox,
    mailbox: Mailbox,
    *,
    limit: int | None = None,
    after_commit: Callable[[IntakeOutcome], None] | None = None,
    intake_workers: int | None = None,
) -> PollReport:
    """`intake_workers`: processes for a large batch on PostgreSQL (None: by the CPUs)."""
    report = PollReport()
    desk_addresses = own_addresses()
    uids = client.uids(AND(seen=False))[:limit]
    workers = worker_count(len(uids), intake_workers)
    if workers > 1:
        _take_in_in_parallel(client, mailbox, uids, report, desk_addresses, workers, after_commit)
        return report
    for start in range(0, len(uids), INTAKE_BATCH):
        fetched = list(_fetch_raw(client, uids[start : start + INTAKE_BATCH]))
        report.fetched += len(fetched)
        taken: list[str] = []
        try:
            outcomes = take_in_emails([(raw, arrived) for _uid, raw, arrived in fetched],
                                      mailbox=mailbox, desk_addresses=desk_addresses)  # fmt: skip
            for (uid, _raw, _arrived), outcome in zip(fetched, outcomes, strict=True):
                report.outcomes.append(outcome)
                if after_commit is not None:
                    after_commit(outcome)
                taken.append(uid)
        finally:
            # Committed intakes are marked even if a later message in the batch failed.
            if taken:
                client.flag(taken, "\\Seen", True)
    return report


def _take_in_in_parallel(
    client: BaseMailBox,
    mailbox: Mailbox,
    uids: list[str],
    report: PollReport,
    desk_addresses: Collection[str],
    workers: int,
    after_commit: Callable[[IntakeOutcome], None] | None,
) -> None:
    for start in range(0, len(uids), PARALLEL_FETCH_BATCH):
        fetched = list(_fetch_raw(client, uids[start : start + PARALLEL_FETCH_BATCH]))
        report.fetched += len(fetched)
        order = {uid: i for i, (uid, _raw, _at) in enumerate(fetched)}
        done: list[tuple[str, IntakeOutcome]] = []
        errors: list[str] = []
        try:
            for result in take_in_chains(
                chains(fetched), mailbox=mailbox, desk_addresses=desk_addresses, workers=workers
            ):
                for uid, outcome in result.taken:
                    done.append((uid, outcome))
                    if after_commit is not None:
                        after_commit(outcome)
                if result.error:
                    errors.append(result.error)
        finally:
            # Committed intakes are marked even if another chain of the batch failed.
            if done:
                client.flag([uid for uid, _ in done], "\\Seen", True)
            done.sort(key=lambda item: order[item[0]])
            report.outcomes.extend(outcome for _, outcome in done)
        if errors:
            raise RuntimeError(f"intake stopped: {errors[0]}")


def watch(
    mailbox: Mailbox,
    *,
    should_stop: Callable[[], bool],
    on_poll: Callable[[PollReport], None] | None = None,
    idle_seconds: int = 60,
) -> None:
    """Take in mail as it arrives: IMAP IDLE where the server has it (woken by new mail,
    else every `idle_seconds`), otherwise a poll every `poll_interval_seconds`."""
    with connect(mailbox) as client:
        supports_idle = "IDLE" in client.client.capabilities
        while not should_stop():
            # An EXISTS from here on is news the round may not have seen (see `_idle`).
            client.client.untagged_responses.pop("EXISTS", None)
            report = take_in_unread(client, mailbox)
            if on_poll is not None:
                on_poll(report)
            if should_stop():
                return
            if supports_idle:
                _idle(client, idle_seconds)
            else:
                time.sleep(mailbox.poll_interval_seconds)


def _idle(client: BaseMailBox, timeout: int) -> None:
    """Wait in IDLE until the server reports a change, or `timeout` seconds.

    Mail that came during the last round is reported with the answer to one of its commands,
    and IDLE will not report it again; mail that came after it is reported as soon as IDLE
    starts, often in the same packet as "+ idling", so that line is already in imaplib's buffer
    (or recorded among its untagged responses), where a wait on the socket cannot see it. So
    the wait happens only when nothing has been said since the round began.
    """
    imap = client.client
    client.idle.start()  # type: ignore[no-untyped-call]
    try:
        if "EXISTS" not in imap.untagged_responses and not _anything_buffered(imap):
            client.idle.poll(timeout=timeout)
    finally:
        client.idle.stop()  # type: ignore[no-untyped-call]


def _anything_buffered(imap: imaplib.IMAP4) -> bool:
    """Whether a response is waiting, in imaplib's buffer or on the socket, without blocking."""
    sock = imap.sock
    previous = sock.gettimeout()
    sock.settimeout(0)
    try:
        return bool(cast(io.BufferedReader, imap.file).peek(1))  # sock.makefile('rb')
    except OSError:  # nothing to read yet (plain: BlockingIOError; TLS: SSLWantReadError)
        return False
    finally:
        sock.settimeout(previous)


def _fetch_raw(
    client: BaseMailBox, uids: list[str]
) -> Iterator[tuple[str, bytes, datetime | None]]:
    """(uid, exact bytes, server arrival time) without setting \\Seen (BODY.PEEK)."""
    if not uids:
        return
    typ, data = client.client.uid("FETCH", ",".join(uids), "(UID INTERNALDATE BODY.PEEK[])")
    if typ != "OK":
        raise imaplib.IMAP4.error(f"FETCH failed: {data!r}")
    for item in data:
        if not isinstance(item, tuple):
            continue
        head, raw = item
        uid = _UID.search(head)
        if uid is None:
            continue
        yield uid.group(1).decode(), raw, _arrival(head)


def _arrival(head: bytes) -> datetime | None:
    match = _INTERNALDATE.search(head)
    if match is None:
        return None
    moment = imaplib.Internaldate2tuple(match.group(0))
    if moment is None:
        return None
    return datetime.fromtimestamp(time.mktime(moment), tz=UTC)


__all__ = ["MailboxLoginError", "PollReport", "connect", "poll", "take_in_unread", "watch"]
