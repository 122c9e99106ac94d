from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from supportdesk.enqueue import on_commit_once
from supportdesk.tickets.models import TicketEvent
from supportdesk.tickets.signals import ticket_event_recorded
from supportdesk.workspace.live import push_queue_changed, push_ticket_changed
from supportdesk.workspace.queue_counts import do_mark_queues_changed


@receiver(ticket_event_recorded, dispatch_uid="workspace.on_ticket_event")
def on_ticket_event(sender: Any, event: TicketEvent, **kwargs: Any) -> None:
    # After commit: a recount started before then would count the old rows under the new mark.
    on_commit_once(do_mark_queues_changed)
    on_commit_once(push_queue_changed)
    transaction.on_commit(partial(push_ticket_changed, event.ticket_id), robust=True)
