"""What the workspace and the portal show of a ticket's diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from supportdesk.fault_reports.models import AttachmentAnalysis, TicketChecklist
from supportdesk.tickets.models import Ticket


@dataclass(frozen=True)
class TicketDiagnostics:
    checklist: TicketChecklist | None
    analyses: list[AttachmentAnalysis] = field(default_factory=list)

    @property
    def missing(self) -> list[dict[str, Any]]:
        if self.checklist is None:
            return []
        return [e for e in self.checklist.entries if e["missing"]]

    @property
    def applicable(self) -> list[dict[str, Any]]:
        if self.checklist is None:
            return []
        return [e for e in self.checklist.entries if e["applies"]]


def ticket_diagnostics_get(*, ticket: Ticket, public_only: bool = False) -> TicketDiagnostics:
    analyses = AttachmentAnalysis.objects.filter(attachment__message__ticket=ticket).select_related(
        "attachment"
    )
    if public_only:
        analyses = analyses.filter(attachment__message__kind="public")
    return TicketDiagnostics(
        checklist=TicketChecklist.objects.filter(ticket=ticket).first(),
        analyses=list(analyses.order_by("attachment_id")),
    )
