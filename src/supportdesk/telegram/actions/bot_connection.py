"""Trying the bot from the admin: getMe with the token in effect, and registering the webhook,
each reported in plain words with Telegram's own answer, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from telegram.error import InvalidToken, NetworkError, TimedOut

from supportdesk.telegram.bot_api import BotApi, BotApiError
from supportdesk.telegram.bot_config import BotConfig

# A person waits for the answer on the admin page.
CHECK_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class BotCheck:
    ok: bool
    detail: str


class WebhookNotConfigured(Exception):
    """The webhook URL or its secret is missing."""


def check_bot_connection(config: BotConfig) -> BotCheck:
    if not config.token:
        return BotCheck(False, _("No bot token is set: enter the token that @BotFather gave."))
    try:
        with _api(config) as api:
            me = api.get_me()
    except BotApiError as exc:
        return BotCheck(False, _failure(exc, config))
    return BotCheck(
        True,
        _("The token works: this is the bot @%(username)s (id %(id)s).")
        % {"username": me.get("username", "?"), "id": me.get("id", "?")},
    )


def do_register_webhook(config: BotConfig) -> BotCheck:
    """setWebhook with the URL and secret in effect, so that Telegram starts calling the desk."""
    if not config.token:
        return BotCheck(False, _("No bot token is set: enter the token that @BotFather gave."))
    try:
        with _api(config) as api:
            do_set_webhook(api, config)
    except WebhookNotConfigured:
        return BotCheck(False, _("Enter the webhook URL and save the settings first."))
    except BotApiError as exc:
        return BotCheck(False, _failure(exc, config))
    return BotCheck(
        True,
        _("Telegram will send updates to %(url)s with the secret.") % {"url": config.webhook_url},
    )


def do_set_webhook(api: BotApi, config: BotConfig) -> None:
    """Register the configured URL with its secret (Telegram then refuses getUpdates)."""
    if not config.webhook_url or not config.webhook_secret:
        raise WebhookNotConfigured
    api.set_webhook(config.webhook_url, secret_token=config.webhook_secret)


def _api(config: BotConfig) -> BotApi:
    return BotApi(token=config.token, api_url=config.api_url, timeout=CHECK_TIMEOUT_SECONDS)


def _failure(exc: BotApiError, config: BotConfig) -> str:
    cause = exc.__cause__
    host = urlsplit(config.api_url).netloc or config.api_url
    if isinstance(cause, InvalidToken):
        return _(
            "Telegram does not accept this token (it answered: %(answer)s). Copy the token "
            "from @BotFather again."
        ) % {"answer": cause.message}
    if isinstance(cause, TimedOut):
        return _("%(host)s did not answer in time.") % {"host": host}
    if isinstance(cause, NetworkError):
        return _(
            "Could not talk to %(host)s: %(error)s. Check that the server can reach it "
            "(network, firewall, proxy)."
        ) % {"host": host, "error": cause.message[:300]}
    return _("Telegram answered with an error: %(answer)s") % {"answer": exc.description[:300]}
