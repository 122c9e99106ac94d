"""Start-up checks of the tickets app: every channel the desk takes tickets in can answer them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core import checks

from supportdesk.tickets.models import Channel
from supportdesk.tickets.outbound import channels_without_sender

# The chat widget has no intake yet (issue 14), so no ticket can be on it; its app registers a
# sender when it lands. Drop it from here then.
CHANNELS_WITHOUT_INTAKE = frozenset({Channel.CHAT.value})


def check_channels_have_senders(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    served = [name for name in Channel.values if name not in CHANNELS_WITHOUT_INTAKE]
    missing = channels_without_sender(served)
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
