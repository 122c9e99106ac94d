import pytest

from supportdesk.customers.models import Plan
from supportdesk.fault_reports.models import TicketChecklist
from supportdesk.tickets.actions.problem_kind import do_set_problem_kind
from supportdesk.tickets.diagnostic_fields import DiagnosticFields
from supportdesk.tickets.inbound import InboundAttachment
from tests.customers.factories import OrganisationFactory
from tests.fault_reports.conftest import HAR_WITH_COOKIES

pytestmark = pytest.mark.django_db


def _missing(ticket) -> list[str]:
    return TicketChecklist.objects.get(ticket=ticket).missing


def test_enterprise_user_facing_error_needs_the_whole_report(
    open_ticket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(
            text="Не сохраняется диаграмма",
            diagnostics=DiagnosticFields(problem_kind="user_facing_error"),
        )
    assert set(_missing(ticket)) == {
        "browser_version",
        "image_version",
        "har",
        "container_log",
        "reproduction_steps",
        "affected_user_email",
        "diagram_link",
    }


def test_cloud_reports_never_ask_for_containers(open_ticket, django_capture_on_commit_callbacks):
    cloud = OrganisationFactory(plan=Plan.TEAM)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(
            organisation=cloud, diagnostics=DiagnosticFields(problem_kind="user_facing_error")
        )
    missing = _missing(ticket)
    assert "image_version" not in missing and "container_log" not in missing
    assert "har" in missing


def test_attached_har_and_text_clues_are_found(open_ticket, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(
            text="Ошибка у пользователя petrov@promstroy.example, шаги: открыть отчёт",
            diagnostics=DiagnosticFields(
                problem_kind="user_facing_error", reproduction_steps="1. открыть отчёт"
            ),
            attachments=[InboundAttachment("session.har", HAR_WITH_COOKIES.read_bytes())],
        )
    missing = _missing(ticket)
    for present in ("har", "browser_version", "affected_user_email", "reproduction_steps"):
        assert present not in missing, present


def test_a_question_has_no_checklist(open_ticket, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket()
    assert TicketChecklist.objects.filter(ticket=ticket).exists()
    with django_capture_on_commit_callbacks(execute=True):
        do_set_problem_kind(ticket=ticket, agent=agent, problem_kind="question")
    assert not TicketChecklist.objects.filter(ticket=ticket).exists()
