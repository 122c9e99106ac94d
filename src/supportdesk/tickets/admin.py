"""Tickets are read in the admin; every change goes through the actions (workspace, API)."""

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from supportdesk.tickets.models import (
    Attachment,
    Message,
    OutboxDelivery,
    RejectedInbound,
    Ticket,
    TicketEvent,
)


class ReadOnlyAdmin[M: Model](admin.ModelAdmin[M]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MessageInline(admin.StackedInline[Message, Ticket]):
    model = Message
    extra = 0
    fields = ("kind", "channel", "author_contact", "author_agent", "created_at", "body_text")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(admin.TabularInline[TicketEvent, Ticket]):
    model = TicketEvent
    extra = 0
    fields = ("created_at", "kind", "actor_agent", "actor_contact", "data")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin[Ticket]):
    list_display = (
        "number",
        "subject",
        "status",
        "severity",
        "channel",
        "requester",
        "organisation",
        "assignee",
        "last_activity_at",
    )
    list_filter = ("status", "severity", "channel", "critical_claim")
    search_fields = ("=number", "subject", "requester__email", "requester__name")
    list_select_related = ("requester", "organisation", "assignee")
    inlines = [MessageInline, EventInline]


class AttachmentInline(admin.TabularInline[Attachment, Message]):
    model = Attachment
    extra = 0
    readonly_fields = ("filename", "content_type", "size", "sha256", "kind")
    fields = readonly_fields


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin[Message]):
    list_display = ("id", "ticket", "kind", "channel", "created_at")
    list_filter = ("kind", "channel")
    list_select_related = ("ticket",)
    inlines = [AttachmentInline]


@admin.register(OutboxDelivery)
class OutboxDeliveryAdmin(ReadOnlyAdmin[OutboxDelivery]):
    list_display = (
        "id",
        "channel",
        "recipient",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    )
    list_filter = ("status", "channel")


@admin.register(RejectedInbound)
class RejectedInboundAdmin(ReadOnlyAdmin[RejectedInbound]):
    list_display = ("created_at", "channel", "external_id", "reason")
    list_filter = ("channel", "reason")
