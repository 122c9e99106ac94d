"""The queue counts every desk page shows, kept in the shared cache.

Counting is the costly part of a queue page at scale, so a page is served the cached counts
while a task recounts them (stale-while-revalidate). They go stale after COUNTS_FRESH_SECONDS
(the time-based views move on their own) or as soon as any ticket event is committed: every
event bumps one generation number in the shared cache, so a new ticket taken in by the worker
shows in the web server's counts on the next page after one recount, not after a timeout.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import datetime

from django.core.cache import cache

from supportdesk.accounts.models import User
from supportdesk.search.queues import QueueFilters
from supportdesk.search.selectors import queue_counts_compute
from supportdesk.workspace.live import push_queue_changed

COUNTS_FRESH_SECONDS = 15
COUNTS_KEEP_SECONDS = 600
GENERATION_KEY = "workspace:counts:generation"

type _Cached = tuple[float, int, dict[str, int]]


def _counts_key(agent: User, filters: QueueFilters) -> str:
    """The same in every process: a digest of the filter values (`hash()` of a string is
    salted per process, so the worker's recount would land under a key the web never reads)."""
    canonical = json.dumps(asdict(filters), sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    return f"workspace:counts:{agent.pk}:{digest}"


def _generation() -> int:
    return int(cache.get(GENERATION_KEY, 0))


def queue_counts(*, agent: User, filters: QueueFilters, now: datetime) -> dict[str, int]:
    """Tickets per view: counted in the request only when nothing is cached."""
    key = _counts_key(agent, filters)
    cached: _Cached | None = cache.get(key)
    if cached is None:
        return _count_and_keep(key, agent=agent, filters=filters, now=now)
    counted_at, generation, counts = cached
    stale = now.timestamp() - counted_at > COUNTS_FRESH_SECONDS or generation != _generation()
    if stale and cache.add(f"{key}:refreshing", 1, 60):
        from supportdesk.workspace.tasks import refresh_queue_counts

        refresh_queue_counts.enqueue(agent.pk, asdict(filters))
    return counts


def do_refresh_queue_counts(*, agent: User, filters: QueueFilters, now: datetime) -> None:
    key = _counts_key(agent, filters)
    before: _Cached | None = cache.get(key)
    counts = _count_and_keep(key, agent=agent, filters=filters, now=now)
    cache.delete(f"{key}:refreshing")
    if before is not None and before[2] != counts:
        # The open queue pages showed the old counts: have them fetch the new ones.
        push_queue_changed()


def do_mark_queues_changed() -> None:
    """Called after a ticket event commits: every cached count is now stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any new value makes the counts stale
        cache.set(GENERATION_KEY, 1, None)


def _count_and_keep(
    key: str, *, agent: User, filters: QueueFilters, now: datetime
) -> dict[str, int]:
    # The generation is read before counting: an event committed meanwhile leaves it stale.
    generation = _generation()
    counts = queue_counts_compute(agent=agent, filters=filters, now=now)
    cached: _Cached = (now.timestamp(), generation, counts)
    cache.set(key, cached, COUNTS_KEEP_SECONDS)
    return counts
