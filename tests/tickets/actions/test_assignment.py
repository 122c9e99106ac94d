import pytest

from supportdesk.tickets.actions.assignment import check_assign_ticket
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.models import EventKind
from tests.accounts.factories import AgentFactory, CustomerUserFactory
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.django_db


def test_assigning_records_who_from_and_to_by_name(agent):
    other = AgentFactory(username="boris", first_name="Борис", last_name="Ковалёв")
    ticket = check_assign_ticket(ticket=TicketFactory(), agent=agent, assignee=other)
    assert ticket.assignee == other
    event = ticket.events.get(kind=EventKind.ASSIGNEE_CHANGED)
    assert event.data == {"old": None, "new": "Борис Ковалёв", "old_id": None, "new_id": other.pk}


def test_only_agents_can_be_assignees(agent):
    with pytest.raises(ActionRefused):
        check_assign_ticket(ticket=TicketFactory(), agent=agent, assignee=CustomerUserFactory())
