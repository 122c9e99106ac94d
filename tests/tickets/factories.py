from itertools import count

import factory
from django.utils import timezone

from supportdesk.customers.actions.contacts import SenderIdentity
from supportdesk.customers.models import IdentityKind
from supportdesk.tickets.inbound import InboundMessage
from supportdesk.tickets.models import Channel, Ticket
from tests.customers.factories import ContactFactory

_external_ids = count(1)


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket

    number = factory.Sequence(lambda n: 50_000 + n)
    subject = factory.Sequence(lambda n: f"Problem {n}")
    channel = Channel.EMAIL
    requester = factory.SubFactory(ContactFactory)
    organisation = factory.LazyAttribute(lambda o: o.requester.organisation)
    created_at = factory.LazyFunction(timezone.now)
    last_activity_at = factory.LazyAttribute(lambda o: o.created_at)


def email_sender(email: str = "olga@romashka.example", name: str = "Ольга") -> SenderIdentity:
    return SenderIdentity(
        kind=IdentityKind.EMAIL, external_id=email, email=email, name=name, email_verified=True
    )


def inbound_email(**overrides: object) -> InboundMessage:
    """A valid email-channel message; each call gets a fresh Message-ID unless given one."""
    values: dict[str, object] = {
        "channel": Channel.EMAIL,
        "external_id": f"<msg-{next(_external_ids)}@mail.example>",
        "sender": email_sender(),
        "subject": "Диаграмма не открывается",
        "text": "Добрый день! Диаграмма не открывается.",
    }
    values.update(overrides)
    return InboundMessage(**values)  # type: ignore[arg-type]
