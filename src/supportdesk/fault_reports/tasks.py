from __future__ import annotations

from django.tasks import task

from supportdesk.fault_reports.actions.analyses import do_analyze_attachment
from supportdesk.fault_reports.actions.checklists import do_evaluate_checklist
from supportdesk.tickets.models import Attachment


@task()
def analyze_message_attachments(message_id: int) -> None:
    ticket_ids = set()
    for attachment in Attachment.objects.filter(message_id=message_id).select_related("message"):
        do_analyze_attachment(attachment_id=attachment.pk)
        ticket_ids.add(attachment.message.ticket_id)
    for ticket_id in ticket_ids:
        do_evaluate_checklist(ticket_id=ticket_id)


@task()
def evaluate_checklist(ticket_id: int) -> None:
    do_evaluate_checklist(ticket_id=ticket_id)
