import pytest

from supportdesk.tickets.actions.severity import (
    check_confirm_critical,
    check_reject_critical,
    check_set_severity,
    do_claim_critical,
)
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.models import CriticalClaim, EventKind, Severity
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.django_db


def test_claim_then_confirm_makes_the_ticket_critical_from_the_claim(agent):
    ticket = do_claim_critical(ticket=TicketFactory(), contact=None)
    claimed_at = ticket.critical_claimed_at
    check_confirm_critical(ticket=ticket, agent=agent, reason="Никто не может войти")

    ticket.refresh_from_db()
    assert ticket.severity == Severity.CRITICAL
    assert ticket.critical_claim == CriticalClaim.CONFIRMED
    assert ticket.critical_claimed_at == claimed_at
    assert ticket.critical_decided_by == agent
    assert ticket.events.get(kind=EventKind.CRITICAL_CONFIRMED).data == {
        "reason": "Никто не может войти"
    }


def test_rejecting_a_claim_needs_a_reason_and_keeps_normal_severity(agent):
    ticket = do_claim_critical(ticket=TicketFactory(), contact=None)
    with pytest.raises(ActionRefused):
        check_reject_critical(ticket=ticket, agent=agent, reason=" ")
    check_reject_critical(ticket=ticket, agent=agent, reason="Only one user affected")
    ticket.refresh_from_db()
    assert ticket.severity == Severity.NORMAL
    assert ticket.critical_claim == CriticalClaim.REJECTED


def test_confirming_without_a_claim_is_refused(agent):
    with pytest.raises(ActionRefused):
        check_confirm_critical(ticket=TicketFactory(), agent=agent, reason="x")


def test_agent_marking_critical_without_claim_starts_the_clock_now(agent):
    ticket = check_set_severity(ticket=TicketFactory(), agent=agent, severity="critical")
    assert ticket.severity == Severity.CRITICAL
    assert ticket.critical_claimed_at is not None
    assert ticket.events.filter(kind=EventKind.SEVERITY_CHANGED).count() == 1
