"""Follow-up tasks enqueued once per transaction, with every id the transaction gave them.

An email intake batch takes fifty emails in under one transaction; a task row per email for
each follow-up (its delivery, its checklist) would cost more than storing the email. So a
follow-up task takes a list of ids, and all ids given to it during one transaction reach it as
one task row when the transaction commits. Outside a transaction it is enqueued at once.

Every id registers its own commit hook and the first hook to run sends the whole batch (the
rest find it empty), so whoever runs the hooks registered since some point — a test capturing
them — gets its ids enqueued. An id added inside a savepoint that is then rolled back may still
reach the task with the batch, so tasks skip ids whose rows are gone, as they must on a retry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.tasks import Task

_ATTRIBUTE = "_supportdesk_enqueue_batch"


class _Batch:
    def __init__(self) -> None:
        self.ids: dict[str, tuple[Task[Any, Any], dict[int, None]]] = {}

    def add(self, task: Task[Any, Any], item_id: int) -> None:
        self.ids.setdefault(task.module_path, (task, {}))[1][item_id] = None

    def flush(self) -> None:
        batch, self.ids = self.ids, {}
        for task, ids in batch.values():
            task.enqueue(list(ids))


def enqueue_on_commit(task: Task[Any, Any], item_id: int, *, using: str | None = None) -> None:
    """`task([item_id, …])` once the current transaction commits."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        task.enqueue([item_id])
        return
    batch: _Batch | None = getattr(connection, _ATTRIBUTE, None)
    if batch is None or not _flush_pending(connection, batch):
        # The last batch was flushed by a commit or discarded by a rollback: start anew.
        batch = _Batch()
        setattr(connection, _ATTRIBUTE, batch)
    batch.add(task, item_id)
    transaction.on_commit(batch.flush, using=using)


def _flush_pending(connection: BaseDatabaseWrapper, batch: _Batch) -> bool:
    # Django keeps (savepoint ids, function, robust) per hook and forgets rolled-back ones.
    return any(hook[1] == batch.flush for hook in connection.run_on_commit)


class _Once:
    def __init__(self, func: Callable[[], None]) -> None:
        self.func = func
        self.done = False

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            self.func()


def on_commit_once(func: Callable[[], None], *, using: str | None = None) -> None:
    """`func()` once when the current transaction commits, however often it is asked for.

    Like the batches above, every request registers a hook (so a test capturing the hooks from
    any point runs it) and the first to run does the work."""
    connection = transaction.get_connection(using)
    pending = {
        hook[1].func: hook[1] for hook in connection.run_on_commit if isinstance(hook[1], _Once)
    }
    once = pending.get(func) or _Once(func)
    transaction.on_commit(once, using=using, robust=True)
