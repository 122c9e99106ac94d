"""Reads for the email channel."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from django.db.models import Q

from supportdesk.mail.models import InboundEmail, IntakeRecord, Mailbox
from supportdesk.tickets.models import Channel, DeliveryStatus, Message, OutboxDelivery, Ticket


def mailbox_due_ids(*, now: datetime) -> list[int]:
    """Active mailboxes whose poll interval has passed and that no poller holds."""
    due: list[int] = []
    for mailbox in Mailbox.objects.filter(is_active=True).filter(
        Q(poll_lease_until__isnull=True) | Q(poll_lease_until__lt=now)
    ):
        interval = timedelta(seconds=mailbox.poll_interval_seconds)
        if mailbox.last_polled_at is None or mailbox.last_polled_at + interval <= now:
            due.append(mailbox.pk)
    return due


def own_addresses() -> set[str]:
    """Addresses the desk sends from: mail from them is a loop, never a customer."""
    return {a.lower() for a in Mailbox.objects.values_list("address", flat=True)}


def emails_already_taken_in(*, external_ids: Collection[str]) -> set[str]:
    """Those of the emails the intake has already stored, ignored or rejected, or that are
    stored as ticket messages some other way: one query for both."""
    ids = list(external_ids)
    logged = IntakeRecord.objects.filter(external_id__in=ids).values_list("external_id")
    stored = Message.objects.filter(channel=Channel.EMAIL, external_id__in=ids)
    # Both models have a default ordering, which a compound statement must not carry.
    union = (
        logged.order_by().union(stored.values_list("external_id").order_by(), all=True).order_by()
    )
    return {external_id for (external_id,) in union if external_id is not None}


def mailbox_for_ticket(*, ticket: Ticket) -> Mailbox | None:
    """The mailbox the customer last wrote to, else the first active one."""
    latest = (
        InboundEmail.objects.filter(message__ticket=ticket, mailbox__isnull=False)
        .select_related("mailbox")
        .order_by("-message__created_at", "-pk")
        .first()
    )
    if latest is not None and latest.mailbox is not None:
        return latest.mailbox
    return Mailbox.objects.filter(is_active=True).order_by("pk").first()


def thread_message_ids(*, ticket: Ticket, limit: int = 20) -> list[str]:
    """Message-IDs of the ticket's mail so far, oldest first (for In-Reply-To/References)."""
    received = InboundEmail.objects.filter(message__ticket=ticket).values_list(
        "message__created_at", "header_message_id"
    )
    sent = OutboxDelivery.objects.filter(
        message__ticket=ticket, channel=Channel.EMAIL, status=DeliveryStatus.SENT
    ).values_list("sent_at", "external_id")
    ids = sorted((at, mid) for at, mid in [*received, *sent] if at is not None and mid)
    return [mid for _, mid in ids][-limit:]


def latest_customer_message_id(*, ticket: Ticket) -> str:
    latest = (
        InboundEmail.objects.filter(message__ticket=ticket)
        .order_by("-message__created_at", "-pk")
        .values_list("header_message_id", flat=True)
        .first()
    )
    return latest or ""


def deliveries_for_message_ids(*, message_ids: list[str]) -> list[OutboxDelivery]:
    return list(
        OutboxDelivery.objects.filter(channel=Channel.EMAIL, external_id__in=message_ids)
        .select_related("message__ticket")
        .order_by("pk")
    )
