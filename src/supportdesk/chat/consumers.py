"""The widget's WebSocket: `/chat/ws/?host=KEY`.

1. The page's origin must be one of the host's; otherwise the socket is closed with a reason.
2. The widget's first frame is `hello` with the signed identity, the language and the last
   update it saw; nothing of the customer is stored before the identity checks out.
3. Then: `send` (a message, idempotent by its client id), `typing`, `resume` (updates after an
   id) and `ping`; the desk pushes updates, acks, errors and the agent's typing.

Every frame has a size limit (uvicorn's --ws-max-size) and the connection a frame-rate limit;
nothing slow runs on the event loop (database work goes through `database_sync_to_async`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import timezone

from supportdesk.accounts.client_address import forwarded_client_address
from supportdesk.chat import presence, relay
from supportdesk.chat.actions.connections import (
    ChatRefused,
    ChatSession,
    check_chat_host,
    check_chat_session,
)
from supportdesk.chat.actions.messages import ChatError, chat_ticket, check_send_chat_message
from supportdesk.chat.models import ChatHost
from supportdesk.chat.texts import ERRORS, REFUSED, chat_language, say
from supportdesk.chat.updates import (
    CATCH_UP_BATCH,
    update_json,
    updates_after,
    welcome_json,
)
from supportdesk.live_groups import chat_contact, desk_ticket
from supportdesk.tickets.inbound import InboundRejected

logger = logging.getLogger(__name__)

HELLO_TIMEOUT = 10
FRAMES_PER_10_SECONDS = 60
# Close codes the widget understands (4000-4999 are the application's).
CLOSE_REFUSED = 4403
CLOSE_IDENTITY = 4401
CLOSE_PROTOCOL = 4400

_REFUSAL_TEXT = {
    "unknown_host": "host",
    "origin": "host",
    "enterprise": "enterprise",
    "expired": "expired",
}


class ChatConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    host: ChatHost | None = None
    session: ChatSession | None = None
    language = "ru"

    async def connect(self) -> None:
        await self.accept()
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        self.language = chat_language((query.get("lang") or ["ru"])[0])
        self.frames: list[float] = []
        try:
            self.host = await _in_pool(check_chat_host)(
                host_key=(query.get("host") or [""])[0],
                origin=self._origin(),
                address=self._address(),
            )
        except ChatRefused as refusal:
            await self._refuse(refusal.reason)
            return
        self.hello_timer = asyncio.get_running_loop().call_later(
            HELLO_TIMEOUT, lambda: asyncio.ensure_future(self._no_hello())
        )

    async def disconnect(self, code: int) -> None:
        if timer := getattr(self, "hello_timer", None):
            timer.cancel()
        if self.session is not None:
            try:
                await self.channel_layer.group_discard(
                    chat_contact(self.session.contact.pk), self.channel_name
                )
            except Exception:  # Redis busy (a thousand widgets leaving at once): the group
                # forgets the channel by itself; the customer must not stay "online" for it.
                logger.warning("chat: leaving the contact's group failed", exc_info=True)
            await _in_pool(presence.mark_offline)(self.session.contact.pk)
            relay.release()

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        if text_data is None:  # the widget sends text frames only
            await self._error("bad_request")
            return
        await super().receive(text_data=text_data, **kwargs)

    @classmethod
    async def decode_json(cls, text_data: str) -> Any:
        try:
            return json.loads(text_data)
        except ValueError:  # answered as a frame that is not ours, not as a server error
            return None

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not self._within_frame_rate():
            await self._error("rate")
            return
        kind = content.get("type") if isinstance(content, dict) else None
        if self.host is None:  # refused on connecting; the close is on its way
            return
        if self.session is None:
            if kind == "hello":
                await self._hello(content)
            else:
                await self._close_with("bad_request", CLOSE_PROTOCOL)
            return
        handler = {
            "send": self._send_message,
            "typing": self._typing,
            "resume": self._resume,
            "ping": self._ping,
        }.get(str(kind))
        if handler is None:
            await self._error("bad_request")
            return
        await handler(content)

    # The hello: who the customer is, and everything their widget has not seen yet.

    async def _hello(self, content: dict[str, Any]) -> None:
        self.hello_timer.cancel()
        assert self.host is not None
        try:
            self.session = await _in_pool(check_chat_session)(
                host=self.host,
                token=str(content.get("identity") or ""),
                origin=self._origin(),
                address=self._address(),
                language=self.language,
                now=timezone.now(),
            )
        except ChatRefused as refusal:
            await self._refuse(refusal.reason)
            return
        contact_id = self.session.contact.pk
        await self.channel_layer.group_add(chat_contact(contact_id), self.channel_name)
        await relay.ensure_running(self.channel_layer)
        await _in_pool(presence.mark_online)(contact_id)
        welcome = await _in_pool(self._welcome)(_int(content.get("after")))
        await self.send_json(welcome)

    def _welcome(self, after: int) -> dict[str, Any]:
        assert self.session is not None
        return welcome_json(self.session.contact, after=after, language=self.language)

    # What the widget sends.

    async def _send_message(self, content: dict[str, Any]) -> None:
        client_id = str(content.get("client_id") or "")
        try:
            ack = await _in_pool(self._store)(client_id, content.get("text"), content.get("ticket"))
        except ChatError as error:
            await self._error(error.code, client_id=client_id, **error.values)
            return
        except InboundRejected as rejected:
            reason = rejected.message_ru if self.language == "ru" else rejected.message_en
            await self._error("rejected", client_id=client_id, reason=reason)
            return
        await self.send_json(ack)

    def _store(self, client_id: str, text: object, number: object) -> dict[str, Any]:
        assert self.session is not None
        if not isinstance(text, str) or (number is not None and _int(number) <= 0):
            raise ChatError("bad_request")
        result = check_send_chat_message(
            self.session,
            client_id=client_id,
            text=text,
            ticket_number=_int(number) if number is not None else None,
        )
        return {
            "type": "ack",
            "client_id": client_id,
            "message_id": result.message.pk,
            "ticket": result.ticket.number,
            "duplicate": result.outcome == "duplicate",
        }

    async def _typing(self, content: dict[str, Any]) -> None:
        number = _int(content.get("ticket"))
        ticket_id = await _in_pool(self._own_ticket_id)(number)
        if ticket_id is not None:
            await self.channel_layer.group_send(
                desk_ticket(ticket_id), {"type": "desk.typing", "who": "customer"}
            )

    def _own_ticket_id(self, number: int) -> int | None:
        assert self.session is not None
        ticket = chat_ticket(self.session, number) if number > 0 else None
        return ticket.pk if ticket is not None else None

    async def _resume(self, content: dict[str, Any]) -> None:
        assert self.session is not None
        contact_id, after = self.session.contact.pk, _int(content.get("after"))
        rows = await _in_pool(
            lambda: [
                update_json(u)
                for u in updates_after(contact_id=contact_id, after=after, limit=CATCH_UP_BATCH)
            ]
        )()
        await self.send_json(
            {"type": "updates", "updates": rows, "more": len(rows) == CATCH_UP_BATCH}
        )

    async def _ping(self, content: dict[str, Any]) -> None:
        assert self.session is not None
        await _in_pool(presence.mark_online)(self.session.contact.pk)
        await self.send_json({"type": "pong"})

    # What the desk pushes (channel-layer events of the contact's group).

    async def chat_push(self, event: dict[str, Any]) -> None:
        await self.send_json(
            {
                "type": "updates",
                "updates": event["updates"],
                "conversations": event["conversations"],
                "hours": event["hours"],
            }
        )

    async def chat_typing(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "typing", "ticket": event["ticket"]})

    # Helpers.

    async def _refuse(self, reason: str) -> None:
        text = REFUSED[_REFUSAL_TEXT.get(reason, "identity")]
        code = CLOSE_REFUSED if reason in _REFUSAL_TEXT else CLOSE_IDENTITY
        await self.send_json(
            {"type": "refused", "reason": reason, "message": say(text, self.language)}
        )
        await self.close(code=code)

    async def _close_with(self, code_text: str, close_code: int) -> None:
        await self._error(code_text)
        await self.close(code=close_code)

    async def _no_hello(self) -> None:
        if self.session is None:
            await self._close_with("bad_request", CLOSE_PROTOCOL)

    async def _error(self, code: str, *, client_id: str = "", **values: object) -> None:
        await self.send_json(
            {
                "type": "error",
                "code": code,
                "client_id": client_id,
                "message": say(ERRORS[code], self.language, **values),
            }
        )

    def _within_frame_rate(self) -> bool:
        now = time.monotonic()
        self.frames = [t for t in self.frames if now - t < 10]
        self.frames.append(now)
        return len(self.frames) <= FRAMES_PER_10_SECONDS

    def _header(self, name: bytes) -> str:
        for key, value in self.scope.get("headers", []):
            if key == name:
                return str(value.decode("latin-1"))
        return ""

    def _origin(self) -> str:
        return self._header(b"origin")

    def _address(self) -> str | None:
        client = self.scope.get("client")
        peer = str(client[0]) if client else ""
        address = forwarded_client_address(
            peer=peer, forwarded_for=self._header(b"x-forwarded-for")
        )
        return address or None


def _in_pool[**P, R](func: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """A thousand widgets' database work runs side by side, each call on a pooled thread with
    its own connection, instead of queueing behind the one thread Channels uses by default."""
    return database_sync_to_async(func, thread_sensitive=False)  # type: ignore[no-any-return]


def _int(value: object) -> int:
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return 0
    return number if 0 <= number < 2**53 else 0
