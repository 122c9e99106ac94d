"""Which charts the report page draws, from the report's own tables."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext

from supportdesk.reports.charts import BarChart, LineChart, Series, bar_chart, line_chart
from supportdesk.reports.report import SlaReport
from supportdesk.reports.tables import ReportTable

# Rows drawn from a long table (organisations, agents): the ones with the most breaches.
MAX_BARS = 12


def _outcomes() -> list[Series]:
    return [
        Series(gettext("met"), "met"),
        Series(gettext("breached"), "breached"),
        Series(gettext("running"), "running"),
    ]


def _numbers(cells: Sequence[object]) -> list[float]:
    return [float(c) if isinstance(c, int | float) else 0.0 for c in cells]


def _response_outcomes(table: ReportTable, key: str, title: str) -> BarChart:
    rows = [(str(row.cells[0]), _numbers(row.cells[1:4])) for row in table.rows[:MAX_BARS]]
    return bar_chart(
        key=key, title=title, axis_label=gettext("Tickets"), series=_outcomes(), rows=rows
    )


def _day(iso: str) -> str:
    """ "2026-11-03" → "03.11": short, and read the same in Russian and English."""
    return f"{iso[8:10]}.{iso[5:7]}"


def report_charts(report: SlaReport) -> list[BarChart | LineChart]:
    volume = report.table("volume_channel")
    backlog = report.table("backlog")
    return [
        _response_outcomes(
            report.table("compliance_plan"), "chart-plan", gettext("First response by plan")
        ),
        _response_outcomes(
            report.table("compliance_channel"),
            "chart-channel",
            gettext("First response by channel"),
        ),
        bar_chart(
            key="chart-volume",
            title=gettext("Tickets by channel"),
            axis_label=gettext("Tickets"),
            series=[Series(gettext("tickets"), "volume")],
            rows=[(str(row.cells[0]), _numbers(row.cells[1:2])) for row in volume.rows],
        ),
        line_chart(
            key="chart-backlog",
            title=gettext("Open tickets at the end of each day"),
            axis_label=gettext("Day"),
            value_label=gettext("Open tickets"),
            points=[(_day(str(row.cells[0])), float(row.cells[1] or 0)) for row in backlog.rows],
        ),
    ]
