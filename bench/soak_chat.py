"""The soak's chat customers: signed users of a cloud team writing through the widget's socket.

Each message carries a token ("C000123") and a client id. Duplicates come in two kinds, as a
flaky network makes them: the same send again at once (the first ack was "lost"), or the
socket dropped before the ack came and the send repeated after the reconnect (the widget
keeps unacknowledged messages). Every customer also drops and reconnects now and then,
resuming from the last update it saw. A send that is rate-limited waits and goes again.
"""

from __future__ import annotations

import json
import math
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.soak_channels import Ledger, Pace, _with_duplicates
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

HOST_KEY = "soak"
RECONNECT_ONE_IN = 25  # sends between a customer's ordinary reconnects, on average
PER_MINUTE = 12  # sends per customer and minute, under the desk's limit (20)
ACK_SECONDS = 60.0


def seed_chat_host() -> None:
    from tests.chat.widgets import ORIGIN, SECRET

    from supportdesk.chat.models import ChatHost

    ChatHost.objects.create(name="Soak", key=HOST_KEY, allowed_origins=ORIGIN, secret=SECRET)


@dataclass
class ChatCustomer:
    url: str
    token: str
    socket: ClientConnection | None = None
    ticket: int | None = None
    last_seen: int = 0
    connections: int = 0
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)  # client id → frame

    def connect(self) -> None:
        from tests.chat.widgets import ORIGIN

        self.drop()
        self.socket = connect(self.url, origin=Origin(ORIGIN), open_timeout=60)
        self.connections += 1
        hello = {"type": "hello", "identity": self.token, "after": self.last_seen}
        self.socket.send(json.dumps(hello))
        welcome = self._frame_until(lambda f: f["type"] == "welcome")
        self.last_seen = max([self.last_seen, *(u["id"] for u in welcome["updates"])])
        for frame in list(self.pending.values()):
            self.socket.send(json.dumps(frame))

    def drop(self) -> None:
        if self.socket is not None:
            self.socket.close()
        self.socket = None

    def send(self, frame: dict[str, Any]) -> None:
        assert self.socket is not None
        self.pending[frame["client_id"]] = frame
        self.socket.send(json.dumps(frame))

    def answer(self, client_id: str) -> dict[str, Any]:
        """The ack or error for this send (updates seen on the way are noted)."""
        frame = self._frame_until(
            lambda f: f["type"] in {"ack", "error"} and f.get("client_id") == client_id
        )
        if frame["type"] == "ack":
            self.pending.pop(client_id, None)
            self.ticket = frame["ticket"]
        return frame

    def _frame_until(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        assert self.socket is not None
        deadline = time.monotonic() + ACK_SECONDS
        while True:
            frame: dict[str, Any] = json.loads(
                self.socket.recv(timeout=max(0.1, deadline - time.monotonic()))
            )
            self._seen(frame)
            if wanted(frame):
                return frame

    def _seen(self, frame: dict[str, Any]) -> None:
        if frame.get("type") == "updates":
            self.last_seen = max([self.last_seen, *(u["id"] for u in frame["updates"])])


def chat_customers(base: str, count: int) -> list[ChatCustomer]:
    from tests.chat.widgets import identity

    url = base.replace("http://", "ws://") + f"/chat/ws/?host={HOST_KEY}&lang=ru"
    return [
        ChatCustomer(
            url,
            identity(
                user_id=f"soak-{k}",
                email=f"chat{k}@team{k % 8}.example",
                name=f"Клиент чата {k}",
                team_id=f"soak-team-{k % 8}",
                team_name=f"Команда {k % 8}",
                exp=int(time.time()) + 24 * 3600,
            ),
        )
        for k in range(count)
    ]


def customers_needed(sends: int, minutes: float) -> int:
    return max(4, math.ceil(sends / (PER_MINUTE * max(minutes, 1.0))))


def drive_chat(
    customers: list[ChatCustomer],
    sends: int,
    pace: Pace,
    ledger: Ledger,
    web_error: Callable[[str], None],
) -> None:
    """Messages from customers in turn, on schedule, with duplicates and reconnects."""
    rng = random.Random(4)
    unique, twice = _with_duplicates(sends, rng)
    n = 0
    try:
        for i in range(unique):
            customer = customers[i % len(customers)]
            if not pace.wait(n, sends):
                return
            n += 1 + (i in twice)
            kind = ("again", "after reconnect")[rng.random() < 0.5] if i in twice else ""
            if rng.random() < 1 / RECONNECT_ONE_IN:
                kind = kind or "reconnect"
            if not _chat_send(customer, f"C{i:06d}", kind, ledger, web_error):
                ledger.fail()
    finally:
        for customer in customers:
            customer.drop()


def _chat_send(
    customer: ChatCustomer,
    token: str,
    kind: str,
    ledger: Ledger,
    web_error: Callable[[str], None],
) -> bool:
    client_id = uuid.uuid4().hex
    text = f"Не сохраняется схема после обновления. {token}"
    for attempt in range(5):
        try:
            if customer.socket is None or kind == "reconnect":
                customer.connect()
            frame = {"type": "send", "client_id": client_id, "text": text}
            customer.send(frame | {"ticket": customer.ticket})
            if kind == "after reconnect":  # dropped before the ack: sent again on reconnect
                customer.connect()
                ledger.sent(duplicate=True)
            elif kind == "again":  # the same send again, the ack of the first one "lost"
                customer.send(frame | {"ticket": customer.ticket})
                customer.answer(client_id)
                ledger.sent(duplicate=True)
            answer = customer.answer(client_id)
            if answer["type"] == "ack":
                ledger.sent(token)
                return True
            customer.pending.pop(client_id, None)
            if answer["code"] == "closed":  # a new conversation, then
                customer.ticket = None
            elif answer["code"] == "rate":
                time.sleep(10)
            else:
                web_error(f"chat {token}: {answer['code']}")
        except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError) as exc:
            web_error(f"chat {token} (attempt {attempt + 1}): {type(exc).__name__} {exc}")
            customer.drop()
            time.sleep(1)
        kind = ""  # a retry is an ordinary send (its duplicate, if any, is already counted)
    return False
