from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from supportdesk.sla.models import Target
from supportdesk.tickets.html_sanitizer import sanitize_html
from supportdesk.tickets.models import Severity, Status, TicketEvent

register = template.Library()

_CHANNEL_ICONS = {"email": "✉", "portal": "🌐", "telegram": "✈", "chat": "💬"}


@register.filter
def business_duration(value: timedelta | None) -> str:
    """Business time as hours and minutes: “12 ч 48 мин”, “−3 ч” once overdue."""
    if value is None:
        return "—"
    seconds = int(value.total_seconds())
    sign = "−" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    minutes = rest // 60
    parts = []
    if hours:
        parts.append(_("%(n)d h") % {"n": hours})
    if minutes or not hours:
        parts.append(_("%(n)d min") % {"n": minutes})
    return sign + " ".join(parts)


@register.filter
def channel_icon(channel: str) -> str:
    return _CHANNEL_ICONS.get(channel, "•")


@register.filter
def sanitized(html: str) -> SafeString:
    """Stored HTML was sanitised on intake; sanitising again on output costs little."""
    return mark_safe(sanitize_html(html))  # noqa: S308 — nh3 output is safe by construction


def _label(value: object) -> str:
    for choices in (Status, Severity, Target):
        if value in choices.values:
            return str(choices(value).label)
    return str(value)


@register.filter
def event_detail(event: TicketEvent) -> str:
    """The readable part of an event's data: “Новая → Открыта”, “Первый ответ”, a reason."""
    data = event.data
    parts = []
    if "old" in data and "new" in data:
        parts.append(
            f"{_label(data['old']) if data['old'] else '—'} → {_label(data['new']) if data['new'] else '—'}"
        )
    if "target" in data and event.kind.startswith("sla_"):
        parts.append(_label(data["target"]))
    for key in ("reason", "error", "filename", "recipient"):
        if data.get(key):
            parts.append(str(data[key]))
    if event.kind == "merged_into":
        parts.append(f"#{data.get('target')}")
    if event.kind == "merged_from":
        parts.append(f"#{data.get('source')}")
    return " · ".join(parts)
