"""Issue 12, finding 2: a HAR whose analysis fails is never kept raw, on any channel; the
reason is shown; commands print a clean error; the portal's HAR field never answers 500."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from supportdesk.diagnostics import ContentKind, FileAnalysis, RedactionReport
from supportdesk.fault_reports.actions.analyses import summary_line
from supportdesk.fault_reports.models import AttachmentAnalysis
from supportdesk.tickets.inbound import InboundAttachment
from supportdesk.tickets.models import EventKind
from tests.diagnostics.planted_secrets import har_with_planted_secrets, secrets_in

pytestmark = pytest.mark.django_db

HUGE_NUMBER = b"9" * 5001


def _huge_number_har() -> bytes:
    return har_with_planted_secrets().replace(b'"bodySize": -1', b'"bodySize": ' + HUGE_NUMBER, 1)


def _cut_har() -> bytes:
    har = har_with_planted_secrets()
    return har[: len(har) * 9 // 10]


def _customer_attachment(ticket):
    return ticket.messages.get(author_contact__isnull=False).attachments.get()


@pytest.mark.parametrize("damaged", [_huge_number_har, _cut_har], ids=["5001 digits", "cut"])
def test_an_unreadable_har_is_replaced_by_a_redacted_copy_and_the_reason_is_shown(
    open_ticket, django_capture_on_commit_callbacks, client, agent, damaged
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(
            attachments=[InboundAttachment("network.har", damaged(), "application/json")]
        )
    attachment = _customer_attachment(ticket)
    assert secrets_in(attachment.file.read()) == []
    analysis = AttachmentAnalysis.objects.get(attachment=attachment)
    assert analysis.kind == "har" and analysis.result["best_effort"]["total"] >= 14
    assert analysis.error
    event = ticket.events.get(kind=EventKind.DIAGNOSTICS_ANALYSED)
    assert "could not be read" in event.data["summary"] or "не удалось" in event.data["summary"]
    with translation.override("ru"):
        assert "не удалось прочитать" in summary_line(analysis_of(analysis))
    with translation.override("en"):
        assert "could not be read" in summary_line(analysis_of(analysis))

    client.force_login(agent)
    response = client.get(reverse("workspace:attachment", args=[attachment.pk]))
    assert secrets_in(b"".join(response.streaming_content)) == []


def analysis_of(stored: AttachmentAnalysis) -> FileAnalysis:
    return FileAnalysis(
        ContentKind(stored.kind),
        error=stored.result["error"],
        reason=stored.result["reason"],
        best_effort=RedactionReport(),
    )


def test_a_har_is_not_downloadable_before_it_has_been_checked(open_ticket, client, agent):
    ticket = open_ticket(  # the analysis task is not run: the file is still as received
        attachments=[InboundAttachment("trace.json", _huge_number_har(), "application/json")]
    )
    attachment = _customer_attachment(ticket)
    client.force_login(agent)
    assert client.get(reverse("workspace:attachment", args=[attachment.pk])).status_code == 404


def test_har_sanitize_prints_a_clean_error_for_a_huge_number(tmp_path):
    source = tmp_path / "big.har"
    source.write_bytes(_huge_number_har())
    with pytest.raises(CommandError, match="number too long"):
        call_command("har", "sanitize", str(source), str(tmp_path / "out.har"))
    assert not (tmp_path / "out.har").exists()


def test_diagnose_reports_an_unreadable_har_without_a_traceback(tmp_path):
    source = tmp_path / "big.har"
    source.write_bytes(_huge_number_har())
    out = io.StringIO()
    call_command("diagnose", str(source), stdout=out)
    (result,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert result["kind"] == "har" and result["reason"] == "number_too_long"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Нам не удалось прочитать этот HAR-файл (файл обрывается на середине)"),
        ("en", "We could not read this HAR file (the file is cut short)"),
    ],
)
def test_the_customer_is_told_beside_the_file_why_only_a_copy_was_kept(
    customer_factory, django_capture_on_commit_callbacks, client, language, text
):
    from supportdesk.customers.actions.contacts import SenderIdentity
    from supportdesk.customers.models import IdentityKind
    from supportdesk.tickets.inbound import receive
    from tests.tickets.factories import inbound_email

    customer = customer_factory()
    sender = SenderIdentity(
        kind=IdentityKind.EMAIL, external_id=customer.email, email=customer.email,
        email_verified=True,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        ticket = receive(
            inbound_email(
                sender=sender,
                attachments=[InboundAttachment("network.har", _cut_har(), "application/json")],
            )
        ).ticket
    client.force_login(customer.user)
    page = client.get(
        reverse("portal:request", args=[ticket.number]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert text in page
