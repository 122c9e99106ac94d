"""What a customer is promised about a new ticket ("we will answer by …"), asked of the sla app.

The promise comes from the ticket's SLA clocks, which live in `sla`, a layer above `tickets`:
the sla app registers its source in its `ready()`, as channels register their senders. With
no source registered (no sla app) nothing is promised.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Protocol


class ReplyPromise(Protocol):
    def text(self, language: str = "ru") -> str: ...


type ReplyPromiseSource = Callable[[Collection[int]], Mapping[int, ReplyPromise]]

_sources: list[ReplyPromiseSource] = []


def register_reply_promises(source: ReplyPromiseSource) -> None:
    _sources[:] = [source]


def reply_promises(*, ticket_ids: Collection[int]) -> Mapping[int, ReplyPromise]:
    """The reply promise of each ticket that has one, read in one go for the lot."""
    if not _sources or not ticket_ids:
        return {}
    return _sources[0](ticket_ids)
