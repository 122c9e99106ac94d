import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelegramConfig(AppConfig):
    name = "supportdesk.telegram"
    label = "telegram"
    verbose_name = _("Telegram bot")

    def ready(self) -> None:
        # httpx logs every request URL at INFO, and Bot API URLs carry the bot's token.
        httpx_logger = logging.getLogger("httpx")
        if httpx_logger.level == logging.NOTSET:
            httpx_logger.setLevel(logging.WARNING)

        from supportdesk.telegram import checks, receivers  # noqa: F401
        from supportdesk.telegram.outbound import TelegramChannel
        from supportdesk.tickets.outbound import register_channel

        register_channel(TelegramChannel())
