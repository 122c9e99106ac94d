from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from supportdesk.mail.actions.connection_check import check_mailbox_connection
from supportdesk.mail.models import InboundEmail, IntakeRecord, Mailbox
from supportdesk.secret_form_fields import KeepsStoredSecretsForm, WriteOnlySecretField


class MailboxForm(KeepsStoredSecretsForm[Mailbox]):
    """Passwords are never shown back; leaving the field empty keeps the stored one."""

    secret_fields = ("imap_password", "smtp_password")
    imap_password = WriteOnlySecretField(
        label=_("IMAP password"), help_text=_("Leave empty to keep the current password.")
    )
    smtp_password = WriteOnlySecretField(
        label=_("SMTP password"), help_text=_("Leave empty to keep the current password.")
    )

    class Meta:
        model = Mailbox
        fields = (
            "name", "address", "is_active", "imap_host", "imap_port", "imap_security",
            "imap_login", "imap_password", "imap_folder", "poll_interval_seconds", "smtp_host",
            "smtp_port", "smtp_security", "smtp_login", "smtp_password",
        )  # fmt: skip


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin[Mailbox]):
    form = MailboxForm
    list_display = ("name", "address", "is_active", "imap_host", "last_polled_at", "last_error")
    list_filter = ("is_active",)
    readonly_fields = ("last_polled_at", "last_error")
    actions = ("test_connection",)
    fieldsets = (
        (None, {"fields": ("name", "address", "is_active")}),
        (_("Incoming mail (IMAP)"), {"fields": (
            "imap_host", "imap_port", "imap_security", "imap_login", "imap_password",
            "imap_folder", "poll_interval_seconds",
        )}),
        (_("Outgoing mail (SMTP)"), {"fields": (
            "smtp_host", "smtp_port", "smtp_security", "smtp_login", "smtp_password",
        )}),
        (_("Status"), {"fields": ("last_polled_at", "last_error")}),
    )  # fmt: skip

    @admin.action(description=_("Test the connection (IMAP login, SMTP login)"))
    def test_connection(self, request: HttpRequest, queryset: QuerySet[Mailbox]) -> None:
        for mailbox in queryset:
            for check in check_mailbox_connection(mailbox):
                self.message_user(
                    request,
                    # The admin capitalises a message's first letter: not the address's.
                    f"{check.protocol}, {mailbox.address}: {check.detail}",
                    messages.SUCCESS if check.ok else messages.ERROR,
                )


@admin.register(IntakeRecord)
class IntakeRecordAdmin(admin.ModelAdmin[IntakeRecord]):
    list_display = ("created_at", "action", "reason", "sender", "subject", "ticket", "mailbox")
    list_filter = ("action", "source", "mailbox")
    search_fields = ("external_id", "sender", "subject", "reason")
    exclude = ("raw",)
    readonly_fields = [f.name for f in IntakeRecord._meta.fields if f.name != "raw"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: IntakeRecord | None = None) -> bool:
        return False


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin[InboundEmail]):
    list_display = ("header_message_id", "from_address", "message", "mailbox")
    search_fields = ("header_message_id", "from_address")
    exclude = ("raw",)
    readonly_fields = ("message", "mailbox", "header_message_id", "references", "from_address",
                       "quoted_text", "full_text", "language")  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
