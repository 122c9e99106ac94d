"""`supportdesk check`: the bot's settings in effect make sense together."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.db import OperationalError, ProgrammingError

from supportdesk.secrets_at_rest import SecretsKeyError
from supportdesk.telegram.bot_config import (
    MODES,
    WEBHOOK_SECRET,
    BotConfig,
    bot_config,
    environment_bot_config,
)

_NAMES = {
    "environment": ("TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_WEBHOOK_URL"),
    "admin": ("The webhook secret in the admin", "The webhook URL in the admin"),
}


@register()
def check_telegram_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    config = _config_in_effect()
    if config.mode not in MODES:
        errors.append(Error(f"TELEGRAM_MODE must be one of {', '.join(MODES)}", id="telegram.E001"))
    if config.source is not None and config.mode == "webhook":
        secret_name, url_name = _NAMES[config.source]
        if not WEBHOOK_SECRET.fullmatch(config.webhook_secret):
            errors.append(
                Error(
                    f"{secret_name} must be 1-256 characters of A-Z, a-z, 0-9, _ and -",
                    id="telegram.E002",
                )
            )
        if not config.webhook_url.startswith("https://"):
            errors.append(Error(f"{url_name} must be an https:// URL", id="telegram.E003"))
    return errors


def _config_in_effect() -> BotConfig:
    try:
        return bot_config()
    except (OperationalError, ProgrammingError, SecretsKeyError):
        # Checks run before `migrate` too, and a key problem is reported where secrets are
        # read: judge what the environment says.
        return environment_bot_config()
