"""`supportdesk sla due …`: when a target falls due, on the desk's calendar."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser

from supportdesk.businesstime import MOSCOW, CalendarRangeError, business_days
from supportdesk.customers.models import Plan
from supportdesk.sla.calendars import desk_calendar
from supportdesk.sla.policies import PLAN_POLICIES

_TARGETS = {"response": "response", "critical": "critical_fix"}


class Command(BaseCommand):
    help = "SLA tools. `sla due` prints a due time (ISO 8601, Moscow offset)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        due = sub.add_parser("due", help="Print when a target started at --start is due.")
        due.add_argument("--start", required=True, help="ISO 8601; without offset: Moscow time")
        # Plain values, so argparse's "invalid choice" lists words, not Plan.TEAM.
        due.add_argument("--plan", choices=list(Plan.values))
        due.add_argument("--target", choices=sorted(_TARGETS), default="response")
        amount = due.add_mutually_exclusive_group()
        amount.add_argument("--hours", type=float, help="business hours")
        amount.add_argument("--days", type=float, help="business days of 9 hours")

    def handle(self, *args: Any, **options: Any) -> None:
        start = _parse_start(options["start"])
        duration = _duration(options)
        try:
            due = desk_calendar().deadline(start, duration)
        except CalendarRangeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(due.astimezone(ZoneInfo(MOSCOW)).isoformat())


def _parse_start(value: str) -> datetime:
    try:
        start = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--start: not an ISO 8601 date-time: {value!r}") from exc
    return start if start.tzinfo else start.replace(tzinfo=ZoneInfo(MOSCOW))


def _duration(options: dict[str, Any]) -> timedelta:
    if options["hours"] is not None:
        return timedelta(hours=options["hours"])
    if options["days"] is not None:
        return business_days(options["days"])
    if options["plan"] is None:
        raise CommandError("Give --plan (with --target), --hours or --days.")
    policy = PLAN_POLICIES.get(Plan(options["plan"]))
    if policy is None:
        raise CommandError(
            f"The {options['plan']} plan has no SLA: nothing is promised, so nothing is due. "
            f"Plans with an SLA: {', '.join(str(plan) for plan in PLAN_POLICIES)}."
        )
    duration = getattr(policy, _TARGETS[options["target"]])
    assert isinstance(duration, timedelta)
    return duration
