"""How SLA instants read to people: Moscow time, in Russian or English."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import dateformat, translation

from supportdesk.businesstime import MOSCOW

_ZONE_LABEL = {"ru": "МСК", "en": "MSK"}


def format_moscow(value: datetime, language: str | None = None) -> str:
    """``13 января 2026, 13:00 МСК`` / ``13 January 2026, 13:00 MSK``."""
    language = language or translation.get_language() or "ru"
    language = "en" if language.startswith("en") else "ru"
    local = value.astimezone(ZoneInfo(MOSCOW))
    with translation.override(language):
        # "E" is the month name in the genitive case where the language has one.
        text = dateformat.format(local, "j E Y, H:i")
    return f"{text} {_ZONE_LABEL[language]}"
