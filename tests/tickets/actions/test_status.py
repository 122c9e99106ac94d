import pytest

from supportdesk.tickets.actions.status import check_change_status
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.models import EventKind, Status
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.django_db


def test_resolving_records_the_time_and_the_event(agent):
    ticket = TicketFactory()
    check_change_status(ticket=ticket, agent=agent, status="resolved")
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert ticket.resolved_at is not None
    event = ticket.events.get(kind=EventKind.STATUS_CHANGED)
    assert event.data == {"old": "new", "new": "resolved"}
    assert event.actor_agent == agent


def test_reopening_a_resolved_ticket_clears_the_resolution(agent):
    ticket = TicketFactory()
    check_change_status(ticket=ticket, agent=agent, status="resolved")
    check_change_status(ticket=ticket, agent=agent, status="open")
    ticket.refresh_from_db()
    assert ticket.resolved_at is None


@pytest.mark.parametrize(
    ("start", "target"), [("closed", "open"), ("open", "new"), ("open", "bogus")]
)
def test_impossible_transitions_are_refused(agent, start, target):
    ticket = TicketFactory(status=start)
    with pytest.raises(ActionRefused):
        check_change_status(ticket=ticket, agent=agent, status=target)
    ticket.refresh_from_db()
    assert ticket.status == start
