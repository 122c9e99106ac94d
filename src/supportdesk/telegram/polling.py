"""Long polling (`supportdesk telegram poll`): the embedded install's way to hear from Telegram.

Each update is stored (committed) before the offset moves past it: Telegram forgets an
update only when a later `getUpdates` asks from beyond it, so a crash before the store
means the update comes again, and a repeat is a no-op (`update_id` is stored once).

`poll_as_configured` is what `serve` runs: it follows the configuration in effect, so a token
saved in the admin is picked up, and a switch to webhook or another token stops this loop,
without a restart. With no bot to poll for it idles instead of exiting, which the supervisor
would take for a crash.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable

from django.db import DatabaseError, close_old_connections

from supportdesk.secrets_at_rest import SecretsKeyError
from supportdesk.telegram.actions.updates import do_record_update
from supportdesk.telegram.bot_api import BotApi, BotApiError
from supportdesk.telegram.bot_config import BotConfig, bot_config
from supportdesk.telegram.updates import update_id_of

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 60.0
# How soon a token saved in the admin is picked up.
IDLE_SECONDS = 3.0


class Poller:
    def __init__(self, api: BotApi, *, timeout: int = 25) -> None:
        self.api = api
        self.timeout = timeout
        # None: start from the oldest update Telegram still holds for us.
        self.offset: int | None = None

    def poll_once(self) -> int:
        """One getUpdates round; returns how many updates came."""
        updates = self.api.get_updates(offset=self.offset, timeout=self.timeout)
        for raw in updates:
            update_id = update_id_of(raw)
            do_record_update(raw)
            if update_id is not None:
                self.offset = max(self.offset or 0, update_id + 1)
        return len(updates)

    def run(self, *, should_stop: Callable[[], bool] = lambda: False) -> None:
        try:
            # Telegram refuses getUpdates while a webhook is set.
            self.api.delete_webhook()
        except BotApiError as exc:
            logger.warning("telegram: could not remove the webhook: %s", exc.description)
        backoff = 1.0
        while not should_stop():
            close_old_connections()
            try:
                self.poll_once()
                backoff = 1.0
            except (BotApiError, DatabaseError) as exc:
                logger.warning("telegram polling failed (retry in %.0f s): %s", backoff, exc)
                time.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)


def poll_as_configured(
    *, timeout: int = 25, should_stop: Callable[[], bool] = lambda: False
) -> None:
    idle_reason = ""
    while not should_stop():
        close_old_connections()
        config, reason = _polling_config()
        if config is None:
            if reason != idle_reason:
                logger.info("telegram: not polling (%s); looking again every %.0f s", reason,
                            IDLE_SECONDS)  # fmt: skip
                idle_reason = reason
            time.sleep(IDLE_SECONDS)
            continue
        idle_reason = ""
        logger.info("telegram: polling with the bot configured in the %s", config.source)
        with BotApi(token=config.token, api_url=config.api_url) as api:
            # Looked at after each getUpdates round, so a change waits at most one long poll.
            Poller(api, timeout=timeout).run(
                should_stop=functools.partial(_stop_or_changed, should_stop, config)
            )


def _stop_or_changed(should_stop: Callable[[], bool], config: BotConfig) -> bool:
    return should_stop() or _polling_config()[0] != config


def _polling_config() -> tuple[BotConfig | None, str]:
    """The configuration when it asks for polling, else None and why not."""
    try:
        config = bot_config()
    except (DatabaseError, SecretsKeyError) as exc:
        return None, f"the settings cannot be read: {exc}"
    if not config.token:
        return None, "no bot token is configured"
    if not config.polls:
        return None, f"the bot is in {config.mode} mode"
    return config, ""
