"""The relay of the embedded default (one process's in-memory channel layer, polling the database
for what other processes committed): it pushes from the loop it serves, and a server that stopped
with sockets still open leaves nothing behind for the next one."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from channels.layers import InMemoryChannelLayer

from supportdesk.chat import relay
from supportdesk.live_groups import DESK_QUEUE
from supportdesk.tickets.actions.status import do_change_status
from supportdesk.tickets.models import Status
from tests.accounts.factories import AgentFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def relay_started(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Set once the relay has read the ids it starts after: what commits later is pushed."""
    started = threading.Event()
    latest_ids = relay._latest_ids

    def noting_the_start() -> tuple[int, int]:
        ids = latest_ids()
        started.set()
        return ids

    monkeypatch.setattr(relay, "_latest_ids", noting_the_start)
    return started


async def _serve_until_pushed(
    layer: InMemoryChannelLayer, change: Any, started: threading.Event
) -> dict[str, Any]:
    """A desk page's socket as the consumers open it: join the queue's group, start the relay,
    then something commits elsewhere (the worker, in production)."""
    channel = await layer.new_channel()
    await layer.group_add(DESK_QUEUE, channel)
    await relay.ensure_running(layer)
    assert await asyncio.to_thread(started.wait, 30)
    await asyncio.to_thread(_in_a_thread_of_its_own, change)
    try:
        return await asyncio.wait_for(layer.receive(channel), timeout=5)
    finally:
        relay.release()


def _in_a_thread_of_its_own(change: Any) -> None:
    # Not on a thread of the loop's pool: those remember the loop they last served.
    thread = threading.Thread(target=change)
    thread.start()
    thread.join()


def test_the_relay_pushes_what_another_process_committed(open_ticket, relay_started):
    ticket = open_ticket()
    agent = AgentFactory.create()
    frame = asyncio.run(
        _serve_until_pushed(
            InMemoryChannelLayer(),
            lambda: do_change_status(ticket=ticket, status=Status.WAITING, agent=agent),
            relay_started,
        )
    )
    assert frame == {"type": "desk.changed", "ticket": 0}


def test_a_stopped_server_leaves_nothing_that_keeps_the_next_ones_relay_polling(db):
    async def stop_with_a_socket_open() -> None:
        await relay.ensure_running(InMemoryChannelLayer())  # never released: the loop just ends

    async def open_and_close_a_socket() -> set[asyncio.Task[Any]]:
        await relay.ensure_running(InMemoryChannelLayer())
        relay.release()
        await asyncio.sleep(relay.POLL_SECONDS * 3)
        return asyncio.all_tasks() - {asyncio.current_task()}

    asyncio.run(stop_with_a_socket_open())
    assert asyncio.run(open_and_close_a_socket()) == set()


def test_the_relays_threads_never_hand_the_loop_a_send_to_wait_for(
    open_ticket, monkeypatch, relay_started
):
    """A thread that waits for the loop to run its send waits for ever once the server stops
    between the two; then every call queued behind it on that thread, and the process's exit,
    wait too (a clean-clone CI run hung this way for an hour)."""
    ticket = open_ticket()
    agent = AgentFactory.create()
    handed: list[str] = []

    async def serve() -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        loop_thread = threading.get_ident()
        schedule = loop.call_soon_threadsafe

        def watched(callback: Any, *args: Any, **kwargs: Any) -> Any:
            if threading.get_ident() != loop_thread and callback == loop.create_task:
                handed.append(threading.current_thread().name)
            return schedule(callback, *args, **kwargs)

        monkeypatch.setattr(loop, "call_soon_threadsafe", watched)
        return await _serve_until_pushed(
            InMemoryChannelLayer(),
            lambda: do_change_status(ticket=ticket, status=Status.WAITING, agent=agent),
            relay_started,
        )

    assert asyncio.run(serve())["type"] == "desk.changed"
    assert handed == []
