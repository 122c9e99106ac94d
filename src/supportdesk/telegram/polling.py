"""Long polling (`supportdesk telegram poll`): the embedded install's way to hear from Telegram.

Each update is stored (committed) before the offset moves past it: Telegram forgets an
update only when a later `getUpdates` asks from beyond it, so a crash before the store
means the update comes again, and a repeat is a no-op (`update_id` is stored once).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import DatabaseError, close_old_connections

from supportdesk.telegram.actions.updates import do_record_update
from supportdesk.telegram.bot_api import BotApi, BotApiError
from supportdesk.telegram.updates import update_id_of

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 60.0


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
