"""SLA reports at scale: last month's report page over 1,000,000 tickets in PostgreSQL.

    .venv/bin/python bench/reports.py [--tickets 1000000] [--requests 5] [--reuse]

Uses DATABASE_URL when set, else starts a throwaway PostgreSQL. Seeds with `bench/inbox.py`'s
generator (one ticket a minute going back ~694 days at 1,000,000, so a month holds ~43,000),
then gives the tickets assignees, kinds of problem, first replies and resolutions, and SLA
clocks like the desk's (response clocks for Team and Enterprise organisations, stopped at the
first reply; critical-fix clocks, some with paused time). `--reuse` keeps a database already
seeded with as many tickets (seeding takes minutes on a small machine).

Then renders, through Django's test client, `/desk/reports/` for last month (the whole view:
middleware, selectors, charts, template) and its CSV and XLSX exports. Baseline, measured in
the same run: the desk's own SLA queue view "breached" (`/desk/?view=breached`), the page an
agent already opens many times a day. Target: the report under 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from inbox import SEED_SQL, run_on_postgres

AGENTS = 20

# What the report reads that the queue's generator leaves out. Business-time due dates are
# approximated with calendar intervals: the report reads the clocks' fields as they are.
HISTORY_SQL = """
UPDATE tickets_ticket SET
    assignee_id = CASE WHEN id % 10 <> 0 THEN %(first_agent)s + id % %(agents)s END,
    problem_kind = (ARRAY['user_facing_error','server_error','other','question'])[1 + id % 4],
    first_response_at = CASE WHEN id % 7 <> 0 OR status IN ('resolved', 'closed')
                             THEN created_at + ((id * 37 % 3000) || ' minutes')::interval END,
    resolved_at = CASE WHEN status IN ('resolved', 'closed')
                       THEN created_at + ((3000 + id * 53 % 20000) || ' minutes')::interval END;
INSERT INTO sla_slaclock (ticket_id, target, policy, target_seconds, started_at, state,
    paused_seconds, stopped_at, due_at, warn_at, met, breached_at)
SELECT t.id, 'response', 'plan:' || o.plan,
       CASE o.plan WHEN 'team' THEN 162000 ELSE 57600 END, t.created_at,
       CASE WHEN t.first_response_at IS NULL THEN 'running' ELSE 'stopped' END, 0,
       t.first_response_at, d.due, d.due - interval '6 hours',
       CASE WHEN t.first_response_at IS NOT NULL THEN t.first_response_at <= d.due END,
       CASE WHEN d.due < coalesce(t.first_response_at, now()) THEN d.due END
FROM tickets_ticket t
JOIN customers_organisation o ON o.id = t.organisation_id
CROSS JOIN LATERAL (SELECT t.created_at + CASE o.plan WHEN 'team' THEN interval '7 days'
                                                     ELSE interval '32 hours' END AS due) d
WHERE o.plan IN ('team', 'enterprise');
INSERT INTO sla_slaclock (ticket_id, target, policy, target_seconds, started_at, state,
    paused_seconds, stopped_at, due_at, warn_at, met, breached_at)
SELECT t.id, 'critical_fix', 'plan:' || o.plan,
       CASE o.plan WHEN 'team' THEN 972000 ELSE 486000 END, t.created_at,
       CASE WHEN t.resolved_at IS NULL THEN 'running' ELSE 'stopped' END, t.id % 4 * 3600,
       t.resolved_at, d.due, d.due - interval '3 days',
       CASE WHEN t.resolved_at IS NOT NULL THEN t.resolved_at <= d.due END,
       CASE WHEN d.due < coalesce(t.resolved_at, now()) THEN d.due END
FROM tickets_ticket t
JOIN customers_organisation o ON o.id = t.organisation_id
CROSS JOIN LATERAL (SELECT t.created_at + interval '12 days' AS due) d
WHERE o.plan IN ('team', 'enterprise') AND t.severity = 'critical';
ANALYZE;
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded database")
    args = parser.parse_args()
    run_on_postgres(_run, args, name="reports")


def _seed(tickets: int) -> None:
    from django.db import connection

    from supportdesk.accounts.models import User

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(SEED_SQL.replace("%(tickets)s", str(tickets)))
    User.objects.filter(username__startswith="bench-").delete()
    agents = [
        User.objects.create_user(f"bench-{i}", password="x" * 12, is_staff=True)
        for i in range(AGENTS)
    ]
    sql = HISTORY_SQL.replace("%(first_agent)s", str(agents[0].pk)).replace(
        "%(agents)s", str(AGENTS)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
    print(f"seeded {tickets:,} tickets in {time.perf_counter() - started:.0f} s")


def _timed(client: object, url: str, params: dict[str, str], requests: int) -> list[float]:
    timings = []
    for _ in range(requests):
        t0 = time.perf_counter()
        response = client.get(url, params)  # type: ignore[attr-defined]
        timings.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    return timings


def _run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.conf import settings

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from supportdesk.accounts.models import User

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tickets_ticket")
        seeded = cursor.fetchone()[0]
    if not (args.reuse and seeded == args.tickets):
        _seed(args.tickets)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sla_slaclock")
        clocks = cursor.fetchone()[0]
    print(f"{args.tickets:,} tickets, {clocks:,} SLA clocks")

    agent = User.objects.filter(username="bench-0").get()
    client = Client()
    client.force_login(agent)
    cases = {
        "report, last month": ("/desk/reports/", {}),
        "CSV, breached list": ("/desk/reports/", {"format": "csv", "table": "breached"}),
        "XLSX, compliance": ("/desk/reports/", {"format": "xlsx", "table": "compliance"}),
        "baseline: queue": ("/desk/", {"view": "breached"}),
    }
    results = {}
    print(f"\n{'page':<22}{'median s':>10}{'max s':>9}")
    for name, (url, params) in cases.items():
        client.get(url, params)  # warm: the calendar, templates, connections
        timings = _timed(client, url, params, args.requests)
        results[name] = statistics.median(timings)
        print(f"{name:<22}{results[name]:>10.3f}{max(timings):>9.3f}")
    report = results["report, last month"]
    baseline = results["baseline: queue"]
    print(f"\nreport / baseline (the queue's breached view): {report / baseline:.1f}×")
    print(f"target: the monthly report under 2 s: {'met' if report < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
