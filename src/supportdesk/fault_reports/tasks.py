from __future__ import annotations

from django.tasks import task

from supportdesk.fault_reports.actions.analyses import do_analyze_attachment
from supportdesk.fault_reports.actions.checklists import do_evaluate_checklist
from supportdesk.tickets.models import Attachment


# Its own queue and worker, each run time-limited: a slow file never delays a delivery.
@task(queue_name="analysis")
def analyze_attachments(message_ids: list[int]) -> None:
    """Analyse the messages' files, then re-evaluate their tickets' checklists."""
    ticket_ids: dict[int, None] = {}
    attachments = Attachment.objects.filter(message_id__in=message_ids).select_related("message")
    for attachment in attachments.order_by("pk"):
        do_analyze_attachment(attachment_id=attachment.pk)
        ticket_ids[attachment.message.ticket_id] = None
    for ticket_id in ticket_ids:
        do_evaluate_checklist(ticket_id=ticket_id)


@task()
def evaluate_checklists(ticket_ids: list[int]) -> None:
    for ticket_id in ticket_ids:
        do_evaluate_checklist(ticket_id=ticket_id)
