"""`supportdesk telegram poll|webhook set|webhook delete|me`: the bot from a shell.

`poll` is the long-polling loop the embedded install runs (`supportdesk serve` starts it); it
follows the configuration in effect (TELEGRAM_BOT_TOKEN, or the admin's Telegram bot settings)
and waits while there is no bot to poll for. `webhook set` registers the configured webhook URL
with its secret for production.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from supportdesk.telegram.actions.bot_connection import WebhookNotConfigured, do_set_webhook
from supportdesk.telegram.bot_api import NOT_CONFIGURED, BotApi, BotApiError, bot_api
from supportdesk.telegram.bot_config import BotConfig, bot_config
from supportdesk.telegram.polling import Poller, poll_as_configured


class Command(BaseCommand):
    help = "Telegram bot: long polling, webhook registration, token check."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        poll = sub.add_parser("poll", help="Receive updates by long polling.")
        poll.add_argument("--once", action="store_true", help="One getUpdates round, then exit.")
        poll.add_argument("--timeout", type=int, default=25, help="Long-poll seconds.")
        webhook = sub.add_parser("webhook", help="Register or remove the webhook.")
        webhook.add_argument("action", choices=["set", "delete"])
        sub.add_parser("me", help="Check the token: print the bot's getMe.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["subcommand"] == "poll" and not options["once"]:
                self.stdout.write("telegram: polling as configured (Ctrl-C stops)")
                poll_as_configured(timeout=options["timeout"])
                return
            config = bot_config()
            if not config.token:
                raise CommandError(NOT_CONFIGURED)
            with bot_api(config) as api:
                match options["subcommand"]:
                    case "me":
                        self.stdout.write(json.dumps(api.get_me(), ensure_ascii=False))
                    case "webhook":
                        self._webhook(api, config, options["action"])
                    case "poll":
                        poller = Poller(api, timeout=options["timeout"])
                        self.stdout.write(json.dumps({"updates": poller.poll_once()}))
        except BotApiError as exc:
            raise CommandError(f"Telegram: {exc.description}") from exc
        except KeyboardInterrupt:
            self.stdout.write("telegram: stopped")

    def _webhook(self, api: BotApi, config: BotConfig, action: str) -> None:
        if action == "delete":
            api.delete_webhook()
            self.stdout.write("webhook removed")
            return
        try:
            do_set_webhook(api, config)
        except WebhookNotConfigured as exc:
            where = (
                "TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET"
                if config.source == "environment"
                else "the webhook URL and secret in the admin (Telegram bot settings)"
            )
            raise CommandError(f"Set {where} first") from exc
        self.stdout.write(f"webhook set to {config.webhook_url}")
