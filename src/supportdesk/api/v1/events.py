"""The events feed: every timeline event after a cursor, oldest first, for integrations that
sync. The answer always carries a cursor to ask with next time, even when nothing is new."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from supportdesk.api.v1.cursors import decode_cursor, encode_cursor, invalid_cursor
from supportdesk.api.v1.errors import READ_ERRORS
from supportdesk.tickets.models import TicketEvent

router = Router(tags=["events"])


class EventOut(Schema):
    id: int
    ticket_number: int
    kind: str
    actor_agent_id: int | None
    actor_contact_id: int | None
    data: dict[str, Any]
    created_at: datetime

    @staticmethod
    def resolve_ticket_number(event: TicketEvent) -> int:
        return event.ticket.number


class EventPage(Schema):
    items: list[EventOut]
    next_cursor: str


class EventQuery(Schema):
    after: Annotated[str, Field(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=500)] = 100


@router.get("/events", response={200: EventPage, **READ_ERRORS})
def event_list(request: HttpRequest, query: Query[EventQuery]) -> dict[str, object]:
    after = 0
    if query.after:
        position = decode_cursor(query.after)
        if not isinstance(position, int):  # another list's cursor
            raise invalid_cursor()
        after = position
    events = list(
        TicketEvent.objects.filter(id__gt=after)
        .select_related("ticket")
        .order_by("id")[: query.limit]
    )
    last = events[-1].pk if events else after
    return {"items": events, "next_cursor": encode_cursor(last)}
