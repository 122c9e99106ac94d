"""Append-only rows written together at the end of a batch, in one statement per kind.

An email intake batch writes, per email, timeline events, an intake log line, the raw email
and search text: rows nothing reads back before the transaction commits. Inside
`writes_batched()`, `write_later(insert, row)` keeps the row and the batch calls each
`insert` once with all of its rows, in the order the kinds first appeared, just before the
block ends (and so before the enclosing transaction commits). Anywhere else `write_later`
calls `insert([row])` at once, so the same action code serves a single web request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

type Insert[R] = Callable[[list[R]], object]

_pending: ContextVar[dict[Insert[Any], list[Any]] | None] = ContextVar(
    "supportdesk_batched_writes", default=None
)


def write_later[R](insert: Insert[R], row: R) -> None:
    pending = _pending.get()
    if pending is None:
        insert([row])
    else:
        pending.setdefault(insert, []).append(row)


@contextmanager
def writes_batched() -> Iterator[None]:
    """Rows given to `write_later` inside the block are written when it ends without error
    (and dropped with the transaction when it raises)."""
    if _pending.get() is not None:  # already inside a batch: it writes them
        yield
        return
    pending: dict[Insert[Any], list[Any]] = {}
    token = _pending.set(pending)
    try:
        yield
        while pending:  # an insert may itself write later (a row's own follow-up rows)
            insert = next(iter(pending))
            insert(pending.pop(insert))
    finally:
        _pending.reset(token)
