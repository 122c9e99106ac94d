"""Run inside a desk process (`supportdesk shell -c`): seed a desk, print what a backup must keep.

The snapshot holds every ticket, message, attachment (with the sha256 of the stored bytes) and
SLA clock, as JSON, so two desks can be compared from outside.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import Model

from supportdesk.customers.actions.contacts import SenderIdentity
from supportdesk.customers.models import IdentityKind
from supportdesk.ops.demo_data import load_demo_data
from supportdesk.sla.models import SlaClock
from supportdesk.tickets.inbound import InboundAttachment, InboundMessage, receive
from supportdesk.tickets.models import Attachment, Message, Ticket

# Every byte value, and a text file: both must come back byte for byte.
BINARY = bytes(range(256)) * 64
LOG = "2026-11-30T10:00:00Z ERROR диаграмма не открывается\r\n".encode() * 50


def seed() -> None:
    load_demo_data()
    receive_email(0)


def receive_email(index: int) -> None:
    sender = SenderIdentity(
        kind=IdentityKind.EMAIL,
        external_id=f"customer{index % 7}@backup.example",
        email=f"customer{index % 7}@backup.example",
        name="Клиент",
        email_verified=True,
    )
    receive(
        InboundMessage(
            channel="email",
            external_id=f"<backup-{index}@backup.example>",
            sender=sender,
            subject=f"Ошибка {index}",
            text=f"Не работает, запрос {index}",
            attachments=(
                InboundAttachment(f"screen-{index}.bin", BINARY + index.to_bytes(4, "big")),
                InboundAttachment("container.log", LOG, "text/plain"),
            ),
        )
    )


def _rows(model: type[Model]) -> list[dict[str, Any]]:
    return list(model._default_manager.order_by("pk").values())


def snapshot() -> dict[str, Any]:
    attachments = _rows(Attachment)
    for row in attachments:
        with default_storage.open(row["file"], "rb") as stored:
            row["stored_sha256"] = hashlib.sha256(stored.read()).hexdigest()
    return {
        "tickets": _rows(Ticket),
        "messages": _rows(Message),
        "attachments": attachments,
        "clocks": _rows(SlaClock),
    }


def print_snapshot() -> None:
    print(json.dumps(snapshot(), default=str, sort_keys=True))


def seed_more() -> None:
    for index in range(1, 4):
        receive_email(index)


def receive_until_stopped() -> None:
    """Tickets keep arriving until the file named by BACKUP_TEST_STOP exists."""
    stop = Path(os.environ["BACKUP_TEST_STOP"])
    index = 100
    while not stop.exists():
        receive_email(index)
        index += 1
