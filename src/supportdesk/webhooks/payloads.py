"""The JSON a receiver gets: version 1, documented in README ("Webhooks"). Fields are only ever
added; a change of meaning would be version 2.

Built from the objects the timeline hands over, with no queries. Internal notes never become
"message.created" (they are the agents' own), and a critical decision's reason stays inside too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.utils import timezone

from supportdesk.tickets.models import EventKind, Message, Ticket, TicketEvent
from supportdesk.webhooks.models import EventType

VERSION = 1
EXCERPT_CHARS = 500

_TYPES = {
    EventKind.OPENED: EventType.TICKET_CREATED,
    EventKind.CUSTOMER_MESSAGE: EventType.MESSAGE_CREATED,
    EventKind.PUBLIC_REPLY: EventType.MESSAGE_CREATED,
    EventKind.STATUS_CHANGED: EventType.STATUS_CHANGED,
    EventKind.SLA_WARNING: EventType.SLA_WARNING,
    EventKind.SLA_BREACHED: EventType.SLA_BREACHED,
    EventKind.CRITICAL_CLAIMED: EventType.CRITICAL_CLAIMED,
    EventKind.CRITICAL_CONFIRMED: EventType.CRITICAL_CONFIRMED,
}


def event_type_of(event: TicketEvent) -> EventType | None:
    """The webhook event a timeline event is, if any."""
    return _TYPES.get(EventKind(event.kind)) if event.kind in EventKind.values else None


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def _actor(event: TicketEvent) -> str:
    if event.actor_agent_id is not None:
        return "agent"
    return "customer" if event.actor_contact_id is not None else "desk"


def ticket_fields(ticket: Ticket) -> dict[str, Any]:
    return {
        "id": ticket.pk,
        "number": ticket.number,
        "subject": ticket.subject,
        "status": ticket.status,
        "severity": ticket.severity,
        "critical_claim": ticket.critical_claim,
        "channel": ticket.channel,
        "organisation_id": ticket.organisation_id,
        "requester_id": ticket.requester_id,
        "created_at": _iso(ticket.created_at),
    }


def event_payload(
    event: TicketEvent, event_type: EventType, message: Message | None
) -> dict[str, Any]:
    """The payload without "event_id", which an event of an intake batch gets only when the
    batch is written (`with_event_id`)."""
    payload: dict[str, Any] = {
        "version": VERSION,
        "type": str(event_type),
        "occurred_at": _iso(event.created_at),
        "actor": _actor(event),
        "ticket": ticket_fields(event.ticket),
    }
    data = event.data
    if event_type == EventType.MESSAGE_CREATED and message is not None:
        payload["message"] = {
            "id": message.pk,
            "author": "desk" if message.is_automatic else _actor(event),
            "channel": message.channel,
            "created_at": _iso(message.created_at),
            "excerpt": message.body_text[:EXCERPT_CHARS],
            "truncated": len(message.body_text) > EXCERPT_CHARS,
            "attachments": list(data.get("attachments", [])),
        }
    elif event_type == EventType.STATUS_CHANGED:
        payload["change"] = {"old": data.get("old"), "new": data.get("new")}
    elif event_type in (EventType.SLA_WARNING, EventType.SLA_BREACHED):
        payload["sla"] = {"target": data.get("target"), "due_at": data.get("due_at")}
    return payload


def with_event_id(payload: dict[str, Any], event_id: int | None) -> dict[str, Any]:
    return {"event_id": event_id, **payload}


def ping_payload() -> dict[str, Any]:
    """What "send a test event" sends: the shape of every payload, no ticket."""
    return {
        "event_id": None,
        "version": VERSION,
        "type": str(EventType.PING),
        "occurred_at": _iso(timezone.now()),
        "actor": "desk",
    }
