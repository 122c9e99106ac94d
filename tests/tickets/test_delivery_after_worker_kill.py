"""A worker killed in the middle of sending an email: the claim it leaves is released, and every
reply reaches the customer exactly once, within a minute — real processes, real SQLite file."""

from __future__ import annotations

import re
import signal
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ops.processes import Desk, wait_for

DELIVERIES = "SELECT id, status FROM tickets_outboxdelivery ORDER BY id"


@pytest.fixture
def silent_smtp() -> Iterator[int]:
    """Accepts connections and never says a word: a send hangs until its timeout."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()
    for connection in held:
        connection.close()


def test_replies_claimed_by_a_killed_worker_are_delivered_once(tmp_path: Path, silent_smtp):
    desk = Desk(tmp_path / "var")
    try:
        desk.run("migrate", "--verbosity", "0")
        desk.run("load_demo_data")  # its replies wait in the outbox, their task enqueued
        hanging = dict(desk.env, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(silent_smtp))
        first, desk.env = desk.env, hanging
        sender = desk.start("worker", "--interval", "0.2", "--worker-id", "killed")
        desk.env = first

        wait_for(lambda: "sending" in {s for _, s in desk.query(DELIVERIES)}, timeout=30,
                 what="the first worker to claim a reply")  # fmt: skip
        sender.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()

        # The next worker has no SMTP server configured: mail goes to var/outgoing-mail.
        desk.start("worker", "--interval", "0.2", "--worker-id", "next")
        wait_for(lambda: {s for _, s in desk.query(DELIVERIES)} == {"sent"}, timeout=60,
                 what="every reply to be sent")  # fmt: skip
        delivered_in = time.monotonic() - killed_at
    finally:
        desk.stop_all()

    mail = "".join(p.read_text() for p in (tmp_path / "var" / "outgoing-mail").iterdir())
    sent = Counter(re.findall(r"^Message-ID: <supportdesk\.(\d+)\.", mail, re.M))
    ids = [str(pk) for pk, _ in desk.query(DELIVERIES)]
    assert sent == Counter(ids), sent  # each reply once, none twice
    assert delivered_in < 60
    print(f"{len(ids)} replies delivered once each, {delivered_in:.1f} s after the kill")
