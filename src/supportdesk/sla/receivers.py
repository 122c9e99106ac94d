"""The SLA follows the ticket timeline: each event kind moves the ticket's clocks."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from supportdesk.customers.models import OrganisationDomain
from supportdesk.sla.actions.clocks import (
    do_cancel_clock,
    do_pause_clock,
    do_resume_clock,
    do_start_critical_clock,
    do_start_new_ticket_clock,
    do_stop_clock,
)
from supportdesk.sla.actions.organisation_links import do_join_contacts_by_domain
from supportdesk.sla.models import SlaClock, Target
from supportdesk.tickets.models import EventKind, Message, Status, TicketEvent
from supportdesk.tickets.signals import ticket_event_recorded

_CLOSED = {Status.RESOLVED, Status.CLOSED}


_MOVES_CLOCKS = {
    EventKind.PUBLIC_REPLY,
    EventKind.CRITICAL_CONFIRMED,
    EventKind.CRITICAL_REJECTED,
    EventKind.SEVERITY_CHANGED,
    EventKind.STATUS_CHANGED,
}


@receiver(ticket_event_recorded, dispatch_uid="sla.on_ticket_event")
def on_ticket_event(
    sender: Any, event: TicketEvent, message: Message | None = None, **kwargs: Any
) -> None:
    ticket = event.ticket
    at = event.created_at
    if event.kind == EventKind.OPENED:
        do_start_new_ticket_clock(ticket=ticket)
        return
    if event.kind not in _MOVES_CLOCKS:
        return
    if event.kind == EventKind.PUBLIC_REPLY and not _is_human_reply(event, message):
        return  # acknowledgements and bot messages never stop a clock
    clocks = {c.target: c for c in SlaClock.objects.filter(ticket=ticket)}
    response = clocks.get(Target.RESPONSE)
    critical = clocks.get(Target.CRITICAL_FIX)

    match event.kind:
        case EventKind.PUBLIC_REPLY if response is not None:
            do_stop_clock(clock=response, at=at)
        case EventKind.CRITICAL_CONFIRMED:
            do_start_critical_clock(ticket=ticket, now=at)
        case EventKind.SEVERITY_CHANGED if event.data.get("new") == "critical":
            do_start_critical_clock(ticket=ticket, now=at)
        case EventKind.SEVERITY_CHANGED | EventKind.CRITICAL_REJECTED if critical is not None:
            do_cancel_clock(clock=critical, at=at)
        case EventKind.STATUS_CHANGED:
            _on_status_change(event.data["old"], event.data["new"], at, response, critical)


def _is_human_reply(event: TicketEvent, message: Message | None) -> bool:
    if event.actor_agent_id is None or event.data.get("automatic"):
        return False
    return message is None or not message.is_automatic


def _on_status_change(
    old: str, new: str, at: Any, response: SlaClock | None, critical: SlaClock | None
) -> None:
    if new in _CLOSED:
        # Resolving without a reply fulfils the response target, as in Zendesk.
        for clock in (response, critical):
            if clock is not None:
                do_stop_clock(clock=clock, at=at)
        return
    if critical is None:
        return
    if new == Status.WAITING:
        if old in _CLOSED:
            do_resume_clock(clock=critical, at=at)
        do_pause_clock(clock=critical, at=at)
    elif old == Status.WAITING or old in _CLOSED:
        do_resume_clock(clock=critical, at=at)


@receiver(post_save, sender=OrganisationDomain, dispatch_uid="sla.on_domain_saved")
def on_domain_saved(
    sender: Any, instance: OrganisationDomain, created: bool, **kwargs: Any
) -> None:
    """Customers who wrote from the domain before it was the organisation's join it now."""
    if created:
        transaction.on_commit(
            lambda: do_join_contacts_by_domain(domain=instance, now=timezone.now()), robust=True
        )
