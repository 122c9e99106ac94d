"""The SLA report of a period: every table the page shows and the exports write."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from supportdesk.reports.compliance import DIMENSIONS, compliance_by, compliance_summary
from supportdesk.reports.figures import hours, median_and_p90
from supportdesk.reports.periods import Period
from supportdesk.reports.selectors.clocks import ClockFact, Outcome, clock_fact_list
from supportdesk.reports.selectors.tickets import (
    backlog_by_day,
    opened_counts,
    resolution_seconds,
)
from supportdesk.reports.tables import Column, ColumnKind, ReportTable, Row
from supportdesk.sla.models import ClockState, Target
from supportdesk.tickets.models import Channel, ProblemKind


@dataclass(frozen=True)
class SlaReport:
    period: Period
    tables: dict[str, ReportTable]

    def table(self, key: str) -> ReportTable:
        return self.tables[key]


def _times(facts: list[ClockFact], resolutions: list[int]) -> ReportTable:
    def stopped(target: Target) -> list[float]:
        return [
            hours(f.counted_seconds)
            for f in facts
            if f.target == target and f.state == ClockState.STOPPED
        ]

    measured = [
        (gettext("First response"), stopped(Target.RESPONSE)),
        (gettext("Critical fix (paused time excluded)"), stopped(Target.CRITICAL_FIX)),
        (gettext("Resolution, from opening"), [hours(s) for s in resolutions]),
    ]
    rows = []
    for label, values in measured:
        median, p90 = median_and_p90(values)
        rows.append(Row([label, len(values), median, p90]))
    return ReportTable(
        "times",
        _("First response and resolution time, business hours"),
        [
            Column(_("Measure")),
            Column(_("Tickets"), ColumnKind.COUNT),
            Column(_("Median, business hours"), ColumnKind.HOURS),
            Column(_("90th percentile, business hours"), ColumnKind.HOURS),
        ],
        rows,
    )


def _volume(key: str, title: object, header: object, counts: Counter[str]) -> ReportTable:
    rows = [Row([label, n]) for label, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]
    return ReportTable(key, title, [Column(header), Column(_("Tickets"), ColumnKind.COUNT)], rows)  # type: ignore[arg-type]


def _label(choices: type[Channel] | type[ProblemKind], value: str) -> str:
    if not value:
        return gettext("Not given")
    return str(choices(value).label) if value in choices.values else value


_REASONS = {
    ClockState.RUNNING: _("Waiting on us"),
    ClockState.PAUSED: _("Paused: waiting on the customer"),
    ClockState.STOPPED: _("Stopped after the due time"),
}


def _breached(facts: list[ClockFact]) -> ReportTable:
    late = sorted(
        (f for f in facts if f.outcome == Outcome.BREACHED),
        key=lambda f: (f.target_seconds - f.counted_seconds, f.ticket_number),
    )
    return ReportTable(
        "breached",
        _("Tickets that breached their SLA"),
        [
            Column(_("Ticket")),
            Column(_("Subject")),
            Column(_("Organisation")),
            Column(_("Target")),
            Column(_("Agent")),
            Column(_("Reason")),
            Column(_("Counted, business hours"), ColumnKind.HOURS),
            Column(_("Paused, business hours"), ColumnKind.HOURS),
            Column(_("Over the target, business hours"), ColumnKind.HOURS),
        ],
        [
            Row(
                [
                    f"#{f.ticket_number}",
                    f.subject,
                    f.organisation,
                    str(Target(f.target).label),
                    f.agent or gettext("Unassigned"),
                    str(_REASONS.get(ClockState(f.state), "")),
                    hours(f.counted_seconds),
                    hours(f.paused_seconds),
                    hours(max(f.counted_seconds - f.target_seconds, 0)),
                ],
                link=reverse("workspace:ticket", args=[f.ticket_number]),
            )
            for f in late
        ],
    )


def _backlog(rows: list[tuple[date, int]]) -> ReportTable:
    return ReportTable(
        "backlog",
        _("Open tickets at the end of each day"),
        [Column(_("Day"), ColumnKind.DATE), Column(_("Open tickets"), ColumnKind.COUNT)],
        [Row([day.isoformat(), n]) for day, n in rows],
    )


def sla_report(*, period: Period, now: datetime) -> SlaReport:
    facts = clock_fact_list(period=period, now=now)
    opened = opened_counts(period=period)
    per_day: Counter[date] = Counter()
    per_channel: Counter[str] = Counter()
    per_kind: Counter[str] = Counter()
    for day, channel, kind, n in opened:
        per_day[day] += n
        per_channel[_label(Channel, channel)] += n
        per_kind[_label(ProblemKind, kind)] += n
    tables = [
        compliance_summary(facts),
        *(compliance_by(dimension, facts) for dimension in DIMENSIONS),
        _times(facts, resolution_seconds(period=period)),
        _volume("volume_channel", _("Tickets by channel"), _("Channel"), per_channel),
        _volume("volume_kind", _("Tickets by kind of problem"), _("Kind of problem"), per_kind),
        _backlog(backlog_by_day(period=period, opened_per_day=per_day)),
        _breached(facts),
    ]
    return SlaReport(period=period, tables={table.key: table for table in tables})
