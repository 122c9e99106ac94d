"""Pushes across processes when the channel layer cannot carry them (the embedded default).

With Redis (`channels-redis`), a change committed in any process is pushed to the widgets and
desk pages of every process at once. Without it the layer lives in one process's memory, so the
web process would never hear of what the worker did (an agent's reply delivered, a status the
scheduler changed). Then each web process that has open sockets polls the database twice a
second for updates and ticket events committed since it last looked, and pushes them to its
own sockets; a push it already made itself arrives twice and the clients drop the repeat by id.
It follows ids, which commit in order on SQLite (one writer); with PostgreSQL and no Redis a
row committed late under a lower id can be missed live, and comes with the widget's next resume.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Any

from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer
from django.db.models import Max

from supportdesk.chat.models import ChatUpdate
from supportdesk.chat.updates import update_pushes
from supportdesk.live_groups import DESK_QUEUE, desk_ticket
from supportdesk.tickets.models import TicketEvent

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.5
BATCH = 500

Push = tuple[str, dict[str, Any]]


class _Relay:
    def __init__(self) -> None:
        self.users = 0
        self.task: asyncio.Task[None] | None = None


# One relay per event loop: a server that stopped (its loop closed with the relay's task still
# pending) must not keep a new server's sockets from getting theirs.
_relays: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Relay] = weakref.WeakKeyDictionary()


async def ensure_running(layer: Any) -> None:
    if not isinstance(layer, InMemoryChannelLayer):
        return
    relay = _relays.setdefault(asyncio.get_running_loop(), _Relay())
    relay.users += 1
    if relay.task is None or relay.task.done():
        # Started before any await: two sockets opening together must not start two relays.
        relay.task = asyncio.create_task(_run(layer, relay))


def release() -> None:
    """From the consumer's disconnect, on the loop whose relay it joined."""
    if (relay := _relays.get(asyncio.get_running_loop())) is not None:
        relay.users = max(0, relay.users - 1)


async def _run(layer: Any, relay: _Relay) -> None:
    # The database rounds run on pooled threads and only read: the sends happen here, on the
    # loop. A thread that sent through async_to_sync would wait for this loop to run its send;
    # if the server stopped in between, it would wait for ever, and with it everything queued
    # behind it on that thread (Channels' handshakes, the process's exit).
    update_cursor, event_cursor = await database_sync_to_async(
        _latest_ids, thread_sensitive=False
    )()
    while relay.users > 0:
        await asyncio.sleep(POLL_SECONDS)
        try:
            pushes, update_cursor, event_cursor = await database_sync_to_async(
                _collect, thread_sensitive=False
            )(update_cursor, event_cursor)
        except Exception:  # the next round tries again; the relay must not die of one error
            logger.exception("chat relay: a round failed")
            continue
        for group, message in pushes:
            try:
                await layer.group_send(group, message)
            except Exception:  # the clients catch up on their own; the next push may pass
                logger.exception("chat relay: pushing to %s failed", group)


def _latest_ids() -> tuple[int, int]:
    return (
        ChatUpdate.objects.aggregate(m=Max("id"))["m"] or 0,
        TicketEvent.objects.aggregate(m=Max("id"))["m"] or 0,
    )


def _collect(update_cursor: int, event_cursor: int) -> tuple[list[Push], int, int]:
    pushes: list[Push] = []
    updates = list(
        ChatUpdate.objects.filter(id__gt=update_cursor)
        .order_by("id")
        .values_list("id", flat=True)[:BATCH]
    )
    if updates:
        pushes.extend(update_pushes(updates))
        update_cursor = updates[-1]
    events = list(
        TicketEvent.objects.filter(id__gt=event_cursor)
        .order_by("id")
        .values_list("id", "ticket_id")[:BATCH]
    )
    if events:
        for ticket_id in {ticket_id for _, ticket_id in events}:
            pushes.append((desk_ticket(ticket_id), {"type": "desk.changed", "ticket": ticket_id}))
        pushes.append((DESK_QUEUE, {"type": "desk.changed", "ticket": 0}))
        event_cursor = events[-1][0]
    return pushes, update_cursor, event_cursor
