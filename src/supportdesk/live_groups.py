"""Names of the channel-layer groups the desk's sockets listen on, in one place because the
apps that send to them (the chat, the desk, the relay) must not import each other."""

from __future__ import annotations

import asyncio
from typing import Any

from asgiref.sync import async_to_sync

DESK_QUEUE = "desk.queue"


def desk_ticket(ticket_id: int) -> str:
    """The agents' pages of one ticket: changes to it, the customer typing."""
    return f"desk.ticket.{ticket_id}"


def chat_contact(contact_id: int) -> str:
    """One customer's open chat widgets: updates, acks, the agent typing."""
    return f"chat.contact.{contact_id}"


def send_to_group(layer: Any, group: str, message: dict[str, Any]) -> None:
    """`layer.group_send` from synchronous code: the desk's views and workers have no event
    loop in their thread (async_to_sync); code that does (a test driving a browser, an async
    caller) gets the send scheduled on its loop instead of an error."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(layer.group_send)(group, message)
    else:
        task = loop.create_task(layer.group_send(group, message))
        _sending.add(task)  # a task nobody holds may be collected before it runs
        task.add_done_callback(_sending.discard)


_sending: set[asyncio.Task[None]] = set()
