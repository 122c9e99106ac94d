"""The admin's one row of bot settings."""

from __future__ import annotations

from supportdesk.telegram.models import BotSettings


def do_ensure_bot_settings() -> BotSettings:
    """The settings row, created empty (no bot) the first time the admin opens the page."""
    row, _ = BotSettings.objects.get_or_create(pk=BotSettings.SINGLETON_PK)
    return row
