"""The command line an Enterprise admin runs to send a diagnostics bundle to a ticket."""

from __future__ import annotations

import shlex

from django.http import HttpRequest
from django.urls import reverse

from supportdesk.customers.models import Edition
from supportdesk.fault_reports.tokens import upload_token
from supportdesk.tickets.models import Ticket


def collector_command(request: HttpRequest, ticket: Ticket) -> str:
    """Empty for cloud customers, who have no containers to collect from."""
    if ticket.organisation is None or ticket.organisation.edition != Edition.ENTERPRISE:
        return ""
    download = request.build_absolute_uri(reverse("fault_reports:collector"))
    upload = request.build_absolute_uri("/api/diagnostics/bundles")
    return (
        f"curl -fsSLO {shlex.quote(download)} && python3 supportdesk_collect.py "
        f"--upload {shlex.quote(upload)} --ticket {ticket.number} "
        f"--token {shlex.quote(upload_token(ticket.number))}"
    )
