from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.parser import text_string_to_metric_families

from supportdesk.chat.models import RefusedConnection
from supportdesk.mail.models import IntakeAction, IntakeRecord
from supportdesk.ops.heartbeat import WORKER, do_record_heartbeat, do_record_worker_beat
from supportdesk.ops.models import Heartbeat
from supportdesk.sla.models import ClockState, SlaClock, Target
from supportdesk.tickets.models import Channel, Message, OutboxDelivery, Status, Ticket
from supportdesk.tickets.models.message import MessageKind
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.django_db

TOKEN = "s3cret-scrape-token"
PROMETHEUS = "10.20.30.40"


@pytest.fixture
def open_metrics(settings):
    settings.SUPPORTDESK_METRICS_TOKEN = TOKEN
    return settings


def scrape(client: Client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels: str) -> float:
    return samples[(name, tuple(sorted(labels.items())))]


# Who may read it.


def test_metrics_are_refused_when_nothing_is_configured(client):
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer anything").status_code == 403


def test_metrics_need_the_token_when_one_is_configured(client, open_metrics):
    assert client.get("/metrics", REMOTE_ADDR=PROMETHEUS).status_code == 403
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", REMOTE_ADDR=PROMETHEUS)
    assert wrong.status_code == 403
    basic = client.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}", REMOTE_ADDR=PROMETHEUS)
    assert basic.status_code == 403
    right = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", REMOTE_ADDR=PROMETHEUS)
    assert right.status_code == 200
    assert b"supportdesk_tickets" in right.content


def test_metrics_are_open_to_an_allowed_network_without_a_token(client, settings):
    settings.SUPPORTDESK_METRICS_ALLOW = ["10.20.30.0/24", "2001:db8::/32"]
    assert client.get("/metrics", REMOTE_ADDR=PROMETHEUS).status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="2001:db8::7").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.20.31.1").status_code == 403
    assert client.get("/metrics").status_code == 403  # 127.0.0.1 is not in the list


def test_the_allow_list_believes_only_trusted_proxies(client, settings):
    settings.SUPPORTDESK_METRICS_ALLOW = ["10.20.30.0/24"]
    forged = client.get("/metrics", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR=PROMETHEUS)
    assert forged.status_code == 403
    settings.SUPPORTDESK_TRUSTED_PROXIES = ["192.0.2.9"]
    proxied = client.get("/metrics", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR=PROMETHEUS)
    assert proxied.status_code == 200


def test_loopback_reads_metrics_without_a_token_in_the_embedded_default(client, settings):
    settings.SUPPORTDESK_METRICS_LOOPBACK_OPEN = True
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR=PROMETHEUS).status_code == 403


def test_embedded_settings_open_loopback_and_the_others_do_not():
    from supportdesk.config.settings import base, embedded

    assert embedded.SUPPORTDESK_METRICS_LOOPBACK_OPEN is True
    assert base.SUPPORTDESK_METRICS_LOOPBACK_OPEN is False
    assert base.SUPPORTDESK_METRICS_TOKEN == ""
    assert base.SUPPORTDESK_METRICS_ALLOW == []


def test_metrics_answer_only_get(client, open_metrics):
    response = client.post("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 405


# What it says.


def test_ticket_counts_follow_the_tickets(client, open_metrics):
    before = scrape(client)
    assert value(before, "supportdesk_tickets", status="new", channel="email") == 0
    assert value(before, "supportdesk_tickets", status="closed", channel="chat") == 0

    TicketFactory.create_batch(2, channel=Channel.EMAIL)
    TicketFactory(channel=Channel.TELEGRAM, status=Status.WAITING)
    after = scrape(client)
    assert value(after, "supportdesk_tickets", status="new", channel="email") == 2
    assert value(after, "supportdesk_tickets", status="waiting", channel="telegram") == 1
    assert value(after, "supportdesk_tickets", status="new", channel="telegram") == 0


def _clock(ticket: Ticket, target: str, **fields: object) -> SlaClock:
    now = timezone.now()
    defaults: dict[str, object] = {
        "policy": "test",
        "target_seconds": 3600,
        "started_at": now - timedelta(hours=1),
        "due_at": now + timedelta(hours=1),
        "warn_at": now + timedelta(minutes=30),
    }
    return SlaClock.objects.create(ticket=ticket, target=target, **(defaults | fields))


def test_sla_clocks_running_at_risk_and_breached(client, open_metrics):
    now = timezone.now()
    _clock(TicketFactory(), Target.RESPONSE)  # running, fine
    _clock(TicketFactory(), Target.RESPONSE, warn_at=now - timedelta(minutes=1))  # at risk
    _clock(TicketFactory(), Target.RESPONSE, due_at=now - timedelta(minutes=1))  # breached
    _clock(
        TicketFactory(),
        Target.CRITICAL_FIX,
        state=ClockState.PAUSED,
        due_at=None,
        breached_at=now - timedelta(hours=2),
    )  # paused after its breach: still breached, not running
    _clock(TicketFactory(), Target.CRITICAL_FIX, state=ClockState.STOPPED, met=True)

    samples = scrape(client)
    assert value(samples, "supportdesk_sla_clocks_running", target="response") == 3
    assert value(samples, "supportdesk_sla_clocks_at_risk", target="response") == 1
    assert value(samples, "supportdesk_sla_clocks_breached", target="response") == 1
    assert value(samples, "supportdesk_sla_clocks_running", target="critical_fix") == 0
    assert value(samples, "supportdesk_sla_clocks_at_risk", target="critical_fix") == 0
    assert value(samples, "supportdesk_sla_clocks_breached", target="critical_fix") == 1


def _delivery(ticket: Ticket, channel: str, status: str, age: timedelta) -> None:
    message = Message.objects.create(
        ticket=ticket, kind=MessageKind.PUBLIC, channel=channel, created_at=timezone.now()
    )
    row = OutboxDelivery.objects.create(
        message=message, channel=channel, recipient="olga@romashka.example", status=status
    )
    OutboxDelivery.objects.filter(pk=row.pk).update(created_at=timezone.now() - age)


def test_outbox_backlog_and_failures_by_channel(client, open_metrics):
    ticket = TicketFactory()
    _delivery(ticket, "email", "pending", timedelta(minutes=10))
    _delivery(ticket, "email", "sending", timedelta(minutes=1))
    _delivery(ticket, "email", "failed", timedelta(hours=1))
    _delivery(ticket, "telegram", "sent", timedelta(hours=1))

    samples = scrape(client)
    assert value(samples, "supportdesk_outbox_backlog", channel="email") == 2
    assert value(samples, "supportdesk_outbox_failed", channel="email") == 1
    assert value(samples, "supportdesk_outbox_backlog", channel="telegram") == 0
    assert value(samples, "supportdesk_outbox_failed", channel="telegram") == 0
    oldest = value(samples, "supportdesk_outbox_oldest_backlog_age_seconds", channel="email")
    assert 600 <= oldest < 660
    assert value(samples, "supportdesk_outbox_oldest_backlog_age_seconds", channel="chat") == 0


def _task(queue: str, *, age: timedelta, status: str = "READY", run_after=None) -> None:
    row = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="supportdesk.ops.tasks.record_worker_heartbeat",
        queue_name=queue,
        backend_name="default",
        status=status,
        run_after=run_after or get_date_max(),
    )
    DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=timezone.now() - age)


def test_task_queue_depth_and_oldest_ready_task_per_queue(client, open_metrics):
    now = timezone.now()
    _task("default", age=timedelta(seconds=90))
    _task("default", age=timedelta(seconds=5))
    # Enqueued an hour ago to run 2 minutes ago: ready for 2 minutes, not an hour.
    _task("analysis", age=timedelta(hours=1), run_after=now - timedelta(minutes=2))
    _task("analysis", age=timedelta(hours=2), run_after=now + timedelta(hours=1))  # not yet
    _task("analysis", age=timedelta(minutes=1), status="RUNNING")

    samples = scrape(client)
    assert value(samples, "supportdesk_task_queue_depth", queue="default") == 2
    assert value(samples, "supportdesk_task_queue_depth", queue="analysis") == 1
    assert value(samples, "supportdesk_tasks_running", queue="analysis") == 1
    default_age = value(samples, "supportdesk_task_oldest_ready_age_seconds", queue="default")
    assert 90 <= default_age < 150
    analysis_age = value(samples, "supportdesk_task_oldest_ready_age_seconds", queue="analysis")
    assert 120 <= analysis_age < 180


def test_worker_heartbeat_ages(client, open_metrics):
    samples = scrape(client)
    assert ("supportdesk_worker_heartbeat_age_seconds", ()) not in samples

    do_record_heartbeat(WORKER)
    Heartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=600))
    do_record_worker_beat(worker_id="w-1", queues=["default"])
    do_record_worker_beat(worker_id="w-2", queues=["default"])
    samples = scrape(client)
    assert 600 <= value(samples, "supportdesk_worker_heartbeat_age_seconds") < 660
    assert value(samples, "supportdesk_task_workers", queues="default") == 2
    assert value(samples, "supportdesk_task_worker_heartbeat_age_seconds", queues="default") < 60


def test_mail_intake_outcomes_and_rejections(client, open_metrics):
    for action, n in ((IntakeAction.CREATED, 3), (IntakeAction.REJECTED, 2)):
        for i in range(n):
            IntakeRecord.objects.create(source="imap", external_id=f"{action}-{i}", action=action)

    samples = scrape(client)
    assert value(samples, "supportdesk_mail_intake_total", action="created") == 3
    assert value(samples, "supportdesk_mail_intake_total", action="rejected") == 2
    assert value(samples, "supportdesk_mail_intake_total", action="ignored") == 0


def test_the_latency_histogram_counts_a_request(client, open_metrics):
    labels = {"view": "healthz", "method": "GET", "status": "2xx"}
    name = "supportdesk_http_request_duration_seconds_count"
    before = scrape(client).get((name, tuple(sorted(labels.items()))), 0)

    assert client.get("/healthz").status_code == 200
    after = scrape(client)
    assert value(after, name, **labels) == before + 1
    assert value(
        after, "supportdesk_http_request_duration_seconds_bucket", le="+Inf", **labels
    ) == (before + 1)


def test_the_latency_histogram_names_unrouted_requests_and_status_classes(client, open_metrics):
    labels = {"view": "<unresolved>", "method": "GET", "status": "4xx"}
    name = "supportdesk_http_request_duration_seconds_count"
    before = scrape(client).get((name, tuple(sorted(labels.items()))), 0)

    assert client.get("/no-such-page/").status_code == 404
    assert value(scrape(client), name, **labels) == before + 1


def test_refused_chat_connections_by_reason(client, open_metrics):
    RefusedConnection.objects.create(reason="forged")
    RefusedConnection.objects.create(reason="forged")
    RefusedConnection.objects.create(reason="enterprise")
    samples = scrape(client)
    assert value(samples, "supportdesk_chat_refused_total", reason="forged") == 2
    assert value(samples, "supportdesk_chat_refused_total", reason="enterprise") == 1
    assert value(samples, "supportdesk_chat_refused_total", reason="origin") == 0
