"""The outbound port: each channel provides a `Channel` that sends one outbox delivery.

Channels register themselves in their app's `ready()`. Delivery fails closed: a channel with
no sender gets `UnservedChannel`, whose every send is a permanent failure on the ticket (never a
silent success), and `supportdesk check` refuses to start with such a channel
(`supportdesk.tickets.checks`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
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


class UnservedChannel:
    """What a channel with no registered sender delivers through: nothing, reported as such."""

    def __init__(self, name: str) -> None:
        self.name = name

    def send(self, delivery: OutboxDelivery) -> DeliveryResult:
        logger.error("delivery %s: no sender is registered for channel %r", delivery.pk, self.name)
        return DeliveryResult(
            ok=False, permanent=True, error=f"No sender is registered for channel {self.name!r}"
        )


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
    return _registry.get(name) or UnservedChannel(name)


def channels_without_sender(names: Iterable[str]) -> list[str]:
    return [name for name in names if name not in _registry]
