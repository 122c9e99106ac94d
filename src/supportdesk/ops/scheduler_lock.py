"""One scheduler at a time: a lease row in the desk's database.

django-crontask locks its scheduler only with Redis, and a second scheduler then exits instead of
standing by; without Redis every scheduler would run every job. `DatabaseLock` replaces that lock
(with or without Redis) with the same interface (`with lock:` acquires, `extend()` renews, losing
the lease raises `LockNotOwnedError`): a second scheduler waits as a standby, trying every
LOCK_REFRESH_INTERVAL seconds, and takes over once the holder has released the lease or it has
run out (LOCK_TIMEOUT seconds after the holder's last renewal).

The lease is taken with a single conditional UPDATE (or the INSERT of the first row, which the
unique name decides), so two schedulers can never both hold it, on SQLite or PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from collections.abc import Callable
from datetime import timedelta
from types import TracebackType

from crontask import utils as crontask_utils
from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import Q
from django.utils import timezone

from supportdesk.ops.models import SchedulerLease

LEASE_NAME = "scheduler"


class LockNotOwnedError(crontask_utils.LockNotOwnedError):  # type: ignore[misc]
    """The lease was taken over: crontask then shuts its scheduler down."""


class DatabaseLock:
    def __init__(
        self,
        *,
        timeout: float,
        poll_seconds: float,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.timeout = timeout
        self.poll_seconds = poll_seconds
        self.on_wait = on_wait
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"

    def __enter__(self) -> DatabaseLock:
        told = False
        while not self.acquire():
            if not told and self.on_wait is not None:
                self.on_wait("Another scheduler holds the lock; waiting as a standby…")
                told = True
            time.sleep(self.poll_seconds)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

    def acquire(self) -> bool:
        _fresh_connection()
        now = timezone.now()
        expires_at = now + timedelta(seconds=self.timeout)
        taken = (
            SchedulerLease.objects.filter(name=LEASE_NAME)
            .filter(Q(expires_at__lt=now) | Q(holder=self.holder))
            .update(holder=self.holder, expires_at=expires_at)
        )
        if taken:
            return True
        try:
            with transaction.atomic():
                SchedulerLease.objects.create(
                    name=LEASE_NAME, holder=self.holder, expires_at=expires_at
                )
        except IntegrityError:
            return False  # the row exists and someone else's lease is running
        return True

    def extend(self, additional_time: float | None = None, replace_ttl: bool = False) -> bool:
        """Renew the lease (crontask's signature); raises when it is no longer ours."""
        _fresh_connection()
        expires_at = timezone.now() + timedelta(seconds=additional_time or self.timeout)
        renewed = SchedulerLease.objects.filter(name=LEASE_NAME, holder=self.holder).update(
            expires_at=expires_at
        )
        if not renewed:
            raise LockNotOwnedError(f"the scheduler lease is no longer held by {self.holder}")
        return True

    def release(self) -> None:
        _fresh_connection()
        SchedulerLease.objects.filter(name=LEASE_NAME, holder=self.holder).delete()


def _fresh_connection() -> None:
    # A scheduler lives for months: drop a connection the database has closed (a restart)
    # before using it. Never inside a transaction, which would lose it.
    if not transaction.get_connection().in_atomic_block:
        close_old_connections()
