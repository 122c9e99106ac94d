"""The chat live across processes: a customer's widget on one web process, the agent on
another, and a worker beside them, all on one database and one Redis (the channel layer).

The web processes are started as the systemd unit starts them. Each desk has its own key
prefix in the one Redis (SUPPORTDESK_CACHE_PREFIX prefixes the channel layer's keys too), so
parallel desks do not hear each other. The PostgreSQL pass runs on a fresh database and the
run's Redis; the SQLite pass on the desk's file and a throwaway redis-server, so that both
passes prove the Redis layer.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pytest
from websockets.sync.client import connect
from websockets.typing import Origin

from tests.chat.widgets import ORIGIN, SECRET, Widget, identity
from tests.ops.processes import (  # noqa: F401 — database_url is a fixture
    PASSWORD,
    Browser,
    Desk,
    database_url,
    free_port,
    http_up,
    running_redis,
)

HOST_KEY = "two-processes"
SETUP = f"""
from supportdesk.chat.models import ChatHost
from tests.accounts.factories import AgentFactory
ChatHost.objects.create(
    name="Cloud app", key={HOST_KEY!r}, allowed_origins={ORIGIN!r}, secret={SECRET!r}
)
AgentFactory.create(username="agent")
"""
TICKET_ID = "from supportdesk.tickets.models import Ticket; print(Ticket.objects.get(number={}).pk)"
# A push that takes longer than this is not "live": the widget would look stuck.
LIVE_SECONDS = 3.0


@dataclass(frozen=True)
class TwoProcesses:
    desk: Desk
    a: int  # the web processes' ports
    b: int


@pytest.fixture
def processes(tmp_path, database_url) -> Iterator[TwoProcesses]:  # noqa: F811
    """Two web processes (the unit's command on two ports) and a worker, ready."""
    desk = Desk(tmp_path / "var")
    for name in ("EMAIL_HOST", "EMAIL_BACKEND", "PROMETHEUS_MULTIPROC_DIR"):
        desk.env.pop(name, None)
    with running_redis() as redis_url:
        desk.env["REDIS_URL"] = redis_url
        if database_url:
            desk.env["DATABASE_URL"] = database_url
        desk.run("migrate", "--verbosity", "0")
        desk.run("shell", "-c", SETUP)
        ports = [free_port(), free_port()]
        try:
            desk.start_nodes(ports)
            yield TwoProcesses(desk, *ports)
        finally:
            desk.stop_gracefully()


def open_widget(sockets: ExitStack, port: int) -> Widget:
    url = f"ws://127.0.0.1:{port}/chat/ws/?host={HOST_KEY}&lang=ru"
    widget = Widget(sockets.enter_context(connect(url, origin=Origin(ORIGIN), open_timeout=20)))
    widget.send(type="hello", identity=identity(), after=0)
    return widget


def agent_signed_in(port: int) -> Browser:
    agent = Browser(f"http://127.0.0.1:{port}")
    status, _, _ = agent.post("/desk/login/", {"username": "agent", "password": PASSWORD})
    assert status == 302, status
    return agent


class DeskSocket:
    """The agent's ticket page socket, with the desk session cookie, from the desk's origin."""

    def __init__(self, sockets: ExitStack, agent: Browser, ticket_id: int) -> None:
        url = agent.base.replace("http://", "ws://") + f"/desk/ws/?ticket={ticket_id}"
        self.connection = sockets.enter_context(
            connect(
                url,
                origin=Origin(agent.base),
                additional_headers={"Cookie": agent.cookie_header()},
                open_timeout=20,
            )
        )

    def until(self, wanted: dict[str, Any], timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            frame: dict[str, Any] = json.loads(
                self.connection.recv(timeout=max(0.01, deadline - time.monotonic()))
            )
            if frame.items() >= wanted.items():
                return frame


def agent_text(frame: dict[str, Any], text: str) -> bool:
    return frame["type"] == "updates" and any(
        u.get("message", {}).get("text") == text and u["message"]["from"] == "agent"
        for u in frame["updates"]
    )


def test_a_widget_on_one_process_hears_an_agent_on_another_and_the_agent_sees_it_typing(
    processes,
):
    desk, sockets = processes.desk, ExitStack()
    with sockets:
        talk_across_processes(desk, sockets, processes.a, processes.b)


def talk_across_processes(desk: Desk, sockets: ExitStack, process_a: int, process_b: int) -> None:
    widget = open_widget(sockets, process_a)
    assert widget.receive()["type"] == "welcome"
    number = widget.say("Не открывается диаграмма", client_id=uuid.uuid4().hex)["ticket"]
    # The shell prints its own lines first.
    ticket_id = int(desk.run("shell", "-c", TICKET_ID.format(int(number))).split()[-1])
    # The widget listens through Redis, under this desk's own prefix.
    assert desk.shared_cache_keys("asgi:group:chat.contact.") == 1

    agent = agent_signed_in(process_b)
    page = f"/desk/tickets/{number}/"
    status, html, _ = agent.get(page)
    assert status == 200 and "Не открывается диаграмма" in html
    desk_socket = DeskSocket(sockets, agent, ticket_id)

    # The customer, on A, types and writes again: the agent's page on B hears both.
    widget.send(type="typing", ticket=number)
    desk_socket.until({"type": "typing", "who": "customer"}, timeout=LIVE_SECONDS)
    widget.say("Ошибка 502 после обновления", ticket=number)
    desk_socket.until({"type": "changed", "ticket": ticket_id}, timeout=LIVE_SECONDS)

    # The agent answers on B: the widget on A gets it on the socket it already has.
    status, _, _ = agent.post(f"{page}reply/", {"body": "Смотрим"}, form_page=page)
    assert status in {200, 302}, status
    pushed = widget.until(lambda f: agent_text(f, "Смотрим"), timeout=LIVE_SECONDS)
    assert [c["ticket"] for c in pushed["conversations"]] == [number]
