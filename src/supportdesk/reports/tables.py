"""A report table as data: what the page, the CSV and the XLSX exports all render."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise

type Cell = str | int | float | None


class ColumnKind(StrEnum):
    TEXT = "text"
    COUNT = "count"
    HOURS = "hours"  # business hours, two decimals
    PERCENT = "percent"
    DATE = "date"


@dataclass(frozen=True)
class Column:
    header: str | Promise
    kind: ColumnKind = ColumnKind.TEXT


@dataclass(frozen=True)
class Row:
    cells: list[Cell]
    # Where the row's first cell leads (a ticket's page), if anywhere.
    link: str = ""


@dataclass(frozen=True)
class ReportTable:
    key: str
    title: str | Promise
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
