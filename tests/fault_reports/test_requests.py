import pytest
from django.urls import reverse

from supportdesk.fault_reports.actions.requests import check_request_missing_information
from supportdesk.tickets.diagnostic_fields import DiagnosticFields
from supportdesk.tickets.errors import ActionRefused
from supportdesk.tickets.models import EventKind, OutboxDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(open_ticket, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return open_ticket(diagnostics=DiagnosticFields(problem_kind="user_facing_error"))


def test_one_click_asks_for_exactly_what_is_missing_in_the_customers_language(ticket, agent):
    message = check_request_missing_information(ticket=ticket, agent=agent)
    assert message.body_text.startswith(
        f"Здравствуйте! Чтобы разобраться с заявкой #{ticket.number}"
    )
    assert "HAR" in message.body_text and "Версия браузера" in message.body_text
    assert OutboxDelivery.objects.filter(message=message).exists()
    event = ticket.events.get(kind=EventKind.DIAGNOSTICS_REQUESTED)
    assert "har" in event.data["items"]

    ticket.requester.language = "en"
    ticket.requester.save()
    english = check_request_missing_information(ticket=ticket, agent=agent)
    assert english.body_text.startswith("Hello! To get to the bottom of ticket")


def test_nothing_to_ask_is_refused(
    open_ticket, agent, agent_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(diagnostics=DiagnosticFields(problem_kind="question"))
    with pytest.raises(ActionRefused):
        check_request_missing_information(ticket=ticket, agent=agent)


def test_workspace_button_and_panel(ticket, agent_client):
    page = agent_client.get(reverse("workspace:ticket", args=[ticket.number]))
    assert 'id="request-missing-form"' in page.text
    assert 'data-item="har"' in page.text
    assert "supportdesk_collect.py --upload" in page.text  # Enterprise customer
    agent_client.post(reverse("workspace:request_missing", args=[ticket.number]))
    assert ticket.events.filter(kind=EventKind.DIAGNOSTICS_REQUESTED).count() == 1
