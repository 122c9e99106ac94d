from __future__ import annotations

from typing import Any

from django.tasks import task
from django.utils import timezone

from supportdesk.accounts.models import User
from supportdesk.search.queues import QueueFilters
from supportdesk.workspace.queue_counts import do_refresh_queue_counts


@task()
def refresh_queue_counts(agent_id: int, filters: dict[str, Any]) -> None:
    agent = User.objects.filter(pk=agent_id).first()
    if agent is not None:
        do_refresh_queue_counts(agent=agent, filters=QueueFilters(**filters), now=timezone.now())
