"""The real collector, next to a stand-in docker, uploads its bundle to the real ASGI server."""

import pytest

from supportdesk.fault_reports.models import AttachmentAnalysis
from supportdesk.fault_reports.tokens import upload_token
from supportdesk.tickets.diagnostic_fields import DiagnosticFields
from supportdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)


def test_collector_bundle_lands_on_the_ticket_and_fills_the_image_version(
    asgi_server, run_collector, open_ticket
):
    ticket = open_ticket(diagnostics=DiagnosticFields(problem_kind="server_error"))
    run = run_collector(
        "--upload",
        f"{asgi_server}/api/diagnostics/bundles",
        "--ticket",
        f"SD-{ticket.number}",
        "--token",
        upload_token(ticket.number),
        scenario="docker_compose_app",
    )
    assert run.code == 0, run.stderr
    attachment = ticket.messages.get(external_id__startswith="collector:").attachments.get()
    assert attachment.kind == "bundle"
    assert AttachmentAnalysis.objects.get(attachment=attachment).kind == "collector_bundle"
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert "registry.acme.example/desk/app:2.14.1" in ticket.image_version


def test_a_token_for_another_ticket_is_refused(asgi_server, run_collector, open_ticket):
    ticket = open_ticket()
    other = open_ticket()
    run = run_collector(
        "--upload",
        f"{asgi_server}/api/diagnostics/bundles",
        "--ticket",
        str(ticket.number),
        "--token",
        upload_token(other.number),
        scenario="docker_compose_app",
    )
    assert run.code == 7
    assert "другой заявки" in run.stderr or "another ticket" in run.stderr
    assert not ticket.messages.filter(external_id__startswith="collector:").exists()


def test_the_collector_is_downloadable(client):
    response = client.get("/diagnostics/collector/supportdesk_collect.py")
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"supportdesk-collect" in b"".join(response.streaming_content)
