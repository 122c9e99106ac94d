from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from supportdesk.customers.actions.contacts import SenderIdentity
from supportdesk.customers.models import IdentityKind
from supportdesk.tickets.inbound import receive
from supportdesk.tickets.models import Ticket
from tests.customers.factories import OrganisationDomainFactory
from tests.sla.factories import EnterpriseOrganisationFactory
from tests.tickets.factories import inbound_email

MSK = ZoneInfo("Europe/Moscow")


def msk(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=MSK)


@pytest.fixture
def open_ticket(db):
    """Opens a ticket for an organisation of the given plan, received at `at` (MSK)."""

    def make(*, organisation=None, at: datetime | None = None, **extra) -> Ticket:
        organisation = organisation or EnterpriseOrganisationFactory()
        domain = OrganisationDomainFactory(organisation=organisation)
        email = f"user@{domain.domain}"
        sender = SenderIdentity(
            kind=IdentityKind.EMAIL, external_id=email, email=email, email_verified=True
        )
        return receive(inbound_email(sender=sender, received_at=at, **extra)).ticket

    return make
