from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from supportdesk.secret_form_fields import KeepsStoredSecretsForm, WriteOnlySecretField
from supportdesk.webhooks.actions.sending import do_resend_delivery, do_send_test_event
from supportdesk.webhooks.models import (
    SUBSCRIBABLE,
    EventType,
    WebhookDelivery,
    WebhookSubscription,
)
from supportdesk.webhooks.targets import check_target_url

MIN_SECRET_CHARS = 16


class WebhookSubscriptionForm(KeepsStoredSecretsForm[WebhookSubscription]):
    secret_fields = ("secret",)
    secret = WriteOnlySecretField(
        label=_("signing secret"),
        help_text=_(
            "At least 16 characters, shared with the receiver, which checks the "
            "<code>X-SupportDesk-Signature</code> header with it. Leave empty to keep the "
            "current secret."
        ),
    )
    event_types = forms.MultipleChoiceField(
        label=_("Events"), choices=SUBSCRIBABLE, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ("name", "url", "secret", "event_types", "is_active")

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        check_target_url(url)
        return url

    def clean(self) -> dict[str, Any]:
        typed = self.cleaned_data.get("secret")
        if typed and len(typed) < MIN_SECRET_CHARS:
            self.add_error("secret", _("The secret must be at least 16 characters long."))
        cleaned = super().clean()
        if not cleaned.get("secret") and "secret" not in self.errors:
            self.add_error("secret", _("Enter a signing secret."))
        return cleaned


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin[WebhookSubscription]):
    form = WebhookSubscriptionForm
    list_display = ("name", "url", "events", "is_active")
    list_filter = ("is_active",)
    actions = ("send_test_event",)

    @admin.display(description=_("events"))
    def events(self, obj: WebhookSubscription) -> str:
        labels = dict(EventType.choices)
        return ", ".join(str(labels.get(kind, kind)) for kind in obj.event_types)

    @admin.action(description=_("Send a test event"))
    def send_test_event(
        self, request: HttpRequest, queryset: QuerySet[WebhookSubscription]
    ) -> None:
        count = 0
        for subscription in queryset:
            do_send_test_event(subscription)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d test event queued; its outcome is in the delivery log.",
                "%(count)d test events queued; their outcome is in the delivery log.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin[WebhookDelivery]):
    list_display = ("id", "created_at", "event_type", "subscription", "status", "attempts",
                    "response_code", "next_attempt_at", "delivered_at")  # fmt: skip
    list_filter = ("status", "event_type", "subscription")
    list_select_related = ("subscription",)
    actions = ("resend",)
    fields = ("subscription", "event_type", "source_event", "resent_from", "status", "attempts",
              "next_attempt_at", "created_at", "delivered_at", "response_code", "last_error",
              "response_body", "payload_json")  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("payload"))
    def payload_json(self, obj: WebhookDelivery) -> str:
        text = json.dumps(obj.payload, ensure_ascii=False, indent=2, sort_keys=True)
        return format_html("<pre>{}</pre>", text)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_resend_permission(self, request: HttpRequest) -> bool:
        # The log is read-only; sending again is what its change permission grants.
        return request.user.has_perm("webhooks.change_webhookdelivery")

    @admin.action(description=_("Resend"), permissions=["resend"])
    def resend(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        count = 0
        for delivery in queryset.select_related("subscription"):
            do_resend_delivery(delivery)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued again as a new delivery.",
                "%(count)d deliveries queued again as new deliveries.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
