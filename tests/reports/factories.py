import factory

from supportdesk.sla.models import SlaClock, Target
from tests.tickets.factories import TicketFactory


class SlaClockFactory(factory.django.DjangoModelFactory):
    """A clock as the desk would have left it; a test states every field that matters."""

    class Meta:
        model = SlaClock

    ticket = factory.SubFactory(TicketFactory)
    target = Target.RESPONSE
    policy = "plan:enterprise"
    target_seconds = 16 * 3600
    started_at = factory.LazyAttribute(lambda o: o.ticket.created_at)
