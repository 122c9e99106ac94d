"""An analysis task that fails (killed past its time or memory limit, its worker dying on every
run) leaves no file unchecked for ever: each is recorded, and a customer's HAR is withheld."""

import pytest
from django.urls import reverse
from django.utils import translation

from supportdesk.fault_reports.actions.analyses import WITHHELD_HAR
from supportdesk.fault_reports.models import AttachmentAnalysis
from supportdesk.ops.task_limits import TaskTimeLimitExceeded
from supportdesk.tickets.inbound import InboundAttachment
from supportdesk.tickets.models import EventKind
from tests.diagnostics.planted_secrets import har_with_planted_secrets, secrets_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysis_killed(monkeypatch):
    def killed(*args, **kwargs):
        raise TaskTimeLimitExceeded("took longer than 300 s")

    monkeypatch.setattr("supportdesk.fault_reports.actions.analyses.analyze_file", killed)


def test_a_har_whose_analysis_was_killed_is_withheld_and_the_timeline_says_why(
    open_ticket, django_capture_on_commit_callbacks, client, agent, analysis_killed
):
    files = [
        InboundAttachment("network.har", har_with_planted_secrets(), "application/json"),
        InboundAttachment("app.log", b"2026-01-12 ERROR boom\n", "text/plain"),
    ]
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(attachments=files)
    har, log = ticket.messages.get(author_contact__isnull=False).attachments.order_by("pk")
    assert har.file.read() == WITHHELD_HAR
    assert AttachmentAnalysis.objects.get(attachment=har).result["reason"] == "unfinished"
    assert AttachmentAnalysis.objects.get(attachment=log).kind == "binary"
    summaries = list(
        ticket.events.filter(kind=EventKind.DIAGNOSTICS_ANALYSED).values_list(
            "data__summary", flat=True
        )
    )
    assert summaries == [
        "не удалось прочитать (проверка не уложилась в отведённые время и память); файл не сохранён",
        "не удалось разобрать (проверка не уложилась в отведённые время и память)",
    ]
    client.force_login(agent)
    response = client.get(reverse("workspace:attachment", args=[har.pk]))
    assert response.status_code == 200
    assert secrets_in(b"".join(response.streaming_content)) == []


def test_files_analysed_before_the_task_failed_keep_their_analysis(
    open_ticket, django_capture_on_commit_callbacks, monkeypatch
):
    from supportdesk.fault_reports.actions import analyses

    real = analyses.analyze_file
    calls = []

    def second_one_killed(path, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise TaskTimeLimitExceeded("took longer than 300 s")
        return real(path, **kwargs)

    monkeypatch.setattr(analyses, "analyze_file", second_one_killed)
    files = [
        InboundAttachment("app.log", b"2026-01-12 ERROR boom\n", "text/plain"),
        InboundAttachment("network.har", har_with_planted_secrets(), "application/json"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(attachments=files)
    log, har = ticket.messages.get(author_contact__isnull=False).attachments.order_by("pk")
    assert AttachmentAnalysis.objects.get(attachment=log).result["reason"] is None
    assert AttachmentAnalysis.objects.get(attachment=har).result["reason"] == "unfinished"
    assert secrets_in(har.file.read()) == []


def test_an_analysis_that_killed_every_worker_leaves_its_har_withheld(
    open_ticket, django_capture_on_commit_callbacks, settings, monkeypatch
):
    from datetime import timedelta

    from django.tasks import TaskResultStatus
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult, get_date_max

    from supportdesk.ops.heartbeat import do_mark_worker_stopped, do_record_worker_beat
    from supportdesk.ops.recovery import do_recover_abandoned_work

    # The analysis never ran: as if its task had been queued for a worker, not run at once.
    monkeypatch.setattr("supportdesk.fault_reports.receivers.enqueue_on_commit", lambda *a: None)
    files = [InboundAttachment("network.har", har_with_planted_secrets(), "application/json")]
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(attachments=files)
    message = ticket.messages.get(author_contact__isnull=False)
    workers = [f"w{n}" for n in range(settings.SUPPORTDESK_TASK_MAX_RUNS)]
    for worker in workers:
        do_record_worker_beat(worker_id=worker, queues=["analysis"])
        do_mark_worker_stopped(worker_id=worker)
    DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [[message.pk]], "kwargs": {}},
        task_path="supportdesk.fault_reports.tasks.analyze_attachments",
        backend_name="default",
        queue_name="analysis",
        run_after=get_date_max(),
        worker_ids=workers,
        started_at=timezone.now() - timedelta(seconds=5),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert do_recover_abandoned_work().failed == 1
    har = message.attachments.get()
    assert har.file.read() == WITHHELD_HAR
    assert AttachmentAnalysis.objects.get(attachment=har).result["reason"] == "unfinished"
