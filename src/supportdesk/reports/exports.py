"""A report table as a CSV or XLSX download, headers in the reader's language."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from supportdesk.reports.periods import Period
from supportdesk.reports.tables import Cell, ColumnKind, ReportTable

# A spreadsheet runs a cell that begins with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_NUMBER_FORMATS = {
    ColumnKind.COUNT: "0",
    ColumnKind.HOURS: "0.00",
    ColumnKind.PERCENT: "0.0",
}


def _safe_text(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _text_cell(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    return cell


def _filename(table: ReportTable, period: Period, extension: str) -> str:
    return (
        f"sla-{table.key}-{period.first_day.isoformat()}-{period.last_day.isoformat()}.{extension}"
    )


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def csv_response(table: ReportTable, period: Period) -> HttpResponse:
    """UTF-8 with a byte-order mark, so spreadsheets open Cyrillic text correctly; numbers as
    written (a decimal point), text that could start a formula prefixed with an apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_safe_text(str(column.header)) for column in table.columns])
    for row in table.rows:
        writer.writerow(["" if cell is None else _safe_text(cell) for cell in row.cells])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, _filename(table, period, "csv"))


def xlsx_response(table: ReportTable, period: Period) -> HttpResponse:
    """Numbers stay numbers (with a number format); text is stored as a string cell, which a
    spreadsheet never runs as a formula, so it needs no prefix."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.key[:31])
    sheet.append([_text_cell(sheet, str(column.header)) for column in table.columns])
    for row in table.rows:
        cells = []
        for value, column in zip(row.cells, table.columns, strict=True):
            if column.kind in _NUMBER_FORMATS and isinstance(value, int | float):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = _NUMBER_FORMATS[column.kind]
                cells.append(cell)
            else:
                cells.append(_text_cell(sheet, "" if value is None else str(value)))
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return _attachment(response, _filename(table, period, "xlsx"))
