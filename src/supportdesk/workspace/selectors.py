"""Reads for agent pages: the queue, its counts, a ticket's side panel (the counts' cache:
`workspace.queue_counts`)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet

from supportdesk.accounts.models import User
from supportdesk.search.selectors import ticket_ids_matching
from supportdesk.tickets.models import CriticalClaim, Status, Ticket
from supportdesk.tickets.models.ticket import OPEN_STATUSES
from supportdesk.workspace.queues import QUEUE_VIEWS, QueueFilters


def _view_condition(view: str, *, agent: User, now: datetime) -> Q:
    open_ = Q(status__in=OPEN_STATUSES)
    match view:
        case "mine":
            return open_ & Q(assignee=agent)
        case "unassigned":
            return open_ & Q(assignee__isnull=True)
        case "due_soon":
            return open_ & Q(sla_due_at__isnull=False)
        case "breached":
            return open_ & Q(sla_due_at__lte=now)
        case "critical_claims":
            return open_ & Q(critical_claim=CriticalClaim.CLAIMED)
        case "waiting":
            return Q(status=Status.WAITING)
        case "no_organisation":  # no SLA until the customer is linked to their organisation
            return open_ & Q(organisation__isnull=True)
        case _:
            return Q()


def _ordering(view: str) -> tuple[str, ...]:
    if view in ("due_soon", "breached"):
        return ("sla_due_at", "id")
    return ("-last_activity_at", "-id")


def _filter_condition(filters: QueueFilters) -> Q:
    condition = Q()
    if filters.channel:
        condition &= Q(channel=filters.channel)
    if filters.plan:
        condition &= Q(organisation__plan=filters.plan)
    if filters.edition:
        condition &= Q(organisation__edition=filters.edition)
    if filters.organisation:
        condition &= Q(organisation_id=filters.organisation)
    if filters.status:
        condition &= Q(status=filters.status)
    if filters.assignee:
        condition &= Q(assignee_id=filters.assignee)
    return condition


def ticket_queue_list(
    *, agent: User, view: str, filters: QueueFilters, now: datetime
) -> QuerySet[Ticket]:
    tickets = Ticket.objects.filter(
        _view_condition(view, agent=agent, now=now) & _filter_condition(filters)
    )
    if filters.query:
        tickets = tickets.filter(pk__in=ticket_ids_matching(query=filters.query))
    return tickets.select_related("requester", "organisation", "assignee").order_by(
        *_ordering(view)
    )


def ticket_page(tickets: QuerySet[Ticket], *, offset: int, limit: int) -> list[Ticket]:
    """One page in two steps: ids from the ordering index alone, then those rows with their
    relations; joining every skipped row of a deep page would cost far more."""
    ids = list(tickets.values_list("pk", flat=True)[offset : offset + limit])
    rows = tickets.model.objects.select_related("requester", "organisation", "assignee").in_bulk(
        ids
    )
    return [rows[pk] for pk in ids]


def queue_counts_compute(*, agent: User, filters: QueueFilters, now: datetime) -> dict[str, int]:
    base = Ticket.objects.filter(_filter_condition(filters))
    if filters.query:
        base = base.filter(pk__in=ticket_ids_matching(query=filters.query))
    aggregates: dict[str, Count] = {}
    for view in QUEUE_VIEWS:
        condition = _view_condition(view.key, agent=agent, now=now)
        aggregates[view.key] = Count("pk", filter=condition) if condition else Count("pk")
    return base.aggregate(**aggregates)


def agent_list() -> QuerySet[User]:
    return User.objects.filter(is_staff=True, is_active=True).order_by("first_name", "username")


def contact_other_tickets(*, ticket: Ticket, limit: int = 10) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(requester_id=ticket.requester_id)
        .exclude(pk=ticket.pk)
        .order_by("-last_activity_at")[:limit]
    )
