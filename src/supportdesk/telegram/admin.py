import re
import secrets
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from supportdesk.secret_form_fields import KeepsStoredSecretsForm, WriteOnlySecretField
from supportdesk.telegram.actions.bot_connection import (
    BotCheck,
    check_bot_connection,
    do_register_webhook,
)
from supportdesk.telegram.actions.bot_settings import do_ensure_bot_settings
from supportdesk.telegram.bot_config import WEBHOOK_SECRET, bot_config, environment_bot_config
from supportdesk.telegram.models import BotMessage, BotMode, BotSettings, Dialogue, TelegramUpdate

# What @BotFather hands out: the bot's id, a colon, then the secret part.
_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")


class BotSettingsForm(KeepsStoredSecretsForm[BotSettings]):
    secret_fields = ("token", "webhook_secret")
    token = WriteOnlySecretField(
        label=_("bot token"),
        help_text=_("Stored encrypted and never shown again; leave empty to keep the current one."),
    )
    forget_token = forms.BooleanField(
        label=_("Remove the stored token"),
        required=False,
        help_text=_("The bot stops until a new token is entered."),
    )
    webhook_secret = WriteOnlySecretField(
        label=_("webhook secret"),
        help_text=_(
            "1 to 256 characters: Latin letters, digits, _ and -. Stored encrypted and never "
            "shown again; leave empty to keep the current one (in webhook mode one is made up "
            "if there is none)."
        ),
    )

    class Meta:
        model = BotSettings
        fields = ("token", "mode", "webhook_url", "webhook_secret")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("forget_token"):
            cleaned["token"] = ""
        token = cleaned.get("token") or ""
        if token and not _TOKEN_SHAPE.fullmatch(token):
            self.add_error(
                "token",
                _("A bot token looks like 123456789:AAE…: digits, a colon, then Latin letters, "
                  "digits, _ and -."),
            )  # fmt: skip
        if cleaned.get("mode") == BotMode.WEBHOOK:
            if not (cleaned.get("webhook_url") or "").startswith("https://"):
                self.add_error("webhook_url", _("Telegram calls only https:// addresses."))
            secret = cleaned.get("webhook_secret") or ""
            if not secret:
                cleaned["webhook_secret"] = secrets.token_urlsafe(32)
            elif not WEBHOOK_SECRET.fullmatch(secret):
                self.add_error(
                    "webhook_secret",
                    _("Only Latin letters, digits, _ and -, at most 256 characters."),
                )
        return cleaned


@admin.register(BotSettings)
class BotSettingsAdmin(admin.ModelAdmin[BotSettings]):
    """One row, no list: TELEGRAM_BOT_TOKEN in the environment makes the page read-only."""

    form = BotSettingsForm
    change_form_template = "admin/telegram/botsettings/change_form.html"
    readonly_fields = ("token_stored", "webhook_secret_stored", "updated_at")

    def get_fields(self, request: HttpRequest, obj: BotSettings | None = None) -> tuple[str, ...]:
        if environment_bot_config().source is not None:
            # Read-only: the secrets as yes/no, never as themselves.
            return ("token_stored", "mode", "webhook_url", "webhook_secret_stored", "updated_at")
        return ("token", "token_stored", "forget_token", "mode", "webhook_url", "webhook_secret",
                "webhook_secret_stored", "updated_at")  # fmt: skip

    @admin.display(description=_("token stored"), boolean=True)
    def token_stored(self, obj: BotSettings) -> bool:
        return bool(obj.token)

    @admin.display(description=_("webhook secret stored"), boolean=True)
    def webhook_secret_stored(self, obj: BotSettings) -> bool:
        return bool(obj.webhook_secret)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: BotSettings | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: BotSettings | None = None) -> bool:
        # The environment wins, so what is saved here would not be used.
        return environment_bot_config().source is None and super().has_change_permission(
            request, obj
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return redirect(_change_url(do_ensure_bot_settings()))

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        config = bot_config()
        context = {
            "environment_wins": config.source == "environment",
            "webhook_mode": config.source is not None and config.mode == BotMode.WEBHOOK,
            "bot_in_effect": {
                "environment": _("the environment variables"),
                "admin": _("this page"),
                None: _("nowhere: no token is set, so there is no bot"),
            }[config.source],
        }
        return super().change_view(request, object_id, form_url, context | (extra_context or {}))

    def get_urls(self) -> list[URLPattern]:
        def view(method: Any) -> Any:
            return self.admin_site.admin_view(require_POST(method))

        return [
            path("check/", view(self.check_view), name="telegram_botsettings_check"),
            path("webhook/", view(self.webhook_view), name="telegram_botsettings_webhook"),
            *super().get_urls(),
        ]

    def check_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return self._report(request, check_bot_connection(bot_config()))

    def webhook_view(self, request: HttpRequest) -> HttpResponse:
        # Not `has_change_permission`: registering the environment's webhook stores nothing here.
        if not super().has_change_permission(request):
            raise PermissionDenied
        return self._report(request, do_register_webhook(bot_config()))

    def _report(self, request: HttpRequest, result: BotCheck) -> HttpResponseRedirect:
        self.message_user(request, result.detail, messages.SUCCESS if result.ok else messages.ERROR)
        return HttpResponseRedirect(_change_url(do_ensure_bot_settings()))


def _change_url(row: BotSettings) -> str:
    return reverse("admin:telegram_botsettings_change", args=[row.pk])


class ReadOnlyAdmin[M: TelegramUpdate | Dialogue | BotMessage](admin.ModelAdmin[M]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False


@admin.register(TelegramUpdate)
class TelegramUpdateAdmin(ReadOnlyAdmin[TelegramUpdate]):
    list_display = ("update_id", "kind", "chat_id", "state", "outcome", "received_at")
    list_filter = ("state", "kind")
    search_fields = ("=update_id", "=chat_id", "outcome")
    actions = ["process_again"]

    @admin.action(description=_("Process the failed updates again"))
    def process_again(self, request: HttpRequest, queryset: QuerySet[TelegramUpdate]) -> None:
        from supportdesk.telegram.actions.updates import do_retry_failed_updates

        count = do_retry_failed_updates(queryset.values_list("pk", flat=True))
        self.message_user(request, _("%(count)d updates queued again.") % {"count": count},
                          messages.SUCCESS)  # fmt: skip


@admin.register(Dialogue)
class DialogueAdmin(ReadOnlyAdmin[Dialogue]):
    list_display = (
        "telegram_user_id",
        "contact",
        "language",
        "state",
        "active_ticket",
        "updated_at",
    )
    list_filter = ("state", "language")
    search_fields = ("=telegram_user_id", "contact__email")
    exclude = ("draft",)


@admin.register(BotMessage)
class BotMessageAdmin(ReadOnlyAdmin[BotMessage]):
    list_display = ("id", "chat_id", "kind", "status", "attempts", "ticket", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("=chat_id",)
