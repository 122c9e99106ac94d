"""Evaluating a ticket's fault-report checklist from its fields, texts and attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from supportdesk.diagnostics import (
    SNIFF_BYTES,
    Attachment,
    Edition,
    FaultReport,
    ProblemKind,
    evaluate_checklist,
)
from supportdesk.fault_reports.models import TicketChecklist
from supportdesk.fault_reports.storage import head_of
from supportdesk.tickets.diagnostic_fields import DiagnosticFields
from supportdesk.tickets.models import Attachment as StoredAttachment
from supportdesk.tickets.models import Message, Ticket
from supportdesk.tickets.models import ProblemKind as TicketProblemKind

_NOT_A_FAULT = {TicketProblemKind.QUESTION}


@transaction.atomic
def do_evaluate_checklist(*, ticket_id: int) -> TicketChecklist | None:
    ticket = Ticket.objects.select_related("organisation", "requester").filter(pk=ticket_id).first()
    if ticket is None:
        return None
    if ticket.problem_kind in _NOT_A_FAULT:
        TicketChecklist.objects.filter(ticket=ticket).delete()
        return None
    edition = Edition(ticket.organisation.edition) if ticket.organisation else Edition.CLOUD
    kind = ProblemKind(ticket.problem_kind) if ticket.problem_kind else ProblemKind.OTHER
    texts = Message.objects.filter(ticket=ticket, author_contact__isnull=False).values_list(
        "body_text", flat=True
    )
    files = StoredAttachment.objects.filter(
        message__ticket=ticket, message__author_contact__isnull=False
    )
    report = FaultReport(
        edition=edition,
        problem_kind=kind,
        text="\n".join([ticket.subject, *texts]),
        fields=DiagnosticFields.of_ticket(ticket).as_dict(),
        attachments=[Attachment(f.filename, head_of(f, SNIFF_BYTES)) for f in files],
        ignore_emails=[ticket.requester.email] if ticket.requester.email else [],
    )
    checklist = evaluate_checklist(
        report, diagram_url_pattern=settings.SUPPORTDESK_DIAGRAM_URL_PATTERN or None
    )
    stored, _created = TicketChecklist.objects.update_or_create(
        ticket=ticket,
        defaults={
            "edition": edition.value,
            "problem_kind": kind.value,
            "entries": [entry.to_dict() for entry in checklist.entries],
            "missing": [item.value for item in checklist.missing],
        },
    )
    return stored
