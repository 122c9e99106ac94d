"""The agents' socket, against a real uvicorn: only agents get in; an open ticket page hears
that its ticket changed and that the chat customer is typing, and the agent's typing reaches
the customer's widget."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from urllib.parse import urlsplit

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

from supportdesk.tickets.actions.status import do_change_status
from supportdesk.tickets.models import Status, Ticket
from tests.accounts.factories import AgentFactory, CustomerUserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk_socket(asgi_server: str, client) -> Iterator[Callable[..., ClientConnection]]:
    netloc = urlsplit(asgi_server).netloc
    stack = ExitStack()

    def open_(user: object | None, ticket: Ticket | None = None) -> ClientConnection:
        headers = {}
        if user is not None:
            client.force_login(user)
            headers["Cookie"] = f"sessionid={client.cookies['sessionid'].value}"
        query = f"?ticket={ticket.pk}" if ticket else ""
        return stack.enter_context(
            connect(
                f"ws://{netloc}/desk/ws/{query}",
                origin=Origin(asgi_server),
                additional_headers=headers,
                open_timeout=10,
            )
        )

    with stack:
        yield open_


def frame_of(socket: ClientConnection, kind: str, timeout: float = 10) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        frame = json.loads(socket.recv(timeout=max(0.01, deadline - time.monotonic())))
        if frame["type"] == kind:
            return frame


@pytest.mark.parametrize("who", ["anonymous", "customer"])
def test_only_agents_get_in(desk_socket, who):
    user = CustomerUserFactory.create() if who == "customer" else None
    with pytest.raises(InvalidStatus) as refused:
        desk_socket(user)
    assert refused.value.response.status_code == 403


def test_a_ticket_page_hears_its_ticket_change(desk_socket, open_ticket):
    ticket = open_ticket()
    agent = AgentFactory.create()
    page = desk_socket(agent, ticket)
    queue = desk_socket(agent)
    time.sleep(0.2)  # both sockets have joined their groups
    do_change_status(ticket=ticket, status=Status.WAITING, agent=agent)
    assert frame_of(page, "changed")["ticket"] == ticket.pk
    assert frame_of(queue, "changed")["ticket"] == 0


def test_typing_goes_both_ways_between_widget_and_ticket_page(desk_socket, chat_host, open_widget):
    widget = open_widget()
    widget.receive()
    number = widget.say("Помогите")["ticket"]
    ticket = Ticket.objects.get(number=number)
    page = desk_socket(AgentFactory.create(), ticket)
    time.sleep(0.2)
    widget.send(type="typing", ticket=number)
    assert frame_of(page, "typing")["who"] == "customer"
    page.send(json.dumps({"type": "typing"}))
    assert widget.until(lambda f: f["type"] == "typing")["ticket"] == number
