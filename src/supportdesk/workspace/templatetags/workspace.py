from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from supportdesk.sla.models import Target
from supportdesk.sla.presentation import policy_change_reason, policy_label
from supportdesk.tickets.html_sanitizer import (
    sanitize_html,
    sanitize_html_without_remote_images,
)
from supportdesk.tickets.models import Channel, Message, Severity, Status, TicketEvent

register = template.Library()

# Glyphs every font has: the emoji 🌐 and 💬 showed as empty boxes without an emoji font.
_CHANNEL_ICONS = {"email": "✉", "portal": "◎", "telegram": "✈", "chat": "✎"}


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


def _delivered_to(event: TicketEvent) -> str:
    """Whom a delivery reached, by which channel: an email address as it is; on the other
    channels their id means nothing to people, so the requester's name and address."""
    channel, recipient = event.data["channel"], str(event.data.get("recipient", ""))
    label = str(Channel(channel).label) if channel in Channel.values else channel
    if channel == Channel.EMAIL:
        return f"{label}: {recipient}"
    requester = event.ticket.requester
    who = requester.name or requester.email or recipient
    if requester.name and requester.email:
        who = f"{requester.name} <{requester.email}>"
    return f"{label}: {who}"


@register.filter("policy_label")
def policy_label_filter(name: str) -> str:
    return policy_label(name)


@register.filter
def channel_icon(channel: str) -> str:
    return _CHANNEL_ICONS.get(channel, "•")


@register.simple_tag
def message_html(message: Message, images_for: int | None) -> SafeString:
    """A message's HTML, sanitised again on output (cheap), remote images hidden unless the
    agent asked to see this message's (`?images=<message id>`)."""
    if images_for == message.pk:
        return format_html(
            '<div class="html-body">{}</div>', _safe(sanitize_html(message.body_html))
        )
    html, blocked = sanitize_html_without_remote_images(message.body_html)
    body = format_html('<div class="html-body">{}</div>', _safe(html))
    if not blocked:
        return body
    return format_html(
        '{}<p class="remote-images">{} <a href="?images={}#message-{}">{}</a></p>',
        body,
        _("Remote images are hidden: they can tell the sender that the message was read."),
        message.pk,
        message.pk,
        _("Show images"),
    )


def _safe(html: str) -> SafeString:
    return mark_safe(html)  # noqa: S308 — nh3 output is safe by construction


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
    if event.kind == "sla_policy_changed":
        old, new = (
            policy_label(data.get("policy_old", "")),
            policy_label(data.get("policy_new", "")),
        )
        parts.append(f"{old} → {new}")
        parts.append(policy_change_reason(data.get("reason", "")))
    elif event.kind == "sla_started" and data.get("policy"):
        parts.append(policy_label(data["policy"]))
    if event.kind in {"delivery_sent", "delivery_failed"} and data.get("channel"):
        parts.append(_delivered_to(event))
    # A policy change's reason is a code, said in words above; a delivery's recipient too.
    keys = ("error", "filename") if "channel" in data else ("error", "filename", "recipient")
    for key in keys if event.kind == "sla_policy_changed" else ("reason", *keys):
        if data.get(key):
            parts.append(str(data[key]))
    if event.kind == "merged_into":
        parts.append(f"#{data.get('target')}")
    if event.kind == "merged_from":
        parts.append(f"#{data.get('source')}")
    return " · ".join(parts)
