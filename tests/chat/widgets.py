"""The chat widget's host application, its signed users and a widget connected over a real
WebSocket to a real uvicorn (the `asgi_server` of tests/live.py). A pytest plugin (see
tests/conftest.py), so the desk's tests use them too."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

from supportdesk.chat.actions.connections import ChatSession, check_chat_session
from supportdesk.chat.actions.messages import check_send_chat_message
from supportdesk.chat.identity import sign
from supportdesk.chat.models import ChatHost
from supportdesk.tickets.models import Ticket

ORIGIN = "https://app.cloud.example"
SECRET = "host-secret-for-tests-0123456789"


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    return {
        "user_id": "u-42",
        "email": "olga@romashka.example",
        "name": "Ольга Иванова",
        "team_id": "team-7",
        "team_name": "ООО «Ромашка»",
        "plan": "team",
        "seats": 60,
        "iat": now,
        "exp": now + 3600,
    } | overrides


def identity(secret: str = SECRET, **overrides: Any) -> str:
    return sign(claims(**overrides), secret)


@pytest.fixture
def chat_host(db: None) -> ChatHost:
    return ChatHost.objects.create(
        name="Cloud app", key="cloud-test", allowed_origins=ORIGIN, secret=SECRET
    )


@pytest.fixture
def chat_session(chat_host: ChatHost) -> ChatSession:
    return check_chat_session(
        host=chat_host,
        token=identity(),
        origin=ORIGIN,
        address="127.0.0.1",
        language="ru",
        now=timezone.now(),
    )


def conversation(session: ChatSession) -> Ticket:
    """A new chat conversation of the session's customer."""
    return check_send_chat_message(
        session, client_id="first-message-1", text="Вопрос", ticket_number=None
    ).ticket


class Widget:
    """A widget's socket: frames it received, by type, and the ones still to read."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection

    def send(self, **frame: Any) -> None:
        self.connection.send(json.dumps(frame))

    def receive(self, timeout: float = 10) -> dict[str, Any]:
        frame: dict[str, Any] = json.loads(self.connection.recv(timeout=timeout))
        return frame

    def until(
        self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 10
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            frame = self.receive(timeout=max(0.01, deadline - time.monotonic()))
            if predicate(frame):
                return frame

    def say(
        self, text: str, ticket: int | None = None, client_id: str | None = None
    ) -> dict[str, Any]:
        client_id = client_id or uuid.uuid4().hex
        self.send(type="send", client_id=client_id, text=text, ticket=ticket)
        return self.until(
            lambda f: f.get("client_id") == client_id and f["type"] in {"ack", "error"}
        )


@pytest.fixture
def open_widget(asgi_server: str) -> Iterator[Callable[..., Widget]]:
    stack = ExitStack()

    def open_(
        token: str | None = None,
        *,
        host: str = "cloud-test",
        origin: str = ORIGIN,
        after: int = 0,
        lang: str = "ru",
        hello: bool = True,
    ) -> Widget:
        base = urlsplit(asgi_server)
        url = f"ws://{base.netloc}/chat/ws/?host={host}&lang={lang}"
        connection = stack.enter_context(connect(url, origin=Origin(origin), open_timeout=10))
        widget = Widget(connection)
        if hello:
            widget.send(type="hello", identity=identity() if token is None else token, after=after)
        return widget

    with stack:
        yield open_
