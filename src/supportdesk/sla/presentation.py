"""How SLA instants read to people: Moscow time, in Russian or English."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import dateformat, translation
from django.utils.translation import gettext, gettext_lazy

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


def _policy_parts(name: str) -> tuple[str, str]:
    kind, _, rest = name.partition(":")
    if kind == "plan":
        return kind, {"team": "Team", "enterprise": "Enterprise", "free": "Free"}.get(rest, rest)
    if kind == "agreement":
        return kind, rest.partition(" ")[2] or rest
    return kind, name


def policy_label(name: str) -> str:
    """A clock's policy as people say it inside a sentence (in the active language), never its
    code: "plan:team" → "тариф Team", "agreement:7 №42/2026" → "соглашение №42/2026"."""
    kind, value = _policy_parts(name)
    if kind == "plan":
        return gettext("the %(plan)s plan") % {"plan": value}
    if kind == "agreement":
        return gettext("agreement %(reference)s") % {"reference": value}
    return value


def policy_title(name: str) -> str:
    """The same standing alone, as a table's row or a chart's bar: "Тариф Team" / "Team plan"."""
    kind, value = _policy_parts(name)
    if kind == "plan":
        return gettext("%(plan)s plan") % {"plan": value}
    if kind == "agreement":
        return gettext("Agreement %(reference)s") % {"reference": value}
    return value


_CHANGE_REASONS = {
    "agreement_applied": gettext_lazy("an agreement applied to open tickets"),
    "organisation_linked": gettext_lazy("the customer linked to their organisation"),
}


def policy_change_reason(code: str) -> str:
    return str(_CHANGE_REASONS.get(code, code))
