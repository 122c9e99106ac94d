"""Critical faults: the customer claims, an agent confirms or rejects with a reason.

Critical means the tool cannot be used by 100% of the customer's users; only a confirmed
claim makes the ticket critical (and starts the fix clock from the claim).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supportdesk.accounts.models import User
from supportdesk.customers.models import Contact
from supportdesk.tickets import events
from supportdesk.tickets.actions.permissions import check_is_agent
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.models import CriticalClaim, Severity, Ticket


@transaction.atomic
def do_claim_critical(*, ticket: Ticket, contact: Contact | None) -> Ticket:
    if ticket.critical_claim in (CriticalClaim.CLAIMED, CriticalClaim.CONFIRMED):
        return ticket
    ticket.critical_claim = CriticalClaim.CLAIMED
    ticket.critical_claimed_at = timezone.now()
    ticket.save(update_fields=["critical_claim", "critical_claimed_at", "updated_at"])
    events.critical_claimed_event(ticket=ticket, contact=contact)
    return ticket


def _check_decision(ticket: Ticket, agent: User, reason: str) -> None:
    check_is_agent(agent)
    if ticket.critical_claim != CriticalClaim.CLAIMED:
        raise ActionRefused(_("There is no pending critical claim on this ticket."))
    if not reason.strip():
        raise ActionRefused(_("Give a reason for the decision."))


def check_confirm_critical(*, ticket: Ticket, agent: User, reason: str) -> Ticket:
    _check_decision(ticket, agent, reason)
    return do_confirm_critical(ticket=ticket, agent=agent, reason=reason)


def _record_decision(
    ticket: Ticket, agent: User, reason: str, claim: CriticalClaim, severity: Severity
) -> None:
    ticket.critical_claim = claim
    ticket.severity = severity
    ticket.critical_decided_at = timezone.now()
    ticket.critical_decided_by = agent
    ticket.critical_decision_reason = reason
    ticket.save(
        update_fields=[
            "critical_claim",
            "severity",
            "critical_decided_at",
            "critical_decided_by",
            "critical_decision_reason",
            "updated_at",
        ]
    )


@transaction.atomic
def do_confirm_critical(*, ticket: Ticket, agent: User, reason: str) -> Ticket:
    _record_decision(ticket, agent, reason, CriticalClaim.CONFIRMED, Severity.CRITICAL)
    events.critical_confirmed_event(ticket=ticket, agent=agent, reason=reason)
    return ticket


def check_reject_critical(*, ticket: Ticket, agent: User, reason: str) -> Ticket:
    _check_decision(ticket, agent, reason)
    return do_reject_critical(ticket=ticket, agent=agent, reason=reason)


@transaction.atomic
def do_reject_critical(*, ticket: Ticket, agent: User, reason: str) -> Ticket:
    _record_decision(ticket, agent, reason, CriticalClaim.REJECTED, Severity.NORMAL)
    events.critical_rejected_event(ticket=ticket, agent=agent, reason=reason)
    return ticket


def check_set_severity(*, ticket: Ticket, agent: User, severity: str) -> Ticket:
    """An agent may mark a ticket critical without a claim (the clock then starts now)."""
    check_is_agent(agent)
    if severity not in Severity.values:
        raise ActionRefused(_("Unknown severity."))
    return do_set_severity(ticket=ticket, agent=agent, severity=Severity(severity))


@transaction.atomic
def do_set_severity(*, ticket: Ticket, agent: User, severity: Severity) -> Ticket:
    old = ticket.severity
    if old == severity:
        return ticket
    ticket.severity = severity
    update_fields = ["severity", "updated_at"]
    if severity == Severity.CRITICAL and ticket.critical_claimed_at is None:
        ticket.critical_claimed_at = timezone.now()
        ticket.critical_claim = CriticalClaim.CONFIRMED
        ticket.critical_decided_by = agent
        ticket.critical_decided_at = ticket.critical_claimed_at
        update_fields += [
            "critical_claimed_at",
            "critical_claim",
            "critical_decided_by",
            "critical_decided_at",
        ]
    ticket.save(update_fields=update_fields)
    events.severity_changed_event(ticket=ticket, old=old, new=severity, agent=agent)
    return ticket
