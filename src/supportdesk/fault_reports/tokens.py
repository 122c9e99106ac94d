"""Per-ticket upload tokens for the collector: signed, expiring, no table needed."""

from __future__ import annotations

from django.core import signing

_SALT = "supportdesk.fault_reports.collector-upload"
MAX_AGE_SECONDS = 14 * 24 * 3600


def upload_token(ticket_number: int) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(str(ticket_number))


def ticket_number_for_token(token: str) -> int | None:
    try:
        value = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None
