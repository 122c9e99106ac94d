from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from supportdesk.accounts.selectors import agent_list
from supportdesk.search.queues import DEFAULT_VIEW, QUEUE_VIEW_KEYS, QUEUE_VIEWS, QueueFilters
from supportdesk.search.selectors import ticket_page, ticket_queue_list
from supportdesk.sla.calendars import desk_calendar
from supportdesk.sla.deadlines import business_time_left
from supportdesk.tickets.models import Ticket
from supportdesk.workspace.access import HtmxHttpRequest, agent_required, request_agent
from supportdesk.workspace.forms import QueueFilterForm
from supportdesk.workspace.queue_counts import queue_counts

PAGE_SIZE = 25


@dataclass(frozen=True)
class QueueRow:
    ticket: Ticket
    remaining: timedelta | None


def _filters(form: QueueFilterForm) -> QueueFilters:
    if not form.is_valid():
        return QueueFilters()
    data = form.cleaned_data
    return QueueFilters(
        channel=data["channel"],
        plan=data["plan"],
        edition=data["edition"],
        organisation=data["organisation"],
        status=data["status"],
        assignee=data["assignee"],
        query=data["q"].strip(),
    )


def _page_number(request: HttpRequest) -> int:
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


@agent_required
@require_GET
def queue(request: HtmxHttpRequest) -> HttpResponse:
    agent = request_agent(request)
    view = request.GET.get("view", DEFAULT_VIEW)
    if view not in QUEUE_VIEW_KEYS:
        view = DEFAULT_VIEW
    form = QueueFilterForm(request.GET)
    filters = _filters(form)
    now = timezone.now()
    page = _page_number(request)

    # One row more than a page tells whether a next page exists without counting.
    offset = (page - 1) * PAGE_SIZE
    tickets = ticket_page(
        ticket_queue_list(agent=agent, view=view, filters=filters, now=now),
        offset=offset,
        limit=PAGE_SIZE + 1,
    )
    has_next = len(tickets) > PAGE_SIZE
    calendar = desk_calendar()
    rows = [
        QueueRow(t, business_time_left(calendar, due=t.sla_due_at, now=now))
        for t in tickets[:PAGE_SIZE]
    ]
    counts = queue_counts(agent=agent, filters=filters, now=now)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "rows": rows,
        "view": view,
        "views": [(v, counts.get(v.key, 0)) for v in QUEUE_VIEWS],
        "form": form,
        "page": page,
        "has_next": has_next,
        "pages": (counts.get(view, 0) + PAGE_SIZE - 1) // PAGE_SIZE,
        "base_query": params.urlencode(),
        "agents": agent_list(),
    }
    template = "workspace/_queue_rows.html" if request.htmx else "workspace/queue.html"
    return render(request, template, context)
