"""Reads for the Telegram channel."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from supportdesk.customers.models import Contact
from supportdesk.telegram.models import (
    BotMessage,
    BotSettings,
    Dialogue,
    TelegramUpdate,
    UpdateState,
)
from supportdesk.tickets.models import Channel, DeliveryStatus, Message, Ticket
from supportdesk.tickets.selectors import ticket_for_thread, ticket_messages_list

# An update not processed this long after it arrived (or after a failed try) is retried.
STALE_UPDATE_AFTER = timedelta(minutes=2)


def bot_settings_get() -> BotSettings | None:
    """The admin's bot settings, None until the admin page was first opened."""
    return BotSettings.objects.filter(pk=BotSettings.SINGLETON_PK).first()


def dialogue_for_user(*, telegram_user_id: int) -> Dialogue | None:
    return (
        Dialogue.objects.select_related("contact", "active_ticket")
        .filter(telegram_user_id=telegram_user_id)
        .first()
    )


def dialogue_list_for_contact(*, contact_id: int) -> QuerySet[Dialogue]:
    return Dialogue.objects.filter(contact_id=contact_id).order_by("id")


def request_list(*, contact: Contact, limit: int = 10) -> list[Ticket]:
    """The contact's own requests, most recently active first."""
    return list(
        Ticket.objects.filter(requester=contact).order_by("-last_activity_at", "-id")[:limit]
    )


def request_get(*, contact: Contact, number: int) -> Ticket | None:
    """A request the contact may follow: theirs or their organisation's."""
    return ticket_for_thread(
        contact=contact, number=number, channel=Channel.TELEGRAM, replied_ids=()
    )


def last_public_messages(*, ticket: Ticket, count: int = 5) -> list[Message]:
    messages = ticket_messages_list(ticket=ticket, public_only=True)
    return list(reversed(messages.order_by("-created_at", "-id")[:count]))


def ticket_number_for_bot_message(*, chat_id: int, telegram_message_id: int) -> int | None:
    """The request a message the bot sent was about (a reply to it continues that request)."""
    found = (
        BotMessage.objects.filter(
            chat_id=chat_id, telegram_message_id=telegram_message_id, ticket__isnull=False
        )
        .values_list("ticket__number", flat=True)
        .first()
    )
    return int(found) if found is not None else None


def earlier_pending_update_ids(*, update: TelegramUpdate) -> list[int]:
    """Unprocessed updates of the same chat that came before `update`, in order."""
    if update.chat_id is None:
        return []
    return list(
        TelegramUpdate.objects.filter(
            chat_id=update.chat_id,
            state=UpdateState.RECEIVED,
            update_id__lt=update.update_id,
        )
        .order_by("update_id")
        .values_list("pk", flat=True)
    )


def stale_update_ids(*, now: datetime, limit: int = 500) -> list[int]:
    stale = now - STALE_UPDATE_AFTER
    return list(
        TelegramUpdate.objects.filter(state=UpdateState.RECEIVED, received_at__lt=stale)
        .order_by("update_id")
        .values_list("pk", flat=True)[:limit]
    )


def pending_bot_message_ids(*, chat_id: int, now: datetime) -> list[int]:
    return list(
        BotMessage.objects.filter(chat_id=chat_id, status=DeliveryStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("id")
        .values_list("pk", flat=True)
    )


def chats_with_due_bot_messages(*, now: datetime) -> list[int]:
    due = BotMessage.objects.filter(status=DeliveryStatus.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    return sorted(set(due.values_list("chat_id", flat=True)))
