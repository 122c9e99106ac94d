import json

import pytest

from supportdesk.fault_reports.actions.analyses import do_analyze_attachment
from supportdesk.fault_reports.models import AttachmentAnalysis
from supportdesk.tickets.inbound import InboundAttachment
from supportdesk.tickets.models import EventKind
from tests.fault_reports.conftest import HAR_WITH_COOKIES, JAVA_LOG

pytestmark = pytest.mark.django_db


def _attachment(ticket):
    return ticket.messages.get(author_contact__isnull=False).attachments.get()


def test_a_har_from_any_channel_is_analysed_and_only_its_sanitised_copy_is_kept(
    open_ticket, django_capture_on_commit_callbacks
):
    raw = HAR_WITH_COOKIES.read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(
            attachments=[InboundAttachment("network.json", raw, "application/json")]
        )
    attachment = _attachment(ticket)
    assert attachment.kind == "har"  # sniffed by content, whatever the name
    stored = attachment.file.read()
    cookies = [c for e in json.loads(stored)["log"]["entries"] for c in e["request"]["cookies"]]
    assert cookies and {c["value"] for c in cookies} == {"[REDACTED]"}
    assert attachment.size == len(stored) < len(raw) + 1000

    analysis = AttachmentAnalysis.objects.get(attachment=attachment)
    assert analysis.kind == "har"
    assert analysis.result["har"]["summary"]["request_count"] > 0
    ticket.refresh_from_db()
    assert ticket.browser_version  # filled from the HAR
    event = ticket.events.get(kind=EventKind.DIAGNOSTICS_ANALYSED)
    assert "секрет" in event.data["summary"] or "secrets" in event.data["summary"]


def test_a_container_log_is_analysed_into_error_groups(
    open_ticket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(attachments=[InboundAttachment("out.txt", JAVA_LOG.read_bytes())])
    analysis = AttachmentAnalysis.objects.get(attachment=_attachment(ticket))
    assert analysis.kind == "container_log"
    assert analysis.result["log"]["error_groups"]
    assert _attachment(ticket).kind == "log"


def test_an_analysis_is_redone_only_when_the_analyser_changed_or_forced(
    open_ticket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(attachments=[InboundAttachment("out.log", JAVA_LOG.read_bytes())])
    attachment = _attachment(ticket)
    first = AttachmentAnalysis.objects.get(attachment=attachment)
    AttachmentAnalysis.objects.filter(pk=first.pk).update(result={"stale": True})
    assert do_analyze_attachment(attachment_id=attachment.pk).result == {"stale": True}
    AttachmentAnalysis.objects.filter(pk=first.pk).update(analyzer_version=0)
    assert "log" in do_analyze_attachment(attachment_id=attachment.pk).result


def test_a_plain_file_is_recorded_as_such_without_a_timeline_event(
    open_ticket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(attachments=[InboundAttachment("photo.png", b"\x89PNG\r\n\x1a\n....")])
    assert AttachmentAnalysis.objects.get(attachment=_attachment(ticket)).kind == "image"
    assert not ticket.events.filter(kind=EventKind.DIAGNOSTICS_ANALYSED).exists()


def test_a_compose_log_gives_the_applications_version_not_redis(
    open_ticket, django_capture_on_commit_callbacks
):
    log = (
        b"redis-1  | 1:C 25 Apr 2024 05:32:35.018 * Redis version=7.2.0, bits=64, pid=1\n"
        b"app-1    | 2025-01-24T07:00:30,227 INFO [main] FarmApplication : "
        b"Starting FarmApplication v3.0.7 using Java 21.0.5 with PID 1\n"
        b"app-1    | 2025-01-24T07:00:31,000 ERROR [main] FarmApplication : boom\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(attachments=[InboundAttachment("compose.log", log)])
    ticket.refresh_from_db()
    assert ticket.image_version == "FarmApplication 3.0.7"
    event = ticket.events.get(kind=EventKind.DIAGNOSTICS_ANALYSED)
    assert "приложение FarmApplication 3.0.7 (служба app-1, строка 2)" in event.data["summary"]
    assert "другие службы: Redis 7.2.0 (служба redis-1, строка 1)" in event.data["summary"]
