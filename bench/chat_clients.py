"""The customers and agents of `bench/chat.py`: widgets and desk pages over asyncio WebSockets.

A `Widget` behaves as the real one does: it says hello with its signed identity and the last
update it saw, keeps every update id it was given (so the run can count what was lost or given
twice), sends messages with client ids and sends the unacknowledged ones again after a
reconnect. A `DeskPage` is an agent's ticket page: it hears "changed" when the customer wrote.
Latencies are measured on one clock (this machine's), from the text of the agent's reply (the
producer writes the time it started the reply into it) and from the customer's send.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

# The agent's reply carries the wall-clock time its producer started it: "… @1765000000.123456".
STAMP = re.compile(r"@(\d+\.\d+)$")
CATCH_UP_BATCH = 500  # the consumer's; a welcome or batch this long means "ask for more"


@dataclass
class Latencies:
    """Samples in milliseconds, recorded only while `on`."""

    on: bool = False
    agent_to_customer: list[float] = field(default_factory=list)
    customer_to_agent: list[float] = field(default_factory=list)
    customer_ack: list[float] = field(default_factory=list)


@dataclass
class Widget:
    n: int
    url: str
    origin: str
    token: str
    latencies: Latencies
    seen: Counter[int] = field(default_factory=Counter)  # update id → times received
    message_updates: dict[int, set[int]] = field(default_factory=dict)  # message → update ids
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)  # client id → frame
    sent_at: dict[str, float] = field(default_factory=dict)
    ticket: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    server_closes: int = 0
    connection: ClientConnection | None = None
    reader: asyncio.Task[None] | None = None
    acked: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def last_seen(self) -> int:
        return max(self.seen, default=0)

    def messages_under_two_ids(self) -> int:
        """Messages that came as two different updates: the widget would show them twice."""
        return sum(1 for ids in self.message_updates.values() if len(ids) > 1)

    async def open(self) -> float:
        """Connects, says hello and reads the welcome (and any catch-up batches); sends again
        what was not acknowledged. Returns the seconds it took."""
        started = time.monotonic()
        self.connection = await connect(
            self.url, origin=Origin(self.origin), open_timeout=120, ping_interval=None
        )
        after = self.last_seen
        await self._send({"type": "hello", "identity": self.token, "after": after})
        while True:
            frame = json.loads(await asyncio.wait_for(self.connection.recv(), 120))
            if frame["type"] == "welcome":
                break
            self._take(frame)  # the server's push can come first
        self._record(frame["updates"])
        more = frame.get("more", False)
        while more:
            await self._send({"type": "resume", "after": self.last_seen})
            batch = await self._next_batch()
            self._record(batch["updates"])
            more = batch.get("more", False)
        self.reader = asyncio.create_task(self._read())
        for frame in list(self.pending.values()):  # as the widget does after a drop
            await self._send(frame)
        return time.monotonic() - started

    async def _next_batch(self) -> dict[str, Any]:
        assert self.connection is not None
        while True:
            frame: dict[str, Any] = json.loads(await asyncio.wait_for(self.connection.recv(), 60))
            if frame["type"] == "updates" and "conversations" not in frame:
                return frame
            self._take(frame)

    async def say(self, client_id: str, text: str) -> None:
        frame = {
            "type": "send",
            "client_id": client_id,
            "text": text,
            "ticket": self.ticket or None,
        }
        self.pending[client_id] = frame
        self.sent_at[client_id] = time.time()
        await self._send(frame)

    async def drop(self) -> None:
        """The network goes away: no closing handshake, the server finds out by itself."""
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.reader
        if self.connection is not None:
            self.connection.transport.abort()
        self.connection = self.reader = None

    async def close(self) -> None:
        await close_socket(self.connection, self.reader)

    async def _send(self, frame: dict[str, Any]) -> None:
        assert self.connection is not None
        with contextlib.suppress(ConnectionClosed):  # resent after the reconnect
            await self.connection.send(json.dumps(frame))

    async def _read(self) -> None:
        assert self.connection is not None
        with contextlib.suppress(ConnectionClosed):
            async for raw in self.connection:
                self._take(json.loads(raw))
        # The server closed the socket (we cancel this task before closing it ourselves): the
        # widget reconnects and resumes, so the run counts it and goes on.
        self.server_closes += 1
        self.reader = None
        with contextlib.suppress(OSError, ConnectionClosed, TimeoutError):
            await self.open()

    def _take(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "updates":
            self._record(frame["updates"])
        elif kind == "ack":
            self.ticket = self.ticket or int(frame["ticket"])
            self.pending.pop(frame["client_id"], None)
            sent = self.sent_at.pop(frame["client_id"], None)
            if sent is not None and self.latencies.on:
                self.latencies.customer_ack.append((time.time() - sent) * 1000)
            self.acked.set()
        elif kind == "error":
            self.errors[str(frame.get("code"))] += 1

    def _record(self, updates: list[dict[str, Any]]) -> None:
        now = time.time()
        for update in updates:
            first = update["id"] not in self.seen
            self.seen[update["id"]] += 1
            message = update.get("message") or {}
            if message:
                self.message_updates.setdefault(message["id"], set()).add(update["id"])
            stamp = STAMP.search(message.get("text", ""))
            if first and stamp and message.get("from") == "agent" and self.latencies.on:
                self.latencies.agent_to_customer.append((now - float(stamp.group(1))) * 1000)


@dataclass
class DeskPage:
    """An agent's ticket page on one web process: the customer's sends it waits to hear of."""

    url: str
    origin: str
    cookie: str
    latencies: Latencies
    waiting: list[float] = field(default_factory=list)  # wall-clock times of sends not heard
    server_closes: int = 0
    connection: ClientConnection | None = None
    reader: asyncio.Task[None] | None = None

    async def open(self) -> None:
        self.connection = await connect(
            self.url,
            origin=Origin(self.origin),
            additional_headers={"Cookie": self.cookie},
            open_timeout=60,
            ping_interval=None,
        )
        self.reader = asyncio.create_task(self._read())

    def customer_sent(self) -> None:
        self.waiting.append(time.time())

    async def _read(self) -> None:
        assert self.connection is not None
        with contextlib.suppress(ConnectionClosed):
            async for raw in self.connection:
                frame = json.loads(raw)
                # One customer message can change the ticket more than once: the first counts.
                if frame.get("type") == "changed" and self.waiting:
                    sent = self.waiting.pop(0)
                    if self.latencies.on:
                        self.latencies.customer_to_agent.append((time.time() - sent) * 1000)
        self.server_closes += 1  # as the page's script does: open it again
        with contextlib.suppress(OSError, ConnectionClosed, TimeoutError):
            await self.open()

    async def close(self) -> None:
        await close_socket(self.connection, self.reader)


async def close_socket(
    connection: ClientConnection | None, reader: asyncio.Task[None] | None
) -> None:
    """Stops the reader and closes the socket politely (the end of a run, not a drop)."""
    if reader is not None:
        reader.cancel()
    if connection is not None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(connection.close(), 5)


async def gather_bounded[T](jobs: list[Any], limit: int) -> list[T]:
    """Awaits the coroutines, at most `limit` at a time."""
    gate = asyncio.Semaphore(limit)

    async def one(job: Any) -> T:
        async with gate:
            result: T = await job
            return result

    return await asyncio.gather(*(one(job) for job in jobs))
