"""The SLA report page and its exports: thin, everything is in `report` and `exports`."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from supportdesk.accounts.agent_access import agent_required
from supportdesk.reports.display import displayed_table
from supportdesk.reports.exports import csv_response, xlsx_response
from supportdesk.reports.periods import PeriodForm
from supportdesk.reports.report import sla_report
from supportdesk.reports.report_charts import report_charts

_EXPORTS = {"csv": csv_response, "xlsx": xlsx_response}


@agent_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    form = PeriodForm(request.GET)
    period = form.chosen_period(timezone.localdate(now, timezone.get_default_timezone()))
    export = request.GET.get("format")
    if export is not None and export not in _EXPORTS:
        raise Http404
    result = sla_report(period=period, now=now)
    if export is not None:
        table = result.tables.get(request.GET.get("table", ""))
        if table is None:
            raise Http404
        return _EXPORTS[export](table, period)
    query = {k: v for k, v in request.GET.items() if k in ("period", "start", "end")}
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "period": period,
            "charts": report_charts(result),
            "tables": [displayed_table(t) for t in result.tables.values()],
            "query": query,
        },
    )
