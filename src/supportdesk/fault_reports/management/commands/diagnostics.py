"""`supportdesk diagnostics reanalyze [--all]`: redo analyses made by an older analyser."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from supportdesk.fault_reports.actions.analyses import ANALYZER_VERSION, do_analyze_attachment
from supportdesk.fault_reports.actions.checklists import do_evaluate_checklist
from supportdesk.tickets.models import Attachment


class Command(BaseCommand):
    help = "Diagnostics maintenance."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        again = sub.add_parser("reanalyze", help="Analyse attachments again.")
        again.add_argument("--all", action="store_true", help="every attachment, not only stale")

    def handle(self, *args: Any, **options: Any) -> None:
        attachments = Attachment.objects.all()
        if not options["all"]:
            attachments = attachments.exclude(analysis__analyzer_version__gte=ANALYZER_VERSION)
        tickets: set[int] = set()
        count = 0
        for attachment in attachments.select_related("message").iterator():
            do_analyze_attachment(attachment_id=attachment.pk, force=True)
            tickets.add(attachment.message.ticket_id)
            count += 1
        for ticket_id in tickets:
            do_evaluate_checklist(ticket_id=ticket_id)
        self.stdout.write(f"analysed {count} attachments on {len(tickets)} tickets")
