"""The report page and its exports, over the hand-built history of `test_report`."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.reports.test_report import history  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db

NOVEMBER = {"period": "custom", "start": "2026-11-01", "end": "2026-11-30"}


def test_page_shows_charts_and_tables_in_russian(agent_client, history):  # noqa: F811
    response = agent_client.get("/desk/reports/", NOVEMBER)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<svg") >= 4
    assert 'role="img"' in page and '<title id="chart-backlog-title">' in page
    assert "Первый ответ по тарифам" in page
    assert "Тариф Enterprise" in page and "Ожидает нас" in page
    assert 'href="/desk/tickets/103/"' in page
    assert "format=xlsx&amp;table=breached" in page
    # The backlog's days as Russian readers write dates (the exports keep ISO days).
    assert "<th>01.11.2026</th>" in page or ">01.11.2026<" in page
    assert "2026-11-01</t" not in page


def test_csv_export_prefixes_formulas_and_writes_numbers_plainly(agent_client, history):  # noqa: F811
    response = agent_client.get(
        "/desk/reports/", {**NOVEMBER, "format": "csv", "table": "breached"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="sla-breached-2026-11-01-2026-11-30.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Заявка", "Тема", "Организация"]
    assert rows[3][1] == '\'=HYPERLINK("http://evil.example")'
    assert rows[3][6:] == ["19.0", "0.0", "3.0"]  # #106, stopped: the same whenever asked


def test_xlsx_export_keeps_numbers_as_numbers_and_text_as_text(agent_client, history):  # noqa: F811
    response = agent_client.get(
        "/desk/reports/", {**NOVEMBER, "format": "xlsx", "table": "breached"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[3][6:] == (19, 0, 3)
    assert all(isinstance(v, int | float) for v in rows[3][6:])
    assert rows[3][1] == '=HYPERLINK("http://evil.example")'
    assert sheet.cell(row=4, column=2).data_type == "s"


def test_unknown_table_or_format_is_not_found(agent_client):
    assert agent_client.get("/desk/reports/", {"format": "csv", "table": "nope"}).status_code == 404
    assert (
        agent_client.get("/desk/reports/", {"format": "pdf", "table": "times"}).status_code == 404
    )


def test_a_backwards_range_is_explained_and_last_month_shown(agent_client):
    response = agent_client.get(
        "/desk/reports/", {"period": "custom", "start": "2026-11-30", "end": "2026-11-01"}
    )
    assert response.status_code == 200
    assert "Период заканчивается раньше, чем начинается." in response.content.decode()
