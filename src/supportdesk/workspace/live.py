"""Telling open desk pages that something changed, once the change is committed. The pages
then fetch what they show (the rows, the timeline) over plain HTTP: the push carries no data,
so it needs no access check of its own."""

from __future__ import annotations

import logging

from channels.layers import get_channel_layer

from supportdesk.live_groups import DESK_QUEUE, desk_ticket, send_to_group

logger = logging.getLogger(__name__)


def push_ticket_changed(ticket_id: int) -> None:
    _send(desk_ticket(ticket_id), ticket_id)


def push_queue_changed() -> None:
    _send(DESK_QUEUE, 0)


def _send(group: str, ticket_id: int) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        send_to_group(layer, group, {"type": "desk.changed", "ticket": ticket_id})
    except Exception:  # pages also refresh on their own; a push must not fail a commit
        logger.exception("desk: pushing a change to %s failed", group)
