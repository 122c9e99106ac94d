"""`supportdesk telegram poll|webhook set|webhook delete|me`: the bot from a shell.

`poll` is the long-polling loop the embedded install runs (`supportdesk serve` starts it
when TELEGRAM_BOT_TOKEN is set and TELEGRAM_MODE is polling); `webhook set` registers
TELEGRAM_WEBHOOK_URL with its secret for production.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from supportdesk.telegram.bot_api import BotApiError, bot_api
from supportdesk.telegram.polling import Poller


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
        if not settings.TELEGRAM_BOT_TOKEN:
            raise CommandError("TELEGRAM_BOT_TOKEN is not set")
        try:
            with bot_api() as api:
                match options["subcommand"]:
                    case "me":
                        self.stdout.write(json.dumps(api.get_me(), ensure_ascii=False))
                    case "webhook":
                        self._webhook(api, options["action"])
                    case "poll":
                        poller = Poller(api, timeout=options["timeout"])
                        if options["once"]:
                            self.stdout.write(json.dumps({"updates": poller.poll_once()}))
                        else:
                            self.stdout.write("telegram: polling (Ctrl-C stops)")
                            poller.run()
        except BotApiError as exc:
            raise CommandError(f"Telegram: {exc.description}") from exc
        except KeyboardInterrupt:
            self.stdout.write("telegram: stopped")

    def _webhook(self, api: Any, action: str) -> None:
        if action == "delete":
            api.delete_webhook()
            self.stdout.write("webhook removed")
            return
        if not settings.TELEGRAM_WEBHOOK_URL or not settings.TELEGRAM_WEBHOOK_SECRET:
            raise CommandError("Set TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET first")
        api.set_webhook(
            settings.TELEGRAM_WEBHOOK_URL, secret_token=settings.TELEGRAM_WEBHOOK_SECRET
        )
        self.stdout.write(f"webhook set to {settings.TELEGRAM_WEBHOOK_URL}")
