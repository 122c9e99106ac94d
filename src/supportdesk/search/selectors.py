"""Full-text search over tickets (subjects, messages, attachment names), and the queue's views
and filters built on it (the desk's queue and the API list the same rows)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL

from supportdesk.accounts.models import User
from supportdesk.search.lemmas import lemmatized
from supportdesk.search.models import TicketSearchDocument
from supportdesk.search.queues import QUEUE_VIEWS, QueueFilters
from supportdesk.search.stemming import stems
from supportdesk.tickets.models import CriticalClaim, Status, Ticket
from supportdesk.tickets.models.ticket import OPEN_STATUSES

_NUMBER = re.compile(r"[#№]?\s*(\d{1,18})")


def ticket_ids_matching(*, query: str) -> QuerySet[Any, int] | list[int]:
    """Ids of tickets whose document matches every word of `query` (in any grammatical form),
    and the ticket whose number it is ("1008", "#1008", "№1008")."""
    words = _words_matching(lemmatized(query))
    number = _NUMBER.fullmatch(query.strip())
    if number is None:
        return words
    by_number = Ticket.objects.filter(number=int(number.group(1)))
    if isinstance(words, list):  # no words to look for at all
        return by_number.values_list("pk", flat=True)
    return Ticket.objects.filter(Q(pk__in=by_number) | Q(pk__in=words)).values_list("pk", flat=True)


def _words_matching(query: str) -> QuerySet[Any, int] | list[int]:
    if connection.vendor == "postgresql":
        return TicketSearchDocument.objects.filter(
            vector=SearchQuery(query, config="russian", search_type="plain")
        ).values_list("ticket_id", flat=True)
    terms = sorted({stem for stem in stems(query) if stem})
    if not terms:
        return []
    # The index holds one row per piece of text, so each word may match a different row of
    # the same ticket: intersect per word. Each stem is quoted as an FTS5 string, so user
    # input never becomes FTS syntax.
    one_term = "SELECT ticket_id FROM search_ticket_fts WHERE search_ticket_fts MATCH %s"
    sql = " INTERSECT ".join([one_term] * len(terms))
    params = ['"' + term.replace('"', '""') + '"' for term in terms]
    # Only placeholders are joined into the SQL; every value travels as a parameter.
    matching = RawSQL(sql, params)  # noqa: S611
    return Ticket.objects.filter(pk__in=matching).values_list("pk", flat=True)


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
