"""The chat channel's own rows: the host applications that embed the widget, each chat ticket's
conversation state, what the widget is told (in order, so it can resume), refused connections."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from supportdesk.customers.models import Contact
from supportdesk.secrets_at_rest import EncryptedTextField
from supportdesk.tickets.models import Message, Ticket

# The host /chat/demo/ signs for (made by the demo data).
DEMO_HOST_KEY = "demo"


def new_host_key() -> str:
    return secrets.token_urlsafe(12)


class ChatHost(models.Model):
    """A host application (the cloud edition) that embeds the widget and signs its users."""

    name = models.CharField(_("name"), max_length=200)
    # Public: the widget's `data-host`; the secrets are what proves an identity.
    key = models.CharField(_("key"), max_length=40, unique=True, default=new_host_key)
    allowed_origins = models.TextField(
        _("allowed origins"),
        help_text=_(
            "One per line, as the browser sends them: https://app.example.com (scheme, host and "
            "port if not the default). Pages of other origins cannot open the chat."
        ),
    )
    secret = EncryptedTextField(_("signing secret"))
    previous_secret = EncryptedTextField(
        _("previous signing secret"),
        blank=True,
        help_text=_("Still accepted while the host application moves to the new secret."),
    )
    email_continuity = models.BooleanField(
        _("continue by email"),
        default=True,
        help_text=_(
            "When the customer has the chat closed, an agent's reply is also sent by email, "
            "and their answer by email continues the conversation."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("chat host")
        verbose_name_plural = _("chat hosts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def origins(self) -> list[str]:
        return [line.strip().rstrip("/") for line in self.allowed_origins.splitlines() if line]

    def active_secrets(self) -> list[str]:
        return [s for s in (self.secret, self.previous_secret) if s]


class ChatConversation(models.Model):
    """A chat ticket's state the widget shows: which host it came through (for continuity)
    and up to which customer message an agent has read it."""

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, related_name="chat", verbose_name=_("ticket")
    )
    host = models.ForeignKey(
        ChatHost,
        on_delete=models.SET_NULL,
        null=True,
        related_name="conversations",
        verbose_name=_("host"),
    )
    agent_read_up_to = models.BigIntegerField(_("read by an agent up to message"), default=0)

    class Meta:
        verbose_name = _("chat conversation")
        verbose_name_plural = _("chat conversations")

    def __str__(self) -> str:
        return f"#{self.ticket_id}"


class UpdateKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    STATUS = "status", _("Status")
    READ = "read", _("Read by an agent")


class ChatUpdate(models.Model):
    """Something the widget must show, numbered: a reconnecting widget asks for everything after
    the last number it saw and gets exactly what it missed. Written in the transaction of the
    change it reports, so a committed change always has its update."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="+", verbose_name=_("contact")
    )
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="+", verbose_name=_("ticket")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UpdateKind.choices)
    message = models.ForeignKey(
        Message,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("message"),
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("chat update")
        verbose_name_plural = _("chat updates")
        indexes = [models.Index(fields=["contact", "id"], name="chatupdate_contact_id")]

    def __str__(self) -> str:
        return f"{self.pk} {self.kind} #{self.ticket_id}"


class RefusalReason(models.TextChoices):
    MISSING = "missing", _("No identity")
    MALFORMED = "malformed", _("Malformed identity")
    FORGED = "forged", _("Signature does not match")
    NOT_YET_VALID = "not_yet_valid", _("Identity not valid yet")
    EXPIRED = "expired", _("Identity expired")
    TOO_LONG = "too_long", _("Identity valid for too long")
    CLAIMS = "claims", _("Invalid identity fields")
    UNKNOWN_HOST = "unknown_host", _("Unknown or inactive host")
    ORIGIN = "origin", _("Page origin not allowed")
    ENTERPRISE = "enterprise", _("Enterprise organisation")


class RefusedConnection(models.Model):
    """A widget the desk refused, with why: what an administrator looks at when a host's
    integration does not work (nothing of the refused identity is stored beyond this)."""

    host = models.ForeignKey(
        ChatHost,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="refusals",
        verbose_name=_("host"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=RefusalReason.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    origin = models.CharField(_("origin"), max_length=300, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("refused chat connection")
        verbose_name_plural = _("refused chat connections")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.at:%Y-%m-%d %H:%M})"
