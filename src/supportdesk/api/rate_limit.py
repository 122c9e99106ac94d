"""Requests per token per minute, counted in the shared cache (every process sees one count).

A fixed one-minute window: `add` then `incr` are atomic in Redis and in the database cache, so
two processes never both take the last request of a window.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited for {retry_after} s")
        self.retry_after = retry_after


def count_token_request(*, token_id: int, now: datetime) -> None:
    """Counts one request; raises RateLimited once the token has used up this minute."""
    window = int(now.timestamp()) // WINDOW_SECONDS
    key = f"api:rate:{token_id}:{window}"
    if cache.add(key, 1, WINDOW_SECONDS * 2):
        used = 1
    else:
        try:
            used = cache.incr(key)
        except ValueError:  # expired between the two calls: this request opens the window
            cache.set(key, 1, WINDOW_SECONDS * 2)
            used = 1
    if used > settings.SUPPORTDESK_API_REQUESTS_PER_MINUTE:
        raise RateLimited((window + 1) * WINDOW_SECONDS - int(now.timestamp()))
