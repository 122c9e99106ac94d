"""POST endpoints of the ticket page: thin wrappers around `check_…` actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supportdesk.accounts.models import User
from supportdesk.accounts.selectors import agent_list
from supportdesk.customers.models import Organisation
from supportdesk.fault_reports.actions.requests import check_request_missing_information
from supportdesk.sla.actions.organisation_links import do_link_contact_to_organisation
from supportdesk.tickets.actions.assignment import check_assign_ticket
from supportdesk.tickets.actions.merge import check_merge_tickets
from supportdesk.tickets.actions.problem_kind import check_set_problem_kind
from supportdesk.tickets.actions.replies import check_add_internal_note, check_send_public_reply
from supportdesk.tickets.actions.severity import (
    check_confirm_critical,
    check_reject_critical,
    check_set_severity,
)
from supportdesk.tickets.actions.status import check_change_status
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.models import Ticket
from supportdesk.workspace.access import agent_required, request_agent
from supportdesk.workspace.forms import (
    AssignForm,
    CriticalDecisionForm,
    LinkOrganisationForm,
    MergeForm,
    ProblemKindForm,
    ReplyForm,
    SeverityForm,
    StatusForm,
)
from supportdesk.workspace.views.ticket import ticket_or_404

Handler = Callable[[Ticket, User, dict[str, Any]], object]


def _act(
    request: HttpRequest, number: int, form_class: type[forms.Form], handler: Handler, done: str
) -> HttpResponse:
    ticket = ticket_or_404(number)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("workspace:ticket", number=number)
    try:
        result = handler(ticket, request_agent(request), form.cleaned_data)
    except ActionRefused as exc:
        messages.error(request, str(exc))
        return redirect("workspace:ticket", number=number)
    messages.success(request, done)
    target = result.number if isinstance(result, Ticket) else number
    return redirect("workspace:ticket", number=target)


@agent_required
@require_POST
def reply(request: HttpRequest, number: int) -> HttpResponse:
    def handle(ticket: Ticket, agent: User, data: dict[str, Any]) -> object:
        body = str(data["body"])
        if data["internal"]:
            return check_add_internal_note(ticket=ticket, agent=agent, body=body)
        return check_send_public_reply(ticket=ticket, agent=agent, body=body)

    return _act(request, number, ReplyForm, handle, _("Saved."))


@agent_required
@require_POST
def change_status(request: HttpRequest, number: int) -> HttpResponse:
    return _act(
        request,
        number,
        StatusForm,
        lambda t, a, d: check_change_status(ticket=t, agent=a, status=str(d["status"])),
        _("Status changed."),
    )


@agent_required
@require_POST
def change_severity(request: HttpRequest, number: int) -> HttpResponse:
    return _act(
        request,
        number,
        SeverityForm,
        lambda t, a, d: check_set_severity(ticket=t, agent=a, severity=str(d["severity"])),
        _("Severity changed."),
    )


@agent_required
@require_POST
def assign(request: HttpRequest, number: int) -> HttpResponse:
    def handle(ticket: Ticket, agent: User, data: dict[str, Any]) -> object:
        assignee_id = data["assignee"]
        assignee = agent_list().filter(pk=assignee_id).first() if assignee_id else None
        if assignee_id and assignee is None:
            raise ActionRefused(_("Tickets can only be assigned to agents."))
        return check_assign_ticket(ticket=ticket, agent=agent, assignee=assignee)

    return _act(request, number, AssignForm, handle, _("Assignee changed."))


@agent_required
@require_POST
def link_organisation(request: HttpRequest, number: int) -> HttpResponse:
    """The requester of a ticket that came in without an organisation joins one."""

    def handle(ticket: Ticket, agent: User, data: dict[str, Any]) -> object:
        organisation = Organisation.objects.filter(pk=data["organisation"]).first()
        if organisation is None:
            raise ActionRefused(_("There is no such organisation."))
        if ticket.requester.organisation_id is not None:
            raise ActionRefused(_("The customer already belongs to an organisation."))
        return do_link_contact_to_organisation(
            contact=ticket.requester, organisation=organisation, agent=agent, now=timezone.now()
        )

    return _act(
        request,
        number,
        LinkOrganisationForm,
        handle,
        _("The customer now belongs to the organisation; its SLA applies from now on."),
    )


@agent_required
@require_POST
def decide_critical(request: HttpRequest, number: int) -> HttpResponse:
    def handle(ticket: Ticket, agent: User, data: dict[str, Any]) -> object:
        check = check_confirm_critical if data["decision"] == "confirm" else check_reject_critical
        return check(ticket=ticket, agent=agent, reason=str(data["reason"]))

    return _act(request, number, CriticalDecisionForm, handle, _("Decision recorded."))


@agent_required
@require_POST
def merge(request: HttpRequest, number: int) -> HttpResponse:
    def handle(ticket: Ticket, agent: User, data: dict[str, Any]) -> object:
        target = Ticket.objects.filter(number=data["target"]).first()
        if target is None:
            raise ActionRefused(_("There is no ticket with that number."))
        return check_merge_tickets(source=ticket, target=target, agent=agent)

    return _act(request, number, MergeForm, handle, _("Tickets merged."))


@agent_required
@require_POST
def request_missing(request: HttpRequest, number: int) -> HttpResponse:
    return _act(
        request,
        number,
        forms.Form,
        lambda t, a, d: check_request_missing_information(ticket=t, agent=a),
        _("The customer was asked for the missing information."),
    )


@agent_required
@require_POST
def set_problem_kind(request: HttpRequest, number: int) -> HttpResponse:
    return _act(
        request,
        number,
        ProblemKindForm,
        lambda t, a, d: check_set_problem_kind(
            ticket=t, agent=a, problem_kind=str(d["problem_kind"])
        ),
        _("Kind of problem changed."),
    )
