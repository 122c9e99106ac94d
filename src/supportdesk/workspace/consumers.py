"""The agents' WebSocket, `/desk/ws/?ticket=ID`: the queue and ticket pages refresh when
something changes, the ticket page shows the customer typing, and the agent's typing in the
public reply box reaches the customer's chat widget.

Only a signed-in agent (the desk session cookie, same origin) is let in.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from supportdesk.chat import relay
from supportdesk.live_groups import DESK_QUEUE, chat_contact, desk_ticket
from supportdesk.tickets.models import Channel, Ticket

logger = logging.getLogger(__name__)

TYPING_EVERY_SECONDS = 2.0


class DeskConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    groups_joined: list[str]

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_staff:
            await self.close()  # before the handshake: the client gets HTTP 403
            return
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        self.ticket: Ticket | None = None
        ticket_id = (query.get("ticket") or [""])[0]
        if ticket_id.isdigit() and len(ticket_id) < 18:
            self.ticket = await database_sync_to_async(
                lambda: Ticket.objects.filter(pk=int(ticket_id)).first()
            )()
        # A ticket page follows its ticket; the queue (any other page) follows every ticket.
        self.groups_joined = [desk_ticket(self.ticket.pk) if self.ticket else DESK_QUEUE]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        self.typed_at = 0.0
        await self.accept()
        await relay.ensure_running(self.channel_layer)

    async def disconnect(self, code: int) -> None:
        groups = getattr(self, "groups_joined", [])
        for group in groups:
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception:  # Redis busy: the group forgets the channel by itself
                logger.warning("desk: leaving %s failed", group, exc_info=True)
        if groups:
            relay.release()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        ticket = self.ticket
        if not isinstance(content, dict) or content.get("type") != "typing" or ticket is None:
            return
        now = time.monotonic()
        if ticket.channel != Channel.CHAT or now - self.typed_at < TYPING_EVERY_SECONDS:
            return
        self.typed_at = now
        await self.channel_layer.group_send(
            chat_contact(ticket.requester_id), {"type": "chat.typing", "ticket": ticket.number}
        )

    async def desk_changed(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "changed", "ticket": event.get("ticket", 0)})

    async def desk_typing(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "typing", "who": event.get("who", "customer")})
