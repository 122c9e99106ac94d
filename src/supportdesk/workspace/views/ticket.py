from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from supportdesk.accounts.selectors import agent_list
from supportdesk.chat.actions.reads import do_mark_read_by_agent
from supportdesk.content_security import content_security_policy
from supportdesk.customers.models import Organisation
from supportdesk.fault_reports.collector import collector_command
from supportdesk.fault_reports.selectors import ticket_diagnostics_get
from supportdesk.sla.models import Agreement
from supportdesk.sla.policies import policy_for
from supportdesk.sla.presentation import policy_label
from supportdesk.sla.selectors import ClockView, ticket_clock_views
from supportdesk.tickets.attachments import attachment_response
from supportdesk.tickets.models import Attachment, EventKind, Message, Ticket, TicketEvent
from supportdesk.tickets.selectors import ticket_events_list, ticket_messages_list
from supportdesk.workspace.access import HtmxHttpRequest, agent_required, request_agent
from supportdesk.workspace.canned import canned_responses_for, render_canned_response
from supportdesk.workspace.forms import (
    AssignForm,
    CriticalDecisionForm,
    MergeForm,
    ProblemKindForm,
    ReplyForm,
    SeverityForm,
    StatusForm,
)
from supportdesk.workspace.selectors import contact_other_tickets

# Shown as messages already; the timeline would only repeat them.
_MESSAGE_EVENTS = {EventKind.CUSTOMER_MESSAGE, EventKind.PUBLIC_REPLY, EventKind.INTERNAL_NOTE}


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    message: Message | None = None
    event: TicketEvent | None = None


def ticket_or_404(number: int) -> Ticket:
    return get_object_or_404(
        Ticket.objects.select_related("requester", "organisation", "assignee"), number=number
    )


def _timeline(ticket: Ticket) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(m.created_at, message=m)
        for m in ticket_messages_list(ticket=ticket, public_only=False)
    ]
    entries += [
        TimelineEntry(e.created_at, event=e)
        for e in ticket_events_list(ticket=ticket)
        if e.kind not in _MESSAGE_EVENTS
    ]
    return sorted(entries, key=lambda entry: entry.at)


@agent_required
@require_GET
def ticket_detail(request: HtmxHttpRequest, number: int) -> HttpResponse:
    ticket = ticket_or_404(number)
    images = request.GET.get("images", "")
    images_for = int(images) if images.isdigit() and len(images) < 19 else None
    context = {"ticket": ticket, "timeline": _timeline(ticket), "images_for": images_for}
    if request.htmx and request.GET.get("part") == "timeline":
        if request.GET.get("seen"):  # the page is in front of the agent (live.js says so)
            do_mark_read_by_agent(ticket)
        return _with_remote_images(render(request, "workspace/_timeline.html", context), images_for)
    do_mark_read_by_agent(ticket)
    organisation = ticket.organisation
    diagnostics = ticket_diagnostics_get(ticket=ticket)
    clocks = ticket_clock_views(ticket=ticket)
    context |= _policy_context(organisation, clocks)
    context |= {
        "clocks": clocks,
        "agreements": Agreement.objects.filter(organisation=organisation) if organisation else [],
        "other_tickets": contact_other_tickets(ticket=ticket),
        "canned_responses": canned_responses_for(
            ticket=ticket, agent=request_agent(request), diagnostics=diagnostics
        ),
        "agents": agent_list(),
        "reply_form": ReplyForm(),
        "status_form": StatusForm(initial={"status": ticket.status}),
        "severity_form": SeverityForm(initial={"severity": ticket.severity}),
        "assign_form": AssignForm(initial={"assignee": ticket.assignee_id}),
        "critical_form": CriticalDecisionForm(),
        "merge_form": MergeForm(),
        "problem_kind_form": ProblemKindForm(initial={"problem_kind": ticket.problem_kind}),
        "diagnostics": diagnostics,
        "collector_command": collector_command(request, ticket),
        "language": "en" if (translation.get_language() or "").startswith("en") else "ru",
    }
    return _with_remote_images(render(request, "workspace/ticket.html", context), images_for)


def _policy_context(organisation: Organisation | None, clocks: list[ClockView]) -> dict[str, Any]:
    """Which SLA the organisation has now, and whether this ticket's clocks still follow an
    older one (policies are snapshotted when a clock starts)."""
    if organisation is None:
        return {"organisations": Organisation.objects.order_by("name")}
    policy = policy_for(organisation, at=timezone.now())
    older = next(
        (
            view.clock.policy
            for view in clocks
            if view.clock.is_open and policy is not None and view.clock.policy != policy.name
        ),
        None,
    )
    return {
        "policy_in_effect": policy_label(policy.name) if policy else None,
        "older_policy": policy_label(older) if older else None,
    }


def _with_remote_images(response: HttpResponse, images_for: int | None) -> HttpResponse:
    """The page's policy lets the browser load remote images only when the agent asked to
    see one message's (what django.views.decorators.csp.csp_override does, per request)."""
    if images_for is not None:
        response._csp_config = content_security_policy(remote_images=True)  # type: ignore[attr-defined]
    return response


@agent_required
@require_GET
def canned_response(request: HttpRequest, number: int) -> HttpResponse:
    ticket = ticket_or_404(number)
    canned_id = request.GET.get("canned", "")
    if not canned_id.isdigit():
        return render(request, "workspace/_reply_body.html", {"body": ""})
    agent = request_agent(request)
    offered = canned_responses_for(
        ticket=ticket, agent=agent, diagnostics=ticket_diagnostics_get(ticket=ticket)
    )
    canned = next((c for c in offered if c.pk == int(canned_id)), None)
    if canned is None:  # another agent's, or one this ticket cannot fill in
        raise Http404
    text = render_canned_response(
        canned, ticket=ticket, agent=agent, language=translation.get_language() or "ru"
    )
    return render(request, "workspace/_reply_body.html", {"body": text})


@agent_required
@require_GET
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    return attachment_response(get_object_or_404(Attachment, pk=attachment_id))
