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
from typing import Any

from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer
from django.db.models import Max

from supportdesk.chat.models import ChatUpdate
from supportdesk.chat.updates import push_updates
from supportdesk.live_groups import DESK_QUEUE, desk_ticket, send_to_group
from supportdesk.tickets.models import TicketEvent

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.5
BATCH = 500


class _Relay:
    def __init__(self) -> None:
        self.users = 0
        self.task: asyncio.Task[None] | None = None


_relay = _Relay()


async def ensure_running(layer: Any) -> None:
    if not isinstance(layer, InMemoryChannelLayer):
        return
    _relay.users += 1
    if _relay.task is None or _relay.task.done():
        # Started before any await: two sockets opening together must not start two relays.
        _relay.task = asyncio.create_task(_run(layer))


def release() -> None:
    _relay.users = max(0, _relay.users - 1)


async def _run(layer: Any) -> None:
    update_cursor, event_cursor = await database_sync_to_async(_latest_ids)()
    while _relay.users > 0:
        await asyncio.sleep(POLL_SECONDS)
        try:
            update_cursor, event_cursor = await database_sync_to_async(_relay_once)(
                layer, update_cursor, event_cursor
            )
        except Exception:  # the next round tries again; the relay must not die of one error
            logger.exception("chat relay: a round failed")


def _latest_ids() -> tuple[int, int]:
    return (
        ChatUpdate.objects.aggregate(m=Max("id"))["m"] or 0,
        TicketEvent.objects.aggregate(m=Max("id"))["m"] or 0,
    )


def _relay_once(layer: Any, update_cursor: int, event_cursor: int) -> tuple[int, int]:
    updates = list(
        ChatUpdate.objects.filter(id__gt=update_cursor)
        .order_by("id")
        .values_list("id", flat=True)[:BATCH]
    )
    if updates:
        push_updates(layer, updates)
        update_cursor = updates[-1]
    events = list(
        TicketEvent.objects.filter(id__gt=event_cursor)
        .order_by("id")
        .values_list("id", "ticket_id")[:BATCH]
    )
    if events:
        for ticket_id in {ticket_id for _, ticket_id in events}:
            send_to_group(
                layer, desk_ticket(ticket_id), {"type": "desk.changed", "ticket": ticket_id}
            )
        send_to_group(layer, DESK_QUEUE, {"type": "desk.changed", "ticket": 0})
        event_cursor = events[-1][0]
    return update_cursor, event_cursor
