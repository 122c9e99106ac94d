"""An agreement signed after a ticket opened, a customer found to belong to an organisation
later: open tickets keep the policy they started with until someone applies the new one on
purpose, and the ticket page says which one applies and why."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from supportdesk.customers.models import Contact, OrganisationDomain
from supportdesk.sla.models import Agreement, ClockState, SlaClock, Target
from supportdesk.tickets.inbound import receive
from supportdesk.tickets.models import EventKind
from tests.accounts.factories import AgentFactory
from tests.sla.conftest import msk
from tests.sla.factories import AgreementFactory, EnterpriseOrganisationFactory
from tests.tickets.factories import inbound_email

pytestmark = pytest.mark.django_db


def apply_agreement(agreement: Agreement, client) -> list[str]:
    """The admin action, from the agreements list as an administrator runs it."""
    response = client.post(
        reverse("admin:sla_agreement_changelist"),
        {"action": "apply_to_open_tickets", "_selected_action": [agreement.pk]},
        follow=True,
    )
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def admin_user():
    return AgentFactory.create(is_superuser=True)


def test_a_new_agreement_reaches_an_open_ticket_only_when_applied(open_ticket, admin_user, client):
    organisation = EnterpriseOrganisationFactory()
    with time_machine.travel(msk(2026, 3, 2, 12), tick=False):
        ticket = open_ticket(organisation=organisation, at=msk(2026, 3, 2, 12))
    clock = SlaClock.objects.get(ticket=ticket, target=Target.RESPONSE)
    assert (clock.policy, clock.due_at) == ("plan:enterprise", msk(2026, 3, 3, 19))
    agreement = AgreementFactory(
        organisation=organisation,
        contract_reference="№42/2026",
        response_business_hours=Decimal(8),
        valid_from=date(2026, 3, 3),
    )
    client.force_login(admin_user)
    with time_machine.travel(msk(2026, 3, 3, 12), tick=False):
        page = client.get(reverse("workspace:ticket", args=[ticket.number])).text
        assert "Для новых заявок: соглашение №42/2026." in page
        assert "Сроки этой заявки считаются по условиям «тариф Enterprise»" in page

        said = apply_agreement(agreement, client)
        assert "изменено сроков: 1" in said[0]
        clock.refresh_from_db()
        # 8 business hours from the clock's start (2 March 12:00), not from now.
        assert clock.policy.startswith(f"agreement:{agreement.pk}")
        assert clock.target_seconds == 8 * 3600
        assert clock.due_at == msk(2026, 3, 2, 20)
        event = ticket.events.get(kind=EventKind.SLA_POLICY_CHANGED)
        assert event.data["policy_old"] == "plan:enterprise" and event.actor_agent == admin_user
        page = client.get(reverse("workspace:ticket", args=[ticket.number])).text
        assert "тариф Enterprise → соглашение №42/2026" in page
        assert 'id="older-policy"' not in page
        assert "изменено сроков: 0" in apply_agreement(agreement, client)[0]


def test_an_agreement_not_in_effect_today_changes_nothing(open_ticket, admin_user, client):
    client.force_login(admin_user)
    organisation = EnterpriseOrganisationFactory()
    ticket = open_ticket(organisation=organisation)
    agreement = AgreementFactory(organisation=organisation, valid_from=date(2099, 1, 1))
    said = apply_agreement(agreement, client)
    assert "сегодня не действует" in said[0]
    assert not ticket.events.filter(kind=EventKind.SLA_POLICY_CHANGED).exists()


def _orphan_ticket():
    ticket = receive(inbound_email()).ticket
    assert ticket.organisation is None and ticket.sla_due_at is None
    return ticket


def test_an_agent_links_a_customer_of_no_organisation_and_the_sla_starts_then(agent_client):
    ticket = _orphan_ticket()
    queue = agent_client.get(reverse("workspace:queue"), {"view": "no_organisation"})
    assert [row.ticket.pk for row in queue.context["rows"]] == [ticket.pk]
    page = agent_client.get(reverse("workspace:ticket", args=[ticket.number])).text
    assert "Без организации: SLA нет" in page
    organisation = EnterpriseOrganisationFactory(name="АО «ПромСтрой»")
    with time_machine.travel(msk(2026, 3, 2, 12), tick=False):
        response = agent_client.post(
            reverse("workspace:link_organisation", args=[ticket.number]),
            {"organisation": organisation.pk},
        )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.organisation == organisation
    assert ticket.requester.organisation == organisation
    clock = SlaClock.objects.get(ticket=ticket, target=Target.RESPONSE)
    assert (clock.started_at, clock.state) == (msk(2026, 3, 2, 12), ClockState.RUNNING)
    assert ticket.sla_due_at == msk(2026, 3, 3, 19)
    queue = agent_client.get(reverse("workspace:queue"), {"view": "no_organisation"})
    assert list(queue.context["rows"]) == []


def test_a_domain_given_to_an_organisation_brings_its_earlier_customers_in(
    django_capture_on_commit_callbacks,
):
    ticket = _orphan_ticket()
    email = ticket.requester.email
    organisation = EnterpriseOrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationDomain.objects.create(domain=email.split("@")[1], organisation=organisation)
    assert Contact.objects.get(pk=ticket.requester_id).organisation == organisation
    ticket.refresh_from_db()
    assert ticket.organisation == organisation and ticket.sla_due_at is not None
