"""Which bot the desk runs, and how: from the environment when TELEGRAM_BOT_TOKEN is set,
otherwise as the admin saved it (*Telegram-бот → Настройки Telegram-бота*).

Web, task workers and the poller are separate processes and the admin may change the row at any
moment, so the configuration is read on each call and never kept beyond it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from django.conf import settings

from supportdesk.telegram.selectors import bot_settings_get

Source = Literal["environment", "admin"]

MODES = ("polling", "webhook")
# What Telegram accepts as secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


@dataclass(frozen=True)
class BotConfig:
    # Kept out of repr: a config that lands in a log line must not carry the secrets with it.
    token: str = field(repr=False)
    mode: str
    webhook_url: str
    webhook_secret: str = field(repr=False)
    api_url: str
    # None: no token anywhere, so there is no bot.
    source: Source | None

    @property
    def polls(self) -> bool:
        return bool(self.token) and self.mode == "polling"


def bot_config() -> BotConfig:
    """The configuration in effect now (reads the database unless the environment decides)."""
    from_environment = environment_bot_config()
    if from_environment.source is not None:
        return from_environment
    stored = bot_settings_get()
    if stored is None or not stored.token:
        return from_environment
    return BotConfig(
        token=stored.token,
        mode=stored.mode,
        webhook_url=stored.webhook_url,
        webhook_secret=stored.webhook_secret,
        api_url=settings.TELEGRAM_API_URL,
        source="admin",
    )


def environment_bot_config() -> BotConfig:
    """What the environment variables say: no bot (source None) without TELEGRAM_BOT_TOKEN.

    The mode is kept even then, so that a mistyped TELEGRAM_MODE is still reported.
    """
    token = settings.TELEGRAM_BOT_TOKEN
    return BotConfig(
        token=token,
        mode=settings.TELEGRAM_MODE,
        webhook_url=settings.TELEGRAM_WEBHOOK_URL if token else "",
        webhook_secret=settings.TELEGRAM_WEBHOOK_SECRET if token else "",
        api_url=settings.TELEGRAM_API_URL,
        source="environment" if token else None,
    )
