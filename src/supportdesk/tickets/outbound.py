"""The outbound port: each channel provides a `Channel` that sends one outbox delivery.

Channels register themselves in their app's `ready()`; a channel with no sender yet falls
back to `LogOnlyChannel`, which records the delivery in the log and succeeds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from supportdesk.tickets.models import OutboxDelivery

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeliveryResult:
    ok: bool
    external_id: str = ""
    error: str = ""
    # A permanent failure (blocked bot, unknown mailbox) is not retried.
    permanent: bool = False


class Channel(Protocol):
    name: str

    def send(self, delivery: OutboxDelivery) -> DeliveryResult: ...


class LogOnlyChannel:
    def __init__(self, name: str) -> None:
        self.name = name

    def send(self, delivery: OutboxDelivery) -> DeliveryResult:
        logger.info(
            "log-only %s delivery %s to %s: %s",
            self.name,
            delivery.pk,
            delivery.recipient,
            delivery.message.body_text[:200],
        )
        return DeliveryResult(ok=True, external_id=f"log-{delivery.pk}")


def delivery_message_id(delivery: OutboxDelivery, sender: str) -> str:
    """The Message-ID of the email a delivery sends, the same on every attempt: sending is
    at-least-once (a worker killed between the SMTP server's "OK" and recording it sends again),
    and a repeat with the same Message-ID is one message to mail clients and servers."""
    domain = sender.rsplit("@", 1)[-1].strip("> ") or "localhost"
    return f"supportdesk.{delivery.pk}.{delivery.message.ticket.number}@{domain}"


_registry: dict[str, Channel] = {}


def register_channel(channel: Channel) -> Channel | None:
    """Install `channel` for its name; returns the one it replaced (tests restore it)."""
    previous = _registry.get(channel.name)
    _registry[channel.name] = channel
    return previous


def unregister_channel(name: str) -> None:
    _registry.pop(name, None)


def channel_for(name: str) -> Channel:
    return _registry.get(name) or LogOnlyChannel(name)
