"""A report table as the page shows it: numbers in the reader's locale, long tables cut short
(the exports keep every row)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format, number_format

from supportdesk.reports.tables import Cell, ColumnKind, ReportTable

PAGE_ROWS = 25

_DECIMALS = {ColumnKind.HOURS: 2, ColumnKind.PERCENT: 1}


@dataclass(frozen=True)
class DisplayedCell:
    text: str
    numeric: bool


@dataclass(frozen=True)
class DisplayedRow:
    cells: list[DisplayedCell]
    link: str


@dataclass(frozen=True)
class DisplayedTable:
    table: ReportTable
    rows: list[DisplayedRow]

    @property
    def hidden(self) -> int:
        return len(self.table.rows) - len(self.rows)


def _text(value: Cell, kind: ColumnKind) -> DisplayedCell:
    if value is None:
        return DisplayedCell("—", kind != ColumnKind.TEXT)
    if isinstance(value, int | float) and kind in (ColumnKind.COUNT, *_DECIMALS):
        text = number_format(value, _DECIMALS.get(kind), use_l10n=True, force_grouping=True)
        return DisplayedCell(f"{text} %" if kind == ColumnKind.PERCENT else text, True)
    if isinstance(value, str) and kind == ColumnKind.DATE:
        # Tables keep ISO days for the exports; people read "01.11.2026" / "11/01/2026".
        return DisplayedCell(date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT"), False)
    return DisplayedCell(str(value), False)


def displayed_table(table: ReportTable, limit: int = PAGE_ROWS) -> DisplayedTable:
    rows = [
        DisplayedRow(
            [_text(v, c.kind) for v, c in zip(row.cells, table.columns, strict=True)], row.link
        )
        for row in table.rows[:limit]
    ]
    return DisplayedTable(table, rows)
