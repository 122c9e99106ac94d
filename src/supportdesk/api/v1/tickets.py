"""Tickets: the desk queue's list (same views, filters and search), one ticket, a new one."""

from __future__ import annotations

from typing import Annotated, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from supportdesk.api.auth import authenticated_agent
from supportdesk.api.ids import NO_NUL, RowId
from supportdesk.api.v1.cursors import keyset_page
from supportdesk.api.v1.errors import READ_ERRORS, WRITE_ERRORS
from supportdesk.api.v1.ticket_schemas import TicketIn, TicketOut, TicketPage, TicketStatus
from supportdesk.customers.actions.contacts import SenderIdentity
from supportdesk.customers.models import Contact, IdentityKind
from supportdesk.search.queues import DEFAULT_VIEW, QueueFilters
from supportdesk.search.selectors import ticket_queue_list
from supportdesk.tickets.inbound import InboundMessage, InboundRejected, receive
from supportdesk.tickets.models import Ticket

router = Router(tags=["tickets"])

QueueView = Literal[
    "mine", "unassigned", "due_soon", "breached", "critical_claims", "waiting",
    "no_organisation", "all",
]  # fmt: skip
_DUE_ORDERED = ("due_soon", "breached")  # the queue orders these by the SLA deadline


class TicketQuery(Schema):
    view: QueueView = DEFAULT_VIEW  # type: ignore[assignment]
    channel: Literal["email", "portal", "telegram", "chat"] | None = None
    plan: Literal["free", "team", "enterprise"] | None = None
    edition: Literal["cloud", "enterprise"] | None = None
    organisation: RowId | None = None
    status: TicketStatus | None = None
    assignee: RowId | None = None
    q: Annotated[str, Field(max_length=200, pattern=NO_NUL)] = ""
    cursor: Annotated[str, Field(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 25


def ticket_or_404(number: int) -> Ticket:
    """Any ticket: every agent (and so every token) reaches every ticket of the desk."""
    return get_object_or_404(
        Ticket.objects.select_related("requester", "organisation", "assignee"), number=number
    )


@router.get("/tickets", response={200: TicketPage, **READ_ERRORS})
def ticket_list(request: HttpRequest, filters: Query[TicketQuery]) -> dict[str, object]:
    queue = QueueFilters(
        channel=filters.channel or "",
        plan=filters.plan or "",
        edition=filters.edition or "",
        organisation=filters.organisation,
        status=filters.status or "",
        assignee=filters.assignee,
        query=filters.q.strip(),
    )
    rows = ticket_queue_list(
        agent=authenticated_agent(request), view=filters.view, filters=queue, now=timezone.now()
    )
    due_ordered = filters.view in _DUE_ORDERED
    items, next_cursor = keyset_page(
        rows,
        field="sla_due_at" if due_ordered else "last_activity_at",
        descending=not due_ordered,
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": next_cursor}


@router.get("/tickets/{number}", response={200: TicketOut, **READ_ERRORS})
def ticket_get(request: HttpRequest, number: RowId) -> Ticket:
    return ticket_or_404(number)


@router.post("/tickets", response={201: TicketOut, 200: TicketOut, **WRITE_ERRORS})
def ticket_create(request: HttpRequest, payload: TicketIn) -> Status[Ticket]:
    """Opens a ticket for a contact as if they had written by email (replies reach them there),
    through the same intake as every channel; the same `external_id` again returns that
    ticket (200) instead of opening another."""
    agent = authenticated_agent(request)
    contact = get_object_or_404(Contact, pk=payload.contact_id)
    if not contact.email:
        raise HttpError(409, _("The contact has no email address to answer to."))
    inbound = InboundMessage(
        channel="email",
        external_id=f"api:{agent.pk}:{payload.external_id}",
        sender=SenderIdentity(
            kind=IdentityKind.EMAIL,
            external_id=contact.email,
            email=contact.email,
            name=contact.name,
            email_verified=True,
        ),
        subject=payload.subject,
        text=payload.text,
        critical_claim=payload.critical_claim,
    )
    try:
        result = receive(inbound)
    except InboundRejected as exc:
        raise HttpError(409, str(exc)) from exc
    return Status(
        200 if result.outcome == "duplicate" else 201, ticket_or_404(result.ticket.number)
    )
