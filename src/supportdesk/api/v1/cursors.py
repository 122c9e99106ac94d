"""Cursor pagination: a signed, opaque cursor holds the sort key of the last row given, and the
next page is every row after it in a total order (the sort key, then the id) — rows added or
removed meanwhile never shift a page, as offsets would."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core import signing
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _
from ninja.errors import ValidationError

_SALT = "supportdesk.api.v1.cursor"


def invalid_cursor() -> ValidationError:
    return ValidationError([{"loc": ("query", "cursor"), "msg": _("Unknown or damaged cursor.")}])


def encode_cursor(value: Any) -> str:
    return signing.dumps(value, salt=_SALT)


def decode_cursor(cursor: str) -> Any:
    try:
        return signing.loads(cursor, salt=_SALT)
    except signing.BadSignature as exc:
        raise invalid_cursor() from exc


def keyset_page[M: Model](
    rows: QuerySet[M], *, field: str, descending: bool, cursor: str | None, limit: int
) -> tuple[list[M], str | None]:
    """One page of `rows` ordered by `field` then id; `field` must be NOT NULL in every row."""
    sign = "-" if descending else ""
    rows = rows.order_by(f"{sign}{field}", f"{sign}id")
    if cursor:
        try:
            kind, value, last_id = decode_cursor(cursor)
            after = datetime.fromisoformat(value) if kind == "dt" else value
        except (ValueError, TypeError) as exc:
            raise invalid_cursor() from exc
        op = "lt" if descending else "gt"
        rows = rows.filter(
            Q(**{f"{field}__{op}": after}) | Q(**{field: after, f"id__{op}": last_id})
        )
    page = list(rows[: limit + 1])
    if len(page) <= limit:
        return page, None
    page = page[:limit]
    last: Any = getattr(page[-1], field)
    kind = "dt" if isinstance(last, datetime) else "raw"
    value = last.isoformat() if isinstance(last, datetime) else last
    return page, encode_cursor([kind, value, page[-1].pk])
