from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from supportdesk.customers.models import Contact
from supportdesk.tickets.models.ticket import Channel, Ticket


class MessageKind(models.TextChoices):
    PUBLIC = "public", _("Public reply")
    INTERNAL = "internal", _("Internal note")
    SYSTEM = "system", _("System message")


class Message(models.Model):
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="messages", verbose_name=_("ticket")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    author_contact = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("customer author"),
    )
    author_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("agent author"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # The channel's own id (Message-ID, Telegram update id, ...): a redelivery is stored once.
    # NULL (not "") for agent messages, so the unique constraint ignores them.
    external_id = models.CharField(_("external id"), max_length=500, null=True, blank=True)  # noqa: DJ001
    is_automatic = models.BooleanField(_("automatic"), default=False)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("sanitised HTML"), blank=True)
    created_at = models.DateTimeField(_("created"), db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=models.Q(external_id__isnull=False),
                name="message_external_id_unique_per_channel",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} on #{self.ticket_id}"

    @property
    def is_from_customer(self) -> bool:
        return self.author_contact_id is not None


class AttachmentKind(models.TextChoices):
    HAR = "har", _("HAR archive")
    LOG = "log", _("Container log")
    BUNDLE = "bundle", _("Diagnostics bundle")
    IMAGE = "image", _("Image")
    OTHER = "other", _("File")


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class Attachment(models.Model):
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("message")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=500)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    kind = models.CharField(
        _("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.OTHER
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class RejectedInbound(models.Model):
    """An inbound event that could not become a message: kept so nothing is lost."""

    channel = models.CharField(_("channel"), max_length=50)
    external_id = models.CharField(_("external id"), max_length=500, blank=True)
    reason = models.CharField(_("reason"), max_length=100)
    detail = models.TextField(_("detail"), blank=True)
    payload = models.JSONField(_("payload"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("rejected inbound message")
        verbose_name_plural = _("rejected inbound messages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.channel}: {self.reason}"
