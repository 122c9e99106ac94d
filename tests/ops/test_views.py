from datetime import timedelta

import pytest
from django.utils import timezone

from supportdesk.ops.heartbeat import WORKER, do_record_heartbeat
from supportdesk.ops.models import Heartbeat
from supportdesk.ops.tasks import record_worker_heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_anything(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_unavailable_until_the_worker_beats(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "worker": "no heartbeat yet"}

    record_worker_heartbeat.enqueue()  # test settings run tasks immediately

    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_readyz_reports_a_stale_worker(client):
    do_record_heartbeat(WORKER)
    Heartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=10))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"].startswith("stale: last beat 600 s ago")
