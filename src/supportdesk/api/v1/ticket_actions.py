"""Writes on a ticket, each through the desk's own `check_…` action (so each is a timeline
event with the token's user as the actor)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from supportdesk.accounts.models import User
from supportdesk.api.auth import authenticated_agent
from supportdesk.api.ids import RowId
from supportdesk.api.v1.errors import WRITE_ERRORS
from supportdesk.api.v1.ticket_schemas import (
    AssigneeIn,
    BodyIn,
    CriticalDecisionIn,
    MergeIn,
    MessageOut,
    SeverityIn,
    StatusIn,
    TicketOut,
)
from supportdesk.api.v1.tickets import ticket_or_404
from supportdesk.tickets.actions.assignment import check_assign_ticket
from supportdesk.tickets.actions.merge import check_merge_tickets
from supportdesk.tickets.actions.replies import check_add_internal_note, check_send_public_reply
from supportdesk.tickets.actions.severity import (
    check_confirm_critical,
    check_reject_critical,
    check_set_severity,
)
from supportdesk.tickets.actions.status import check_change_status
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.models import Message, Ticket

router = Router(tags=["tickets"])
TICKET_WRITE = {200: TicketOut, **WRITE_ERRORS}
MESSAGE_WRITE = {201: MessageOut, **WRITE_ERRORS}


@router.post("/tickets/{number}/replies", response=MESSAGE_WRITE)
def reply_create(request: HttpRequest, number: RowId, payload: BodyIn) -> Status[Message]:
    ticket = ticket_or_404(number)
    agent = authenticated_agent(request)
    return Status(201, check_send_public_reply(ticket=ticket, agent=agent, body=payload.body))


@router.post("/tickets/{number}/notes", response=MESSAGE_WRITE)
def note_create(request: HttpRequest, number: RowId, payload: BodyIn) -> Status[Message]:
    ticket = ticket_or_404(number)
    agent = authenticated_agent(request)
    return Status(201, check_add_internal_note(ticket=ticket, agent=agent, body=payload.body))


@router.post("/tickets/{number}/status", response=TICKET_WRITE)
def status_change(request: HttpRequest, number: RowId, payload: StatusIn) -> Ticket:
    ticket = ticket_or_404(number)
    return check_change_status(
        ticket=ticket, agent=authenticated_agent(request), status=payload.status
    )


@router.post("/tickets/{number}/severity", response=TICKET_WRITE)
def severity_change(request: HttpRequest, number: RowId, payload: SeverityIn) -> Ticket:
    ticket = ticket_or_404(number)
    return check_set_severity(
        ticket=ticket, agent=authenticated_agent(request), severity=payload.severity
    )


@router.post("/tickets/{number}/critical", response=TICKET_WRITE)
def critical_decide(request: HttpRequest, number: RowId, payload: CriticalDecisionIn) -> Ticket:
    ticket = ticket_or_404(number)
    check = check_confirm_critical if payload.decision == "confirm" else check_reject_critical
    return check(ticket=ticket, agent=authenticated_agent(request), reason=payload.reason)


@router.post("/tickets/{number}/assignee", response=TICKET_WRITE)
def assignee_change(request: HttpRequest, number: RowId, payload: AssigneeIn) -> Ticket:
    ticket = ticket_or_404(number)
    assignee = None
    if payload.assignee_id is not None:
        assignee = User.objects.filter(pk=payload.assignee_id).first()
        if assignee is None:  # the action refuses any other non-agent
            raise ActionRefused(_("Tickets can only be assigned to agents."))
    return check_assign_ticket(ticket=ticket, agent=authenticated_agent(request), assignee=assignee)


@router.post("/tickets/{number}/merge", response=TICKET_WRITE)
def merge(request: HttpRequest, number: RowId, payload: MergeIn) -> Ticket:
    """Merges this ticket into `target` (a ticket number); answers the target."""
    source = ticket_or_404(number)
    target = get_object_or_404(Ticket, number=payload.target)
    merged = check_merge_tickets(source=source, target=target, agent=authenticated_agent(request))
    return ticket_or_404(merged.number)
