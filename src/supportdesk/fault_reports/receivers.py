"""Analyses and the checklist follow the timeline; the work happens in tasks after commit."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver
from django.tasks import TaskResult, TaskResultStatus
from django.tasks.signals import task_finished

from supportdesk.enqueue import enqueue_on_commit
from supportdesk.tickets.models import Attachment, EventKind, Message, TicketEvent
from supportdesk.tickets.signals import ticket_event_recorded

logger = logging.getLogger(__name__)


@receiver(ticket_event_recorded, dispatch_uid="fault_reports.on_ticket_event")
def on_ticket_event(
    sender: Any, event: TicketEvent, message: Message | None = None, **kwargs: Any
) -> None:
    from supportdesk.fault_reports.tasks import analyze_attachments, evaluate_checklists

    if event.kind == EventKind.CUSTOMER_MESSAGE and message is not None:
        if event.data.get("attachments"):
            # Analysing re-evaluates the checklist once the files are understood.
            enqueue_on_commit(analyze_attachments, message.pk)
        else:
            enqueue_on_commit(evaluate_checklists, event.ticket_id)
    elif event.kind in (EventKind.PROBLEM_KIND_CHANGED, EventKind.DIAGNOSTICS_FILLED):
        enqueue_on_commit(evaluate_checklists, event.ticket_id)


@receiver(task_finished, dispatch_uid="fault_reports.on_task_finished")
def on_task_finished(sender: Any, task_result: TaskResult[Any, Any], **kwargs: Any) -> None:
    """An analysis task that failed leaves its files unchecked: each is recorded as such (a
    customer's HAR withheld) instead of waiting for an analysis that will never come."""
    from supportdesk.fault_reports.actions.analyses import do_record_unfinished_analysis
    from supportdesk.fault_reports.tasks import analyze_attachments

    if (
        task_result.status != TaskResultStatus.FAILED
        or task_result.task.module_path != analyze_attachments.module_path
    ):
        return
    message_ids = task_result.args[0] if task_result.args else []
    for attachment_id in Attachment.objects.filter(message_id__in=message_ids).values_list(
        "pk", flat=True
    ):
        try:
            do_record_unfinished_analysis(attachment_id=attachment_id)
        except Exception:  # one file's trouble must not leave the others unrecorded
            logger.exception("attachment %s: could not record the unfinished analysis",
                             attachment_id)  # fmt: skip
