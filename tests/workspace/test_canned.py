"""Canned responses: agents keep their own and use the shared ones; a ticket's page offers only
those whose variables it can fill in and that do not ask for what it already has."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from supportdesk.tickets.inbound import InboundAttachment, receive
from supportdesk.workspace.models import CannedResponse
from tests.accounts.factories import AgentFactory
from tests.fault_reports.conftest import HAR_WITH_COOKIES
from tests.sla.conftest import msk
from tests.tickets.factories import inbound_email

pytestmark = pytest.mark.django_db

ASK_FOR_HAR = "Пришлите HAR-файл по заявке #{ticket_number}."
PROMISE = "{customer_name}, ответим до {sla_due}. {agent_name}"


def offered(client, ticket) -> set[str]:
    page = client.get(reverse("workspace:ticket", args=[ticket.number]))
    return {canned.title for canned in page.context["canned_responses"]}


def filled(client, ticket, canned):
    return client.get(reverse("workspace:canned", args=[ticket.number]), {"canned": canned.pk})


def test_shared_and_own_templates_are_offered_and_nobody_elses(agent_client, agent, open_ticket):
    ticket = open_ticket(at=msk(2026, 3, 2, 12))
    CannedResponse.objects.create(title="Общий", body="Здравствуйте!")
    CannedResponse.objects.create(title="Мой", body="Мой текст", owner=agent)
    theirs = CannedResponse.objects.create(
        title="Чужой", body="Чужой текст", owner=AgentFactory.create()
    )
    assert offered(agent_client, ticket) == {"Общий", "Мой"}
    assert filled(agent_client, ticket, theirs).status_code == 404


def test_a_template_with_the_due_time_is_offered_only_where_there_is_one(
    agent_client, agent, open_ticket
):
    promise = CannedResponse.objects.create(title="Срок", body=PROMISE)
    with_sla = open_ticket(at=msk(2026, 3, 2, 12))
    agent.first_name, agent.last_name = "Анна", "Смирнова"
    agent.save()
    text = filled(agent_client, with_sla, promise).text
    assert "ответим до 3 марта 2026, 19:00 МСК. Анна Смирнова" in text

    # A sender of no organisation has no SLA: "ответим до —" must not be offered.
    without_sla = receive(inbound_email()).ticket
    assert without_sla.sla_due_at is None
    assert "Срок" not in offered(agent_client, without_sla)
    assert filled(agent_client, without_sla, promise).status_code == 404


def test_a_template_asking_for_a_har_is_not_offered_once_the_ticket_has_one(
    agent_client, open_ticket, django_capture_on_commit_callbacks
):
    CannedResponse.objects.create(title="Запросить HAR", body=ASK_FOR_HAR, asks_for="har")
    bare = open_ticket(at=msk(2026, 3, 2, 12), subject="Ошибка 500 при открытии диаграммы")
    with django_capture_on_commit_callbacks(execute=True):
        with_har = open_ticket(
            at=msk(2026, 3, 2, 12),
            subject="Ошибка 500 при открытии диаграммы",
            attachments=[InboundAttachment("session.har", HAR_WITH_COOKIES.read_bytes())],
        )
    assert "Запросить HAR" in offered(agent_client, bare)
    assert "Запросить HAR" not in offered(agent_client, with_har)


def _admin_post(client, **form):
    return client.post(
        reverse("admin:workspace_cannedresponse_add"),
        {"title": "Шаблон", "body": "Текст", "asks_for": "", **form},
    )


def test_an_unknown_variable_is_refused_in_words(client):
    client.force_login(AgentFactory.create())
    response = _admin_post(client, body="Ответим до {due_date}, {customer_name}.")
    assert response.status_code == 200
    assert "Неизвестные переменные: {due_date}" in response.text
    assert "{customer_name}, {ticket_number}, {sla_due}, {agent_name}" in response.text
    assert not CannedResponse.objects.exists()


def test_an_agent_keeps_templates_of_their_own_and_sharing_takes_the_permission(client):
    agent = AgentFactory.create()
    client.force_login(agent)
    assert _admin_post(client, shared="on").status_code == 302
    assert CannedResponse.objects.get().owner == agent  # not shared: no permission

    lead = AgentFactory.create()
    lead.user_permissions.add(Permission.objects.get(codename="change_cannedresponse"))
    client.force_login(lead)
    assert _admin_post(client, title="Для всех", shared="on").status_code == 302
    assert CannedResponse.objects.get(title="Для всех").owner is None

    # The lead does not see, let alone change, the other agent's own template.
    mine = CannedResponse.objects.get(title="Шаблон")
    page = client.get(reverse("admin:workspace_cannedresponse_change", args=[mine.pk]))
    assert page.status_code == 302  # the admin's "does not exist" answer
