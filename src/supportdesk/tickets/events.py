"""The ticket timeline: one function per event kind; nothing else writes TicketEvent rows.

Inside `writes_batched()` (an intake batch) the rows are inserted together at its end: the
returned event has no primary key until then, and receivers get it as it will be stored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from supportdesk.accounts.models import User
from supportdesk.batched_writes import write_later
from supportdesk.customers.models import Contact
from supportdesk.tickets.models import EventKind, Message, OutboxDelivery, Ticket, TicketEvent
from supportdesk.tickets.signals import ticket_event_recorded


def _record(
    ticket: Ticket,
    kind: EventKind,
    *,
    agent: User | None = None,
    contact: Contact | None = None,
    at: datetime | None = None,
    message: Message | None = None,
    **data: Any,
) -> TicketEvent:
    event = TicketEvent(
        ticket=ticket,
        kind=kind,
        actor_agent=agent,
        actor_contact=contact,
        data=data,
        created_at=at or timezone.now(),
    )
    write_later(_insert_events, event)
    # Followers get the message object too, so they need not read it back.
    ticket_event_recorded.send(sender=TicketEvent, event=event, message=message)
    return event


def _insert_events(events: list[TicketEvent]) -> None:
    TicketEvent.objects.bulk_create(events)


def ticket_opened_event(*, ticket: Ticket, contact: Contact, channel: str) -> TicketEvent:
    return _record(ticket, EventKind.OPENED, contact=contact, at=ticket.created_at, channel=channel)


def customer_message_event(
    *, ticket: Ticket, message: Message, attachments: list[str] | None = None
) -> TicketEvent:
    return _record(
        ticket,
        EventKind.CUSTOMER_MESSAGE,
        contact=message.author_contact,
        at=message.created_at,
        message=message,
        message_id=message.pk,
        channel=message.channel,
        attachments=attachments or [],
    )


def public_reply_event(*, ticket: Ticket, message: Message, agent: User) -> TicketEvent:
    return _record(
        ticket, EventKind.PUBLIC_REPLY, agent=agent, message=message, message_id=message.pk
    )


def automatic_reply_event(*, ticket: Ticket, message: Message) -> TicketEvent:
    """A message the desk sent by itself (an acknowledgement); no agent, not a first response."""
    return _record(
        ticket, EventKind.PUBLIC_REPLY, message=message, message_id=message.pk, automatic=True
    )


def internal_note_event(*, ticket: Ticket, message: Message, agent: User) -> TicketEvent:
    return _record(
        ticket, EventKind.INTERNAL_NOTE, agent=agent, message=message, message_id=message.pk
    )


def status_changed_event(
    *,
    ticket: Ticket,
    old: str,
    new: str,
    agent: User | None = None,
    contact: Contact | None = None,
) -> TicketEvent:
    return _record(ticket, EventKind.STATUS_CHANGED, agent=agent, contact=contact, old=old, new=new)


def assignee_changed_event(
    *, ticket: Ticket, old: User | None, new: User | None, agent: User
) -> TicketEvent:
    # Names as the timeline shows them (the login means nothing to a colleague), ids to follow.
    return _record(
        ticket,
        EventKind.ASSIGNEE_CHANGED,
        agent=agent,
        old=_person(old),
        new=_person(new),
        old_id=old.pk if old else None,
        new_id=new.pk if new else None,
    )


def _person(user: User | None) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None


def critical_claimed_event(*, ticket: Ticket, contact: Contact | None) -> TicketEvent:
    return _record(ticket, EventKind.CRITICAL_CLAIMED, contact=contact)


def critical_confirmed_event(*, ticket: Ticket, agent: User, reason: str) -> TicketEvent:
    return _record(ticket, EventKind.CRITICAL_CONFIRMED, agent=agent, reason=reason)


def critical_rejected_event(*, ticket: Ticket, agent: User, reason: str) -> TicketEvent:
    return _record(ticket, EventKind.CRITICAL_REJECTED, agent=agent, reason=reason)


def severity_changed_event(*, ticket: Ticket, old: str, new: str, agent: User) -> TicketEvent:
    return _record(ticket, EventKind.SEVERITY_CHANGED, agent=agent, old=old, new=new)


def attachment_rejected_event(
    *, ticket: Ticket, message: Message, filename: str, size: int, limit: int, reason: str = ""
) -> TicketEvent:
    return _record(
        ticket,
        EventKind.ATTACHMENT_REJECTED,
        message_id=message.pk,
        filename=filename,
        size=size,
        limit=limit,
        reason=reason,
    )


def delivery_sent_event(*, delivery: OutboxDelivery) -> TicketEvent:
    return _record(
        delivery.message.ticket,
        EventKind.DELIVERY_SENT,
        delivery_id=delivery.pk,
        channel=delivery.channel,
        recipient=delivery.recipient,
    )


def delivery_failed_event(*, delivery: OutboxDelivery, error: str, final: bool) -> TicketEvent:
    return _record(
        delivery.message.ticket,
        EventKind.DELIVERY_FAILED,
        delivery_id=delivery.pk,
        channel=delivery.channel,
        recipient=delivery.recipient,
        error=error,
        final=final,
        attempts=delivery.attempts,
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def sla_started_event(
    *, ticket: Ticket, target: str, policy: str, due_at: datetime | None, at: datetime
) -> TicketEvent:
    return _record(
        ticket, EventKind.SLA_STARTED, at=at, target=target, policy=policy, due_at=_iso(due_at)
    )


def sla_policy_changed_event(
    *,
    ticket: Ticket,
    target: str,
    old: str,
    new: str,
    due_at: datetime | None,
    agent: User | None,
    reason: str,
) -> TicketEvent:
    return _record(ticket, EventKind.SLA_POLICY_CHANGED, agent=agent, target=target,
                   policy_old=old, policy_new=new, due_at=_iso(due_at), reason=reason)  # fmt: skip


def sla_paused_event(*, ticket: Ticket, target: str, at: datetime) -> TicketEvent:
    return _record(ticket, EventKind.SLA_PAUSED, at=at, target=target)


def sla_resumed_event(
    *, ticket: Ticket, target: str, due_at: datetime | None, at: datetime
) -> TicketEvent:
    return _record(ticket, EventKind.SLA_RESUMED, at=at, target=target, due_at=_iso(due_at))


def sla_stopped_event(*, ticket: Ticket, target: str, met: bool, at: datetime) -> TicketEvent:
    return _record(ticket, EventKind.SLA_STOPPED, at=at, target=target, met=met)


def sla_cancelled_event(*, ticket: Ticket, target: str, at: datetime) -> TicketEvent:
    return _record(ticket, EventKind.SLA_CANCELLED, at=at, target=target)


def sla_warning_event(*, ticket: Ticket, target: str, due_at: datetime | None) -> TicketEvent:
    return _record(ticket, EventKind.SLA_WARNING, target=target, due_at=_iso(due_at))


def sla_breached_event(*, ticket: Ticket, target: str, due_at: datetime | None) -> TicketEvent:
    return _record(ticket, EventKind.SLA_BREACHED, target=target, due_at=_iso(due_at))


def merged_into_event(*, ticket: Ticket, target: Ticket, agent: User, messages: int) -> TicketEvent:
    return _record(
        ticket, EventKind.MERGED_INTO, agent=agent, target=target.number, messages=messages
    )


def merged_from_event(*, ticket: Ticket, source: Ticket, agent: User, messages: int) -> TicketEvent:
    return _record(
        ticket, EventKind.MERGED_FROM, agent=agent, source=source.number, messages=messages
    )


def problem_kind_changed_event(*, ticket: Ticket, old: str, new: str, agent: User) -> TicketEvent:
    return _record(ticket, EventKind.PROBLEM_KIND_CHANGED, agent=agent, old=old, new=new)


def diagnostics_requested_event(*, ticket: Ticket, agent: User, items: list[str]) -> TicketEvent:
    return _record(ticket, EventKind.DIAGNOSTICS_REQUESTED, agent=agent, items=items)


def diagnostics_analysed_event(
    *, ticket: Ticket, attachment_id: int, filename: str, kind: str, summary: str
) -> TicketEvent:
    return _record(
        ticket,
        EventKind.DIAGNOSTICS_ANALYSED,
        attachment_id=attachment_id,
        filename=filename,
        detected=kind,
        summary=summary,
    )


def diagnostics_filled_event(*, ticket: Ticket, fields: dict[str, str]) -> TicketEvent:
    return _record(ticket, EventKind.DIAGNOSTICS_FILLED, fields=fields)
