import faulthandler
import os
from collections.abc import Iterator
from datetime import datetime

import pytest
from hypothesis import settings as hypothesis_settings

from supportdesk.accounts.models import User
from supportdesk.customers.actions.contacts import SenderIdentity
from supportdesk.customers.actions.portal_accounts import do_link_portal_account
from supportdesk.customers.models import Contact, IdentityKind, OrganisationDomain
from supportdesk.tickets.inbound import receive
from supportdesk.tickets.models import OutboxDelivery, Ticket
from supportdesk.tickets.outbound import DeliveryResult, register_channel, unregister_channel
from tests.accounts.factories import AgentFactory, CustomerUserFactory
from tests.customers.factories import OrganisationDomainFactory
from tests.sla.factories import EnterpriseOrganisationFactory
from tests.tickets.factories import inbound_email

pytest_plugins = ["tests.live", "tests.s3_server", "tests.chat.widgets"]

# CI runs the same examples every time (a property failure there is reproducible, not luck);
# locally Hypothesis keeps exploring. No deadlines: this machine's 2 cores are shared.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """A thread some test left waiting would keep the interpreter from exiting (Python joins
    pool threads at exit) and CI would wait for its deadline: after two minutes the run ends
    with every thread's stack and a failure instead."""
    # fd 2: the real stderr, whatever pytest has done to sys.stderr by now.
    faulthandler.dump_traceback_later(120, exit=True, file=2)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate-limit counters, cached counts and the calendar must not leak between tests."""
    from django.core.cache import cache

    from supportdesk.sla.calendars import forget_desk_calendar

    cache.clear()
    forget_desk_calendar()  # a correction saved by an earlier test is rolled back now
    yield
    cache.clear()


@pytest.fixture
def agent(db: None) -> User:
    return AgentFactory.create()


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


class RecordingChannel:
    """An in-memory channel: records what it was asked to send, answers as scripted."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.sent: list[OutboxDelivery] = []
        self.results: list[DeliveryResult | Exception] = []

    def send(self, delivery: OutboxDelivery) -> DeliveryResult:
        self.sent.append(delivery)
        outcome = (
            self.results.pop(0)
            if self.results
            else DeliveryResult(ok=True, external_id=f"ext-{delivery.pk}")
        )
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


@pytest.fixture
def email_channel() -> Iterator[RecordingChannel]:
    channel = RecordingChannel("email")
    previous = register_channel(channel)
    yield channel
    if previous is not None:
        register_channel(previous)
    else:
        unregister_channel("email")


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


@pytest.fixture
def customer_factory(db):
    """A confirmed portal customer of an organisation (Enterprise unless given)."""

    def make(email: str = "ivan@promstroy.example", organisation=None, **contact_fields) -> Contact:
        domain = email.split("@")[1]
        if organisation is None:
            organisation = EnterpriseOrganisationFactory()
        OrganisationDomain.objects.get_or_create(
            domain=domain, defaults={"organisation": organisation}
        )
        user = CustomerUserFactory.create(username=email, email=email)
        contact = do_link_portal_account(user=user)
        for name, value in contact_fields.items():
            setattr(contact, name, value)
        contact.save()
        contact.user = user  # type: ignore[attr-defined]
        return contact

    return make
