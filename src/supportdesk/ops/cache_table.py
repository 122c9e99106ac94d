"""The database cache's table, made by every `migrate` (and so by `serve`).

The embedded desk keeps its shared cache (queue counts, rate limits, lock-outs) in the database
(see `supportdesk.config.env.cache_backend`). `createcachetable` is idempotent and does nothing
for a Redis cache, so running it after each `migrate` covers a new installation, an upgrade and
a switch from Redis back to the database alike; a migration would run only once, and the table
holds no data worth a schema history.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command


def create_cache_table(*, using: str = "default", **kwargs: Any) -> None:
    call_command("createcachetable", database=using, verbosity=0)
