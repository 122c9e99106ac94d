"""deploy/prometheus/supportdesk-alerts.yml names only metrics and labels the desk exposes: an
alert on a renamed metric never fires, and nothing else would notice."""

from __future__ import annotations

import re

import pytest
import yaml
from django.conf import settings

from supportdesk.mail.models import IntakeAction
from supportdesk.ops.heartbeat import WORKER, do_record_heartbeat, do_record_worker_beat
from tests.ops.processes import PROJECT_DIR
from tests.ops.test_metrics import TOKEN, scrape
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.django_db

RULES = PROJECT_DIR / "deploy/prometheus/supportdesk-alerts.yml"
METRIC = re.compile(r"\b(supportdesk_[a-z_]+)(?:\{([^}]*)\})?")
MATCHER = re.compile(r'(\w+)\s*=~?\s*"([^"]*)"')
# Values a label can take that a test database does not show on its own.
LABEL_VALUES = {
    "status": {f"{n}xx" for n in range(1, 6)},
    "action": set(IntakeAction.values),
    "queues": set(settings.TASK_QUEUES),
}


def _rules() -> list[dict[str, object]]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def test_every_rule_has_what_alertmanager_routes_on():
    names = [rule["alert"] for rule in _rules()]
    assert len(names) == len(set(names)) >= 10
    for rule in _rules():
        assert rule["labels"]["severity"] in {"page", "warning"}, rule
        assert rule["annotations"]["summary"], rule


def test_every_metric_and_label_in_the_rules_is_exposed(client, settings):
    settings.SUPPORTDESK_METRICS_TOKEN = TOKEN
    for queue in settings.TASK_QUEUES:
        do_record_worker_beat(worker_id=f"worker-{queue}", queues=[queue])
    do_record_heartbeat(WORKER)
    TicketFactory()
    client.get("/healthz")  # one observed request for the histogram
    samples = scrape(client)
    exposed: dict[str, set[str]] = {}
    for name, labels in samples:
        exposed.setdefault(name, set()).update(key for key, _ in labels)

    used = 0
    for rule in _rules():
        for name, matchers in METRIC.findall(str(rule["expr"])):
            used += 1
            assert name in exposed, name  # sample names: histograms' _bucket, counters' _total
            for label, wanted in MATCHER.findall(matchers):
                assert label in exposed[name], (name, label)
                assert wanted in LABEL_VALUES[label], (name, label, wanted)
        for label in re.findall(r"by \(([^)]*)\)", str(rule["expr"])):
            for key in (k.strip() for k in label.split(",")):
                assert any(key in keys for keys in exposed.values()), (rule["alert"], key)
    assert used >= 10
