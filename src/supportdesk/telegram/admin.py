from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from supportdesk.telegram.models import BotMessage, Dialogue, TelegramUpdate


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
