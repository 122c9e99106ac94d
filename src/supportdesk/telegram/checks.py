"""`supportdesk check`: the bot's settings make sense together."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

MODES = ("polling", "webhook")
# What Telegram accepts as secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


@register()
def check_telegram_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if settings.TELEGRAM_MODE not in MODES:
        errors.append(Error(f"TELEGRAM_MODE must be one of {', '.join(MODES)}", id="telegram.E001"))
    if settings.TELEGRAM_BOT_TOKEN and settings.TELEGRAM_MODE == "webhook":
        if not _SECRET.fullmatch(settings.TELEGRAM_WEBHOOK_SECRET):
            errors.append(
                Error(
                    "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -",
                    id="telegram.E002",
                )
            )
        if not settings.TELEGRAM_WEBHOOK_URL.startswith("https://"):
            errors.append(Error("TELEGRAM_WEBHOOK_URL must be an https:// URL", id="telegram.E003"))
    return errors
