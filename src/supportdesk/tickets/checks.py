"""Start-up checks of the tickets app: every channel the desk takes tickets in can answer them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core import checks

from supportdesk.tickets.models import Channel
from supportdesk.tickets.outbound import channels_without_sender


def check_channels_have_senders(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    missing = channels_without_sender(Channel.values)
    if not missing:
        return []
    return [
        checks.Error(
            f"No sender is registered for channel(s): {', '.join(missing)}. Replies on them "
            "would fail permanently.",
            hint="Install the channel's app (it registers its sender in ready()) or register "
            "one with supportdesk.tickets.outbound.register_channel().",
            id="supportdesk.tickets.E001",
        )
    ]
