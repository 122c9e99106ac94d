from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from supportdesk.chat.models import ChatHost, RefusedConnection
from supportdesk.secret_form_fields import KeepsStoredSecretsForm, WriteOnlySecretField


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class ChatHostForm(KeepsStoredSecretsForm[ChatHost]):
    secret_fields = ("secret",)
    secret = WriteOnlySecretField(
        label=_("Signing secret"),
        help_text=_(
            "Stored encrypted and never shown again. Leave empty: a new host gets a generated "
            "secret (shown once after saving), an existing one keeps its secret."
        ),
    )

    class Meta:
        model = ChatHost
        fields = ["name", "allowed_origins", "secret", "email_continuity", "is_active"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.generated_secret = not cleaned.get("secret")
        if self.generated_secret:  # a new host left empty: the model must not see a blank
            cleaned["secret"] = new_secret()
        return cleaned

    def clean_allowed_origins(self) -> str:
        origins = []
        for line in str(self.cleaned_data["allowed_origins"]).splitlines():
            origin = line.strip().rstrip("/")
            if not origin:
                continue
            parts = urlsplit(origin)
            if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path:
                raise forms.ValidationError(
                    _("%(origin)s is not an origin like https://app.example.com."),
                    params={"origin": origin},
                )
            origins.append(origin)
        if not origins:
            raise forms.ValidationError(_("List at least one origin."))
        return "\n".join(origins)


@admin.register(ChatHost)
class ChatHostAdmin(admin.ModelAdmin[ChatHost]):
    form = ChatHostForm
    list_display = ["name", "key", "is_active", "email_continuity", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: ChatHost | None = None) -> list[str]:
        # A new host's key is made when it is saved (its default would change on each visit).
        return ["key", "has_previous_secret"] if obj is not None else []

    actions = ["rotate_secret", "drop_previous_secret"]

    @admin.display(description=_("previous secret still accepted"), boolean=True)
    def has_previous_secret(self, obj: ChatHost) -> bool:
        return bool(obj.previous_secret)

    def save_model(self, request: HttpRequest, obj: ChatHost, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if getattr(form, "generated_secret", False):
            self._show_once(request, obj)

    @admin.action(description=_("Rotate the signing secret (the old one is still accepted)"))
    def rotate_secret(self, request: HttpRequest, queryset: QuerySet[ChatHost]) -> None:
        for host in queryset:
            host.previous_secret = host.secret
            host.secret = new_secret()
            host.save(update_fields=["secret", "previous_secret"])
            self._show_once(request, host)

    @admin.action(description=_("Stop accepting the previous signing secret"))
    def drop_previous_secret(self, request: HttpRequest, queryset: QuerySet[ChatHost]) -> None:
        updated = queryset.exclude(previous_secret="").update(previous_secret="")
        self.message_user(
            request, gettext("Previous secrets dropped: %(n)d.") % {"n": updated}, messages.SUCCESS
        )

    def _show_once(self, request: HttpRequest, host: ChatHost) -> None:
        self.message_user(
            request,
            gettext(
                "The signing secret of %(host)s is %(secret)s — copy it to the host application's "
                "server now: it is not shown again."
            )
            % {"host": host.name, "secret": host.secret},
            messages.WARNING,
        )


@admin.register(RefusedConnection)
class RefusedConnectionAdmin(admin.ModelAdmin[RefusedConnection]):
    list_display = ["at", "reason", "host", "origin", "address", "detail"]
    list_filter = ["reason", "host"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: RefusedConnection | None = None
    ) -> bool:
        return False
