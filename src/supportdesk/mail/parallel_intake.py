"""Taking a large batch of mail in with several worker processes, each with its own
database connection (PostgreSQL only: SQLite serialises its writers anyway).

What must keep its order stays in one worker: the batch is split into *chains*, mail that
shares a sender or answers another message of the batch (In-Reply-To/References), each
taken in oldest first by a single worker, so a follow-up always finds the ticket its
predecessor opened. Chains are packed into jobs of up to an intake batch (one transaction, see
`inbound.take_in_emails`); a longer chain is a job of its own, taken in batch after batch. Every
intake commits in its worker; the caller marks a message \\Seen only once the worker has
reported its commit, so exactly-once holds as in a single process.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.util
import os
import re
import threading
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import parseaddr

from django.db import connection, connections

from supportdesk.mail.inbound import INTAKE_BATCH, IntakeOutcome, take_in_emails
from supportdesk.mail.models import Mailbox

logger = logging.getLogger(__name__)

# Below this many messages a single process is quicker than starting workers.
MIN_PARALLEL_BATCH = 40
MAX_WORKERS = 3
_ANGLE_ID = re.compile(r"<([^<>\s]+)>")

Fetched = tuple[str, bytes, datetime | None]  # (uid, raw bytes, arrival)


@dataclass(frozen=True)
class JobResult:
    taken: list[tuple[str, IntakeOutcome]]  # committed, in order
    error: str = ""  # why the job stopped early ("" when it did not)


def worker_count(messages: int, requested: int | None = None) -> int:
    """How many processes to take `messages` in with; 1 means in this process."""
    wanted = requested if requested is not None else min(MAX_WORKERS, os.cpu_count() or 1)
    if (
        wanted <= 1
        or messages < MIN_PARALLEL_BATCH
        or connection.vendor != "postgresql"
        or connection.in_atomic_block  # our caller's uncommitted rows: invisible to workers
        or "fork" not in multiprocessing.get_all_start_methods()
        or threading.active_count() > 1  # forking a threaded process is unsafe
    ):
        return 1
    return wanted


def chains(fetched: Sequence[Fetched]) -> list[list[Fetched]]:
    """Group mail that must be taken in in order (same sender, or one answering another);
    each chain keeps the mailbox's order, and chains come longest first."""
    parent = list(range(len(fetched)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for i, (_uid, raw, _arrived) in enumerate(fetched):
        for key in _ordering_keys(raw):
            j = first_with.setdefault(key, i)
            if j != i:
                parent[root(i)] = root(j)
    grouped: dict[int, list[Fetched]] = {}
    for i, item in enumerate(fetched):
        grouped.setdefault(root(i), []).append(item)
    return sorted(grouped.values(), key=len, reverse=True)


def _ordering_keys(raw: bytes) -> Iterator[str]:
    """The sender and every message id the mail carries or answers (headers only)."""
    try:
        headers = BytesHeaderParser(policy=compat32).parsebytes(raw)
        sender = parseaddr(str(headers.get("From", "")))[1].strip().lower()
        ids = " ".join(
            str(headers.get(name, "")) for name in ("Message-ID", "In-Reply-To", "References")
        )
    except Exception:  # unreadable headers: the mail goes in on its own
        return
    if sender:
        yield f"from:{sender}"
    for found in _ANGLE_ID.findall(ids):
        yield f"id:{found}"


def jobs(groups: list[list[Fetched]], size: int = INTAKE_BATCH) -> list[list[Fetched]]:
    """Chains packed into jobs of up to `size` messages, never splitting a chain (a longer
    chain is a job of its own); each chain keeps its order inside its job."""
    packed: list[list[Fetched]] = []
    for chain in sorted(groups, key=len, reverse=True):
        job = next((job for job in packed if len(job) + len(chain) <= size), None)
        if job is None:
            packed.append(list(chain))
        else:
            job.extend(chain)
    return packed


def take_in_chains(
    groups: list[list[Fetched]],
    *,
    mailbox: Mailbox,
    desk_addresses: Collection[str],
    workers: int,
) -> Iterator[JobResult]:
    """Each job's result as soon as its worker is done with it."""
    connections.close_all()  # the workers must not share this process's connection
    context = multiprocessing.get_context("fork")
    pool = context.Pool(workers, initializer=_start_worker)
    try:
        work = [(job, mailbox, frozenset(desk_addresses)) for job in jobs(groups)]
        yield from pool.imap_unordered(_take_in_job, work)
        pool.close()  # workers finish and close their connections
    finally:
        pool.terminate()  # only stops what is still running (an error above)
        pool.join()


def _start_worker() -> None:
    # Runs when the worker exits normally, so the database sees its session end at once.
    multiprocessing.util.Finalize(None, connections.close_all, exitpriority=10)


def _take_in_job(work: tuple[list[Fetched], Mailbox, frozenset[str]]) -> JobResult:
    job, mailbox, desk_addresses = work
    taken: list[tuple[str, IntakeOutcome]] = []
    uids = iter([uid for uid, _raw, _arrived in job])
    delivered = [(raw, arrived) for _uid, raw, arrived in job]
    try:
        for outcome in take_in_emails(delivered, mailbox=mailbox, source="imap",
                                      desk_addresses=desk_addresses):  # fmt: skip
            taken.append((next(uids), outcome))
    except Exception as exc:  # the database went away: the rest of the job waits
        logger.exception("intake worker stopped after %d messages", len(taken))
        return JobResult(taken, f"{type(exc).__name__}: {exc}")
    return JobResult(taken)
